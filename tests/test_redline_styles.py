"""Check that deleted text keeps the old styles it names when the new document lacks them."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt
from lxml import etree

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document(clause: bool, shared_size: int) -> bytes:
    """Return a .docx; with ``clause`` a paragraph in old-only styles "Legal Clause" < "Legal"."""
    built = docx.Document()
    shared = built.styles.add_style("Shared Note", WD_STYLE_TYPE.PARAGRAPH)
    shared.font.size = Pt(shared_size)
    built.add_paragraph("Kept.", style=shared)
    if clause:
        base = built.styles.add_style("Legal", WD_STYLE_TYPE.PARAGRAPH)
        base.font.size = Pt(20)
        style = built.styles.add_style("Legal Clause", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = base
        style.font.bold = True
        built.add_paragraph("A clause that goes.", style=style)
    built.add_paragraph("Shared.", style=shared)
    out = io.BytesIO()
    built.save(out)
    return out.getvalue()


def styles_of(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/styles.xml"))
    return {s.get(f"{{{W}}}styleId"): s for s in root.iter(f"{{{W}}}style")}


def test_a_deleted_paragraph_keeps_its_old_style_and_the_style_it_is_based_on() -> None:
    old, new = document(True, 9), document(False, 14)
    assert "LegalClause" not in styles_of(new)
    redline = compare(old, new, author="A", date=DATE).docx
    styles, old_styles = styles_of(redline), styles_of(old)
    with zipfile.ZipFile(io.BytesIO(redline)) as archive:
        body = archive.read("word/document.xml").decode()
    assert '<w:pStyle w:val="LegalClause"/>' in body and "A clause that goes." in body
    for style_id in ("LegalClause", "Legal"):  # what Reject All shows it in
        assert etree.tostring(styles[style_id]) == etree.tostring(old_styles[style_id])
    # a style new defines stays new's (14 pt, not old's 9 pt)
    assert styles["SharedNote"].find(f"{{{W}}}rPr/{{{W}}}sz").get(f"{{{W}}}val") == "28"


def test_styles_are_untouched_when_nothing_deleted_needs_one() -> None:
    old, new = document(False, 9), document(False, 14)
    redline = compare(old, new, author="A", date=DATE).docx
    assert list(styles_of(redline)) == list(styles_of(new))
