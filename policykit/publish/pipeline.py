"""Publish a pack for two audiences: the public website and Members, plus the launch kit.

Everything is made in memory first, so a failure (LibreOffice missing, failing or hanging)
leaves the output as it was; the caller's writer then writes each file (``versions.manifest``:
only files policykit wrote are ever replaced or removed, anything else in the folder is kept).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from policykit.content import lifecycle
from policykit.content.lifecycle import Publication
from policykit.content.models import ContentSet, Exempt, PolicyDocument
from policykit.errors import LifecycleError, OfficeError, PublishError
from policykit.office.pdf import PdfSession
from policykit.publish import agenda
from policykit.publish.html import LANGUAGE, is_exempt, render_index, render_page
from policykit.publish.launch import announcement, bulletin_html, bulletin_item, bulletin_text
from policykit.publish.marks import add_header_line
from policykit.publish.theme import LOGO, STYLESHEET, HtmlTheme
from policykit.render.brandkit import BrandKit
from policykit.render.document import long_date, render_document
from policykit.render.labels import document_title

AUDIENCES = ("public", "members")
PACK_PDF = "agenda-pack.pdf"


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


def notice_document(document: PolicyDocument) -> PolicyDocument:
    """Return the stand-in for an exempt document: its title and the notice, still marked
    exempt (so lists and footers say so) but with none of its words, not even its reason."""
    assert document.exempt is not None
    return PolicyDocument(
        title=document.title, owner=document.owner, version=document.version,
        status=document.status, approval=document.approval, meeting=document.meeting,
        decision=document.decision, in_force_from=document.in_force_from,
        superseded_by=document.superseded_by, classification=document.classification,
        exempt=Exempt(paragraph=document.exempt.paragraph, reason="Not for publication."),
        body=f"**{document.exempt.notice}.**\n\nThis document is not published. Members "
             "can read it in the Members' pack.\n")


def audience_content(content: ContentSet, audience: str) -> ContentSet:
    """Return the content as the audience sees it: for the public, exempt documents are
    replaced by their notice."""
    if audience != "public":
        return content
    documents = dict(content.documents)
    for doc_id, _, document in content.pack_documents():
        if isinstance(document, PolicyDocument) and document.exempt is not None:
            documents[doc_id] = notice_document(document)
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


def _pack_pdf(content: ContentSet, docs: dict[str, bytes], pdfs: dict[str, bytes],
              exporter: _Exporter) -> bytes:
    """Return the agenda pack PDF, whose printed page numbers are the PDF's."""
    counts = {doc_id: agenda.page_count(pdf) for doc_id, pdf in pdfs.items()}
    total = sum(counts.values())
    parts, first = [], 1
    for doc_id, _, _ in content.pack_documents():
        numbered = exporter.pdf(agenda.number_for_pack(docs[doc_id], first, total),
                                f"{doc_id}.pdf in the agenda pack")
        if agenda.page_count(numbered) != counts[doc_id]:
            raise OfficeError(f"{doc_id}.pdf: LibreOffice laid out the pack copy on a different "
                              "number of pages; publish again, or report this as a bug")
        parts.append(agenda.PackPart(document_title(content, doc_id), numbered))
        first += counts[doc_id]
    pack = content.pack
    title = f"{pack.committee}, {long_date(pack.meeting_date)}: agenda pack"
    return agenda.merge_pack(parts, title=title, language=pack.language or LANGUAGE)


def _word(content: ContentSet, doc_id: str, kit: BrandKit, *, commit: str | None,
          draft: bool, audience: str) -> bytes:
    """Return the Word document to export: DRAFT and NOT FOR PUBLICATION under each marking."""
    data = render_document(content, doc_id, kit, commit=commit)
    if audience == "members" and is_exempt(content.documents[doc_id]):
        data = add_header_line(data, "NOT FOR PUBLICATION")
    if draft:
        data = add_header_line(data, "DRAFT")
    return data


def _site(content: ContentSet, theme: HtmlTheme, audience: str, *, draft: bool,
          commit: str | None, pdf: bool) -> dict[str, bytes]:
    files = {STYLESHEET: theme.files[STYLESHEET], LOGO: theme.files[LOGO],
             "index.html": render_index(content, draft=draft, theme=theme,
                                        pack_pdf=pdf).encode("utf-8")}
    for doc_id, _, _ in content.pack_documents():
        files[f"{doc_id}.html"] = render_page(
            content, doc_id, draft=draft, public=audience == "public", theme=theme,
            linked=True, commit=commit).encode("utf-8")
    return files


def build_outputs(content: ContentSet, kit: BrandKit, theme: HtmlTheme, *,
                  commit: str | None, draft: bool, pdf: bool = True,
                  progress: Callable[[str], None] | None = None
                  ) -> tuple[dict[str, bytes], list[str], int]:
    """Return {relative path: bytes} of everything a publish writes, warnings, office starts."""
    say = progress or (lambda _message: None)
    files: dict[str, bytes] = {}
    warnings: list[str] = []
    public_pdfs: list[tuple[str, bytes]] = []
    with PdfSession() as session:
        exporter = _Exporter(session)
        for audience in AUDIENCES:
            seen = audience_content(content, audience)
            if pdf:
                say(f"making the {audience} PDFs")
                docs = {doc_id: _word(seen, doc_id, kit, commit=commit, draft=draft,
                                      audience=audience)
                        for doc_id, _, _ in seen.pack_documents()}
                pdfs = {doc_id: exporter.pdf(docx, f"{doc_id}.pdf")
                        for doc_id, docx in docs.items()}
                for doc_id, data in pdfs.items():
                    files[f"{audience}/{doc_id}.pdf"] = data
                    if audience == "public" and not is_exempt(content.documents[doc_id]):
                        public_pdfs.append((f"{doc_id}.pdf", data))
                say(f"making the {audience} agenda pack")
                files[f"{audience}/{PACK_PDF}"] = _pack_pdf(seen, docs, pdfs, exporter)
            for name, data in _site(content, theme, audience, draft=draft, commit=commit,
                                    pdf=pdf).items():
                files[f"{audience}/{name}"] = data
        starts = session.offices_started
    if lifecycle.publication(content, draft=draft) is not Publication.DECISION:
        return files, warnings, starts  # the launch kit follows the decision, never before
    item = bulletin_item(content)
    page = bulletin_html(item, content, theme)
    files["bulletin.html"] = page.encode("utf-8")
    files["bulletin.txt"] = bulletin_text(item).encode("utf-8")
    email = announcement(content, item, page, public_pdfs)
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
                    vet: Callable[[dict[str, bytes]], dict[str, bytes]] | None = None
                    ) -> PublishResult:
    """Publish the pack (``public/``, ``members/``, launch kit) through ``write``, which
    takes {relative path: bytes} and returns the paths it wrote.

    ``vet`` sees every file before anything is written: it may raise to refuse the publish,
    or return the files with others added (the check's findings).
    """
    kind = refuse_drafts(content, commit) if not draft else Publication.AGENDA
    files, warnings, starts = build_outputs(content, kit, theme, commit=commit, draft=draft,
                                            pdf=pdf, progress=progress)
    if vet is not None:
        files = vet(files)
    paths = write(files)
    return PublishResult(paths=paths, commit=commit,
                         warnings=list(content.warnings) + warnings, office_starts=starts,
                         kind=kind)


__all__ = ["AUDIENCES", "PublishResult", "audience_content", "build_outputs",
           "notice_document", "publish_content", "refuse_drafts"]
