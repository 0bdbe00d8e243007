"""Compare two .docx files on disk and write the redline as Word, HTML or PDF."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Literal

from policykit.errors import CompareError
from policykit.outputs import check_output
from policykit.redline import Redline, compare, cover_for_files
from policykit.word.inputs import read_bytes
from policykit.word.package import write_atomic

SUFFIXES = (".docx", ".html", ".pdf")


def compare_files(old: str | Path, new: str | Path, out: str | Path, *, date: datetime,
                  author: str = "policykit", granularity: Literal["word", "char"] = "word",
                  summary_page: bool = False, cover: bool = False,
                  tracked: Literal["accept", "reject"] = "accept") -> Redline:
    """Compare the .docx files ``old`` and ``new`` and write the redline to ``out``.

    ``out`` ends in .docx (tracked changes), .html (a page for readers without Word) or
    .pdf (that page printed by chromium: tagged, titled, ``author`` as its Author). It is
    checked first (:func:`policykit.outputs.check_output`): never an input, a content file
    or another extension; nothing is read or written when it is refused.
    """
    old, new, out = Path(old), Path(new), Path(out)
    check_output(out, suffixes=SUFFIXES, inputs=(old, new))
    if not out.parent.is_dir():
        raise CompareError(f"{out}: folder {out.parent} does not exist; create it first, or "
                           "write the comparison into a folder that exists")
    old_bytes, new_bytes = read_bytes(old), read_bytes(new)
    redline = compare(
        old_bytes, new_bytes, author=author, date=date, granularity=granularity,
        old_name=str(old), new_name=str(new), summary_page=summary_page, tracked=tracked,
        cover=cover_for_files(old_bytes, new_bytes, old_name=old.name, new_name=new.name,
                              made_by=author, made_on=date) if cover else None,
    )
    suffix = out.suffix.lower()
    if suffix in (".html", ".pdf"):
        from policykit.redline.facts import comparison_facts  # a .docx needs neither
        from policykit.redline.html import bookmarks, redline_html

        facts = comparison_facts(old_bytes, new_bytes, old_name=old.name, new_name=new.name,
                                 made_by=author, made_on=date)
        page = redline_html(redline.docx, redline.summary, title=facts.title, facts=facts)
        if suffix == ".html":
            write_atomic(out, page.encode())
        else:
            from policykit.office.browser import print_to_pdf

            write_atomic(out, print_to_pdf(page, author=author, bookmark=bookmarks(page)))
    else:
        write_atomic(out, redline.docx)
    return redline


__all__ = ["SUFFIXES", "compare_files"]
