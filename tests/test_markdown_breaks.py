"""Test line breaks inside a paragraph: a soft break reads as a space, a hard break breaks the line.

The same in every renderer: Word (build), the HTML of publish and the workspace preview, the
checker and the Word importer. A hard-wrapped paragraph once crashed publish and the preview
(``'dict' object has no attribute 'breaks'``).
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from markdownpack import docx_text, html_text, pack_files, write_pack
from publishing import approved_pack
from webfixtures import PERSON, PERSON_COOKIE

from policykit import api, content
from policykit.check.content import check_markdown
from policykit.publish.htmlbody import inline_html, markdown_html
from policykit.web.app import create_app

WRAPPED = "Members must\nreport each incident\nwithin two days.\n"
HARD = "First line  \nsecond line\\\nthird line.\n"
BODY = f"# Reporting\n\n{WRAPPED}\n{HARD}"


def _pack(body: str = BODY, *, numbered: bool = True) -> content.ContentSet:
    return content.load_files(pack_files([body], numbered=numbered), root="content")


def test_html_body_keeps_a_soft_break_as_white_space_and_a_hard_break_as_br() -> None:
    page = str(markdown_html(WRAPPED + "\n" + HARD, numbered=False))
    assert page == ("<p>Members must\nreport each incident\nwithin two days.</p>\n"
                    "<p>First line<br />\nsecond line<br />\nthird line.</p>\n")


def test_inline_html_of_a_report_paragraph_with_a_soft_break() -> None:
    assert str(inline_html("one\ntwo  \nthree")) == "one\ntwo<br />\nthree"


def test_word_writes_a_soft_break_as_a_space_and_a_hard_break_as_a_line_break() -> None:
    text = docx_text(api.build_document(_pack(), "appendix-1"))
    assert "Members must report each incident within two days." in text
    assert "First line\nsecond line\nthird line." in text


def test_the_preview_shows_a_hard_wrapped_paragraph() -> None:
    shown, errors = html_text(api.preview_html(_pack(), "appendix-1"))
    assert errors == []
    assert "Members must report each incident within two days." in " ".join(shown.split())


async def _get(app, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1",
                                 cookies={PERSON_COOKIE: quote(PERSON)}) as client:
        return await client.get(path)  # as someone the workspace knows (no welcome page)


def test_the_workspace_document_page_shows_a_hard_wrapped_paragraph(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, [BODY])
    page = asyncio.run(_get(create_app(folder), "/documents/appendix-1"))
    assert page.status_code == 200
    assert re.search(r"Members must\s+report each incident\s+within two days\.", page.text)


def test_the_checker_reads_a_soft_break_as_a_space(tmp_path: Path) -> None:
    _, blocks = check_markdown(f"{WRAPPED}\n{HARD}", 10)
    assert [b.text for b in blocks] == ["Members must report each incident within two days.",
                                        "First line\nsecond line\nthird line."]
    assert [b.line for b in blocks] == [10, 14]


def test_import_of_a_built_document_keeps_hard_breaks_and_joins_soft_ones() -> None:
    built = api.build_document(_pack(numbered=False), "appendix-1")
    imported = api.import_word(built, "appendix-1.docx", "appendix-1").text
    body = imported.split("---\n", 2)[2]
    assert body == ("\n# Reporting\n\nMembers must report each incident within two days.\n\n"
                    "First line\\\nsecond line\\\nthird line.\n")


def test_publish_of_a_hard_wrapped_paragraph_writes_the_site(tmp_path: Path) -> None:
    from policykit.publish.pipeline import build_outputs
    from policykit.publish.theme import HtmlTheme
    from policykit.render.brandkit import BrandKit

    files, _, _ = build_outputs(_pack(), BrandKit.default(), HtmlTheme.default(), commit=None,
                                draft=True, pdf=False)
    shown, errors = html_text(files["public/appendix-1.html"].decode())
    assert errors == []
    assert "Members must report each incident within two days." in " ".join(shown.split())


def _hard_wrap(markdown: str, width: int = 72) -> str:
    """Return Markdown with every plain paragraph wrapped at ``width``, as editors write it."""
    out = []
    for block in markdown.split("\n\n"):
        plain = block and not block.lstrip().startswith(("#", "-", "|", ">", "1.", "`", "*"))
        out.append(textwrap.fill(block, width) if plain else block)
    return "\n\n".join(out)


@pytest.mark.office
def test_policykit_publish_of_the_sample_hard_wrapped(tmp_path: Path) -> None:
    folder = approved_pack(tmp_path, canary=False)
    policy = folder / "appendix-a.md"
    front, body = policy.read_text(encoding="utf-8").split("\n---\n", 1)
    policy.write_text(front + "\n---\n" + _hard_wrap(body), encoding="utf-8")
    assert body.count("\n") < policy.read_text(encoding="utf-8").count("\n") - 20
    command = shutil.which("policykit")
    argv = [command] if command else [sys.executable, "-m", "policykit"]
    done = subprocess.run([*argv, "publish", str(folder), "-o", str(tmp_path / "site")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    page, errors = html_text((tmp_path / "site/public/appendix-a.html").read_text())
    assert errors == []
    assert ("Social media is now one of the main ways in which people find information, "
            "share their views and take part in local debate.") in " ".join(page.split())
