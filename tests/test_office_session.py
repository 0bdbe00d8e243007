"""Test policykit.office against a real LibreOffice: text, pages, tracked changes, compare."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from policykit.errors import OfficeError
from policykit.office import session as office

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DATE = "2024-03-01T09:30:00Z"


def _save(document: docx.document.Document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _w(tag: str, parent: etree._Element | None = None, **attrs: str) -> etree._Element:
    element = (
        etree.Element(qn(f"w:{tag}"))
        if parent is None
        else etree.SubElement(parent, qn(f"w:{tag}"))
    )
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def _run(parent: etree._Element, text: str, *, deleted: bool = False) -> etree._Element:
    run = _w("r", parent)
    t = _w("delText" if deleted else "t", run)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return run


def table_document() -> bytes:
    """Build a two-page report with a table, a header, a footer and special characters."""
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "OFFICIAL - Council header"
    section.footer.paragraphs[0].text = "Footer of the report"
    document.add_paragraph("Report on parking charges")
    document.add_paragraph("Budget\u00a0line and co\u00adoperation")
    table = document.add_table(rows=2, cols=2)
    for cell, value in zip(table._cells, ["Zone", "Charge", "Centre", "£2.00"], strict=True):
        cell.text = value
    document.add_paragraph("")
    last = document.add_paragraph("Before the break")
    last.add_run().add_break(WD_BREAK.PAGE)
    last.add_run("Second page text")
    return _save(document)


TABLE_TEXT = (
    "Report on parking charges\n"
    "Budget line and cooperation\n"
    "<table>\n<row>\n<cell>\nZone\n<cell>\nCharge\n"
    "<row>\n<cell>\nCentre\n<cell>\n£2.00\n</table>\n"
    "\n"
    "Before the break\n"
    "Second page text\n"
    "<footer>\nFooter of the report\n"
    "<header>\nOFFICIAL - Council header\n"
)


def tracked_document() -> bytes:
    """Build, with lxml, one w:ins by Alice, one w:del by Bob, then format changes."""
    document = docx.Document()
    document.add_paragraph("Unchanged opening.")
    paragraph = document.add_paragraph()._p
    _run(paragraph, "The fee is ")
    insertion = _w("ins", paragraph, id="101", author="Alice Smith", date=DATE)
    _run(insertion, "now ")
    deletion = _w("del", paragraph, id="102", author="Bob Jones", date=DATE)
    _run(deletion, "still ", deleted=True)
    _run(paragraph, "£2.")
    formatted = document.add_paragraph()._p
    paragraph_properties = _w("pPr", formatted)
    _w("jc", paragraph_properties, val="center")
    _w("pPr", _w("pPrChange", paragraph_properties, id="103", author="Cara Lee", date=DATE))
    bold = _run(formatted, "Bold now")
    run_properties = etree.Element(qn("w:rPr"))
    bold.insert(0, run_properties)
    _w("b", run_properties)
    _w("rPr", _w("rPrChange", run_properties, id="104", author="Dan Roe", date=DATE))
    return _save(document)


FOOTNOTES_XML = (
    f'<w:footnotes xmlns:w="{W_NS}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>"
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
    '<w:r><w:t xml:space="preserve"> Cabinet minute 12, 2024.</w:t></w:r></w:p></w:footnote>'
    "</w:footnotes>"
)


def footnote_document() -> bytes:
    """Build a document with one footnote by adding a footnotes part to the package."""
    document = docx.Document()
    paragraph = document.add_paragraph("Agreed by Cabinet.")._p
    reference = _w("r", paragraph)
    _w("footnoteReference", reference, id="1")
    source = zipfile.ZipFile(io.BytesIO(_save(document)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>",
                )
            elif item.filename == "word/_rels/document.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(item.filename, data)  # a ZipInfo would be mutated
        target.writestr("word/footnotes.xml", FOOTNOTES_XML)
    return out.getvalue()


WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
TEXT_BOX_RUN = f"""<w:r xmlns:w="{W_NS}"
 xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
 xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:wps="{WPS}">
