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
    assert "platforms" in inserted  # an edit inside "Safety and security"
    assert "turn off location sharing, and " in inserted
    # Numbers change whole: the footer reads "Version [1.2 -> 1.0]", never "1.20".
    footer = part(docx, "word/footer1.xml")
    assert [t.text for t in footer.iterfind(".//w:del//w:delText", NS)][0] == "1.2"
    assert [t.text for t in footer.iterfind(".//w:ins//w:t", NS)][0] == "1.0"
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
    assert [row[0] for row in rows[1:]] == ["Introduction", "Total"]
