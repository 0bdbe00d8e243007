"""Find documents amended since their latest release, so a build never claims that approval.

A released document is tagged ``<doc-id>/v<version>``. When the text built differs from the
text of the latest release before it, the document is built as a draft: its status is
DRAFT, it carries no approval, and its version reads "1.1 (amended since version 1.0)".
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from policykit.content import ContentSet, Document, PolicyDocument, parse
from policykit.content.lifecycle import same_text
from policykit.content.models import Status
from policykit.errors import ContentError
from policykit.versions.history import document_paths
from policykit.versions.repository import ContentRepository


def blob_id(data: bytes) -> str:
    """Return the id git gives a file holding ``data``."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def latest_release(repo: ContentRepository, paths: list[str], doc_id: str,
                   rev: str) -> tuple[str, str] | None:
    """Return (commit, version) of the newest release of ``doc_id`` at or before ``rev``."""
    prefix = f"{doc_id}/v"
    for version in repo.versions(paths, rev=rev):
        released = sorted(tag for tag in version.tags if tag.startswith(prefix))
        if released:
            return version.commit, released[-1].removeprefix(prefix)
    return None


def amended_since(repo: ContentRepository, folder: str, doc_id: str, *, rev: str | None,
                  content_dir: Path) -> str | None:
    """Return the version ``doc_id`` was last released as, if its text has changed since.

    ``rev`` None means the working tree (the file in ``content_dir``) against HEAD's history.
    """
    paths = document_paths(folder, doc_id)
    if not repo.has_commits():
        return None
    release = latest_release(repo, paths, doc_id, rev or "HEAD")
    if release is None:
        return None
    commit, version = release
    released = {path: repo.blob_id(commit, path) for path in paths}
    if rev is not None:
        now = {path: repo.blob_id(rev, path) for path in paths}
    else:
        now = {path: blob_id(file.read_bytes()) if (file := content_dir / Path(path).name)
               .is_file() else None for path in paths}
    if now == released:
        return None
    # A lifecycle step (decided, reviewed, superseded) edits fields, not the text.
    old = _parsed(paths, released, lambda path: repo.read(commit, path))
    new = _parsed(paths, now, lambda path: repo.read(rev, path) if rev is not None
                  else (content_dir / Path(path).name).read_bytes())
    if old is not None and new is not None and same_text(old, new):
        return None
    return version


def _parsed(paths: list[str], blobs: dict[str, str | None],
            read: Callable[[str], bytes]) -> Document | None:
    """Return the document one of ``paths`` holds (the one present), or None."""
    present = [path for path in paths if blobs.get(path)]
    if len(present) != 1:
        return None
    try:
        return parse(read(present[0]).decode("utf-8-sig"), present[0])
    except (ContentError, UnicodeDecodeError):
        return None


def mark_amended(content: ContentSet, repo: ContentRepository, folder: str, *,
                 rev: str | None, content_dir: Path) -> None:
    """Make each released policy whose text changed since its release a draft, in place."""
    tagged = {tag.split("/v", 1)[0] for tags in repo.tags().values() for tag in tags
              if "/v" in tag}
    for doc_id, document in list(content.documents.items()):
        if doc_id not in tagged or not isinstance(document, PolicyDocument) or \
                document.status is Status.SUPERSEDED:
            continue
        version = amended_since(repo, folder, doc_id, rev=rev, content_dir=content_dir)
        if version is not None:
            content.documents[doc_id] = document.model_copy(update={
                "status": Status.DRAFT,
                "approval": None,
                "version": f"{document.version} (amended since version {version})",
            })


__all__ = ["amended_since", "blob_id", "latest_release", "mark_amended"]
