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
