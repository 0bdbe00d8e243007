"""Build the `policykit check` fixtures by editing real documents; writes expected.json.

Run from the repository root: ``python tests/assets/check/make_fixtures.py``. The bases
are the sample pack built by ``policykit build`` and Word files from the WmlComparer
corpus (``POLICYKIT_CORPUS``, default /work/shared/corpus/wmlcomparer). Each rule gets
documents that break it (seeded defects, counted in expected.json) and one that does
not. PDFs are exported from fixtures with LibreOffice, tagged and untagged, then edited
with pikepdf.
"""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CORPUS = Path(os.environ.get("POLICYKIT_CORPUS", "/work/shared/corpus/wmlcomparer"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DC = "http://purl.org/dc/elements/1.1/"
NS = {"w": W}
EXPECTED: dict[str, dict[str, int]] = {}
PLAIN_TEXT = "We will check the policy each year. Tell us if you find a problem."


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class Docx:
    """A .docx held as its zip members, with parsed XML parts edited in place."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.members = {i.filename: archive.read(i) for i in archive.infolist()}
        self.parts: dict[str, etree._Element] = {}

    def xml(self, member: str) -> etree._Element:
        if member not in self.parts:
            self.parts[member] = etree.fromstring(self.members[member])
        return self.parts[member]

    @property
    def body(self) -> etree._Element:
        return self.xml("word/document.xml").find(w("body"))

    def paragraphs(self, style: str | None = None) -> list[etree._Element]:
        found = self.body.xpath(".//w:p", namespaces=NS)
        if style is None:
            return found
        return [p for p in found if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
                == style]

    def save(self, name: str, expected: dict[str, int]) -> None:
        for member, root in self.parts.items():
            self.members[member] = etree.tostring(root, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in self.members.items():
                archive.writestr(member, data)
        (HERE / name).write_bytes(out.getvalue())
        EXPECTED[name] = expected


def para(text: str, style: str | None = None, colour: str | None = None) -> etree._Element:
    p = etree.Element(w("p"))
    if style:
        etree.SubElement(etree.SubElement(p, w("pPr")), w("pStyle")).set(w("val"), style)
    if text:
        r = etree.SubElement(p, w("r"))
        if colour:
            etree.SubElement(etree.SubElement(r, w("rPr")), w("color")).set(w("val"), colour)
        t = etree.SubElement(r, w("t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def link(text: str) -> etree._Element:
    p = para("See the council website: ")
    h = etree.SubElement(p, w("hyperlink"))
    h.set(w("anchor"), "top")
    r = etree.SubElement(h, w("r"))
    etree.SubElement(r, w("t")).text = text
    return p


def insert(doc: Docx, after: int, *new: etree._Element) -> None:
    anchor = doc.body.xpath("w:p", namespaces=NS)[after]
    for element in reversed(new):
        anchor.addnext(element)


def set_text(p: etree._Element, text: str) -> None:
    runs = p.xpath(".//w:t", namespaces=NS)
    for t in runs[1:]:
        t.text = ""
    if runs:
        runs[0].text = text
    else:
        p.append(para(text)[0])


def plain(doc: Docx) -> Docx:
    """Make every body paragraph plain English, so plain-English rules see only the seeds."""
    for p in doc.paragraphs():
        style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
        text = "".join(p.itertext()).strip()
        if text and not style.startswith(("Heading", "Title", "Subtitle", "TableLabel")):
            set_text(p, PLAIN_TEXT)
    return doc


def big_text(doc: Docx) -> Docx:
    """Raise every text size below 12 pt to 12 pt, in the styles and the runs."""
    for part in ("word/styles.xml", "word/document.xml"):
        for size in doc.xml(part).iter(w("sz"), w("szCs")):
            if int(size.get(w("val"), "24")) < 24:
                size.set(w("val"), "24")
    return doc


def build_pack() -> dict[str, bytes]:
    out = Path(tempfile.mkdtemp(prefix="check-fixtures-"))
    subprocess.run([sys.executable, "-m", "policykit", "build", str(ROOT / "content"), "-o",
                    str(out)], check=True, cwd=ROOT, capture_output=True)
    return {p.stem: p.read_bytes() for p in out.glob("*.docx")}


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


Maker = Callable[[], Docx]
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DECORATIVE = ('<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
              '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative '
              'xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" '
              'val="1"/></a:ext></a:extLst>')


def first_heading(doc: Docx) -> int:
    paras = doc.body.xpath("w:p", namespaces=NS)
    return next(i for i, p in enumerate(paras)
                if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "Heading1")


def tables(doc: Docx) -> list[etree._Element]:
    return doc.body.xpath(".//w:tbl", namespaces=NS)


def set_look(table: etree._Element, first_row: str) -> None:
    for look in table.iter(w("tblLook")):
        look.set(w("firstRow"), first_row)
        look.attrib.pop(w("val"), None)


def with_table(doc: Docx, source: Docx) -> etree._Element:
    """Copy the first table of ``source`` after the first heading of ``doc``; return it."""
    table = copy.deepcopy(tables(source)[0])
    doc.body.xpath("w:p", namespaces=NS)[first_heading(doc)].addnext(table)
    return table


def merge_first_row(table: etree._Element) -> None:
    row = table.find(w("tr"))
    cells = row.findall(w("tc"))
    tc_pr = cells[0].find(w("tcPr"))
    if tc_pr is None:
        tc_pr = etree.SubElement(cells[0], w("tcPr"))
        cells[0].insert(0, tc_pr)
    etree.SubElement(tc_pr, w("gridSpan")).set(w("val"), "2")
    row.remove(cells[1])


def clear_header_cell(table: etree._Element) -> None:
    cell = table.find(w("tr")).findall(w("tc"))[-1]
    for t in cell.iter(w("t")):
        t.text = ""


def float_pictures(doc: Docx, count: int) -> None:
    for inline in list(doc.body.iter(f"{{{WP}}}inline"))[:count]:
        anchor = etree.Element(f"{{{WP}}}anchor", distT="0", distB="0", distL="114300",
                               distR="114300", simplePos="0", relativeHeight="1",
                               behindDoc="0", locked="0", layoutInCell="1",
                               allowOverlap="1")
        etree.SubElement(anchor, f"{{{WP}}}simplePos", x="0", y="0")
        for axis, rel in (("H", "column"), ("V", "paragraph")):
            pos = etree.SubElement(anchor, f"{{{WP}}}position{axis}", relativeFrom=rel)
            etree.SubElement(pos, f"{{{WP}}}posOffset").text = "0"
        for child in inline:
            anchor.append(child)
            if child.tag == f"{{{WP}}}extent":
                etree.SubElement(anchor, f"{{{WP}}}wrapSquare", wrapText="bothSides")
        inline.getparent().replace(inline, anchor)


def describe(doc: Docx, decorative_last: bool = False) -> None:
    frames = list(doc.body.iter(f"{{{WP}}}docPr"))
    for frame in frames:
        frame.set("descr", "A photograph of the council offices")
    if decorative_last:
        frames[-1].attrib.pop("descr")
        frames[-1].append(etree.fromstring(DECORATIVE))


def clear_language(doc: Docx) -> None:
    for part in ("word/styles.xml", "word/document.xml"):
        for lang in list(doc.xml(part).iter(w("lang"))):
            lang.getparent().remove(lang)
    for lang in list(doc.xml("docProps/core.xml").iter(f"{{{DC}}}language")):
        lang.getparent().remove(lang)
    for lang in list(doc.xml("word/settings.xml").iter(w("themeFontLang"))):
        lang.getparent().remove(lang)


def normal_lang(doc: Docx, value: str) -> None:
    styles = doc.xml("word/styles.xml")
    normal = styles.xpath("//w:style[@w:styleId='Normal']", namespaces=NS)[0]
    rpr = normal.find(w("rPr"))
    if rpr is None:
        rpr = etree.SubElement(normal, w("rPr"))
    for lang in rpr.findall(w("lang")):
        rpr.remove(lang)
    etree.SubElement(rpr, w("lang")).set(w("val"), value)


def small_runs(doc: Docx, count: int) -> None:
    """Set ``count`` long body paragraphs of one style (outside tables) in 9 pt."""
    chosen: list[etree._Element] = []
    style = None
    for p in doc.paragraphs():
        name = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) or "Normal"
        if (len("".join(p.itertext())) < 40 or p.xpath("ancestor::w:tbl", namespaces=NS)
                or name.startswith(("Heading", "Title")) or style not in (None, name)):
            continue
        style = name
        chosen.append(p)
        if len(chosen) == count:
            break
    for p in chosen:
        for r in p.iter(w("r")):
            rpr = r.find(w("rPr"))
            if rpr is None:
                rpr = etree.Element(w("rPr"))
                r.insert(0, rpr)
            for size in rpr.findall(w("sz")):
                rpr.remove(size)
            etree.SubElement(rpr, w("sz")).set(w("val"), "18")


def coloured(text: str, colour: str) -> etree._Element:
    p = para("Overdue items are shown ")
    r = etree.SubElement(p, w("r"))
    etree.SubElement(etree.SubElement(r, w("rPr")), w("color")).set(w("val"), colour)
    etree.SubElement(r, w("t")).text = text
    return p


def themed(text: str) -> etree._Element:
    p = para("")
    r = etree.SubElement(p, w("r"))
    colour = etree.SubElement(etree.SubElement(r, w("rPr")), w("color"))
    colour.set(w("themeColor"), "background2")
    etree.SubElement(r, w("t")).text = text
    return p

LONG = ("The council, having considered the report and the views of the officers who took "
        "part in the review, decided that the policy should stay as it is until next year.")


def word_fixtures(pack: dict[str, bytes]) -> None:
    """Write the Word fixtures: for each rule three or more that break it and a clean one."""
    report, appx_a, appx_b = (lambda: Docx(pack["report"]), lambda: Docx(pack["appendix-a"]),
                              lambda: Docx(pack["appendix-b"]))
    image, image2, image_table = (lambda: Docx(corpus("WC/WC017-Image.docx")),
                                  lambda: Docx(corpus("WC/WC013-Image-Before.docx")),
                                  lambda: Docx(corpus("WC/WC023-Table-4-Row-Image-Before.docx")))
    pack3 = {"report": report, "appendix-a": appx_a, "appendix-b": appx_b}

    report().save("missing-title--clean.docx", {"missing-title": 0, "missing-language": 0,
                                                 "wrong-language": 0})
    for name, base in pack3.items():
        doc = base()
        doc.xml("docProps/core.xml").find(f"{{{DC}}}title").text = ""
        doc.save(f"missing-title--{name}.docx", {"missing-title": 1})
        doc = base()
        clear_language(doc)
        doc.save(f"missing-language--{name}.docx", {"missing-language": 1})
    for name, base in {"report": report, "appendix-a": appx_a, "image": image}.items():
        doc = base()
        normal_lang(doc, "en-US")
        doc.save(f"wrong-language--{name}.docx", {"wrong-language": 1})

    image().save("missing-alt-text--image.docx", {"missing-alt-text": 1})
    image2().save("missing-alt-text--image2.docx", {"missing-alt-text": 1})
    image_table().save("missing-alt-text--table.docx", {"missing-alt-text": 5})
    doc = image_table()
    describe(doc, decorative_last=True)
    doc.save("missing-alt-text--clean.docx", {"missing-alt-text": 0, "object-not-inline": 0})
    doc = image_table()
    describe(doc)
    doc.save("missing-alt-text--described.docx", {"missing-alt-text": 0})
    for name, base, count in (("image", image, 1), ("image2", image2, 1),
                              ("table", image_table, 2)):
        doc = base()
        describe(doc)
        float_pictures(doc, count)
        doc.save(f"object-not-inline--{name}.docx", {"object-not-inline": count})

    redline_fixture(pack)
    _table_fixtures(report, appx_b, image_table)
    _heading_fixtures(pack3)
    _paragraph_fixtures(report, appx_a, appx_b, image)
    _plain_fixtures(pack3)


def redline_fixture(pack: dict[str, bytes]) -> None:
    """Save the pack's standing comparison: deleted headings and paragraphs are not blank."""
    Docx(pack["appendix-a-vs-staff-policy-2014"]).save(
        "redline--clean.docx", {"empty-heading": 0, "repeated-blank-paragraphs": 0})


def _table_fixtures(report: Maker, appx_b: Maker, image_table: Maker) -> None:
    report().save("tables--clean.docx", {"missing-table-header": 0, "merged-cells": 0,
                                         "empty-table-header": 0})
    image_table().save("tables--clean-corpus.docx", {"missing-table-header": 0,
                                                     "merged-cells": 0,
                                                     "empty-table-header": 0})
    doc = report()
    row = tables(doc)[0].find(w("tr"))
    tr_pr = etree.Element(w("trPr"))
    etree.SubElement(tr_pr, w("tblHeader"))
    row.insert(0, tr_pr)
    doc.save("tables--repeat-header.docx", {"missing-table-header": 0, "merged-cells": 0,
                                            "empty-table-header": 0})
    for rule, edit in (("missing-table-header", lambda t: set_look(t, "0")),
                       ("merged-cells", merge_first_row),
                       ("empty-table-header", clear_header_cell)):
        doc = report()
        edit(tables(doc)[0])
        doc.save(f"{rule}--report.docx", {rule: 1})
        doc = image_table()
        edit(tables(doc)[0])
        doc.save(f"{rule}--corpus.docx", {rule: 1})
        doc = appx_b()
        edit(with_table(doc, report()))
        doc.save(f"{rule}--appendix-b.docx", {rule: 1})


def _heading_fixtures(pack3: dict[str, Maker]) -> None:
    pack3["report"]().save("headings--clean.docx", {
        "headings-not-used": 0, "skipped-heading-level": 0, "empty-heading": 0,
        "first-heading-not-level-1": 0})
    for name, base in pack3.items():
        doc = base()
        for p in doc.paragraphs():
            for style in p.xpath("w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]",
                                 namespaces=NS):
                style.set(w("val"), "Normal")
        doc.save(f"headings-not-used--{name}.docx", {"headings-not-used": 1})
        doc = base()
        insert(doc, first_heading(doc), para("Key dates", "Heading3"))
        doc.save(f"skipped-heading-level--{name}.docx", {"skipped-heading-level": 1})
        doc = base()
        insert(doc, first_heading(doc), para("", "Heading2"))
        doc.save(f"empty-heading--{name}.docx", {"empty-heading": 1})
        doc = base()
        insert(doc, first_heading(doc) - 1, para("Summary", "Heading2"))
        doc.save(f"first-heading-not-level-1--{name}.docx", {"first-heading-not-level-1": 1})


def _paragraph_fixtures(report: Maker, appx_a: Maker, appx_b: Maker, image: Maker) -> None:
    report().save("paragraphs--clean.docx", {
        "typed-list": 0, "repeated-blank-paragraphs": 0, "unclear-link-text": 0,
        "hard-to-read-contrast": 0, "use-of-colour": 0})
    doc = report()
    insert(doc, 20, para("• Members"), para("• Officers"), para("• Residents"))
    doc.save("typed-list--report.docx", {"typed-list": 3})
    doc = appx_a()
    insert(doc, 30, para("1. Read the policy."), para("2. Sign the form."))
    doc.save("typed-list--appendix-a.docx", {"typed-list": 1})
    doc = appx_b()
    insert(doc, 25, para("- Facebook"), para("- X (Twitter)"))
    doc.save("typed-list--appendix-b.docx", {"typed-list": 2})

    doc = report()
    insert(doc, 20, para(""), para(""))
    doc.save("repeated-blank-paragraphs--report.docx", {"repeated-blank-paragraphs": 1})
    doc = appx_a()
    insert(doc, 30, para(""), para(""), para(""))
    insert(doc, 60, para(""), para(""))
    doc.save("repeated-blank-paragraphs--appendix-a.docx", {"repeated-blank-paragraphs": 2})
    doc = image()
    insert(doc, 0, para(""), para(""))
    doc.save("repeated-blank-paragraphs--corpus.docx", {"repeated-blank-paragraphs": 1})

    doc = report()
    insert(doc, 20, link("click here"), link("https://www.chiltern.gov.uk"))
    doc.save("unclear-link-text--report.docx", {"unclear-link-text": 2})
    doc = appx_a()
    doc.body.xpath("w:p", namespaces=NS)[10].addnext(link("here"))
    doc.save("unclear-link-text--appendix-a.docx", {"unclear-link-text": 3})
    doc = image()
    insert(doc, 0, link("more"))
    doc.save("unclear-link-text--corpus.docx", {"unclear-link-text": 1})

    doc = report()
    insert(doc, 20, para("This text is pale grey.", colour="BBBBBB"))
    doc.save("hard-to-read-contrast--report.docx", {"hard-to-read-contrast": 1})
    doc = appx_b()
    insert(doc, 20, para("Yellow text.", colour="FFFF00"), para("Grey.", colour="AAAAAA"))
    doc.save("hard-to-read-contrast--appendix-b.docx", {"hard-to-read-contrast": 2})
    doc = image()
    insert(doc, 0, themed("Text in the theme's second background colour."))
    doc.save("hard-to-read-contrast--corpus.docx", {"hard-to-read-contrast": 1})

    for name, base in (("report", report), ("appendix-a", appx_a), ("appendix-b", appx_b)):
        doc = base()
        insert(doc, 20, coloured("in dark red", "C00000"))
        doc.save(f"use-of-colour--{name}.docx", {"use-of-colour": 1})
        doc = big_text(base())
        small_runs(doc, 2)
        doc.save(f"small-text--{name}.docx", {"small-text": 1})
    big_text(report()).save("small-text--clean.docx", {"small-text": 0})


def _plain_fixtures(pack3: dict[str, Maker]) -> None:
    plain(pack3["report"]()).save("plain--clean.docx", {
        "long-sentence": 0, "words-to-avoid": 0, "passive-voice": 0, "reading-age": 0})
    seeds = {
        "long-sentence": ([LONG], [LONG + " " + LONG], [PLAIN_TEXT + " " + LONG]),
        "words-to-avoid": (["We will facilitate the work in order to help."],
                           ["Please utilise the form."],
                           ["We will liaise with you whilst we commence."]),
        "passive-voice": (["The policy was approved by the committee."],
                          ["The form is kept by us.", "The list was written by them."],
                          ["Your post will be removed."]),
    }
    counts = {"long-sentence": (1, 2, 1), "words-to-avoid": (2, 1, 3),
              "passive-voice": (1, 2, 1)}
    for rule, texts in seeds.items():
        for (name, base), lines, count in zip(pack3.items(), texts, counts[rule], strict=True):
            doc = plain(base())
            insert(doc, first_heading(doc) + 1, *(para(line) for line in lines))
            doc.save(f"{rule}--{name}.docx", {rule: count})
    for name, base in pack3.items():
        base().save(f"reading-age--{name}.docx", {"reading-age": 1})


def main() -> None:
    """Write every fixture and expected.json."""
    for old in [*HERE.glob("*.docx"), *HERE.glob("*.pdf")]:
        old.unlink()
    word_fixtures(build_pack())
    sys.path.insert(0, str(HERE))
    from make_pdf_fixtures import pdf_fixtures  # noqa: PLC0415

    pdf_fixtures(EXPECTED)
    from make_html_fixtures import html_fixtures

    html_fixtures(EXPECTED)
    (HERE / "expected.json").write_text(json.dumps(EXPECTED, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(EXPECTED)} fixtures to {HERE}")


if __name__ == "__main__":
    main()
