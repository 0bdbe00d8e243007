"""Define the validated content model: packs, committee reports and policy documents."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from policykit.content.launchblock import Launch
from policykit.content.meetings import AgendaConfig, AgendaDeadline
from policykit.content.people import Officer
from policykit.content.values import (
    CLASSIFICATION_CHOICES,
    STRICT,
    AppendixLetter,
    Classification,
    Descriptor,
    DocumentId,
    Email,
    Interval,
    Level,
    NonEmpty,
    Status,
    StatusField,
)


class ReviewResult(StrEnum):
    """What a review found: ``no-change`` keeps the approval; ``changes-needed`` opens a
    new draft version."""

    NO_CHANGE = "no-change"
    CHANGES_NEEDED = "changes-needed"


class ReviewSchedule(BaseModel):
    """Who reviews a document, how often, and when it was last reviewed.

    Reviews fall due on the dates of a cycle: ``cycle_start`` plus one, two, three...
    intervals. ``cycle_start`` is usually absent and the cycle counts from
    ``last_reviewed``; ``policykit reviews record`` writes it only when a review done
    inside the warning period keeps the cycle where it was (see ``policykit.reviews``).
    The warning period, when given, must be shorter than the interval.
    """

    model_config = STRICT

    owner: NonEmpty
    email: Email
    interval: Interval
    warning: Interval | None = None
    last_reviewed: date | None = None
    last_outcome: Annotated[ReviewResult, BeforeValidator(
        lambda v: ReviewResult(v) if isinstance(v, str)
        and v in ReviewResult._value2member_map_ else v)] | None = None
    cycle_start: date | None = None

    @field_validator("warning")
    @classmethod
    def _warning_shorter(cls, value: Interval | None, info: ValidationInfo) -> Interval | None:
        interval = info.data.get("interval")
        if value is not None and interval is not None and (
            value.longest_days() >= interval.shortest_days()
        ):
            raise ValueError(
                f"the warning period ({value}) must be shorter than the interval "
                f"({interval}); shorten it or lengthen the interval"
            )
        return value

    @field_validator("cycle_start")
    @classmethod
    def _cycle_before_review(cls, value: date | None, info: ValidationInfo) -> date | None:
        last = info.data.get("last_reviewed")
        if value is not None and (last is None or value > last):
            raise ValueError(
                "cycle_start must be on or before last_reviewed; remove it to count "
                "the cycle from the last review"
            )
        return value


class Approval(BaseModel):
    """Who approved a document and when (a decision taken elsewhere, recorded by ``release
    --approved-by/--approved-on``); ``minute`` is the minute reference when it is known."""

    model_config = STRICT

    by: NonEmpty
    on: date
    minute: NonEmpty | None = None


class Meeting(BaseModel):
    """The meeting a document is frozen for (``meeting: {committee, date}``)."""

    model_config = STRICT

    committee: NonEmpty
    date: date


class Outcome(StrEnum):
    """What a meeting decided about a document."""

    APPROVED = "approved"
    AMENDED = "amended"
    DEFERRED = "deferred"
    REFUSED = "refused"


class Decision(BaseModel):
    """The meeting's decision (``decision: {outcome, by, on, minute}``)."""

    model_config = STRICT

    outcome: Annotated[Outcome, BeforeValidator(lambda v: Outcome(v) if isinstance(v, str)
                                                 and v in Outcome._value2member_map_ else v)]
    by: NonEmpty
    on: date
    minute: NonEmpty


class Successor(BaseModel):
    """The document and version that superseded this one (``superseded_by``), and for whom
    when only for some readers (the 2014 staff policy: superseded ``for: Members``)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    document: DocumentId
    version: NonEmpty
    on: date | None = None
    for_whom: NonEmpty | None = Field(default=None, alias="for")


class Supersedes(BaseModel):
    """The document this one replaces once adopted (``supersedes: {document, for}``)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    document: DocumentId
    for_whom: NonEmpty | None = Field(default=None, alias="for")


class Person(BaseModel):
    """A named officer with contact details."""

    model_config = STRICT

    name: NonEmpty
    email: Email
    phone: str | None = None


