"""Lists inside numbered paragraphs, as legal drafting writes them: (a), (b), then (i), (ii).

In a policy whose paragraphs are numbered (4.1, 4.2), an ordered list is lettered (a),
(b), (c), a list inside it (i), (ii), (iii), and every list, bulleted or not, starts under
the text of the numbered paragraph, not at the margin. In Word these are real list
definitions (read back here through LibreOffice's list labels, and from the numbering
part); the web page letters its lists alike. A document without numbered paragraphs keeps
1., 2., 3.
"""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from policykit import content
from policykit.publish.htmlbody import markdown_html
from policykit.render import render_document
from policykit.render.numbering import PARAGRAPH_TEXT_INDENT

PACK = """\
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
documents:
  - id: policy
    appendix: A
"""

FRONT = """\
---
title: Test Policy
owner: Democratic Services
version: "2.1"
status: approved
approval: {by: Cabinet, on: 2019-06-11}
number_paragraphs: true
---
"""

BODY = """\
# Conduct

Members must not:

1. bully any person;
2. disclose confidential information, that is:
   1. exempt reports;
   2. anything said in private session;
3. misuse their position.

Members should:

- keep records;
- ask for advice.
"""


def build(front: str = FRONT) -> bytes:
    loaded = content.load_files(
        {"pack.yaml": PACK.encode(), "policy.md": (front + BODY).encode()}, root="content")
    return render_document(loaded, "policy")


def _levels(data: bytes, text: str) -> tuple[str, str, int, int]:
    """Return (format, level text, left, hanging) of the list level of a paragraph."""
    document = docx.Document(io.BytesIO(data))
    paragraph = next(p for p in document.paragraphs if p.text == text)
    num_pr = paragraph._p.pPr.numPr
    numbering = document.part.numbering_part.element
    abstract = numbering.xpath(
        f'w:num[@w:numId="{num_pr.numId.val}"]/w:abstractNumId/@w:val')[0]
    level = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract}"]'
                            f'/w:lvl[@w:ilvl="{num_pr.ilvl.val}"]')[0]
    indent = level.find(f"{qn('w:pPr')}/{qn('w:ind')}")
    return (level.find(qn("w:numFmt")).get(qn("w:val")),
            level.find(qn("w:lvlText")).get(qn("w:val")),
            int(indent.get(qn("w:left"))), int(indent.get(qn("w:hanging"))))


def test_lists_in_numbered_paragraphs_are_lettered_then_roman() -> None:
    data = build()
    assert _levels(data, "bully any person;")[:2] == ("lowerLetter", "(%1)")
    assert _levels(data, "exempt reports;")[:2] == ("lowerRoman", "(%2)")


def test_lists_start_under_the_text_of_the_numbered_paragraph() -> None:
    data = build()
    for text in ("bully any person;", "keep records;"):
        _, _, left, hanging = _levels(data, text)
        assert left - hanging == PARAGRAPH_TEXT_INDENT  # the label sits under the text
    _, _, left, hanging = _levels(data, "exempt reports;")
    assert left - hanging > PARAGRAPH_TEXT_INDENT


def test_a_document_without_numbered_paragraphs_keeps_decimal_lists() -> None:
    data = build(FRONT.replace("number_paragraphs: true\n", ""))
    assert _levels(data, "bully any person;")[:2] == ("decimal", "%1.")


@pytest.mark.office
def test_libreoffice_shows_the_legal_labels() -> None:
    from policykit.office import session as office

    lines = office.check_many([build()], labels=True)[0].text.splitlines()
    assert "1.1\tMembers must not:" in lines
    assert "(a)\tbully any person;" in lines
    assert "(b)\tdisclose confidential information, that is:" in lines
    assert "(i)\texempt reports;" in lines and "(ii)\tanything said in private session;" in lines
    assert "(c)\tmisuse their position." in lines


def test_the_web_page_letters_its_lists_as_word_does() -> None:
    html = str(markdown_html(BODY, numbered=True))
    assert '<ol class="legal-a" type="a">' in html
    assert '<ol class="legal-i" type="i">' in html
    assert "<ol>" in str(markdown_html(BODY, numbered=False))
