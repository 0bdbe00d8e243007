"""Render content documents into council-branded Word documents through docxtpl templates.

The brand kit's templates are docxtpl templates: their own fields (title, committee,
classification...) are filled by docxtpl in a sandboxed Jinja environment, with every value
passed as escaped literal text. The body (sections, Markdown) is then built as Word XML and
put in place of the paragraph holding ``{{ body }}``: content never passes through Jinja, so
``{{ }}`` or ``{% %}`` typed in content reach the page as typed.
"""

from __future__ import annotations

import io

from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from policykit.content import ContentSet, lifecycle
from policykit.content.models import Classification, Document, Pack, PolicyDocument, Report
from policykit.content.reviewcycle import next_review
from policykit.dates import long_date
from policykit.errors import TemplateError
from policykit.render.brandkit import BrandKit
from policykit.render.labels import appendix_list, document_title
from policykit.render.markdown import Writer
from policykit.render.numbering import PARAGRAPH_TEXT_INDENT, bind_section_numbering
from policykit.word import oxml as oxml
from policykit.word.package import core_properties, finish_package
from policykit.word.sourcemap import mark_sources

BODY_TOKEN = "\u2063policykit-body\u2063"


def review_text(document: PolicyDocument) -> str:
    """Return the document-control review line: who reviews it, how often, and the last
    review ("Last reviewed 2020-06-02, no changes; next review 2021-06-11")."""
    review = document.review
    if review is None:
        return "No review scheduled"
    text = f"Every {str(review.interval).removeprefix('1 ')} by {review.owner}"
    last = lifecycle.review_line(document, next_review(document))
    return f"{text}. {last}" if last else text


def literal(value: object) -> Markup:
    """Return ``value`` as escaped XML text that docxtpl's post-processing leaves alone."""
    text = " ".join(str(value).split())
    return Markup(str(escape(text)).replace("_", "&#95;"))


def footer_label(document: Document, commit: str | None, pack: Pack | None = None,
                 titles: dict[str, str] | None = None) -> str:
    """Return the version and state line printed in every footer (the lifecycle's words)."""
    parts = []
    if isinstance(document, PolicyDocument) and document.exempt is not None:
        parts.append("NOT FOR PUBLICATION")
    if document.version:
        parts.append(f"Version {document.version}")
    parts.append(lifecycle.footer_status(document, pack, titles=titles,
                                         dirty=(commit or "").endswith("-dirty")))
    return " \u2014 ".join(parts)


def _context(content: ContentSet, doc_id: str, document: Document,
             classification: Classification, commit: str | None) -> dict[str, object]:
    pack = content.pack
    dirty = (commit or "").endswith("-dirty")
    decision = lifecycle.decision_row(document, pack, dirty=dirty)
    context: dict[str, object] = {
        "council": pack.council,
        "committee": pack.committee,
        "meeting_date": long_date(pack.meeting_date),
        "title": document.title,
        "classification": str(classification),
        "footer_label": footer_label(document, commit, pack, lifecycle.titles(content)),
        "body": BODY_TOKEN,
        "appendix": content.appendix_of(doc_id) or "",
        "version": document.version or "",
        "status": lifecycle.status_label(document, dirty=dirty),
        "approval_label": decision[0],
        "approval": decision[1],
    }
    if isinstance(document, Report):
        author = document.author
        context.update(
            subject=document.subject,
            report_of=document.report_of,
            responsible_officer=document.responsible_officer,
            report_author=", ".join(
                part for part in (author.name, f"{author.email} {author.phone or ''}".strip())
            ),
            wards_affected=document.wards_affected,
        )
    else:
        context.update(
            subtitle=document.subtitle or "",
            owner=document.owner,
            review=review_text(document),
        )
    return {key: literal(value) if value else "" for key, value in context.items()}


def _body_report(writer: Writer, report: Report, appendices: list[str]) -> None:
    styles = writer.styles
    for index, section in enumerate(report.sections, start=1):
        writer.heading(1, writer.inline(section.heading), numbered=True,
                       source=f"yaml:sections.{index - 1}.heading")
        for number, text in enumerate(section.paragraphs):
            writer.body_paragraph(writer.inline(text), numbered=section.numbered,
                                  source=f"yaml:sections.{index - 1}.paragraphs.{number}")
        if index == report.recommendations_after and report.recommendations:
            _recommendations(writer, report)
    if report.recommendations_after == 0 and report.recommendations:
        _recommendations(writer, report)
    if appendices:
        writer.heading(1, [oxml.run("Appendices")], numbered=False)
        for entry in appendices:
            writer.body_paragraph([oxml.run(entry)], numbered=False)
    if report.background_papers:  # a header cell over the papers, so the PDF tags it TH
        papers = [oxml.paragraph(styles["Normal"], writer.inline(text))
                  for text in report.background_papers]
        writer.elements.append(oxml.paragraph(styles["Normal"]))
        writer.elements.append(oxml.table(
            [[[oxml.paragraph(styles.get("Table Label", "Normal"),
                              [oxml.run("Background Papers:")])]], [papers]],
            styles.get("Table Grid", "Normal Table"),
            header=True,
            widths=[9600],
        ))


def _recommendations(writer: Writer, report: Report) -> None:
    writer.elements.append(oxml.paragraph(
        writer.styles["Heading 2"], [oxml.run("RECOMMENDATIONS:")], keep_next=True))
    num_id = writer.numbering.numbers()
    for number, recommendation in enumerate(report.recommendations):
        writer.add_mapped(oxml.paragraph(
            writer.styles["List Number"], writer.inline(recommendation.text), num=(num_id, 0)),
            f"yaml:recommendations.{number}.text")


