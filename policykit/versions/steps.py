"""Carry out lifecycle steps in git, all-or-nothing: edit front matter, commit once, tag.

``policykit.content.lifecycle`` decides what a step writes (``Step``: the fields and the
tag); this module does it: under the release lock, refusing uncommitted work, it edits each
content file (only the fields' own lines change), validates the whole folder as it would
be, commits through ``ContentRepository.commit`` (the one commit path) and makes the
annotated tags. Any failure puts every file, ref and tag back.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from policykit.content import (
    ContentSet,
    document_file_names,
    load_files,
    parse,
    read_folder,
    templates_beside,
)
from policykit.content.frontmatter import edit_content_file, set_field
from policykit.content.lifecycle import Step, same_text
from policykit.content.models import Document
from policykit.errors import ContentError, HistoryError, LifecycleError
from policykit.versions.repository import ContentRepository
from policykit.word.package import write_atomic


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
    said: str = ""  # where it stands now ("for decision by Cabinet on 11 June 2019"), or
    # for a decision taken elsewhere what it superseded, a line each



@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
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


Plan = Callable[[ContentSet, "Folder"], list[Step]]
"""Return the steps to take, given the content as it stands; raise to refuse."""


@dataclass
class Folder:
    """A content folder in its repository, as the steps see it."""

    path: Path
    repository: ContentRepository
    root: str
    files: dict[str, bytes]
    extra_tags: list[tuple[str, str]] = field(default_factory=list)

    def source(self, doc_id: str) -> str:
        """Return the repository path of a document's content file."""
        for name in document_file_names(doc_id):
            if name in self.files:
                return f"{self.root}/{name}" if self.root else name
        known = sorted(name.rsplit(".", 1)[0] for name in self.files if name != "pack.yaml")
        raise ContentError(f"no document {doc_id!r} ({doc_id}.md); the documents are "
                           f"{', '.join(known)}", file=self.path)

    def released_versions(self, doc_id: str) -> list[str]:
        """Return the versions of ``doc_id`` tagged ``<doc-id>/v<version>``."""
        prefix = f"{doc_id}/v"
        return [tag.removeprefix(prefix) for tags in self.repository.tags().values()
                for tag in tags if tag.startswith(prefix)]

    def at_tag(self, doc_id: str, tag: str) -> Document | None:
        """Return the document as it was at ``tag``, or None when the tag is not there."""
        if not self.repository.tag_exists(tag):
            return None
        path = self.source(doc_id)
        if not self.repository.exists(tag, path):
            return None
        return parse(self.repository.read(tag, path).decode("utf-8-sig"), path)

    def unchanged_since(self, doc_id: str, document: Document, tag: str) -> bool:
        """Return whether the document's text is as it was at ``tag`` (lifecycle fields aside)."""
        then = self.at_tag(doc_id, tag)
        return then is not None and same_text(then, document)


def edit_fields(raw: bytes, source: str, fields: Mapping[str, object]) -> bytes:
    """Return a content file's bytes with ``fields`` set (None removes one), in order."""
    def edit(front: str) -> str:
        previous = "version"
        for key, value in fields.items():
            front = set_field(front, source, (key,), value, after=previous)  # type: ignore[arg-type]
            if value is not None:
                previous = key
        return front

    return edit_content_file(raw, source, edit)


def apply_steps(content_dir: str | Path, plan: Plan, *, message: str,
                trailers: Mapping[str, str],
                build: Callable[[str], object] | None = None) -> tuple[str, list[Step], list[str]]:
    """Plan the steps on the content as it stands and carry them out in one commit.

    Return (commit, steps, tags made). Refuses uncommitted work anywhere the build reads.
    """
    folder_path = Path(content_dir)
    repository = ContentRepository.open(folder_path)
    root = repository.relative(folder_path)
    with terminate_as_interrupt(), repository.release_lock():
        repository.branch()
        files = read_folder(folder_path)
        folder = Folder(folder_path, repository, root, files)
        refuse_uncommitted(repository, root)
        content = load_files(files, root=root or ".")
        steps = plan(content, folder)
        edited: dict[str, bytes] = {}
        paths: list[str] = []
        for step in steps:
            path = folder.source(step.doc_id)
            name = Path(path).name
            edited[name] = edit_fields(edited.get(name, files[name]), path, step.fields)
            if path not in paths:
                paths.append(path)
        load_files({**files, **edited}, root=root or ".")  # the folder as it will be
        tags = [(step.tag, step.message) for step in steps] + folder.extra_tags
        for tag, _ in tags:
            repository.check_tag_name(tag)
            if repository.tag_exists(tag):
                raise LifecycleError(f"the tag {tag} already exists: this step was taken "
                                     "before; 'policykit status' shows where each document "
                                     "stands")
        with repository.guard(paths, [tag for tag, _ in tags]):
            for path in paths:
                write_atomic(repository.root / path, edited[Path(path).name])
            commit = repository.commit(paths, message, trailers)
            for tag, text in tags:
                repository.create_tag(tag, commit, text)
            if build is not None:
                build(commit)
    return commit, steps, [tag for tag, _ in tags]


def refuse_uncommitted(repository: ContentRepository, root: str,
                       allowed: Sequence[str] = ()) -> None:
    """Refuse to take a step while files the build reads have uncommitted changes."""
    watched = [root or ".", templates_beside(root)]
    others = sorted(set(repository.changes(untracked=False)) | set(repository.changes(watched)))
    others = [changed for changed in others if changed not in allowed]
    if others:
        shown = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3
                                         else "")
        raise HistoryError(f"uncommitted changes to {shown}; commit them (git commit -am "
                           "\"...\") or stash them (git stash -u), then try again")


__all__ = ["Folder", "Plan", "Release", "apply_steps", "edit_fields", "refuse_uncommitted",
           "terminate_as_interrupt"]
