"""Test reading a Word policy's body: headings, lists, tables, links, fields, tracked changes."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from importfixtures import (
    ASSETS,
    MD,
    STAFF_POLICY,
    body_of,
    new_document,
    paragraph_texts,
    rendered_text_of,
    samples,
    to_bytes,
    tracked,
)
from lxml import etree

from policykit import content
from policykit.content.models import PolicyDocument
from policykit.errors import InputError
from policykit.importer import import_word_policy, read_word_policy

# ---------------------------------------------------------------- the whole document


def test_staff_policy_imports_to_the_exact_content_file() -> None:
    result = import_word_policy(
        (ASSETS / "staff-policy.docx").read_bytes(), "staff-policy.docx", "staff-policy"
    )
    assert result.text == STAFF_POLICY
    assert result.notes == []
    assert str(result.policy.counts) == "3 headings, 3 paragraphs, 2 lists (6 items), 1 table"


def test_the_sample_file_is_what_the_script_makes() -> None:
    rebuilt = read_word_policy(to_bytes(samples.staff_policy()), "staff-policy.docx")
    committed = read_word_policy((ASSETS / "staff-policy.docx").read_bytes(), "staff-policy.docx")
    assert rebuilt.body == committed.body


LEGAL_HOLD = """\
---
title: Internet and Social Networking Policy
owner: Human Resources
version: "1.2"
status: superseded
classification: OFFICIAL
number_paragraphs: true
---

# Introduction

Staff must not use personal accounts for council business.

# Breaches

Breaches are dealt with under the *Disciplinary Procedure*.
"""


def test_legal_hold_copy_imports_its_accepted_numbered_text() -> None:
    result = import_word_policy((ASSETS / "legal-hold-2014.docx").read_bytes(),
                                "legal-hold-2014.docx", "staff-policy-2014-legal")
    assert result.text == LEGAL_HOLD
    assert result.notes == ["legal-hold-2014.docx has tracked changes: imported its accepted state"]
    fresh = import_word_policy(to_bytes(samples.legal_hold_policy()), "legal-hold-2014.docx",
                               "staff-policy-2014-legal")
    assert fresh.text == LEGAL_HOLD


def test_a_libreoffice_document_imports_too() -> None:
    result = import_word_policy((ASSETS / "libreoffice-web.docx").read_bytes(),
                                "libreoffice-web.docx", "flexible-working", owner="HR")
    assert result.text.split("---\n", 2)[2] == (
        "\n# Purpose\n\n"
        "This policy is for **all** staff, see [the guide](https://example.gov.uk/flex) and "
        "*ask*.\n\n"
        "# Scope\n\n"
        "- office staff\n  - including managers\n- depot staff\n"
        "1. Apply in writing.\n2. Wait 4 weeks.\n\n"
        "> Quoted law text.\n\n"
        "| Who | When |\n| --- | --- |\n| HR | Monthly |\n\n"
        "Price is 5 \\* 3 \\<b> not bold.\n"
    )
    assert "title: Flexible Working Policy\n" in result.text
    assert "number_paragraphs: true\n" in result.text


def test_imported_file_parses_as_a_policy_document() -> None:
    result = import_word_policy(to_bytes(samples.staff_policy()), "s.docx", "staff-policy")
    document = content.parse(result.text, "content/staff-policy.md")
    assert isinstance(document, PolicyDocument)
    assert document.title == "Staff Social Media Policy"
    assert document.subtitle == "Chiltern District Council"
    assert document.owner == "Human Resources"
    assert str(document.classification) == "OFFICIAL-SENSITIVE"
    assert document.body == STAFF_POLICY.split("---\n", 2)[2]
    assert document.body.startswith("\n# Introduction\n")


def test_nested_lists_render_nested() -> None:
    html = MD.render(STAFF_POLICY.split("---\n", 2)[2])
    assert "<li>never share passwords;\n<ul>\n<li>including with colleagues</li>" in html
    assert "<ol>\n<li>Tell your manager.</li>" in html


def add_numbering(document: docx.document.Document, num_id: int, formats: list[str]) -> None:
    """Add a numbering definition ``num_id`` with one level per format (decimal, bullet...)."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(num_id))
    for level, fmt in enumerate(formats):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        num_fmt = OxmlElement("w:numFmt")
        num_fmt.set(qn("w:val"), fmt)
        lvl.append(num_fmt)
        abstract.append(lvl)
    numbering.insert(0, abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), str(num_id))
    num.append(abstract_id)
    numbering.append(num)


