"""Edit content files for the workspace: read, check, save with a commit, refuse stale saves.

``save_source`` is all-or-nothing: the officer's text is checked with the whole content
folder (the same errors as the CLI), refused when the file changed since it was read (a
second browser tab), then written atomically and committed with the officer's name and
message, holding the repository's release lock so a release never interleaves with a save,
and put back if the commit fails. ``document_states`` says which documents are draft,
approved, or amended since their last release.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from policykit.content import (
    ContentSet,
    document_file_names,
    is_document_id,
    load_files,
    read_folder,
)
from policykit.content.models import Status
from policykit.content.report_form import (  # the report form's writer (kept importable here)
    report_fields,
    report_form_fields,
    set_report_fields,
)
from policykit.errors import ContentError, HistoryError, InputError, StaleEditError
from policykit.versions.amended import amended_since, latest_release
from policykit.versions.conflicts import describe
from policykit.versions.history import document_paths
from policykit.versions.repository import ContentRepository
from policykit.versions.safety import lock_path_for, write_lock
from policykit.word.package import write_atomic

MAX_MESSAGE = 2000
_SAVE_LOCK = threading.Lock()


@dataclass(frozen=True)
class SourceFile:
    """One content file as text, and the token that says which version of it was read."""

    doc_id: str
    name: str
    source: str
    text: str
    token: str


@dataclass(frozen=True)
class SavedEdit:
    """A saved content file: where it is, the commit that holds it (None without git)."""

    doc_id: str
    path: Path
    commit: str | None
    token: str
    changed: bool


@dataclass(frozen=True)
class DocumentState:
    """A pack document's state: draft, approved, or amended since its last release."""

    doc_id: str
    appendix: str | None
    kind: str
    title: str
    version: str | None
    state: str
    released: str | None
    next_step: str


