"""Build Word documents for the importer tests and read what the importer makes of them."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markdown_it import MarkdownIt

from policykit.importer import read_word_policy

ASSETS = Path(__file__).parent / "assets" / "import"
_spec = importlib.util.spec_from_file_location("make_samples", ASSETS / "make_samples.py")
assert _spec and _spec.loader
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)

STAFF_POLICY = """\
---
title: Staff Social Media Policy
subtitle: Chiltern District Council
owner: Human Resources
version: "1.0"
status: draft
classification: OFFICIAL-SENSITIVE
number_paragraphs: false
---

# Introduction

This policy applies to **all** staff and *agency workers*.

Read the [code of conduct](https://example.gov.uk/code) first.

## Using social media

- be polite;
- never share passwords;
  - including with colleagues
- report problems.

### Breaches

1. Tell your manager.
2. Write down what happened.

| Account | Owner |
| --- | --- |
| @council \\| main | Comms team |
| Facebook | |

> Think before you post.
"""


def to_bytes(document: docx.document.Document) -> bytes:
    return samples.to_bytes(document)


def new_document(author: str | None = "Policy Team") -> docx.document.Document:
    document = docx.Document()
    document.core_properties.author = author or ""
    return document


def body_of(document: docx.document.Document, name: str = "test.docx") -> str:
    return read_word_policy(to_bytes(document), name).body


def paragraph_texts(markdown: str) -> list[str]:
    """Return the text a reader sees in each rendered paragraph, in order."""
    tokens = MD.parse(markdown)
    return [
        rendered_text_of(tokens[i + 1].children or [])
        for i, token in enumerate(tokens)
        if token.type == "paragraph_open"
    ]


def rendered_text_of(children: list) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


# ---------------------------------------------------------------- tracked changes


def tracked(tag: str, text: str) -> OxmlElement:
    wrapper = OxmlElement(tag)
    wrapper.set(qn("w:id"), "7")
    wrapper.set(qn("w:author"), "Legal")
    run = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    wrapper.append(run)
    return wrapper

MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])  # as build