class Section(BaseModel):
    """A numbered section of a committee report.

    With ``numbered: true`` each paragraph gets a sub-number (5.1, 5.2...), computed at render.
    """

    model_config = STRICT

    heading: NonEmpty
    paragraphs: list[NonEmpty] = Field(min_length=1)
    numbered: bool = False


class Exempt(BaseModel):
    """Why a document is not for publication: a paragraph of Part 1 of Schedule 12A (LGA 1972)."""

    model_config = STRICT

    paragraph: int
    reason: NonEmpty

    @field_validator("paragraph")
    @classmethod
    def _in_part_1(cls, value: int) -> int:
        if not 1 <= value <= 7:
            raise ValueError(f"there is no paragraph {value} in Part 1 of Schedule 12A; "
                             "use a paragraph from 1 to 7")
        return value

    @property
    def notice(self) -> str:
        """Return the notice that stands in the document's place when it is published."""
        return (f"NOT FOR PUBLICATION by virtue of paragraph {self.paragraph} of Part 1 of "
                "Schedule 12A to the Local Government Act 1972")


class Recommendation(BaseModel):
    """One recommendation put to the committee; ``Appendix X`` in its text names an appendix."""

    model_config = STRICT

    text: NonEmpty

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value

    @property
    def appendices(self) -> list[str]:
        """Return the appendix letters this recommendation names, in order."""
        return re.findall(r"\bAppendix ([A-Z])\b", self.text)


class Report(BaseModel):
    """A committee report: the header table, numbered sections and recommendations."""

    model_config = STRICT

    kind: Literal["report"]
    title: NonEmpty
    subject: NonEmpty
    report_of: NonEmpty
    responsible_officer: NonEmpty
    author: Person
    wards_affected: NonEmpty
    sections: list[Section] = Field(min_length=1)
    recommendations: list[Recommendation] = Field(default_factory=list)
    recommendations_after: int = Field(default=1, ge=0)
    background_papers: list[NonEmpty] = Field(default_factory=list)
    classification: Classification | None = None
    version: NonEmpty | None = None
    status: StatusField = Status.DRAFT
    approval: Approval | None = None
    meeting: Meeting | None = None
    decision: Decision | None = None
    in_force_from: date | None = None
    superseded_by: Successor | None = None

    @model_validator(mode="after")
    def _state_fits(self) -> Report:
        return check_state(self)


class PolicyDocument(BaseModel):
    """A policy or guidance document: front matter plus a Markdown body."""

    model_config = STRICT

    kind: Literal["policy"] = "policy"
    title: NonEmpty
    subtitle: str | None = None
    owner: NonEmpty
    version: NonEmpty
    status: StatusField = Status.DRAFT
    approval: Approval | None = None
    meeting: Meeting | None = None
    decision: Decision | None = None
    in_force_from: date | None = None
    superseded_by: Successor | None = None
    supersedes: Supersedes | None = None
    classification: Classification | None = None
    review: ReviewSchedule | None = None
    number_paragraphs: bool = False
    exempt: Exempt | None = None
    body: str = ""

    @model_validator(mode="after")
    def _state_fits(self) -> PolicyDocument:
        return check_state(self)


def check_state(document: Any) -> Any:
    """Return ``document`` if its lifecycle fields fit its status, else raise ValueError."""
    status, decided = document.status, document.decision
    if status in (Status.APPROVED, Status.ADOPTED) and document.approval is None and (
            decided is None or decided.outcome not in (Outcome.APPROVED, Outcome.AMENDED)):
        raise ValueError(
            f"{'an approved' if status is Status.APPROVED else 'an adopted'} document needs "
            "'approval: {by: ..., on: YYYY-MM-DD}' or 'decision: {outcome: approved, by: ..., "
            "on: YYYY-MM-DD, minute: ...}' (policykit decide writes it)")
    if status is Status.REFUSED and (decided is None or decided.outcome is not Outcome.REFUSED):
        raise ValueError("a refused document needs 'decision: {outcome: refused, by, on, "
                         "minute}' (policykit decide writes it)")
    if document.approval is not None and decided is not None:
        raise ValueError("give either approval (a decision taken elsewhere) or decision, not "
                         "both; policykit decide writes decision")
    if document.in_force_from is not None:
        on = decided.on if decided else document.approval.on if document.approval else None
        if on is None or document.in_force_from < on:
            raise ValueError(f"in_force_from {document.in_force_from} is before the document "
                             "was approved; give a date on or after the decision")
    return document