def _token(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _label(folder: Path) -> str:
    """Return the content folder as the CLI names it run from the repository root."""
    try:
        return ContentRepository.open(folder).relative(folder) or "."
    except HistoryError:
        return folder.name or "."


def _open(folder: Path) -> ContentRepository | None:
    try:
        return ContentRepository.open(folder)
    except HistoryError:
        return None


def content_lock(folder: Path) -> contextlib.AbstractContextManager[None]:
    """Return the one write lock for ``folder``: the repository's, or (outside git) its own."""
    repo = _open(folder)
    return repo.write_lock() if repo is not None else write_lock(lock_path_for(folder), folder)


def _other_change(folder: Path, name: str) -> str:
    """Return, in words, the change that made ``folder/name`` what it is now."""
    repo = _open(folder)
    if repo is None or not repo.has_commits():
        return "someone changed it"
    path = folder / name
    return describe(repo.last_change(repo.relative(path), _token(path.read_bytes())))


def document_file(content_dir: str | Path, doc_id: str) -> Path:
    """Return the content file of ``doc_id``; refuse ids that are not plain document names."""
    if not is_document_id(doc_id):
        raise InputError(
            f"{doc_id!r} is not a document id; use lower-case letters, digits and hyphens"
        )
    folder = Path(content_dir)
    for name in document_file_names(doc_id):
        path = folder / name
        if path.is_file() and not path.is_symlink():
            return path
    raise ContentError(f"no document {doc_id!r}; check the pack for its id", file=folder)


def read_source(content_dir: str | Path, doc_id: str) -> SourceFile:
    """Return the text of a document's content file and its version token."""
    path = document_file(content_dir, doc_id)
    data = path.read_bytes()
    source = f"{_label(Path(content_dir))}/{path.name}"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError("is not UTF-8 text; save it as UTF-8", file=source) from None
    return SourceFile(doc_id, path.name, source, text, _token(data))


def _normalise(text: str, like: str) -> str:
    """Return the text with the line endings of ``like`` (browsers send CRLF)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\n", "\r\n") if "\r\n" in like else text


def check_source(content_dir: str | Path, doc_id: str, text: str) -> ContentSet:
    """Validate the content folder as it would be with ``text`` saved for ``doc_id``."""
    path = document_file(content_dir, doc_id)
    folder = Path(content_dir)
    files = read_folder(folder)
    files[path.name] = text.encode("utf-8")
    return load_files(files, root=_label(folder))


def load_labelled(content_dir: str | Path) -> ContentSet:
    """Load the content folder, naming files as the CLI does from the repository root."""
    folder = Path(content_dir)
    return load_files(read_folder(folder), root=_label(folder))


def _one_line(value: str, what: str, limit: int) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise InputError(f"{what}: required; fill it in")
    if len(cleaned) > limit or any(unicodedata.category(c) in ("Cc", "Cs") for c in cleaned):
        raise InputError(f"{what}: one line of plain text, at most {limit} characters")
    return cleaned


def _changes(current: str, mine: str, source: str) -> str:
    lines = difflib.unified_diff(
        mine.splitlines(), current.splitlines(), "your text", f"{source} as saved now",
        lineterm="", n=1,
    )
    shown = list(lines)
    return "\n".join(shown[:200] + (["..."] if len(shown) > 200 else []))


def save_source(
    content_dir: str | Path,
    doc_id: str,
    text: str,
    *,
    token: str,
    author: str,
    message: str,
    email: str = "",
) -> SavedEdit:
    """Check ``text``, write it atomically as ``doc_id``'s file and commit it as ``author``.

    ``token`` is the one ``read_source`` gave when the text was read: if the file changed
    since, nothing is written and ``StaleEditError`` says what changed. Invalid text raises
    the same ``ContentError`` as the CLI, and nothing is written.
    """
    name = _one_line(author, "your name", 200)
    summary = message.strip()
    if not summary:
        raise InputError("message: say what you changed, e.g. \"Reword paragraph 3\"")
    if len(summary) > MAX_MESSAGE:
        raise InputError(f"message: at most {MAX_MESSAGE} characters")
    folder = Path(content_dir)
    with content_lock(folder), _SAVE_LOCK:  # the write lock first, as under serve --sync
        current = read_source(folder, doc_id)
        text = _normalise(text, current.text)
        if current.token != token:
            other = _other_change(folder, current.name)
            raise StaleEditError(
                f"{current.source}: someone saved this file after you opened it ({other}); "
                "your text is kept below: compare, merge the changes into it, and save again",
                _changes(current.text, text, current.source), current,
                other=other, kept={current.source: text.encode("utf-8")},
            )
        path = folder / current.name
        if text == current.text:
            return SavedEdit(doc_id, path, None, current.token, False)
        check_source(folder, doc_id, text)
        data = text.encode("utf-8")
        repo = _open(folder)
        if repo is None or not repo.has_commits():
            write_atomic(path, data)
            return SavedEdit(doc_id, path, None, _token(data), True)
        relative = repo.relative(path)
        others = [staged for staged in repo.staged() if staged != relative]
        if others:
            raise HistoryError(
                f"{current.source}: git has other changes staged ({', '.join(others[:3])}); "
                "commit or unstage them first, so this commit holds only your edit"
            )
        with repo.guard([relative]):
            commit = repo.commit([relative], summary, author=(name, email.strip()),
                                 write={relative: data}, base={relative: current.token})
    return SavedEdit(doc_id, path, commit, _token(data), True)


def add_source(
    content_dir: str | Path,
    doc_id: str,
    text: str,
    *,
    author: str,
    message: str,
    email: str = "",
) -> SavedEdit:
    """Check ``text`` and write it as the new Markdown file ``doc_id.md``, committed.

    Refuses a document id that already has a file; invalid text raises ``ContentError``.
    """
    name = _one_line(author, "your name", 200)
    summary = _one_line(message, "message", MAX_MESSAGE)
    folder = Path(content_dir)
    with content_lock(folder), _SAVE_LOCK:  # the write lock first, as under serve --sync
        try:
            existing = document_file(folder, doc_id)
        except ContentError:
            existing = None
        if existing is not None:
            raise ContentError(f"already holds document {doc_id!r}; choose another id",
                               file=f"{_label(folder)}/{existing.name}")
        files = read_folder(folder)
        files[f"{doc_id}.md"] = text.encode("utf-8")
        load_files(files, root=_label(folder))
        path = folder / f"{doc_id}.md"
        repo = _open(folder)
        if repo is None or not repo.has_commits():
            write_atomic(path, files[path.name])
            return SavedEdit(doc_id, path, None, _token(files[path.name]), True)
        relative = repo.relative(path)
        with repo.guard([relative]):
            commit = repo.commit([relative], summary, author=(name, email.strip()),
                                 write={relative: files[path.name]}, base={relative: None})
    return SavedEdit(doc_id, path, commit, _token(files[path.name]), True)


def _release(repo: ContentRepository | None, folder: Path, doc_id: str
             ) -> tuple[str | None, bool]:
    """Return (the version last released, whether the text changed since that release)."""
    if repo is None or not repo.has_commits():
        return None, False
    relative = repo.relative(folder)
    found = latest_release(repo, document_paths(relative, doc_id), doc_id, "HEAD")
    if found is None:
        return None, False
    amended = amended_since(repo, relative, doc_id, rev=None, content_dir=folder)
    return found[1], amended is not None


def document_states(content_dir: str | Path, content: ContentSet) -> list[DocumentState]:
    """Return the state of each pack document, in pack order, with what to do next."""
    folder = Path(content_dir)
    repo = _open(folder)
    states = []
    for doc_id, appendix, document in content.pack_documents():
        released, amended = _release(repo, folder, doc_id)
        if document.status in (Status.APPROVED, Status.ADOPTED) and amended:
            state = "amended since approval"
            step = "Release a new version once the changes are approved"
        elif document.status in (Status.APPROVED, Status.ADOPTED):
            state, step = document.status.value, "Nothing to do until its next review"
        elif document.status is Status.FOR_DECISION:
            state, step = "for decision", "Record the meeting's decision (its history page)"
        elif document.status is Status.DRAFT:
            state = document.status.value
            step = "Edit and check it, then release it for decision"
        else:
            state, step = document.status.value, "Nothing to do"
        states.append(DocumentState(doc_id, appendix, document.kind, document.title,
                                    document.version, state, released, step))
    return states


__all__ = [
    "report_form_fields",
    "DocumentState",
    "add_source",
    "SavedEdit",
    "SourceFile",
    "StaleEditError",
    "check_source",
    "content_lock",
    "document_file",
    "document_states",
    "load_labelled",
    "read_source",
    "report_fields",
    "save_source",
    "set_report_fields",
]
