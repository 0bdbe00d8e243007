"""Count and place the changes of a redline: the summary printed by the CLI or put up front."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from policykit.word.oxml import RunStyle, el, paragraph, run

KINDS = ("insertion", "deletion", "move", "formatting")
SPAN_KIND = {
    "ins": "insertion", "del": "deletion", "moveTo": "move", "moveFrom": None,
    "format": "formatting",
}
NOUNS = {
    "insertion": ("insertion", "insertions"), "deletion": ("deletion", "deletions"),
    "move": ("move", "moves"), "formatting": ("formatting change", "formatting changes"),
}
NO_HEADING = "Title and opening paragraphs"
# What a reader calls each header and footer (by its w:type), in the rows of the summary.
STORY_NAMES = {
    ("header", "default"): "Page header", ("header", "first"): "First-page header",
    ("header", "even"): "Even-page header", ("footer", "default"): "Page footer",
    ("footer", "first"): "First-page footer", ("footer", "even"): "Even-page footer",
}
TABLE_EDGES = ("top", "left", "bottom", "right", "insideH", "insideV")
COLUMN_WIDTHS = (2200, 1700, 1700, 1700, 1700)  # twips: "Formatting" fits on one line


@dataclass(frozen=True)
class Change:
    """One change: its kind, the heading it falls under, the part it is in, its text."""

    kind: str
    heading: str
    part: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """Return the change as a JSON-ready dict."""
        return {"kind": self.kind, "heading": self.heading, "part": self.part, "text": self.text}


@dataclass
class ChangeSummary:
    """Counts of insertions, deletions, moves and formatting changes, and where each is."""

    changes: list[Change] = field(default_factory=list)

    def add(self, kind: str, heading: str, part: str, text: str) -> None:
        """Record one change (``kind`` is a Span kind: ins, del, moveTo, format)."""
        name = SPAN_KIND.get(kind, kind)
        if name is None:
            return
        snippet = " ".join(text.split())
        if len(snippet) > 60:
            snippet = snippet[:57] + "..."
        self.changes.append(Change(name, heading or NO_HEADING, part, snippet))

    @property
    def counts(self) -> dict[str, int]:
        """Return the number of changes of each kind."""
        counts = dict.fromkeys(KINDS, 0)
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    @property
    def total(self) -> int:
        """Return the number of changes."""
        return len(self.changes)

    def by_heading(self) -> list[tuple[str, str, dict[str, int]]]:
        """Return (part, heading, counts) in document order, one row per heading."""
        rows: dict[tuple[str, str], dict[str, int]] = {}
        for change in self.changes:
            key = (change.part, change.heading)
            if key not in rows:
                rows[key] = dict.fromkeys(KINDS, 0)
            rows[key][change.kind] += 1
        return [(part, heading, counts) for (part, heading), counts in rows.items()]

    def to_dict(self) -> dict:
        """Return the summary as a JSON-ready dict."""
        return {
            "counts": self.counts,
            "total": self.total,
            "by_heading": [
                {"part": part, "heading": heading, **counts}
                for part, heading, counts in self.by_heading()
            ],
            "changes": [change.to_dict() for change in self.changes],
        }

    def to_text(self) -> str:
        """Return the summary as a table for the terminal."""
        counts = self.counts
        lines = [", ".join(counted(counts[kind], NOUNS[kind]) for kind in KINDS)]
        rows = self.by_heading()
        if rows:
            width = min(max(len(_where(p, h)) for p, h, _ in rows), 50)
            lines.append(f"{'Where':<{width}}  {'ins':>4} {'del':>4} {'move':>4} {'fmt':>4}")
            for part, heading, c in rows:
                where = _where(part, heading)
                if len(where) > width:
                    where = where[: width - 3] + "..."
                lines.append(
                    f"{where:<{width}}  {c['insertion']:>4} {c['deletion']:>4} "
                    f"{c['move']:>4} {c['formatting']:>4}"
                )
        return "\n".join(lines)

    def heading_lines(self) -> list[tuple[str, str]]:
        """Return (where, "3 insertions, 1 deletion") for each heading with changes."""
        return [(_where(part, heading), ", ".join(
            counted(counts[kind], NOUNS[kind]) for kind in KINDS if counts[kind]))
            for part, heading, counts in self.by_heading()]

    def to_rows(self) -> list[list[str]]:
        """Return the summary table as rows of cell texts (header row first)."""
        rows = [["Where", "Insertions", "Deletions", "Moves", "Formatting"]]
        for part, heading, c in self.by_heading():
            rows.append([
                _where(part, heading), str(c["insertion"]), str(c["deletion"]), str(c["move"]),
                str(c["formatting"]),
            ])
        counts = self.counts
        rows.append(["Total", str(counts["insertion"]), str(counts["deletion"]),
                     str(counts["move"]), str(counts["formatting"])])
        return rows


def counted(number: int, noun: tuple[str, str]) -> str:
    """Return ``number`` with its noun as English writes it: "1 insertion", "2 insertions"."""
    return f"{number} {noun[0] if number == 1 else noun[1]}"


def _where(part: str, heading: str) -> str:
    if part in ("body", "header", "footer"):
        return heading
    name = part.capitalize()  # footnotes, endnotes
    return name if heading == NO_HEADING else f"{name} ({heading})"


def table(rows: list[list[str]], widths: tuple[int, ...], *, total: bool = False,
          labels: bool = False) -> etree._Element:
    """Return a bordered table whose first row is its header row (repeated, read as headers).

    The header row is bold, and so is the last row with ``total`` and the first column with
    ``labels`` (a key-value table).
    """
    bold = RunStyle(bold=True)
    edge = {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "auto"}
    built = el(
        "w:tbl", None,
        el("w:tblPr", None,
           el("w:tblW", {"w:w": "5000", "w:type": "pct"}),
           el("w:tblBorders", None, *(el(f"w:{side}", edge) for side in TABLE_EDGES))),
        el("w:tblGrid", None, *(el("w:gridCol", {"w:w": str(w)}) for w in widths)),
    )
    for index, row in enumerate(rows):
        strong = index == 0 or (total and index == len(rows) - 1)
        cells = (el("w:tc", None, paragraph(runs=[run(text, bold if strong or (
            labels and k == 0) else None)])) for k, text in enumerate(row))
        header = (el("w:trPr", None, el("w:tblHeader", None)),) if index == 0 else ()
        built.append(el("w:tr", None, *header, *cells))
    return built


def summary_page(summary: ChangeSummary) -> list[etree._Element]:
    """Return the blocks of a summary page: a title, the table, and a page break."""
    blocks = [paragraph(runs=[run("Summary of changes", RunStyle(bold=True))])]
    table_ = table(summary.to_rows(), COLUMN_WIDTHS, total=True)
    blocks.append(table_)
    blocks.append(paragraph(runs=[el("w:r", None, el("w:br", {"w:type": "page"}))]))
    return blocks
