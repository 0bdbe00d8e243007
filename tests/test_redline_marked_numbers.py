"""Read the list labels LibreOffice shows in a redline's marked-up view (changes shown).

LibreOffice 7.4 shows a changed paragraph's new number and its old one in brackets
("2.[3.] Two"), a deleted paragraph's old number alone ("[1.2] Gone."). Where the redline's
markup decides the label, the engine's markup is tested here; where LibreOffice 7.4 shows
a wrong label whatever the markup, a minimal hand-written document pins the fault, and
the test fails once LibreOffice is fixed (then drop the pin and assert the right label).
The labels are read from LibreOffice's PDF of the document, as a reader sees them.
"""

from __future__ import annotations

import pytest
from test_redline_numbers import (
    DATE,
    HEADING,
    PARAGRAPH,
    STAMP,
    body_lines,
    labelled,
    numbered,
    para,
)

from policykit.office import session as office
from policykit.redline import compare

pytestmark = pytest.mark.office

MOVED = "Staff may ask the team to publish news about council services on the corporate."


def marked(*documents: bytes) -> list[list[str]]:
    """Return each document's body lines as LibreOffice's PDF shows them, marks shown."""
    views = []
    for pages in office.page_texts_many(list(documents)):
        lines = [" ".join(line.split()) for page in pages for line in page.splitlines()]
        views.append([line for line in lines
                      if line and not line.startswith(("Classification", "Version"))])
    return views


def revised(style: str, runs: list[tuple[str | None, str]], mark: str | None = None) -> str:
    """Return a paragraph whose runs are (revision kind or None, text); ``mark`` its mark's."""
    ids = iter(range(5000, 5100))
    mark_xml = f'<w:rPr><w:{mark} w:id="{next(ids)}" {STAMP}/></w:rPr>' if mark else ""
    body = ""
    for kind, words in runs:
        tag = "w:delText" if kind in ("del", "moveFrom") else "w:t"
        run = f'<w:r><{tag} xml:space="preserve">{words}</{tag}></w:r>'
        body += f'<w:{kind} w:id="{next(ids)}" {STAMP}>{run}</w:{kind}>' if kind else run
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{mark_xml}</w:pPr>{body}</w:p>'


def test_a_paragraph_moved_away_leaves_the_next_heading_its_new_number() -> None:
    """The paragraph before a paragraph moved away carries a deleted mark, its own none.

    With the moved paragraph's own mark moved away, LibreOffice showed the next heading as
    deleted ("[2.] Two") and every new number after it one short ("1.2[2.1] Body one").
    LibreOffice 7.4.7 still counts the paragraph moved here in the old numbering of the
    paragraphs after it ("3.1[2.5] Last.", old number 3.1): pinned as a fault, so this
    test fails once LibreOffice is fixed.
    """
    section = [para(HEADING, "Two"), para(PARAGRAPH, "Body one is here."),
               para(PARAGRAPH, "Body two is here."), para(PARAGRAPH, "Body three is here.")]
    start, end = [para(HEADING, "One"), para(PARAGRAPH, "Kept.")], [
        para(HEADING, "Three"), para(PARAGRAPH, "Last.")]
    old = numbered(start + [para(PARAGRAPH, MOVED)] + section + end)
    new = numbered(start + section + [para(PARAGRAPH, MOVED)] + end)
    redline = compare(old, new, date=DATE).docx
    (view,) = marked(redline)
    assert "1.1 Kept." in view and f"[1.2] {MOVED}" in view
    assert "2. Two" in view and "2.1 Body one is here." in view and "3. Three" in view
    assert "3.1[2.5] Last." in view  # the fault: should read "3.1 Last."
    checked, old_check, new_check = labelled(redline, old, new)
    assert body_lines(checked.accepted) == body_lines(new_check.text)
    assert body_lines(checked.rejected) == body_lines(old_check.text)


