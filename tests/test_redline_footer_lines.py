"""A tracked header or footer change fits its line: old and new each on a line of its own.

A footer line changed in several places, marked word by word, read as one run of both
versions ("2014DRAFT") and could wrap onto the body; it is now the old line deleted
whole above the new line inserted whole. The page-number fields in those lines are
complex fields inside the marks, so Accept All and Reject All in LibreOffice leave no
stray page number behind.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from lxml import etree
from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.office import session as office
from policykit.redline import compare

ROOT = Path(__file__).resolve().parents[1]
DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
OLD_FOOTER = "Version 1.2 — Approved by Cabinet on 18 March 2024 — OFFICIAL"
NEW_FOOTER = "Version 1.3 — Draft for consultation — OFFICIAL"


def _footer(data: bytes) -> str:
    return next(name for name in _names(data) if name.startswith("word/footer"))


def _names(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def _paragraphs(root: etree._Element) -> list[etree._Element]:
    return root.findall(".//w:p", NS)


def _two_line_footer(first: str) -> bytes:
    """Return a document whose footer is ``first`` above a classification marking."""
    document = docx.Document()
    document.add_paragraph("Body.")
    footer = document.sections[0].footer
    footer.paragraphs[0].text = first
    footer.add_paragraph("Classification: OFFICIAL")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_footer_changed_in_two_places_is_the_old_line_then_the_new_line() -> None:
    old, new = _two_line_footer(OLD_FOOTER), _two_line_footer(NEW_FOOTER)
    redline = compare(old, new, date=DATE).docx
    name = _footer(redline)
    first, second, _ = _paragraphs(part(redline, name))
    assert "".join(first.xpath(".//w:delText/text()", namespaces=NS)) == OLD_FOOTER
    assert not first.xpath(".//w:t", namespaces=NS)
    assert first.xpath("w:pPr/w:rPr/w:del", namespaces=NS)
    assert "".join(second.xpath(".//w:ins//w:t/text()", namespaces=NS)) == NEW_FOOTER
    assert accept_texts(redline, name) == [NEW_FOOTER, "Classification: OFFICIAL"]
    assert reject_texts(redline, name) == [OLD_FOOTER, "Classification: OFFICIAL"]


def test_a_footers_last_line_is_marked_word_by_word() -> None:
    """Split, a story's last line would leave an empty line after Reject All."""
    redline = compare(build(["Body."], footer=OLD_FOOTER), build(["Body."], footer=NEW_FOOTER),
                      date=DATE).docx
    name = _footer(redline)
    assert len(_paragraphs(part(redline, name))) == 1
    assert accept_texts(redline, name) == [NEW_FOOTER]
    assert reject_texts(redline, name) == [OLD_FOOTER]


def test_a_footer_changed_in_one_place_is_marked_word_by_word() -> None:
    old = _two_line_footer("Version 1.2 — OFFICIAL")
    new = _two_line_footer("Version 1.3 — OFFICIAL")
    redline = compare(old, new, date=DATE).docx
    paragraph, _ = _paragraphs(part(redline, _footer(redline)))
    assert paragraph.xpath(".//w:del//w:delText/text()", namespaces=NS) == ["1.2"]
    assert paragraph.xpath(".//w:ins//w:t/text()", namespaces=NS) == ["1.3"]


def test_a_simple_field_in_a_deleted_paragraph_becomes_a_deleted_complex_field() -> None:
    """w:del may hold runs, not a w:fldSimple: the field's own runs are marked instead."""
    old = build(["Body.", "Page of the old text."])
    new = build(["Body."])
    xml = part(old, "word/document.xml")
    last = _paragraphs(xml)[-1]
    field = etree.SubElement(last, f"{{{NS['w']}}}fldSimple", {f"{{{NS['w']}}}instr": " PAGE "})
    run = etree.SubElement(field, f"{{{NS['w']}}}r")
    etree.SubElement(run, f"{{{NS['w']}}}t").text = "3"
    old = _with_part(old, "word/document.xml", etree.tostring(xml))
    deleted = _paragraphs(part(compare(old, new, date=DATE).docx, "word/document.xml"))[-1]
    assert not deleted.xpath(".//w:fldSimple", namespaces=NS)
    kinds = deleted.xpath("w:del/w:r/w:fldChar/@w:fldCharType", namespaces=NS)
    assert kinds == ["begin", "separate", "end"]
    assert deleted.xpath("w:del/w:r/w:delInstrText/text()", namespaces=NS) == [" PAGE "]
    assert not deleted.xpath("w:r", namespaces=NS)


def _with_part(package: bytes, name: str, data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == name else source.read(item))
    return out.getvalue()


def _lines(pdf: bytes, page: int) -> list[tuple[float, float, str]]:
    """Return (top, bottom, text) of each line LibreOffice's PDF has on ``page``."""
    done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout",
                           "-", "-"], input=pdf, capture_output=True, check=True)
    root = etree.fromstring(re.sub(rb"<!DOCTYPE[^>]*>", b"", done.stdout))
    lines = []
    for line in root.iter("{*}line"):
        words = [w.text or "" for w in line.iter("{*}word")]
        lines.append((float(line.get("yMin")), float(line.get("yMax")), " ".join(words)))
    return sorted(lines)


@pytest.mark.office
def test_the_standing_comparisons_footer_is_one_line_per_version(tmp_path: Path) -> None:
    from policykit.api import build_pack

    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    build_pack(tmp_path / "content", tmp_path / "build", template_dir=tmp_path / "templates")
    redline = (tmp_path / "build" / "appendix-a-vs-staff-policy-2014.docx").read_bytes()
    pdf, = office.to_pdf_many([redline])
    lines = _lines(pdf, 1)
    old_line = "Version 1.2 — Approved by Joint Staffing Committee on 18 March 2014 — Page 1 of"
    new_line = "Version 1.0 — DRAFT — Page 1 of"
    texts = [text for _, _, text in lines]
    assert [t for t in texts if t.startswith("Version")] == [
        old_line + f" {texts[-3].split()[-1]}", new_line + f" {texts[-2].split()[-1]}"]
    assert texts[-1] == "Classification: OFFICIAL"
    footer_top = lines[-3][0]
    body_bottom = max(bottom for _, bottom, text in lines[1:-3])
    assert body_bottom <= footer_top  # the footer does not run into the body
    (checked,) = office.check_many([redline])
    accepted = checked.accepted[checked.accepted.index("<footer>"):].splitlines()
    rejected = checked.rejected[checked.rejected.index("<footer>"):].splitlines()
    assert re.fullmatch(r"Version 1\.0 — DRAFT — Page \d+ of \d+", accepted[1])
    assert accepted[2] == "Classification: OFFICIAL"
    assert re.fullmatch(r"Version 1\.2 — Approved by Joint Staffing Committee on 18 March "
                        r"2014 — Page \d+ of \d+", rejected[1])
    assert rejected[2] == "Classification: OFFICIAL"
