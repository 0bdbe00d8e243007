"""Test how paragraphs split into tokens: numbers, dates and amounts change as one token."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


def marked(docx: bytes, tag: str) -> list[str]:
    """Return the text of each ``w:ins`` or ``w:del`` of the body, in order."""
    text_tag = "w:delText" if tag == "del" else "w:t"
    return ["".join(t.text or "" for t in mark.iterfind(f".//{text_tag}", NS))
            for mark in part(docx).iterfind(f".//w:{tag}", NS) if mark.getparent().tag != (
                f"{{{NS['w']}}}rPr")]


@pytest.mark.parametrize(("old", "new", "deleted", "inserted"), [
    ("7.2 Employees must report.", "6.3 Members must report.", ["7.2 Employees"],
     ["6.3 Members"]),
    ("Version 1.2 of the policy.", "Version 2.0 of the policy.", ["1.2"], ["2.0"]),
    ("Approved on 2019-06-11 by Cabinet.", "Approved on 2020-06-11 by Cabinet.",
     ["2019-06-11"], ["2020-06-11"]),
    ("The fee is £1,250.00 a year.", "The fee is £1,350.00 a year.", ["£1,250.00"],
     ["£1,350.00"]),
    ("12. Monitoring", "13. Monitoring", ["12"], ["13"]),
])
def test_a_number_changes_as_one_token(old: str, new: str, deleted: list[str],
                                        inserted: list[str]) -> None:
    result = compare(build([old]), build([new]), date=DATE)
    assert marked(result.docx, "del") == deleted
    assert marked(result.docx, "ins") == inserted
    assert accept_texts(result.docx) == [new]
    assert reject_texts(result.docx) == [old]


def _with_page_field(docx_bytes: bytes, *, simple: bool) -> bytes:
    """Put a PAGE field after the body's first paragraph text: simple, or as fldChar runs."""
    import io
    import zipfile

    from lxml import etree

    w = NS["w"]
    source = zipfile.ZipFile(io.BytesIO(docx_bytes))
    root = etree.fromstring(source.read("word/document.xml"))
    paragraph = root.find(f".//{{{w}}}p")
    if simple:
        field = etree.SubElement(paragraph, f"{{{w}}}fldSimple", {f"{{{w}}}instr": " PAGE "})
        etree.SubElement(etree.SubElement(field, f"{{{w}}}r"), f"{{{w}}}t").text = "1"
    else:
        for kind, instr, text in (("begin", None, None), (None, " PAGE ", None),
                                  ("separate", None, None), (None, None, "1"),
                                  ("end", None, None)):
            run = etree.SubElement(paragraph, f"{{{w}}}r")
            if kind:
                etree.SubElement(run, f"{{{w}}}fldChar", {f"{{{w}}}fldCharType": kind})
            elif instr:
                etree.SubElement(run, f"{{{w}}}instrText").text = instr
            else:
                etree.SubElement(run, f"{{{w}}}t").text = text
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = etree.tostring(root) if item.filename == "word/document.xml" else \
                source.read(item.filename)
            target.writestr(item, data)
    return out.getvalue()


def test_a_simple_field_and_the_same_field_as_runs_are_unchanged() -> None:
    """A redline writes a marked PAGE field as fldChar runs: compared again with the document
    it came from (which has the simple field), the field is no change."""
    base = build(["Page "])
    result = compare(_with_page_field(base, simple=False), _with_page_field(base, simple=True),
                     date=DATE)
    assert marked(result.docx, "del") == [] and marked(result.docx, "ins") == []
    changed = compare(_with_page_field(base, simple=False),
                      _with_page_field(build(["Sheet "]), simple=True), date=DATE)
    assert marked(changed.docx, "del") == ["Page"] and marked(changed.docx, "ins") == ["Sheet"]
