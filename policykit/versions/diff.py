"""Compare a document between two revisions (with word-level blame), or two documents.

``diff_versions`` builds the document at both revisions and redlines them; with
``attribute`` each change carries the author and date of the commit that made it, found by
following the document's source text through every commit in between (``blame``).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.content import templates_folder_beside
from policykit.errors import HistoryError
from policykit.versions.blame import Attribution, Author, source_paragraphs
from policykit.versions.build import build_at, compare_content
from policykit.versions.history import document_paths, open_content
from policykit.versions.repository import ContentRepository
from policykit.versions.snapshot import load_content
from policykit.word.package import write_atomic

if TYPE_CHECKING:  # comparing imports python-docx: load it lazily
    from policykit.redline import CoverNote, Redline


def _source_at(repo: ContentRepository, paths: list[str], rev: str) -> tuple[str, str] | None:
    """Return (blob id, path) of the document's content file at ``rev``, if it has one."""
    for path in paths:
        blob = repo.blob_id(rev, path)
        if blob is not None:
            return blob, path
    return None


def attribution(
    repo: ContentRepository,
    paths: list[str],
    old_sha: str,
    new_sha: str | None,
    content_dir: Path,
    last: Author | None,
) -> Attribution:
    """Follow the document's source through each commit from ``old_sha`` to ``new_sha``.

    ``new_sha`` None means the working tree: its uncommitted changes are attributed to
    ``last`` (None: the comparison's default author).
    """
    texts: dict[str, list[str]] = {}

    def source(rev: str) -> list[str] | None:
        found = _source_at(repo, paths, rev)
        if found is None:
            return None
        blob, path = found
        if blob not in texts:
            texts[blob] = source_paragraphs(repo.read(rev, path), path)
        return texts[blob]

    blame = Attribution(source(old_sha) or [])
    for version in repo.between(old_sha, new_sha or "HEAD", paths):
        paragraphs = source(version.commit)
        if paragraphs is not None:
            blame.advance(paragraphs, Author(version.author, version.date.astimezone(UTC)))
    if new_sha is None:
        name = next((Path(p).name for p in paths if (content_dir / Path(p).name).is_file()),
                    None)
        newest = source_paragraphs((content_dir / name).read_bytes(), name) if name else []
    else:
        newest = source(new_sha) or []
    if newest != blame.newest:
        blame.advance(newest, last)
    return blame


KEPT_BUILDS = 8  # documents built at a commit, kept for the next comparison in this process


def _tags_digest(repo: ContentRepository) -> str:
    """Return a digest of every tag and its commit (a release can make a later text
    "amended since version ...", so a build at a commit depends on the tags too)."""
    tags = sorted((tag, commit) for commit, names in repo.tags().items() for tag in names)
    return hashlib.sha1(repr(tags).encode(), usedforsecurity=False).hexdigest()


def _built(repo: ContentRepository, content_dir: str | Path, doc_id: str, sha: str,
           tags: str) -> bytes:
    """Return ``doc_id`` built as it stood at commit ``sha``: the same commit and tags build
    the same bytes, so the last few are kept (the compare page's older side, mostly)."""
    return _built_at(str(repo.root), str(Path(content_dir).resolve()), doc_id, sha, tags)


@functools.lru_cache(maxsize=KEPT_BUILDS)
def _built_at(root: str, content_dir: str, doc_id: str, sha: str, tags: str) -> bytes:
    """Build ``doc_id`` at ``sha`` (``root`` and ``tags`` are part of what it depends on)."""
    return build_at(content_dir, doc_id, sha)


def _cover(repo: ContentRepository, doc_id: str, old: tuple[str, str | None],
           new: tuple[str, str | None], author: str, when: datetime) -> CoverNote:
    """Return the cover note of a comparison between two revisions of a document."""
    from policykit.redline import CoverNote, long_date

    def line(rev: str, sha: str | None) -> str:
        if sha is None:
            return f"{doc_id} in the working tree (uncommitted changes included)"
        version = repo.version(sha)
        return (f"{doc_id} at {rev} (commit {sha[:12]} by {version.author}, "
                f"{long_date(version.date)})")

    title = f"{doc_id} at {new[0] or 'the working tree'} compared with {old[0]}"
    return CoverNote(title, line(*old), line(*new), author, when, subject=title)


