"""Offer the common paths in one place: build, release, compare and review a policy pack.

A thin facade, like httpx's ``_api.py``: each function delegates once to the module that
does the work (``policykit.versions``, ``policykit.reviews``). The CLI calls these functions;
so can any script. Heavy modules (rendering, comparing, calendars) load on first call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from policykit.api.incorporate import (
    apply_review_changes,
    incorporate_copies,
    resolve_conflicts,
    resolve_review_note,
    review_changes,
    review_notes,
)
from policykit.api.team import acting_as, add_person, pack_people, person_from, synced

if TYPE_CHECKING:
    from policykit.check.model import CheckReport
    from policykit.content import ContentSet
    from policykit.content.forms import FormField
    from policykit.content.meetings import AgendaDeadline
    from policykit.content.models import Interval, Outcome
    from policykit.importer import ImportResult
    from policykit.importer.policy import ImportedPolicy
    from policykit.publish.pipeline import AgendaPublication, PublishResult
    from policykit.redline import Redline
    from policykit.render.brandkit import BrandKit
    from policykit.reviews.log import RecordedReview
    from policykit.reviews.schedule import DueReview
    from policykit.versions.build import BuildResult
    from policykit.versions.decisions import Decided
    from policykit.versions.edits import DocumentState, SavedEdit, SourceFile
    from policykit.versions.release import Release
    from policykit.versions.repository import ContentRepository
    from policykit.versions.status import DocumentStatus
    from policykit.versions.trailers import Version



def load_content(content_dir: str | Path = "content", *, at: str | None = None
                 ) -> tuple[ContentSet, BrandKit, str | None]:
    """Return the content, the brand kit beside it and the commit, now or at revision ``at``."""
    from policykit.versions.snapshot import load_content as load

    return load(content_dir, at=at)


def build_document(content: ContentSet, doc_id: str, *, kit: BrandKit | None = None,
                   commit: str | None = None) -> bytes:
    """Return the .docx bytes of one content document (in the pack or not)."""
    from policykit.versions.build import build_document as build

    return build(content, doc_id, kit=kit, commit=commit)


def compare_content(content: ContentSet, document: str, against: str, *,
                    kit: BrandKit | None = None, commit: str | None = None,
                    rendered: dict[str, bytes] | None = None) -> Redline:
    """Compare two content documents, ``against`` (old) to ``document`` (new), as built."""
    from policykit.versions.build import compare_content as compare

    return compare(content, document, against, kit=kit, commit=commit, rendered=rendered)


def build_pack(content_dir: str | Path = "content", out_dir: str | Path = "build", *,
               template_dir: str | Path | None = None, at: str | None = None,
               progress: Callable[[str], None] | None = None, check: bool = False,
               force: bool = False) -> BuildResult:
    """Build every pack document, and each standing comparison, into ``out_dir``."""
    from policykit.versions.build import build_pack as build

    return build(content_dir, out_dir, template_dir=template_dir, at=at, progress=progress,
                 check=check, force=force)


def create_repository(path: str | Path = ".") -> ContentRepository:
    """Create a content repository: sample content, brand kit, .gitignore, first commit."""
    from policykit.versions.starter import init_repository

    return init_repository(path)


def document_history(content_dir: str | Path = "content", doc_id: str | None = None, *,
                     rev: str = "HEAD") -> list[Version]:
    """Return the versions (commits) of one document, or of the whole pack, newest first."""
    from policykit.versions.history import document_history as history

    return history(content_dir, doc_id, rev=rev)


def release(content_dir: str | Path, doc_id: str, *, version: str,
            approved_by: str | None = None, approved_on: date | None = None, today: date,
            out: str | Path | None = None, minute: str | None = None,
            meeting_date: date | None = None, committee: str | None = None) -> Release:
    """Release a document for decision (or, with ``approved_by``/``approved_on``, record a
    decision taken elsewhere): commit, tag, build it, write it to ``out``.

    All or nothing: on any failure the repository and the content file are as they were.
    ``today`` is the date a future ``approved_on`` is checked against.
    """
    from policykit.versions.release import release as make

    return make(content_dir, doc_id, version=version, approved_by=approved_by,
                approved_on=approved_on, today=today, out=out, minute=minute,
                meeting_date=meeting_date, committee=committee)


def decide(content_dir: str | Path, doc_ids: list[str] | None, *, outcome: Outcome | str,
           on: date, minute: str, today: date, by: str | None = None,
           in_force_from: date | None = None, version: str | None = None) -> Decided:
    """Record the meeting's decision on documents for decision, in one commit with tags."""
    from policykit.versions.decisions import decide as record

    return record(content_dir, doc_ids, outcome=outcome, on=on, minute=minute, today=today,
                  by=by, in_force_from=in_force_from, version=version)


