"""Build content documents, standing comparisons and the whole pack, now or at a revision."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.content import ContentSet
from policykit.errors import ContentError, OutputError
from policykit.versions.manifest import edited_since_written, read_manifest, write_tracked
from policykit.versions.snapshot import load_content

if TYPE_CHECKING:  # rendering and comparing import python-docx: load them lazily
    from policykit.check import CheckReport
    from policykit.redline import Redline
    from policykit.render.brandkit import BrandKit


@dataclass
class BuildResult:
    """What a build wrote, the commit it was stamped with, and what it noticed."""

    paths: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)
    check: CheckReport | None = None
    overwritten: list[Path] = field(default_factory=list)  # edited since built, --force


def build_document(content: ContentSet, doc_id: str, *, kit: BrandKit | None = None,
                   commit: str | None = None) -> bytes:
    """Return the .docx bytes of one content document (in the pack or not)."""
    if doc_id not in content.documents:
        known = ", ".join(sorted(content.documents))
        raise ContentError(f"no document {doc_id!r}; the content has {known}")
    from policykit.render.document import render_document

    return render_document(content, doc_id, kit, commit=commit)


def build_at(content_dir: str | Path, doc_id: str, rev: str | None) -> bytes:
    """Return the .docx bytes of ``doc_id`` as it stands at ``rev`` (None: the working tree)."""
    content, kit, stamp = load_content(content_dir, at=rev)
    return build_document(content, doc_id, kit=kit, commit=stamp)


def comparison_date(content: ContentSet) -> datetime:
    """Return the fixed revision date used for standing comparisons: the meeting day."""
    return datetime.combine(content.pack.meeting_date, time(9, 0), tzinfo=UTC)


def compare_content(
    content: ContentSet,
    document: str,
    against: str,
    *,
    kit: BrandKit | None = None,
    commit: str | None = None,
    rendered: dict[str, bytes] | None = None,
) -> Redline:
    """Compare two content documents, ``against`` (old) to ``document`` (new), as built.

    Revisions are stamped "policykit" on the meeting day, so the result is reproducible.
    ``rendered`` caches built documents by id, so a document already built is not built again.
    The comparison has its own title ("Appendix A compared with ...").
    """
    from policykit.redline import CoverNote, compare, describe
    from policykit.render.labels import comparison_title

    cache = rendered if rendered is not None else {}
    for doc_id in (against, document):
        if doc_id not in cache:
            cache[doc_id] = build_document(content, doc_id, kit=kit, commit=commit)
    title = comparison_title(content, document, against)
    cover = CoverNote(title, describe(cache[against], f"{against}.docx"),
                      describe(cache[document], f"{document}.docx"), "policykit",
                      comparison_date(content), subject=title)
    return compare(cache[against], cache[document], author="policykit",
                   date=comparison_date(content), old_name=f"{against}.docx",
                   new_name=f"{document}.docx", cover=cover)


def build_pack(
    content_dir: str | Path = "content",
    out_dir: str | Path = "build",
    *,
    template_dir: str | Path | None = None,
    at: str | None = None,
    progress: Callable[[str], None] | None = None,
    check: bool = False,
    force: bool = False,
) -> BuildResult:
    """Build every pack document, and each standing comparison, into ``out_dir``.

    With ``check``, also check what was written for accessibility and plain English
    (``result.check``); a build is the edit-build loop, so checking is asked for, not paid
    for every time (about a third of the sample pack's build; ``publish`` always checks).

    Everything is rendered in memory first; files are written only when all succeeded, each
    through a temporary file and a rename. Outputs an earlier build wrote there and this one no
    longer writes are then removed, if unchanged since (see versions/manifest.py). A built
    document someone edited since it was built is not overwritten (nothing is written) unless
    ``force``, which overwrites it and lists it in ``overwritten``.

    Built ``at`` a revision, a version superseded since says so on every page, naming its
    successor (unlike ``publish --at``, which reproduces what was published then).
    """
    from policykit.render.brandkit import BrandKit

    content, kit, commit = load_content(content_dir, at=at, as_known_now=True)
    if template_dir is not None:
        kit = BrandKit.from_folder(template_dir)
    rendered: dict[str, bytes] = {}
    outputs: list[tuple[str, bytes]] = []
    for doc_id, _, _ in content.pack_documents():
        if progress:
            progress(f"rendering {doc_id}")
        rendered[doc_id] = build_document(content, doc_id, kit=kit, commit=commit)
        outputs.append((f"{doc_id}.docx", rendered[doc_id]))
    for comparison in content.pack.comparisons:
        if progress:
            progress(f"comparing {comparison.document} with {comparison.against}")
        redline = compare_content(content, comparison.document, comparison.against, kit=kit,
                                  commit=commit, rendered=rendered)
        outputs.append((f"{comparison.document}-vs-{comparison.against}.docx", redline.docx))
    result = BuildResult(commit=commit, warnings=list(content.warnings))
    out = Path(out_dir)
    previous, unreadable = read_manifest(out)
    edited = edited_since_written(out, previous, {name for name, _ in outputs})
    if edited and not force:
        raise OutputError(_edited_message(edited[0], len(edited) - 1))
    foreign = [out / name for name, _ in outputs  # no list at all: policykit wrote none
               if not unreadable and name not in previous and (out / name).exists()]
    if foreign and not force:
        raise OutputError(
            f"{foreign[0]} is already there and policykit's last build did not write it; "
            "move it, then build again, or build with --force to overwrite it; nothing was "
            "written")
    result.overwritten = edited + foreign
    written = write_tracked(out, dict(outputs))
    result.paths, result.removed = written.paths, written.removed
    result.warnings += written.warnings
    if not check:
        return result
    if progress:
        progress("checking accessibility and plain English")
    from policykit.check import CheckSettings, check_paths

    result.check = check_paths(result.paths, CheckSettings.for_pack(content.pack))
    return result


def _edited_message(path: Path, more: int) -> str:
    """Return the refusal for a built document edited since it was built."""
    moment = datetime.fromtimestamp(path.stat().st_mtime)
    changed = f"{moment.day} {moment:%B %Y at %H:%M}"
    others = f" (and {more} more edited document{'s' * (more != 1)})" if more else ""
    return (f"{path} was edited after it was built (its contents no longer match what "
            f"policykit wrote; last changed {changed}){others}; bring the edits into the "
            "content (policykit incorporate) or move the file, then build again, or build "
            "with --force to overwrite it; nothing was written")


__all__ = [
    "BuildResult",
    "build_at",
    "build_document",
    "build_pack",
    "compare_content",
    "comparison_date",
]
