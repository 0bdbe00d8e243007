"""Keep pack.yaml's ``people:`` list: add an officer on their first visit, committed as them."""

from __future__ import annotations

from pathlib import Path

from policykit.content.layout import PACK_FILE
from policykit.content.people import Officer, people_of, with_person
from policykit.errors import StaleEditError
from policykit.versions.edits import SavedEdit, read_source, save_source

PACK_ID = PACK_FILE.removesuffix(".yaml")


def add_person(content_dir: str | Path, person: Officer) -> SavedEdit | None:
    """Add ``person`` to ``people:`` in pack.yaml and commit it as them; None if listed.

    A save of pack.yaml racing this one is read again and the person added to it (twice at
    most), so nobody's edit is lost.
    """
    for attempt in range(3):
        source = read_source(content_dir, PACK_ID)
        text = with_person(source.text, source.source, person)
        if text == source.text:
            return None
        try:
            return save_source(content_dir, PACK_ID, text, token=source.token,
                               author=person.name, email=person.email,
                               message=f"Add {person.name} to the people of the pack")
        except StaleEditError:
            if attempt == 2:
                raise
    return None


def people(content_dir: str | Path) -> list[Officer]:
    """Return the people of the pack (``people:`` in pack.yaml)."""
    source = read_source(content_dir, PACK_ID)
    return people_of(source.text, source.source)


__all__ = ["add_person", "people"]
