"""Offer the common paths in one place: build a pack, compare documents, list due reviews.

The CLI calls these functions; so can any script. Each area adds its entry points here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from policykit.content.folder import ContentSet, load, load_files
from policykit.content.models import Interval
from policykit.errors import CompareError, ContentError, HistoryError
from policykit.reviews import log as reviewlog
from policykit.versions import repository as history
from policykit.versions.blame import Attribution, Author, source_paragraphs
from policykit.word.package import write_atomic

if TYPE_CHECKING:  # rendering and releasing import docxtpl and python-docx: load them lazily
    from policykit.redline import Redline
    from policykit.render.document import BrandKit
    from policykit.versions.release import Release
from policykit.reviews.schedule import DueReview, due_list, parse_interval

# -- Building the pack (issue 2) ------------------------------------------------------

@dataclass
class BuildResult:
    """What a build wrote, the commit it was stamped with, and what it noticed."""

    paths: list[Path] = field(default_factory=list)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)


def _sibling_templates(content_dir: Path) -> Path | None:
    from policykit.render.document import TEMPLATE_NAMES

    folder = content_dir.resolve().parent / "templates"
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
    from policykit.render.document import render_document

    return render_document(content, doc_id, kit, commit=commit)


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
):  # -> policykit.redline.Redline
    """Compare two content documents, ``against`` (old) to ``document`` (new), as built.

    Revisions are stamped "policykit" on the meeting day, so the result is reproducible.
    ``rendered`` caches built documents by id, so a document already built is not built again.
    """
    from policykit.redline import compare

    cache = rendered if rendered is not None else {}
    for doc_id in (against, document):
        if doc_id not in cache:
            cache[doc_id] = build_document(content, doc_id, kit=kit, commit=commit)
    return compare(cache[against], cache[document], author="policykit",
                   date=comparison_date(content), old_name=f"{against}.docx",
                   new_name=f"{document}.docx")


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
    from policykit.render.document import BrandKit

    content, kit, commit = load_content(content_dir, at=at)
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
    for name, data in outputs:
        result.paths.append(write_atomic(out / name, data))
    return result


# -- Versions in git: init, history, release, diff (issue 4) ---------------------------

_SUFFIXES = (".md", ".yaml", ".yml")


def create_repository(path: str | Path = ".") -> history.ContentRepository:
    """Create a content repository: sample content, brand kit, .gitignore, first commit."""
    from policykit.versions.release import init_repository

    return init_repository(path)


def _repository(content_dir: str | Path) -> tuple[history.ContentRepository, str]:
    repo = history.ContentRepository.open(content_dir)
    return repo, repo.relative(content_dir)


def _document_paths(folder: str, doc_id: str) -> list[str]:
    return [f"{folder}/{doc_id}{suffix}" if folder else f"{doc_id}{suffix}"
            for suffix in _SUFFIXES]


def _templates_folder(folder: str) -> str:
    parent = folder.rsplit("/", 1)[0] if "/" in folder else ""
    return f"{parent}/{history.TEMPLATES_DIR}" if parent else history.TEMPLATES_DIR


def document_history(
    content_dir: str | Path = "content", doc_id: str | None = None, *, rev: str = "HEAD"
) -> list[history.Version]:
    """Return the versions (commits) of one document, or of the whole pack, newest first."""
    repo, folder = _repository(content_dir)
    if doc_id is None:
        return repo.versions([folder or ".", _templates_folder(folder)], rev=rev)
    found = repo.versions(_document_paths(folder, doc_id), rev=rev)
    if not found:
        raise HistoryError(
            f"no document {doc_id!r} in {folder or '.'}/ at {rev} or before; "
            "'policykit history' lists the changes to the whole pack"
        )
    return found


def release(
    content_dir: str | Path,
    doc_id: str,
    *,
    version: str,
    approved_by: str,
    approved_on: date,
    out: str | Path | None = None,
) -> Release:
    """Release a document (version, approval, commit, tag), build it, and write it to ``out``.

    The built document is byte-identical to ``build --at <tag>``.
    """
    from policykit.versions.release import release_document

    def build(commit: str) -> bytes:
        content, kit, stamp = load_content(content_dir, at=commit)
        return build_document(content, doc_id, kit=kit, commit=stamp)

    made = release_document(content_dir, doc_id, version=version, approved_by=approved_by,
                            approved_on=approved_on, build=build)
    if out is not None:
        write_atomic(out, made.docx)
    return made


def _build_at(content_dir: str | Path, doc_id: str, rev: str | None) -> bytes:
    content, kit, stamp = load_content(content_dir, at=rev)
    return build_document(content, doc_id, kit=kit, commit=stamp)


def _source_at(repo: history.ContentRepository, paths: list[str], rev: str
               ) -> tuple[str, str] | None:
    """Return (blob id, path) of the document's content file at ``rev``, if it has one."""
    for path in paths:
        blob = repo.blob_id(rev, path)
        if blob is not None:
            return blob, path
    return None


