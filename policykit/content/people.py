"""Read who is working (a name, an email) and keep the pack's ``people:`` list in pack.yaml.

Pure text in, text out: ``person_from(name, email)`` reads what an officer typed (also
``Jane Smith <jane@council.gov.uk>`` in the name box); ``with_person(text, source, person)``
returns pack.yaml with the person added to (or updated in) ``people:``, every other line,
comment and blank kept byte for byte.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from policykit.content.values import Email, NonEmpty
from policykit.content.yaml import parse_yaml, yaml_scalar
from policykit.errors import ContentError, InputError

MAX_NAME = 200
_NAME_AND_EMAIL = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<\s*(?P<email>[^<>\s]+)\s*>\s*$")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


class Officer(BaseModel):
    """Someone who works on the pack (``people:`` in pack.yaml): name, email, team, role."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    name: NonEmpty
    email: Email
    team: str | None = None
    role: str | None = None


def person_from(name: str, email: str = "", *, team: str = "", role: str = "") -> Officer:
    """Return the person an officer typed; ``Name <email>`` in the name box is read too."""
    name = " ".join(name.split())
    found = _NAME_AND_EMAIL.match(name)
    if found:
        name, email = found.group("name"), email.strip() or found.group("email")
    email = email.strip()
    if not name:
        raise InputError("your name: type your name, e.g. Jane Smith")
    if len(name) > MAX_NAME or any(c in name for c in "<>\"") or not name.isprintable():
        raise InputError(f"your name: {name[:60]!r} is not a name; type your name as people "
                         "know it, e.g. Jane Smith")
    if not _EMAIL.match(email):
        raise InputError(f"your email: {email!r} is not an email address; type your work "
                         "email, e.g. jane.smith@council.gov.uk")
    return Officer(name=name, email=email, team=" ".join(team.split()) or None,
                  role=" ".join(role.split()) or None)


def _entry(person: Officer, newline: str) -> list[str]:
    lines = [f"  - name: {yaml_scalar(person.name)}", f"    email: {yaml_scalar(person.email)}"]
    lines += [f"    {key}: {yaml_scalar(value)}" for key, value in
              (("team", person.team), ("role", person.role)) if value]
    return [line + newline for line in lines]


def with_person(text: str, source: str, person: Officer) -> str:
    """Return pack.yaml ``text`` with ``person`` in its ``people:`` list.

    Someone already listed (same email) is updated only where a team or role is newly
    given; otherwise the text comes back unchanged. Everything else is kept as typed.
    """
    data = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise ContentError("expected a mapping of fields at the top", file=source, line=1)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += newline
    people = data.get("people") or []
    if not isinstance(people, list):
        raise ContentError("people: expected a list of people (name, email, team, role)",
                           file=source, line=data.lc.key("people")[0] + 1)
    for index, known in enumerate(people):
        if isinstance(known, dict) and str(known.get("email", "")).lower() == \
                person.email.lower():
            merged = Officer(name=str(known.get("name") or person.name), email=person.email,
                            team=person.team or known.get("team"),
                            role=person.role or known.get("role"))
            if (merged.team, merged.role) == (known.get("team"), known.get("role")):
                return text
            start = people.lc.item(index)[0]
            end = people.lc.item(index + 1)[0] if index + 1 < len(people) else \
                _block_end(lines, start)
            lines[start:end] = _entry(merged, newline)
            return "".join(lines)
    if "people" not in data:
        return "".join([*lines, newline, f"# Who works on this pack (the workspace adds "
                        f"each person on their first visit).{newline}", f"people:{newline}",
                        *_entry(person, newline)])
    key_line = data.lc.key("people")[0]
    at = _block_end(lines, people.lc.item(len(people) - 1)[0]) if people else key_line + 1
    if not people:
        lines[key_line] = "people:" + newline
    lines[at:at] = _entry(person, newline)
    return "".join(lines)


def people_of(text: str, source: str) -> list[Officer]:
    """Return the people listed in pack.yaml ``text`` (entries that do not read are skipped)."""
    data = parse_yaml(text, source)
    found = []
    for entry in (data.get("people") or []) if isinstance(data, dict) else []:
        if isinstance(entry, dict):
            try:
                found.append(person_from(str(entry.get("name") or ""),
                                         str(entry.get("email") or ""),
                                         team=str(entry.get("team") or ""),
                                         role=str(entry.get("role") or "")))
            except InputError:
                continue
    return found


def _block_end(lines: list[str], start: int) -> int:
    """Return the index after the list item starting at ``start`` (its indented lines)."""
    end = start + 1
    while end < len(lines) and lines[end].startswith("    ") and lines[end].strip():
        end += 1
    return end


__all__ = ["Officer", "people_of", "person_from", "with_person"]
