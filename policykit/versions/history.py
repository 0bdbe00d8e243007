"""List the versions (commits) of one document, or of the whole pack, newest first."""

from __future__ import annotations

from pathlib import Path

from policykit.content import document_file_names, is_document_id, templates_beside
from policykit.errors import ContentError, HistoryError
from policykit.versions.repository import ContentRepository
from policykit.versions.trailers import Version


def open_content(content_dir: str | Path) -> tuple[ContentRepository, str]:
    """Return the repository holding a content folder, and the folder's path inside it."""
    repo = ContentRepository.open(content_dir)
    return repo, repo.relative(content_dir)


def document_paths(folder: str, doc_id: str) -> list[str]:
    """Return the repository paths a document's content file may have in ``folder``; refuse
    a name that is not a document id (``../x`` would lead outside the content folder)."""
    if not is_document_id(doc_id):
        raise ContentError(f"{doc_id!r} is not a document id; use lower-case letters, digits "
                           "and hyphens (the content file's name without .md or .yaml)")
    return [f"{folder}/{name}" if folder else name for name in document_file_names(doc_id)]


def document_history(
    content_dir: str | Path = "content", doc_id: str | None = None, *, rev: str = "HEAD"
) -> list[Version]:
    """Return the versions (commits) of one document, or of the whole pack, newest first."""
    repo, folder = open_content(content_dir)
    if doc_id is None:
        return repo.versions([folder or ".", templates_beside(folder)], rev=rev)
    found = repo.versions(document_paths(folder, doc_id), rev=rev)
    if not found:
        raise HistoryError(
            f"no document {doc_id!r} in {folder or '.'}/ at {rev} or before; "
            "'policykit history' lists the changes to the whole pack"
        )
    return found


__all__ = ["document_history", "document_paths", "open_content"]
