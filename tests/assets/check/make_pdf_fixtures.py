"""Export Word fixtures to PDF with LibreOffice (tagged, untagged) and edit them with pikepdf.

Called by make_fixtures.py after the Word fixtures exist; adds its PDFs to EXPECTED.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pikepdf

HERE = Path(__file__).resolve().parent
TAGGED = {"UseTaggedPDF": True, "PDFUACompliance": True, "ExportBookmarks": True}
UNTAGGED = {"UseTaggedPDF": False, "PDFUACompliance": False, "ExportBookmarks": True}


def export(sources: dict[str, Path], options: dict[str, bool]) -> dict[str, bytes]:
    """Return {name: PDF bytes} for each .docx, exported by one headless LibreOffice."""
    filter_options = json.dumps({k: {"type": "boolean", "value": str(v).lower()}
                                 for k, v in options.items()})
    with tempfile.TemporaryDirectory(prefix="check-lo-") as tmp:
        work = Path(tmp)
        inputs = []
        for name, source in sources.items():
            target = work / f"{name}.docx"
            shutil.copyfile(source, target)
            inputs.append(str(target))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless",
             "--convert-to", f"pdf:writer_pdf_Export:{filter_options}", "--outdir",
             str(work / "out"), *inputs],
            check=True, capture_output=True, timeout=600)
        return {name: (work / "out" / f"{name}.pdf").read_bytes() for name in sources}


def edit(data: bytes, change: object) -> bytes:
    """Return the PDF after ``change(pdf)``, saved again by pikepdf."""
    import io

    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)  # type: ignore[operator]
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def drop_title(pdf: pikepdf.Pdf) -> None:
    """Remove the title from the document information and the XMP metadata."""
    if "/Title" in pdf.docinfo:
        del pdf.docinfo["/Title"]
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        if "dc:title" in meta:
            del meta["dc:title"]


def drop_lang(pdf: pikepdf.Pdf) -> None:
    """Remove /Lang from the catalog."""
    del pdf.Root["/Lang"]


def hide_title(pdf: pikepdf.Pdf) -> None:
    """Turn DisplayDocTitle off."""
    pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=False)


def drop_outlines(pdf: pikepdf.Pdf) -> None:
    """Remove the bookmarks."""
    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]


def long_docx(source: Path, target: Path, times: int) -> None:
    """Write ``source`` with its body repeated ``times`` times (a long document)."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(source) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(members["word/document.xml"])
    body = root.find(f"{w}body")
    blocks = [c for c in body if c.tag != f"{w}sectPr"]
    sect = body.find(f"{w}sectPr")
    for _ in range(times - 1):
        for block in blocks:
            copy = etree.fromstring(etree.tostring(block))
            if sect is not None:
                sect.addprevious(copy)
            else:
                body.append(copy)
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def pdf_fixtures(expected: dict[str, dict[str, int]]) -> None:
    """Write the PDF fixtures and record what each must report."""
    pack = {"report": HERE / "missing-title--clean.docx"}
    pack.update({"appendix-a": HERE / "reading-age--appendix-a.docx",
                 "appendix-b": HERE / "reading-age--appendix-b.docx"})
    figures = {"image": HERE / "missing-alt-text--image.docx",
               "image2": HERE / "missing-alt-text--image2.docx",
               "table": HERE / "missing-alt-text--table.docx",
               "clean": HERE / "missing-alt-text--described.docx"}
    tables = {"tables-" + n: HERE / f"{n}.docx" for n in (
        "tables--clean", "tables--clean-corpus", "missing-table-header--appendix-b",
        "tables--repeat-header")}
    headings = {f"{rule}--{n}": HERE / f"{rule}--{n}.docx"
                for rule in ("skipped-heading-level", "first-heading-not-level-1")
                for n in ("report", "appendix-a", "appendix-b")}
    with tempfile.TemporaryDirectory() as tmp:
        longs = {}
        for name in ("appendix-a", "appendix-b"):
            longs[f"long-{name}"] = Path(tmp) / f"long-{name}.docx"
            long_docx(pack[name], longs[f"long-{name}"], 3)
        tagged = export({**pack, **figures, **headings, **longs, **tables}, TAGGED)
        untagged = export(pack, UNTAGGED)
        no_marks = export(longs, {**TAGGED, "ExportBookmarks": False})

    def save(name: str, data: bytes, counts: dict[str, int]) -> None:
        (HERE / name).write_bytes(data)
        expected[name] = counts

    catalog = {"pdf-not-tagged": 0, "pdf-ua-identifier": 0, "missing-title": 0,
               "missing-language": 0, "title-not-shown": 0, "pdf-figure-alt": 0,
               "skipped-heading-level": 0, "first-heading-not-level-1": 0}
    for name in pack:
        save(f"pdf-untagged--{name}.pdf", untagged[name],
             {"pdf-not-tagged": 1, "pdf-ua-identifier": 1})
        save(f"pdf-missing-title--{name}.pdf", edit(tagged[name], drop_title),
             {"missing-title": 1})
        save(f"pdf-missing-language--{name}.pdf", edit(tagged[name], drop_lang),
             {"missing-language": 1})
        save(f"pdf-title-not-shown--{name}.pdf", edit(tagged[name], hide_title),
             {"title-not-shown": 1})
    save("pdf-tagged--clean.pdf", tagged["report"], catalog)
    for name in ("image", "image2", "table"):
        counts = {"image": 1, "image2": 1, "table": 5}[name]
        save(f"pdf-figure-alt--{name}.pdf", tagged[name], {"pdf-figure-alt": counts})
    save("pdf-figure-alt--clean.pdf", tagged["clean"], {"pdf-figure-alt": 0})
    for name in headings:
        save(f"pdf-{name}.pdf", tagged[name], {name.split("--")[0]: 1})
    for name, count in (("tables--clean", 1), ("tables--clean-corpus", 1),
                        ("missing-table-header--appendix-b", 2), ("tables--repeat-header", 0)):
        save(f"pdf-missing-table-header--{name.split('--')[1]}.pdf", tagged["tables-" + name],
             {"missing-table-header": count})
    save("pdf-no-bookmarks--appendix-a.pdf", no_marks["long-appendix-a"],
         {"pdf-no-bookmarks": 1})
    save("pdf-no-bookmarks--appendix-b.pdf", no_marks["long-appendix-b"],
         {"pdf-no-bookmarks": 1})
    save("pdf-no-bookmarks--edited.pdf", edit(tagged["long-appendix-b"], drop_outlines),
         {"pdf-no-bookmarks": 1})
    save("pdf-no-bookmarks--clean.pdf", tagged["long-appendix-a"], {"pdf-no-bookmarks": 0})
