"""Compare the classes of real Word files that peers refuse or break, each with a test file.

Each test builds a small document of its own (python-docx, then lxml or a zip rewrite) of
one class found in real Word files, and checks the redline through the Accept/Reject
simulator: a main part that is not at ``word/document.xml``, ISO/IEC 29500 Strict
namespaces, content controls around rows and cells, numbers and dates as whole tokens.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

import docx
from docx.oxml.ns import qn
from lxml import etree
from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


def rezip(data: bytes, edit) -> bytes:
    """Return the .docx ``data`` with ``edit(name, bytes) -> (name, bytes)`` applied to members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name, content = edit(info.filename, source.read(info.filename))
            target.writestr(name, content)
    return out.getvalue()


def moved_main_part(data: bytes) -> bytes:
    """Move the main part to ``word/main.xml``, as some generators name it."""
    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "word/document.xml":
            return "word/main.xml", content
        if name == "word/_rels/document.xml.rels":
            return "word/_rels/main.xml.rels", content
        if name in ("_rels/.rels", "[Content_Types].xml"):
            return name, content.replace(b"/word/document.xml", b"/word/main.xml").replace(
                b'"word/document.xml"', b'"word/main.xml"')
        return name, content
    return rezip(data, edit)


_TRANSITIONAL = re.compile(
    rb"http://schemas\.openxmlformats\.org/(wordprocessingml|officeDocument|drawingml)/2006/"
)


def strict(data: bytes) -> bytes:
    """Rewrite a Transitional .docx in ISO/IEC 29500 Strict namespaces."""
    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name.endswith((".xml", ".rels")):
            content = _TRANSITIONAL.sub(rb"http://purl.oclc.org/ooxml/\1/", content)
        return name, content
    return rezip(data, edit)


def test_main_part_is_found_through_the_package_relationships() -> None:
    old = moved_main_part(build(["Officers report incidents within one day."]))
    new = moved_main_part(build(["Officers report incidents within two days."]))
    result = compare(old, new, date=DATE)
    with zipfile.ZipFile(io.BytesIO(result.docx)) as archive:
        assert "word/document.xml" not in archive.namelist()
    assert accept_texts(result.docx, "word/main.xml") == [
        "Officers report incidents within two days."]
    assert reject_texts(result.docx, "word/main.xml") == [
        "Officers report incidents within one day."]
    assert [c.text for c in result.summary.changes] == ["one day", "two days"]


def test_strict_documents_are_read_and_redlined() -> None:
    old = strict(build(["Keep this sentence.", "Members must not post."]))
    new = strict(build(["Keep this sentence.", "Members must never post."]))
    with zipfile.ZipFile(io.BytesIO(old)) as archive:
        assert b"purl.oclc.org/ooxml/wordprocessingml/main" in archive.read("word/document.xml")
    result = compare(old, new, date=DATE)
    assert accept_texts(result.docx) == ["Keep this sentence.", "Members must never post."]
    assert reject_texts(result.docx) == ["Keep this sentence.", "Members must not post."]
    assert len(part(result.docx).findall(".//w:ins", NS)) == 1


def in_content_controls(data: bytes) -> bytes:
    """Wrap the table's second row, and the first row's cells, in content controls."""
    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name != "word/document.xml":
            return name, content
        root = etree.fromstring(content)
        rows = root.findall(".//w:tbl/w:tr", NS)
        sdt = etree.SubElement(rows[1].getparent(), qn("w:sdt"))
        rows[1].addprevious(sdt)
        etree.SubElement(sdt, qn("w:sdtContent")).append(rows[1])
        for cell in rows[0].findall("w:tc", NS):
            holder = etree.Element(qn("w:sdt"))
            cell.addprevious(holder)
            etree.SubElement(holder, qn("w:sdtContent")).append(cell)
        return name, etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
    return rezip(data, edit)


def test_edits_inside_content_controls_around_rows_and_cells_are_marked() -> None:
    old = in_content_controls(build([[["Name", "Role"], ["Ann", "Clerk"]], "After."]))
    new = in_content_controls(build([[["Name", "Job"], ["Ann", "Senior Clerk"]], "After."]))
    result = compare(old, new, date=DATE)
    assert [c.text for c in result.summary.changes] == ["Role", "Job", "Senior"]
    assert accept_texts(result.docx) == ["Name", "Job", "Ann", "Senior Clerk", "After."]
    assert reject_texts(result.docx) == ["Name", "Role", "Ann", "Clerk", "After."]


def test_a_short_list_item_with_a_sentence_appended_is_edited_in_place() -> None:
    item = "List Number"
    old = build([("Ahorrar agua.", item), ("Reducir costes.", item), "Fin."])
    new = build([("Ahorrar agua.", item),
                 ("Reducir costes. Apagar las luces cuando no se usen, siempre que sea posible.",
                  item), "Fin."])
    result = compare(old, new, date=DATE)
    body = part(result.docx)
    assert body.find(".//w:pPr/w:rPr/w:del", NS) is None  # no paragraph deleted whole
    assert [c.text for c in result.summary.changes] == [
        "Apagar las luces cuando no se usen, siempre que sea posible."]
    assert accept_texts(result.docx) == [
        "Ahorrar agua.",
        "Reducir costes. Apagar las luces cuando no se usen, siempre que sea posible.", "Fin."]
    assert reject_texts(result.docx) == ["Ahorrar agua.", "Reducir costes.", "Fin."]


def right_to_left(paragraphs: list[list[str]]) -> bytes:
    """Build Arabic paragraphs as Word writes them: runs inside a ``w:dir`` embedding."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        paragraph._p.get_or_add_pPr().append(etree.Element(qn("w:bidi")))
        holder = etree.SubElement(paragraph._p, qn("w:dir"))
        holder.set(qn("w:val"), "rtl")
        for text in runs:
            run = etree.SubElement(holder, qn("w:r"))
            etree.SubElement(etree.SubElement(run, qn("w:rPr")), qn("w:rtl"))
            element = etree.SubElement(run, qn("w:t"))
            element.text = text
            element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_right_to_left_paragraphs_are_compared_word_by_word() -> None:
    kept = "تنطبق هذه السياسة على جميع الموظفين في المجلس."
    old = right_to_left([["يجب على الموظفين الإبلاغ عن كل حادث خلال يوم واحد."], [kept]])
    # Re-saved: the unchanged paragraph's runs split differently.
    new = right_to_left([["يجب على الموظفين الإبلاغ عن كل حادث خلال يومين."],
                         ["تنطبق هذه السياسة ", "على جميع الموظفين في المجلس."]])
    result = compare(old, new, date=DATE)
    assert [c.text for c in result.summary.changes] == ["يوم واحد", "يومين"]
    assert reject_texts(result.docx)[1] == accept_texts(result.docx)[1] == kept
