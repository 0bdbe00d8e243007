"""Test how one redline paragraph reads in HTML: changes folded, emphasis kept, moves real."""

from __future__ import annotations

import re

from lxml import etree

from policykit.redline.htmltext import inline

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def paragraph(body: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W}">{body}</w:p>')


def r(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def d(text: str) -> str:
    return f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>'


def ins(*runs: str, tag: str = "ins") -> str:
    return f'<w:{tag} w:id="1" w:author="A">{"".join(runs)}</w:{tag}>'


def words(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_a_deleted_space_beside_an_insertion_is_not_a_change_of_its_own() -> None:
    html = inline(paragraph(r("use social media") + ins(d(" "), tag="del")
                            + ins(r(", both in their role")) + r(" and in private.")))
    assert words(html) == "use social media[inserted: , both in their role] and in private."


def test_changes_either_side_of_a_space_or_a_comma_read_as_one() -> None:
    html = inline(paragraph(r("the ") + ins(d("employees"), tag="del") + ins(r("Members"))
                            + r(" ") + ins(d("should"), tag="del") + ins(r("must"))
                            + r(" comply.")))
    assert words(html) == "the [deleted: employees should][inserted: Members must] comply."


def test_a_move_of_a_full_stop_alone_is_an_ordinary_change() -> None:
    html = inline(paragraph(r("Report it") + ins(d("."), tag="moveFrom")
                            + ins(r(" at once."))))
    assert "moved" not in html
    assert words(html) == "Report it[deleted: .][inserted:  at once.]"


def test_bold_and_italic_are_kept_inside_and_outside_changes() -> None:
    html = inline(paragraph(r("social media", "<w:b/>") + r(" means ")
                            + ins(r("any", "<w:i/>")) + r(" site.")))
    assert html.startswith("<strong>social media</strong> means <ins>")
    assert "<em>any</em>" in html


def test_unlabelled_marks_for_a_row_labelled_once() -> None:
    html = inline(paragraph(ins(r("whole cell"))), labelled=False)
    assert html == "<ins>whole cell</ins>"


def test_text_whose_formatting_changed_is_labelled() -> None:
    html = inline(paragraph(r("Keep ") + r("this", "<w:b/><w:rPrChange w:id='2' w:author='A'>"
                                                  "<w:rPr/></w:rPrChange>") + r(" as is.")))
    assert words(html) == "Keep [formatting changed: this] as is."
    assert '<span class="formatted">' in html and "<strong>this</strong>" in html
