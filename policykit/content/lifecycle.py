"""Own a pack document's life: its states, the steps between them, what each writes and says.

A committee pack exists so that a meeting can decide. Every pack document (the report
included) moves through these states; ``status:`` in its front matter names the state::

    state         reached by                              front matter written
    ------------  --------------------------------------  ---------------------------------
    draft         editing; decide --outcome deferred;     status: draft, version
                  reviews record --outcome changes-needed
    for decision  release DOC --version V (frozen for     status, version,
                  the pack's meeting, or --meeting)       meeting: {committee, date}
    approved      decide --outcome approved|amended       status, decision: {outcome, by,
                  (the report and papers that have no     on, minute}; release --approved-by
                  review schedule)                        writes approval: {by, on, minute}
    adopted       decide --outcome approved|amended       status, decision, in_force_from
                  (a policy: it has a review schedule)    (release --approved-by: approval,
                  or release --approved-by (a decision    meeting, in_force_from; the same
                  taken elsewhere: ``approve_elsewhere``) tags and supersessions as decide)
    refused       decide --outcome refused (the policy    status, decision
                  in force before stays in force)
    superseded    decide adopting the successor (DOC's    status, superseded_by: {document,
                  next version, or what pack.yaml's       version, on, for}
                  replaces: names, or supersedes: DOC
                  in the successor's front matter)

Each step also makes annotated tags on its commit (``tag_name``, ``release_tag``)::

    release for decision   DOC/vV (the version's frozen text, once per version)
                           DOC/for-decision/MEETING-DATE-vV
    decide                 DOC/adopted|approved|deferred|refused/DATE-vV
                           (amended: DOC/vV' for the approved text, a new version)
    superseded             DOC/superseded/DATE-vV

"Reviewed" is not a state of its own: ``reviews record --outcome no-change`` (the default)
writes ``review: {last_reviewed, last_outcome}`` and leaves an approved or adopted document
approved; ``--outcome changes-needed`` opens the next version as a draft.

What each state says, in Word, PDF and HTML alike (``footer_status``, ``status_label``,
``approval_line``; the footer puts "Version V — " in front)::

    draft          DRAFT                                   (Status: Draft)
    for decision   For decision by Cabinet on 11 June 2019 (Status: For decision; no
                   approval line anywhere: "Decision: To be decided by Cabinet on ...")
    approved       Approved by Cabinet on 11 June 2019 (minute 23)
    adopted        Approved by Cabinet on 11 June 2019 (minute 23); in force from
                   12 June 2019                            (Status: Approved and in force)
    refused        Refused by Cabinet on 11 June 2019 (minute 23)
    superseded     Superseded for Members by Social Media Policy for Members version 1.0
                   from 12 June 2019 (on every page: it is the footer)

One source of truth: the front matter. Every step edits the front matter, commits it through
the one commit path (``versions.repository``), then tags that commit; the tag's name and
message are derived from the front matter just written (``tag_name``, ``tag_message``), so
``policykit history`` and ``status`` read the tags for the past and the front matter for now.
A tag never decides anything: delete every lifecycle tag and the documents still say where
they stand; ``publish --at TAG`` and ``build --at TAG`` reproduce what was published then.

Pure: no file or git access; callers pass ``today`` and the pack.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from policykit.content.lifecycletags import parse_tag, release_tag, tag_name
from policykit.content.models import (
    Approval,
    ContentSet,
    Decision,
    Document,
    Meeting,
    Outcome,
    Pack,
    PolicyDocument,
    Status,
)
from policykit.content.publication import Publication, publication
from policykit.content.versionnumber import check_new_version, next_version, version_key
from policykit.content.yaml import yaml_scalar
from policykit.dates import long_date
from policykit.errors import LifecycleError

EM_DASH = "\u2014"

LIFECYCLE_FIELDS = ("status", "approval", "meeting", "decision", "in_force_from",
                    "superseded_by")
"""Front-matter fields a lifecycle step writes: a change to them alone is not an amendment."""
REVIEW_FIELDS = ("last_reviewed", "last_outcome", "cycle_start")
"""Fields of ``review:`` that recording a review writes."""

FieldValue = str | dict[str, str] | None
"""A front-matter value as YAML text (a mapping is one level of YAML scalars); None removes."""


# -- reading a document's state --------------------------------------------------------


def is_policy(document: Document) -> bool:
    """Return whether approving ``document`` puts it in force (a policy with a review schedule)."""
    return isinstance(document, PolicyDocument) and document.review is not None


def meeting_of(document: Document, pack: Pack) -> Meeting:
    """Return the meeting the document is (or was) for: its own, else the pack's."""
    return document.meeting or Meeting(committee=pack.committee, date=pack.meeting_date)


