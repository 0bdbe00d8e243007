"""Classes of real Word files where a row, a content control or a list was redlined badly.

Each test builds a pair shaped like the real files (python-docx, then lxml): a fees table
with a repeated, shaded header row and a bordered last row whose figures all changed; a
contract sentence with a plain-text content control, and a form whose placeholder was
filled in; lists whose definition changed under the same ``w:numId`` (bullets made
lettered, a second list told to start at 3); a paragraph split in two, and a note joined
to the list item before it. The fast tests check the markup and the Accept/Reject
simulator; one LibreOffice session then checks every pair: Accept All gives NEW's text and
Reject All OLD's, each paragraph read with its list label, and the rows and lists render
as NEW and OLD do (PDF at 40 dpi, as the corpus's rendering contract).
"""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from test_redline_engine import texts_in
from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSD = f'xmlns:w="{W}"'


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- builders ------------------------------------------------------------------------------


def fees_table(rows: list[list[str]], fills: list[str] | None = None) -> bytes:
    """A table as councils write them: repeated header row, shaded rows, a ruled last row."""
    document = docx.Document()
    document.add_paragraph("Fees and charges")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        trpr = table.rows[i]._tr.get_or_add_trPr()
        if i == 0:
            trpr.append(parse_xml(f"<w:tblHeader {NSD}/>"))
        trpr.append(parse_xml(f'<w:trHeight {NSD} w:val="{500 if i == 0 else 360}"/>'))
        fill = (fills or [])[i] if fills else ("1F3864" if i == 0 else "D9E2F3" if i % 2
                                               else "FFFFFF")
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            tcpr = cell._tc.get_or_add_tcPr()
            tcpr.append(parse_xml(f'<w:shd {NSD} w:val="clear" w:color="auto" w:fill="{fill}"/>'))
            if i == len(rows) - 1:
                tcpr.append(parse_xml(
                    f'<w:tcBorders {NSD}><w:bottom w:val="single" w:sz="18" w:space="0" '
                    f'w:color="000000"/></w:tcBorders>'))
            cell.text = text
            if i == 0:
                cell.paragraphs[0].runs[0].bold = True
    document.add_paragraph("Charges are reviewed each year.")
    return save(document)


