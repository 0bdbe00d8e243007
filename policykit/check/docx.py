"""Check a Word document against Word's Accessibility Checker rules and WCAG 2.2."""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from policykit.check.colour import contrast, required_ratio
from policykit.check.docx_read import Paragraph, WordDocument, children, read_word
from policykit.check.docx_styles import w, wval
from policykit.check.model import CheckSettings, FileReport, Finding
from policykit.check.plain import TextBlock, plain_findings, snippet
from policykit.word.inputs import DocxPackage

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
DC = "http://purl.org/dc/elements/1.1/"
_DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_VML = "urn:schemas-microsoft-com:vml"
_TEXTBOX = "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}txbx"

TYPED_BULLET = re.compile(r"^\s*[•●○◦▪■□➢➤►✓✔·\-–—*§](\s|\t)")
TYPED_NUMBER = re.compile(r"^\s*\(?(\d{1,3}|[a-z]|[ivx]{1,5})[.)](\s|\t)", re.I)
VAGUE_LINKS = frozenset({
    "click here", "here", "more", "link", "click", "read more", "this link", "this",
    "more info", "more information", "click this link", "go", "page", "website", "url",
})
BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)
BODY_PT = 24  # 12 pt in half-points
_NO_PLAIN_STYLES = re.compile(r"title|subtitle|caption|toc|header|footer|label", re.I)


def _at(rule: str, message: str, para: Paragraph | None, text: str | None = None) -> Finding:
    if para is None:
        return Finding(rule, message)
    words = text if text is not None else para.text
    return Finding(rule, message, paragraph=para.index, page=para.page, heading=para.heading,
                   text=snippet(words) if words.strip() else None)


def check_properties(doc: WordDocument, settings: CheckSettings) -> list[Finding]:
    """Check the title and language are set (and match the content's language)."""
    found: list[Finding] = []
    title = doc.core.findtext(f"{{{DC}}}title") if doc.core is not None else None
    if not (title or "").strip():
        found.append(Finding("missing-title", "the document has no title in its properties"))
    lang = doc.styles.run_format(None, None).lang
    if lang is None and doc.core is not None:
        lang = doc.core.findtext(f"{{{DC}}}language")
    if lang is None and doc.settings is not None:
        lang = wval(doc.settings.find(w("themeFontLang")))
    if not lang:
        found.append(Finding("missing-language", "no language is set for the body text"))
    elif settings.language and lang.lower() != settings.language.lower():
        found.append(Finding("wrong-language", f"the text is marked {lang}, the content "
                             f"says {settings.language}"))
    return found


def check_headings(doc: WordDocument) -> list[Finding]:
    """Check heading styles are used, start at level 1, skip no level and are not empty."""
    found: list[Finding] = []
    previous: int | None = None
    for para in doc.paragraphs:
        if para.level is None:
            continue
        if not para.text.strip():
            if not para.tracked_deletion:
                found.append(_at("empty-heading", f"Heading {para.level} with no text", para))
            continue
        if previous is None and para.level != 1:
            found.append(_at("first-heading-not-level-1",
                             f"the first heading is Heading {para.level}", para))
        elif previous is not None and para.level > previous + 1:
            found.append(_at("skipped-heading-level",
                             f"Heading {para.level} follows Heading {previous}", para))
        previous = para.level
    texts = [p for p in doc.paragraphs if p.text.strip() and not p.in_table]
    if previous is None and len(texts) >= 10:
        found.append(Finding("headings-not-used", f"{len(texts)} paragraphs and no heading "
                             "styles"))
    return found


def check_lists(doc: WordDocument) -> list[Finding]:
    """Check for typed bullets, and two or more typed numbers in a row."""
    found: list[Finding] = []
    numbers: list[Paragraph] = []
    for para in [*doc.paragraphs, None]:
        plain = para is not None and para.level is None and not para.numbered
        if plain and TYPED_BULLET.match(para.text):  # type: ignore[union-attr]
            found.append(_at("typed-list", "a typed bullet, not a list", para))
        if plain and TYPED_NUMBER.match(para.text):  # type: ignore[union-attr]
            numbers.append(para)  # type: ignore[arg-type]
            continue
        if len(numbers) >= 2:
            found.append(_at("typed-list", f"{len(numbers)} paragraphs with typed numbers",
                             numbers[0]))
        numbers = []
    return found