def decision_of(document: Document) -> Decision | Approval | None:
    """Return the decision recorded in the front matter: ``decision``, else the legacy
    ``approval`` (a decision taken elsewhere, recorded by ``release --approved-by``)."""
    return document.decision or document.approval


def approved_on(document: Document) -> date | None:
    """Return the date the document was approved, if it stands approved."""
    if document.status not in (Status.APPROVED, Status.ADOPTED, Status.SUPERSEDED):
        return None
    decided = decision_of(document)
    return decided.on if decided else None


def in_force(document: Document) -> bool:
    """Return whether the document, as it stands in its front matter, is approved."""
    return document.status in (Status.APPROVED, Status.ADOPTED)


# -- what each state says --------------------------------------------------------------


def _minute(decided: Decision | Approval) -> str:
    return f" (minute {decided.minute})" if decided.minute else ""


def approval_line(document: Document) -> str | None:
    """Return "Approved by Cabinet on 11 June 2019 (minute 23); in force from 12 June 2019",
    or None when the document is not approved (a draft, for decision, refused)."""
    decided = decision_of(document)
    if decided is None or document.status in (Status.DRAFT, Status.FOR_DECISION,
                                              Status.REFUSED):
        return None
    amended = isinstance(decided, Decision) and decided.outcome is Outcome.AMENDED
    line = (f"Approved{' with amendments' if amended else ''} by {decided.by} on "
            f"{long_date(decided.on)}{_minute(decided)}")
    if document.in_force_from:
        line += f"; in force from {long_date(document.in_force_from)}"
    return line


def superseded_line(document: Document, titles: dict[str, str] | None = None) -> str | None:
    """Return "Superseded for Members by <title> version 1.0 from 12 June 2019", or None."""
    if document.status is not Status.SUPERSEDED:
        return None
    successor = document.superseded_by
    if successor is None:
        return "Superseded"
    name = (titles or {}).get(successor.document, successor.document)
    scope = f" for {successor.for_whom}" if successor.for_whom else ""
    when = f" from {long_date(successor.on)}" if successor.on else ""
    return f"Superseded{scope} by {name} version {successor.version}{when}"


def footer_status(document: Document, pack: Pack | None, *,
                  titles: dict[str, str] | None = None, dirty: bool = False) -> str:
    """Return the state part of the footer line (after "Version 1.0 — ")."""
    status = document.status
    if dirty or status is Status.DRAFT:
        return "DRAFT"
    if status is Status.FOR_DECISION:
        if document.meeting is None and pack is None:
            return "For decision"
        meeting = document.meeting or meeting_of(document, pack)  # type: ignore[arg-type]
        return f"For decision by {meeting.committee} on {long_date(meeting.date)}"
    if status is Status.SUPERSEDED:
        return superseded_line(document, titles) or "Superseded"
    if status is Status.REFUSED and document.decision is not None:
        decided = document.decision
        return f"Refused by {decided.by} on {long_date(decided.on)}{_minute(decided)}"
    return approval_line(document) or status.value.capitalize()


def status_label(document: Document, *, dirty: bool = False) -> str:
    """Return the document-control "Status" value: Draft, For decision, Approved..."""
    if dirty or document.status is Status.DRAFT:
        return "Draft"
    return {Status.FOR_DECISION: "For decision", Status.ADOPTED: "Approved and in force"}.get(
        document.status, document.status.value.capitalize())


