"""Write the print styles chromium honours to mark every printed page of an HTML page.

Chromium (131 and later) draws ``@page`` margin boxes: text set there is printed in the top
and bottom margins of every page, apart from the page's own content, so it never covers
the body. The redline and the published pages both print their classification marking so;
a browser without margin boxes prints the marking where the page has it (top and foot).
"""

from __future__ import annotations


def css_string(text: str) -> str:
    """Return ``text`` as a CSS string, every character but letters, digits and ``-:,./``
    and spaces escaped (so no text can end the string or the style element)."""
    return '"' + "".join(c if c.isalnum() or c in " -:,./" else f"\\{ord(c):x} "
                         for c in text) + '"'


def marked_pages(marking: str, *, page_numbers: bool = False) -> str:
    """Return an A4 ``@page`` rule printing ``marking`` at the top and foot of every page.

    With ``page_numbers``, "Page N of M" is printed at the foot on the right.
    """
    text = css_string(marking) if marking else '""'
    numbers = ('\n  @bottom-right { content: "Page " counter(page) " of " counter(pages); '
               "font: 9pt Arial, sans-serif; }") if page_numbers else ""
    return f"""@page {{ size: A4; margin: 20mm 18mm;
  @top-center {{ content: {text}; font: bold 10pt Arial, sans-serif; }}
  @bottom-center {{ content: {text}; font: bold 10pt Arial, sans-serif; }}{numbers} }}
"""


__all__ = ["css_string", "marked_pages"]