def _blank(para: Paragraph) -> bool:
    return not para.text.strip() and not para.objects and not para.tracked_deletion


def check_blank_paragraphs(doc: WordDocument) -> list[Finding]:
    """Check for two or more empty paragraphs in a row used as spacing."""
    found: list[Finding] = []
    run: list[Paragraph] = []
    for para in [*doc.paragraphs, None]:
        if para is not None and _blank(para) and (not run or (
                run[-1].index == para.index - 1 and run[-1].in_table == para.in_table)):
            run.append(para)
            continue
        if len(run) >= 2:
            found.append(_at("repeated-blank-paragraphs",
                             f"{len(run)} empty paragraphs in a row", run[0]))
        run = [para] if para is not None and _blank(para) else []
    return found


def check_links(doc: WordDocument) -> list[Finding]:
    """Check every hyperlink's text makes sense on its own."""
    found: list[Finding] = []
    for para in doc.paragraphs:
        links: dict[int, list[str]] = {}
        for run in para.runs:
            if run.link is not None:
                links.setdefault(run.link, []).append(run.text)
        for parts in links.values():
            text = " ".join("".join(parts).split())
            if BARE_URL.match(text):
                found.append(_at("unclear-link-text", f"the link text is a bare URL: {text[:40]}",
                                 para, text))
            elif text.lower().strip(".:!") in VAGUE_LINKS:
                found.append(_at("unclear-link-text", f"the link text '{text}' does not say "
                                 "where it goes", para, text))
    return found


def check_contrast(doc: WordDocument) -> list[Finding]:
    """Check each run's colour against its background: 4.5:1, or 3:1 for large text."""
    found: list[Finding] = []
    for para in doc.paragraphs:
        worst: tuple[float, float, str, str] | None = None
        for run in para.runs:
            if not run.text.strip() or run.fmt.colour is None:
                continue
            background = run.fmt.shading or para.background
            ratio = contrast(run.fmt.colour, background)
            need = required_ratio(run.fmt.size, run.fmt.bold)
            if ratio < need and (worst is None or ratio < worst[0]):
                worst = (ratio, need, run.fmt.colour, background)
        if worst:
            ratio, need, fg, bg = worst
            found.append(_at("hard-to-read-contrast", f"#{fg} on #{bg} is {ratio:.1f}:1 "
                             f"(needs {need:g}:1)", para))
    return found


def check_small_text(doc: WordDocument) -> list[Finding]:
    """Check body text is at least 12 pt: one finding per paragraph style."""
    by_style: dict[str, list[tuple[Paragraph, int]]] = {}
    for para in doc.paragraphs:
        if para.level is not None or para.in_table or len(para.text.strip()) < 20:
            continue
        sizes = [r.fmt.size for r in para.runs if r.text.strip()]
        if sizes and min(sizes) < BODY_PT:
            by_style.setdefault(doc.styles.name(para.style), []).append((para, min(sizes)))
    found = []
    for style, paras in by_style.items():
        para, size = paras[0]
        more = f" and {len(paras) - 1} more" if len(paras) > 1 else ""
        found.append(_at("small-text", f"style {style}: {size / 2:g} pt in paragraph "
                         f"{para.index}{more}", para))
    return found


def check_colour_alone(doc: WordDocument) -> list[Finding]:
    """Tip where a few words differ from the rest of the paragraph only by colour."""
    found: list[Finding] = []
    for para in doc.paragraphs:
        texts = [r for r in para.runs if r.text.strip()]
        if para.level is not None or len(texts) < 2:
            continue
        base = texts[0].fmt.colour
        for run in texts:
            fmt = run.fmt
            if run.link is None and fmt.colour not in (None, base, "000000") and not (
                    fmt.bold or fmt.italic or fmt.underline):
                found.append(_at("use-of-colour", f"'{snippet(run.text, 4)}' is set apart "
                                 "by colour only", para))
                break
    return found


def _is_decorative(doc_pr: etree._Element) -> bool:
    return any(el.get("val") in ("1", "true") for el in doc_pr.iter(f"{{{_DECORATIVE}}}decorative"))


