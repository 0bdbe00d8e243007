"""Test the rendered Word documents: styles, numbering, tables, links, markings, properties."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from listlabels import shown_text

from policykit import content
from policykit.errors import TemplateError
from policykit.render import BrandKit, render_document
from policykit.word.package import read_custom_properties

SAMPLE = Path(__file__).resolve().parents[1] / "content"

PACK = """\
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL-SENSITIVE PERSONAL
documents:
  - id: policy
    appendix: A
"""

FRONT = """\
---
title: Test Policy
owner: Democratic Services
version: "2.1"
status: approved
approval: {by: Cabinet, on: 2019-06-11}
number_paragraphs: true
---
"""

BODY = """\
# Introduction

First paragraph with **bold**, *italic* and a [link](https://www.example.gov.uk/a?b=1&c=2).

Second paragraph.

- bullet one
  - nested bullet
- bullet two

1. first
2. second

A paragraph between the lists.

3. starts again at three

| Council | Account |
| --- | ---: |
| Chiltern | @ChilternDC |
| South Bucks | @SouthBucksDC |

> A quoted line.

# Scope

Scope paragraph.
"""


def build(body: str = BODY, front: str = FRONT, pack: str = PACK) -> docx.document.Document:
    loaded = content.load_files(
        {"pack.yaml": pack.encode(), "policy.md": (front + body).encode()}, root="content"
    )
    return docx.Document(io.BytesIO(render_document(loaded, "policy")))


def body_paragraphs(document: docx.document.Document) -> list[tuple[str, str]]:
    """Return (style name, text) for each body paragraph after the cover page."""
    return [(p.style.name, text) for p, text in zip(document.paragraphs, shown_text(document),
                                                    strict=True)]


def test_headings_and_paragraphs_are_numbered_in_word_styles() -> None:
    paragraphs = body_paragraphs(build())
    assert ("Numbered Heading", "1.\tIntroduction") in paragraphs
    assert ("Numbered Paragraph", "1.2\tSecond paragraph.") in paragraphs
    assert ("Numbered Heading", "2.\tScope") in paragraphs
    assert ("Numbered Paragraph", "2.1\tScope paragraph.") in paragraphs


def test_bold_italic_and_links_are_runs_and_hyperlinks_not_direct_formatting() -> None:
    document = build()
    paragraph = next(p for p in document.paragraphs if "First paragraph" in p.text)
    bold = [r.text for r in paragraph.runs if r.bold]
    italic = [r.text for r in paragraph.runs if r.italic]
    assert bold == ["bold"] and italic == ["italic"]
    link = paragraph._p.find(qn("w:hyperlink"))
    assert link is not None
    rel = document.part.rels[link.get(qn("r:id"))]
    assert rel.target_ref == "https://www.example.gov.uk/a?b=1&c=2" and rel.is_external
    assert link.find(f".//{qn('w:rStyle')}").get(qn("w:val")) == "Hyperlink"


def test_lists_use_real_word_numbering_and_restart() -> None:
    document = build()
    numbering = document.part.numbering_part.element
    items = {p.text: p for p in document.paragraphs if p.style.name.startswith("List")}
    assert items["bullet one"].style.name == "List Bullet"
    assert items["nested bullet"].style.name == "List Bullet 2"
    assert items["first"].style.name == "List Number"

    def num(text: str) -> tuple[int, int]:
        numpr = items[text]._p.pPr.numPr
        return numpr.numId.val, numpr.ilvl.val

    assert num("nested bullet") == (num("bullet one")[0], 1)
    first_list, _ = num("first")
    second_list, _ = num("starts again at three")
    assert first_list != second_list
    start = numbering.xpath(
        f'w:num[@w:numId="{second_list}"]/w:lvlOverride/w:startOverride/@w:val'
    )
    assert start == ["3"]
    abstract = numbering.xpath(f'w:num[@w:numId="{first_list}"]/w:abstractNumId/@w:val')[0]
    # (a numbered policy letters the lists inside its paragraphs: (a), (b); see
    # test_render_legal_lists.py)
    assert numbering.xpath(
        f'w:abstractNum[@w:abstractNumId="{abstract}"]/w:lvl[@w:ilvl="0"]/w:numFmt/@w:val'
    ) == ["lowerLetter"]


def test_gfm_table_has_style_header_row_that_repeats_and_alignment() -> None:
    document = build()
    table = next(t for t in document.tables if t.cell(0, 0).text == "Council")
    assert table.style.name == "Council Table"
    assert [c.text for c in table.rows[1].cells] == ["Chiltern", "@ChilternDC"]
    header_row = table.rows[0]._tr
    assert header_row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert table.rows[1].cells[1].paragraphs[0].alignment == 2  # right


def test_block_quote_uses_quote_style() -> None:
    assert ("Quote", "A quoted line.") in body_paragraphs(build())


def test_marking_in_header_and_footer_centred() -> None:
    document = build()
    section = document.sections[0]
    header = [p for p in section.header.paragraphs if p.text]
    footer = [p for p in section.footer.paragraphs if p.text]
    marking = "Classification: OFFICIAL-SENSITIVE PERSONAL"
    assert header[0].text == marking and footer[-1].text == marking
    assert header[0].style.paragraph_format.alignment == 1  # centre
    assert "Version 2.1 \u2014 Approved" in footer[0].text
    instructions = [f.get(qn("w:instr")).strip() for f in footer[0]._p.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_draft_documents_say_draft_in_the_footer() -> None:
    document = build(front=FRONT.replace("status: approved\n", "status: draft\n")
                     .replace("approval: {by: Cabinet, on: 2019-06-11}\n", ""))
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Version 2.1 \u2014 DRAFT \u2014 Page ")


def test_core_and_custom_properties_come_from_content() -> None:
    loaded = content.load_files(
        {"pack.yaml": PACK.encode(), "policy.md": (FRONT + BODY).encode()}, root="content"
    )
    data = render_document(loaded, "policy", commit="abc123")
    core = docx.Document(io.BytesIO(data)).core_properties
    assert core.title == "Appendix A: Test Policy"  # each document its own title
    assert core.subject == "Cabinet, 11 June 2019: Appendix A"
    assert core.author == "Democratic Services"
    assert core.language == "en-GB"
    assert core.created.date().isoformat() == "2019-06-11"
    assert read_custom_properties(data) == {
        "Classification": "OFFICIAL-SENSITIVE PERSONAL",
        "PolicykitDocument": "policy",
        "PolicykitVersion": "2.1",
        "PolicykitStatus": "approved",
        "PolicykitCommit": "abc123",
    }


def test_same_content_gives_identical_bytes() -> None:
    loaded = content.load(SAMPLE)
    first = render_document(loaded, "appendix-a")
    second = render_document(content.load(SAMPLE), "appendix-a")
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


HOSTILE = [
    "{{ 7*7 }} and {% if true %}x{% endif %} and {{ y }}",
    "<b>not bold</b> & <script>alert(1)</script>",
    "\u0645\u0631\u062d\u0628\u0627 right-to-left and emoji \U0001f600\U0001f3f4",
    "tab\there and trailing space ",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_template_syntax_and_markup_in_content_appear_literally(text: str) -> None:
    front = FRONT.replace("title: Test Policy", f"title: '{text}'")
    document = build(body=f"# Heading\n\n{text}\n\n- {text}\n", front=front)
    texts = shown_text(document)
    expected = text.strip()
    assert any(t.endswith(expected) for t in texts if t.startswith("1.1"))
    assert f"{expected}" in texts  # the list item
    assert " ".join(text.split()) in texts  # the title, whitespace folded


def test_docxtpl_escape_sequences_in_fields_stay_literal() -> None:
    title = "Policy {_{ y }_} and {_% z %_} for staff_members"
    document = build(front=FRONT.replace("title: Test Policy", f"title: '{title}'"))
    assert title in [p.text for p in document.paragraphs]
    assert document.core_properties.title == f"Appendix A: {title}"


def test_report_reproduces_the_seed_layout() -> None:
    loaded = content.load(SAMPLE)
    document = docx.Document(io.BytesIO(render_document(loaded, "report")))
    header = document.tables[0]
    assert [(r.cells[0].text, r.cells[1].text) for r in header.rows] == [
        ("Item", "Details"),  # a header row, so the PDF tags header cells
        ("SUBJECT", "Social Media Policy for Members"),
        ("REPORT OF", "Councillor Nick Naylor/Councillor Isobel Darby"),
        ("RESPONSIBLE OFFICER", "Bob Smith, Chief Executive"),
        ("REPORT AUTHOR", "Connie Primmer, cprimmer@chiltern.gov.uk 01494 586505"),
        ("WARD/S AFFECTED", "All"),
    ]
    shown = shown_text(document)
    headings = [text for p, text in zip(document.paragraphs, shown, strict=True)
                if p.style.name in ("Heading 1", "Numbered Heading")]
    assert headings == [
        "1.\tPurpose of Report", "2.\tReasons for Recommendations", "3.\tConsultation",
        "4.\tOptions (if any)", "5.\tCorporate Implications",
        "6.\tLinks to Council Policy Objectives", "7.\tNext Steps", "Appendices",
    ]
    texts = shown
    # The report lists its appendices, computed from the pack, the exempt one marked.
    start = texts.index("Appendices") + 1
    assert texts[start:start + 3] == [
        "Appendix A: Social Media Policy for Members",
        "Appendix B: Social Media Guidance for Members",
        "Appendix C: Costs of the External Social Media Training ("
        "exempt under paragraph 3 of Part 1 of Schedule 12A)"]
    assert texts.index("RECOMMENDATIONS:") == texts.index("2.\tReasons for Recommendations") - 3
    assert "5.1\tFinancial: There are no financial implications" in texts
    # One column: a header cell over the papers, so the PDF tags it as a header.
    assert [[c.text for c in row.cells] for row in document.tables[-1].rows] == [
        ["Background Papers:"], ["None, other than those referred to in the report."]]


def test_template_without_body_placeholder(tmp_path: Path) -> None:
    blank = docx.Document()
    blank.sections[0].header.paragraphs[0].text = "Classification: {{ classification }}"
    blank.sections[0].footer.paragraphs[0].text = "Classification: {{ classification }}"
    blank.add_paragraph("{{ title }}")
    stream = io.BytesIO()
    blank.save(stream)
    kit = BrandKit.from_files({"report.docx": stream.getvalue(),
                               "policy.docx": stream.getvalue()}, "brand")
    loaded = content.load_files(
        {"pack.yaml": PACK.encode(), "policy.md": (FRONT + BODY).encode()}, root="content")
    with pytest.raises(TemplateError) as caught:
        render_document(loaded, "policy", kit)
    assert str(caught.value) == (
        "brand/policy.docx has no paragraph holding {{ body }}; add one where the content goes"
    )


PRINTABLE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029"),
    min_size=1, max_size=60,
).filter(lambda s: s.strip() and not s.lstrip().startswith(("#", "-", "+", "*", ">", "|", "=")))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PRINTABLE)
def test_any_paragraph_text_survives_as_word_text(text: str) -> None:
    escaped = "".join("\\" + c if c in "\\`*_{}[]()#+-.!<>|&~" else c for c in text)
    document = build(body=f"# Heading\n\n{escaped}\n", front=FRONT)
    rendered = [text for p, text in zip(document.paragraphs, shown_text(document), strict=True)
                if p.style.name == "Numbered Paragraph"]
    assert rendered == ["1.1\t" + " ".join(text.split())] or rendered == [
        "1.1\t" + text.strip()]


def test_documents_are_fit_to_publish() -> None:
    """en-GB everywhere, the title a heading, no H3 first, rows kept whole, exempt marked."""
    loaded = content.load(SAMPLE)
    data = render_document(loaded, "appendix-c")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                 if name.endswith(".xml")}
    languages = {value for text in parts.values()
                 for value in re.findall(r'<w:(?:lang|themeFontLang) w:val="([^"]+)"', text)}
    assert languages == {"en-GB"}
    document = docx.Document(io.BytesIO(data))
    assert document.styles["Title"].element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "0"
    control = next(p for p in document.paragraphs if p.text == "Document control")
    assert control.style.name == "Heading 1"
    rows = document.element.body.iter(qn("w:tr"))
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for row in rows)
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer.startswith("NOT FOR PUBLICATION \u2014 Version 1.0 \u2014 DRAFT \u2014 Page ")


def _numbered_styles(document: docx.document.Document) -> dict[str, tuple[str, str]]:
    """Return {style name: (numId, ilvl)} of the styles that carry a list."""
    found = {}
    for style in document.styles.element.iter(qn("w:style")):
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            level = num_pr.find(qn("w:ilvl"))
            found[style.find(qn("w:name")).get(qn("w:val"))] = (
                num_pr.find(qn("w:numId")).get(qn("w:val")),
                "0" if level is None else level.get(qn("w:val")))
    return found


def _section_levels(document: docx.document.Document, num_id: str) -> list[tuple[str, str]]:
    """Return (pStyle, lvlText) of each level of the list ``num_id``."""
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.iter(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == abstract_id)
    return [(lvl.find(qn("w:pStyle")).get(qn("w:val")), lvl.find(qn("w:lvlText")).get(qn("w:val")))
            for lvl in abstract.iter(qn("w:lvl"))]


@pytest.mark.parametrize("template", ["policy.docx", "report.docx"])
def test_the_brand_kit_numbers_sections_with_a_list_bound_to_its_styles(template: str) -> None:
    document = docx.Document(io.BytesIO(BrandKit.default().templates[template]))
    styles = _numbered_styles(document)
    heading_num, heading_level = styles["Numbered Heading"]
    assert styles["Numbered Paragraph"] == (heading_num, "1") and heading_level == "0"
    assert _section_levels(document, heading_num) == [
        ("NumberedHeading", "%1."), ("NumberedParagraph", "%1.%2")]
    assert document.styles["Numbered Heading"].base_style.name == "Heading 1"


def test_numbers_are_the_lists_not_typed_text() -> None:
    document = build()
    numbered = [p for p in document.paragraphs
                if p.style.name in ("Numbered Heading", "Numbered Paragraph")]
    assert [p.text for p in numbered] == [
        "Introduction", "First paragraph with bold, italic and a link.", "Second paragraph.",
        "A paragraph between the lists.", "Scope", "Scope paragraph."]
    assert all(p._p.pPr.numPr is None for p in numbered)  # the style carries the number
    lists = [name.get(qn("w:val")) for name in
             document.part.numbering_part.element.iter(qn("w:name"))]
    assert lists.count("policykit sections") == 1  # the kit's own list, not a second one
    # An unnumbered policy uses plain headings and paragraphs.
    plain = build(front=FRONT.replace("number_paragraphs: true\n", ""))
    assert [p.text for p in plain.paragraphs if p.style.name.startswith("Numbered")] == []
    assert ("Heading 1", "Introduction") in body_paragraphs(plain)


def test_a_kit_without_the_section_list_gets_it_when_rendering(tmp_path: Path) -> None:
    blank = docx.Document()
    blank.sections[0].header.paragraphs[0].text = "Classification: {{ classification }}"
    blank.sections[0].footer.paragraphs[0].text = "Classification: {{ classification }}"
    blank.add_paragraph("{{ title }}")
    blank.add_paragraph("{{ body }}")
    stream = io.BytesIO()
    blank.save(stream)
    kit = BrandKit.from_files({"report.docx": stream.getvalue(),
                               "policy.docx": stream.getvalue()}, "brand")
    loaded = content.load_files(
        {"pack.yaml": PACK.encode(), "policy.md": (FRONT + BODY).encode()}, root="content")
    document = docx.Document(io.BytesIO(render_document(loaded, "policy", kit)))
    heading_num, _ = _numbered_styles(document)["Numbered Heading"]
    assert _section_levels(document, heading_num) == [
        ("NumberedHeading", "%1."), ("NumberedParagraph", "%1.%2")]
    assert ("Numbered Heading", "2.\tScope") in body_paragraphs(document)
    assert ("Numbered Paragraph", "2.1\tScope paragraph.") in body_paragraphs(document)
