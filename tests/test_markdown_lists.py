"""Test numbered lists inside lists: the number Word shows, and what the importer reads back.

Found by the generated-Markdown properties: a nested numbered list set its start on level 0,
restarting the list around it, so importing a built document read "2." after a nested list
as a new list "1)"; and lists nested more than nine deep were written with ``w:ilvl`` 9 and
beyond, which Word does not have.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from markdownpack import missing_words, pack_files

from policykit import api, content
from policykit.office import session as office

NESTED = "1. first\n   1. inner\n   2. inner two\n2. second\n3. third\n"


def _built(body: str) -> bytes:
    pack = content.load_files(pack_files([body], numbered=False), root="content")
    return api.build_document(pack, "appendix-1")


def _imported(docx: bytes) -> str:
    return api.import_word(docx, "appendix-1.docx", "appendix-1").text.split("---\n", 2)[2]


def _part(docx: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read(name).decode()


def test_the_outer_list_counts_on_after_a_nested_numbered_list() -> None:
    assert _imported(_built(NESTED)) == "\n" + NESTED


def test_a_nested_list_starts_on_its_own_level() -> None:
    numbering = _part(_built("1. a\n\n   5. b\n"), "word/numbering.xml")
    overrides = re.findall(r'<w:lvlOverride w:ilvl="(\d)"><w:startOverride w:val="(\d+)"/>',
                           numbering)
    assert overrides == [("0", "1"), ("1", "5")]


def test_lists_deeper_than_word_allows_are_drawn_at_the_ninth_level() -> None:
    body = "".join("  " * i + f"- level{i}\n" for i in range(14))
    docx = _built(body)
    levels = {int(n) for n in re.findall(r'<w:ilvl w:val="(\d+)"/>',
                                         _part(docx, "word/document.xml"))}
    assert max(levels) == 8
    assert missing_words([f"level{i}" for i in range(14)], _imported(docx)) == []


@pytest.mark.office
def test_libreoffice_shows_the_numbers_the_importer_reads() -> None:
    body = NESTED + "\nBetween.\n\n1. a\n\n   5. b\n"
    shown = office.page_texts_many([_built(body)])[0]
    lines = [line.strip() for line in "\n".join(shown).splitlines() if line.strip()]
    start = lines.index("1. first")
    assert lines[start:start + 8] == ["1. first", "a. inner", "b. inner two", "2. second",
                                      "3. third", "Between.", "1. a", "e. b"]


@pytest.mark.parametrize("body", [
    "- a\n\n  more a\n- b\n  - c\n\n    more c\n\n  more b\n",
    "1. x\n\n   a second paragraph\n2. y\n",
])
def test_a_second_paragraph_of_an_item_comes_back_inside_the_item(body: str) -> None:
    # the importer read the List Continue paragraphs as paragraphs after the list
    assert _imported(_built(body)) == "\n" + body


@pytest.mark.parametrize("line", ["SECRET", "OFFICIAL", "OFFICIAL-SENSITIVE PERSONAL"])
def test_a_paragraph_that_is_only_a_level_comes_back_as_text(line: str) -> None:
    # found by the generators: the importer took the paragraph for a body marking and lost it
    body = f"Before.\n\n{line}\n\nAfter.\n"
    assert _imported(_built(body)) == "\n" + body


def test_a_list_item_saying_only_a_classification_stays_a_list_item() -> None:
    """Found by the import property: "- SECRET" was read as a marking line, so the list
    under it lost its parent and the next numbered list ran on from it ("2." for "1.")."""
    body = "A\n\n- SECRET\n  1. A\n     - A\n\n1. A\n\n   A\n"
    first = _imported(_built(body))
    assert first.startswith("\nA\n\n- SECRET\n  1. A\n     - A\n")
    assert _imported(_built(first)) == first


def test_a_numbered_list_after_a_deeper_one_is_not_run_on_into_it() -> None:
    """A Word list that starts on its second level, then a list on the first: written with
    one Markdown delimiter they would be one list, and the second would read "2."."""
    from policykit.importer.markdown import Block, MarkdownWriter, Piece

    blocks = [Block("item", [Piece("deep")], level=1, ordered=True, numbering="1", number=1),
              Block("item", [Piece("top")], level=0, ordered=True, numbering="2", number=1)]
    written = MarkdownWriter().write(blocks)
    assert written == "1. deep\n1) top\n"
    assert _imported(_built(written)) == "\n" + written