def number(paragraph: Paragraph, num_id: int, level: int) -> Paragraph:
    """Number a paragraph directly (``w:numPr`` in its own properties)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id
    return paragraph


def test_numbering_format_at_the_level_decides_bullet_or_number() -> None:
    document = new_document()
    add_numbering(document, 90, ["decimal", "bullet", "lowerLetter"])
    for text, level in [("one", 0), ("bullet under one", 1), ("letter", 2), ("two", 0)]:
        number(document.add_paragraph(text, style="List Paragraph"), 90, level)
    assert body_of(document) == (
        "1. one\n   - bullet under one\n     1. letter\n2. two\n"
    )


def test_numbers_continue_across_interruptions_as_word_shows_them() -> None:
    document = new_document()
    document.add_paragraph("Tell your manager.", style="List Number")
    document.add_paragraph("Write it down.", style="List Number")
    document.add_paragraph("If it is urgent:")
    document.add_paragraph("Phone HR.", style="List Number")
    document.add_paragraph("today", style="List Number 2")
    document.add_paragraph("Email HR.", style="List Number")
    document.add_paragraph("tomorrow", style="List Number 2")
    body = body_of(document)
    assert body == (
        "1. Tell your manager.\n2. Write it down.\n\nIf it is urgent:\n\n"
        "3. Phone HR.\n   1. today\n4. Email HR.\n\n   2. tomorrow\n"
    )
    html = MD.render(body)
    assert '<ol start="3">\n<li>\n<p>Phone HR.</p>\n<ol>\n<li>today</li>' in html
    assert '<ol start="2">\n<li>tomorrow</li>' in html


def test_a_restarted_list_stays_a_list_of_its_own() -> None:
    document = new_document()
    add_numbering(document, 92, ["decimal"])
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    restarted = OxmlElement("w:num")
    restarted.set(qn("w:numId"), "93")
    abstract_id = OxmlElement("w:abstractNumId")
    abstract_id.set(qn("w:val"), "92")
    restarted.append(abstract_id)
    restarted.append(override)
    document.part.numbering_part.element.append(restarted)
    for text, num_id in [("a", 92), ("b", 92), ("c", 93), ("d", 93)]:
        number(document.add_paragraph(text, style="List Paragraph"), num_id, 0)
    body = body_of(document)
    assert body == "1. a\n2. b\n1) c\n2) d\n"
    assert MD.render(body).count("<ol>") == 2


def test_word_numbered_headings_and_paragraphs_become_numbered_paragraphs() -> None:
    document = new_document()
    add_numbering(document, 91, ["decimal", "decimal"])
    number(document.add_heading("Purpose", 1), 91, 0)
    number(document.add_paragraph("This policy sets out the rules."), 91, 1)
    number(document.add_heading("Scope", 1), 91, 0)
    number(document.add_paragraph("It applies to:"), 91, 1)
    document.add_paragraph("office staff;", style="List Bullet")
    document.add_paragraph("depot staff.", style="List Bullet")
    policy = read_word_policy(to_bytes(document), "numbered.docx")
    assert policy.number_paragraphs is True
    assert policy.body == (
        "# Purpose\n\nThis policy sets out the rules.\n\n# Scope\n\nIt applies to:\n\n"
        "- office staff;\n- depot staff.\n"
    )


# ---------------------------------------------------------------- inline formatting


def test_adjacent_and_nested_formatting_keep_the_text() -> None:
    document = new_document()
    samples.add_runs(document.add_paragraph(), ("This is ", ""), ("very ", "b"),
                     ("important", "bi"), (".", ""))
    samples.add_runs(document.add_paragraph(), ("bold", "b"), ("italic", "i"))
    samples.add_runs(document.add_paragraph(), ("spaced ", "b"), (" out", ""))
    samples.add_runs(document.add_paragraph(), ("Same", "b"), (" formatting", "b"))
    body = body_of(document)
    assert body == (
        "This is **very *important***.\n\n"
        "**bold***italic*\n\n"
        "**spaced**  out\n\n"
        "**Same formatting**\n"
    )
    assert paragraph_texts(body) == ["This is very important.", "bolditalic",
                                     "spaced  out", "Same formatting"]


def test_formatting_markdown_cannot_hold_is_dropped_with_a_note() -> None:
    document = new_document()
    samples.add_runs(document.add_paragraph(), ("a", ""), ("*", "b"), ("b", ""))
    policy = read_word_policy(to_bytes(document), "odd.docx")
    assert paragraph_texts(policy.body) == ["a*b"]
    assert policy.notes == [
        "odd.docx: 1 line(s) kept their text but lost bold, italic or links that Markdown "
        "cannot write there; check them"
    ]


def test_line_breaks_become_hard_breaks() -> None:
    document = new_document()
    document.add_paragraph("First line\n- second line\n\n  third")
    body = body_of(document)
    assert body == "First line\\\n\\- second line\\\nthird\n"
    assert paragraph_texts(body) == ["First line\n- second line\nthird"]


def test_unsafe_link_keeps_its_text_only() -> None:
    document = new_document()
    paragraph = document.add_paragraph("See ")
    samples.add_hyperlink(paragraph, "this", "javascript:alert(1)")
    samples.add_hyperlink(document.add_paragraph(), "Mail us", "mailto:hr@example.gov.uk")
    policy = read_word_policy(to_bytes(document), "links.docx")
    assert policy.body == "See this\n\n[Mail us](mailto:hr@example.gov.uk)\n"
    assert policy.notes == [
        "links.docx: kept the text but not the link of 1 hyperlink(s) that are not web, "
        "mailto or tel links (first: 'javascript:alert(1)')"
    ]


def test_bold_link() -> None:
    document = new_document()
    samples.add_hyperlink(document.add_paragraph("Read "), "the (new) code", "https://x.uk/a b(1)",
                          bold=True)
    body = body_of(document)
    assert body == "Read [**the (new) code**](https://x.uk/a%20b\\(1\\))\n"
    link = MD.parseInline(body.strip())[0].children[0 + 1]
    assert link.attrs["href"] == "https://x.uk/a%20b(1)"


def field_runs(paragraph: Paragraph, instruction: str, result: str) -> None:
    """Append a complex field (begin, instruction, separate, result, end) to a paragraph."""
    for kind, text in [("begin", None), (None, instruction), ("separate", None),
                       (None, result), ("end", None)]:
        run = OxmlElement("w:r")
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run.append(char)
        else:
            t = OxmlElement("w:instrText" if text == instruction else "w:t")
            t.text = text
            t.set(qn("xml:space"), "preserve")
            run.append(t)
        paragraph._p.append(run)


def test_hyperlink_fields_become_links_and_hidden_text_is_left_out() -> None:
    document = new_document()
    paragraph = document.add_paragraph("Visit ")
    field_runs(paragraph, ' HYPERLINK "https://example.gov.uk/hr" ', "the HR pages")
    hidden = paragraph.add_run(" (draft note)")
    hidden.font.hidden = True
    paragraph.add_run(".")
    field_runs(document.add_paragraph("Page "), " PAGE ", "3")
    assert body_of(document) == "Visit [the HR pages](https://example.gov.uk/hr).\n\nPage 3\n"


def text_box(paragraph: Paragraph, text: str) -> None:
    """Anchor a text box holding ``text`` in a run, as Word writes it: a DrawingML choice
    and a VML fallback, each with the same ``w:txbxContent``."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    wps = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
    v = "urn:schemas-microsoft-com:vml"
    run = OxmlElement("w:r")
    alternate = etree.SubElement(run, f"{{{mc}}}AlternateContent")
    choice = etree.SubElement(alternate, f"{{{mc}}}Choice", Requires="wps")
    fallback = etree.SubElement(alternate, f"{{{mc}}}Fallback")
    for holder, path in ((choice, [f"{{{w}}}drawing", f"{{{wps}}}wsp", f"{{{wps}}}txbx"]),
                         (fallback, [f"{{{w}}}pict", f"{{{v}}}shape", f"{{{v}}}textbox"])):
        for tag in path:
            holder = etree.SubElement(holder, tag)
        content_ = etree.SubElement(holder, f"{{{w}}}txbxContent")
        p = etree.SubElement(content_, f"{{{w}}}p")
        etree.SubElement(etree.SubElement(p, f"{{{w}}}r"), f"{{{w}}}t").text = text
    paragraph._p.append(run)


