"""Publish a pack for two audiences: the public website and Members, plus the launch kit.

Everything is made in memory first, so a failure (LibreOffice missing, failing or hanging)
leaves the output as it was; the caller's writer then writes each file (``versions.manifest``:
only files policykit wrote are ever replaced or removed, anything else in the folder is kept).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from policykit.content import lifecycle
from policykit.content.lifecycle import Publication
from policykit.content.meetings import AgendaDeadline
from policykit.content.models import ContentSet, PolicyDocument
from policykit.errors import LifecycleError, OfficeError, PublishError
from policykit.office.pdf import PdfSession
from policykit.publish import agenda
from policykit.publish.html import LANGUAGE, is_exempt, render_index, render_page
from policykit.publish.launch import (
    announcement,
    bulletin_html,
    bulletin_item,
    bulletin_text,
    email_html,
)
from policykit.publish.marks import add_header_line, one_page
from policykit.publish.theme import LOGO, STYLESHEET, HtmlTheme
from policykit.render.brandkit import BrandKit
from policykit.render.document import long_date, render_document
from policykit.render.labels import document_title, exempt_citation, exempt_public_notice

AUDIENCES = ("public", "members")
PACK_PDF = "agenda-pack.pdf"
NOTICE_PAGES = 1  # the public's stand-in for an exempt document: one page


@dataclass
class PublishResult:
    """What a publish wrote, from which commit, and what it noticed."""

    paths: list[Path] = field(default_factory=list)
    commit: str | None = None
    warnings: list[str] = field(default_factory=list)
    office_starts: int = 0
    check: object | None = None  # the accessibility check of what was published, if run
    removed: list[Path] = field(default_factory=list)  # written by an earlier publish only
    kept: list[Path] = field(default_factory=list)  # in the folder, not written by policykit
    kind: Publication = Publication.AGENDA  # agenda (for decision) or decision (launch kit)
    tag: str | None = None  # the annotated tag that records this publication, if made


def refuse_drafts(content: ContentSet, commit: str | None) -> Publication:
    """Return what may be published (the lifecycle decides), or raise: a draft pack
    document, or uncommitted work."""
    try:
        kind = lifecycle.publication(content)
    except LifecycleError as exc:
        raise PublishError(exc.message) from None
    if commit and commit.endswith("-dirty"):
        raise PublishError(
            "the content has uncommitted changes, so what would be published is not a "
            "release; commit them (git commit) or publish with --draft")
    return kind


def _weekday(day: date) -> str:
    return f"{day:%A} {long_date(day)}"


@dataclass(frozen=True)
class AgendaPublication:
    """When the agenda is published, and why it is late if it is (``publish --today``)."""

    on: date
    deadline: AgendaDeadline
    late_reason: str | None = None

    @property
    def late(self) -> bool:
        """Return True if the agenda goes out after its deadline."""
        return self.deadline.is_late(self.on)

    def index_note(self) -> str:
        """Return the sentence the published index shows about when the agenda went out."""
        due = f"{_weekday(self.deadline.publish_by)} ({self.deadline.rule_words} before " \
              "the meeting)"
        if not self.late:
            return f"Published on {long_date(self.on)}, by the deadline of {due}."
        return (f"Published late, on {long_date(self.on)}; the deadline was {due}. "
                f"Reason: {self.late_reason}")


def check_deadline(content: ContentSet, today: date,
                   late_reason: str | None) -> AgendaPublication:
    """Return the publication on ``today``; raise PublishError if it is late with no reason."""
    deadline = content.agenda_deadline()
    reason = (late_reason or "").strip() or None
    publication = AgendaPublication(on=today, deadline=deadline, late_reason=reason)
    if publication.late and reason is None:
        meeting = f"{deadline.committee} on {long_date(deadline.meeting)}"
        raise PublishError(
            f"pack.yaml, field meeting_date: the agenda for {meeting} had to be published by "
            f"{_weekday(deadline.publish_by)} ({deadline.rule_words} before the meeting), "
            f"and {_weekday(today)} is late; nothing was published. Say why with "
            "--late-reason \"...\" (the published index records it), or correct --today")
    return publication


def agenda_publication(content: ContentSet, today: date,
                       late_reason: str | None = None) -> AgendaPublication | None:
    """Return the agenda's publication on ``today`` (late or not, with its reason), or None
    when every paper is decided and no agenda goes out; never raises for lateness."""
    try:
        kind = lifecycle.publication(content)
    except LifecycleError:  # drafts: the agenda has still to go out
        kind = Publication.AGENDA
    if kind is not Publication.AGENDA:
        return None
    return AgendaPublication(on=today, deadline=content.agenda_deadline(),
                             late_reason=(late_reason or "").strip() or None)


def late_warning(publication: AgendaPublication) -> str:
    """Return the loud warning a late publication prints."""
    deadline = publication.deadline
    return (f"LATE: the agenda is published on {_weekday(publication.on)}, after its "
            f"deadline of {_weekday(deadline.publish_by)} ({deadline.rule_words} before the "
            f"meeting on {long_date(deadline.meeting)}). The reason is recorded in the "
            f"published index: {publication.late_reason}")


def notice_document(content: ContentSet, doc_id: str) -> PolicyDocument:
    """Return the public stand-in for an exempt document: its title and the notice, with
    none of its words (not even its reason) and no "NOT FOR PUBLICATION" on it."""
    document = content.documents[doc_id]
    assert isinstance(document, PolicyDocument) and document.exempt is not None
    letter = content.appendix_of(doc_id)
    notice = exempt_public_notice(f"Appendix {letter}" if letter else "This document",
                                  document.exempt.paragraph)
    return PolicyDocument(
        title=document.title, owner=document.owner, version=document.version,
        status=document.status, approval=document.approval, meeting=document.meeting,
        decision=document.decision, in_force_from=document.in_force_from,
        superseded_by=document.superseded_by, classification=document.classification,
        body=f"**{notice}**\n\nMembers can read it in the Members' pack.\n")


def audience_content(content: ContentSet, audience: str) -> ContentSet:
    """Return the content as the audience sees it: for the public, exempt documents are
    replaced by their notice (the report's appendix list still marks them exempt: it is
    made from the whole content, for both audiences alike)."""
    if audience != "public":
        return content
    documents = dict(content.documents)
    for doc_id, _, document in content.pack_documents():
        if is_exempt(document):
            documents[doc_id] = notice_document(content, doc_id)
    return replace(content, documents=documents)


class _Exporter:
    """Export each distinct Word document once, in one LibreOffice."""

    def __init__(self, session: PdfSession) -> None:
        self.session = session
        self.done: dict[str, bytes] = {}

    def pdf(self, docx: bytes, name: str) -> bytes:
        key = hashlib.sha256(docx).hexdigest()
        if key not in self.done:
            self.done[key] = self.session.export(docx, name)
        return self.done[key]


def _pack_pdf(content: ContentSet, docs: dict[str, bytes], counts: dict[str, int],
              exporter: _Exporter) -> bytes:
    """Return the agenda pack PDF, whose printed page numbers are the PDF's."""
    total = sum(counts.values())
    parts, first = [], 1
    for doc_id, _, _ in content.pack_documents():
        numbered = exporter.pdf(agenda.number_for_pack(docs[doc_id], first, total),
                                f"{doc_id}.pdf in the agenda pack")
        if agenda.page_count(numbered) != counts[doc_id]:
            raise OfficeError(f"{doc_id}.pdf: LibreOffice laid out the pack copy on "
                              f"{agenda.page_count(numbered)} pages, not {counts[doc_id]}; "
                              "publish again (a notice must fit on one page: shorten its "
                              "title), or report this as a bug")
        parts.append(agenda.PackPart(document_title(content, doc_id), numbered))
        first += counts[doc_id]
    pack = content.pack
    title = f"{pack.committee}, {long_date(pack.meeting_date)}: agenda pack"
    return agenda.merge_pack(parts, title=title, language=pack.language or LANGUAGE)


