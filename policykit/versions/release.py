"""Release documents from a content repository, all-or-nothing.

``release_document`` sets a policy's version, status and
approval in its content file, commits it with trailers, tags it ``<doc-id>/v<version>`` and
builds it; on any failure the repository is put back exactly as it was.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from policykit.content import (
    Document,
    document_file_names,
    is_document_id,
    lifecycle,
    load_files,
    parse,
    read_folder,
    templates_beside,
    yaml_scalar,
)
from policykit.content.frontmatter import FieldValue, edit_content_file, set_field
from policykit.content.lifecycle import approved_on as approved_on_of
from policykit.content.lifecycle import check_approval_date, long_date, parse_tag
from policykit.content.models import Status
from policykit.content.versionnumber import VERSION_NUMBER, check_new_version, version_key
from policykit.errors import ContentError, HistoryError, InputError, LifecycleError
from policykit.versions.repository import ContentRepository
from policykit.versions.steps import Folder, Release, edit_fields, terminate_as_interrupt
from policykit.versions.trailers import (
    APPROVED_BY,
    APPROVED_ON,
    MINUTE,
    RELEASE_DOCUMENT,
    RELEASE_VERSION,
)
from policykit.word.package import write_atomic

Builder = Callable[[str], bytes]
"""Build the released document as it stands at a commit id; return the .docx bytes."""


# -- editing a content file ------------------------------------------------------------


def set_release_fields(
    text: str, source: str, *, version: str, approved_by: str, approved_on: date,
    minute: str | None = None,
) -> str:
    """Return YAML ``text`` with version, ``status: approved`` and approval set.

    Only the lines of those three fields change: comments, order, quoting and layout of
    everything else are kept byte for byte.
    """
    wanted: dict[str, FieldValue] = {
        "version": json.dumps(version),
        "status": Status.APPROVED.value,
        "approval": {"by": yaml_scalar(approved_by), "on": approved_on.isoformat(),
                     **({"minute": yaml_scalar(minute)} if minute else {})},
    }
    previous = None
    for key, value in wanted.items():
        text = set_field(text, source, (key,), value, after=previous)
        previous = key
    return text


def edit_document(
    raw: bytes, source: str, *, version: str, approved_by: str, approved_on: date,
    minute: str | None = None,
) -> bytes:
    """Return a content file's bytes with the release fields set (front matter for ``.md``)."""
    return edit_content_file(raw, source, lambda front: set_release_fields(
        front, source, version=version, approved_by=approved_by, approved_on=approved_on,
        minute=minute))


# -- release ---------------------------------------------------------------------------


