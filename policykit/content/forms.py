"""Describe the settings forms (pack, a policy's front matter) and write them into YAML.

Each ``FormField`` says what an officer sees (label, hint, kind: text, date, choice) and
where the value lives (a path of keys). ``field_values`` reads the current values as text;
``with_field_values`` returns the file's text with the changed fields set, everything else
(comments, order, layout, the Markdown body) kept byte for byte.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policykit.content.frontmatter import edit_fields_text, front_matter_of, set_field
from policykit.content.yaml import parse_yaml, yaml_scalar
from policykit.errors import ContentError

CLASSIFICATIONS = ("OFFICIAL", "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE COMMERCIAL",
                   "OFFICIAL-SENSITIVE LOCSEN", "OFFICIAL-SENSITIVE PERSONAL", "SECRET",
                   "TOP SECRET")


@dataclass(frozen=True)
class FormField:
    """One field of a settings form: where it lives, its label, hint and kind."""

    path: tuple[str, ...]
    label: str
    hint: str = ""
    kind: str = "text"  # text, date, email or choice
    choices: tuple[str, ...] = ()
    required: bool = True

    @property
    def name(self) -> str:
        """Return the form field's name (the path joined with dots)."""
        return ".".join(self.path)


PACK_FIELDS = (
    FormField(("council",), "Council", "As on the cover, e.g. Chiltern District Council"),
    FormField(("committee",), "Committee", "e.g. Cabinet"),
    FormField(("meeting_date",), "Meeting date", kind="date"),
    FormField(("classification",), "Classification",
              "The security classification printed on every page", "choice",
              CLASSIFICATIONS),
    FormField(("language",), "Language", "e.g. en-GB for British English",
              required=False),
)
POLICY_FIELDS = (
    FormField(("title",), "Title", "e.g. Social Media Policy for Members"),
    FormField(("subtitle",), "Subtitle", "Printed under the title", required=False),
    FormField(("owner",), "Owner", "The team that owns the policy, e.g. Democratic Services"),
    FormField(("version",), "Version", "e.g. 1.0"),
    FormField(("classification",), "Classification",
              "Leave as it is to use the pack's", "choice", ("", *CLASSIFICATIONS),
              required=False),
    FormField(("review", "owner"), "Reviewed by", "Who reviews it, e.g. Democratic Services",
              required=False),
    FormField(("review", "email"), "Reviewer's email", "Where the reminder goes",
              "email", required=False),
    FormField(("review", "interval"), "Review every", "e.g. 1 year, 6 months",
              required=False),
)


def _yaml_of(text: str, source: str) -> Any:
    if source.endswith(".md"):
        front = front_matter_of(text)
        return parse_yaml(front, source, 1) if front is not None else {}
    return parse_yaml(text, source)


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def field_values(text: str, source: str, fields: tuple[FormField, ...]) -> dict[str, str]:
    """Return each field's current value as the form shows it (empty when absent)."""
    data = _yaml_of(text, source)
    return {f.name: "" if (value := _get(data, f.path)) is None else str(value)
            for f in fields}


def with_field_values(text: str, source: str, fields: tuple[FormField, ...],
                      values: Mapping[str, str]) -> str:
    """Return ``text`` with each changed field set (an emptied optional field removed)."""
    current = field_values(text, source, fields)
    for f in fields:
        if f.name not in values:
            continue
        value = " ".join(values[f.name].split())
        if value == current[f.name]:
            continue
        if not value and f.required:
            raise ContentError(f"{f.name}: {f.label.lower()} is required; fill it in",
                               file=source)
        if f.choices and value not in f.choices:
            raise ContentError(f"{f.name}: {value!r} is not one of the choices", file=source)
        if len(f.path) > 1 and not isinstance(_get(_yaml_of(text, source), f.path[:-1]), dict):
            if not value:
                continue
            raise ContentError(f"{f.name}: add the whole {f.path[0]} section first (it is "
                               "missing); use 'Edit as text'", file=source)
        scalar = yaml_scalar(value) if value else None
        if f.kind == "date" and value:
            scalar = value

        def edit(yaml_text: str, path: tuple[str, ...] = f.path,
                 new: str | None = scalar) -> str:
            return set_field(yaml_text, source, list(path), new)

        text = edit_fields_text(text, source, edit)
    return text


__all__ = ["CLASSIFICATIONS", "PACK_FIELDS", "POLICY_FIELDS", "FormField", "field_values",
           "with_field_values"]
