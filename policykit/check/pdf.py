"""Check a PDF's tagging, metadata and text, read with pikepdf (structure) and pypdf (text)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf

from policykit.check.model import CheckSettings, FileReport, Finding
from policykit.check.plain import PLAIN_RULES, TextBlock, plain_findings
from policykit.errors import InputError

BOOKMARKS_OVER = 20
MAX_STRUCT_ELEMENTS = 500_000
_STANDARD = {f"/H{n}" for n in range(1, 7)} | {"/Figure", "/Table", "/TH", "/TR", "/TD"}


@dataclass
class Tag:
    """One element of the structure tree: its standard type, alt text and page."""

    kind: str
    alt: str | None
    page: int | None
    table: int | None  # the number of the table this element is in (or is)


def _open(data: bytes, name: str) -> pikepdf.Pdf:
    if not data:
        raise InputError(f"{name}: is empty (0 bytes), not a PDF; export the document as PDF "
                         "again")
    if b"%PDF-" not in data[:1024]:  # readers find the header anywhere in the first 1 KB
        raise InputError(f"{name}: is not a PDF (it does not start with %PDF; another kind of "
                         "file renamed?); give the PDF itself, or export the document as PDF "
                         "again")
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise InputError(f"{name}: is encrypted (password protected); save an unprotected "
                         "copy and check that") from None
    except (pikepdf.PdfError, ValueError) as exc:
        problem = str(exc).split(": ", 1)[-1][:80]  # pikepdf names its stream object first
        raise InputError(f"{name}: is not a readable PDF ({problem}); it may be damaged or cut "
                         "short: export the document as PDF again") from None


def _text(value: object) -> str | None:
    if isinstance(value, pikepdf.String):
        return str(value)
    return None


def _tags(pdf: pikepdf.Pdf) -> Iterator[Tag]:
    """Yield the structure elements in document order (iteratively, cycles skipped)."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    role_map = root.get("/RoleMap") or {}
    pages = {page.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    stack: list[tuple[object, int | None]] = [(root.get("/K"), None)]
    seen: set[tuple[int, int]] = set()
    count = tables = 0
    while stack and count < MAX_STRUCT_ELEMENTS:
        node, table = stack.pop()
        if node is None:
            continue
        if isinstance(node, pikepdf.Array):
            stack.extend((child, table) for child in reversed(list(node)))
            continue
        if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        count += 1
        kind = str(node.get("/S"))
        mapped = role_map.get(kind)
        if kind not in _STANDARD and isinstance(mapped, pikepdf.Name):
            kind = str(mapped)
        if kind == "/Table":
            tables += 1
            table = tables
        page = node.get("/Pg")
        yield Tag(kind, _text(node.get("/Alt")) or _text(node.get("/ActualText")),
                  pages.get(page.objgen) if page is not None else None, table)
        stack.append((node.get("/K"), table))


def _title(pdf: pikepdf.Pdf) -> str | None:
    title = _text(pdf.docinfo.get("/Title")) if pdf.docinfo is not None else None
    if title and title.strip():
        return title
    try:
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            return meta.get("dc:title") or None
    except Exception:  # noqa: BLE001 - broken XMP is a missing title, not a crash
        return None


def _metadata(pdf: pikepdf.Pdf) -> bytes:
    stream = pdf.Root.get("/Metadata")
    try:
        return stream.read_bytes() if isinstance(stream, pikepdf.Stream) else b""
    except pikepdf.PdfError:
        return b""


def check_catalog(pdf: pikepdf.Pdf, settings: CheckSettings) -> list[Finding]:
    """Check tagging, language, title, DisplayDocTitle, bookmarks and PDF/UA id."""
    root = pdf.Root
    found: list[Finding] = []
    marked = root.get("/MarkInfo", {}).get("/Marked", False)
    if not (bool(marked) and "/StructTreeRoot" in root):
        found.append(Finding("pdf-not-tagged", "the PDF has no tags (no structure tree)"))
    lang = _text(root.get("/Lang"))
    if not lang:
        found.append(Finding("missing-language", "no /Lang in the document catalog"))
    elif settings.language and lang.lower() != settings.language.lower():
        found.append(Finding("wrong-language", f"/Lang is {lang}, the content says "
                             f"{settings.language}"))
    if not _title(pdf):
        found.append(Finding("missing-title", "no title in the document information or XMP"))
    if not bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)):
        found.append(Finding("title-not-shown", "DisplayDocTitle is not set: viewers show "
                             "the file name"))
    if len(pdf.pages) > BOOKMARKS_OVER and "/First" not in root.get("/Outlines", {}):
        found.append(Finding("pdf-no-bookmarks", f"{len(pdf.pages)} pages and no bookmarks"))
    if b"pdfuaid" not in _metadata(pdf):
        found.append(Finding("pdf-ua-identifier", "no pdfuaid:part in the XMP metadata"))
    return found


