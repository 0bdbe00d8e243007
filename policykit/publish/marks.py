"""Mark a Word document before it becomes a PDF: a bold line under each page's marking.

A draft published with ``--draft`` carries "DRAFT" on every page, and an exempt document
in the Members' pack "NOT FOR PUBLICATION", just below the classification marking in the
header, so the classification stays the first line of the page.
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


def _line(text: str) -> etree._Element:
    paragraph = etree.Element(_w("p"))
    properties = etree.SubElement(paragraph, _w("pPr"))
    etree.SubElement(properties, _w("jc")).set(_w("val"), "center")
    run = etree.SubElement(paragraph, _w("r"))
    look = etree.SubElement(run, _w("rPr"))
    etree.SubElement(look, _w("b"))
    etree.SubElement(look, _w("color")).set(_w("val"), DARK_RED)
    etree.SubElement(look, _w("sz")).set(_w("val"), "28")
    etree.SubElement(run, _w("t")).text = text
    return paragraph


def add_header_line(docx: bytes, text: str) -> bytes:
    """Return the document with ``text`` in bold under the first line of every header."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if not name.startswith("word/header") or not name.endswith(".xml"):
                continue
            root = parse_xml(package.read(name), "document", name)
            first = root.find(_w("p"))
            if first is None:
                root.append(_line(text))
            else:
                first.addnext(_line(text))
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
    return finish_package(docx, parts=parts)


__all__ = ["add_header_line"]
