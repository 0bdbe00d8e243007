"""Generate the council brand kit in templates/: the Word templates and the logo.

Run ``python tools/make_brandkit.py`` after changing the brand. The templates are docxtpl
templates: Jinja tags in the text (``{{ title }}``, ``{%p if subtitle %}``) are filled at
build time; the paragraph holding ``{{ body }}`` is replaced by the rendered content.
The output is deterministic, so regenerating an unchanged brand changes no bytes.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from policykit.render.numbering import bind_section_numbering  # noqa: E402
from policykit.word.package import write_zip  # noqa: E402

BRAND_GREEN = RGBColor(0x00, 0x5A, 0x46)
BRAND_GREY = RGBColor(0x40, 0x40, 0x40)
FONT = "Arial"
OUT = Path(__file__).resolve().parents[1] / "templates"


def png(width: int, height: int, pixel) -> bytes:
    """Return a PNG image whose pixel colours come from ``pixel(x, y) -> (r, g, b)``."""
    raw = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def logo() -> bytes:
    """Draw the councils' mark: green rolling hills (the Chilterns) under a pale sky."""
    import math

    width, height = 360, 120

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        hill1 = 78 - 26 * math.sin(x / 38.0) - 8 * math.sin(x / 11.0 + 1)
        hill2 = 96 - 14 * math.sin(x / 55.0 + 2)
        if y > hill2:
            return (0x00, 0x5A, 0x46)
        if y > hill1:
            return (0x3B, 0x8C, 0x5A)
        return (0xE8, 0xF1, 0xEC)

    return png(width, height, pixel)


def set_font(style, size: float, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    if colour is not None:
        style.font.color.rgb = colour
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def add_field(paragraph, instruction: str, placeholder: str) -> None:
    """Append a simple field (PAGE, NUMPAGES) whose cached result is ``placeholder``."""
    run = paragraph.add_run()
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instruction} ")
    inner = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = placeholder
    inner.append(text)
    fld.append(inner)
    run._r.addnext(fld)
    run._r.getparent().remove(run._r)


def style_document(doc) -> None:
    styles = doc.styles
    set_font(styles["Normal"], 11)
    styles["Normal"].paragraph_format.space_after = Pt(6)
    styles["Normal"].paragraph_format.line_spacing = 1.15
    # Language of the text for spell checking: en-GB.
    rpr = styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    rpr.append(lang)
    set_font(styles["Title"], 24, bold=True, colour=BRAND_GREEN)
    title_ppr = styles["Title"].element.get_or_add_pPr()
    for border in title_ppr.findall(qn("w:pBdr")):
        title_ppr.remove(border)
    # The title is the document's top heading: outline level 1, so the PDF tags it H1.
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "0")
    title_ppr.append(outline)
    set_font(styles["Subtitle"], 14, colour=BRAND_GREY)
    styles["Subtitle"].font.italic = False
    for level, size in ((1, 14), (2, 12), (3, 11)):
        heading = styles[f"Heading {level}"]
        set_font(heading, size, bold=True, colour=BRAND_GREEN if level < 3 else BRAND_GREY)
        heading.font.italic = False
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 8)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        set_font(styles[name], 9, colour=BRAND_GREY)
    set_font(styles["Quote"], 11, colour=BRAND_GREY)
    styles["Quote"].paragraph_format.left_indent = Cm(1)
    styles["Quote"].paragraph_format.right_indent = Cm(1)

    numbered = styles.add_style("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = styles["Normal"]
    numbered.paragraph_format.left_indent = Cm(1.25)
    numbered.paragraph_format.first_line_indent = Cm(-1.25)
    numbered.paragraph_format.tab_stops.add_tab_stop(Cm(1.25))
    # A numbered document's sections: Heading 1 numbered "4." by the section list, whose
    # second level ("4.1") is the Numbered Paragraph style; Word shows and renumbers them.
    section = styles.add_style("Numbered Heading", WD_STYLE_TYPE.PARAGRAPH)
    section.base_style = styles["Heading 1"]
    section.next_paragraph_style = numbered
    section.quick_style = True
    bind_section_numbering(doc.part.numbering_part.element, styles.element,
                           section.style_id, numbered.style_id)

    marking = styles.add_style("Classification Marking", WD_STYLE_TYPE.PARAGRAPH)
    marking.base_style = styles["Normal"]
    set_font(marking, 10, bold=True, colour=RGBColor(0, 0, 0))
    marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    marking.paragraph_format.space_after = Pt(0)
    marking.paragraph_format.space_before = Pt(0)

    label = styles.add_style("Table Label", WD_STYLE_TYPE.PARAGRAPH)
    label.base_style = styles["Normal"]
    set_font(label, 11, bold=True)
    label.paragraph_format.space_after = Pt(2)

    hyperlink = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    hyperlink.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    hyperlink.font.underline = True

    code = styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
    code.font.name = "Courier New"

    table = styles.add_style("Council Table", WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    tbl_pr = table.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        tbl_pr = OxmlElement("w:tblPr")
        table.element.append(tbl_pr)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "7F7F7F")
        borders.append(element)
    tbl_pr.append(borders)
    header = OxmlElement("w:tblStylePr")
    header.set(qn("w:type"), "firstRow")
    h_rpr = OxmlElement("w:rPr")
    h_bold = OxmlElement("w:b")
    h_rpr.append(h_bold)
    h_colour = OxmlElement("w:color")
    h_colour.set(qn("w:val"), "FFFFFF")
    h_rpr.append(h_colour)
    header.append(h_rpr)
    h_tcpr = OxmlElement("w:tcPr")
    shade = OxmlElement("w:shd")
    shade.set(qn("w:val"), "clear")
    shade.set(qn("w:color"), "auto")
    shade.set(qn("w:fill"), "005A46")
    h_tcpr.append(shade)
    header.append(h_tcpr)
    table.element.append(header)


def header_and_footer(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.2))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(0.8)
    section.different_first_page_header_footer = False
    head = section.header.paragraphs[0]
    head.text = "Classification: {{ classification }}"
    head.style = doc.styles["Classification Marking"]
    foot = section.footer.paragraphs[0]
    foot.style = doc.styles["Footer"]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("{{ footer_label }} \u2014 Page ")
    add_field(foot, "PAGE", "1")
    foot.add_run(" of ")
    add_field(foot, "NUMPAGES", "1")
    marking = section.footer.add_paragraph("Classification: {{ classification }}")
    marking.style = doc.styles["Classification Marking"]


