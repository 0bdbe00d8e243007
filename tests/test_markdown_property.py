"""Property tests: random valid Markdown through every path that reads it, nothing lost.

Bodies come from ``markdown_strategies`` (soft and hard breaks, nested lists, tables with
escaped pipes, code, quotes, links, entities, headings of every level, emoji, right-to-left
text, combining characters, very long words). Each goes through validate, build (Word), the
workspace preview and publish's web page, check, and the Word importer (build then import,
twice: the second import gives back the first). Properties: no exception; no warning (the
content is valid); every word the generator wrote is in each output, in order; each output
opens (lxml parses the pages with no error; under ``-m slow``, LibreOffice exports the Word
documents as PDFs that pikepdf opens); ``Classification:`` on every page (Word header and
footer, each web page, each PDF page). A few examples by default, many under ``-m slow``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_strategies import Written, body
from markdownpack import (
    FRONT_LINES,
    doc_id,
    docx_parts,
    docx_text,
    html_text,
    missing_words,
    pack_files,
    write_pack,
)

from policykit import api, content
from policykit.check.content import check_markdown
from policykit.check.model import CheckSettings
from policykit.check.plain import plain_findings
from policykit.publish.pipeline import build_outputs
from policykit.publish.theme import HtmlTheme
from policykit.render.brandkit import BrandKit

QUICK, MANY = 15, 75  # -m slow: CI runs it; 150 took six minutes of a loaded machine
SLOW = pytest.mark.slow
COUNTS = pytest.mark.parametrize("examples", [pytest.param(QUICK, id="quick"),
                                              pytest.param(MANY, id="many", marks=SLOW)])
MARKING = "Classification:"


def _settings(examples: int):  # noqa: ANN202 - hypothesis's decorator
    return settings(max_examples=examples, deadline=None, derandomize=False,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


def _load(bodies: list[str], *, numbered: bool = True) -> content.ContentSet:
    pack = content.load_files(pack_files(bodies, numbered=numbered), root="content")
    assert pack.warnings == []
    return pack


def _assert_words(written: Written, shown: str, where: str) -> None:
    lost = missing_words(list(written.words), shown)
    assert lost == [], f"{where} lost {lost[:5]} of {written.markdown!r}"


def _imported_body(docx: bytes) -> str:
    text = api.import_word(docx, "appendix-1.docx", "appendix-1").text
    return text.split("---\n", 2)[2]


@COUNTS
def test_word_holds_every_word_and_the_marking(examples: int) -> None:
    seen = []

    @_settings(examples)
    @given(body())
    def check(written: Written) -> None:
        seen.append(1)
        data = api.build_document(_load([written.markdown]), doc_id(0))
        _assert_words(written, docx_text(data), "Word")
        for part in docx_parts(data, "word/header") + docx_parts(data, "word/footer"):
            assert MARKING in docx_text(data, part), part

    check()
    print(f"word: {len(seen)} examples")


@COUNTS
def test_the_preview_and_the_published_page_hold_every_word(examples: int) -> None:
    seen = []

    @_settings(examples)
    @given(body())
    def check(written: Written) -> None:
        seen.append(1)
        pack = _load([written.markdown])
        files, _, _ = build_outputs(pack, BrandKit.default(), HtmlTheme.default(),
                                    commit=None, draft=True, pdf=False)
        pages = {"preview": api.preview_html(pack, doc_id(0)),
                 "public page": files[f"public/{doc_id(0)}.html"].decode(),
                 "members page": files[f"members/{doc_id(0)}.html"].decode()}
        for where, page in pages.items():
            shown, errors = html_text(page)
            assert errors == [], f"{where}: {errors}"
            _assert_words(written, shown, where)
            assert MARKING in page, where

    check()
    print(f"html: {len(seen)} examples")


@COUNTS
def test_check_reads_every_body_and_names_lines_inside_it(examples: int) -> None:
    seen = []

    @_settings(examples)
    @given(body())
    def check(written: Written) -> None:
        seen.append(1)
        first = FRONT_LINES + 1
        found, blocks = check_markdown(written.markdown, first)
        plain, _ = plain_findings(blocks, CheckSettings())
        last = first + written.markdown.count("\n")
        for finding in found + plain:
            assert finding.line is None or first <= finding.line <= last, finding
        for block in blocks:  # a hard break's two spaces are not part of the text
            assert "  \n" not in block.text

    check()
    print(f"check: {len(seen)} examples")


@COUNTS
def test_import_keeps_every_word_and_a_second_round_changes_nothing(examples: int) -> None:
    seen = []

    @_settings(examples)
    @given(body())
    def check(written: Written) -> None:
        seen.append(1)
        built = api.build_document(_load([written.markdown], numbered=False), doc_id(0))
        first = _imported_body(built)
        again = api.build_document(_load([first], numbered=False), doc_id(0))
        _assert_words(written, docx_text(again), "Word built from the import")
        assert _imported_body(again) == first

    check()
    print(f"import: {len(seen)} examples")


@SLOW
@pytest.mark.office
def test_published_pdfs_open_and_mark_every_page() -> None:
    """Publish packs of four generated appendices: one LibreOffice per pack."""
    seen = []

    @_settings(4)
    @given(st.lists(body(max_blocks=6), min_size=4, max_size=4))
    def check(bodies: list[Written]) -> None:
        seen.append(len(bodies))
        pack = _load([b.markdown for b in bodies])
        files, _, _ = build_outputs(pack, BrandKit.default(), HtmlTheme.default(),
                                    commit=None, draft=True, pdf=True)
        for index, written in enumerate(bodies):
            for audience in ("public", "members"):
                data = files[f"{audience}/{doc_id(index)}.pdf"]
                with pikepdf.open(io.BytesIO(data)) as pdf:
                    assert len(pdf.pages) >= 1
                texts = [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]
                assert all(MARKING in text for text in texts), audience
                # PDF text extraction reorders right-to-left and combined letters: Latin only
                latin = Written(written.markdown, tuple(
                    w for w in written.words if re.fullmatch(r"[A-Za-z]+", w)))
                _assert_words(latin, "".join(texts), f"{audience} PDF")

    check()
    print(f"pdf: {sum(seen)} appendices in {len(seen)} publishes")


def _policykit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("policykit")
    argv = [command] if command else [sys.executable, "-m", "policykit"]
    return subprocess.run([*argv, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "COLUMNS": "200"})


@SLOW
def test_the_commands_never_print_a_traceback(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Run the installed command on packs of generated appendices."""
    seen = []

    @_settings(3)
    @given(st.lists(body(max_blocks=6), min_size=3, max_size=3))
    def check(bodies: list[Written]) -> None:
        seen.append(len(bodies))
        folder = tmp_path_factory.mktemp("pack")
        write_pack(folder, [b.markdown for b in bodies])
        for args in (["validate", "content"], ["build", "content", "-o", "out"],
                     ["check", "content"]):
            done = _policykit(*args, cwd=folder)
            assert "Traceback" not in done.stderr, done.stderr
            assert done.returncode in (0, 3), (args, done.stdout, done.stderr)
            assert "Warning:" not in done.stderr, done.stderr

    check()
    print(f"commands: {sum(seen)} appendices in {len(seen)} packs")
