"""Test the warnings for Markdown the dialect does not support: file, line and the fix."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from markdownpack import FRONT_LINES, docx_text, html_text, missing_words, pack_files, write_pack
from markupsafe import escape
from webfixtures import PERSON, PERSON_COOKIE

from policykit import api, content
from policykit.content.dialect import unsupported
from policykit.errors import ContentError
from policykit.web.app import create_app

SOURCE = "content/appendix-a.md"


def warned(body: str) -> list[str]:
    return unsupported(body, SOURCE, 10)


@pytest.mark.parametrize(("body", "message"), [
    ("Some <b>bold</b> text.\n",
     "line 10: raw HTML '<b>' is shown as text; write **bold** instead"),
    ("One\nline <br> two.\n",
     "line 11: raw HTML '<br>' is shown as text; write a backslash at the end of the line "
     "instead"),
    ("A [link](https://a.example) and <a href=\"x\">old</a>.\n",
     "line 10: raw HTML '<a href=\"x\">' is shown as text; write [words](https://...) instead"),
    ("\n<div>\nblock\n</div>\n",
     "line 11: an HTML block '<div>' is shown as text; write the text without the tags "
     "instead"),
    ("<h2>Title</h2>\n", "line 10: an HTML block '<h2>Title</h2>' is shown as text; write "
     "'## Heading' instead"),
    ("<!-- a note -->\n", "line 10: an HTML comment is shown as text; delete it"),
    ("Title\n=====\n", "line 10: a heading underlined with '===' or '---' is read as a "
     "heading; write '# Title' (or '## Title') on one line instead"),
    ("One.\n\n***\n", "line 12: the line '***' draws nothing in Word or on the web; start a "
     "new part with a heading ('# Title') instead, or delete it"),
    ("See ![the chart](chart.png).\n", "line 10: an image is shown as its words "
     "'[the chart]', not as a picture (pictures are not supported); write the words alone "
     "instead"),
    ("See [the page](../a.html).\n", "line 10: the link 'the page' goes to '../a.html', which "
     "is not a web, mail or phone address, so only its words are kept; write a full address "
     "(https://..., mailto:...) instead"),
])
def test_each_unsupported_construct_gets_one_warning_with_the_fix(body: str,
                                                                  message: str) -> None:
    assert warned(body) == [f"{SOURCE}, {message}"]


@pytest.mark.parametrize("body", [
    "Plain **bold**, *italic*, ~~gone~~, `<b>code</b>` and \\<b> escaped.\n",
    "```\n<div>in a fence</div>\n```\n",
    "    <b>indented code</b>\n",
    "An autolink <https://www.example.gov.uk> and <democratic.services@example.gov.uk>.\n",
    "A [reference link][policy].\n\n[policy]: https://www.example.gov.uk/policy\n",
    "Wrapped\nparagraph  \nwith a hard break\\\nand more.\n",
    "| a \\| b | c |\n| --- | --- |\n| 1 | 2 |\n",
    "#### Level four\n\n###### Level six\n",
    "1 < 2 and 3 > 2, a < b.\n",
])
def test_supported_markdown_gets_no_warning(body: str) -> None:
    assert warned(body) == []


def test_a_construct_used_on_many_lines_is_one_warning_naming_the_others() -> None:
    body = "".join(f"Line <b>{n}</b>\n\n" for n in range(8))
    assert warned(body) == [f"{SOURCE}, line 10: raw HTML '<b>' is shown as text; write "
                            "**bold** instead (also lines 12, 14, 16, 18, 20 and 2 more)"]


def test_raw_html_is_still_shown_as_typed() -> None:
    pack = content.load_files(pack_files(["Some <b>bold</b> text.\n"]), root="content")
    assert "Some <b>bold</b> text." in docx_text(api.build_document(pack, "appendix-1"))
    assert "Some &lt;b&gt;bold&lt;/b&gt; text." in api.preview_html(pack, "appendix-1")


def test_the_warning_names_the_line_in_the_file() -> None:
    pack = content.load_files(pack_files(["# Intro\n\nSome <i>x</i>.\n"]), root="content")
    line = FRONT_LINES + 3
    assert pack.warnings == [f"content/appendix-1.md, line {line}: raw HTML '<i>' is shown "
                             "as text; write *italic* instead"]


def _policykit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = shutil.which("policykit")
    argv = [command] if command else [sys.executable, "-m", "policykit"]
    return subprocess.run([*argv, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "COLUMNS": "200"})


def test_validate_and_build_print_the_warning(tmp_path: Path) -> None:
    write_pack(tmp_path, ["# Intro\n\nSome <b>bold</b> text.\n"])
    expected = ("Warning: content/appendix-1.md, line 12: raw HTML '<b>' is shown as text; "
                "write **bold** instead\n")
    checked = _policykit("validate", "content", cwd=tmp_path)
    assert checked.returncode == 0 and checked.stderr == expected
    as_json = _policykit("validate", "content", "--format", "json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["warnings"] == [expected[len("Warning: "):-1]]
    built = _policykit("build", "content", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert expected in built.stderr and (tmp_path / "out" / "appendix-1.docx").exists()


def test_the_workspace_document_page_shows_the_warning(tmp_path: Path) -> None:
    folder = write_pack(tmp_path, ["# Intro\n\nSome <b>bold</b> text.\n"])

    async def get(headers: dict[str, str]) -> httpx.Response:
        transport = httpx.ASGITransport(app=create_app(folder))
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1",
                                     cookies={PERSON_COOKIE: quote(PERSON)}) as c:
            return await c.get("/documents/appendix-1", headers=headers)

    message = ("content/appendix-1.md, line 12: raw HTML '<b>' is shown as text; write "
               "**bold** instead")
    as_json = asyncio.run(get({"accept": "application/json"}))
    assert as_json.json()["warnings"] == [message]
    page = asyncio.run(get({}))
    assert "nothing in it stops the document being built. See the warnings below." in page.text
    assert f'<p class="warning">Warning: {escape(message)}</p>' in page.text


def _nested(levels: int) -> str:
    return "".join("  " * i + f"- level{i}\n" for i in range(levels))


def test_ten_nested_lists_keep_every_word_in_word_and_on_the_page() -> None:
    # markdown-it's default nesting limit dropped the tenth level and below without a word
    pack = content.load_files(pack_files([_nested(15)]), root="content")
    words = [f"level{i}" for i in range(15)]
    assert missing_words(words, docx_text(api.build_document(pack, "appendix-1"))) == []
    assert missing_words(words, html_text(api.preview_html(pack, "appendix-1"))[0]) == []


def test_twenty_nested_quotes_keep_their_text() -> None:
    pack = content.load_files(pack_files([">" * 20 + " deep words\n"]), root="content")
    assert "deep words" in docx_text(api.build_document(pack, "appendix-1"))


@pytest.mark.parametrize(("body", "line"), [(_nested(21), FRONT_LINES + 21),
                                             (">" * 150 + " lost\n", FRONT_LINES + 1)])
def test_a_body_nested_too_deep_to_show_whole_is_refused(body: str, line: int) -> None:
    with pytest.raises(ContentError) as raised:
        content.load_files(pack_files([body]), root="content")
    assert str(raised.value) == (
        f"content/appendix-1.md, line {line}: lists and block quotes are nested more than 20 "
        "deep here; nest them less deeply (Word shows nine levels of list)")


def test_a_report_paragraph_with_raw_html_is_warned_with_its_line_and_field() -> None:
    root = Path(__file__).resolve().parents[1] / "content"
    files = {path.name: path.read_bytes() for path in root.iterdir() if path.is_file()}
    text = files["report.yaml"].decode()
    text = text.replace("paragraphs:\n", "paragraphs:\n      - Members <b>must</b> read it.\n", 1)
    files["report.yaml"] = text.encode()
    line = text.split("\n").index("      - Members <b>must</b> read it.") + 1
    pack = content.load_files(files, root="content")
    assert pack.warnings == [f"content/report.yaml, line {line}, field sections[1].paragraphs[1]: "
                             "raw HTML '<b>' is shown as text; write **bold** instead"]


def test_the_sample_pack_has_no_dialect_warning() -> None:
    assert api.validate_content(Path(__file__).resolve().parents[1] / "content").warnings == []
