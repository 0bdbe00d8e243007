"""Load the content and the brand kit beside it, from the working tree or at a git revision."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.content import ContentSet, load, load_files, templates_beside
from policykit.content.layout import MAX_CONTENT_BYTES, TEMPLATES_DIR, is_content_file
from policykit.errors import HistoryError

if TYPE_CHECKING:  # rendering imports docxtpl and python-docx, git GitPython: load them lazily
    from policykit.publish.theme import HtmlTheme
    from policykit.render.brandkit import BrandKit
    from policykit.versions.repository import ContentRepository


def _outside_git(path: Path) -> bool:
    """Return whether no folder from ``path`` up holds ``.git``: no work tree, no GitPython."""
    folder = path.absolute()
    return not any((parent / ".git").exists() for parent in (folder, *folder.parents))


def describe_worktree(path: str | Path, templates: str | Path | None = None) -> str | None:
    """Return the HEAD commit id, plus ``-dirty`` if content or templates have changes.

    ``path`` is the content folder; ``templates`` the brand kit (by default ``templates/``
    at the repository root). Outside git, in a bare repository or one without commits, or
    with git missing, return None.
    """
    if not Path(path).exists() or _outside_git(Path(path)):
        return None
    from policykit.versions.repository import ContentRepository

    try:
        repository = ContentRepository.open(path)
    except HistoryError:
        return None
    head = repository.head()
    if head is None:
        return None
    folders = [repository.relative(path)]
    template_dir = Path(templates) if templates is not None else \
        repository.root / TEMPLATES_DIR
    with contextlib.suppress(HistoryError):
        folders.append(repository.relative(template_dir))
    try:
        dirty = repository.changes([folder or "." for folder in folders])
    except HistoryError:
        return head
    return f"{head}-dirty" if dirty else head


def load_content(content_dir: str | Path = "content", *, at: str | None = None,
                 as_known_now: bool = False) -> tuple[ContentSet, BrandKit, str | None]:
    """Return the content, the brand kit beside it and the commit, now or at revision ``at``.

    A released policy whose text changed since its latest release is loaded as a draft
    ("amended since version ..."), so no build claims an approval it does not have.
    The brand kit is ``templates/`` beside the content folder when there is one, else the
    one shipped with policykit. With ``at``, both are read from git blobs without touching
    the working tree; with ``as_known_now`` too, a version approved then and superseded since
    is loaded as superseded, naming its successor (``versions.superseded``).
    """
    from policykit.render.brandkit import BrandKit

    folder = Path(content_dir)
    if at is None:
        content = load(folder)
        stamp = describe_worktree(folder)
        if stamp is not None:
            from policykit.versions.amended import mark_amended
            from policykit.versions.repository import ContentRepository

            repo = ContentRepository.open(folder)
            mark_amended(content, repo, repo.relative(folder), rev=None, content_dir=folder)
        return content, BrandKit.beside(folder), stamp
    from policykit.versions.amended import mark_amended
    from policykit.versions.repository import ContentRepository

    repo = ContentRepository.open(folder)
    commit = repo.resolve(at)
    relative = repo.relative(folder)
    files = repo.read_folder(commit, relative, only=is_content_file, limit=MAX_CONTENT_BYTES)
    content = load_files(files, root=f"{relative}@{at}")
    mark_amended(content, repo, relative, rev=commit, content_dir=folder)
    if as_known_now:
        from policykit.versions.superseded import mark_superseded

        mark_superseded(content, repo, relative)
    template_folder = templates_beside(relative)
    kit_files = _folder_or_none(repo, commit, template_folder)
    return content, BrandKit.from_tree(kit_files, f"{template_folder}@{at}"), commit


def load_theme(content_dir: str | Path = "content", *, at: str | None = None) -> HtmlTheme:
    """Return the web templates beside the content folder, now or at revision ``at``.

    They are ``templates/html`` beside the content when that folder is there (in the
    working tree, or in git at ``at``), else the ones shipped with policykit; so
    ``publish --at`` styles the pack as it stood, like its Word documents.
    """
    from policykit.publish.theme import HTML_DIR, HtmlTheme

    if at is None:
        return HtmlTheme.beside(content_dir)
    folder = Path(content_dir)
    from policykit.versions.repository import ContentRepository

    repo = ContentRepository.open(folder)
    commit = repo.resolve(at)
    html_folder = f"{templates_beside(repo.relative(folder))}/{HTML_DIR}"
    return HtmlTheme.from_tree(_folder_or_none(repo, commit, html_folder), f"{html_folder}@{at}")


def _folder_or_none(repo: ContentRepository, commit: str, folder: str) -> dict[str, bytes] | None:
    """Return {name: bytes} of the files in ``folder`` at ``commit``, or None if it is absent."""
    try:
        return repo.read_folder(commit, folder)
    except HistoryError:
        return None


__all__ = ["describe_worktree", "load_content", "load_theme"]
