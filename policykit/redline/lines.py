"""Decide when a changed header or footer line is shown as two lines, old and new.

A page header or footer is one line beside the body. Marked word by word, a line changed
in several places reads as one run of both versions ("2014DRAFT") and may wrap onto a
second line that runs into the body; so such a line is shown as its old line deleted
whole and its new line inserted whole, one line per version. A line changed in one place
(a word replaced) and short enough to stay on its line, or a story's last line, is
marked word by word.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from policykit.redline.tokens import Token
from policykit.word.oxml import W_P

PAGE_STORIES = frozenset(("header", "footer"))
# Characters of 9-point text on a line of an A4 page with 2.2 cm margins, less a margin.
LINE_CHARACTERS = 90


def one_line_each(label: str, new_p: etree._Element, ops: Sequence[tuple], old: list[Token],
                  new: list[Token]) -> bool:
    """Return True where the header or footer line ``old`` -> ``new`` is shown as two lines.

    ``ops`` are the word diff's opcodes (tag, i1, i2, j1, j2) over the two token lists.
    Only a line with a paragraph after it (the classification marking, say) is split:
    the last paragraph's mark cannot come and go, so Reject All would leave an empty line.
    """
    if label not in PAGE_STORIES or new_p.getnext() is None or new_p.getnext().tag != W_P:
        return False
    changed = [op for op in ops if op[0] != "equal"]
    deleted = sum(len(t.text) for _, i1, i2, _, _ in changed for t in old[i1:i2])
    inserted = sum(len(t.text) for _, _, _, j1, j2 in changed for t in new[j1:j2])
    if not deleted or not inserted:
        return False
    marked = sum(len(t.text) for t in new) + deleted
    return len(changed) > 1 or marked > LINE_CHARACTERS