def _check_inputs(doc_id: str, version: str, approved_by: str, approved_on: date,
                  today: date) -> None:
    if re.fullmatch(r"[vV][0-9].*", version):
        raise InputError(
            f"version {version}: write the version without the v, {version[1:]} "
            f"(the tag is {doc_id}/v{version[1:]})"
        )
    if not VERSION_NUMBER.match(version):
        raise InputError(
            f"{version!r} is not a version number; use digits and dots such as 1.0 or 2.1"
        )
    if not approved_by.strip() or approved_by.splitlines() != [approved_by] or any(
        unicodedata.category(char) in ("Cc", "Cs") for char in approved_by
    ):
        raise InputError(
            "approved by: name who approved the document, on one line, e.g. \"Cabinet\""
        )
    if approved_on > today:
        raise InputError(
            f"approved on: the approval date {approved_on} is in the future (today is "
            f"{today}); give the day the document was approved"
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


def release_document(
    content_dir: str | Path,
    doc_id: str,
    *,
    version: str,
    approved_by: str | None = None,
    approved_on: date | None = None,
    today: date,
    build: Builder,
    out: str | Path | None = None,
    minute: str | None = None,
    meeting_date: date | None = None,
    committee: str | None = None,
) -> Release:
    """Release ``doc_id``: set its fields, commit, tag, build, write ``out``; or change nothing.

    Without ``approved_by``/``approved_on`` the document is frozen *for decision* at the
    pack's meeting (or ``meeting``); with them, a decision taken elsewhere is recorded.

    ``build`` receives the new commit id and returns the document built at it. Refuses an
    invalid document, an existing tag, or uncommitted changes to any other file. Any failure
    after the commit (building, or writing ``out``) removes the commit and the tag and puts
    the content file back, so the release can simply be run again.
    """
    folder = Path(content_dir)
    if approved_by is None and approved_on is None:
        from policykit.versions.decisions import release_for_decision

        return release_for_decision(folder, doc_id, version=version,
                                    meeting_date=meeting_date, committee=committee,
                                    build=build, out=out)
    if approved_by is None or approved_on is None:
        raise InputError("give both --approved-by and --approved-on to record a decision "
                         "taken elsewhere, or neither to release the document for decision")
    _check_inputs(doc_id, version, approved_by, approved_on, today)
    repository = ContentRepository.open(folder)
    if not folder.is_dir():
        raise ContentError(
            "no such content folder; run the command where content/ is, or give the folder "
            "that holds pack.yaml",
            file=folder,
        )
    root = repository.relative(folder)
    tag = f"{doc_id}/v{version}"
    repository.check_tag_name(tag)
    with terminate_as_interrupt(), repository.release_lock():
        repository.branch()
        files = read_folder(folder)
        name = _document_file(folder, files, doc_id)
        path = f"{root}/{name}" if root else name
        _refuse_for_decision(files[name], path, doc_id)
        if repository.tag_exists(tag):
            made = repository.version(tag)
            raise HistoryError(
                f"{tag} already exists (commit {made.commit[:8]}, {made.date:%Y-%m-%d}); "
                f"release a new version number, e.g. {_next(version)}"
            )
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
        check_legacy_release(repository, path, doc_id, version, approved_on)
        edited = edit_document(
            files[name], f"{root}/{name}" if root else name,
            version=version, approved_by=approved_by, approved_on=approved_on, minute=minute,
        )
        try:
            before = parse(files[name].decode("utf-8-sig"), path)
        except (ContentError, UnicodeDecodeError):  # e.g. approved without its approval
            before = load_files({**files, name: edited}, root=root or ".").documents[doc_id]
        edits, tags = _as_decided(folder, repository, root, files, before, doc_id,
                                  version=version, by=approved_by,  # kept as typed
                                  on=approved_on, minute=minute)
        checked = load_files({**files, **edits}, root=root or ".")
        message = f"Release {doc_id} version {version}"
        trailers = {
            APPROVED_BY: " ".join(approved_by.split()),
            APPROVED_ON: approved_on.isoformat(),
            RELEASE_VERSION: version,
            RELEASE_DOCUMENT: doc_id,
            **({MINUTE: " ".join(minute.split())} if minute else {}),
        }
        paths = [f"{root}/{edited_name}" if root else edited_name for edited_name in edits]
        with repository.guard(paths, [tag, *(name for name, _ in tags)]):
            for edited_path, edited_name in zip(paths, edits, strict=True):
                write_atomic(repository.root / edited_path, edits[edited_name])
            commit = repository.commit(paths, message, trailers)
            repository.create_tag(tag, commit, f"{doc_id} version {version}, approved by "
                                  f"{trailers[APPROVED_BY]} on {approved_on.isoformat()}")
            for name_of_tag, text in tags:
                repository.create_tag(name_of_tag, commit, text)
            docx = build(commit)
            if out is not None:
                write_atomic(out, docx)
    return Release(doc_id, version, tag, commit, path, docx, list(checked.warnings),
                   "\n".join(text for _, text in tags[1:]))


def release(
    content_dir: str | Path,
    doc_id: str,
    *,
    version: str,
    approved_by: str | None = None,
    approved_on: date | None = None,
    today: date,
    out: str | Path | None = None,
    minute: str | None = None,
    meeting_date: date | None = None,
    committee: str | None = None,
) -> Release:
    """Release a document (for decision, or approved elsewhere): commit, tag, build, write.

    The built document is byte-identical to ``build --at <tag>``; all or nothing.
    """
    from policykit.versions.build import build_at

    return release_document(content_dir, doc_id, version=version, approved_by=approved_by,
                            approved_on=approved_on, today=today, out=out, minute=minute,
                            meeting_date=meeting_date, committee=committee,
                            build=lambda commit: build_at(content_dir, doc_id, commit))


def _as_decided(path: Path, repository: ContentRepository, root: str,
                files: dict[str, bytes], document: Document, doc_id: str, *, version: str,
                by: str, on: date, minute: str | None
                ) -> tuple[dict[str, bytes], list[tuple[str, str]]]:
    """Return the files a decision taken elsewhere edits and the tags it makes, as ``decide``
    would: the document adopted (a policy, in force from the next day) or approved, what it
    replaces superseded, and the version in force before tagged superseded."""
    from policykit.versions.decisions import supersessions

    step = lifecycle.approve_elsewhere(doc_id, document, version=version, by=by, on=on,
                                       minute=minute)
    where = Folder(path, repository, root, files)
    source = where.source(doc_id)
    steps = [step]
    if step.status is Status.ADOPTED:
        name = Path(source).name
        content = load_files({**files, name: edit_fields(files[name], source, step.fields)},
                             root=root or ".")
        steps += supersessions(content, where, doc_id, content.documents[doc_id], step, on)
    edits: dict[str, bytes] = {}
    for each in steps:
        source = where.source(each.doc_id)
        name = Path(source).name
        edits[name] = edit_fields(edits.get(name, files[name]), source, each.fields)
    tags = [(each.tag, each.message) for each in steps] + where.extra_tags
    for name, _ in tags:
        repository.check_tag_name(name)
        if repository.tag_exists(name):
            raise LifecycleError(f"the tag {name} already exists: this step was taken before; "
                                 "'policykit status' shows where each document stands")
    return edits, tags


def check_legacy_release(repository: ContentRepository, path: str, doc_id: str,
                         version: str, approved_on: date) -> None:
    """Refuse a version not after the last released one, or an approval dated before the
    previous version's."""
    prefix = f"{doc_id}/v"
    tags = repository.tags()
    released = [tag.removeprefix(prefix) for names in tags.values() for tag in names
                if tag.startswith(prefix)]
    if version in released:
        return  # the existing tag's own message says so, with the commit and date
    check_new_version(doc_id, version, released)
    if not released:
        return
    last = max(released, key=version_key)
    tag = prefix + last
    dates = [parsed[2] for names in tags.values() for name in names
             if (parsed := parse_tag(name)) is not None and parsed[0] == doc_id
             and parsed[1] in ("approved", "adopted")]  # decisions recorded by decide
    if repository.exists(tag, path):
        dates += [day for day in [approved_on_at(repository.read(tag, path), path)] if day]
    check_approval_date(doc_id, approved_on, max(dates) if dates else None)


def _refuse_for_decision(raw: bytes, path: str, doc_id: str) -> None:
    """Refuse to record a decision taken elsewhere on a paper frozen for a meeting."""
    try:
        document = parse(raw.decode("utf-8-sig"), path)
    except (ContentError, UnicodeDecodeError):
        return  # the release's own validation says what is wrong
    if document.status is Status.FOR_DECISION and document.meeting is not None:
        meeting = document.meeting
        raise LifecycleError(
            f"{doc_id} is for decision by {meeting.committee} on {long_date(meeting.date)}; "
            f"record that meeting's decision instead: policykit decide --outcome approved "
            f"--on {meeting.date} --minute REF {doc_id}")


def approved_on_at(raw: bytes, path: str) -> date | None:
    """Return the approval date a content file's bytes record, if any."""
    try:
        document = parse(raw.decode("utf-8-sig"), path)
    except (ContentError, UnicodeDecodeError):
        return None
    return approved_on_of(document)


def _next(version: str) -> str:
    head, _, last = version.rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


__all__ = [
    "Builder",
    "Release",
    "terminate_as_interrupt",
    "edit_document",
    "release",
    "release_document",
    "set_release_fields",
]