def diff_versions(
    content_dir: str | Path,
    doc_id: str,
    *,
    old: str,
    new: str | None = None,
    now: datetime,
    attribute: bool = False,
    out: str | Path | None = None,
) -> Redline:
    """Compare a document at revision ``old`` with ``new`` (default: the working tree).

    With ``attribute``, each change carries the author and date of the commit that made it,
    found by walking the commits between the two revisions; otherwise (and for uncommitted
    work) the changes carry the author and date of ``new``: for the working tree, git's
    identity and ``now``.
    """
    repo, folder = open_content(content_dir)
    paths = document_paths(folder, doc_id)
    old_sha = repo.resolve(old)
    new_sha = repo.resolve(new) if new is not None else None
    for rev, sha in ((old, old_sha), (new, new_sha)):
        if sha is not None and not any(repo.exists(sha, path) for path in paths):
            raise HistoryError(
                f"no document {doc_id!r} in {folder or '.'}/ at {rev}; "
                f"'policykit history {doc_id}' lists the revisions that have it"
            )
    tags = _tags_digest(repo)
    old_bytes = _built(repo, content_dir, doc_id, old_sha, tags)
    new_bytes = _built(repo, content_dir, doc_id, new_sha, tags) if new_sha is not None \
        else build_at(content_dir, doc_id, None)
    from policykit.redline import compare, paragraph_texts

    if new_sha is not None:
        newest = repo.version(new_sha)
        author, when = newest.author, newest.date.astimezone(UTC)  # Word: UTC
    else:
        author, when = repo.identity(), now.astimezone(UTC).replace(microsecond=0)
    blame = None
    if attribute:
        blame = attribution(repo, paths, old_sha, new_sha, Path(content_dir),
                            Author(author, when) if new_sha is not None else None)
        blame.bind(paragraph_texts(old_bytes), paragraph_texts(new_bytes))
    cover = _cover(repo, doc_id, (old, old_sha), (new, new_sha), author, when)
    redline = compare(
        old_bytes, new_bytes, author=author, date=when, attribute=blame,
        old_name=f"{doc_id}@{old}", new_name=f"{doc_id}@{new or 'working tree'}", cover=cover,
    )
    if out is not None:
        write_atomic(out, redline.docx)
    return redline


def diff_documents(
    content_dir: str | Path,
    doc_id: str,
    against: str,
    *,
    template_dir: str | Path | None = None,
    out: str | Path | None = None,
) -> Redline:
    """Compare two content documents of the working tree: ``against`` (old) to ``doc_id``."""
    from policykit.render.brandkit import BrandKit

    content, kit, stamp = load_content(content_dir)
    if template_dir is not None:
        kit = BrandKit.from_folder(template_dir)
    redline = compare_content(content, doc_id, against, kit=kit, commit=stamp)
    if out is not None:
        write_atomic(out, redline.docx)
    return redline


def _worktree_digest(content_dir: Path) -> str:
    """Return a digest of every file in the content folder and the brand kit beside it."""
    digest = hashlib.sha1(usedforsecurity=False)
    for folder in (content_dir, templates_folder_beside(content_dir)):
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(folder)}\0".encode())
            digest.update(hashlib.sha1(path.read_bytes(), usedforsecurity=False).digest())
    return digest.hexdigest()


def comparison_state(content_dir: str | Path, doc_id: str, *, old: str,
                     new: str | None = None) -> tuple[str, ...]:
    """Return what ``diff_versions`` of these revisions depends on, as a cache key.

    The two commits the revisions name now (the working tree: HEAD and a digest of the
    content and brand kit files) and every release tag (a release makes a later text
    "amended"), so a save, a release or an edit on disk gives a new key.
    """
    repo, _ = open_content(content_dir)
    now = repo.resolve(new) if new is not None else \
        f"{repo.head()}+{_worktree_digest(Path(content_dir).resolve())}"
    return (str(Path(content_dir).resolve()), doc_id, repo.resolve(old), now,
            _tags_digest(repo))


__all__ = ["attribution", "comparison_state", "diff_documents", "diff_versions"]
