"""Describe the committee report's form (header fields, wards, lists) and write it into YAML.

``REPORT_FIELDS`` says what an officer sees (label, hint, kind: text, email, choice, or a
list: one box per ward, recommendation or background paper). ``report_form`` reads the
values; ``with_report_values`` writes the ones that changed, keeping comments, order and
layout byte for byte (``forms.with_field_values`` for single values, ``set_report_fields``
for lists). Wards are stored as text (``wards_affected: Amersham, Chesham``) and shown as
a list; a list that reads as the text already does leaves it as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from policykit.content.forms import CLASSIFICATIONS, FormField, field_values, with_field_values
from policykit.content.frontmatter import set_field
from policykit.content.yaml import parse_yaml, yaml_scalar
from policykit.errors import ContentError, InputError

REPORT_FIELDS = (
    FormField(("title",), "Title", "As on the agenda, e.g. Social Media Policy for Members"),
    FormField(("subject",), "Subject", "What the report is about, printed in its header"),
    FormField(("report_of",), "Report of", "Who presents it, e.g. Councillor Nick Naylor"),
    FormField(("responsible_officer",), "Responsible officer",
              "Name and job title, e.g. Bob Smith, Chief Executive"),
    FormField(("author", "name"), "Contact officer", "Whom readers ask about the report"),
    FormField(("author", "email"), "Contact officer’s email", kind="email"),
    FormField(("author", "phone"), "Contact officer’s phone", "e.g. 01494 586505",
              required=False),
    FormField(("wards_affected",), "Wards affected",
              "One ward in each box, or All if it affects every ward", "list"),
    FormField(("classification",), "Classification", "Leave as it is to use the pack’s",
              "choice", ("", *CLASSIFICATIONS), required=False),
    FormField(("recommendations",), "Recommendations",
              "One in each box, as the committee will vote on it; name an appendix as "
              "Appendix A", "list", required=False),
    FormField(("background_papers",), "Background papers",
              "One in each box; leave them all empty if there are none", "list",
              required=False),
)
SINGLE = tuple(f for f in REPORT_FIELDS if f.kind != "list")
WARDS = "wards_affected"
_WARD_SEPARATORS = re.compile(r"\s*[,;\n]\s*")


def wards(text: str) -> list[str]:
    """Return the wards a ``wards_affected`` text names ("Amersham, Chesham" -> two)."""
    return [ward for ward in _WARD_SEPARATORS.split(text.strip()) if ward]


def report_form(text: str, source: str) -> dict[str, str | list[str]]:
    """Return each report form field's value: single fields as text, lists as lists."""
    values: dict[str, str | list[str]] = dict(field_values(text, source, SINGLE))
    lists = report_fields(text, source)
    values[WARDS] = wards(str(lists[WARDS]))
    for key in REPORT_LIST_FIELDS:
        values[key] = lists[key]
    return values


def with_report_values(text: str, source: str,
                       values: Mapping[str, str | list[str]]) -> str:
    """Return the report's ``text`` with the form's changed fields set; a required field
    emptied, or no ward, is refused naming the field."""
    current = report_form(text, source)
    single = {f.name: str(values[f.name]) for f in SINGLE if f.name in values}
    text = with_field_values(text, source, SINGLE, single)
    if WARDS in values:
        given = [" ".join(ward.split()) for ward in _as_list(values[WARDS]) if ward.strip()]
        if not given:
            raise ContentError("give at least one ward, or All if it affects every ward",
                               file=source, field=WARDS)
        if given != current[WARDS]:
            text = set_report_fields(text, source, {WARDS: ", ".join(given)})
    lists = {key: _as_list(values[key]) for key in REPORT_LIST_FIELDS if key in values}
    return set_report_fields(text, source, lists) if lists else text


def _as_list(value: str | list[str]) -> list[str]:
    return value.splitlines() if isinstance(value, str) else list(value)


REPORT_TEXT_FIELDS = ("title", "subject", "report_of", "responsible_officer", "wards_affected")
REPORT_LIST_FIELDS = ("recommendations", "background_papers")


