"""Make small packs whose appendices hold given Markdown bodies, and read what each output shows.

A pack is ``{file name: bytes}`` (what ``content.load_files`` reads) or, written out, a
content folder. Each body becomes ``appendix-<n>.md``, Appendix A, B, ... in one pack, so one
publish (one LibreOffice) serves many bodies.
"""

from __future__ import annotations

import io
import re
import string
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree, html

from policykit.content.markdown import parse, visible_text

CLASSIFICATION = "OFFICIAL"
FRONT = """\
---
title: Generated Policy {n}
owner: Democratic Services
version: "1.0"
status: approved
approval: {{by: Cabinet, on: 2019-06-11}}
classification: OFFICIAL
number_paragraphs: {numbered}
---
"""
FRONT_LINES = FRONT.count("\n")  # the body starts on line FRONT_LINES + 1
PACK = """\
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
language: en-GB
documents:
"""


def doc_id(index: int) -> str:
    """Return the id of the ``index``-th generated appendix (0-based)."""
    return f"appendix-{index + 1}"


def pack_files(bodies: list[str], *, numbered: bool = True) -> dict[str, bytes]:
    """Return a content folder as {name: bytes}: one appendix per body, lettered A, B...

    ``numbered`` sets each appendix's ``number_paragraphs``.
    """
    letters = string.ascii_uppercase
    entries = "".join(f"  - id: {doc_id(i)}\n    appendix: {letters[i]}\n"
                      for i in range(len(bodies)))
    files = {"pack.yaml": (PACK + entries).encode()}
    for index, body in enumerate(bodies):
        front = FRONT.format(n=index + 1, numbered=str(numbered).lower())
        files[f"{doc_id(index)}.md"] = (front + body).encode()
    return files


def write_pack(folder: Path, bodies: list[str], *, numbered: bool = True) -> Path:
    """Write the pack of ``bodies`` into ``folder/content`` and return that folder."""
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    for name, data in pack_files(bodies, numbered=numbered).items():
        (content / name).write_bytes(data)
    return content


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def source_words(body: str) -> list[str]:
    """Return the words a reader must find for ``body``, after the dialect's transformations.

    The text of every block as the dialect shows it (:func:`visible_text`: marks, escapes and
    link targets gone, entities decoded, an image as ``[alt]``), code as typed, split on
    whitespace.
    """
    words: list[str] = []
    for token in parse(body):
        if token.type == "inline":
            words.extend(visible_text(token.children or []).split())
        elif token.type in ("fence", "code_block"):
            words.extend(token.content.split())
    return [_norm(w) for w in words]


def missing_words(words: list[str], shown: str) -> list[str]:
    """Return the words not found, in order, in the text ``shown`` (whitespace ignored)."""
    flat = re.sub(r"\s+", "", _norm(shown))
    missing, at = [], 0
    for word in (_norm(w) for w in words):
        found = flat.find(word, at)
        if found < 0:
            missing.append(word)
        else:
            at = found + len(word)
    return missing


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, part: str = "word/document.xml") -> str:
    """Return the text of a part of a .docx: runs, tabs and breaks, paragraphs on lines."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read(part))
    lines = []
    for paragraph in root.iter(f"{W}p"):
        out = []
        for node in paragraph.iter(f"{W}t", f"{W}tab", f"{W}br"):
            out.append(node.text or "" if node.tag == f"{W}t" else "\n")
        lines.append("".join(out))
    return "\n".join(lines)


def docx_parts(data: bytes, prefix: str) -> list[str]:
    """Return the names of the parts of a .docx starting with ``prefix`` (word/header...)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [n for n in package.namelist() if n.startswith(prefix) and n.endswith(".xml")]


def html_text(page: str) -> tuple[str, list[str]]:
    """Parse an HTML page with lxml: (the text of its ``main``, every error libxml2 logged)."""
    parser = html.HTMLParser(recover=True)
    root = html.document_fromstring(page, parser=parser)
    errors = [f"line {e.line}: {e.message}" for e in parser.error_log]
    main = root.find(".//main")
    return (main if main is not None else root).text_content(), errors


__all__ = ["CLASSIFICATION", "FRONT_LINES", "doc_id", "docx_parts", "docx_text", "html_text",
           "missing_words", "pack_files", "source_words", "write_pack"]