def _word(content: ContentSet, doc_id: str, kit: BrandKit, *, commit: str | None,
          draft: bool, audience: str) -> bytes:
    """Return the Word document to export: DRAFT and NOT FOR PUBLICATION under each marking.

    Only an exempt document differs between the audiences (the notice for the public, the
    marked document for Members), so every other one is exported once for both.
    """
    document = content.documents[doc_id]
    if audience == "public" and is_exempt(document):
        data = one_page(render_document(audience_content(content, audience), doc_id, kit,
                                        commit=commit))
    else:
        data = render_document(content, doc_id, kit, commit=commit)
    if audience == "members" and isinstance(document, PolicyDocument) and document.exempt:
        data = add_header_line(data, "NOT FOR PUBLICATION",
                               exempt_citation(document.exempt.paragraph))
    if draft:
        data = add_header_line(data, "DRAFT")
    return data


def _site(content: ContentSet, theme: HtmlTheme, audience: str, *, draft: bool,
          commit: str | None, pdf: bool, publication: AgendaPublication | None = None
          ) -> dict[str, bytes]:
    files = {STYLESHEET: theme.files[STYLESHEET], LOGO: theme.files[LOGO],
             "index.html": render_index(
                 content, draft=draft, theme=theme, pack_pdf=pdf,
                 published=publication.index_note() if publication else None,
                 members=audience == "members").encode("utf-8")}
    for doc_id, _, _ in content.pack_documents():
        files[f"{doc_id}.html"] = render_page(
            content, doc_id, draft=draft, public=audience == "public", theme=theme,
            linked=True, commit=commit).encode("utf-8")
    return files


