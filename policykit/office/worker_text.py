"""Read a loaded LibreOffice document as policykit's normalised text, and its redlines.

Runs under the system Python, loaded by path from ``worker.py``: it imports only the
standard library (the document objects come from ``uno`` through the caller).
"""

from __future__ import annotations

import unicodedata

# Characters normalised in the text form; policykit.office documents the same table.
_CHAR_MAP = {
    "\u00ad": "",  # soft hyphen: invisible unless the line breaks there
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\ufeff": "",  # zero-width no-break space / BOM
    "\u2060": "",  # word joiner
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2011": "-",  # non-breaking hyphen
    "\u200e": "",  # left-to-right mark (LibreOffice inserts these around some fields)
    "\u200f": "",  # right-to-left mark
    "\r": "\u21b5",  # line break inside a paragraph
    "\n": "\u21b5",
    "\u2028": "\u21b5",
    "\u000b": "\u21b5",
    "\u2029": "\u21b5",
    "\u000c": "\u21b5",  # and every other character str.splitlines() breaks on
    "\u001c": "\u21b5",
    "\u001d": "\u21b5",
    "\u001e": "\u21b5",
    "\u0085": "\u21b5",
}
_TRANSLATE = str.maketrans(_CHAR_MAP)


# -- normalised text -------------------------------------------------------------------


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE))


def _walk(text_obj, lines: list[str], labels: bool = False) -> None:
    """Append one line per paragraph of ``text_obj``, walking tables cell by cell.

    With ``labels``, a paragraph with a list label starts with it and a tab, as
    LibreOffice's own text export writes it ("5.\tPrinciples").
    """
    enum = text_obj.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            lines.append("<table>")
            row = None
            for name in element.getCellNames():
                cell_row = name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                cell_row = cell_row.split(".")[0]
                if cell_row != row:
                    lines.append("<row>")
                    row = cell_row
                lines.append("<cell>")
                _walk(element.getCellByName(name), lines, labels)
            lines.append("</table>")
        elif element.supportsService("com.sun.star.text.Paragraph"):
            label = _label(element) if labels else ""
            lines.append(f"{label}\t" * bool(label) + _norm(element.getString()))


def _label(paragraph) -> str:
    """Return the list label LibreOffice shows before ``paragraph`` ("" for none)."""
    try:
        return _norm(paragraph.getPropertyValue("ListLabelString") or "")
    except Exception:  # a paragraph with no numbering properties at all
        return ""


def _page_style_blocks(doc) -> list[str]:
    """Return the distinct header and footer blocks of the page styles in use."""
    blocks: set[tuple[str, str]] = set()
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        try:
            if not style.isInUse():
                continue
        except Exception:
            pass
        info = style.getPropertySetInfo()
        for kind in ("Header", "Footer"):
            if not style.getPropertyValue(f"{kind}IsOn"):
                continue
            props = [f"{kind}Text"]
            if info.hasPropertyByName(f"{kind}IsShared") and not style.getPropertyValue(
                f"{kind}IsShared"
            ):
                props.append(f"{kind}TextLeft")
            if info.hasPropertyByName("FirstIsShared") and not style.getPropertyValue(
                "FirstIsShared"
            ):
                props.append(f"{kind}TextFirst")
            for prop in props:
                if not info.hasPropertyByName(prop):
                    continue
                text_obj = style.getPropertyValue(prop)
                if text_obj is None:
                    continue
                lines: list[str] = []
                _walk(text_obj, lines)
                blocks.add((kind.lower(), "\n".join(lines)))
    return [f"<{kind}>\n{body}" if body else f"<{kind}>" for kind, body in sorted(blocks)]


def _shape_blocks(doc) -> list[str]:
    """Return the text boxes and text frames, each a ``<textbox>`` block, sorted by text.

    Word text boxes load as drawing shapes whose ``TextBoxContent`` is Writer text (with
    tables and tracked changes); group shapes are searched; other shapes with plain text
    give one line. Sorting makes the form independent of z-order and anchoring.
    """
    blocks: list[str] = []

    def visit(shapes) -> None:
        for i in range(shapes.getCount()):
            shape = shapes.getByIndex(i)
            if shape.supportsService("com.sun.star.drawing.GroupShape"):
                visit(shape)
                continue
            if shape.getShapeType() == "FrameShape":
                continue  # a Writer text frame: read below from getTextFrames()
            info = shape.getPropertySetInfo()
            lines: list[str] = []
            if info.hasPropertyByName("TextBox") and shape.getPropertyValue("TextBox"):
                _walk(shape.getPropertyValue("TextBoxContent"), lines)
            else:
                try:
                    plain = shape.getString() if hasattr(shape, "getString") else ""
                except Exception:  # "no text available": a shape that holds no text
                    plain = ""
                if not plain:
                    continue
                lines.append(_norm(plain))
            blocks.append("\n".join(["<textbox>", *lines]))

    visit(doc.getDrawPage())
    frames = doc.getTextFrames()
    for name in frames.getElementNames():
        lines = ["<textbox>"]
        _walk(frames.getByName(name), lines)
        blocks.append("\n".join(lines))
    return sorted(blocks)


def _notes(collection, tag: str) -> list[str]:
    out: list[str] = []
    for i in range(collection.getCount()):
        lines: list[str] = [f"<{tag}>"]
        _walk(collection.getByIndex(i), lines)
        out.extend(lines)
    return out


def document_text(doc, labels: bool = False) -> str:
    """Return the normalised text: body, text boxes, headers/footers, footnotes, endnotes.

    With ``labels``, each body paragraph's list label comes first (see :func:`_walk`).
    """
    lines: list[str] = []
    _walk(doc.getText(), lines, labels)
    lines.extend(_shape_blocks(doc))
    lines.extend(_page_style_blocks(doc))
    lines.extend(_notes(doc.getFootnotes(), "footnote"))
    lines.extend(_notes(doc.getEndnotes(), "endnote"))
    return "\n".join(lines) + "\n"


def _datetime(value) -> str | None:
    if value is None:
        return None
    try:
        return (
            f"{value.Year:04d}-{value.Month:02d}-{value.Day:02d}T"
            f"{value.Hours:02d}:{value.Minutes:02d}:{value.Seconds:02d}"
        )
    except AttributeError:
        return None


def document_redlines(doc) -> list[dict]:
    out: list[dict] = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        redline = enum.nextElement()
        info = redline.getPropertySetInfo()

        def get(name: str, _info=info, _redline=redline):
            return _redline.getPropertyValue(name) if _info.hasPropertyByName(name) else None

        moved = get("RedlineMoved")  # not exposed by LibreOffice 7.x; newer may add it
        try:
            start, end = get("RedlineStart"), get("RedlineEnd")
            cursor = start.getText().createTextCursorByRange(start)
            cursor.gotoRange(end, True)
            text = _norm(cursor.getString())
        except Exception:  # a redline spanning a table, or no text range at all
            text = None
        out.append(
            {
                "type": get("RedlineType") or "",
                "author": get("RedlineAuthor") or "",
                "date": _datetime(get("RedlineDateTime")),
                "comment": get("RedlineComment") or "",
                "description": get("RedlineDescription") or "",
                "moved": bool(moved) if moved is not None else None,
                "in_header_footer": bool(get("IsInHeaderFooter")),
                "text": text,
            }
        )
    return out
