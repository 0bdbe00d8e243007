"""Open redlines of generated policies in a real LibreOffice: Accept All, Reject All, redlines.

All documents go through one LibreOffice (``office.check_many``) in a module fixture.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from test_redline_sim import build

from policykit.office import session as office
from policykit.redline import compare

pytestmark = pytest.mark.office

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
MOVED = "Complaints are answered within ten working days of receipt."

PAIRS = {
    "words": (
        ["Officers must report every incident within one day.", "Second paragraph."],
        ["Officers must report each incident within two days.", "Second paragraph."],
    ),
    "paragraphs": (
        ["Alpha stays.", "Beta is deleted here.", "Gamma stays.", "Delta goes at the end."],
        ["New first paragraph here.", "Alpha stays.", "Gamma stays.", "Epsilon new at end."],
    ),
    "move": (
        ["Intro text.", MOVED, "Middle one.", "Middle two.", "Closing text."],
        ["Intro text.", "Middle one.", "Middle two.", MOVED, "Closing text."],
    ),
    "passage": (
        ["Intro text.", MOVED, MOVED + " Again.", "Middle one.", "Middle two.", "Middle 3.",
         "Closing text."],
        ["Intro text.", "Middle one.", "Middle two.", "Middle 3.", MOVED, MOVED + " Again.",
         "Closing text."],
    ),
    "formatting": (
        [{"runs": [("Plain ", {}), ("words", {})]}, ("Scope", "Heading 1"),
         {"runs": [("left", {})]}],
        [{"runs": [("Plain ", {}), ("words", {"bold": True})]}, ("Scope", "Heading 2"),
         {"runs": [("left", {})], "align": WD_ALIGN_PARAGRAPH.CENTER}],
    ),
    # An insertion at the end of a paragraph, then inserted paragraphs (LibreOffice merges
    # neighbouring insertions): the kind of edit the sample policy pack holds.
    "list": (
        ["Intro.", ("use it properly.", "List Number"), "7.4 Bullying text."],
        ["Intro.", ("use it properly;", "List Number"), ("compromise it.", "List Number"),
         ("or try to.", "List Number"), "6.5 Bullying text."],
    ),
    # LibreOffice 7.4 cannot take back a table inserted at the very end of a document (it
    # leaves an empty paragraph), so the new table here is followed by text old had too.
    "tables": (
        ["Before.", [["Name", "Role"], ["Ann", "Clerk"], ["Bob", "Chair"]], "After.",
         [["gone", "table"]], "End.", "Tail."],
        ["Before.", [["Name", "Role"], ["Ann", "Senior Clerk"], ["Cy", "Member"]], "After.",
         "End.", [["new", "table"], ["two", "rows"]], "Tail."],
        # (LibreOffice 7.4 cannot take back a table inserted at the very end: it leaves an
        # empty paragraph, so the new table here is followed by text old already had.)
    ),
}


@pytest.fixture(scope="module")
def checks() -> dict:
    documents, names = [], []
    for name, (old_blocks, new_blocks) in PAIRS.items():
        kwargs = {"header": "Header old", "footer": "Footer"} if name == "words" else {}
        new_kwargs = {"header": "Header new", "footer": "Footer"} if name == "words" else {}
        old, new = build(old_blocks, **kwargs), build(new_blocks, **new_kwargs)
        result = compare(old, new, author="Legal", date=DATE)
        documents += [result.docx, old, new]
        names.append(name)
    results = office.check_many(documents)
    return {name: results[3 * i: 3 * i + 3] for i, name in enumerate(names)}


@pytest.mark.parametrize("name", list(PAIRS))
def test_accept_all_gives_new_and_reject_all_gives_old(checks, name: str) -> None:
    redline, old, new = checks[name]
    assert redline.opens, redline.error
    assert redline.accepted == new.text
    assert redline.rejected == old.text
    assert not redline.left_over


def test_libreoffice_sees_the_redlines_with_their_types_and_author(checks) -> None:
    kinds = {name: sorted({r.type for r in checks[name][0].redlines}) for name in PAIRS}
    assert kinds["words"] == ["Delete", "Insert"]
    assert kinds["paragraphs"] == ["Delete", "Insert"]
    assert kinds["move"] == ["Delete", "Insert"]
    assert kinds["passage"] == ["Delete", "Insert"]
    assert "Format" in kinds["formatting"] or "ParagraphFormat" in kinds["formatting"]
    assert {r.author for name in PAIRS for r in checks[name][0].redlines} == {"Legal"}
    assert any(r.in_header_footer for r in checks["words"][0].redlines)


def test_the_sample_pack_policies_redline_both_ways() -> None:
    from policykit.api import build_document, load_content

    content, kit, stamp = load_content(Path(__file__).resolve().parents[1] / "content")
    old = build_document(content, "staff-policy-2014", kit=kit, commit=stamp)
    new = build_document(content, "appendix-a", kit=kit, commit=stamp)
    documents = [compare(old, new, date=DATE).docx, compare(new, old, date=DATE).docx, old, new]
    forward, backward, old_check, new_check = office.check_many(documents)
    assert forward.accepted == new_check.text and forward.rejected == old_check.text
    assert backward.accepted == old_check.text and backward.rejected == new_check.text
    assert len(forward.redlines) > 100


def test_summary_page_table_never_splits_a_word() -> None:
    headings = [(f"Section heading number {n}", "Heading 1") for n in range(3)]
    old = build([headings[0], "Alpha beta.", headings[1], "Gamma.", headings[2], "Delta."])
    new = build([headings[0], "Alpha gamma.", headings[1], "Gamma two.", headings[2], "Delta."])
    result = compare(old, new, date=DATE, summary_page=True)
    first_page = office.page_texts(result.docx)[0]
    header = next(line for line in first_page.splitlines() if "Where" in line)
    assert header.split() == ["Where", "Insertions", "Deletions", "Moves", "Formatting"]
    assert "Formattin" not in first_page.replace("Formatting", "")
