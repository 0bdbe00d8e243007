"""Create content repositories and release documents from them, all-or-nothing.

``init_repository`` makes a ready-to-use repository (sample content, brand kit,
``.gitignore``, first commit). ``release_document`` sets a policy's version, status and
approval in its content file, commits it with trailers, tags it ``<doc-id>/v<version>`` and
builds it; on any failure the repository is put back exactly as it was.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from policykit.content import (
    ContentSet,
    document_file_names,
    is_document_id,
    load_files,
    read_folder,
    templates_beside,
    yaml_scalar,
)
from policykit.content.frontmatter import FieldValue, edit_content_file, set_field
from policykit.content.models import PolicyDocument, Status
from policykit.errors import ContentError, HistoryError, InputError
from policykit.render.brandkit import shipped_files
from policykit.versions.repository import (
    APPROVED_BY,
    APPROVED_ON,
    CONTENT_DIR,
    RELEASE_DOCUMENT,
    RELEASE_VERSION,
    TEMPLATES_DIR,
    ContentRepository,
)

GITIGNORE = """\
# Built documents: rebuild any version with 'policykit build --at <tag>'.
/build/
# Word's lock files, made while a template or document is open.
~$*
"""
SAMPLE_SUFFIXES = (".yaml", ".md")
_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,39}$")

Builder = Callable[[str], bytes]
"""Build the released document as it stands at a commit id; return the .docx bytes."""


@dataclass(frozen=True)
class Release:
    """A document released: its tag, the commit, the edited file and the built document."""

    doc_id: str
    version: str
    tag: str
    commit: str
    path: str
    docx: bytes
    warnings: list[str] = field(default_factory=list)


# -- init ------------------------------------------------------------------------------


def _package_files(package: str, checkout_folder: str, suffixes: tuple[str, ...]) -> dict[
    str, bytes
]:
    try:
        folder = resources.files(package)
        entries = [(entry.name, entry) for entry in folder.iterdir() if entry.is_file()]
    except ModuleNotFoundError:  # running from a checkout: the folder beside the package
        path = Path(__file__).resolve().parents[2] / checkout_folder
        entries = [(entry.name, entry) for entry in sorted(path.iterdir()) if entry.is_file()]
    return {
        name: entry.read_bytes()
        for name, entry in sorted(entries)
        if name.endswith(suffixes) and not name.startswith(("~$", "."))
    }


def starter_files() -> dict[str, bytes]:
    """Return the files of a new content repository: sample content, brand kit, .gitignore."""
    files = {
        f"{CONTENT_DIR}/{name}": data
        for name, data in _package_files("policykit.sample", "content", SAMPLE_SUFFIXES).items()
    }
    files.update({f"{TEMPLATES_DIR}/{name}": data for name, data in shipped_files()[0].items()})
    files[".gitignore"] = GITIGNORE.encode()
    return files


def init_repository(path: str | Path) -> ContentRepository:
    """Create a content repository at ``path`` with the sample pack and brand kit, committed."""
    return ContentRepository.create(
        path,
        starter_files(),
        "Start the policy pack from the policykit sample\n\n"
        "Content in content/, the council's Word templates in templates/.",
    )


# -- editing a content file ------------------------------------------------------------


def set_release_fields(
    text: str, source: str, *, version: str, approved_by: str, approved_on: date
) -> str:
    """Return YAML ``text`` with version, ``status: approved`` and approval set.

    Only the lines of those three fields change: comments, order, quoting and layout of
    everything else are kept byte for byte.
    """
    wanted: dict[str, FieldValue] = {
        "version": json.dumps(version),
        "status": Status.APPROVED.value,
        "approval": {"by": yaml_scalar(approved_by), "on": approved_on.isoformat()},
    }
    previous = None
    for key, value in wanted.items():
        text = set_field(text, source, (key,), value, after=previous)
        previous = key
    return text


def edit_document(
    raw: bytes, source: str, *, version: str, approved_by: str, approved_on: date
) -> bytes:
    """Return a content file's bytes with the release fields set (front matter for ``.md``)."""
    return edit_content_file(raw, source, lambda front: set_release_fields(
        front, source, version=version, approved_by=approved_by, approved_on=approved_on))


# -- release ---------------------------------------------------------------------------


