"""Release documents for decision and record the meeting's decision, in git, all-or-nothing.

The rules (which step fits which state, what it writes and says) are
``policykit.content.lifecycle``'s; this module finds what they need in git (versions
released, the text as it was frozen) and carries the steps out through ``versions.steps``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from policykit.content import ContentSet, lifecycle
from policykit.content.lifecycle import Step, long_date, release_tag
from policykit.content.models import Meeting, Outcome, PolicyDocument, Status
from policykit.content.versionnumber import check_new_version, next_version, version_key
from policykit.errors import LifecycleError
from policykit.versions.steps import Folder, Release, apply_steps
from policykit.versions.trailers import (
    DECISION,
    MINUTE,
    RELEASE_DOCUMENT,
    RELEASE_VERSION,
)
from policykit.word.package import write_atomic


@dataclass(frozen=True)
class Decided:
    """A decision recorded: the commit, each document's step, and the tags made."""

    commit: str
    outcome: Outcome
    steps: list[Step]
    tags: list[str] = field(default_factory=list)


def release_for_decision(folder: Path, doc_id: str, *, version: str,
                         meeting_date: date | None, committee: str | None,
                         build: Callable[[str], bytes], out: str | Path | None) -> Release:
    """Freeze ``doc_id`` as ``version`` for decision at the pack's meeting, or at the meeting
    ``meeting_date`` (and ``committee``) name."""
    built: list[bytes] = []
    paths: list[str] = []
    said: list[str] = []

    def plan(content: ContentSet, where: Folder) -> list[Step]:
        paths.append(where.source(doc_id))
        document = content.documents[doc_id]
        at = Meeting(committee=committee or content.pack.committee,
                     date=meeting_date or content.pack.meeting_date)
        released = where.released_versions(doc_id)
        tag = release_tag(doc_id, version)
        same = version in released and where.unchanged_since(doc_id, document, tag)
        if version in released and not same:
            raise LifecycleError(
                f"{tag} already exists and {doc_id} has changed since; release the changed "
                f"text as a new version, e.g. --version "
                f"{next_version(max(released, key=version_key))}")
        step = lifecycle.release_for_decision(doc_id, document, version=version, meeting=at,
                                              released=released,
                                              text_released=version if same else None,
                                              last_decided=_last_decided(where, doc_id))
        said.append(f"for decision by {at.committee} on {long_date(at.date)}")
        if not same:
            where.extra_tags.append((tag, f"{doc_id} version {version}, as put to "
                                          f"{at.committee} on {long_date(at.date)}"))
        return [step]

    def make(commit: str) -> None:
        built.append(build(commit))
        if out is not None:
            write_atomic(out, built[0])

    commit, steps, tags = apply_steps(
        folder, plan, message=f"Release {doc_id} version {version} for decision",
        trailers={RELEASE_VERSION: version, RELEASE_DOCUMENT: doc_id}, build=make)
    return Release(doc_id, version, steps[0].tag, commit, paths[0], built[0], [], said[0])


