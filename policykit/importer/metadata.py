"""Read what a Word policy says about itself (document control, classification, numbering)
and write it as a content file's front matter."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath

import docx.document
from pydantic import ValidationError

from policykit.content.models import Classification
from policykit.content.yaml import yaml_scalar
from policykit.importer.markdown import Block, drop_prefix, plain
from policykit.word.inputs import parse_safe
from policykit.word.oxml import W_P, text_of

_MARKING = re.compile(r"^\s*classification\s*:\s*(?P<value>.+?)\s*$", re.I)
_BARE_LEVEL = re.compile(r"^\s*(OFFICIAL(-SENSITIVE)?( [A-Z]+)?|SECRET|TOP SECRET)\s*$")
_HEADING_NUMBER = re.compile(r"^\d{1,2}\.?[ \t\u00a0]+(?=\S)")  # "2. Scope", as build numbers
_PARAGRAPH_NUMBER = re.compile(r"^\d{1,2}\.\d{1,3}\.?[ \t\u00a0]+(?=\S)")  # "2.1 Staff..."
_CONTROL_HEADINGS = ("document control", "document information", "version control")
APPENDIX = re.compile(r"^\s*Appendix\s+(?P<letter>[A-Z])\s*$")


def marking(text: str) -> str | None:
    """Return the classification a marking line such as "Classification: OFFICIAL" gives."""
    match = _MARKING.match(text)
    value = match.group("value") if match else text.strip() if _BARE_LEVEL.match(text) else None
    try:
        return str(Classification.model_validate(value)) if value else None
    except ValidationError:
        return None


def _property_candidates(document: docx.document.Document) -> list[tuple[str, str]]:
    """Return the classifications the Classification custom property and headers give."""
    candidates: list[tuple[str, str]] = []
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/docProps/custom.xml":
            for prop in parse_safe(part.blob):
                if (prop.get("name") or "").strip().lower() == "classification":
                    value = "".join(prop.itertext()).strip()
                    if value:
                        candidates.append((value, "its Classification property"))
    for part in document.part.package.iter_parts():
        if part.content_type.endswith(("header+xml", "footer+xml")):
            for paragraph in parse_safe(part.blob).iter(W_P):
                text = text_of(paragraph)
                labelled = _MARKING.match(text)
                match = labelled or _BARE_LEVEL.match(text)
                if match:
                    candidates.append((match.group("value") if labelled else match.group(1),
                                       "its header or footer"))
    return candidates


def bare_levels_as_text(document: docx.document.Document, blocks: list[Block]) -> None:
    """Read a body line that is only a level ("SECRET") as text when the document is marked.

    A document whose Classification property or header or footer carries its marking (every
    document policykit builds) does not mark itself again in its body: there such a line is
    the author's text, and was lost on import. "Classification: ..." lines stay markings.
    """
    if not _property_candidates(document):
        return
    for block in blocks:
        if block.kind == "marking" and not _MARKING.match(plain(block.pieces)):
            block.kind = "paragraph"


def document_classification(document: docx.document.Document, blocks: list[Block],
                            control: dict[str, str], notes: list[str], source: str
                            ) -> str | None:
    """Return the first valid classification the document gives itself, noting bad ones."""
    candidates = _property_candidates(document)
    candidates.extend((marking(plain(block.pieces)) or "", "a marking in its body")
                      for block in blocks if block.kind == "marking")
    if control.get("classification"):
        candidates.append((control["classification"], "its document control table"))
    for value, where in candidates:
        try:
            return str(Classification.model_validate(value))
        except ValidationError:
            notes.append(f"{source}: {where} says {value!r}, which is not a classification; "
                         "ignored it")
    return None


def document_control(blocks: list[Block]) -> dict[str, str]:
    """Take a "Document control" heading and its two-column table out of the body."""
    for index, block in enumerate(blocks[:-1]):
        table = blocks[index + 1]
        if (block.kind == "heading" and plain(block.pieces).strip().lower() in _CONTROL_HEADINGS
                and table.kind == "table" and all(len(row) == 2 for row in table.rows)):
            del blocks[index:index + 2]
            return {" ".join(plain(key).split()).lower(): " ".join(plain(value).split())
                    for key, value in table.rows}
    return {}


def _strip_typed_numbers(blocks: list[Block]) -> None:
    for block in blocks:
        pattern = _PARAGRAPH_NUMBER if block.kind == "paragraph" else (
            _HEADING_NUMBER if block.kind == "heading" and block.level == 1 else None)
        match = pattern.match(plain(block.pieces)) if pattern else None
        if match:
            block.pieces = drop_prefix(block.pieces, match.end())


def strip_numbers(blocks: list[Block]) -> bool:
    """Return True when the document numbers its sections, as ``number_paragraphs`` does.

    Either typed numbers ("2. Scope", "2.1 Staff..."), which are stripped since build
    computes them, or Word's own numbering on the level-1 headings, whose paragraphs numbered
    in the same scheme ("2.1") become plain paragraphs. Either way at least two level-1
    headings, four in five of them numbered.
    """
    headings = [b for b in blocks if b.kind == "heading" and b.level == 1]
    if len(headings) < 2:
        return False
    word = [b for b in headings if b.numbering]
    if len(word) * 5 >= len(headings) * 4:
        schemes = {b.numbering for b in word}
        for block in blocks:
            if block.kind == "item" and block.numbering in schemes:
                block.kind = "paragraph"
        return True
    typed = [b for b in headings if _HEADING_NUMBER.match(plain(b.pieces))]
    if len(typed) * 5 < len(headings) * 4:
        return False
    _strip_typed_numbers(blocks)
    return True


def title_from_file_name(source: str) -> str:
    """Return a readable title made from a file name: ``staff_social-media.docx`` -> words."""
    words = re.sub(r"[-_.]+", " ", PurePath(source).stem).split()
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else "Untitled policy"


def approval_of(text: str | None) -> tuple[str, date] | None:
    """Read "Joint Staffing Committee, 18 March 2014" or the build's own "Approved by Cabinet
    on 11 June 2019 (minute 23); in force from ..." as (by, on)."""
    found = re.match(r"Approved(?: with amendments)? by (?P<by>.+?) on "
                     r"(?P<on>\d{1,2} [A-Za-z]+ \d{4})", text or "")
    if found:
        try:
            return found["by"], datetime.strptime(found["on"], "%d %B %Y").date()
        except ValueError:
            return None
    by, _, when = (text or "").rpartition(",")
    for pattern in ("%d %B %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %b %Y"):
        try:
            return (by.strip(), datetime.strptime(when.strip(), pattern).date()) if by else None
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class FrontMatter:
    """The fields of an imported policy's front matter, in the order they are written."""

    title: str
    subtitle: str | None
    owner: str
    version: str
    status: str
    approval: tuple[str, date] | None
    classification: str
    number_paragraphs: bool

    def text(self) -> str:
        """Return the front matter block, between its two ``---`` lines."""
        approval = self.approval
        lines = [
            "---",
            f"title: {yaml_scalar(self.title)}",
            *([f"subtitle: {yaml_scalar(self.subtitle)}"] if self.subtitle else []),
            f"owner: {yaml_scalar(self.owner)}",
            f"version: {json.dumps(self.version, ensure_ascii=False)}",
            f"status: {yaml_scalar(self.status)}",
            *([f"approval:\n  by: {yaml_scalar(approval[0])}\n  on: {approval[1].isoformat()}"]
              if approval else []),
            f"classification: {yaml_scalar(self.classification)}",
            f"number_paragraphs: {'true' if self.number_paragraphs else 'false'}",
            "---",
        ]
        return "\n".join(lines)


__all__ = [
    "APPENDIX",
    "FrontMatter",
    "approval_of",
    "bare_levels_as_text",
    "document_classification",
    "document_control",
    "marking",
    "strip_numbers",
    "title_from_file_name",
]