def logo_paragraph(doc, logo_bytes: bytes) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run().add_picture(io.BytesIO(logo_bytes), width=Cm(4.5))
    run = paragraph.runs[0]
    docpr = run._r.find(".//" + qn("wp:docPr"))
    docpr.set("descr", "Chiltern and South Bucks District Councils logo")


def set_widths(table, *widths) -> None:
    """Give the table fixed column widths (grid and cells), as Word and LibreOffice read them."""
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(width.twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def header_row(table, label: str, value: str) -> None:
    """Add the column headings of a key-value table, repeated on each page, so the PDF
    tags them as header cells (LibreOffice tags a repeated heading row's cells TH)."""
    row = table.add_row()
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:tblHeader"))
    tr_pr.append(OxmlElement("w:cantSplit"))
    for cell, text in zip(row.cells, (label, value), strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].style = "Table Label"


def table_row(table, label: str, value: str) -> None:
    row = table.add_row()
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # never split over pages
    cells = row.cells
    cells[0].paragraphs[0].text = label
    cells[0].paragraphs[0].style = "Table Label"
    cells[1].paragraphs[0].text = value


def branded_document(logo_bytes: bytes):
    """Return an empty document in the brand: styles, marked header and footer, logo."""
    doc = Document()
    style_document(doc)
    header_and_footer(doc)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    logo_paragraph(doc, logo_bytes)
    return doc


def report_template(logo_bytes: bytes):
    doc = branded_document(logo_bytes)
    doc.add_paragraph("{{ council }}", style="Subtitle")
    doc.add_paragraph("{{ committee }} \u2014 {{ meeting_date }}", style="Subtitle")
    doc.add_paragraph("{{ title }}", style="Title")
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header_row(table, "Item", "Details")
    for label, value in (
        ("SUBJECT", "{{ subject }}"),
        ("REPORT OF", "{{ report_of }}"),
        ("RESPONSIBLE OFFICER", "{{ responsible_officer }}"),
        ("REPORT AUTHOR", "{{ report_author }}"),
        ("WARD/S AFFECTED", "{{ wards_affected }}"),
    ):
        table_row(table, label, value)
    set_widths(table, Cm(5), Cm(11.6))
    doc.add_paragraph("{{ body }}")
    return doc


def policy_template(logo_bytes: bytes):
    doc = branded_document(logo_bytes)
    doc.add_paragraph("{%p if appendix %}")
    doc.add_paragraph("Appendix {{ appendix }}", style="Subtitle")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{{ title }}", style="Title")
    doc.add_paragraph("{%p if subtitle %}")
    doc.add_paragraph("{{ subtitle }}", style="Subtitle")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("Document control", style="Heading 1")  # its own top level, not H3
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    header_row(table, "Item", "Details")
    for label, value in (
        ("Owner", "{{ owner }}"),
        ("Version", "{{ version }}"),
        ("Status", "{{ status }}"),
        ("Approved", "{{ approval }}"),
        ("Review", "{{ review }}"),
        ("Classification", "{{ classification }}"),
    ):
        table_row(table, label, value)
    set_widths(table, Cm(4), Cm(12.6))
    page_break = doc.add_paragraph()
    page_break.add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("{{ body }}")
    return doc


def british(blob: bytes) -> bytes:
    """Return a part with every language mark en-GB (python-docx's defaults say en-US)."""
    for tag in (b"<w:lang w:val=", b"<w:themeFontLang w:val="):
        blob = blob.replace(tag + b'"en-US"', tag + b'"en-GB"')
    return blob


def normalise(data: bytes) -> bytes:
    """Return the .docx with fixed zip timestamps, fixed core properties and en-GB marks."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        members = {name: british(source.read(name)) for name in source.namelist()}
    members["docProps/core.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/'
        b'2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"'
        b' xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/'
        b'2001/XMLSchema-instance"><dc:title>Council brand kit</dc:title>'
        b'<dc:creator>policykit</dc:creator><dc:language>en-GB</dc:language>'
        b"</cp:coreProperties>"
    )
    order = sorted(members, key=lambda n: (n != "[Content_Types].xml", n))
    return write_zip(members, order, mode=0)


def main() -> int:
    OUT.mkdir(exist_ok=True)
    logo_bytes = logo()
    (OUT / "logo.png").write_bytes(logo_bytes)
    for name, build in (("report.docx", report_template), ("policy.docx", policy_template)):
        stream = io.BytesIO()
        build(logo_bytes).save(stream)
        (OUT / name).write_bytes(normalise(stream.getvalue()))
        print(f"wrote {OUT / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