def tag_states(tags: list[str] | tuple[str, ...], doc_id: str | None = None) -> list[str]:
    """Return the lifecycle states git tags record: "v1.0 adopted 2019-06-11"."""
    from policykit.content.lifecycletags import tag_states as states

    return states(tags, doc_id)


def pack_status(content_dir: str | Path = "content", *, today: date) -> list[DocumentStatus]:
    """Return each pack document's state, version, meeting, decision and next review."""
    from policykit.versions.status import pack_status as status

    return status(content_dir, today=today)


def diff_versions(content_dir: str | Path, doc_id: str, *, old: str, new: str | None = None,
                  now: datetime, attribute: bool = False,
                  out: str | Path | None = None) -> Redline:
    """Compare a document at revision ``old`` with ``new`` (default: the working tree).

    Uncommitted changes are stamped with git's identity and ``now`` (timezone-aware).
    """
    from policykit.versions.diff import diff_versions as diff

    return diff(content_dir, doc_id, old=old, new=new, now=now, attribute=attribute, out=out)


def comparison_state(content_dir: str | Path, doc_id: str, *, old: str,
                     new: str | None = None) -> tuple[str, ...]:
    """Return what comparing ``old`` with ``new`` depends on (commits, files, tags): a cache key."""
    from policykit.versions.diff import comparison_state as state

    return state(content_dir, doc_id, old=old, new=new)


def diff_documents(content_dir: str | Path, doc_id: str, against: str, *,
                   template_dir: str | Path | None = None,
                   out: str | Path | None = None) -> Redline:
    """Compare two content documents of the working tree: ``against`` (old) to ``doc_id``."""
    from policykit.versions.diff import diff_documents as diff

    return diff(content_dir, doc_id, against, template_dir=template_dir, out=out)


def redline_body(redline: Redline) -> tuple[str, str]:
    """Return (styles, body) of the HTML redline: the summary and marked text for a page."""
    from policykit.redline.html import redline_body as body

    return body(redline.docx, redline.summary)


def due_reviews(content_dir: str | Path = "content", *, today: date,
                within: Interval | str | None = None,
                owner: str | None = None) -> list[DueReview]:
    """Return the reviews overdue or due on ``today`` (or by ``today + within``)."""
    from policykit.reviews.log import due_reviews as due

    return due(content_dir, today=today, within=within, owner=owner)


def record_review(content_dir: str | Path, doc_id: str, *, by: str, on: date, today: date,
                  note: str | None = None, outcome: str = "no-change") -> RecordedReview:
    """Record a review (``no-change`` or ``changes-needed``) and commit it with trailers."""
    from policykit.reviews.log import record

    return record(content_dir, doc_id, by=by, on=on, today=today, note=note,
                  outcome=outcome)


def review_calendar(content_dir: str | Path = "content", *, today: date,
                    out: str | Path | None = None) -> bytes:
    """Return (and with ``out``, write atomically) the .ics calendar of review dates."""
    from policykit.reviews.log import write_calendar

    return write_calendar(content_dir, today=today, out=out)


def agenda_deadline(content_dir: str | Path = "content") -> AgendaDeadline:
    """Return when the pack's agenda must be published (pack.yaml's ``agenda`` rule)."""
    return load_workspace(content_dir).agenda_deadline()


def agenda_publication(content: ContentSet, *, today: date, late_reason: str | None = None
                       ) -> AgendaPublication | None:
    """Return the agenda going out on ``today``: late or not, with the reason given (None
    once every paper is decided and no agenda goes out)."""
    from policykit.publish.pipeline import agenda_publication as publication

    return publication(content, today, late_reason)


