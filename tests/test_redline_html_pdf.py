"""Test the PDF redline of the sample pair: the HTML page printed, tagged, titled, authored.

``policykit compare old new -o redline.pdf --author "Legal Services"`` prints the HTML
redline with chromium: the PDF is tagged (``/MarkInfo /Marked true``, a structure tree,
a language), its Author is who compared and its Title the documents' titles and versions,
and each page shows the numbers and the classification marking.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from test_redline_html_sample import AUTHOR, compare, pair  # noqa: F401  (the fixture)

from policykit.office.browser import chromium

TITLE = ("Appendix A: Social Media Policy for Members, version 1.0 compared with "
         "Social Media Policy, version 1.2")


@pytest.fixture(scope="module")
def pdf(pair: tuple[Path, Path]) -> Path:  # noqa: F811
    if chromium() is None:
        pytest.skip("chromium is not installed")
    out = pair[0].parent / "redline.pdf"
    result = compare(pair, out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(f"Wrote {out}\n")
    return out


def test_the_pdf_redline_is_tagged_with_its_author_and_title(pdf: Path) -> None:
    with pikepdf.open(pdf) as document:
        assert document.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "en-GB"
        assert str(document.docinfo.Author) == AUTHOR
        assert str(document.docinfo.Title) == TITLE
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        meta = document.open_metadata()
        assert meta["dc:creator"] == [AUTHOR] and meta["dc:title"] == TITLE


def test_every_page_of_the_pdf_redline_is_marked_and_numbered(pdf: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "Classification: OFFICIAL"
        assert lines[-1].startswith("Classification: OFFICIAL")
        assert lines[-1].endswith(f"Page {number} of {len(pages)}")
    words = " ".join(text.split())
    assert "[old number: 6.] 5. Principles" in words
    assert "(moved to 10.)" in words and "(moved from 11.)" in words
    assert "Compared by Legal Services" in words


def test_a_pdf_redline_without_chromium_is_refused_in_one_line(
        pair: tuple[Path, Path], tmp_path: Path) -> None:  # noqa: F811
    import os
    import sys

    out = tmp_path / "redline.pdf"
    old, new = pair
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run([sys.executable, "-m", "policykit", "compare", str(old), str(new),
                             "-o", str(out)], capture_output=True, text=True, env=env,
                            check=False, timeout=300)
    assert result.returncode == 1
    assert result.stderr == ("Error: a PDF redline is printed by chromium, which is not "
                             "installed; install chromium, or write the redline as .html "
                             "or .docx\n")
    assert not out.exists()


def test_the_pdf_bookmarks_are_new_headings_once_each_without_marks(pdf: Path) -> None:
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        top = list(outline.root)
        assert [item.title for item in top] == [TITLE]
        titles = []
        items = list(top[0].children)
        while items:
            item = items.pop(0)
            titles.append(item.title)
            items[:0] = list(item.children)
    assert titles[:4] == ["About this comparison", "Summary of changes",
                          "Contents of the revised document", "The document with its changes"]
    assert "5. Principles" in titles and "6. The Members' Code of Conduct" in titles
    assert titles.count("10. Safety and security") == 1
    assert not [t for t in titles if "[" in t or "moved" in t or "Use of social media" in t]
