"""Show a table moved and changed (deleted whole, inserted whole) as one table, row by row.

The engine writes a moved table whose rows changed as a deleted table where it was and an
inserted one where it is. Where the two tables have the same text, or the same header
row, the HTML redline shows the new table with its rows compared with the old one's:
rows alike unmarked, rows added inserted, rows gone deleted, a changed row (half its
cells or more alike) with each changed cell's old text struck before the new.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from lxml import etree

from policykit.redline.align import cells, rows
from policykit.redline.htmltext import marked, plain_html, plain_text
from policykit.word.oxml import W_P

Cells = list[tuple[str, str]]


def _cells(row: etree._Element, old: bool) -> Cells:
    """Return (text, html) of each cell of ``row`` as OLD (or NEW) has it."""
    out = []
    for cell in cells(row):
        paragraphs = list(cell.iter(W_P))
        out.append((" ".join(" ".join(plain_text(p, old=old) for p in paragraphs).split()),
                    "<br>".join(h for p in paragraphs if (h := plain_html(p, old=old)))))
    return out


def table_text(table: etree._Element, old: bool) -> list[tuple[str, ...]]:
    """Return the text of each row of ``table`` (OLD's or NEW's), cell by cell."""
    return [tuple(text for text, _ in _cells(row, old)) for row in rows(table)]


def same_table(gone: etree._Element, came: etree._Element) -> bool:
    """Return True when two tables have the same text or at least the same header row."""
    before, after = table_text(gone, True), table_text(came, False)
    return bool(before and after) and (before == after or before[0] == after[0])


def _row(kind: str | None, values: list[str], cell: str, scope: str) -> str:
    label = {"ins": "[row inserted] ", "del": "[row deleted] "}.get(kind or "", "")
    out = []
    for i, value in enumerate(values):
        content = marked(kind, value, labelled=False) if kind and value else value
        hidden = f'<span class="label">{label}</span>' if label and i == 0 else ""
        out.append(f"<{cell}{scope}>{hidden}{content}</{cell}>")
    return (f'<tr class="{kind}">' if kind else "<tr>") + "".join(out) + "</tr>"


def _changed(before: Cells, after: Cells) -> list[str]:
    return [y[1] if x[0] == y[0] else (marked("del", x[1]) if x[0] else "") + marked("ins", y[1])
            for x, y in zip(before, after, strict=True)]


def _closest(before: Cells, news: list[Cells], start: int) -> int | None:
    """Return the index of the new row from ``start`` most like ``before`` (half alike)."""
    best, alike = None, 0
    for m in range(start, len(news)):
        same = sum(x[0] == y[0] and bool(x[0]) for x, y in zip(before, news[m], strict=False))
        if len(news[m]) == len(before) and same * 2 >= len(before) and same > alike:
            best, alike = m, same
    return best


def moved_rows(gone: etree._Element, came: etree._Element, header: list[bool]) -> list[str]:
    """Return the ``<tr>`` rows of the table ``came`` compared row by row with ``gone``."""
    old_rows = [_cells(r, True) for r in rows(gone)]
    new_rows = [_cells(r, False) for r in rows(came)]
    out: list[str] = []

    def shape(i: int) -> tuple[str, str]:
        return ("th", ' scope="col"') if i < len(header) and header[i] else ("td", "")

    matcher = SequenceMatcher(None, [tuple(t for t, _ in r) for r in old_rows],
                              [tuple(t for t, _ in r) for r in new_rows], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.extend(_row(None, [h for _, h in new_rows[j]], *shape(j)) for j in range(b1, b2))
            continue
        news, j = new_rows[b1:b2], 0
        for before in old_rows[a1:a2]:
            best = _closest(before, news, j)
            if best is None:
                out.append(_row("del", [h for _, h in before], *shape(b1 + j)))
                continue
            out.extend(_row("ins", [h for _, h in news[m]], *shape(b1 + m))
                       for m in range(j, best))
            out.append(_row(None, _changed(before, news[best]), *shape(b1 + best)))
            j = best + 1
        out.extend(_row("ins", [h for _, h in news[m]], *shape(b1 + m))
                   for m in range(j, len(news)))
    return out


__all__ = ["moved_rows", "same_table", "table_text"]
