"""Mark a version built as it stood at a revision superseded, when the repository now knows it is.

``build --at appendix-a/v1.0`` (or ``appendix-a/adopted/2019-06-11-v1.0``) reads the front
matter as it was then: for decision, or adopted and in force. If that version has been
superseded since (its next version adopted, or the document replaced by another: a
``DOC/superseded/DATE-vV`` tag made later), a build of it today must say so on every page,
naming its successor, rather than present an old policy as the one in force or still to be
decided. A draft at that revision is not the version superseded, and is left as it was.
The successor is read from the commit the supersession tag points at: the superseded
document's own ``superseded_by`` there (replaced by another document), else the document's
version there (replaced by its own next version).

``publish --at`` does not use this: it reproduces a publication as it was published.
"""

from __future__ import annotations

from datetime import date

from policykit.content import ContentSet, Document, parse
from policykit.content.lifecycle import parse_tag
from policykit.content.models import Status, Successor
from policykit.errors import ContentError, HistoryError
from policykit.versions.history import document_paths
from policykit.versions.repository import ContentRepository

MARKED = (Status.FOR_DECISION, Status.APPROVED, Status.ADOPTED)
"""States of the version itself (frozen, approved, in force): the ones to mark."""


def mark_superseded(content: ContentSet, repo: ContentRepository, folder: str) -> None:
    """Mark each document of ``content`` for decision, approved or adopted superseded, in
    place, when a supersession tag names its version (see the module docstring)."""
    for commit, names in repo.tags().items():
        for name in names:
            parsed = parse_tag(name)
            if parsed is None or parsed[1] != Status.SUPERSEDED.value:
                continue
            doc_id, _, on, version = parsed
            document = content.documents.get(doc_id)
            if document is None or document.status not in MARKED or \
                    document.version != version:
                continue
            successor = _successor(repo, folder, commit, doc_id, on)
            if successor is not None:
                content.documents[doc_id] = document.model_copy(update={
                    "status": Status.SUPERSEDED, "superseded_by": successor})


def _successor(repo: ContentRepository, folder: str, commit: str, doc_id: str,
               on: date) -> Successor | None:
    """Return what superseded ``doc_id``, as the commit the tag points at records it."""
    there = _document_at(repo, folder, commit, doc_id)
    if there is None:
        return None
    if there.status is Status.SUPERSEDED and there.superseded_by is not None:
        return there.superseded_by
    if there.version is None:
        return None
    return Successor(document=doc_id, version=there.version, on=on)


def _document_at(repo: ContentRepository, folder: str, commit: str,
                 doc_id: str) -> Document | None:
    """Return ``doc_id`` as it stood at ``commit``, or None when it cannot be read."""
    for path in document_paths(folder, doc_id):
        if repo.blob_id(commit, path) is None:
            continue
        try:
            return parse(repo.read(commit, path).decode("utf-8-sig"), path)
        except (ContentError, HistoryError, UnicodeDecodeError):
            return None
    return None


__all__ = ["mark_superseded"]
