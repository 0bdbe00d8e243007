"""Build the HTML pages of a pack from its content: one page per document and an index.

Pages are generated from the content models and Markdown, never converted from Word, with
the section and paragraph numbers of the Word documents (``policykit.render.labels``). A
page names its classification at the top and bottom, says DRAFT when it is one, and, for
the public, stands a Schedule 12A notice in place of an exempt document.
"""

from __future__ import annotations

import base64
import functools
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from policykit.content import lifecycle
from policykit.content.models import ContentSet, Document, Pack, PolicyDocument, Report, Status
from policykit.office.printstyle import marked_pages
from policykit.publish.htmlbody import inline_html, markdown_html
from policykit.publish.theme import LOGO, STYLESHEET, HtmlTheme
from policykit.render.document import footer_label, long_date, review_text
from policykit.render.labels import (
    PARAGRAPHS,
    SectionNumbers,
    appendix_list,
    document_title,
    exempt_note,
    exempt_public_notice,
)

LANGUAGE = "en-GB"


@dataclass(frozen=True)
class PackLink:
    """A link from one page to a document of the pack."""

    label: str
    href: str
    pdf_href: str | None = None
    note: str | None = None
    current: bool = False


@functools.cache
def _default_theme() -> HtmlTheme:
    return HtmlTheme.default()


def is_exempt(document: Document) -> bool:
    """Return True if the document is exempt from publication (Schedule 12A)."""
    return isinstance(document, PolicyDocument) and document.exempt is not None


def link_label(content: ContentSet, doc_id: str) -> str:
    """Return the words that link to a document: "Report: <title>" or "Appendix A: <title>"."""
    title = document_title(content, doc_id)
    return title if content.appendix_of(doc_id) else f"Report: {title}"


def pack_links(content: ContentSet, current: str | None, *, pdfs: bool) -> list[PackLink]:
    """Return a link to each pack document, in pack order."""
    return [
        PackLink(label=link_label(content, doc_id), href=f"{doc_id}.html",
                 pdf_href=f"{doc_id}.pdf" if pdfs else None, note=exempt_note(document),
                 current=doc_id == current)
        for doc_id, _, document in content.pack_documents()
    ]


def _common(content: ContentSet, theme: HtmlTheme, *, draft: bool, linked: bool,
            title: str, marking: str) -> dict[str, object]:
    pack = content.pack
    logo = theme.files[LOGO]
    return {
        "language": LANGUAGE,
        "council": pack.council,
        "committee": pack.committee,
        "meeting_date": long_date(pack.meeting_date),
        "marking": marking,
        "print_style": Markup(marked_pages(marking)),
        "draft": draft,
        "page_title": f"{'DRAFT: ' if draft else ''}{title} - {pack.committee}, "
                      f"{long_date(pack.meeting_date)} - {pack.council}",
        "css_href": STYLESHEET if linked else None,
        "css": Markup(theme.css.replace("</", "<\\/")),
        "logo_src": LOGO if linked else
        "data:image/png;base64," + base64.b64encode(logo).decode("ascii"),
        "home_href": "index.html",
    }


def _report_facts(report: Report) -> list[tuple[str, str]]:
    author = report.author
    contact = ", ".join(part for part in (author.name, author.email, author.phone) if part)
    return [("Subject", report.subject), ("Report of", report.report_of),
            ("Responsible officer", report.responsible_officer), ("Report author", contact),
            ("Wards affected", report.wards_affected)]


def _policy_facts(document: PolicyDocument, classification: str, pack: Pack,
                  dirty: bool) -> list[tuple[str, str]]:
    return [
        ("Owner", document.owner), ("Version", document.version),
        ("Status", lifecycle.status_label(document, dirty=dirty)),
        lifecycle.decision_row(document, pack, dirty=dirty),
        ("Review", review_text(document)),
        ("Classification", classification),
    ]


def appendices_html(content: ContentSet) -> Markup:
    """Return the report's list of appendices, computed from the pack, exempt ones marked."""
    entries = appendix_list(content)
    if not entries:
        return Markup("")
    items = "\n".join(f"<li>{escape(entry)}</li>" for entry in entries)
    return Markup(f"<h2>Appendices</h2>\n<ul>\n{items}\n</ul>\n")


def report_body_html(content: ContentSet, report: Report) -> Markup:
    """Return the report's sections, recommendations, appendices and background papers."""
    numbers = SectionNumbers()
    parts: list[str] = []

    def recommendations() -> None:
        parts.append("<h3>Recommendations</h3>\n<ol>\n")
        parts.extend(f"<li>{inline_html(r.text)}</li>\n" for r in report.recommendations)
        parts.append("</ol>\n")

    for index, section in enumerate(report.sections, start=1):
        label = numbers.heading()
        parts.append(f'<h2 id="section-{index}"><span class="number">{label}</span> '
                     f"{inline_html(section.heading)}</h2>\n")
        for text in section.paragraphs:
            number = numbers.next_paragraph() if section.numbered else None
            label = (f'<p class="numbered"><span class="number">{number}</span> '
                     if number else "<p>")
            parts.append(f"{label}{inline_html(text)}</p>\n")
        if index == report.recommendations_after and report.recommendations:
            recommendations()
    if report.recommendations_after == 0 and report.recommendations:
        recommendations()
    parts.append(appendices_html(content))
    if report.background_papers:
        parts.append("<h2>Background papers</h2>\n<ul>\n")
        parts.extend(f"<li>{inline_html(text)}</li>\n" for text in report.background_papers)
        parts.append("</ul>\n")
    return Markup("".join(parts))


