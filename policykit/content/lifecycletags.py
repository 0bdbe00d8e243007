"""Name the annotated tags lifecycle steps make, and read them back (see ``lifecycle``)."""

from __future__ import annotations

import re
from datetime import date

from policykit.content.models import Status


def tag_name(doc_id: str, state: Status | str, on: date, version: str) -> str:
    """Return the annotated tag a step makes, e.g. ``appendix-a/adopted/2019-06-11-v1.0``."""
    slug = str(state).replace(" ", "-")
    return f"{doc_id}/{slug}/{on.isoformat()}-v{version}"


def release_tag(doc_id: str, version: str) -> str:
    """Return the tag of a version's frozen text: ``appendix-a/v1.0``."""
    return f"{doc_id}/v{version}"


def parse_tag(tag: str) -> tuple[str, str, date, str] | None:
    """Return (doc id, state, date, version) of a lifecycle tag, or None for another tag."""
    match = re.fullmatch(r"(?P<doc>[^/]+)/(?P<state>[a-z-]+)/(?P<on>\d{4}-\d\d-\d\d)-v(?P<v>.+)",
                         tag)
    if not match:
        return None
    return (match["doc"], match["state"].replace("-", " "), date.fromisoformat(match["on"]),
            match["v"])


def tag_states(tags: list[str] | tuple[str, ...], doc_id: str | None = None) -> list[str]:
    """Return the states the tags record, e.g. "v1.0 adopted 2019-06-11" (with the document
    id in front when ``doc_id`` is None)."""
    states = []
    for tag in tags:
        parsed = parse_tag(tag)
        if parsed is None or (doc_id is not None and parsed[0] != doc_id):
            continue
        document, state, on, version = parsed
        who = "" if doc_id else f"{document} "
        states.append(f"{who}v{version} {state} {on.isoformat()}")
    return states


__all__ = ["parse_tag", "release_tag", "tag_name", "tag_states"]
