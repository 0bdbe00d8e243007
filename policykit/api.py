"""Offer the common paths in one place: build a pack, compare documents, list due reviews.

The CLI calls these functions; so can any script. Each area adds its entry points here.
"""

from __future__ import annotations


# -- Building the pack (issue 2) ------------------------------------------------------

from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import datetime, time, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

from . import history  # noqa: E402
from .content import ContentSet, load, load_files  # noqa: E402
from .docxio import write_atomic  # noqa: E402
from .errors import ContentError  # noqa: E402
from .render import TEMPLATE_NAMES, BrandKit, render_document  # noqa: E402


@dataclass
class BuildResult:
    """What a build wrote, the commit it was stamped with, and what it noticed."""

    paths: list[Path] = field(default_factory=list)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)


def _sibling_templates(content_dir: Path) -> Path | None:
    folder = content_dir.resolve().parent / "templates"
    return folder if all((folder / name).is_file() for name in TEMPLATE_NAMES) else None


def load_content(content_dir: str | Path = "content", *, at: str | None = None
                 ) -> tuple[ContentSet, BrandKit, str | None]:
    """Return the content, the brand kit beside it and the commit, now or at revision ``at``.

    The brand kit is ``templates/`` beside the content folder when it holds both templates,
    else the one shipped with policykit. With ``at``, both are read from git blobs without
    touching the working tree.
    """
    folder = Path(content_dir)
    if at is None:
        content = load(folder)
        templates = _sibling_templates(folder)
        kit = BrandKit.from_folder(templates) if templates else BrandKit.default()
        return content, kit, history.describe_worktree(folder)
    repo = history.ContentRepository.open(folder)
    commit = repo.resolve(at)
    relative = repo.relative(folder)
    files = repo.read_folder(commit, relative)
    content = load_files(files, root=f"{relative}@{at}")
    parent = relative.rsplit("/", 1)[0] if "/" in relative else ""
    template_folder = f"{parent}/templates" if parent else "templates"
    try:
        kit = BrandKit.from_files(repo.read_folder(commit, template_folder),
                                  f"{template_folder}@{at}")
    except history.HistoryError:
        kit = BrandKit.default()
    return content, kit, commit


def build_document(content: ContentSet, doc_id: str, *, kit: BrandKit | None = None,
                   commit: str | None = None) -> bytes:
    """Return the .docx bytes of one content document (in the pack or not)."""
    if doc_id not in content.documents:
        known = ", ".join(sorted(content.documents))
        raise ContentError(f"no document {doc_id!r}; the content has {known}")
    return render_document(content, doc_id, kit, commit=commit)


def comparison_date(content: ContentSet) -> datetime:
    """Return the fixed revision date used for standing comparisons: the meeting day."""
    return datetime.combine(content.pack.meeting_date, time(9, 0), tzinfo=timezone.utc)


def build_pack(
    content_dir: str | Path = "content",
    out_dir: str | Path = "build",
    *,
    template_dir: str | Path | None = None,
    at: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build every pack document, and each standing comparison, into ``out_dir``.

    Everything is rendered in memory first; files are written only when all succeeded, each
    through a temporary file and a rename.
    """
    content, kit, commit = load_content(content_dir, at=at)
    if template_dir is not None:
        kit = BrandKit.from_folder(template_dir)
    outputs: list[tuple[str, bytes]] = []
    for doc_id, _, _ in content.pack_documents():
        if progress:
            progress(f"rendering {doc_id}")
        outputs.append((f"{doc_id}.docx", render_document(content, doc_id, kit, commit=commit)))
    if content.pack.comparisons:
        from .redline import compare

        for comparison in content.pack.comparisons:
            if progress:
                progress(f"comparing {comparison.document} with {comparison.against}")
            new = render_document(content, comparison.document, kit, commit=commit)
            old = render_document(content, comparison.against, kit, commit=commit)
            redline = compare(old, new, author="policykit", date=comparison_date(content),
                              old_name=f"{comparison.against}.docx",
                              new_name=f"{comparison.document}.docx")
            outputs.append((f"{comparison.document}-vs-{comparison.against}.docx", redline.docx))
    result = BuildResult(commit=commit, warnings=list(content.warnings))
    out = Path(out_dir)
    for name, data in outputs:
        result.paths.append(write_atomic(out / name, data))
    return result