def decision_row(document: Document, pack: Pack, *, dirty: bool = False) -> tuple[str, str]:
    """Return the document-control row about the decision: (label, value).

    For decision: ("Decision", "To be decided by Cabinet on 11 June 2019"), so a paper in an
    agenda never says "Approved"; approved: ("Approved", the approval line).
    """
    if dirty or document.status is Status.DRAFT:
        return ("Decision", "Not yet decided")
    if document.status is Status.FOR_DECISION:
        meeting = meeting_of(document, pack)
        return ("Decision", f"To be decided by {meeting.committee} on "
                            f"{long_date(meeting.date)}")
    line = approval_line(document)
    if line is not None:
        return ("Approved", line)
    return ("Decision", footer_status(document, pack))


def review_line(document: Document, next_review: date | None) -> str | None:
    """Return "Last reviewed 2020-06-02, no changes; next review 2021-06-11", or None."""
    review = document.review if isinstance(document, PolicyDocument) else None
    if review is None or review.last_reviewed is None:
        return None
    found = "no changes" if review.last_outcome in (None, "no-change") else "changes needed"
    line = f"Last reviewed {review.last_reviewed.isoformat()}, {found}"
    return f"{line}; next review {next_review.isoformat()}" if next_review else line


def same_text(old: Document, new: Document) -> bool:
    """Return whether two copies of a document say the same thing, setting aside the fields
    lifecycle steps and reviews write (and the version number): not an amendment."""
    def words(document: Document) -> dict[str, object]:
        data = document.model_dump(exclude={*LIFECYCLE_FIELDS, "version"})
        if isinstance(data.get("review"), dict):
            data["review"] = {key: value for key, value in data["review"].items()
                              if key not in REVIEW_FIELDS}
        return data

    return type(old) is type(new) and words(old) == words(new)


# -- the steps: what each allows and writes ---------------------------------------------


@dataclass(frozen=True)
class Step:
    """One lifecycle step for one document: the fields to write and the tag to make."""

    doc_id: str
    status: Status
    version: str
    fields: dict[str, FieldValue]
    tag: str
    message: str


def _date_text(day: date) -> str:
    return day.isoformat()


def _refuse(doc_id: str, document: Document, doing: str, step: str) -> LifecycleError:
    return LifecycleError(f"{doc_id} is {describe(document)}, so it cannot be {doing}; {step}")


def describe(document: Document) -> str:
    """Return where a document stands, in a few words: "for decision at Cabinet on ..."."""
    status = document.status
    if status is Status.FOR_DECISION and document.meeting:
        return (f"for decision by {document.meeting.committee} on "
                f"{long_date(document.meeting.date)}")
    if status is Status.DRAFT:
        return "a draft"
    if status is Status.REFUSED:
        return "refused"
    return status.value


def release_for_decision(doc_id: str, document: Document, *, version: str, meeting: Meeting,
                         released: list[str], text_released: str | None,
                         last_decided: date | None = None) -> Step:
    """Return the step that freezes ``document`` as ``version`` for ``meeting``.

    ``released`` are the versions already tagged; ``text_released`` is the released version
    whose text is exactly the current text (a paper deferred and put to a later meeting
    unchanged keeps its version).
    """
    if document.status is Status.FOR_DECISION:
        when = document.meeting.date if document.meeting else meeting.date
        raise _refuse(doc_id, document, "released again",
                      f"record the meeting's decision first: policykit decide --outcome "
                      f"approved --on {when} --minute REF {doc_id}")
    if document.status in (Status.APPROVED, Status.ADOPTED):
        raise _refuse(doc_id, document, "released for decision",
                      f"open a new version first: policykit reviews record {doc_id} --outcome "
                      "changes-needed (or edit and commit it), then release it")
    if document.status is Status.SUPERSEDED:
        raise _refuse(doc_id, document, "released", "edit its successor instead")
    previous = decision_of(document)
    dates = [day for day in (previous.on if previous else None, last_decided) if day]
    if dates and meeting.date <= max(dates):
        raise LifecycleError(
            f"{doc_id}, field meeting.date: {meeting.date} is not after the last decision on "
            f"it ({max(dates)}); name the later meeting that will decide: --meeting "
            "YYYY-MM-DD (or change meeting_date in pack.yaml)")
    if text_released != version:
        check_new_version(doc_id, version, released)
    fields: dict[str, FieldValue] = {
        "version": f'"{version}"',
        "status": yaml_scalar(Status.FOR_DECISION.value),
        "meeting": {"committee": yaml_scalar(meeting.committee),
                    "date": _date_text(meeting.date)},
        "decision": None, "approval": None, "in_force_from": None,
    }
    return Step(doc_id, Status.FOR_DECISION, version, fields,
                tag_name(doc_id, Status.FOR_DECISION, meeting.date, version),
                f"{doc_id} version {version}: for decision by {meeting.committee} on "
                f"{long_date(meeting.date)}")