<w:drawing><wp:inline><wp:extent cx="1828800" cy="457200"/><wp:docPr id="1" name="Box"/>
<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1828800" cy="457200"/></a:xfrm>
<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent><w:p><w:r><w:t>Ward map attached</w:t></w:r></w:p>
</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline>
</w:drawing></w:r>"""


def paragraph_and_table_inserted_document() -> bytes:
    """Build old "Old text" with a new paragraph and a one-row table inserted before it."""
    document = docx.Document()
    body = document.element.body
    stamp = {"author": "Alice Smith", "date": DATE}
    paragraph = _w("p")
    _w("ins", _w("rPr", _w("pPr", paragraph)), id="1", **stamp)
    _run(_w("ins", paragraph, id="2", **stamp), "New")
    table = _w("tbl")
    _w("tblW", _w("tblPr", table), w="0", type="auto")
    _w("gridCol", _w("tblGrid", table), w="2000")
    row = _w("tr", table)
    _w("ins", _w("trPr", row), id="3", **stamp)
    cell_paragraph = _w("p", _w("tc", row))
    _w("ins", _w("rPr", _w("pPr", cell_paragraph)), id="4", **stamp)
    _run(_w("ins", cell_paragraph, id="5", **stamp), "cell")
    old = _w("p")
    _run(old, "Old text")
    for element in (old, table, paragraph):
        body.insert(0, element)
    return _save(document)


def text_box_document() -> bytes:
    """Build a document with a Word (DrawingML) text box inline in its first paragraph."""
    document = docx.Document()
    document.add_paragraph("See the box: ")._p.append(etree.fromstring(TEXT_BOX_RUN))
    document.add_paragraph("After the box.")
    return _save(document)


@pytest.fixture(scope="module")
def batch() -> dict[str, office.Check]:
    """Check all sample documents (and one broken one) in a single LibreOffice."""
    names = ["table", "tracked", "footnote", "text_box", "before_table", "broken"]
    documents = [
        table_document(),
        tracked_document(),
        footnote_document(),
        text_box_document(),
        paragraph_and_table_inserted_document(),
        b"not a docx",
    ]
    results = office.check_many(documents, always_reject=True)
    return dict(zip(names, results, strict=True))


@pytest.mark.office
def test_text_walks_body_table_header_and_footer(batch: dict[str, office.Check]) -> None:
    assert batch["table"].opens
    assert batch["table"].text == TABLE_TEXT


@pytest.mark.office
def test_accept_and_reject_without_redlines_equal_text(batch: dict[str, office.Check]) -> None:
    table = batch["table"]
    assert table.redlines == ()
    assert table.accepted == table.text
    assert table.rejected == table.text


@pytest.mark.office
def test_accept_all_keeps_insertions_and_drops_deletions(
    batch: dict[str, office.Check],
) -> None:
    tracked = batch["tracked"]
    assert tracked.accepted == "Unchanged opening.\nThe fee is now £2.\nBold now\n"
    assert tracked.rejected == "Unchanged opening.\nThe fee is still £2.\nBold now\n"
    assert tracked.text == "Unchanged opening.\nThe fee is now still £2.\nBold now\n"
    assert not tracked.left_over


@pytest.mark.office
def test_redlines_report_type_author_date_and_text(batch: dict[str, office.Check]) -> None:
    found = [(r.type, r.author, r.date, r.text) for r in batch["tracked"].redlines]
    assert found == [
        ("Insert", "Alice Smith", "2024-03-01T09:30:00", "now "),
        ("Delete", "Bob Jones", "2024-03-01T09:30:00", "still "),
        ("Format", "Dan Roe", "2024-03-01T09:30:00", "Bold now"),
        ("ParagraphFormat", "Cara Lee", "2024-03-01T09:30:00", "Bold now"),
    ]


@pytest.mark.office
def test_text_includes_footnotes(batch: dict[str, office.Check]) -> None:
    # The reference mark in the body reads as its number, like any field result.
    assert batch["footnote"].text == "Agreed by Cabinet.1\n<footnote>\n Cabinet minute 12, 2024.\n"


@pytest.mark.office
def test_text_includes_text_boxes_after_the_body(batch: dict[str, office.Check]) -> None:
    assert batch["text_box"].text == "See the box: \nAfter the box.\n<textbox>\nWard map attached\n"


@pytest.mark.office
def test_reject_all_leaves_a_paragraph_before_a_table(batch: dict[str, office.Check]) -> None:
    """Pin a LibreOffice 7.4 limitation that test_corpus.KNOWN_EXCEPTIONS relies on.

    Word's Reject All turns this back into "Old text"; LibreOffice removes the inserted
    text and row but keeps the inserted paragraph (it cannot join it across the table).
    If this starts failing, LibreOffice was fixed: drop WC-1210 from KNOWN_EXCEPTIONS.
    """
    checked = batch["before_table"]
    assert checked.accepted == "New\n<table>\n<row>\n<cell>\ncell\n</table>\nOld text\n"
    assert checked.rejected == "\nOld text\n"


@pytest.mark.office
def test_a_broken_document_fails_alone_in_a_batch(batch: dict[str, office.Check]) -> None:
    broken = batch["broken"]
    assert not broken.opens
    assert broken.error
    assert broken.text == ""
    assert all(batch[name].error is None for name in ("table", "tracked", "footnote", "text_box"))


@pytest.mark.office
@pytest.mark.parametrize(
    ("function", "expected"),
    [
        (office.accept_all, "Unchanged opening.\nThe fee is now £2.\nBold now\n"),
        (office.reject_all, "Unchanged opening.\nThe fee is still £2.\nBold now\n"),
    ],
)
def test_single_document_functions(function: Callable[[bytes], str], expected: str) -> None:
    assert function(tracked_document()) == expected


@pytest.mark.office
def test_single_document_functions_raise_office_error_on_garbage() -> None:
    with pytest.raises(OfficeError, match="LibreOffice could not open the document"):
        office.redlines(b"PK\x03\x04 truncated zip")


@pytest.mark.office
def test_page_texts_start_with_header_and_end_with_footer() -> None:
    pages = office.page_texts(table_document())
    assert len(pages) == 2
    for page in pages:
        lines = page.splitlines()
        assert lines[0].strip() == "OFFICIAL - Council header"
        assert lines[-1].strip() == "Footer of the report"
    assert "Report on parking charges" in pages[0]
    assert "Second page text" in pages[1]
    assert "Second page text" not in pages[0]


@pytest.mark.office
def test_page_texts_accepts_a_pdf_and_to_pdf_makes_one() -> None:
    pdf = office.to_pdf(tracked_document())
    assert pdf.startswith(b"%PDF-")
    (page,) = office.page_texts(pdf)
    assert page.splitlines()[0].strip() == "Unchanged opening."


@pytest.mark.office
def test_page_texts_many_converts_in_one_batch_and_passes_pdfs_through() -> None:
    pdf = office.to_pdf(tracked_document())
    table_pages, pdf_pages, tracked_pages = office.page_texts_many(
        [table_document(), pdf, tracked_document()]
    )
    assert len(table_pages) == 2
    assert pdf_pages == tracked_pages == office.page_texts(pdf)


@pytest.mark.office
def test_compare_documents_produces_tracked_changes_between_versions() -> None:
    old_doc = docx.Document()
    old_doc.add_paragraph("Parking costs £2 per hour.")
    old_doc.add_paragraph("Residents park free.")
    new_doc = docx.Document()
    new_doc.add_paragraph("Parking costs £3 per hour.")
    new_doc.add_paragraph("Residents park free.")
    new_doc.add_paragraph("Review in 2026.")
    old, new = _save(old_doc), _save(new_doc)

    compared = office.compare_documents(old, new)

    old_check, new_check, result = office.check_many([old, new, compared])
    assert result.opens
    assert {r.type for r in result.redlines} >= {"Insert", "Delete"}
    # LibreOffice stamps the changes with new's document properties (python-docx's here).
    assert {r.author for r in result.redlines} == {new_doc.core_properties.author}
    assert result.accepted == new_check.text
    assert result.rejected == old_check.text


def test_missing_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKIT_SOFFICE", "policykit-no-such-soffice")
    office.missing.cache_clear()
    try:
        assert not office.available()
        assert any("libreoffice-writer-nogui" in item for item in office.missing())
        with pytest.raises(OfficeError, match="LibreOffice is not usable: missing soffice"):
            office.text(b"anything")
    finally:
        monkeypatch.undo()
        office.missing.cache_clear()


@pytest.mark.office
def test_a_document_over_its_time_is_stopped_and_the_batch_goes_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POLICYKIT_OFFICE_TIMEOUT", "0.001")
    first, second = office.check_many([tracked_document(), tracked_document()])
    assert not first.opens
    assert first.error == "LibreOffice took more than 0.001s and was stopped"
    assert not second.opens
    assert second.error == first.error
    monkeypatch.delenv("POLICYKIT_OFFICE_TIMEOUT")
    assert (
        office.accept_all(tracked_document())
        == "Unchanged opening.\nThe fee is now £2.\nBold now\n"
    )


@pytest.mark.office
def test_an_office_that_cannot_start_raises_office_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYKIT_SOFFICE", "/bin/false")  # found on PATH, exits at once
    office.missing.cache_clear()
    try:
        with pytest.raises(OfficeError, match="soffice exited with code 1 on start"):
            office.text(tracked_document())
    finally:
        monkeypatch.undo()
        office.missing.cache_clear()


# The documented character rules of office.text, restated independently of the worker.
SPECIAL = "\u00ad\u200b\u200c\u200d\ufeff\u2060\u200e\u200f\u00a0\u202f\u2007\u2011\u2028\u0085\t\n"
REMOVED = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\ufeff\u2060\u200e\u200f"), None)
REPLACED = {0xA0: " ", 0x202F: " ", 0x2007: " ", 0x2011: "-"}
BREAKS = dict.fromkeys(map(ord, "\n\u2028\u0085"), "\u21b5")


def _expected_line(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate({**REMOVED, **REPLACED, **BREAKS}))


xml_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(SPECIAL),
        st.characters(
            codec="utf-8",
            exclude_categories=("Cc", "Cs", "Zl", "Zp"),
            exclude_characters="\ufffe\uffff",
        ),
    ),
    max_size=40,
)


@pytest.mark.office
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(paragraphs=st.lists(xml_text, min_size=1, max_size=40))
def test_text_gives_each_paragraph_as_one_normalised_line(paragraphs: list[str]) -> None:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)  # python-docx writes \t as w:tab, \n as w:br
    text = office.text(_save(document))
    assert text == "".join(_expected_line(p) + "\n" for p in paragraphs)
    assert len(text.splitlines()) == len(paragraphs)
