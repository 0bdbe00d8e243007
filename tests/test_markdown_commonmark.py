"""Run every example of the CommonMark specification as an appendix body: build, publish, check.

The spec comes from the npm package ``commonmark-spec`` (CI installs it beside axe-core and
names its ``spec.txt`` in ``POLICYKIT_COMMONMARK_SPEC``); without it the tests skip, except
under ``CI=true``, where they fail. For each example: no traceback (only a one-line
``PolicykitError``), the Word document and the web page hold every word the dialect shows,
the page parses with no lxml error, and a construct the dialect does not support (judged from
the HTML the spec expects, not from policykit's own parser) gets a warning naming the file
and the line. A few examples run by default; all 652 (and every third one's PDF) under ``-m slow``.
"""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
import pypdf
import pytest
from commonmarkspec import ENV, Example, examples, spec_path
from markdownpack import FRONT, docx_text, html_text, missing_words, pack_files, source_words

from policykit import api, content
from policykit.check.content import check_markdown
from policykit.content.markdown import is_safe_link
from policykit.errors import PolicykitError

# Tags CommonMark itself writes (with GFM's tables and strikethrough): any other tag in the
# expected HTML, or one of these typed in the Markdown, is raw HTML.
_MARKDOWN_TAGS = {"p", "em", "strong", "code", "pre", "a", "img", "ul", "ol", "li", "blockquote",
                  "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody",
                  "tr", "th", "td", "del", "s"}
_WARNING = re.compile(r"^content/spec-\d+\.md, line \d+: [^\n]+(?: instead| delete it)"
                      r"(?: \(also lines? [\d, ]+(?: and \d+ more)?\))?$")


@pytest.fixture(scope="module")
def spec() -> list[Example]:
    path = spec_path()
    if path is None:
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"CI=true and no CommonMark spec: set {ENV} to the spec.txt of the "
                        "npm package commonmark-spec", pytrace=False)
        pytest.skip(f"no CommonMark spec ({ENV} unset and none in the usual place)")
    return examples(path)


def unsupported(example: Example) -> set[str]:
    """Return what the dialect does not support in an example, judged by the spec's HTML."""
    kinds = set()
    if "<img " in example.html:
        kinds.add("image")
    if "<hr />" in example.html:
        kinds.add("thematic break")
    for match in re.finditer(r'<a href="([^"]*)"', example.html):
        if not is_safe_link(html.unescape(match.group(1))):
            kinds.add("link")
    for match in re.finditer(r"<(!|\?|/?([A-Za-z][A-Za-z0-9-]*))", example.html):
        name = (match.group(2) or "").lower()
        if not name or name not in _MARKDOWN_TAGS or re.search(
                rf"<{name}\b", example.markdown, re.I):
            kinds.add("raw HTML")
    if re.search(r"<h[12]>", example.html) and re.search(r"(?m)^ {0,3}(=+|-+)[ \t]*$",
                                                         example.markdown):
        kinds.add("setext heading")
    return kinds


@dataclass
class Tally:
    """What happened to the examples: passed with no warning, warned, failed (and why)."""

    passed: int = 0
    warned: int = 0
    failed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"CommonMark examples: {self.passed} passed, {self.warned} warned, "
                f"{len(self.failed)} failed")


def _pack(chosen: list[Example]) -> tuple[content.ContentSet, dict[int, list[str]]]:
    files = pack_files(["Placeholder.\n"])
    for example in chosen:
        front = FRONT.format(n=example.number, numbered="true")
        files[f"spec-{example.number}.md"] = (front + example.markdown).encode()
    pack = content.load_files(files, root="content")
    warnings: dict[int, list[str]] = {}
    for warning in pack.warnings:
        number = int(re.match(r"content/spec-(\d+)\.md", warning).group(1))
        warnings.setdefault(number, []).append(warning)
    return pack, warnings


def _problems(pack: content.ContentSet, example: Example, warnings: list[str]) -> Iterator[str]:
    doc_id = f"spec-{example.number}"
    words = source_words(example.markdown)
    try:
        lost = missing_words(words, docx_text(api.build_document(pack, doc_id)))
        if lost:
            yield f"Word lost {lost[:3]}"
        shown, errors = html_text(api.preview_html(pack, doc_id))
        if errors:
            yield f"the page does not parse: {errors[0]}"
        lost = missing_words(words, shown)
        if lost:
            yield f"the page lost {lost[:3]}"
        check_markdown(example.markdown, 10)
    except PolicykitError as exc:
        if "\n" in str(exc):
            yield f"an error of more than one line: {exc!r}"
    except Exception as exc:  # noqa: BLE001 - any other exception is the failure we look for
        yield f"traceback: {type(exc).__name__}: {exc}"
    bad = [w for w in warnings if not _WARNING.match(w)]
    if bad:
        yield f"a warning without a line or a fix: {bad[0]}"
    kinds = unsupported(example)
    if kinds and not warnings:
        yield f"no warning for the {', '.join(sorted(kinds))}"


def run_examples(chosen: list[Example]) -> Tally:
    """Build and render each example; return the tally."""
    pack, warnings = _pack(chosen)
    tally = Tally()
    for example in chosen:
        problems = list(_problems(pack, example, warnings.get(example.number, [])))
        if problems:
            tally.failed.append(f"example {example.number} ({example.section}): "
                                + "; ".join(problems))
        elif warnings.get(example.number):
            tally.warned += 1
        else:
            tally.passed += 1
    return tally


def test_every_tenth_example_builds_renders_and_warns(spec: list[Example]) -> None:
    tally = run_examples(spec[::10])
    print(tally)
    assert tally.failed == []
    assert tally.passed + tally.warned == len(spec[::10])
    assert tally.warned > 0


@pytest.mark.slow
def test_every_example_builds_renders_and_warns(spec: list[Example]) -> None:
    tally = run_examples(spec)
    print(tally)
    assert len(spec) == 652
    assert tally.failed == []


@pytest.mark.slow
@pytest.mark.office
def test_every_third_example_exports_a_pdf_marked_on_every_page(spec: list[Example]) -> None:
    """A PDF for every third example (218 of 652; all 652 took about 9 minutes of CI)."""
    from policykit.office.pdf import PdfSession

    spec = spec[::3]
    pack, _ = _pack(spec)
    failed = []
    with PdfSession() as session:
        for example in spec:
            doc_id = f"spec-{example.number}"
            data = session.export(api.build_document(pack, doc_id), f"{doc_id}.pdf")
            with pikepdf.open(io.BytesIO(data)) as pdf:
                pages = len(pdf.pages)
            texts = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]
            unmarked = [n for n, text in enumerate(texts, 1) if "Classification:" not in text]
            if pages == 0 or unmarked:
                failed.append(f"example {example.number}: pages {unmarked} have no marking")
    print(f"CommonMark PDFs: {len(spec) - len(failed)} of {len(spec)} opened, every page marked")
    assert failed == []
