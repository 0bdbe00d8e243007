"""Every printed page of a published HTML page carries the classification marking.

A page printed from a browser used to show the marking only where the page has it: at
the top of the first page and the foot of the last. The page now prints it in the top and
bottom margins of every page (``@page`` margin boxes, drawn by chromium 131 and later),
outside the body, so it covers no text. Printed here with Debian's chromium.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.content.folder import load
from policykit.office import session as office
from policykit.office.browser import chromium, print_to_pdf
from policykit.office.printstyle import css_string, marked_pages
from policykit.publish.html import render_page

ROOT = Path(__file__).resolve().parents[1]
MARKING = "Classification: OFFICIAL"


def test_the_marking_is_a_css_string_no_text_can_end() -> None:
    assert css_string("OFFICIAL-SENSITIVE: A/B, 1.0") == '"OFFICIAL-SENSITIVE: A/B, 1.0"'
    assert css_string('x"}</style>') == '"x\\22 \\7d \\3c /style\\3e "'
    rule = marked_pages(MARKING)
    assert f'@top-center {{ content: "{MARKING}"' in rule
    assert f'@bottom-center {{ content: "{MARKING}"' in rule
    assert "counter(page)" not in rule


def test_a_published_page_carries_its_print_marking() -> None:
    page = render_page(load(ROOT / "content"), "appendix-a")
    assert f'@top-center {{ content: "{MARKING}"' in page


def test_every_printed_page_of_a_long_published_page_is_marked_top_and_bottom(
        tmp_path: Path) -> None:
    if chromium() is None:
        pytest.skip("chromium is not installed")
    page = render_page(load(ROOT / "content"), "appendix-a")
    pdf = print_to_pdf(page, author="Democratic Services")
    (tmp_path / "appendix-a-printed.pdf").write_bytes(pdf)
    pages = office.page_texts(pdf)
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # The marking stands alone on the first and last line: it covers no body text.
        assert lines[0] == MARKING, (number, lines[:2])
        assert lines[-1] == MARKING, (number, lines[-2:])
        assert len(lines) > 2