def check_objects(doc: WordDocument) -> list[Finding]:
    """Check images, charts and shapes have alt text and sit in line with the text."""
    found: list[Finding] = []
    for para in doc.paragraphs:
        for obj in para.objects:
            for frame in obj.iter(f"{{{WP}}}inline", f"{{{WP}}}anchor"):
                doc_pr = frame.find(f"{{{WP}}}docPr")
                textbox = next(frame.iter(_TEXTBOX), None) is not None
                name = doc_pr.get("name", "object") if doc_pr is not None else "object"
                if not textbox and doc_pr is not None and not (
                        doc_pr.get("descr") or "").strip() and not _is_decorative(doc_pr):
                    found.append(_at("missing-alt-text", f"'{name}' has no alt text", para))
                if frame.tag == f"{{{WP}}}anchor":
                    found.append(_at("object-not-inline", f"'{name}' floats over the text",
                                     para))
            for shape in obj.iter(f"{{{_VML}}}shape"):
                if shape.find(f"{{{_VML}}}imagedata") is not None and not (
                        shape.get("alt") or "").strip():
                    found.append(_at("missing-alt-text", "a picture has no alt text", para))
                if "position:absolute" in (shape.get("style") or "").replace(" ", ""):
                    found.append(_at("object-not-inline", "a shape floats over the text", para))
    return found


def _header_row(table: etree._Element) -> bool:
    first = next(children(table, w("tr")), None)
    if first is not None and first.find(f"{w('trPr')}/{w('tblHeader')}") is not None:
        return wval(first.find(f"{w('trPr')}/{w('tblHeader')}")) not in ("0", "false")
    look = table.find(f"{w('tblPr')}/{w('tblLook')}")
    if look is None:
        return False
    if (first_row := wval(look, "firstRow")) is not None:
        return first_row in ("1", "true")
    return bool(int(wval(look) or "0", 16) & 0x20)


def check_tables(doc: WordDocument) -> list[Finding]:
    """Check data tables have a header row, no empty header cells and no merged cells."""
    found: list[Finding] = []
    for number, table in enumerate(doc.tables, start=1):
        rows = list(children(table, w("tr")))
        cells = [list(children(row, w("tc"))) for row in rows]
        if len(rows) < 2 or max((len(c) for c in cells), default=0) < 2:
            continue  # a one-row or one-column table lays text out, it holds no data
        words = snippet("".join(table.itertext()), 5)
        where = f"table {number}"
        if not _header_row(table):
            found.append(Finding("missing-table-header", f"{where} has no header row",
                                 text=words))
        else:
            empty = [i for i, c in enumerate(cells[0], start=1)
                     if i > 1 and not "".join(c.itertext()).strip()
                     and next(c.iter(w("drawing"), w("pict")), None) is None]
            if empty:
                found.append(Finding("empty-table-header", f"{where}: header cell "
                                     f"{', '.join(map(str, empty))} is empty", text=words))
        spans = table.xpath(".//w:gridSpan[@w:val > 1] | .//w:vMerge | .//w:hMerge",
                            namespaces={"w": w("")[1:-1]})
        if spans:
            found.append(Finding("merged-cells", f"{where} has merged or split cells",
                                 text=words))
    return found


def _plain_blocks(doc: WordDocument) -> list[TextBlock]:
    return [TextBlock(p.text, paragraph=p.index, page=p.page, heading=p.heading)
            for p in doc.paragraphs
            if p.level is None and not p.in_table and p.text.strip()
            and not _NO_PLAIN_STYLES.search(doc.styles.name(p.style))]


RULE_CHECKS: dict[str, Callable[[WordDocument], list[Finding]]] = {
    "headings": check_headings, "lists": check_lists, "blanks": check_blank_paragraphs,
    "links": check_links, "contrast": check_contrast, "size": check_small_text,
    "colour": check_colour_alone, "objects": check_objects, "tables": check_tables,
}


def check_word(package: DocxPackage, settings: CheckSettings, path: str) -> FileReport:
    """Return the findings for one Word document read by the safe reader."""
    doc = read_word(package)
    found = check_properties(doc, settings)
    for check in RULE_CHECKS.values():
        found.extend(check(doc))
    plain, age = plain_findings(_plain_blocks(doc), settings)
    found.extend(plain)
    found = [f for f in found if settings.wants(f.rule)]
    found.sort(key=lambda f: (f.paragraph or 0))
    return FileReport(path=path, kind="docx", findings=found, reading_age=age)


__all__ = ["RULE_CHECKS", "check_word"]