def test_text_box_text_is_imported_once_after_its_paragraph() -> None:
    document = new_document()
    paragraph = document.add_paragraph("Staff must follow the rules.")
    text_box(paragraph, "Remember: think before you post.")
    document.add_paragraph("Next paragraph.")
    policy = read_word_policy(to_bytes(document), "boxes.docx")
    assert policy.body == (
        "Staff must follow the rules.\n\nRemember: think before you post.\n\n"
        "Next paragraph.\n"
    )
    assert policy.notes == [
        "boxes.docx has 1 text box(es): their text is imported as ordinary paragraphs after "
        "the paragraph holding each box; check it"
    ]


def test_symbol_font_characters_are_mentioned() -> None:
    document = new_document()
    run = document.add_paragraph("Tick ").add_run()
    symbol = OxmlElement("w:sym")
    symbol.set(qn("w:font"), "Wingdings")
    symbol.set(qn("w:char"), "F0FC")
    run._r.append(symbol)
    policy = read_word_policy(to_bytes(document), "s.docx")
    assert policy.body == "Tick\n"
    assert policy.notes == [
        "s.docx has 1 symbol(s) from a symbol font (Insert > Symbol): they are not imported; "
        "type them as text if they are needed"
    ]


def test_comments_are_not_body_text_but_are_mentioned() -> None:
    document = new_document()
    paragraph = document.add_paragraph("Staff may post.")
    document.add_comment(paragraph.runs[0], text="Legal: is this right?", author="Legal")
    policy = read_word_policy(to_bytes(document), "c.docx")
    assert policy.body == "Staff may post.\n"
    assert policy.notes == [
        "c.docx has comments: they are not imported; add them by hand if they are needed"
    ]