def with_control(before: str, properties: str, content: str, after: str = "") -> bytes:
    """A sentence holding an inline content control (``w:sdt`` in the paragraph)."""
    document = docx.Document()
    document.add_paragraph("Agreement")
    paragraph = document.add_paragraph(before)
    paragraph._p.append(parse_xml(
        f"<w:sdt {NSD}><w:sdtPr>{properties}</w:sdtPr>"
        f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"))
    if after:
        paragraph.add_run(after)
    document.add_paragraph("Signed by both parties.")
    return save(document)


def run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


LEVELS = {
    "decimal": ("decimal", "%1."), "letter": ("lowerLetter", "(%1)"), "bullet": ("bullet", "•"),
}


def listed(paragraphs: list[tuple[str, str | None]], abstracts: dict[str, str],
           nums: dict[str, tuple[str, int | None]]) -> bytes:
    """Paragraphs (text, numId) over a numbering part of one-level lists built here.

    ``abstracts`` maps an abstractNumId to a kind of ``LEVELS``; ``nums`` maps a numId to
    its abstractNumId and a start override (None: none).
    """
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for aid, kind in abstracts.items():
        fmt, text = LEVELS[kind]
        numbering.append(parse_xml(
            f'<w:abstractNum {NSD} w:abstractNumId="{aid}"><w:nsid w:val="0000ABC{aid}"/>'
            f'<w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>'))
    for nid, (aid, start) in nums.items():
        override = ("" if start is None else f'<w:lvlOverride w:ilvl="0"><w:startOverride '
                    f'w:val="{start}"/></w:lvlOverride>')
        numbering.append(parse_xml(
            f'<w:num {NSD} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>'))
    for text, nid in paragraphs:
        paragraph = document.add_paragraph(text)
        if nid is not None:
            paragraph._p.insert(0, parse_xml(
                f'<w:pPr {NSD}><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/>'
                f'<w:numId w:val="{nid}"/></w:numPr></w:pPr>'))
    return save(document)


# -- the pairs -----------------------------------------------------------------------------

HEAD = ["Year", "Budget", "Lead"]
# Every figure of the table changed: no row shares a word with its old self.
FIGURES = (
    fees_table([HEAD, ["2019", "£1", "AB"], ["2020", "£1,200", "JS"], ["Total", "£1,201", "—"]]),
    fees_table([HEAD, ["2019", "£1", "AB"], ["2022", "£1,900", "KL"], ["Sum", "£1,901", "n/a"]]),
)
TEXT_CONTROL = '<w:alias w:val="Start"/><w:tag w:val="Start"/><w:id w:val="{}"/><w:text/>'
CONTRACT = (with_control("This agreement starts on ", TEXT_CONTROL.format(101),
                         run("1 April 2024"), " and runs a year."),
            with_control("This agreement starts on ", TEXT_CONTROL.format(202),
                         run("1 May 2025"), " and runs a year."))
PLACEHOLDER = '<w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr>'
FORM = (with_control("Name: ", '<w:id w:val="1"/><w:showingPlcHdr/><w:text/>',
                     run("Click or tap here to enter text.", PLACEHOLDER)),
        with_control("Name: ", '<w:id w:val="2"/><w:text/>', run("Jane Smith")))
ITEMS = ["Officers record each visit.", "Managers check the record monthly.",
         "The record is kept for six years.", "Members may ask to see it.",
         "Complaints go to the monitoring officer."]
# A second list restarted at 1 in OLD, told to continue at 3 in NEW; an item deleted.
RESTART = (listed([("Part one", None), *((t, "1") for t in ITEMS[:2]), ("Part two", None),
                   *((t, "2") for t in ITEMS[2:])], {"1": "decimal"},
                  {"1": ("1", None), "2": ("1", 1)}),
           listed([("Part one", None), *((t, "1") for t in ITEMS[:2]), ("Part two", None),
                   *((t, "2") for t in ITEMS[2:4])], {"1": "decimal"},
                  {"1": ("1", None), "2": ("1", 3)}))
# Bullets made a lettered list under the same numId; an item deleted.
LETTERED = (listed([("Intro", None), *((t, "3") for t in ITEMS), ("End.", None)],
                   {"4": "bullet"}, {"3": ("4", None)}),
            listed([("Intro", None), *((t, "3") for t in ITEMS[:1] + ITEMS[2:]), ("End.", None)],
                   {"4": "letter"}, {"3": ("4", None)}))
FIRST = "Officers must record each visit on the day it happens, using the approved form."
SECOND = "Managers check the records every month and report any gaps to the committee."
# One paragraph split in two, the second half made a quotation.
SPLIT = (build(["Intro.", f"{FIRST} {SECOND}", "End."]),
         build(["Intro.", FIRST, (SECOND, "Quote"), "End."]))
# A note after a list item joined to it (the next item's number was lost on Accept All).
JOINED = (listed([("Rules", None), (FIRST, "1"), (SECOND, None), (ITEMS[2], "1")],
                 {"1": "decimal"}, {"1": ("1", None)}),
          listed([("Rules", None), (f"{FIRST} {SECOND}", "1"), (ITEMS[2], "1")],
                 {"1": "decimal"}, {"1": ("1", None)}))
PAIRS = {"figures": FIGURES, "contract": CONTRACT, "form": FORM, "restart": RESTART,
         "lettered": LETTERED, "split": SPLIT, "joined": JOINED}


def redline(name: str) -> bytes:
    old, new = PAIRS[name]
    return compare(old, new, date=DATE).docx


def test_rows_whose_figures_all_changed_are_kept_with_their_cells_marked() -> None:
    result = redline("figures")
    body = part(result)
    assert body.find(".//w:trPr/w:ins", NS) is None and body.find(".//w:trPr/w:del", NS) is None
    assert len(body.findall(".//w:tr", NS)) == 4
    assert body.find(".//w:tr/w:trPr/w:tblHeader", NS) is not None
    assert {"2020", "£1,200", "JS", "Total", "£1,201", "—"} <= set(texts_in(result, "del"))
    assert accept_texts(result) == accept_texts(FIGURES[1])
    assert reject_texts(result) == reject_texts(FIGURES[0])


def test_a_row_whose_shading_changed_is_deleted_and_inserted() -> None:
    """LibreOffice 7.4 does not take back ``w:tcPrChange``: a kept row would stay shaded."""
    fills = ["1F3864", "FFFFFF", "FFFFFF"]
    old = fees_table([HEAD, ["2019", "£1", "AB"], ["Total", "£1", "—"]], fills)
    new = fees_table([HEAD, ["2019", "£1", "AB"], ["Total", "£2", "—"]], fills[:2] + ["D9E2F3"])
    body = part(compare(old, new, date=DATE).docx)
    assert len(body.findall(".//w:trPr/w:del", NS)) == 1
    assert len(body.findall(".//w:trPr/w:ins", NS)) == 1


def test_a_changed_content_control_stays_one_control_with_its_change_inside() -> None:
    result = redline("contract")
    controls = part(result).findall(".//w:p/w:sdt", NS)
    assert len(controls) == 1
    inside = controls[0].find("w:sdtContent", NS)
    assert [t.text for t in inside.iterfind(".//w:del//w:delText", NS)] == ["April 2024"]
    assert [t.text for t in inside.iterfind(".//w:ins//w:t", NS)] == ["May 2025"]
    # (a plain-text control holds no tracked change in LibreOffice: it becomes rich text)
    assert controls[0].find("w:sdtPr/w:text", NS) is None
    assert controls[0].find("w:sdtPr/w:tag", NS).get(f"{{{W}}}val") == "Start"
    assert accept_texts(result) == accept_texts(CONTRACT[1])
    assert reject_texts(result) == reject_texts(CONTRACT[0])


def test_a_form_filled_in_is_one_paragraph_whose_control_changed() -> None:
    result = redline("form")
    body = part(result)
    assert body.find(".//w:pPr/w:rPr/w:ins", NS) is None
    assert body.find(".//w:pPr/w:rPr/w:del", NS) is None
    assert len(body.findall(".//w:sdt", NS)) == 1
    assert "Name: " not in texts_in(result, "del")
    assert accept_texts(result) == accept_texts(FORM[1])
    assert reject_texts(result) == reject_texts(FORM[0])


def numbering_ids(data: bytes) -> dict[str, str]:
    """Return numId -> the startOverride of level 0 ("" for none) in a .docx's numbering."""
    root = part(data, "word/numbering.xml")
    found = {}
    for num in root.iterfind("w:num", NS):
        start = num.find("w:lvlOverride/w:startOverride", NS)
        found[num.get(f"{{{W}}}numId")] = "" if start is None else start.get(f"{{{W}}}val")
    return found


def test_items_of_a_list_restarted_otherwise_record_olds_list() -> None:
    result = redline("restart")
    body = part(result)
    changes = body.findall(".//w:pPr/w:pPrChange", NS)
    assert len(changes) == 3  # two kept items and the deleted one of the second list
    old_ids = {c.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val") for c in changes}
    assert len(old_ids) == 1
    starts = numbering_ids(result)
    assert starts[old_ids.pop()] == "1" and starts["2"] == "3"
    for change in changes:  # the paragraph itself keeps NEW's list
        assert change.getparent().find("w:numPr/w:numId", NS).get(f"{{{W}}}val") == "2"


def test_unchanged_items_of_bullets_made_letters_record_the_bullets() -> None:
    result = redline("lettered")
    changes = part(result).findall(".//w:pPr/w:pPrChange", NS)
    assert len(changes) == len(ITEMS)  # four kept items and the deleted one


def test_a_paragraph_split_in_two_is_an_inserted_paragraph_mark() -> None:
    result = redline("split")
    body = part(result)
    marks = body.findall(".//w:pPr/w:rPr/w:ins", NS)
    assert len(marks) == 1
    assert "".join(marks[0].getparent().getparent().getparent().itertext()) == FIRST + " "
    assert texts_in(result, "ins") == [] and texts_in(result, "del") == [" "]
    change = body.find(".//w:pPr/w:pPrChange", NS)  # the quotation was body text
    assert change.getparent().find("w:pStyle", NS).get(f"{{{W}}}val") == "Quote"
    assert accept_texts(result) == accept_texts(SPLIT[1])
    assert reject_texts(result) == reject_texts(SPLIT[0])


def test_two_paragraphs_joined_are_a_deleted_paragraph_mark() -> None:
    result = redline("joined")
    body = part(result)
    marks = body.findall(".//w:pPr/w:rPr/w:del", NS)
    assert len(marks) == 1
    assert "".join(marks[0].getparent().getparent().getparent().itertext()) == FIRST + " "
    assert texts_in(result, "ins") == [" "] and texts_in(result, "del") == []
    assert accept_texts(result) == accept_texts(JOINED[1])
    assert reject_texts(result) == reject_texts(JOINED[0])


@pytest.mark.office
@pytest.mark.slow
def test_libreoffice_gives_each_documents_text_labels_and_rendering() -> None:
    from test_corpus import pixel_difference

    from policykit.office import session as office

    names = list(PAIRS)
    documents = []
    for name in names:
        documents += [redline(name), *PAIRS[name]]
    checks = office.check_many(documents, labels=True)
    for k, name in enumerate(names):
        result, old, new = checks[3 * k: 3 * k + 3]
        assert (name, result.accepted) == (name, new.text)
        assert (name, result.rejected) == (name, old.text)
    assert "3.\tThe record is kept for six years." in checks[9].accepted  # (restart)
    assert "1.\tThe record is kept for six years." in checks[9].rejected
    assert "(b)\tThe record is kept for six years." in checks[12].accepted  # (lettered)
    assert "2.\tThe record is kept for six years." in checks[18].accepted  # (joined)
    settled = [(data, settle) for name in ("figures", "restart")
               for data, settle in ((PAIRS[name][1], None), (redline(name), "accept"),
                                    (PAIRS[name][0], None), (redline(name), "reject"))]
    pdfs = office.settled_pdfs_many(settled)
    with tempfile.TemporaryDirectory() as tmp:
        differences = [pixel_difference(pdfs[i], pdfs[i + 1], Path(tmp))
                       for i in range(0, len(pdfs), 2)]
    assert max(differences) <= 0.0005, differences
