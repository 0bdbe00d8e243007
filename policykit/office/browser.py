"""Print an HTML page to a tagged PDF with headless chromium: the one place that starts it.

Chromium prints a page's own print styles (``@page`` margin boxes: a marking and page
numbers on every page), tags the PDF (``/MarkInfo /Marked true``, a structure tree, the
page's language), makes bookmarks of the page's headings and takes the title from
``<title>``; the author is set afterwards in
the document information and the XMP metadata. The page is printed from a temporary
folder with a throw-away profile; it must carry no scripts and no external files.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pikepdf

from policykit.errors import OfficeError

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-pdf-header-footer", "--disable-extensions",
         "--generate-pdf-document-outline")
TIMEOUT = 180


def chromium() -> str | None:
    """Return the chromium (or Chrome) program to print with, or None."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def print_to_pdf(page: str, *, author: str,
                 bookmark: Callable[[str], str] | None = None) -> bytes:
    """Return ``page`` (a self-contained HTML page) printed to a tagged PDF by ``author``.

    ``bookmark``, when given, rewrites each bookmark's title (a heading's text as printed).
    """
    program = chromium()
    if program is None:
        raise OfficeError("a PDF redline is printed by chromium, which is not installed; "
                          "install chromium, or write the redline as .html or .docx")
    with tempfile.TemporaryDirectory(prefix="policykit-print-") as tmp:
        folder = Path(tmp)
        source, out = folder / "page.html", folder / "page.pdf"
        source.write_text(page, encoding="utf-8")
        try:
            result = subprocess.run(
                [program, *FLAGS, f"--user-data-dir={folder / 'profile'}",
                 f"--print-to-pdf={out}", source.as_uri()],
                capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise OfficeError(f"chromium did not print the page within {TIMEOUT} s; "
                              "try again, or write the redline as .html") from None
        if not out.is_file() or out.stat().st_size == 0:
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise OfficeError(f"chromium could not print the page to PDF ({last}); "
                              "write the redline as .html and print it from a browser")
        return _with_author(out, author, bookmark)


def _with_author(pdf: Path, author: str, bookmark: Callable[[str], str] | None) -> bytes:
    with pikepdf.open(pdf) as document:
        title = str(document.docinfo.get("/Title", ""))
        with document.open_outline() as outline:
            items = list(outline.root)
            while items:
                item = items.pop()
                items.extend(item.children)
                if "".join(item.title.split()) == "".join(title.split()):
                    item.title = title  # the page's title, broken over lines when printed
                elif bookmark is not None:
                    item.title = bookmark(item.title)
        document.docinfo["/Author"] = author
        with document.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:creator"] = [author]
            if title:
                meta["dc:title"] = title
        document.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        target = pdf.with_name("final.pdf")
        document.save(target)
    return target.read_bytes()


__all__ = ["chromium", "print_to_pdf"]
