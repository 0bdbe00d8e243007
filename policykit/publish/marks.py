"""Mark a Word document before it becomes a PDF: a bold line under each page's marking.

A draft published with ``--draft`` carries "DRAFT" on every page, and an exempt document
in the Members' pack "NOT FOR PUBLICATION" and the Schedule 12A paragraph it relies on,
just below the classification marking in the header, so the classification stays the
first line of the page. ``one_page`` takes the document control out of the public notice.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from policykit.word.inputs import parse_xml
from policykit.word.package import finish_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DARK_RED = "A00000"  # 7.5:1 on white


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _line(text: str, size: int = 28) -> etree._Element:
    paragraph = etree.Element(_w("p"))
    properties = etree.SubElement(paragraph, _w("pPr"))
    etree.SubElement(properties, _w("jc")).set(_w("val"), "center")
    run = etree.SubElement(paragraph, _w("r"))
    look = etree.SubElement(run, _w("rPr"))
    etree.SubElement(look, _w("b"))
    etree.SubElement(look, _w("color")).set(_w("val"), DARK_RED)
    etree.SubElement(look, _w("sz")).set(_w("val"), str(size))
    etree.SubElement(run, _w("t")).text = text
    return paragraph


def add_header_line(docx: bytes, text: str, *lines: str) -> bytes:
    """Return the document with ``text`` in bold under the first line of every header, and
    any further ``lines`` below it in a smaller size (12 pt)."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if not name.startswith("word/header") or not name.endswith(".xml"):
                continue
            root = parse_xml(package.read(name), "document", name)
            first = root.find(_w("p"))
            new = [_line(text)] + [_line(line, size=24) for line in lines]
            for paragraph in reversed(new):
                if first is None:
                    root.insert(0, paragraph)
                else:
                    first.addnext(paragraph)
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
    return finish_package(docx, parts=parts)


def one_page(docx: bytes) -> bytes:
    """Return a policy document without its document-control table and the page break after
    it, so a short notice fits on one page (the public stand-in for an exempt document)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        root = parse_xml(package.read("word/document.xml"), "document", "word/document.xml")
    body = root.find(_w("body"))
    children = list(body) if body is not None else []
    brk = next((i for i, child in enumerate(children)
                if child.tag == _w("p") and any(b.get(_w("type")) == "page"
                                                for b in child.iter(_w("br")))), None)
    if brk is None:
        return docx
    table = next((i for i in range(brk - 1, -1, -1) if children[i].tag == _w("tbl")), None)
    doomed = [children[brk]]
    if table is not None:
        doomed += children[table:brk]
        if table and children[table - 1].tag == _w("p"):  # the table's heading
            doomed.append(children[table - 1])
    for element in doomed:
        body.remove(element)
    return finish_package(docx, parts={"word/document.xml": etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True)})


__all__ = ["add_header_line", "one_page"]
