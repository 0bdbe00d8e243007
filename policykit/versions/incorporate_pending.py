"""Remember the conflicts ``incorporate --apply`` left, so ``--resolve`` can take a side later.

After an ``--apply`` that leaves conflicts, each conflict (its number, where it is, and every
side's edits with the words around them) is kept in ``.git/policykit-incorporate/<doc>.json``
(state of the working copy, not content: it is never committed). ``policykit incorporate
--resolve N=NAME`` without copies reads it, places the chosen side's edits in the content as
it stands now, commits them authored by that reviewer, and forgets the conflict.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path

from policykit.errors import InputError
from policykit.versions.incorporate_edits import Edit
from policykit.versions.incorporate_merge import Conflict, apply, rebase
from policykit.versions.repository import ContentRepository
from policykit.word.package import write_atomic

FOLDER = "policykit-incorporate"


def _file(repository: ContentRepository, doc_id: str) -> Path:
    return repository.git_dir / FOLDER / f"{doc_id}.json"


def save_pending(repository: ContentRepository, doc_id: str, path: str, text: str,
                 found: list[Conflict], resolved: set[int]) -> None:
    """Keep the conflicts of ``doc_id`` not yet resolved (none: forget the file); ``text`` is
    the content file the edits were placed in."""
    target = _file(repository, doc_id)
    open_ones = [c for c in found if c.number not in resolved]
    if not open_ones:
        target.unlink(missing_ok=True)
        return
    data = {"document": doc_id, "file": path, "text": text, "conflicts": [
        {"number": c.number, "line": c.line, "where": c.where, "old": c.old,
         "sides": [asdict(edit) for edit in c.sides]} for c in open_ones]}
    write_atomic(target, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))


def load_pending(repository: ContentRepository, doc_id: str | None) -> dict:
    """Return the kept conflicts of ``doc_id`` (or of the one document that has some)."""
    folder = repository.git_dir / FOLDER
    found = sorted(folder.glob("*.json")) if folder.is_dir() else []
    if doc_id is not None:
        found = [f for f in found if f.stem == doc_id]
    if not found:
        raise InputError("there are no conflicts waiting to be resolved"
                         + (f" for {doc_id}" if doc_id else "")
                         + "; give the returned copies (FILE.docx...) to incorporate them")
    if len(found) > 1:
        names = ", ".join(f.stem for f in found)
        raise InputError(f"conflicts wait in several documents ({names}); say which with --doc")
    return json.loads(found[0].read_text(encoding="utf-8"))


def chosen_edits(pending: dict, resolve: Mapping[int, str], current: str
                 ) -> tuple[dict[int, str], list[Edit], list[Edit]]:
    """Return {number: reviewer} taken, the edits to make now, and those that no longer fit."""
    taken: dict[int, str] = {}
    edits: list[Edit] = []
    lost: list[Edit] = []
    for conflict in pending["conflicts"]:
        wanted = resolve.get(conflict["number"])
        if wanted is None:
            continue
        sides = [Edit(**side) for side in conflict["sides"]]
        names = {e.reviewer for e in sides}
        name = next((n for n in names if n.lower() == wanted.lower()), None)
        if name is None:
            raise InputError(f"conflict {conflict['number']} is between "
                             f"{' and '.join(sorted(names))}; --resolve "
                             f"{conflict['number']}=NAME takes one of them, not {wanted!r}")
        taken[conflict["number"]] = name
        placed = rebase([e for e in sides if e.reviewer == name], pending["text"], current)
        edits += placed.edits
        lost += placed.lost
    unknown = set(resolve) - {c["number"] for c in pending["conflicts"]}
    if unknown:
        raise InputError(f"no conflict {min(unknown)} is waiting; the waiting ones are "
                         + ", ".join(str(c["number"]) for c in pending["conflicts"]))
    return taken, edits, lost


__all__ = ["apply", "chosen_edits", "load_pending", "save_pending"]
