"""Build the cover note of a redline: what is compared, who compared it, a legend, the counts.

The cover note is the redline's first page: its title ("Appendix A compared with the Staff
Social Media Policy 2014"), the two documents with their versions and dates, who made the
comparison and when (long dates throughout), a legend of the marks in words that claims
nothing the reader's settings decide, and the changes under each heading, one line each
("5. Principles: 3 insertions, 1 deletion"; headers and footers by their plain names).
It is not a tracked change: Accept All and Reject All leave
it, and the contract holds for everything after it. It sits in one content control titled
"Cover note", so a Word user removes it in one step: click the control's tab, press Delete.
The redline's own title and subject are set in its core properties.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

from lxml import etree

from policykit.dates import long_date
from policykit.redline.summary import KINDS, NOUNS, ChangeSummary, counted, table
from policykit.word.inputs import parse_xml, read_docx
from policykit.word.oxml import el, paragraph, qn, run, val

CORE_REL = "/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
COVER_TAG = "Cover note"
LEGEND = (
    ("Inserted text", "is marked as an insertion", {"w:u": "single"}),
    ("Deleted text", "is marked as a deletion", {"w:strike": None}),
    ("Moved text", "is marked as moved away where it was, and as moved here where it now "
     "is", {}),
    ("Formatting changes", "are marked as formatting, with the old formatting recorded", {}),
)
LEGEND_NOTE = ("How each mark looks (underlined, struck through, in colour, in a balloon) "
               "depends on the reader's Word or LibreOffice settings. The Reviewing Pane "
               "lists every change with its author and date.")
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


@dataclass(frozen=True)
class CoverNote:
    """What a redline's cover note names: the documents compared, who compared them, when.

    ``old`` and ``new`` describe each document in a line: title, version or commit, date
    (``describe`` writes one from a .docx). ``title`` is the redline's own title.
    """

    title: str
    old: str
    new: str
    made_by: str
    made_on: datetime
    subject: str = ""
    notes: tuple[str, ...] = ()  # e.g. "the old document holds 12 tracked changes; ..."


def core_title(docx: bytes, name: str) -> tuple[str, str]:
    """Return a .docx's (title, modified date) from its core properties ('' when unset)."""
    data = read_docx(docx, name).members.get("docProps/core.xml")
    if data is None:
        return "", ""
    root = parse_xml(data, name, "docProps/core.xml")
    title = root.findtext(f"{{{DC}}}title") or ""
    modified = (root.findtext(f"{{{DCTERMS}}}modified") or "")[:10]
    return title.strip(), modified


def describe(docx: bytes, name: str) -> str:
    """Return one line naming a document: its title, file name and last modified date."""
    return _named(name, *core_title(docx, name))


def _named(name: str, title: str, modified: str) -> str:
    parts = [title or name]
    if title:
        parts.append(f"({name})")
    if modified:
        with suppress(ValueError):  # (a date Word did not write is shown as it is)
            modified = long_date(datetime.strptime(modified, "%Y-%m-%d"))
        parts.append(f"last modified {modified}")
    return " ".join(parts)


def _heading(text: str) -> etree._Element:
    return paragraph(runs=[_styled_run(text, {"w:b": None, "w:sz": "32"})])


def _styled_run(text: str, props: dict[str, str | None]) -> etree._Element:
    r = run(text)
    rpr = el("w:rPr")
    for tag, value in props.items():
        rpr.append(el(tag) if value is None else val(tag, value))
    if len(rpr):
        r.insert(0, rpr)
    return r


def cover_blocks(cover: CoverNote, summary: ChangeSummary) -> list[etree._Element]:
    """Return the cover note as one block content control, ending in a page break."""
    counts = summary.counts
    inner = [
        _heading(cover.title),
        table([["Item", "Details"], ["Original (old)", cover.old],
               ["Revised (new)", cover.new], ["Compared by", cover.made_by],
               ["Compared on", f"{long_date(cover.made_on)}, {cover.made_on:%H:%M} UTC"]],
              (2600, 6400), labels=True),
    ]
    for note in cover.notes:
        inner.append(paragraph(runs=[_styled_run("Note: ", {"w:b": None}),
                                     run(note[:1].upper() + note[1:] + ".")]))
    inner.append(paragraph(runs=[_styled_run("How changes are shown", {"w:b": None})]))
    for label, how, props in LEGEND:
        inner.append(paragraph(runs=[_styled_run(label, props), run(f" {how}.")]))
    inner.append(paragraph(runs=[run(LEGEND_NOTE)]))
    inner.append(paragraph(runs=[run(
        "Changes: " + ", ".join(counted(counts[kind], NOUNS[kind]) for kind in KINDS) + ".")]))
    inner.append(paragraph(runs=[_styled_run("Changes by heading", {"w:b": None})]))
    for where, line in summary.heading_lines():
        inner.append(paragraph(runs=[_styled_run(where, {"w:b": None}), run(f": {line}.")]))
    inner.append(paragraph(runs=[el("w:r", None, el("w:br", {"w:type": "page"}))]))
    sdt = el("w:sdt", None,
             el("w:sdtPr", None, val("w:alias", COVER_TAG), val("w:tag", COVER_TAG)),
             el("w:sdtContent", None, *inner))
    return [sdt]


def set_core_properties(root: etree._Element, title: str, subject: str,
                        author: str = "") -> None:
    """Set the title, subject and (who compared) author in a core properties part.

    The author is ``dc:creator`` and ``cp:lastModifiedBy``: a PDF made from the redline
    names them as its Author, not the new document's owner.
    """
    for name, value in ((f"{{{DC}}}title", title), (f"{{{DC}}}subject", subject),
                        (f"{{{DC}}}creator", author), (f"{{{CP}}}lastModifiedBy", author)):
        if not value:
            continue
        found = root.find(name)
        if found is None:
            found = etree.SubElement(root, name)
        found.text = value


def cover_for_files(old: bytes, new: bytes, *, old_name: str, new_name: str, made_by: str,
                    made_on: datetime) -> CoverNote:
    """Return the cover note of two .docx files: titled from their own titles or names."""
    old_core, new_core = core_title(old, old_name), core_title(new, new_name)  # read once
    title = f"{new_core[0] or new_name} compared with {old_core[0] or old_name}"
    return CoverNote(title, _named(old_name, *old_core), _named(new_name, *new_core), made_by,
                     made_on, subject=title)


def is_cover(sdt: etree._Element) -> bool:
    """Return True when the content control ``sdt`` is a redline's cover note."""
    alias = sdt.find(f"{qn('w:sdtPr')}/{qn('w:alias')}")
    return alias is not None and alias.get(qn("w:val")) == COVER_TAG


def remove_cover(docx: bytes, name: str = "redline.docx") -> bytes:
    """Return the redline without its cover note, as a Word user's one Delete leaves it."""
    from policykit.redline.package import Package

    package = Package(read_docx(docx, name))
    body = package.xml(package.main).find(qn("w:body"))
    for sdt in body.findall(qn("w:sdt")) if body is not None else []:
        if is_cover(sdt):
            body.remove(sdt)
    return package.to_bytes()
