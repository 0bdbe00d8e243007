"""Read what git prints: log records, tag lists and porcelain status (pure, no git).

Fields are separated by the ASCII unit separator and records by the record separator, so
no commit message can break the parsing.
"""

from __future__ import annotations

from datetime import datetime

from policykit.versions.trailers import Version, parse_trailers

_FIELD, _RECORD = "\x1f", "\x1e"
LOG_FORMAT = _FIELD.join(("%H", "%aI", "%an", "%ae", "%B")) + _RECORD
"""``git log --format``: one commit per record."""
NAMES_LOG_FORMAT = _RECORD + _FIELD.join(("%H", "%aI", "%an", "%ae", "%B")) + _FIELD
"""``git log --name-only --format``: one commit per record, the file names after it."""
TAG_FORMAT = f"%(refname:strip=2){_FIELD}%(objectname){_FIELD}%(*objectname)"
"""``git for-each-ref --format`` for tags: name, object, and the commit an annotated tag names."""


def parse_log(output: str, tags: dict[str, list[str]]) -> list[Version]:
    """Return the commits of ``git log`` printed with LOG_FORMAT, with their tags."""
    versions = []
    for record in output.split(_RECORD):
        record = record.lstrip("\n")
        if not record:
            continue
        sha, date, author, email, message = record.split(_FIELD, 4)
        versions.append(Version(
            commit=sha,
            date=datetime.fromisoformat(date),
            author=author,
            email=email,
            message=message,
            trailers=parse_trailers(message),
            tags=tuple(tags.get(sha, ())),
        ))
    return versions


def parse_trailer_log(output: str, trailer: str) -> dict[str, Version]:
    """Return {path: newest commit with ``trailer``} from a NAMES_LOG_FORMAT log."""
    found: dict[str, Version] = {}
    for record in output.split(_RECORD)[1:]:
        sha, date, author, email, message, names = record.split(_FIELD, 5)
        trailers = parse_trailers(message)
        if trailer not in trailers:
            continue
        version = Version(sha, datetime.fromisoformat(date), author, email, message, trailers)
        for name in names.split("\n"):
            if name.strip():
                found.setdefault(name.strip(), version)
    return found


def parse_tags(output: str) -> dict[str, list[str]]:
    """Return {commit id: [tag names]} from ``git for-each-ref`` printed with TAG_FORMAT."""
    found: dict[str, list[str]] = {}
    for line in output.splitlines():
        name, target, peeled = line.split(_FIELD)
        found.setdefault(peeled or target, []).append(name)
    return found


def parse_status(output: str) -> list[str]:
    """Return the changed paths of ``git status --porcelain=v1 -z`` (renames: both names)."""
    entries = output.split("\0")
    changed: list[str] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        changed.append(entry[3:])
        if entry[0] in "RC":  # a rename or copy is followed by its old name
            changed.append(entries[index])
            index += 1
    return changed


__all__ = [
    "LOG_FORMAT",
    "NAMES_LOG_FORMAT",
    "TAG_FORMAT",
    "parse_log",
    "parse_status",
    "parse_tags",
    "parse_trailer_log",
]
