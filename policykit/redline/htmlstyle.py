"""Hold the styles of the HTML redline: page, marks (never colour alone), tables, print.

Inserted text has a green background and a thick solid underline drawn as a border (not a
link's underline); deleted text a pink background and a strike; moved text a blue
background (double underline where it now is, a strike where it was). Each mark carries
words in a visually hidden label that print shows. Printed, the classification marking
sits in the top and bottom margin of every page (``@page`` margin boxes), with the page
number.
"""

from __future__ import annotations

PAGE_STYLE = """
body { font-family: Arial, Helvetica, sans-serif; line-height: 1.5; max-width: 50em;
       margin: 2em auto; padding: 0 1em; color: #1a1a1a; overflow-wrap: break-word; }
.num { font-weight: bold; margin-right: 0.3em; }
h2 .num, h3 .num, h4 .num { font-weight: inherit; }
ol.numbered { list-style: none; padding-left: 2em; }
li > div { margin: 0.2em 0; }
dt { font-weight: bold; } dd { margin: 0 0 0.5em 1.5em; }
nav ul { list-style: none; padding-left: 0; }
nav li.level3 { padding-left: 1.5em; } nav li.level4 { padding-left: 3em; }
.gone-heading { font-weight: bold; margin: 1.2em 0 0.5em; }
.gone-heading.level2 { font-size: 1.5em; } .gone-heading.level3 { font-size: 1.17em; }
.marking { text-align: center; font-weight: bold; letter-spacing: 0.05em; margin: 0.5em 0; }
"""
MARK_STYLE = """ins { text-decoration: none; background: #d9f2d0; color: inherit;
      border-bottom: 3px solid #1e6b1e; }
del { text-decoration: line-through; text-decoration-thickness: 2px; background: #fde0e0;
      color: #7a1010; }
ins.moved { background: #dde8fb; border-bottom: 4px double #1f3f7a; }
del.moved { background: #dde8fb; color: #1f3f7a; }
.formatted { border-bottom: 2px dotted #5a3d00; background: #fff4d6; }
del.number { background: none; color: #7a1010; margin-right: 0.3em; }
tr.ins td, tr.ins th { background: #d9f2d0; } tr.del td, tr.del th { background: #fde0e0; }
caption { text-align: left; font-weight: bold; }
a.move { font-size: 0.9em; }
.label { position: absolute; width: 1px; height: 1px; overflow: hidden;
         clip: rect(0 0 0 0); white-space: nowrap; }
"""
TABLE_STYLE = """table { border-collapse: collapse; margin: 1em 0; max-width: 100%; }
th, td { border: 1px solid #666; padding: 0.2em 0.5em; text-align: left;
         vertical-align: top; overflow-wrap: anywhere; }
@media (max-width: 30em) { table { font-size: 0.8em; } th, td { padding: 0.1em 0.2em; }
  body { padding: 0 0.5em; } }
"""
PRINT_STYLE = """@media print { .label { position: static; width: auto; height: auto; clip: auto;
               font-size: 0.75em; }
  ins, del { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""
PAGE_PRINT_STYLE = """@media print { body { max-width: none; margin: 0; padding: 0; } }
"""
STYLE = PAGE_STYLE + MARK_STYLE + TABLE_STYLE + PRINT_STYLE + PAGE_PRINT_STYLE


def print_marking(classification: str) -> str:
    """Return the print styles putting ``classification`` at the top and foot of every page."""
    from policykit.office.printstyle import marked_pages  # build makes no HTML: kept lazy

    marking = f"Classification: {classification}" if classification else ""
    return marked_pages(marking, page_numbers=True) + (
        "@media print { .marking { display: none; } }\n")


__all__ = ["MARK_STYLE", "PAGE_STYLE", "PRINT_STYLE", "STYLE", "TABLE_STYLE", "print_marking"]