def test_tracked_changes_import_the_accepted_state() -> None:
    document = new_document()
    paragraph = document.add_paragraph("Staff must ")
    paragraph._p.append(tracked("w:del", "never "))
    paragraph._p.append(tracked("w:ins", "always "))
    paragraph.add_run("report breaches.")
    inserted = document.add_paragraph("A whole new paragraph.")
    wrapper = OxmlElement("w:ins")
    inserted._p.addprevious(wrapper)
    wrapper.append(inserted._p)
    deleted = document.add_paragraph("A removed paragraph.")
    gone = OxmlElement("w:del")
    deleted._p.addprevious(gone)
    gone.append(deleted._p)
    policy = read_word_policy(to_bytes(document), "legal-hold.docx")
    assert policy.body == "Staff must always report breaches.\n\nA whole new paragraph.\n"
    assert policy.notes == ["legal-hold.docx has tracked changes: imported its accepted state"]


def test_a_deleted_paragraph_mark_joins_the_paragraphs_as_accept_all_does() -> None:
    document = new_document()
    first = document.add_paragraph("Staff must not post ")
    mark, deleted = OxmlElement("w:rPr"), OxmlElement("w:del")
    deleted.set(qn("w:id"), "9")
    deleted.set(qn("w:author"), "Legal")
    mark.append(deleted)
    first._p.get_or_add_pPr().append(mark)
    document.add_paragraph("about work.", style="Quote")
    document.add_paragraph("Next.")
    policy = read_word_policy(to_bytes(document), "joined.docx")
    assert policy.body == "> Staff must not post about work.\n\nNext.\n"
    assert policy.notes == ["joined.docx has tracked changes: imported its accepted state"]