def test_libreoffice_limit_a_paragraph_holding_a_deleted_word() -> None:
    """A LibreOffice 7.4.7 limit no markup avoids: this test fails once it is fixed.

    A kept numbered paragraph with one word deleted inside it (a plain ``w:del``, its
    paragraph mark untouched) is shown with its old number only, as if the whole
    paragraph were deleted ("[1.2] Kept mid end."), and it is left out of the new
    numbering, so the next paragraph shows 1.2 for 1.3 ("1.2[1.3] After."). The same
    paragraph with a word inserted instead is numbered right. Every paragraph of a
    redline with a word deleted shows this, and shifts the new numbers after it.
    """
    deleted, inserted = marked(
        numbered([para(HEADING, "One"), para(PARAGRAPH, "Kept."),
                  revised(PARAGRAPH, [(None, "Kept "), ("del", "mid "), (None, "end.")]),
                  para(PARAGRAPH, "After."), para(HEADING, "Two")]),
        numbered([para(HEADING, "One"), para(PARAGRAPH, "Kept."),
                  revised(PARAGRAPH, [(None, "Kept "), ("ins", "mid "), (None, "end.")]),
                  para(PARAGRAPH, "After."), para(HEADING, "Two")]))
    assert "[1.2] Kept mid end." in deleted  # the fault: should read "1.2 Kept mid end."
    assert "1.2[1.3] After." in deleted  # the fault: should read "1.3 After."
    assert "1.2 Kept mid end." in inserted and "1.3 After." in inserted


def test_an_inserted_section_leaves_the_next_heading_both_numbers() -> None:
    """A LibreOffice 7.4.7 limit the redline works around: the pin fails once it is fixed.

    With an inserted section marked as Word writes it (each inserted paragraph's mark
    inserted), the next heading (old 2., new 3.) shows its new number alone ("3. Two")
    while its paragraph shows both ("3.1[2.1] Body."). The redline marks the mark of the
    paragraph before the section instead (formatted as the section's last paragraph, the
    same result in Word), and LibreOffice shows "3.[2.] Two".
    """
    start = [para(HEADING, "One"), para(PARAGRAPH, "Kept.")]
    end = [para(HEADING, "Two"), para(PARAGRAPH, "Body.")]
    old = numbered(start + end)
    new = numbered(start + [para(HEADING, "New head"), para(PARAGRAPH, "New body.")] + end)
    as_word_writes = numbered(start + [revised(HEADING, [("ins", "New head")], "ins"),
                                       revised(PARAGRAPH, [("ins", "New body.")], "ins")] + end)
    redline, pinned = marked(compare(old, new, date=DATE).docx, as_word_writes)
    for view in (redline, pinned):
        assert "2. New head" in view and "2.1 New body." in view and "3.1[2.1] Body." in view
    assert "3.[2.] Two" in redline
    assert "3. Two" in pinned  # the fault: should read "3.[2.] Two"


def _removed_table() -> str:
    """Return a one-cell table whose row and text are deleted."""
    cell = (f'<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr><w:p><w:del w:id="7002" '
            f'{STAMP}><w:r><w:delText>Cell</w:delText></w:r></w:del></w:p></w:tc>')
    return ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol '
            f'w:w="2000"/></w:tblGrid><w:tr><w:trPr><w:del w:id="7001" {STAMP}/></w:trPr>'
            f'{cell}</w:tr></w:tbl>')


def test_libreoffice_limit_a_passage_removed_after_a_table() -> None:
    """A LibreOffice 7.4.7 limit with no markup right in both: the pin fails once it is fixed.

    A passage taken away (deleted or moved away) whose last paragraphs follow a table in it,
    before a kept heading: the standing comparison's "Corporate social media accounts"
    before "Principles". The redline deletes the mark of the last paragraph, so Accept All
    is right, but the marked-up view shows the heading as deleted ("[2.] Two") and every
    heading number after it one short. Deleting instead the marks before the table (the
    paragraph before the passage, the passage's paragraphs) and keeping the last one's, the
    view is right ("2. Two"), but LibreOffice's Accept All cannot join a paragraph across
    the table it removes and leaves an empty numbered paragraph ("1.2"), as for WC-1210.
    """
    kept = [para(HEADING, "One"), revised(PARAGRAPH, [(None, "Kept.")], "del")]
    end = [para(HEADING, "Two"), para(PARAGRAPH, "Body.")]
    as_written = numbered(kept + [revised(PARAGRAPH, [("del", "Gone A.")]), _removed_table(),
                                  revised(PARAGRAPH, [("del", "Gone C.")], "del")] + end)
    across = numbered(kept + [revised(PARAGRAPH, [("del", "Gone A.")], "del"), _removed_table(),
                              revised(PARAGRAPH, [("del", "Gone C.")])] + end)
    written_view, across_view = marked(as_written, across)
    assert "[2.] Two" in written_view  # the fault: should read "2. Two"
    assert "2. Two" in across_view and "2.1 Body." in across_view
    written, crossing, new = labelled(as_written, across, numbered(
        [para(HEADING, "One"), para(PARAGRAPH, "Kept.")] + end))
    assert body_lines(written.accepted) == body_lines(new.text)
    assert "1.2\t" in body_lines(crossing.accepted)  # the fault: an empty paragraph is left