def preview_html(content: ContentSet, doc_id: str) -> str:
    """Return the standalone HTML page of one document, as the published site shows it."""
    from policykit.publish.html import render_page

    return render_page(content, doc_id)


def publish(content_dir: str | Path = "content", out_dir: str | Path = "publish", *,
            draft: bool = False, at: str | None = None, pdf: bool = True, force: bool = False,
            progress: Callable[[str], None] | None = None, today: date | None = None,
            late_reason: str | None = None) -> PublishResult:
    """Publish the pack: ``public/`` and ``members/`` (PDFs, agenda pack, HTML) and launch kit.

    Refuses a draft document or uncommitted work unless ``draft``, and files the
    accessibility check finds errors in unless ``force``; ``at`` publishes the pack as it
    stood at a commit or tag, like ``build --at``. ``today`` is the day the agenda goes
    out: after the agenda deadline it needs ``late_reason``, recorded in the index.
    """
    from policykit.versions.publishing import publish_pack

    return publish_pack(content_dir, out_dir, draft=draft, at=at, pdf=pdf, force=force,
                        progress=progress, today=today, late_reason=late_reason)



def check(paths: list[str | Path], *, rules: str | None = None) -> CheckReport:
    """Check .docx, .pdf and .html files, folders of them, content folders or a project root
    (its content and its last build)."""
    from policykit.versions.checking import check_project

    return check_project(paths, rules=rules)



def read_source(content_dir: str | Path, doc_id: str) -> SourceFile:
    """Return a document's content file as text, with the token a save must give back."""
    from policykit.versions.edits import read_source as read

    return read(content_dir, doc_id)


def load_workspace(content_dir: str | Path) -> ContentSet:
    """Load the content folder, naming its files as the CLI does (``content/report.yaml``)."""
    from policykit.versions.edits import load_labelled

    return load_labelled(content_dir)


def check_source(content_dir: str | Path, doc_id: str, text: str) -> ContentSet:
    """Validate the content folder as it would be with ``text`` saved for ``doc_id``."""
    from policykit.versions.edits import check_source as check

    return check(content_dir, doc_id, text)


def save_source(content_dir: str | Path, doc_id: str, text: str, *, token: str, author: str,
                message: str, email: str = "") -> SavedEdit:
    """Check and save a content file atomically, committed as ``author``; refuse stale saves."""
    from policykit.versions.edits import save_source as save

    return save(content_dir, doc_id, text, token=token, author=author, message=message,
                email=email)


def set_report_fields(text: str, source: str, values: dict[str, str | list[str]]) -> str:
    """Return report YAML with its top-level fields set, comments and layout kept."""
    from policykit.versions.edits import set_report_fields as edit

    return edit(text, source, values)


def report_fields(text: str, source: str) -> dict[str, str | list[str]]:
    """Return a report's top-level text fields (subject, report of...) for the form."""
    from policykit.versions.edits import report_fields as fields

    return fields(text, source)


def document_states(content_dir: str | Path, content: ContentSet) -> list[DocumentState]:
    """Return each pack document's state (draft, approved, amended) and what to do next."""
    from policykit.versions.edits import document_states as states

    return states(content_dir, content)


def report_form(text: str, source: str) -> tuple[tuple[FormField, ...],
                                                dict[str, str | list[str]]]:
    """Return the report form's fields (labels, hints, kinds) and their values now."""
    from policykit.content.report_form import REPORT_FIELDS, report_form

    return REPORT_FIELDS, report_form(text, source)


def set_report_form(text: str, source: str, values: Mapping[str, str | list[str]]) -> str:
    """Return the report's text with the report form's changed fields set."""
    from policykit.content.report_form import with_report_values

    return with_report_values(text, source, values)


def validate_content(content_dir: str | Path = "content") -> ContentSet:
    """Read and validate the content folder; raise ContentError naming the file and line."""
    from policykit.content import load

    return load(content_dir)


def long_date(day: date) -> str:
    """Return ``day`` as the documents write it: "11 June 2019"."""
    from policykit.dates import long_date as written

    return written(day)


def check_report_text(report: CheckReport) -> str:
    """Return a check report as text grouped by file, 80 columns wide."""
    from policykit.check.output import report_text

    return report_text(report)


