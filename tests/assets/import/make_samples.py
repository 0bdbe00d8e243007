"""Build the sample Word policies the importer tests read (run: python make_samples.py).

``libreoffice-web.docx`` is not made here: it is ``libreoffice-web.html`` saved as .docx by
LibreOffice (``soffice --headless --convert-to "docx:MS Word 2007 XML" libreoffice-web.html``),
a document written by another program than python-docx, with LibreOffice's own numbering
and styles (Body Text, Quotations).

The tests call these builders directly and check the committed .docx files still import
to the same Markdown as a fresh build (zip timestamps make the bytes differ run to run).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

HERE = Path(__file__).parent


def add_hyperlink(paragraph: Paragraph, text: str, url: str, bold: bool = False) -> None:
    """Append ``text`` linked to ``url`` (python-docx has no public hyperlink API)."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def add_runs(paragraph: Paragraph, *parts: tuple[str, str]) -> Paragraph:
    """Append runs given as (text, flags) where flags holds 'b' and/or 'i'."""
    for text, flags in parts:
        run = paragraph.add_run(text)
        run.bold = "b" in flags or None
        run.italic = "i" in flags or None
    return paragraph


def staff_policy() -> docx.document.Document:
    """Return a small staff policy using every construct the importer maps."""
    document = docx.Document()
    document.core_properties.author = "Human Resources"
    document.core_properties.title = "Ignored when a Title paragraph exists"
    document.sections[0].header.paragraphs[0].text = "Classification: OFFICIAL-SENSITIVE"
    document.add_paragraph("Staff Social Media Policy", style="Title")
    document.add_paragraph("Chiltern District Council", style="Subtitle")
    document.add_heading("Introduction", level=1)
    add_runs(document.add_paragraph(), ("This policy applies to ", ""), ("all", "b"),
             (" staff and ", ""), ("agency workers", "i"), (".", ""))
    paragraph = add_runs(document.add_paragraph(), ("Read the ", ""))
    add_hyperlink(paragraph, "code of conduct", "https://example.gov.uk/code")
    add_runs(paragraph, (" first.", ""))
    document.add_heading("Using social media", level=2)
    document.add_paragraph("be polite;", style="List Bullet")
    document.add_paragraph("never share passwords;", style="List Bullet")
    document.add_paragraph("including with colleagues", style="List Bullet 2")
    document.add_paragraph("report problems.", style="List Bullet")
    document.add_heading("Breaches", level=3)
    document.add_paragraph("Tell your manager.", style="List Number")
    document.add_paragraph("Write down what happened.", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for row, (left, right) in zip(table.rows, [("Account", "Owner"),
                                                ("@council | main", "Comms team"),
                                                ("Facebook", "")], strict=True):
        row.cells[0].text, row.cells[1].text = left, right
    document.add_paragraph("")
    document.add_paragraph("Think before you post.", style="Quote")
    return document


def tracked(tag: str, text: str, author: str = "Legal Services") -> OxmlElement:
    """Return a ``w:ins`` or ``w:del`` holding one run of ``text``."""
    wrapper = OxmlElement(tag)
    wrapper.set(qn("w:id"), str(len(text) + (1000 if tag == "w:del" else 2000)))
    wrapper.set(qn("w:author"), author)
    wrapper.set(qn("w:date"), "2014-03-01T09:00:00Z")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    wrapper.append(run)
    return wrapper


def legal_hold_policy() -> docx.document.Document:
    """Return a 2014-style policy as legal hold it: typed numbers, a tracked change,
    a document control table and the marking in the footer."""
    document = docx.Document()
    document.core_properties.author = "j.smith"
    document.sections[0].footer.paragraphs[0].text = "Classification: OFFICIAL"
    document.add_paragraph("Internet and Social Networking Policy", style="Title")
    document.add_heading("Document control", 3)
    table = document.add_table(rows=3, cols=2)
    for row, (label, value) in zip(table.rows, [
        ("Owner", "Human Resources"), ("Version", "1.2"), ("Status", "Superseded"),
    ], strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("1. Introduction", 1)
    paragraph = document.add_paragraph("1.1 Staff ")
    paragraph._p.append(tracked("w:del", "may "))
    paragraph._p.append(tracked("w:ins", "must not "))
    paragraph.add_run("use personal accounts for council business.")
    document.add_heading("2. Breaches", 1)
    add_runs(document.add_paragraph(), ("2.1 Breaches are dealt with under the ", ""),
             ("Disciplinary Procedure", "i"), (".", ""))
    return document


def to_bytes(document: docx.document.Document) -> bytes:
    """Return a document saved as .docx bytes."""
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


SAMPLES = {"staff-policy.docx": staff_policy, "legal-hold-2014.docx": legal_hold_policy}


if __name__ == "__main__":
    for name, build in SAMPLES.items():
        (HERE / name).write_bytes(to_bytes(build()))
        sys.stdout.write(f"wrote {HERE / name}\n")
