"""A pure-Python Accept All / Reject All simulator for redlines, and .docx builders for tests.

``accept_texts(docx)`` and ``reject_texts(docx)`` return the body paragraph texts of a
redline after accepting or rejecting every change, the way Word does it: accepting drops
``w:del``/``w:moveFrom`` content, deleted rows and paragraphs whose mark is deleted (their
content joins the next paragraph); rejecting does the reverse and restores the old
properties of ``w:rPrChange``/``w:pPrChange``. It is written independently of the
engine's own accept step so the two check each other. The tests at the bottom check
the simulator itself on hand-written markup.
"""

from __future__ import annotations

import io
import zipfile
from copy import deepcopy

import docx
from docx.oxml.ns import qn
from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
INS, DEL = qn("w:ins"), qn("w:del")
MOVE_FROM, MOVE_TO = qn("w:moveFrom"), qn("w:moveTo")
P, PPR, RPR, T, DELTEXT = qn("w:p"), qn("w:pPr"), qn("w:rPr"), qn("w:t"), qn("w:delText")
TAB, BR = qn("w:tab"), qn("w:br")
TXBX = qn("w:txbxContent")
FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def part(docx_bytes: bytes, name: str = "word/document.xml") -> etree._Element:
    """Return the parsed XML part ``name`` of a .docx."""
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        return etree.fromstring(archive.read(name))


def _settle(root: etree._Element, accept: bool) -> etree._Element:
    root = deepcopy(root)
    keep, drop = (
        ((INS, MOVE_TO), (DEL, MOVE_FROM)) if accept else ((DEL, MOVE_FROM), (INS, MOVE_TO))
    )
    # Rows marked for removal go whole.
    for trpr in list(root.iter(qn("w:trPr"))):
        marks = [c for c in trpr if c.tag in (INS, DEL)]
        if any(m.tag in drop for m in marks):
            row = trpr.getparent()
            row.getparent().remove(row)
        else:
            for m in marks:
                trpr.remove(m)
    for table in list(root.iter(qn("w:tbl"))):  # a table whose rows all went goes too
        if table.find(qn("w:tr")) is None and table.getparent() is not None:
            table.getparent().remove(table)
    # Paragraph marks.
    joins = []
    for ppr in list(root.iter(PPR)):
        rpr = ppr.find(RPR)
        if rpr is None:
            continue
        for mark in list(rpr):
            if mark.tag in drop:
                joins.append(ppr.getparent())
            if mark.tag in drop or mark.tag in keep:
                rpr.remove(mark)
    # Property changes.
    for change in list(root.iter(qn("w:rPrChange"), qn("w:pPrChange"))):
        props = change.getparent()
        if accept:
            props.remove(change)
            continue
        old = change[0] if len(change) else etree.Element(props.tag)
        if props.tag == RPR:
            props.getparent().replace(props, deepcopy(old))
        else:
            for child in list(props):
                if child.tag not in (RPR, qn("w:sectPr")):
                    props.remove(child)
            for offset, child in enumerate(old):
                props.insert(offset, deepcopy(child))
    # Run-level content.
    for element in list(root.iter(*drop)):
        if element.getparent() is not None:
            element.getparent().remove(element)
    for element in list(root.iter(*keep)):
        parent = element.getparent()
        if parent is None:
            continue
        index = parent.index(element)
        for offset, child in enumerate(list(element)):
            parent.insert(index + offset, child)
        parent.remove(element)
    for deleted in root.iter(DELTEXT):
        deleted.tag = T
    for element in list(
        root.iter(
            qn("w:moveFromRangeStart"),
            qn("w:moveFromRangeEnd"),
            qn("w:moveToRangeStart"),
            qn("w:moveToRangeEnd"),
        )
    ):
        element.getparent().remove(element)
    for paragraph in joins:
        following = paragraph.getnext()
        while following is not None and following.tag != P and following.tag != qn("w:tbl"):
            following = following.getnext()
        if following is None:
            continue  # the last mark of a story cannot go
        if following.tag != P:
            # Before a table Word removes the paragraph if nothing is left in it.
            if not any(t.text for t in paragraph.iter(T)):
                paragraph.getparent().remove(paragraph)
            continue
        content = [c for c in paragraph if c.tag != PPR]
        at = 1 if following.find(PPR) is not None else 0
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
        paragraph.getparent().remove(paragraph)
    return root


