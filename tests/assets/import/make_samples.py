"""Build the sample Word policies the importer tests read (run: python make_samples.py).

The tests call these builders directly, so the .docx files here are a convenience for
trying ``policykit import`` by hand; they are rebuilt byte-for-byte the same way.
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


def to_bytes(document: docx.document.Document) -> bytes:
    """Return a document saved as .docx bytes."""
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


SAMPLES = {"staff-policy.docx": staff_policy}


if __name__ == "__main__":
    for name, build in SAMPLES.items():
        (HERE / name).write_bytes(to_bytes(build()))
        sys.stdout.write(f"wrote {HERE / name}\n")
