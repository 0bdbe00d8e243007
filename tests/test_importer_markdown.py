"""Test the importer's Markdown writer: escaping, and reading inline Markdown back."""

from __future__ import annotations

from importfixtures import (
    body_of,
    new_document,
    paragraph_texts,
)

from policykit.importer import rendered_text


def test_special_characters_are_escaped_to_read_literally() -> None:
    texts = [
        "1. Not a list",
        "# Not a heading",
        "> Not a quote",
        "- Not a bullet",
        "*stars* and _underscores_ and `ticks`",
        "a | b <b>bold?</b> &amp; [x](https://y) \\ back",
        "{{ not_a_field }} and {% raw %}",
        "2) nor this",
    ]
    document = new_document()
    for text in texts:
        document.add_paragraph(text)
    body = body_of(document)
    assert body.splitlines()[0] == "1\\. Not a list"
    assert body.splitlines()[2] == "\\# Not a heading"
    assert paragraph_texts(body) == texts


def test_rendered_text_reads_inline_markdown() -> None:
    assert rendered_text("**a** [b](https://c) \\*") == "a b *"