def _check_inputs(doc_id: str, version: str, approved_by: str) -> None:
    if re.fullmatch(r"[vV][0-9].*", version):
        raise InputError(
            f"write the version without the v: --version {version[1:]} "
            f"(the tag is {doc_id}/v{version[1:]})"
        )
    if not _VERSION_RE.match(version):
        raise InputError(
            f"{version!r} is not a version number; use digits and dots such as 1.0 or 2.1"
        )
    if not approved_by.strip() or approved_by.splitlines() != [approved_by] or any(
        unicodedata.category(char) in ("Cc", "Cs") for char in approved_by
    ):
        raise InputError(
            "--approved-by must name who approved the document on one line, e.g. \"Cabinet\""
        )
    if not is_document_id(doc_id):
        raise InputError(
            f"{doc_id!r} is not a document id; use the content file's name without .md"
        )


def _document_file(folder: Path, files: Mapping[str, bytes], doc_id: str) -> str:
    for name in document_file_names(doc_id):
        if name in files:
            return name
    known = sorted(name.rsplit(".", 1)[0] for name in files if name != "pack.yaml")
    raise ContentError(
        f"no document {doc_id!r} ({doc_id}.md); the documents are {', '.join(known)}",
        file=folder,
    )


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.policykit-tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = path.stat().st_mode & 0o777
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def release_document(
    content_dir: str | Path,
    doc_id: str,
    *,
    version: str,
    approved_by: str,
    approved_on: date,
    build: Builder,
) -> Release:
    """Release ``doc_id``: set its fields, commit with trailers, tag, build; or change nothing.

    ``build`` receives the new commit id and returns the document built at it. Refuses an
    invalid document, an existing tag, or uncommitted changes to any other file.
    """
    folder = Path(content_dir)
    _check_inputs(doc_id, version, approved_by)
    repository = ContentRepository.open(folder)
    if not folder.is_dir():
        raise ContentError(
            "no such content folder; run the command where content/ is, or pass --content-dir",
            file=folder,
        )
    root = repository.relative(folder)
    tag = f"{doc_id}/v{version}"
    repository.check_tag_name(tag)
    with _terminate_as_interrupt(), repository.release_lock():
        repository.branch()
        if repository.tag_exists(tag):
            made = repository.version(tag)
            raise HistoryError(
                f"{tag} already exists (commit {made.commit[:8]}, {made.date:%Y-%m-%d}); "
                f"release a new version number, e.g. --version {_next(version)}"
            )
        files = read_folder(folder)
        name = _document_file(folder, files, doc_id)
        path = f"{root}/{name}" if root else name
        # Any change to a tracked file, and new files where the build reads (content and
        # templates): untracked files elsewhere cannot reach the commit or the build.
        watched = [root or ".", templates_beside(root)]
        others = sorted(
            set(repository.changes(untracked=False)) | set(repository.changes(watched))
        )
        others = [changed for changed in others if changed != path]
        if others:
            shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3
                                             else "")
            raise HistoryError(
                f"uncommitted changes to {shown}; commit or stash them (git stash -u), "
                "then release again"
            )
        edited = edit_document(
            files[name], f"{root}/{name}" if root else name,
            version=version, approved_by=approved_by, approved_on=approved_on,
        )
        checked = load_files({**files, name: edited}, root=root or ".")
        _check_releasable(checked, doc_id, path)
        message = f"Release {doc_id} version {version}"
        trailers = {
            APPROVED_BY: " ".join(approved_by.split()),
            APPROVED_ON: approved_on.isoformat(),
            RELEASE_VERSION: version,
            RELEASE_DOCUMENT: doc_id,
        }
        with repository.guard([path], [tag]):
            _write_atomically(repository.root / path, edited)
            commit = repository.commit([path], message, trailers)
            repository.create_tag(tag, commit, f"{doc_id} version {version}, approved by "
                                  f"{trailers[APPROVED_BY]} on {approved_on.isoformat()}")
            docx = build(commit)
    return Release(doc_id, version, tag, commit, path, docx, list(checked.warnings))


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so a killed release rolls back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"stopped by signal {signum}")

    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _check_releasable(checked: ContentSet, doc_id: str, path: str) -> None:
    document = checked.documents[doc_id]
    if not isinstance(document, PolicyDocument):
        raise ContentError(
            "is a committee report, which has no version to release; release the "
            "policies it presents instead",
            file=path,
        )


def _next(version: str) -> str:
    head, _, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


__all__ = [
    "GITIGNORE",
    "Builder",
    "Release",
    "edit_document",
    "init_repository",
    "release_document",
    "set_release_fields",
    "starter_files",
]