def decide(doc_id: str, document: Document, *, outcome: Outcome, by: str, on: date,
           minute: str, today: date, in_force_from: date | None,
           amended_version: str | None = None) -> Step:
    """Return the step that records a meeting's decision on a document for decision."""
    if document.status is not Status.FOR_DECISION:
        step = (f"release it for decision first: policykit release {doc_id} --version "
                f"{document.version or '1.0'}" if document.status in (Status.DRAFT,)
                else "a decision is recorded once; release a new version for a later meeting")
        raise _refuse(doc_id, document, "decided", step)
    meeting = document.meeting
    if meeting is not None and on < meeting.date:
        raise LifecycleError(
            f"{doc_id}, decide --on: {on} is before the meeting it is for "
            f"({meeting.committee}, {meeting.date}); give the meeting's date: --on "
            f"{meeting.date}")
    if on > today:
        raise LifecycleError(f"decide --on: {on} is after today ({today}); record a decision "
                             "once the meeting has taken it")
    if in_force_from is not None and in_force_from < on:
        raise LifecycleError(f"--in-force-from: {in_force_from} is before the decision ({on}); "
                             "give a date on or after it")
    version = amended_version or document.version or "1.0"
    fields: dict[str, FieldValue] = {
        "decision": {"outcome": outcome.value, "by": yaml_scalar(by), "on": _date_text(on),
                     "minute": yaml_scalar(minute)},
    }
    if outcome is Outcome.DEFERRED:
        status = Status.DRAFT
        fields.update(status=yaml_scalar(status.value), meeting=None)
    elif outcome is Outcome.REFUSED:
        status = Status.REFUSED
        fields["status"] = status.value
    else:
        status = Status.ADOPTED if is_policy(document) else Status.APPROVED
        fields["status"] = status.value
        if amended_version:
            fields["version"] = f'"{amended_version}"'
        if status is Status.ADOPTED:
            fields["in_force_from"] = _date_text(in_force_from or in_force_default(on))
    who = f"{by} on {long_date(on)} (minute {minute})"
    words = {Outcome.APPROVED: "approved by", Outcome.AMENDED: "approved with amendments by",
             Outcome.DEFERRED: "deferred by", Outcome.REFUSED: "refused by"}[outcome]
    state = outcome.value if outcome in (Outcome.DEFERRED, Outcome.REFUSED) else status.value
    return Step(doc_id, status, version, fields, tag_name(doc_id, state, on, version),
                f"{doc_id} version {version}: {words} {who}")


def in_force_default(on: date) -> date:
    """Return the day a policy approved on ``on`` comes into force, unless told: the next."""
    return on + timedelta(days=1)


def approve_elsewhere(doc_id: str, document: Document, *, version: str, by: str, on: date,
                      minute: str | None) -> Step:
    """Return the step ``release --approved-by`` takes, recording a decision taken elsewhere
    as ``decide`` records one: a policy adopted, in force from the next day; anything else
    approved; the body that approved it, on that day, as the meeting."""
    status = Status.ADOPTED if is_policy(document) else Status.APPROVED
    fields: dict[str, FieldValue] = {
        "version": f'"{version}"', "status": status.value,
        "meeting": {"committee": yaml_scalar(by), "date": _date_text(on)},
        "approval": {"by": yaml_scalar(by), "on": _date_text(on),
                     **({"minute": yaml_scalar(minute)} if minute else {})},
        "decision": None, "in_force_from": (_date_text(in_force_default(on))
                                            if status is Status.ADOPTED else None),
    }
    said = f" (minute {minute})" if minute else ""
    return Step(doc_id, status, version, fields, tag_name(doc_id, status, on, version),
                f"{doc_id} version {version}: approved by {by} on "
                f"{long_date(on)}{said}")


