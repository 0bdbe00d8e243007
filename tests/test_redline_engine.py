"""Test how the engine marks whole blocks: moves, and moves with edits inside them."""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
OLD = ["Intro text.", "Corporate accounts are run by the Communications Team.",
       "Staff may ask the team to publish news about council services.", "Middle one.",
       "Middle two.", "Closing text."]
NEW = ["Intro text.", "Middle one.", "Middle two.",
       "Corporate accounts are run by the Communications and Engagement Team.",
       "Members may ask the team to publish news about council services.", "Closing text."]


def texts_in(docx: bytes, tag: str) -> list[str]:
    """Return the text inside each ``w:<tag>`` wrapper of the body, in order."""
    text = "w:delText" if tag in ("del", "moveFrom") else "w:t"
    return ["".join(t.text or "" for t in mark.iterfind(f".//{text}", NS))
            for mark in part(docx).iterfind(f".//w:{tag}", NS)
            if mark.getparent().tag != f"{{{NS['w']}}}rPr"]


def test_a_passage_moved_and_edited_is_one_move_with_its_edits_inside() -> None:
    result = compare(build(OLD), build(NEW), date=DATE)
    body = part(result.docx)
    starts = {kind: [e.get(f"{{{NS['w']}}}name") for e in body.iterfind(
        f".//w:{kind}RangeStart", NS)] for kind in ("moveFrom", "moveTo")}
    assert len(starts["moveFrom"]) == 1
    assert starts["moveFrom"] == starts["moveTo"]
    assert texts_in(result.docx, "ins") == ["and Engagement ", "Members"]
    assert texts_in(result.docx, "del") == ["Staff"]
    assert "".join(texts_in(result.docx, "moveTo")) == (
        "Corporate accounts are run by the Communications Team. may ask the team to publish "
        "news about council services.")
    assert accept_texts(result.docx) == NEW
    assert reject_texts(result.docx) == OLD
    counts = result.summary.counts
    assert counts["move"] == 1 and counts["insertion"] == 2 and counts["deletion"] == 1


# A section with a table moves after "Middle"; one cell of its table and two of its
# paragraphs are edited.
SECTION_OLD = ["Intro text.", ("Corporate accounts", "Heading 1"),
               "Corporate accounts are run by the Communications Team.",
               [["Account", "Owner"], ["News feed", "Press office"]],
               "Staff may ask the team to publish news about council services.",
               ("Middle", "Heading 1"), "Middle one.", "Middle two.", "Closing text."]
SECTION_NEW = ["Intro text.", ("Middle", "Heading 1"), "Middle one.", "Middle two.",
               ("Corporate accounts", "Heading 1"),
               "Corporate accounts are run by the Communications and Engagement Team.",
               [["Account", "Owner"], ["News feed", "Digital team"]],
               "Members may ask the team to publish news about council services.",
               "Closing text."]


def move_names(docx: bytes) -> dict[str, list[str]]:
    """Return the names of the move ranges on each side."""
    body = part(docx)
    return {kind: [e.get(f"{{{NS['w']}}}name") for e in body.iterfind(
        f".//w:{kind}RangeStart", NS)] for kind in ("moveFrom", "moveTo")}


def test_a_section_with_a_table_moved_and_edited_is_one_move_with_the_edit_inside() -> None:
    result = compare(build(SECTION_OLD), build(SECTION_NEW), date=DATE)
    names = move_names(result.docx)
    assert len(names["moveFrom"]) == 1 and names["moveFrom"] == names["moveTo"]
    moved_to = "".join(texts_in(result.docx, "moveTo"))
    moved_from = "".join(texts_in(result.docx, "moveFrom"))
    for text in (moved_to, moved_from):
        assert "Corporate accounts" in text and "AccountOwnerNews feed" in text
        assert "publish news" in text
    # (the empty texts are the row marks, w:trPr/w:ins and w:del)
    assert [t for t in texts_in(result.docx, "ins") if t] == [
        "and Engagement ", "Digital team", "Members"]
    # "Staff" (deleted inside the moved paragraph) is marked moved away with the rest of
    # its paragraph: the heading "Middle" follows it, and a paragraph taken away in
    # several revisions would give that heading its style in LibreOffice's Accept All.
    assert [t for t in texts_in(result.docx, "del") if t] == ["Press office"]
    assert "Staff may ask" in moved_from
    # The moved tables' text lies inside the move: each cell run is in w:moveFrom/moveTo.
    tables = part(result.docx).findall(".//w:tbl", NS)
    assert len(tables) == 2
    for table, mark in zip(tables, ("del", "ins"), strict=True):
        assert all(row.find(f"w:trPr/w:{mark}", NS) is not None
                   for row in table.iterfind("w:tr", NS))
        assert all(run.getparent().tag != f"{{{NS['w']}}}p" for run in table.iter(
            f"{{{NS['w']}}}r"))
    assert accept_texts(result.docx) == accept_texts(build(SECTION_NEW))
    assert reject_texts(result.docx) == accept_texts(build(SECTION_OLD))
    assert result.summary.counts["move"] == 1


def test_a_table_that_moved_alone_unchanged_is_a_move() -> None:
    table = [["Account", "Owner"], ["News feed", "Press office"]]
    old = ["Intro text.", table, "Middle one.", "Middle two.", "Closing text."]
    new = ["Intro text.", "Middle one.", "Middle two.", table, "Closing text."]
    result = compare(build(old), build(new), date=DATE)
    names = move_names(result.docx)
    assert len(names["moveTo"]) == 1 and names["moveFrom"] == names["moveTo"]
    assert texts_in(result.docx, "moveTo") == ["Account", "Owner", "News feed", "Press office"]
    assert not any(texts_in(result.docx, "ins") + texts_in(result.docx, "del"))
    assert accept_texts(result.docx) == accept_texts(build(new))
    assert reject_texts(result.docx) == accept_texts(build(old))


