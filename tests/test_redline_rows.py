"""An edited table row is kept as one row with its cells' changes marked, not replaced.

A row deleted whole and inserted whole loses what the row itself carries (header-row
formatting, shading, the bottom border) on Accept or Reject in LibreOffice, and a reader
sees every word twice. One row changed between kept rows (or alone) is paired in place:
its cells are redlined paragraph by paragraph, so a cell paragraph split in two shows as an
inserted paragraph mark (WmlComparer pairs WC-1830, WC-1840).
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime

import pytest
from test_redline_engine import texts_in
from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
OLD = ["Before.", [["Account", "Owner"], ["News feed", "Press office"], ["Jobs", "HR"]],
       "After."]
NEW = ["Before.", [["Account", "Owner"], ["Digital news and events", "Web team"], ["Jobs", "HR"]],
       "After."]


def test_an_edited_row_keeps_its_row_and_marks_its_cells() -> None:
    result = compare(build(OLD), build(NEW), date=DATE)
    body = part(result.docx)
    assert body.find(".//w:trPr/w:ins", NS) is None and body.find(".//w:trPr/w:del", NS) is None
    assert len(body.findall(".//w:tr", NS)) == 3
    assert "Press office" in texts_in(result.docx, "del")
    assert "Web team" in texts_in(result.docx, "ins")
    assert accept_texts(result.docx) == accept_texts(build(NEW))
    assert reject_texts(result.docx) == reject_texts(build(OLD))


def test_a_cell_paragraph_split_in_two_shows_an_inserted_paragraph_mark() -> None:
    old = build([[["Video provides a powerful way. Click Online Video."]], "End."])
    new = build([[["Video provides a powerful way."]], "End."])

    def split(data: bytes) -> bytes:
        source = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "word/document.xml":
                    content = content.replace(
                        b"Video provides a powerful way.</w:t></w:r></w:p>",
                        b"Video provides a powerful way.</w:t></w:r></w:p>"
                        b"<w:p><w:r><w:t>Click Online Video.</w:t></w:r></w:p>", 1)
                target.writestr(item, content)
        return out.getvalue()

    new = split(new)  # the new cell holds two paragraphs: split where the first one ends
    result = compare(old, new, date=DATE)
    body = part(result.docx)
    assert body.find(".//w:trPr/w:del", NS) is None
    marks = body.findall(".//w:tc/w:p/w:pPr/w:rPr/w:ins", NS)
    assert len(marks) == 1  # one inserted paragraph mark: the split
    assert "Video provides a powerful way." not in texts_in(result.docx, "del")
    assert accept_texts(result.docx) == accept_texts(new)
    assert reject_texts(result.docx) == reject_texts(old)


@pytest.mark.office
def test_libreoffice_accepts_and_rejects_the_edited_row() -> None:
    from policykit.office import session as office

    old, new = build(OLD), build(NEW)
    redline, old_check, new_check = office.check_many(
        [compare(old, new, date=DATE).docx, old, new], labels=True)
    assert redline.accepted == new_check.text
    assert redline.rejected == old_check.text
