"""A hard-wrapped paragraph (a soft line break) renders in the HTML pages and the preview."""

from __future__ import annotations

from policykit.publish.htmlbody import markdown_html


def test_a_soft_line_break_stays_a_line_break_in_the_html() -> None:
    html = str(markdown_html("Members may\nsuggest changes.\n", numbered=False))
    assert "<p>Members may\nsuggest changes.</p>" in html
