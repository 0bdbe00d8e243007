"""Check that a changed page setup is recorded as Word's tracked section change."""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy
from datetime import UTC, datetime

import docx
from docx.shared import Mm
from lxml import etree

from policykit.redline import compare
from policykit.redline.accept import accept_all

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document(a4: bool, rsid: str = "00A1B2C3") -> bytes:
    """Return a one-paragraph .docx on Letter paper, or on A4 with 20 mm margins."""
    built = docx.Document()
    built.add_paragraph("Members must report within one day.")
    if a4:
        section = built.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
    built.sections[0]._sectPr.set(f"{{{W}}}rsidR", rsid)
    out = io.BytesIO()
    built.save(out)
    return out.getvalue()


def last_section(docx_bytes: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    return root.find(f"{{{W}}}body/{{{W}}}sectPr")


def test_a_new_page_size_records_the_old_one_for_reject_all() -> None:
    old, new = document(False), document(True)
    redline = compare(old, new, author="Legal", date=DATE).docx
    sect = last_section(redline)
    change = sect.find(f"{{{W}}}sectPrChange")
    assert change is not None and change.get(f"{{{W}}}author") == "Legal"
    size = change.find(f"{{{W}}}sectPr/{{{W}}}pgSz")
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("12240", "15840")  # Letter
    assert sect.find(f"{{{W}}}pgSz").get(f"{{{W}}}w") == "11906"  # A4 is shown
    assert change.find(f"{{{W}}}sectPr/{{{W}}}headerReference") is None
    accepted = deepcopy(sect)
    holder = etree.Element(f"{{{W}}}body")
    holder.append(accepted)
    accept_all(holder)  # the simulator's Accept All keeps new's page setup, unmarked
    assert accepted.find(f"{{{W}}}sectPrChange") is None
    assert accepted.find(f"{{{W}}}pgSz").get(f"{{{W}}}w") == "11906"


def test_the_same_page_setup_saved_in_another_session_is_no_change() -> None:
    redline = compare(document(True, "00A1B2C3"), document(True, "00D4E5F6"), date=DATE).docx
    assert last_section(redline).find(f"{{{W}}}sectPrChange") is None