def test_a_title_after_the_body_has_begun_is_a_heading() -> None:
    document = new_document()
    document.add_paragraph("Leave Policy", style="Title")
    document.add_paragraph("Text.")
    document.add_paragraph("Appendix 1: Forms", style="Title")
    document.add_paragraph("Use form L1.", style="Subtitle")
    policy = read_word_policy(to_bytes(document), "late.docx")
    assert policy.title == "Leave Policy"
    assert policy.subtitle is None
    assert policy.body == "Text.\n\n# Appendix 1: Forms\n\nUse form L1.\n"


def test_content_controls_are_read_and_contents_and_cover_pages_skipped() -> None:
    document = new_document()
    body = document.element.body
    for gallery, text in [(None, "Inside a content control."),
                          ("Table of Contents", "Introduction 1"),
                          ("Cover Pages", "Company name")]:
        sdt = OxmlElement("w:sdt")
        if gallery:
            pr, part, kind = (OxmlElement("w:sdtPr"), OxmlElement("w:docPartObj"),
                              OxmlElement("w:docPartGallery"))
            kind.set(qn("w:val"), gallery)
            part.append(kind)
            pr.append(part)
            sdt.append(pr)
        inner = OxmlElement("w:sdtContent")
        sdt.append(inner)
        paragraph = document.add_paragraph(text)
        paragraph._p.addprevious(sdt)
        inner.append(paragraph._p)
    assert body_of(document) == "Inside a content control.\n"
    assert body.find(qn("w:sdt")) is not None


def test_text_that_only_looks_like_a_marking_stays_in_the_body() -> None:
    document = new_document()
    document.add_paragraph("Classification: see section 4 for the levels.")
    document.add_paragraph("OFFICIAL USE ONLY")
    policy = read_word_policy(to_bytes(document), "p.docx")
    assert policy.body == "Classification: see section 4 for the levels.\n\nOFFICIAL USE ONLY\n"
    assert policy.classification is None