def check_tags(tags: list[Tag]) -> list[Finding]:
    """Check figures have alt text, headings are in order and tables have headers."""
    found: list[Finding] = []
    previous: int | None = None
    for tag in tags:
        if tag.kind == "/Figure" and not (tag.alt or "").strip():
            found.append(Finding("pdf-figure-alt", "a Figure tag has no alternate text",
                                 page=tag.page))
        if tag.kind in {f"/H{n}" for n in range(1, 7)}:
            level = int(tag.kind[2])
            if previous is None and level != 1:
                found.append(Finding("first-heading-not-level-1", f"the first heading is "
                                     f"H{level}", page=tag.page))
            elif previous is not None and level > previous + 1:
                found.append(Finding("skipped-heading-level", f"H{level} follows H{previous}",
                                     page=tag.page))
            previous = level
    rows: dict[int, int] = {}
    headed: set[int] = set()
    starts: dict[int, int | None] = {}
    for tag in tags:
        if tag.table is None:
            continue
        starts.setdefault(tag.table, tag.page)
        rows[tag.table] = rows.get(tag.table, 0) + (tag.kind == "/TR")
        if tag.kind == "/TH":
            headed.add(tag.table)
    for table, count in rows.items():
        if count >= 2 and table not in headed:
            found.append(Finding("missing-table-header", f"table {table} has no TH cell",
                                 page=starts[table] or _first_page(tags, table)))
    return found


def _first_page(tags: list[Tag], table: int) -> int | None:
    return next((t.page for t in tags if t.table == table and t.page), None)


_PARAGRAPH_END = re.compile(r"(?<![ -])\n")


def _page_blocks(data: bytes) -> list[TextBlock]:
    """Return the paragraphs of each page's text.

    A line that ends without a space ends its paragraph: the text extractor leaves a space
    where the words wrapped, so headings, list items and the marking stay apart. Short
    lines that end no sentence (headings, markings, page numbers) are not running text.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    blocks = []
    try:
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages, start=1):
            for chunk in _PARAGRAPH_END.split(page.extract_text()):
                text = " ".join(chunk.split())
                if text.endswith((".", "!", "?", ":", ";")) or len(text.split()) >= 8:
                    blocks.append(TextBlock(text, page=number))
    except (PyPdfError, ValueError, KeyError, TypeError):
        return blocks
    return blocks


def check_pdf(data: bytes, settings: CheckSettings, path: str) -> FileReport:
    """Return the findings for one PDF file."""
    with _open(data, path) as pdf:
        found = check_catalog(pdf, settings) + check_tags(list(_tags(pdf)))
    wanted = any(settings.wants(r) for r in PLAIN_RULES)
    plain, age = plain_findings(_page_blocks(data) if wanted else [], settings)
    found = [f for f in found + plain if settings.wants(f.rule)]
    found.sort(key=lambda f: f.page or 0)
    return FileReport(path=path, kind="pdf", findings=found, reading_age=age)


__all__ = ["Tag", "check_catalog", "check_pdf", "check_tags"]