def texts(root: etree._Element) -> list[str]:
    """Return the text of each body paragraph (tables flattened, text boxes aside)."""
    body = root.find(qn("w:body"))
    if body is None:  # a header, footer or notes part
        body = root
    skip = set()
    for box in body.iter(TXBX, FALLBACK):
        skip.update(box.iter(P))
    out = []
    for paragraph in body.iter(P):
        if paragraph in skip:
            continue
        parts = []
        for node in paragraph.iter(T, TAB, BR):
            if node.tag == T:
                parts.append(node.text or "")
            elif node.tag == TAB:
                parts.append("\t")
            else:
                parts.append("\n")
        out.append("".join(parts))
    return out


def accept_texts(docx_bytes: bytes, name: str = "word/document.xml") -> list[str]:
    """Return the paragraph texts of ``docx_bytes`` after Accept All."""
    return texts(_settle(part(docx_bytes, name), accept=True))


def reject_texts(docx_bytes: bytes, name: str = "word/document.xml") -> list[str]:
    """Return the paragraph texts of ``docx_bytes`` after Reject All."""
    return texts(_settle(part(docx_bytes, name), accept=False))


def settled(docx_bytes: bytes, accept: bool, name: str = "word/document.xml") -> etree._Element:
    """Return the XML part after Accept All (``accept``) or Reject All."""
    return _settle(part(docx_bytes, name), accept=accept)


def plain_texts(docx_bytes: bytes) -> list[str]:
    """Return the paragraph texts of a document with no tracked changes."""
    return texts(part(docx_bytes))


def build(blocks: list, *, header: str | None = None, footer: str | None = None) -> bytes:
    """Build a .docx from blocks: "text", ("text", "Style"), [["a", "b"], ...] tables,
    {"runs": [("text", {"bold": True}), ...]} formatted paragraphs."""
    document = docx.Document()
    for block in blocks:
        if isinstance(block, str):
            document.add_paragraph(block)
        elif isinstance(block, tuple):
            document.add_paragraph(block[0], style=block[1])
        elif isinstance(block, dict):
            paragraph = document.add_paragraph(style=block.get("style"))
            if "align" in block:
                paragraph.alignment = block["align"]
            for text, fmt in block["runs"]:
                run = paragraph.add_run(text)
                run.bold = fmt.get("bold")
                run.italic = fmt.get("italic")
                if "size" in fmt:
                    run.font.size = docx.shared.Pt(fmt["size"])
        else:
            table = document.add_table(rows=len(block), cols=len(block[0]))
            for i, row in enumerate(block):
                for j, text in enumerate(row):
                    table.cell(i, j).text = text
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    if footer is not None:
        document.sections[0].footer.paragraphs[0].text = footer
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# -- the simulator's own tests ------------------------------------------------------------


def _wrap(body_xml: str) -> bytes:
    xml = f'<w:document xmlns:w="{W}"><w:body>{body_xml}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_simulator_accepts_and_rejects_runs() -> None:
    doc = _wrap(
        '<w:p><w:r><w:t xml:space="preserve">a </w:t></w:r><w:del w:id="1"><w:r>'
        '<w:delText>b</w:delText></w:r></w:del><w:ins w:id="2"><w:r><w:t>c</w:t></w:r>'
        "</w:ins></w:p>"
    )
    assert accept_texts(doc) == ["a c"]
    assert reject_texts(doc) == ["a b"]


def test_simulator_joins_paragraphs_whose_mark_goes() -> None:
    doc = _wrap(
        '<w:p><w:pPr><w:rPr><w:ins w:id="1"/></w:rPr></w:pPr><w:ins w:id="2"><w:r><w:t>new'
        "</w:t></w:r></w:ins></w:p><w:p><w:r><w:t>kept</w:t></w:r></w:p>"
    )
    assert accept_texts(doc) == ["new", "kept"]
    assert reject_texts(doc) == ["kept"]


def test_simulator_restores_old_run_properties() -> None:
    doc = _wrap(
        '<w:p><w:r><w:rPr><w:b/><w:rPrChange w:id="1"><w:rPr/></w:rPrChange></w:rPr>'
        "<w:t>x</w:t></w:r></w:p>"
    )
    rejected = settled(doc, accept=False)
    assert rejected.find(".//w:r/w:rPr", NS) is not None
    assert rejected.find(".//w:b", NS) is None
    assert settled(doc, accept=True).find(".//w:b", NS) is not None