def _attribution(
    repo: history.ContentRepository,
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


def diff_versions(
    content_dir: str | Path,
    doc_id: str,
    *,
    old: str,
    new: str | None = None,
    attribute: bool = False,
    out: str | Path | None = None,
):  # -> policykit.redline.Redline
    """Compare a document at revision ``old`` with ``new`` (default: the working tree).

    With ``attribute``, each change carries the author and date of the commit that made it,
    found by walking the commits between the two revisions; otherwise (and for uncommitted
    work) the changes carry the author and date of ``new``.
    """
    repo, folder = _repository(content_dir)
    paths = _document_paths(folder, doc_id)
    old_sha = repo.resolve(old)
    new_sha = repo.resolve(new) if new is not None else None
    for rev, sha in ((old, old_sha), (new, new_sha)):
        if sha is not None and not any(repo.exists(sha, path) for path in paths):
            raise HistoryError(
                f"no document {doc_id!r} in {folder or '.'}/ at {rev}; "
                f"'policykit history {doc_id}' lists the revisions that have it"
            )
    old_bytes = _build_at(content_dir, doc_id, old_sha)
    new_bytes = _build_at(content_dir, doc_id, new_sha)
    from policykit.redline import compare, paragraph_texts

    if new_sha is not None:
        newest = repo.version(new_sha)
        author, when = newest.author, newest.date.astimezone(UTC)  # Word: UTC
    else:
        author, when = repo.identity(), datetime.now(UTC).replace(microsecond=0)
    blame = None
    if attribute:
        blame = _attribution(repo, paths, old_sha, new_sha, Path(content_dir),
                             Author(author, when) if new_sha is not None else None)
        blame.bind(paragraph_texts(old_bytes), paragraph_texts(new_bytes))
    redline = compare(
        old_bytes, new_bytes, author=author, date=when, attribute=blame,
        old_name=f"{doc_id}@{old}", new_name=f"{doc_id}@{new or 'working tree'}",
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
):  # -> policykit.redline.Redline
    """Compare two content documents of the working tree: ``against`` (old) to ``doc_id``."""
    from policykit.render.document import BrandKit

    content, kit, stamp = load_content(content_dir)
    if template_dir is not None:
        kit = BrandKit.from_folder(template_dir)
    redline = compare_content(content, doc_id, against, kit=kit, commit=stamp)
    if out is not None:
        write_atomic(out, redline.docx)
    return redline


# -- Review scheduling (issue 5) ------------------------------------------------------

def due_reviews(
    content_dir: str | Path = "content",
    *,
    today: date,
    within: Interval | str | None = None,
    owner: str | None = None,
) -> list[DueReview]:
    """Return the reviews overdue or due on ``today``, by owner then due date.

    ``within`` (``30d``, ``2 months``...) widens "due" to everything due by
    ``today + within``; without it, a review is due inside its own warning period.
    """
    if isinstance(within, str):
        within = parse_interval(within, "--within")
    _, documents = reviewlog.schedules(content_dir)
    return due_list(documents, today, within=within, owner=owner)


def record_review(
    content_dir: str | Path,
    doc_id: str,
    *,
    by: str,
    on: date,
    today: date,
    note: str | None = None,
) -> reviewlog.RecordedReview:
    """Record a review: edit the document's front matter and commit it with trailers."""
    return reviewlog.record(content_dir, doc_id, by=by, on=on, today=today, note=note)


def review_calendar(
    content_dir: str | Path = "content",
    *,
    today: date,
    out: str | Path | None = None,
) -> bytes:
    """Return (and with ``out``, write atomically) the .ics calendar of review dates."""
    from policykit.reviews.ical import review_calendar as build_calendar

    content, documents = reviewlog.schedules(content_dir)
    data = build_calendar(documents, council=content.pack.council, today=today)
    if out is not None:
        write_atomic(out, data)
    return data


# -- Comparing two Word files (added by cli-ci for issue 8: the CLI calls one function) --

def compare_files(
    old: str | Path,
    new: str | Path,
    out: str | Path,
    *,
    author: str = "policykit",
    date: datetime | None = None,
    granularity: Literal["word", "char"] = "word",
    summary_page: bool = False,
) -> Redline:
    """Compare the .docx files ``old`` and ``new`` and write the redline to ``out``.

    ``out`` is checked first (:func:`policykit.outputs.check_output`): never an input, a
    content file or anything but a .docx; nothing is read or written when it is refused.
    """
    from policykit.outputs import check_output
    from policykit.redline import compare
    from policykit.word.inputs import read_bytes

    check_output(out, suffixes=(".docx",), inputs=(old, new))
    if not Path(out).parent.is_dir():
        raise CompareError(f"{out}: folder {Path(out).parent} does not exist")
    redline = compare(read_bytes(old), read_bytes(new), author=author, date=date,
                      granularity=granularity, old_name=str(old), new_name=str(new),
                      summary_page=summary_page)
    write_atomic(out, redline.docx)
    return redline