Document = Report | PolicyDocument


class PackDocument(BaseModel):
    """One document in a committee pack, in the order it is published."""

    model_config = STRICT

    id: DocumentId
    appendix: AppendixLetter | None = None


class Comparison(BaseModel):
    """A standing comparison that ``policykit build`` writes alongside the pack."""

    model_config = STRICT

    document: DocumentId
    against: DocumentId


class CheckConfig(BaseModel):
    """Settings for ``policykit check`` (``check:`` in pack.yaml): plain-English targets."""

    model_config = STRICT

    reading_age: float = Field(default=9, gt=0, le=30)
    sentence_words: int = Field(default=25, ge=5, le=500)


class Announcement(BaseModel):
    """Who the launch email is from and to (``announce: {from, to}`` in pack.yaml)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    sender: Email = Field(alias="from")
    to: list[Email] = Field(min_length=1)

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


def _check_url(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", value):
        raise ValueError(f"{value!r} is not a web address; write it as https://...")
    return value


class Replacement(BaseModel):
    """A document the adoption of another replaces (``replaces:`` in pack.yaml)."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)

    document: DocumentId
    by: DocumentId
    for_whom: NonEmpty | None = Field(default=None, alias="for")


class Pack(BaseModel):
    """A committee pack: the meeting, its classification and the documents in it."""

    model_config = STRICT

    council: NonEmpty
    committee: NonEmpty
    meeting_date: date
    classification: Classification
    language: str = "en-GB"
    documents: list[PackDocument] = Field(min_length=1)
    replaces: list[Replacement] = Field(default_factory=list)
    comparisons: list[Comparison] = Field(default_factory=list)
    check: CheckConfig = Field(default_factory=CheckConfig)
    announce: Announcement | None = None
    extranet_url: Annotated[str, AfterValidator(_check_url)] | None = None
    people: list[Officer] = Field(default_factory=list)  # who works on or reviews the pack
    agenda: AgendaConfig = Field(default_factory=AgendaConfig)
    launch: Launch | None = None


@dataclass
class ContentSet:
    """Every content document in a folder, the pack that orders them, and what was noticed."""

    pack: Pack
    documents: dict[str, Document]
    sources: dict[str, str]
    warnings: list[str] = field(default_factory=list)

    def pack_documents(self) -> list[tuple[str, str | None, Document]]:
        """Return (id, appendix letter, document) for each document in the pack, in order."""
        return [(d.id, d.appendix, self.documents[d.id]) for d in self.pack.documents]

    def appendix_of(self, doc_id: str) -> str | None:
        """Return the appendix letter the pack gives a document, if any."""
        return next((d.appendix for d in self.pack.documents if d.id == doc_id), None)

    def agenda_deadline(self) -> AgendaDeadline:
        """Return when the agenda must be published (pack.yaml's ``agenda`` rule): for the
        meeting the papers are frozen for (``release --meeting``), else the pack's."""
        documents = [d for _, _, d in self.pack_documents()]
        frozen = next((d.meeting for d in documents
                       if d.status is Status.FOR_DECISION and d.meeting), None)
        meeting = frozen or Meeting(committee=self.pack.committee, date=self.pack.meeting_date)
        exempt = any(getattr(d, "exempt", None) is not None for d in documents)
        return self.pack.agenda.deadline(meeting.date, exempt_items=exempt,
                                         committee=meeting.committee)


__all__ = [
    "CLASSIFICATION_CHOICES",
    "Announcement",
    "Approval",
    "Decision",
    "Meeting",
    "Outcome",
    "ReviewResult",
    "Successor",
    "Supersedes",
    "CheckConfig",
    "Classification",
    "Comparison",
    "ContentSet",
    "Descriptor",
    "Document",
    "Exempt",
    "Interval",
    "Level",
    "Pack",
    "PackDocument",
    "Person",
    "PolicyDocument",
    "Recommendation",
    "Replacement",
    "Report",
    "ReviewSchedule",
    "Section",
    "Status",
]