def build_outputs(content: ContentSet, kit: BrandKit, theme: HtmlTheme, *,
                  commit: str | None, draft: bool, pdf: bool = True,
                  progress: Callable[[str], None] | None = None,
                  publication: AgendaPublication | None = None,
                  ready: Callable[[str, bytes], None] | None = None
                  ) -> tuple[dict[str, bytes], list[str], int]:
    """Return {relative path: bytes} of everything a publish writes, warnings, office starts.

    ``ready`` is handed each web page and PDF as soon as it is made (the check starts on it
    while LibreOffice exports the next).
    """
    say = progress or (lambda _message: None)
    files: dict[str, bytes] = {}

    def add(name: str, data: bytes) -> None:
        files[name] = data
        if ready is not None:
            ready(name, data)

    warnings: list[str] = []
    public_pdfs: list[tuple[str, bytes]] = []
    with PdfSession() as session:
        if pdf:
            session.start(f"{content.pack_documents()[0][0]}.pdf")  # boots while the
            # pages and Word documents are made
        exporter = _Exporter(session)
        rendered: dict[tuple[str, str], bytes] = {}
        wanted: dict[str, dict[str, bytes]] = {a: {} for a in AUDIENCES} if pdf else {}
        for audience in AUDIENCES:  # the pages first, while LibreOffice boots
            for name, data in _site(content, theme, audience, draft=draft, commit=commit,
                                    pdf=pdf, publication=publication).items():
                add(f"{audience}/{name}", data)
        for audience, docs in wanted.items():  # and the Word documents
            for doc_id, _, document in content.pack_documents():
                seen = audience if is_exempt(document) else "both"
                if (doc_id, seen) not in rendered:
                    rendered[doc_id, seen] = _word(content, doc_id, kit, commit=commit,
                                                   draft=draft, audience=audience)
                docs[doc_id] = rendered[doc_id, seen]
        for audience, docs in wanted.items():
            say(f"making the {audience} PDFs")
            counts: dict[str, int] = {}
            for doc_id, _, document in content.pack_documents():
                notice = audience == "public" and is_exempt(document)
                if notice:  # not published on its own: only its page in the pack
                    counts[doc_id] = NOTICE_PAGES
                    continue
                data = exporter.pdf(docs[doc_id], f"{doc_id}.pdf")
                counts[doc_id] = agenda.page_count(data)
                add(f"{audience}/{doc_id}.pdf", data)
                if audience == "public":
                    public_pdfs.append((f"{doc_id}.pdf", data))
            say(f"making the {audience} agenda pack")
            add(f"{audience}/{PACK_PDF}", _pack_pdf(content, docs, counts, exporter))
        starts = session.offices_started
    if lifecycle.publication(content, draft=draft) is not Publication.DECISION:
        return files, warnings, starts  # the launch kit follows the decision, never before
    item = bulletin_item(content)
    if item is None:
        warnings.append("nothing in the pack is in force, so no launch kit was written")
        return files, warnings, starts
    files["bulletin.html"] = bulletin_html(item, content, theme).encode("utf-8")
    files["bulletin.txt"] = bulletin_text(item).encode("utf-8")
    email = announcement(content, item, email_html(item, content, theme), public_pdfs)
    if email is None:
        warnings.append("pack.yaml has no 'announce: {from: ..., to: ...}', so no "
                        "announce.eml was written")
    else:
        files["announce.eml"] = email
    return files, warnings, starts


def publish_content(content: ContentSet, kit: BrandKit, theme: HtmlTheme,
                    write: Callable[[dict[str, bytes]], list[Path]], *,
                    commit: str | None, draft: bool = False,
                    pdf: bool = True, progress: Callable[[str], None] | None = None,
                    vet: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None,
                    today: date | None = None, late_reason: str | None = None,
                    ready: Callable[[str, bytes], None] | None = None) -> PublishResult:
    """Publish the pack (``public/``, ``members/``, launch kit) through ``write``, which
    takes {relative path: bytes} and returns the paths it wrote.

    ``vet`` sees every file before anything is written: it may raise to refuse the publish,
    or return the files with others added (the check's findings). ``today`` (the day the
    agenda goes out) is checked against the agenda deadline: late needs ``late_reason``,
    which the published index records.
    """
    kind = refuse_drafts(content, commit) if not draft else Publication.AGENDA
    publication = (check_deadline(content, today, late_reason)
                   if today and kind is Publication.AGENDA else None)
    files, warnings, starts = build_outputs(content, kit, theme, commit=commit, draft=draft,
                                            pdf=pdf, progress=progress,
                                            publication=publication, ready=ready)
    if publication is not None and publication.late:
        warnings.insert(0, late_warning(publication))
    if vet is not None:
        files = vet(files)
    paths = write(files)
    return PublishResult(paths=paths, commit=commit,
                         warnings=list(content.warnings) + warnings, office_starts=starts,
                         kind=kind)


__all__ = ["AUDIENCES", "AgendaPublication", "PublishResult", "audience_content",
           "agenda_publication", "build_outputs", "check_deadline", "late_warning",
           "notice_document", "publish_content", "refuse_drafts"]