def supersede(doc_id: str, document: Document, *, successor: str, version: str, on: date,
              for_whom: str | None = None) -> Step:
    """Return the step that records ``document`` superseded by ``successor`` ``version``."""
    fields: dict[str, FieldValue] = {
        "status": Status.SUPERSEDED.value,
        "superseded_by": {"document": successor, "version": f'"{version}"',
                          "on": _date_text(on),
                          **({"for": yaml_scalar(for_whom)} if for_whom else {})},
    }
    scope = f" for {for_whom}" if for_whom else ""
    return Step(doc_id, Status.SUPERSEDED, document.version or "", fields,
                tag_name(doc_id, Status.SUPERSEDED, on, document.version or "0"),
                f"{doc_id} version {document.version}: superseded{scope} by {successor} "
                f"version {version} from {long_date(on)}")


def check_review(doc_id: str, document: Document, *, on: date, today: date,
                 strict: bool = True) -> None:
    """Refuse a review that cannot be true: of a paper not approved, dated before its approval
    or last review, or after today. ``strict`` False lets a draft be reviewed (as before the
    lifecycle existed); a paper for decision, refused or superseded never is."""
    allowed = (Status.APPROVED, Status.ADOPTED) + (() if strict else (Status.DRAFT,))
    if document.status not in allowed:
        raise _refuse(doc_id, document, "reviewed",
                      "a review is of the policy in force; release it and record the "
                      "meeting's decision first")
    if on > today:
        raise LifecycleError(f"{doc_id}, field review.last_reviewed: {on} is after today "
                             f"({today}); give the day the review was done")
    approved = approved_on(document)
    if approved is not None and on < approved:
        raise LifecycleError(f"{doc_id}, field review.last_reviewed: {on} is before the "
                             f"document was approved ({approved}); give the day the review "
                             "was done, on or after the approval")
    last = document.review.last_reviewed if isinstance(document, PolicyDocument) and \
        document.review else None
    if last is not None and on < last:
        raise LifecycleError(f"{doc_id}, field review.last_reviewed: {on} is before the last "
                             f"review ({last}); give the day this review was done")


def check_approval_date(doc_id: str, on: date, previous: date | None) -> None:
    """Refuse an approval dated before the previous version's approval."""
    if previous is not None and on < previous:
        raise LifecycleError(
            f"{doc_id}, field approval.on: {on} is before the approval of the previous "
            f"version ({previous}); give the date this version was approved")


def reopen(doc_id: str, document: Document) -> dict[str, FieldValue] | None:
    """Return the fields that open the next version of an approved document as a draft
    (None for a draft: it is open already)."""
    if document.status is Status.DRAFT:
        return None
    return {"version": f'"{next_version(document.version or "1.0")}"',
            "status": Status.DRAFT.value, "meeting": None, "decision": None,
            "approval": None, "in_force_from": None}


# -- naming successors ------------------------------------------------------------


def titles(content: ContentSet) -> dict[str, str]:
    """Return each document's title, to name successors."""
    return {doc_id: document.title for doc_id, document in content.documents.items()}


__all__ = [
    "LIFECYCLE_FIELDS",
    "REVIEW_FIELDS",
    "same_text",
    "Publication",
    "Step",
    "approval_line",
    "approve_elsewhere",
    "approved_on",
    "check_approval_date",
    "check_new_version",
    "check_review",
    "decide",
    "decision_of",
    "decision_row",
    "describe",
    "footer_status",
    "in_force",
    "in_force_default",
    "is_policy",
    "long_date",
    "meeting_of",
    "next_version",
    "parse_tag",
    "publication",
    "release_for_decision",
    "release_tag",
    "reopen",
    "review_line",
    "status_label",
    "superseded_line",
    "supersede",
    "tag_name",
    "titles",
    "version_key",
]