def test_placeholder_text_of_an_empty_content_control_is_skipped() -> None:
    document = new_document()
    paragraph = document.add_paragraph("Owner: ")
    sdt, pr, inner = (OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent"))
    pr.append(OxmlElement("w:showingPlcHdr"))
    sdt.append(pr)
    sdt.append(inner)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "Click or tap here to enter text."
    run.append(t)
    inner.append(run)
    paragraph._p.append(sdt)
    assert body_of(document) == "Owner:\n"


def test_line_breaks_in_list_items_and_quotes_stay_inside_them() -> None:
    document = new_document()
    document.add_paragraph("first line\n2. second line", style="List Number")
    document.add_paragraph("said this\n> and that", style="Quote")
    body = body_of(document)
    assert body == "1. first line\\\n   2\\. second line\n\n> said this\\\n> \\> and that\n"
    html = MD.render(body)
    assert "<li>first line<br />\n2. second line</li>" in html
    assert "<blockquote>\n<p>said this<br />\n&gt; and that</p>" in html


# ---------------------------------------------------------------- tables


def test_table_merged_cells_are_blank_and_cell_newlines_are_spaces() -> None:
    document = new_document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(0, 2).text = "A", "B", "C"
    table.cell(1, 0).merge(table.cell(2, 1)).text = "spans two"
    table.cell(1, 2).text = "line one\nline two"
    table.cell(2, 2).text = "*x* | y"
    body = body_of(document)
    assert body == (
        "| A | B | C |\n"
        "| --- | --- | --- |\n"
        "| spans two | | line one line two |\n"
        "| | | \\*x\\* \\| y |\n"
    )
    html = MD.render(body)
    assert "<td>*x* | y</td>" in html
    assert "<td>line one line two</td>" in html


def test_deleted_rows_go_and_nested_tables_read_as_cell_text() -> None:
    document = new_document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Who", "What"
    table.cell(1, 0).text, table.cell(1, 1).text = "Old team", "Removed"
    table.cell(2, 0).text = "HR"
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "Leave", "Pay"
    row_pr = table.rows[1]._tr.get_or_add_trPr()
    deleted = OxmlElement("w:del")
    deleted.set(qn("w:id"), "5")
    deleted.set(qn("w:author"), "Legal")
    row_pr.append(deleted)
    policy = read_word_policy(to_bytes(document), "rows.docx")
    assert policy.body == "| Who | What |\n| --- | --- |\n| HR | Leave Pay |\n"
    assert policy.notes == ["rows.docx has tracked changes: imported its accepted state"]


def test_one_column_table_is_still_a_table() -> None:
    document = new_document()
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text, table.cell(1, 0).text = "Heading", "Value"
    body = body_of(document)
    assert body == "| Heading |\n| --- |\n| Value |\n"
    assert "<th>Heading</th>" in MD.render(body)


# ---------------------------------------------------------------- front matter


def test_typed_numbers_are_stripped_and_numbering_turned_on() -> None:
    document = new_document()
    document.add_heading("1. Purpose", 1)
    document.add_paragraph("1.1 This policy sets out the rules.")
    document.add_heading("2. Scope", 1)
    document.add_paragraph("2.1\tIt applies to all staff.")
    document.add_paragraph("2014 was a long time ago.")
    policy = read_word_policy(to_bytes(document), "numbered.docx")
    assert policy.number_paragraphs is True
    assert policy.body == (
        "# Purpose\n\nThis policy sets out the rules.\n\n# Scope\n\n"
        "It applies to all staff.\n\n2014 was a long time ago.\n"
    )


def test_a_few_numbered_headings_are_left_alone() -> None:
    document = new_document()
    document.add_heading("1. Purpose", 1)
    document.add_heading("Scope", 1)
    policy = read_word_policy(to_bytes(document), "mixed.docx")
    assert policy.number_paragraphs is False
    assert policy.body == "# 1\\. Purpose\n\n# Scope\n"


def test_heading_with_trailing_hashes_keeps_them() -> None:
    document = new_document()
    document.add_heading("Using C #", 2)
    body = body_of(document)
    assert body == "## Using C \\#\n"
    assert "<h2>Using C #</h2>" in MD.render(body)


@pytest.mark.parametrize(
    ("setup", "title"),
    [
        ("core", "From Properties"),
        ("converted", "Staff Policy 2014"),
        ("heading", "First Heading"),
        ("none", "Staff social media 2014"),
    ],
)
def test_title_falls_back_to_properties_then_heading_then_file_name(setup: str, title: str) -> None:
    document = new_document()
    if setup == "core":
        document.core_properties.title = "From Properties"
    if setup == "converted":  # what Word puts there when it converts an old .doc
        document.core_properties.title = "Microsoft Word - Staff Policy 2014.doc"
    if setup != "none":
        document.add_heading("First Heading", 1)
    document.add_paragraph("Text.")
    result = import_word_policy(to_bytes(document), "in/staff_social-media 2014.docx", "x")
    assert content.parse(result.text, "content/x.md").title == title


# ---------------------------------------------------------------- property test

_PIECES = st.sampled_from([
    "*", "**", "_", "#", "# ", "|", "{{ x }}", "{%", "<b>", "</b>", "&", "&amp;", "&#65;",
    "[x](y)", "![i](j)", "`", "\\", ">", "- ", "+ ", "1. ", "2)", "---", "===", "~~", "<",
    "🙂", "مرحبا", "שלום", "\u00a0", "\t", " ", "  ", "\n", "word", "Policy", "é", ":", "!",
    "http://x.uk", "<https://y.uk>", "(", ")", "$", "%", "'", '"', "=", "\u200b",
])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=12).map("".join),
                min_size=1, max_size=4))