def render_page(content: ContentSet, doc_id: str, *, draft: bool = False,
                public: bool = False, theme: HtmlTheme | None = None,
                linked: bool = False, commit: str | None = None) -> str:
    """Return the full standalone HTML page of one document of the content.

    ``public`` stands the Schedule 12A notice in place of an exempt document; otherwise an
    exempt document is shown whole under a NOT FOR PUBLICATION banner. ``linked`` links the
    stylesheet and logo as files beside the page (the published site) instead of inlining
    them (a preview). ``draft`` marks the page DRAFT at the top and bottom.
    """
    theme = theme or _default_theme()
    document = content.documents[doc_id]
    classification = str(document.classification or content.pack.classification)
    draft = draft or document.status is Status.DRAFT or (commit or "").endswith("-dirty")
    title = document_title(content, doc_id)
    context = _common(content, theme, draft=draft, linked=linked, title=title,
                      marking=f"Classification: {classification}")
    in_pack = any(d.id == doc_id for d in content.pack.documents)
    letter = content.appendix_of(doc_id)
    context.update(
        title=document.title, appendix=letter,
        short_name=f"Appendix {letter}" if letter else "the report",
        pdf_href=f"{doc_id}.pdf" if linked else None,
        pack_links=pack_links(content, doc_id, pdfs=False) if in_pack else [],
        footer_label=footer_label(document, commit, content.pack, lifecycle.titles(content)),
    )
    if public and is_exempt(document):  # a published page never says NOT FOR PUBLICATION
        context["footer_label"] = footer_label(document.model_copy(update={"exempt": None}),
                                               commit, content.pack, lifecycle.titles(content))
    if isinstance(document, Report):
        context.update(facts=_report_facts(document), facts_caption="About this report",
                       body=report_body_html(content, document))
    elif public and document.exempt is not None:
        notice = exempt_public_notice(f"Appendix {letter}" if letter else "This document",
                                      document.exempt.paragraph)
        context.update(body=Markup(f"<p><strong>{escape(notice)}</strong></p>\n<p>Members "
                                   "can read it in the Members' pack.</p>"),
                       not_for_publication=None, pdf_href=None)
    else:
        context.update(
            subtitle=document.subtitle,
            facts=_policy_facts(document, classification, content.pack,
                                (commit or "").endswith("-dirty")),
            facts_caption="Document control",
            body=markdown_html(document.body, numbered=document.number_paragraphs),
            not_for_publication=(f"{document.exempt.notice}. {document.exempt.reason}"
                                 if document.exempt else None),
        )
    return theme.render("document.html", context)


@dataclass(frozen=True)
class ExemptItem:
    """An exempt item as the index lists it: which, under which paragraph, and why."""

    label: str
    paragraph: int
    description: str
    reason: str | None  # given to Members only


def exempt_items(content: ContentSet, *, members: bool) -> list[ExemptItem]:
    """Return the pack's exempt items; the reason itself only for Members."""
    return [ExemptItem(label=link_label(content, doc_id), paragraph=document.exempt.paragraph,
                       description=PARAGRAPHS[document.exempt.paragraph],
                       reason=document.exempt.reason if members else None)
            for doc_id, _, document in content.pack_documents()
            if isinstance(document, PolicyDocument) and document.exempt is not None]


def render_index(content: ContentSet, *, draft: bool = False, theme: HtmlTheme | None = None,
                 pack_pdf: bool = True, published: str | None = None,
                 members: bool = False) -> str:
    """Return the pack's index page: meeting, committee, date, documents and downloads.

    Members' index says which items are exempt, under which paragraph and why; the
    public's says which items are not published and under which paragraph, and offers no
    download of them. ``published`` is the sentence saying when the agenda went out.
    """
    theme = theme or _default_theme()
    pack = content.pack
    context = _common(content, theme, draft=draft, linked=True,
                      title=f"{pack.committee} papers", marking=pack.classification.marking)
    links = [link if members or not is_exempt(content.documents[link.href[:-5]])
             else replace(link, pdf_href=None)
             for link in pack_links(content, None, pdfs=True)]
    context.update(pack_links=links, members=members, published=published,
                   exempt_items=exempt_items(content, members=members),
                   pack_pdf_href="agenda-pack.pdf" if pack_pdf else None, footer_label=None)
    return theme.render("index.html", context)


__all__ = ["LANGUAGE", "ExemptItem", "PackLink", "appendices_html", "exempt_items",
           "is_exempt", "link_label", "pack_links", "render_index", "render_page",
           "report_body_html"]
