"""Bring reviewers' returned Word copies into the content: the facade of ``incorporate``.

Each function delegates once (``policykit.versions.incorporate_run``, ``.notes``);
``policykit.api`` re-exports them, so callers use ``api.review_changes`` and the rest.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykit.versions.incorporate_run import IncorporateResult
    from policykit.versions.notes import Note


def incorporate_copies(content_dir: str | Path, files: list[str | Path], *,
                       doc: str | None = None, base: str | None = None, by: str | None = None,
                       mode: str = "branches", resolve: Mapping[int, str] | None = None,
                       ) -> IncorporateResult:
    """Bring reviewers' returned Word copies into the content (``policykit incorporate``)."""
    from policykit.versions.incorporate_run import incorporate_files

    return incorporate_files(content_dir, files, doc=doc, base=base, by=by, mode=mode,
                             resolve=resolve)


def review_changes(content_dir: str | Path, copies: list[tuple[str, bytes]], *,
                   doc: str | None = None, base: str | None = None, by: str | None = None,
                   ) -> IncorporateResult:
    """List each reviewer's changes in uploaded copies (name, bytes), the conflicts between
    them and the comments, writing nothing (``result.changes``, ``.conflicts``, ``.note_list``)."""
    from policykit.versions.incorporate_run import incorporate

    return incorporate(content_dir, copies, doc=doc, base=base, by=by, mode="preview")


def apply_review_changes(content_dir: str | Path, copies: list[tuple[str, bytes]], *,
                         resolve: Mapping[int, str] | None = None, reject: Sequence[str] = (),
                         doc: str | None = None, base: str | None = None, by: str | None = None,
                         ) -> IncorporateResult:
    """Commit the reviewers' changes on the current branch, one commit per reviewer: every
    change but those ``reject`` names (change ids), taking ``resolve``'s side of each conflict
    ({number: reviewer}); ``result.open_conflicts`` lists any still to resolve."""
    from policykit.versions.incorporate_run import incorporate

    return incorporate(content_dir, copies, doc=doc, base=base, by=by, mode="apply",
                       resolve=resolve, reject=reject)


def resolve_conflicts(content_dir: str | Path, resolve: Mapping[int, str], *,
                      doc: str | None = None) -> IncorporateResult:
    """Take a side ({number: reviewer}) of conflicts the last ``--apply`` left, without the
    copies; each side taken is committed authored by its reviewer."""
    from policykit.versions.incorporate_run import resolve_waiting

    return resolve_waiting(content_dir, resolve, doc=doc)


def review_notes(content_dir: str | Path, doc_id: str) -> list[Note]:
    """Return the review notes (reviewers' comments) on ``doc_id``."""
    from policykit.versions.notes import load_notes

    return load_notes(content_dir, doc_id)


def resolve_review_note(content_dir: str | Path, doc_id: str, note_id: str) -> Note:
    """Mark a review note resolved and commit the notes file."""
    from policykit.versions.notes import resolve_in_folder

    return resolve_in_folder(content_dir, doc_id, note_id)


__all__ = ["apply_review_changes", "incorporate_copies", "resolve_conflicts",
           "resolve_review_note", "review_changes", "review_notes"]