def test_any_paragraph_text_reads_the_same_after_import(texts: list[str]) -> None:
    document = new_document()
    for text in texts:
        document.add_paragraph(text)
    body = body_of(document)
    expected = []
    for text in texts:
        lines = [line.strip() for line in text.split("\n")]
        if any(lines):
            expected.append("\n".join(line for line in lines if line))
    assert paragraph_texts(body) == expected
    assert len(MD.parse(body)) == 3 * len(expected)  # paragraphs only: open, inline, close


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(_PIECES, min_size=1, max_size=4).map("".join),
                          st.sampled_from(["", "b", "i", "bi"])), min_size=1, max_size=6))
def test_formatted_runs_read_the_same_after_import(runs: list[tuple[str, str]]) -> None:
    document = new_document()
    samples.add_runs(document.add_paragraph(), *runs)
    lines = [line.strip() for line in "".join(text for text, _ in runs).split("\n")]
    expected = ["\n".join(line for line in lines if line)] if any(lines) else []
    assert paragraph_texts(body_of(document)) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=0, max_size=6).map("".join), min_size=2, max_size=6))
def test_any_table_cell_text_reads_the_same_after_import(cells: list[str]) -> None:
    document = new_document()
    table = document.add_table(rows=2, cols=len(cells) // 2)
    for cell, text in zip([c for row in table.rows for c in row.cells], cells, strict=False):
        cell.text = text
    body = body_of(document)
    tokens = MD.parse(body)
    seen = [rendered_text_of(tokens[i + 1].children or []) for i, token in enumerate(tokens)
            if token.type in ("th_open", "td_open")]
    wanted = [text.replace("\n", " ").strip() for text in cells[: 2 * (len(cells) // 2)]]
    if any(wanted):
        assert seen == wanted
    else:
        assert body == ""


_KINDS = ["h1", "h2", "h3", "p", "p", "quote", "bullet0", "bullet1", "number0", "number1"]
_STYLES = {"quote": "Quote", "bullet0": "List Bullet", "bullet1": "List Bullet 2",
           "number0": "List Number", "number1": "List Number 2"}


def blocks_seen(markdown: str) -> list[tuple]:
    """Return (kind, ..., text) for each block a reader sees in rendered Markdown."""
    seen: list[tuple] = []
    lists: list[str] = []
    quote = 0
    tokens = MD.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("bullet" if token.type == "bullet_list_open" else "number")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "heading_open":
            seen.append((token.tag, rendered_text_of(tokens[index + 1].children or [])))
        elif token.type == "paragraph_open":
            text = rendered_text_of(tokens[index + 1].children or [])
            if lists:
                seen.append((f"{lists[-1]}{len(lists) - 1}", text))
            else:
                seen.append(("quote" if quote else "p", text))
        elif token.type not in ("inline", "paragraph_close", "heading_close", "list_item_open",
                                "list_item_close"):
            seen.append((token.type,))
    return seen


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_KINDS),
                          st.lists(_PIECES, min_size=1, max_size=6).map("".join)),
                min_size=1, max_size=10))
def test_any_mix_of_blocks_keeps_its_structure_and_text(blocks: list[tuple[str, str]]) -> None:
    document = new_document()
    expected: list[tuple] = []
    previous = None
    for kind, text in blocks:
        nested = kind in ("bullet1", "number1")
        if nested and (previous is None or previous[:-1] not in ("bullet", "number")):
            kind = kind[:-1] + "0"  # a nested item needs an item above it
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if not lines:
            continue
        if kind.startswith("h"):
            document.add_heading(text, int(kind[1]))
            expected.append((kind, " ".join(lines)))
        else:
            document.add_paragraph(text, style=_STYLES.get(kind))
            expected.append((kind, "\n".join(lines)))
        previous = kind
    policy = read_word_policy(to_bytes(document), "mix.docx")
    assume(not policy.number_paragraphs)
    assert blocks_seen(policy.body) == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text", "bad.docx: is not a Word document (not a zip file); give the .docx "
                        "file Word saved, or open it in Word (or LibreOffice) and save it as a "
                        "Word document (.docx), then try again"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
         "bad.docx: is a legacy Word 97-2003 .doc file, not a .docx; open it in Word and "
         "save it as .docx"),
    ],
)
def test_broken_input_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_word_policy(data, "bad.docx")
    assert str(caught.value) == message