def set_language(docx, language: str) -> None:
    """Set every language mark of the document to ``language`` (en-GB): the defaults, the
    styles, each run and the theme font language, so spell checking and the PDF's /Lang agree.
    """
    for part in docx.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None:
            continue
        for mark in element.iter(oxml.W_LANG, oxml.W_THEMEFONTLANG):
            if mark.get(oxml.W_VAL) is not None or mark.tag == oxml.W_THEMEFONTLANG:
                mark.set(oxml.W_VAL, language)


def _check_markings(docx, classification: Classification, label: str) -> None:
    """Refuse a template whose pages could go out without the classification marking.

    Every section must have a header and a footer, and every header and footer it uses
    (default, first page, even pages) must carry the marking.
    """
    marking = classification.marking
    sections = docx.element.body.xpath("./w:p/w:pPr/w:sectPr | ./w:sectPr")
    for number, sect_pr in enumerate(sections, start=1):
        for kind in ("header", "footer"):
            references = sect_pr.findall(oxml.W_HDRREF if kind == "header" else oxml.W_FTRREF)
            if not any(r.get(oxml.W_TYPE) == "default" for r in references):
                raise TemplateError(
                    f"{label}: section {number} has no {kind}; add a {kind} holding "
                    "'Classification: {{ classification }}'"
                )
            for reference in references:
                part = docx.part.rels[reference.get(oxml.R_ID)].target_part
                if marking not in oxml.text_of(part.element):
                    which = {"default": "", "first": "first-page ", "even": "even-page "}[
                        reference.get(oxml.W_TYPE)]
                    raise TemplateError(
                        f"{label}: the {which}{kind} of section {number} has no classification "
                        "marking; add 'Classification: {{ classification }}' to it"
                    )


def _fill_body(docx, document: Document, label: str, appendices: list[str]) -> list[str]:
    """Put the content's body, as Word XML, in place of the paragraph holding ``{{ body }}``."""
    placeholder = next(
        (p for p in docx.element.body.iter(oxml.W_P) if oxml.text_of(p).strip() == BODY_TOKEN),
        None,
    )
    if placeholder is None:
        raise TemplateError(
            f"{label} has no paragraph holding {{{{ body }}}}; add one where the content goes"
        )
    styles = oxml.StyleIds(docx, label)
    number_paragraphs = isinstance(document, PolicyDocument) and document.number_paragraphs
    if number_paragraphs or isinstance(document, Report):
        bind_section_numbering(docx.part.numbering_part.element, docx.styles.element,
                               styles["Numbered Heading"], styles["Numbered Paragraph"])
    writer = Writer(
        part=docx.part,
        styles=styles,
        numbering=oxml.Numbering(docx.part.numbering_part.element, legal=number_paragraphs,
                                 indent=PARAGRAPH_TEXT_INDENT),
        number_paragraphs=number_paragraphs,
    )
    if isinstance(document, Report):
        _body_report(writer, document, appendices)
    else:
        writer.markdown(document.body)
    for element in writer.elements:
        placeholder.addprevious(element)
    placeholder.getparent().remove(placeholder)
    return mark_sources(writer.sources)


def _finish(docx_bytes: bytes, content: ContentSet, doc_id: str, document: Document,
            classification: Classification, commit: str | None) -> bytes:
    """Return the package with its document properties taken from the content."""
    pack = content.pack
    approval = document.approval
    author = document.author.name if isinstance(document, Report) else document.owner
    subject = (
        f"{pack.committee}, {long_date(pack.meeting_date)}: "
        + (document.subject if isinstance(document, Report) else
           f"Appendix {content.appendix_of(doc_id)}" if content.appendix_of(doc_id)
           else document.title)
    )
    custom = {
        "Classification": str(classification),
        "PolicykitDocument": doc_id,
        "PolicykitVersion": document.version or "",
        "PolicykitStatus": document.status.value,
    }
    if commit:
        custom["PolicykitCommit"] = commit
    return finish_package(
        docx_bytes,
        core=core_properties(
            title=document_title(content, doc_id),
            subject=subject,
            author=author,
            created=approval.on if approval else pack.meeting_date,
            language=pack.language,
            keywords=f"{pack.council}; {pack.committee}",
            category=str(classification),
        ),
        custom=custom,
    )


def render_document(
    content: ContentSet,
    doc_id: str,
    kit: BrandKit | None = None,
    *,
    commit: str | None = None,
    sources: list[str] | None = None,
) -> bytes:
    """Return the .docx bytes of one content document, rendered in the brand kit.

    The same content, brand kit and commit always give the same bytes. Each body paragraph
    carries a hidden bookmark ``_PkN``; ``sources``, when given, receives entry N of the
    source map (where in the content paragraph N came from; see ``word.sourcemap``).
    """
    kit = kit or BrandKit.default()
    document = content.documents[doc_id]
    classification = document.classification or content.pack.classification
    name = "report.docx" if isinstance(document, Report) else "policy.docx"
    label = f"{kit.source}/{name}"
    template = kit.open(name)
    try:
        template.render(
            _context(content, doc_id, document, classification, commit),
            SandboxedEnvironment(autoescape=True),
            autoescape=True,
        )
    except JinjaTemplateError as exc:
        raise TemplateError(f"{label}: template error: {exc}; fix the tag in Word") from None
    docx = template.docx
    _check_markings(docx, classification, label)
    mapped = _fill_body(docx, document, label, appendix_list(content))
    if sources is not None:
        sources[:] = mapped
    set_language(docx, content.pack.language)
    stream = io.BytesIO()
    docx.save(stream)
    return _finish(stream.getvalue(), content, doc_id, document, classification, commit)


__all__ = ["BODY_TOKEN", "footer_label", "long_date", "render_document"]
