"""Show a refused save in words: who saved since, and their text beside the officer's.

The page pairs the paragraphs that differ (the saved text on the left, the officer's on
the right); nothing is merged. Saving over the colleague is a separate button that names
them and carries the token of their version.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from policykit import api
from policykit.errors import PolicykitError


@dataclass(frozen=True)
class Difference:
    """One place where the texts differ: the saved paragraphs and the officer's."""

    theirs: str
    mine: str


def paragraphs(text: str) -> list[str]:
    """Return the blocks of a text (separated by blank lines), each stripped."""
    return [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")
            if block.strip()]


def differences(theirs: str, mine: str) -> list[Difference]:
    """Return the paragraphs that differ between the saved text and the officer's."""
    old, new = paragraphs(theirs), paragraphs(mine)
    found = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            found.append(Difference("\n\n".join(old[a1:a2]), "\n\n".join(new[b1:b2])))
    return found


def who_saved(content_dir: Path, doc_id: str) -> Any | None:
    """Return the last version of the document (who saved it and when), if there is git."""
    try:
        versions = api.document_history(content_dir, doc_id)
    except PolicykitError:
        return None
    return versions[0] if versions else None


def conflict(content_dir: Path, doc_id: str, theirs: str, mine: str, token: str
             ) -> dict[str, Any]:
    """Return what the conflict page shows: who, when, the differences, their token."""
    last = who_saved(content_dir, doc_id)
    return {"by": last.author if last else "someone else",
            "at": last.date if last else None,
            "differences": differences(theirs, mine)[:50], "token": token}


__all__ = ["Difference", "conflict", "differences", "paragraphs"]