def _inside(line: str) -> bool:
    return line[:1] in (" ", "\t", "-")


def _field_end(lines: list[str], start: int) -> int:
    """Return the line after a top-level field's value (indented lines and '-' items)."""
    end = start + 1
    while end < len(lines) and (_inside(lines[end]) or (
            not lines[end].strip() and end + 1 < len(lines) and _inside(lines[end + 1]))):
        end += 1
    return end


def _field_lines(key: str, value: str | list[str], newline: str, tail: str) -> list[str]:
    if isinstance(value, str):
        return [f"{key}: {yaml_scalar(value)}{tail}{newline}"]
    if not value:
        return [f"{key}: []{tail}{newline}"]
    return [f"{key}:{tail}{newline}", *(f"  - {yaml_scalar(item)}{newline}" for item in value)]


def _cleaned(value: str | list[str]) -> str | list[str]:
    if isinstance(value, str):
        return " ".join(value.split())
    return [" ".join(item.split()) for item in value if item.strip()]


def set_report_fields(text: str, source: str, values: Mapping[str, str | list[str]]) -> str:
    """Return report YAML ``text`` with top-level fields set, all else kept as typed.

    Text fields take a string, list fields (recommendations, background papers) a list of
    strings. Only the lines of the changed fields are replaced (a comment after the key
    stays); comments, order and layout of everything else are kept byte for byte.
    """
    unknown = sorted(set(values) - set(REPORT_TEXT_FIELDS) - set(REPORT_LIST_FIELDS))
    if unknown:
        raise InputError(f"{unknown[0]}: not a field the form can edit")
    data = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise ContentError("expected a mapping of fields at the top", file=source, line=1)
    newline = "\r\n" if "\r\n" in text else "\n"
    edits = []
    for key, value in values.items():
        cleaned = _cleaned(value)
        current = data.get(key)
        if (_items(current) if isinstance(current, list) else str(current or "")) == cleaned:
            continue
        if isinstance(cleaned, str):
            text = set_field(text, source, [key], yaml_scalar(cleaned))
            continue
        edits.append((key, cleaned))
    for key, cleaned in edits:
        data = parse_yaml(text, source)
        lines = text.splitlines(keepends=True)
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += newline
        if key not in data:
            lines.extend(_field_lines(key, cleaned, newline, ""))
        else:
            start = data.lc.key(key)[0]
            comment = re.search(r"[ \t]+#[^\"']*$", lines[start].rstrip("\r\n"))
            lines[start:_field_end(lines, start)] = _field_lines(
                key, cleaned, newline, comment.group(0) if comment else "")
        text = "".join(lines)
    return text


def report_fields(text: str, source: str) -> dict[str, str | list[str]]:
    """Return the report's top-level fields that the workspace form edits."""
    data = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise ContentError("expected a mapping of fields at the top", file=source, line=1)
    fields: dict[str, str | list[str]] = {key: str(data.get(key) or "")
                                          for key in REPORT_TEXT_FIELDS}
    for key in REPORT_LIST_FIELDS:
        items = data.get(key) or []
        fields[key] = _items(items if isinstance(items, list) else [items])
    return fields


def _items(items: list[Any]) -> list[str]:
    """Return a list's items as the form shows them (a recommendation's ``text``)."""
    return [str(item) if not isinstance(item, dict) else str(item.get("text", ""))
            for item in items]


def report_form_fields(values: Mapping[str, str]) -> dict[str, str | list[str]]:
    """Return the report fields a form posted: text fields as they are, lists one a line."""
    fields: dict[str, str | list[str]] = {
        key: values[key] for key in REPORT_TEXT_FIELDS if key in values}
    fields.update({key: values[key].splitlines() for key in REPORT_LIST_FIELDS
                   if key in values})
    return fields


__all__ = ["REPORT_FIELDS", "REPORT_LIST_FIELDS", "REPORT_TEXT_FIELDS", "report_fields",
           "report_form", "report_form_fields", "set_report_fields", "wards",
           "with_report_values"]
