"""Test the pure core of incorporate: word edits, their placement in Markdown, combining them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.content.frontmatter import split_front_matter
from policykit.importer.copy import Piece, ViewParagraph
from policykit.versions.incorporate_edits import Edit, Source, carry, rendered, word_changes
from policykit.versions.incorporate_merge import apply, conflicts, rebase

WORDS = st.lists(st.sampled_from(["the", "policy", "Members", "must", "not", "post", ",", ".",
                                  "council's", "—", "2019", "**", "social", "media"]),
                 max_size=25).map(" ".join)


@given(WORDS, WORDS)
def test_word_changes_turn_old_into_new(old: str, new: str) -> None:
    edits = [Edit("f", a, b, text, "r", "w", "", "") for a, b, text in word_changes(old, new)]
    assert apply(old, edits) == new


def _paragraph(text: str, anchor: int | None, style: str = "normal",
               bold: str = "") -> ViewParagraph:
    pieces = [Piece(text)]
    if bold and bold in text:
        before, _, after = text.partition(bold)
        pieces = [Piece(before), Piece(bold, bold=True), Piece(after)]
    return ViewParagraph(anchor, style, None, [p for p in pieces if p.text])


TEXT = """---
title: T
---
# Purpose

Members use *social media* to talk with [residents](https://example.org).

Be polite. Be honest.
Say who you are.
"""


def _source() -> Source:
    body_line = split_front_matter(TEXT, "t.md")[2] - 1
    return Source("t.md", TEXT, body_line, ["md:0-1", "md:2-3", "md:4-6"])


BASE = [_paragraph("Purpose", 0, "heading 1"),
        _paragraph("Members use social media to talk with residents.", 1),
        _paragraph("Be polite. Be honest. Say who you are.", 2)]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Members", "use", "talk", "with", "residents", "social", "media"]),
       st.sampled_from(["Councillors", "often use", "", "speak", "to"]))
def test_a_changed_word_keeps_the_markdown_around_it(word: str, replacement: str) -> None:
    old = BASE[1].text
    new_text = " ".join(replacement if w == word else w for w in old.split(" "))
    new = [BASE[0], _paragraph(new_text.replace("  ", " "), 1), BASE[2]]

    carried = carry(_source(), BASE, BASE, new, "Legal")

    result = apply(TEXT, carried.edits)
    line = result.split("\n")[5]
    plain = line.replace("*", "").replace("[", "").replace("](https://example.org)", "")
    assert " ".join(plain.split()) == " ".join(new[1].text.split())
    assert result.split("\n")[:5] == TEXT.split("\n")[:5]
    assert result.split("\n")[6:] == TEXT.split("\n")[6:]  # other paragraphs keep their bytes
    if word not in ("residents", "social", "media"):
        assert "*social media*" in line and "](https://example.org)" in line


def test_a_soft_line_break_stays_where_the_author_put_it() -> None:
    new = [BASE[0], BASE[1], _paragraph("Be polite. Be truthful. Say who you are.", 2)]

    result = apply(TEXT, carry(_source(), BASE, BASE, new, "Legal").edits)

    assert result.endswith("Be polite. Be truthful.\nSay who you are.\n")


def test_bold_added_becomes_double_asterisks_and_a_heading_level_hashes() -> None:
    new = [_paragraph("Purpose", 0, "heading 2"), BASE[1],
           _paragraph("Be polite. Be honest. Say who you are.", 2, bold="Be honest.")]

    result = apply(TEXT, carry(_source(), BASE, BASE, new, "Legal").edits)

    assert "\n## Purpose\n" in result
    assert "Be polite. **Be honest.**\nSay who you are." in result
    assert rendered(new[2]) == "Be polite. **Be honest.** Say who you are."


def test_different_words_combine_and_the_same_words_conflict() -> None:
    one = [BASE[0], _paragraph("Members use social media to talk with people.", 1), BASE[2]]
    two = [BASE[0], _paragraph("Councillors use social media to talk with voters.", 1), BASE[2]]
    edits = carry(_source(), BASE, BASE, one, "Legal").edits + \
        carry(_source(), BASE, BASE, two, "Comms").edits

    alone, found = conflicts(edits, TEXT, _source().line_of)

    assert [e.text for e in alone] == ["Councillors"]
    assert len(found) == 1
    assert {e.reviewer: e.text for e in found[0].sides} == {"Legal": "people", "Comms": "voters"}
    assert found[0].line == 6


def test_rebase_places_an_edit_by_its_words_or_reports_it() -> None:
    edit = carry(_source(), BASE, BASE, [BASE[0], BASE[1], _paragraph(
        "Be polite. Be truthful. Say who you are.", 2)], "Legal").edits[0]
    moved_on = TEXT.replace("# Purpose\n", "# Purpose\n\nA new first paragraph.\n")
    changed = TEXT.replace("Be polite. Be honest.", "Be kind. Be fair.")

    assert apply(moved_on, rebase([edit], TEXT, moved_on).edits).count("Be truthful.") == 1
    assert rebase([edit], TEXT, changed).lost == [edit]
    done = apply(TEXT, [edit])
    assert rebase([edit], TEXT, done).applied == [edit]


def test_the_real_appendix_keeps_every_untouched_byte() -> None:
    text = (Path(__file__).resolve().parents[1] / "content" / "appendix-a.md").read_text()
    line = "Members should remember that officers are not able to respond publicly to criticism."
    assert line in text
    edit = Edit("a.md", text.index(line) + 8, text.index(line) + 14, "must", "r", "w", "",
                "must")
    after = apply(text, [edit])
    assert after.replace("Members must remember", "Members should remember") == text