def decide(content_dir: str | Path, doc_ids: list[str] | None, *, outcome: Outcome | str,
           on: date, minute: str, today: date, by: str | None = None,
           in_force_from: date | None = None, version: str | None = None) -> Decided:
    """Record the meeting's decision on the named documents (default: every document for
    decision), in one commit; refuse it all if any step does not fit."""
    try:
        outcome = Outcome(outcome)
    except ValueError:
        raise LifecycleError(f"--outcome: {outcome!r} is not an outcome; use approved, "
                             "amended, deferred or refused") from None
    if len(minute.strip().splitlines()) > 1:
        raise LifecycleError("--minute: the minute reference is on more than one line; give "
                             "it on one line, e.g. --minute 23")
    minute = " ".join(minute.split())
    if not minute:
        raise LifecycleError("--minute: give the minute reference, e.g. --minute 23")

    def plan(content: ContentSet, where: Folder) -> list[Step]:
        targets = list(doc_ids or [doc_id for doc_id, _, document in content.pack_documents()
                                   if document.status is Status.FOR_DECISION])
        if not targets:
            first = content.pack.documents[0].id
            raise LifecycleError(
                "no document is for decision; release them first (policykit release "
                f"{first} --version 1.0), then record the decision")
        for doc_id in targets:
            where.source(doc_id)
        steps: list[Step] = []
        amended_any = False
        for doc_id in targets:
            document = content.documents[doc_id]
            committee = by or (document.meeting.committee if document.meeting
                               else content.pack.committee)
            new_version = None
            said = outcome
            if outcome is Outcome.AMENDED and document.status is Status.FOR_DECISION:
                frozen = release_tag(doc_id, document.version or "")
                if where.unchanged_since(doc_id, document, frozen):
                    if doc_ids:
                        raise LifecycleError(
                            f"{doc_id}: its text is as it was put to the meeting ({frozen}); "
                            f"commit the amended text first (edit {doc_id}, git commit), "
                            "then record the decision")
                    said = Outcome.APPROVED
                else:
                    new_version = version or next_version(document.version or "1.0")
                    check_new_version(doc_id, new_version, where.released_versions(doc_id))
                    amended_any = True
            step = lifecycle.decide(doc_id, document, outcome=said, by=committee, on=on,
                                    minute=minute, today=today, in_force_from=in_force_from,
                                    amended_version=new_version)
            steps.append(step)
            if new_version:
                where.extra_tags.append((release_tag(doc_id, new_version),
                                         f"{doc_id} version {new_version}, as amended and "
                                         f"approved by {committee} on {long_date(on)}"))
            if step.status is Status.ADOPTED:
                steps.extend(supersessions(content, where, doc_id, document, step, on))
        if outcome is Outcome.AMENDED and not amended_any:
            raise LifecycleError(
                "no document was amended since it was put to the meeting; commit the "
                "amended text first, or record --outcome approved")
        return steps

    ids = ", ".join(doc_ids) if doc_ids else "the pack"
    commit, steps, tags = apply_steps(
        content_dir, plan,
        message=f"Decision on {on.isoformat()} (minute {minute}): {ids} {outcome.value}",
        trailers={DECISION: outcome.value, MINUTE: minute})
    return Decided(commit, outcome, steps, tags)


def supersessions(content: ContentSet, where: Folder, doc_id: str, document: object,
                step: Step, on: date) -> list[Step]:
    """Return the supersession steps an adoption brings: the document it replaces (its
    ``supersedes:``), and its own version in force before (a tag only)."""
    steps: list[Step] = []
    start = date.fromisoformat(str(step.fields.get("in_force_from") or on.isoformat()))
    targets = [(r.document, r.for_whom) for r in content.pack.replaces if r.by == doc_id]
    if isinstance(document, PolicyDocument) and document.supersedes is not None:
        targets.append((document.supersedes.document, document.supersedes.for_whom))
    for target, for_whom in targets:
        replaced = content.documents.get(target)
        if replaced is None:
            raise LifecycleError(f"{doc_id}: it replaces {target!r}, which is not a content "
                                 "document; name the content file it replaces (pack.yaml, "
                                 "replaces)")
        if replaced.superseded_by is None or replaced.superseded_by.document != doc_id:
            steps.append(lifecycle.supersede(target, replaced, successor=doc_id,
                                             version=step.version, on=start,
                                             for_whom=for_whom))
    previous = _in_force_before(where, doc_id)
    if previous is not None and previous != step.version:
        where.extra_tags.append((
            lifecycle.tag_name(doc_id, Status.SUPERSEDED, start, previous),
            f"{doc_id} version {previous}: superseded by version {step.version} from "
            f"{long_date(start)}"))
    return steps


def _last_decided(where: Folder, doc_id: str) -> date | None:
    """Return the date of the last decision on ``doc_id`` its tags record."""
    found = [parsed[2] for names in where.repository.tags().values() for tag in names
             if (parsed := lifecycle.parse_tag(tag)) and parsed[0] == doc_id
             and parsed[1] in ("adopted", "approved", "refused", "deferred")]
    return max(found) if found else None


def _in_force_before(where: Folder, doc_id: str) -> str | None:
    """Return the version of ``doc_id`` adopted or approved last, from its tags."""
    found: list[tuple[date, str]] = []
    for names in where.repository.tags().values():
        for tag in names:
            parsed = lifecycle.parse_tag(tag)
            if parsed and parsed[0] == doc_id and parsed[1] in ("adopted", "approved"):
                found.append((parsed[2], parsed[3]))
    return max(found)[1] if found else None


__all__ = ["Decided", "decide", "release_for_decision", "supersessions"]