def test_a_moved_table_with_a_row_added_and_one_removed_is_still_one_move() -> None:
    old = ["Intro text.", [["Account", "Owner"], ["News feed", "Press office"],
                           ["Jobs", "HR team"], ["Consultations", "Policy team"]],
           "Middle one.", "Middle two.", "Closing text."]
    new = ["Intro text.", "Middle one.", "Middle two.",
           [["Account", "Owner"], ["News feed", "Digital team"],
            ["Consultations", "Policy team"], ["Events", "Culture team"]], "Closing text."]
    result = compare(build(old), build(new), date=DATE)
    names = move_names(result.docx)
    assert len(names["moveTo"]) == 1 and names["moveFrom"] == names["moveTo"]
    assert texts_in(result.docx, "moveTo") == ["Account", "Owner", "News feed",
                                               "Consultations", "Policy team"]
    assert [t for t in texts_in(result.docx, "ins") if t] == ["Digital team", "Events",
                                                            "Culture team"]
    assert [t for t in texts_in(result.docx, "del") if t] == ["Press office", "Jobs", "HR team"]
    assert accept_texts(result.docx) == accept_texts(build(new))
    assert reject_texts(result.docx) == accept_texts(build(old))


def test_a_paragraph_edited_in_place_is_not_a_move() -> None:
    old = ["Alpha stays.", "Members must report every incident within one day.", "Omega."]
    new = ["Alpha stays.", "Members must report each incident within two days.", "Omega."]
    result = compare(build(old), build(new), date=DATE)
    assert part(result.docx).find(".//w:moveTo", NS) is None
    assert accept_texts(result.docx) == new and reject_texts(result.docx) == old


def test_the_sample_pair_shows_both_moved_sections_as_moves_with_edits(tmp_path: Path) -> None:
    from policykit.api import build_pack

    root = Path(__file__).resolve().parents[1]
    for folder in ("content", "templates"):
        shutil.copytree(root / folder, tmp_path / folder)
    build_pack(tmp_path / "content", tmp_path / "build", template_dir=tmp_path / "templates")
    docx = (tmp_path / "build" / "appendix-a-vs-staff-policy-2014.docx").read_bytes()
    moved_to = "".join(texts_in(docx, "moveTo"))
    moved_from = "".join(texts_in(docx, "moveFrom"))
    for heading in ("Corporate social media accounts", "Safety and security"):
        assert heading in moved_to and heading in moved_from
    inserted = texts_in(docx, "ins")
    # The edits inside "Safety and security" lie inside its move: the moved section is
    # followed by the heading "Monitoring", so each of its paragraphs is one revision
    # (LibreOffice would give "Monitoring" the style of a paragraph taken away in several).
    assert "platforms" in moved_to and "turn off location sharing, and " in moved_to
    # The footer changed in two places is its old line deleted whole above its new line
    # inserted whole (redline.lines), so it never reads "1.20".
    footer = part(docx, "word/footer1.xml")
    deleted = [t.text for t in footer.iterfind(".//w:del//w:delText", NS)]
    assert deleted[0].startswith("Version 1.2 — Approved by")
    inserted_footer = [t.text for t in footer.iterfind(".//w:ins//w:t", NS)]
    assert inserted_footer[0] == "Version 1.0 — DRAFT — Page "
    # Paragraph numbers are Word list labels, not text: no mark holds a paragraph number.
    marked = texts_in(docx, "del") + inserted + texts_in(docx, "moveTo") + \
        texts_in(docx, "moveFrom")
    # The only dotted numbers marked are the version in the document control (1.2 -> 1.0).
    dotted = [t for t in marked if re.fullmatch(r"\s*\d+\.\d+\.?\s*", t)]
    assert sorted(dotted) == ["1.0", "1.2"]


def test_a_paragraph_whose_only_change_is_its_list_number_shows_no_mark() -> None:
    item = "List Number"
    old = build(["Intro.", ("Report incidents.", item), ("Keep records.", item), "End."])
    new = build(["Intro.", ("Read this policy.", item), ("Report incidents.", item),
                 ("Keep records.", item), "End."])  # the two old items are now 2. and 3.
    result = compare(old, new, date=DATE)
    assert [c.text for c in result.summary.changes] == ["Read this policy."]
    marked = [p for p in part(result.docx).iterfind(".//w:body/w:p", NS)
              if p.find(".//w:ins", NS) is not None or p.find(".//w:pPrChange", NS) is not None]
    assert len(marked) == 1


def test_changes_fall_under_headings_in_a_style_based_on_a_heading(tmp_path: Path) -> None:
    """The brand kit's Numbered Heading is based on Heading 1: the summary names it."""
    from policykit.api import build_document, load_content

    root = Path(__file__).resolve().parents[1]
    content, kit, _ = load_content(root / "content")
    old = build_document(content, "appendix-a", kit=kit)
    text = (root / "content" / "appendix-a.md").read_text(encoding="utf-8")
    folder = tmp_path / "content"
    shutil.copytree(root / "content", folder)
    (folder / "appendix-a.md").write_text(
        text.replace("one of the main ways", "the main way", 1), encoding="utf-8")
    edited, _, _ = load_content(folder)
    new = build_document(edited, "appendix-a", kit=kit)
    rows = compare(old, new, date=DATE).summary.to_rows()
    assert [row[0] for row in rows[1:]] == ["1. Introduction", "Total"]  # with its number