def check_report_json(report: CheckReport) -> str:
    """Return a check report as JSON."""
    from policykit.check.output import report_json

    return report_json(report)


def check_rules_text() -> str:
    """Return the list of check rules, one a line."""
    from policykit.check.output import rules_text

    return rules_text()


def import_word(data: bytes, source: str, doc_id: str) -> ImportedPolicy:
    """Return the content file for an uploaded Word policy, read by the safe reader."""
    from policykit.importer.policy import import_word_policy

    return import_word_policy(data, source, doc_id)


def add_source(content_dir: str | Path, doc_id: str, text: str, *, author: str, message: str,
               email: str = "") -> SavedEdit:
    """Check and write a new content file ``doc_id.md`` atomically, committed as ``author``."""
    from policykit.versions.edits import add_source as add

    return add(content_dir, doc_id, text, author=author, message=message, email=email)


__all__ = [
    "agenda_deadline",
    "agenda_publication",
    "apply_review_changes",
    "incorporate_copies",
    "resolve_conflicts",
    "resolve_review_note",
    "review_changes",
    "review_notes",
    "build_document",
    "build_pack",
    "check",
    "compare_content",
    "comparison_state",
    "create_repository",
    "diff_documents",
    "diff_versions",
    "document_history",
    "due_reviews",
    "load_content",
    "preview_html",
    "publish",
    "record_review",
    "redline_body",
    "release",
    "review_calendar",
    "check_report_json",
    "check_report_text",
    "check_rules_text",
    "long_date",
    "report_form",
    "set_report_form",
    "validate_content",
    "add_source",
    "check_source",
    "document_states",
    "import_word",
    "load_workspace",
    "read_source",
    "report_fields",
    "save_source",
    "set_report_fields",
    "acting_as",
    "add_person",
    "pack_people",
    "person_from",
    "set_settings",
    "settings_form",
    "synced",
]


def compare_files(old: str | Path, new: str | Path, out: str | Path, *, date: datetime,
                  author: str = "policykit", granularity: Literal["word", "char"] = "word",
                  summary_page: bool = False, cover: bool = False,
                  tracked: Literal["accept", "reject"] = "accept") -> Redline:
    """Compare the .docx files ``old`` and ``new`` and write the redline (.docx, .html, .pdf)."""
    from policykit.redline.files import compare_files as compare

    return compare(old, new, out, date=date, author=author, granularity=granularity,
                   summary_page=summary_page, cover=cover, tracked=tracked)


def import_word_file(file: str | Path, content_dir: str | Path, doc_id: str, *,
                     owner: str | None = None, version: str | None = None,
                     status: str | None = None, classification: str | None = None,
                     force: bool = False) -> ImportResult:
    """Import the Word policy ``file`` as ``<content_dir>/<doc_id>.md``, written atomically."""
    from policykit.versions.imports import import_word_file as import_file

    return import_file(file, content_dir, doc_id, owner=owner, version=version, status=status,
                       classification=classification, force=force)


def shipped_folder(name: Literal["brandkit", "sample"]) -> Path:
    """Return the folder of the brand kit or sample pack shipped with policykit."""
    from policykit.content.layout import shipped_folder as folder

    return folder(name)


def review_calendar_events(data: bytes) -> list[dict[str, object]]:
    """Return the events of a review calendar (``review_calendar``'s bytes) as JSON-ready data."""
    from policykit.reviews.ical import calendar_events

    return calendar_events(data)


def settings_form(source_name: str, text: str) -> tuple[tuple[FormField, ...], dict[str, str]]:
    """Return the settings form of a content file (pack or policy) and its current values."""
    from policykit.content.forms import PACK_FIELDS, POLICY_FIELDS, field_values

    fields = PACK_FIELDS if source_name.startswith("pack.") else POLICY_FIELDS
    return fields, field_values(text, source_name, fields)


def set_settings(text: str, source: str, fields: tuple[FormField, ...],
                 values: Mapping[str, str]) -> str:
    """Return a content file's text with the settings form's changed fields set."""
    from policykit.content.forms import with_field_values

    return with_field_values(text, source, fields, values)
