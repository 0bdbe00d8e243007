"""Say where each document of the pack stands: state, version, meeting, decision, review.

The state is the front matter's (``policykit.content.lifecycle``); git adds what the front
matter no longer holds: versions superseded (``<doc>/superseded/...`` tags) and whether the
text changed since it was frozen or approved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from policykit.content import ContentSet, lifecycle, load
from policykit.content.lifecycle import release_tag
from policykit.content.models import Decision, PolicyDocument, Status
from policykit.content.reviewcycle import next_review
from policykit.errors import HistoryError
from policykit.versions.repository import ContentRepository
from policykit.versions.steps import Folder


@dataclass
class DocumentStatus:
    """One line of ``policykit status``."""

    doc_id: str
    appendix: str | None
    title: str
    state: str
    version: str | None
    meeting: str | None = None
    decision: str | None = None
    in_force_from: date | None = None
    last_review: str | None = None
    next_review: date | None = None
    superseded: list[str] = field(default_factory=list)
    agenda_deadline: date | None = None
    changed: bool = False
    next_step: str = ""
    short_decision: str | None = None  # "approved 2019-06-11, minute 23"

    def as_dict(self) -> dict[str, object]:
        """Return the line as JSON-ready values."""
        return {
            "document": self.doc_id, "appendix": self.appendix, "title": self.title,
            "state": self.state, "version": self.version, "meeting": self.meeting,
            "decision": self.decision,
            "in_force_from": self.in_force_from.isoformat() if self.in_force_from else None,
            "last_review": self.last_review,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "superseded_versions": self.superseded,
            "agenda_deadline": self.agenda_deadline.isoformat() if self.agenda_deadline
            else None,
            "changed_since_release": self.changed, "next_step": self.next_step,
        }


def _decision_words(decided: object) -> str | None:
    if isinstance(decided, Decision):
        return (f"{decided.outcome.value} by {decided.by} on {decided.on.isoformat()} "
                f"(minute {decided.minute})")
    if decided is not None:
        minute = getattr(decided, "minute", None)
        return (f"approved by {decided.by} on {decided.on.isoformat()}"  # type: ignore[attr-defined]
                + (f" (minute {minute})" if minute else ""))
    return None


def _next_step(doc_id: str, state: Status, version: str | None, changed: bool,
               reviewed: bool) -> str:
    if state is Status.DRAFT:
        return f"policykit release {doc_id} --version {version or '1.0'}"
    if state is Status.FOR_DECISION:
        return (f"after the meeting: policykit decide --outcome approved --on DATE --minute "
                f"REF {doc_id}")
    if state in (Status.APPROVED, Status.ADOPTED):
        if changed:
            return "release the changes as a new version"
        return (f"at its review: policykit reviews record {doc_id}" if reviewed
                else "nothing until a new version is needed")
    if state is Status.REFUSED:
        return "edit it and release a new version for a later meeting, or leave it"
    return "nothing: it is superseded"


def _deadline(content: ContentSet) -> tuple[date, date]:
    """Return (the agenda deadline, the meeting it is for), by pack.yaml's ``agenda`` rule."""
    deadline = content.agenda_deadline()
    return deadline.publish_by, deadline.meeting


def pack_status(content_dir: str | Path, *, today: date) -> list[DocumentStatus]:
    """Return the status of each pack document, then of the other documents that have one."""
    path = Path(content_dir)
    content = load(path)
    try:
        repository: ContentRepository | None = ContentRepository.open(path)
    except HistoryError:
        repository = None
    tags = repository.tags() if repository and repository.has_commits() else {}
    names = [tag for found in tags.values() for tag in found]
    deadline, deadline_meeting = _deadline(content)
    ordered = [doc_id for doc_id, _, _ in content.pack_documents()]
    ordered += sorted(doc_id for doc_id, document in content.documents.items()
                      if doc_id not in ordered and (document.status is not Status.DRAFT
                                                    or document.version))
    lines = []
    where = (Folder(path, repository, repository.relative(path), {
        name: b"" for name in (p.name for p in path.iterdir())}) if repository else None)
    for doc_id in ordered:
        document = content.documents[doc_id]
        meeting = lifecycle.meeting_of(document, content.pack)
        changed = False
        if where and document.version and document.status is not Status.DRAFT:
            tag = release_tag(doc_id, document.version)
            changed = f"{tag}" in names and not where.unchanged_since(doc_id, document, tag)
        superseded = sorted(
            f"{parsed[3]} (from {parsed[2].isoformat()})" for tag in names
            if (parsed := lifecycle.parse_tag(tag)) and parsed[0] == doc_id
            and parsed[1] == "superseded")
        review = document.review if isinstance(document, PolicyDocument) else None
        line = DocumentStatus(
            doc_id=doc_id, appendix=content.appendix_of(doc_id), title=document.title,
            state=document.status.value + (" (changed since)" if changed else ""),
            version=document.version,
            meeting=(f"{meeting.committee} {meeting.date.isoformat()}"
                     if document.meeting else None),
            decision=_decision_words(lifecycle.decision_of(document)),
            in_force_from=document.in_force_from,
            last_review=(lifecycle.review_line(document, None) if review else None),
            next_review=next_review(document) if isinstance(document, PolicyDocument) else None,
            superseded=superseded,
            agenda_deadline=deadline if document.status in (Status.DRAFT, Status.FOR_DECISION)
            and meeting.date == deadline_meeting else None,
            changed=changed,
            next_step=_next_step(doc_id, document.status, document.version, changed,
                                 review is not None),
        )
        decided = lifecycle.decision_of(document)
        if decided is not None:
            outcome = getattr(decided, "outcome", None)
            minute = getattr(decided, "minute", None)
            line.short_decision = (f"{outcome.value if outcome else 'approved'} "
                                   f"{decided.on.isoformat()}"
                                   + (f", minute {minute}" if minute else ""))
        if document.status is Status.SUPERSEDED:
            line.decision = lifecycle.superseded_line(document, lifecycle.titles(content))
        lines.append(line)
    del today
    return lines


__all__ = ["DocumentStatus", "pack_status"]
