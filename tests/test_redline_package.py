"""Check that old content deleted in a redline brings the parts it needs into the new package."""

from __future__ import annotations

import io
import posixpath
import zipfile
from datetime import UTC, datetime

import docx
from lxml import etree
from test_redline_wordfiles import rezip

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
DRAWING_TYPE = "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing"

DIAGRAM_RUN = (
    f'<w:r xmlns:w="{W}" xmlns:r="{R}"><w:drawing><wp:inline '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
    '<wp:extent cx="914400" cy="914400"/><wp:docPr id="7" name="Diagram 1"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    f'<a:graphicData uri="{DGM}"><dgm:relIds xmlns:dgm="{DGM}" r:dm="rIdDm" r:lo="rIdLo" '
    'r:qs="rIdQs" r:cs="rIdCs"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
)
DATA = (
    f'<dgm:dataModel xmlns:dgm="{DGM}" xmlns:a="http://schemas.openxmlformats.org/drawingml/'
    '2006/main"><dgm:ptLst/><dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/'
    f'drawing/2008/diagram"><dsp:dataModelExt xmlns:dsp="{DSP}" relId="rIdDrawing" '
    f'minVer="{DGM}"/></a:ext></dgm:extLst></dgm:dataModel>'
).encode()
DRAWING = f'<dsp:drawing xmlns:dsp="{DSP}"><dsp:spTree/></dsp:drawing>'.encode()
def _empty(tag: str) -> bytes:
    return f'<dgm:{tag} xmlns:dgm="{DGM}"/>'.encode()


PARTS = {  # part -> (relationship id, type, content)
    "word/diagrams/data1.xml": ("rIdDm", OFFICE + "diagramData", DATA),
    "word/diagrams/layout1.xml": ("rIdLo", OFFICE + "diagramLayout", _empty("layoutDef")),
    "word/diagrams/quickStyle1.xml": ("rIdQs", OFFICE + "diagramQuickStyle", _empty("styleDef")),
    "word/diagrams/colors1.xml": ("rIdCs", OFFICE + "diagramColors", _empty("colorsDef")),
    "word/diagrams/drawing1.xml": ("rIdDrawing", DRAWING_TYPE, DRAWING),
}


def document(with_diagram: bool) -> bytes:
    """Return a .docx: "Before.", a SmartArt diagram paragraph (if asked), "After."."""
    built = docx.Document()
    built.add_paragraph("Before.")
    if with_diagram:
        built.add_paragraph()._p.append(etree.fromstring(DIAGRAM_RUN))
    built.add_paragraph("After.")
    out = io.BytesIO()
    built.save(out)
    if not with_diagram:
        return out.getvalue()

    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "word/_rels/document.xml.rels":
            rels = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{part[5:]}"/>'
                           for part, (rid, kind, _) in PARTS.items())
            content = content.replace(b"</Relationships>", rels.encode() + b"</Relationships>")
        return name, content

    data = rezip(out.getvalue(), edit)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        for part, (_, _, content) in PARTS.items():
            archive.writestr(part, content)
    return out.getvalue()


def test_a_deleted_smartart_diagram_keeps_the_drawing_its_data_names() -> None:
    # LibreOffice shows a diagram from the drawing Word saved with it, which the data part
    # names through the document's relationships: without it Reject All shows no picture.
    redline = compare(document(True), document(False), author="A", date=DATE).docx
    with zipfile.ZipFile(io.BytesIO(redline)) as archive:
        names = set(archive.namelist())
        rels = {rel.get("Id"): rel for rel in etree.fromstring(
            archive.read("word/_rels/document.xml.rels")).iter(f"{{{REL_NS}}}Relationship")}
        body = archive.read("word/document.xml").decode()
        data_rid = etree.fromstring(body.encode()).find(f".//{{{DGM}}}relIds").get(f"{{{R}}}dm")
        data_part = posixpath.join("word", rels[data_rid].get("Target"))
        ext = next(etree.fromstring(archive.read(data_part)).iter(f"{{{DSP}}}dataModelExt"))
        drawing = rels[ext.get("relId")]
        assert drawing.get("Type") == DRAWING_TYPE
        drawing_part = posixpath.join("word", drawing.get("Target"))
        assert drawing_part in names
        assert archive.read(drawing_part) == DRAWING
    assert "<w:del " in body and "Diagram 1" in body
