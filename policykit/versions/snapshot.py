"""Load the content and the brand kit beside it, from the working tree or at a git revision."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.content import ContentSet, load, load_files, templates_beside
from policykit.content.layout import TEMPLATES_DIR, templates_folder_beside
from policykit.errors import HistoryError
from policykit.versions.repository import ContentRepository

if TYPE_CHECKING:  # rendering imports docxtpl and python-docx: load it lazily
    from policykit.render.document import BrandKit


def describe_worktree(path: str | Path, templates: str | Path | None = None) -> str | None:
    """Return the HEAD commit id, plus ``-dirty`` if content or templates have changes.

    ``path`` is the content folder; ``templates`` the brand kit (by default ``templates/``
    at the repository root). Outside git, in a bare repository or one without commits, or
    with git missing, return None.
    """
    if not Path(path).exists():
        return None
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


def sibling_templates(content_dir: Path) -> Path | None:
    """Return ``templates/`` beside the content folder when it holds both templates."""
    from policykit.render.document import TEMPLATE_NAMES

    folder = templates_folder_beside(content_dir)
    return folder if all((folder / name).is_file() for name in TEMPLATE_NAMES) else None


def load_content(content_dir: str | Path = "content", *, at: str | None = None
                 ) -> tuple[ContentSet, BrandKit, str | None]:
    """Return the content, the brand kit beside it and the commit, now or at revision ``at``.

    The brand kit is ``templates/`` beside the content folder when it holds both templates,
    else the one shipped with policykit. With ``at``, both are read from git blobs without
    touching the working tree.
    """
    from policykit.render.document import BrandKit

    folder = Path(content_dir)
    if at is None:
        content = load(folder)
        templates = sibling_templates(folder)
        kit = BrandKit.from_folder(templates) if templates else BrandKit.default()
        return content, kit, describe_worktree(folder)
    repo = ContentRepository.open(folder)
    commit = repo.resolve(at)
    relative = repo.relative(folder)
    content = load_files(repo.read_folder(commit, relative), root=f"{relative}@{at}")
    template_folder = templates_beside(relative)
    try:
        kit = BrandKit.from_files(repo.read_folder(commit, template_folder),
                                  f"{template_folder}@{at}")
    except HistoryError:
        kit = BrandKit.default()
    return content, kit, commit


__all__ = ["describe_worktree", "load_content", "sibling_templates"]
