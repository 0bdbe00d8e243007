"""Test what keeps ``policykit compare`` fast without changing what it decides or prints.

* move matching counts shared words through an index: the same best matches, with the same
  scores, as comparing every pair with :func:`similarity` (hypothesis);
* ``shared_words`` is ``sum((a & b).values())``;
* a block's key names what its relationship ids point at only when it has one;
* a comparison to .docx loads no python-docx, HTML writer, content or rendering module;
* ``policykit COMMAND`` runs from an app of that command alone: the same help and the same
  errors as the whole app, for every command.

``python benchmarks/bench_compare.py --sizes 2000 --no-peers`` times the whole process.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from test_startup import loaded
from typer.main import get_command_name
from typer.testing import CliRunner

from policykit.cli import _app_for, app
from policykit.redline.align import block_key
from policykit.redline.moves import MOVE_MIN_WORDS, _best_matches
from policykit.redline.ops import shared_words, similarity

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner(env={"COLUMNS": "100", "TERM": "dumb"})

WORDS = ["a", "b", "c", "d", "e", "f", "g", "h", "the", "of", "to"]
counts = st.lists(st.sampled_from(WORDS), max_size=12).map(Counter)


def pairwise_best_matches(words_old: list[Counter], words_new: list[Counter]
                          ) -> tuple[dict, dict]:
    """Return the best matches as the engine found them before the index: pair by pair."""
    best_new: dict[int, tuple[float, int]] = {}
    best_old: dict[int, tuple[float, int]] = {}
    for i, wo in enumerate(words_old):
        if sum(wo.values()) < MOVE_MIN_WORDS:
            continue
        for k, wn in enumerate(words_new):
            if sum(wn.values()) < MOVE_MIN_WORDS:
                continue
            score = similarity(wo, wn)
            if score > best_new.get(i, (0.0, -1))[0]:
                best_new[i] = (score, k)
            if score > best_old.get(k, (0.0, -1))[0]:
                best_old[k] = (score, i)
    return best_new, best_old


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, max_size=8), st.lists(counts, max_size=8))
def test_indexed_move_matching_finds_the_pairwise_best_matches(olds: list[Counter],
                                                               news: list[Counter]) -> None:
    assert _best_matches(olds, news) == pairwise_best_matches(olds, news)


@settings(max_examples=300, deadline=None)
@given(counts, counts)
def test_shared_words_counts_the_words_two_paragraphs_share(a: Counter, b: Counter) -> None:
    assert shared_words(a, b) == sum((a & b).values()) == shared_words(b, a)
    total = sum(a.values()) + sum(b.values())
    assert similarity(a, b) == (2 * sum((a & b).values()) / total if total else 1.0)


DOCUMENT = b"""<w:document
  xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>
<w:p><w:r><w:t>Plain words</w:t></w:r></w:p>
<w:p><w:hyperlink r:id="rId7"><w:r><w:t>a link</w:t></w:r></w:hyperlink></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:drawing><a:blip xmlns:a="urn:a" r:embed="rId9"/></w:drawing>
</w:r></w:p></w:tc></w:tr></w:tbl>
</w:body></w:document>"""


def test_a_block_key_names_relationship_targets_only_when_the_block_has_ids() -> None:
    plain, link, table = etree.fromstring(DOCUMENT)[0]
    target = {"rId7": "https://example.org/", "rId9": "media/image1.png"}.__getitem__
    assert block_key(plain, target) == etree.tostring(plain)  # (the namespace is declared)
    assert block_key(link, target) == etree.tostring(link) + b"https://example.org/"
    assert block_key(table, target) == etree.tostring(table) + b"media/image1.png"
    assert block_key(link, None) == etree.tostring(link)


def test_a_comparison_to_word_loads_no_python_docx_html_content_or_rendering(
        tmp_path: Path) -> None:
    from policykit.api import build_document, load_content

    content, kit, stamp = load_content(ROOT / "content")
    for doc_id in ("staff-policy-2014", "appendix-a"):
        (tmp_path / f"{doc_id}.docx").write_bytes(
            build_document(content, doc_id, kit=kit, commit=stamp))
    modules = loaded("compare", "staff-policy-2014.docx", "appendix-a.docx", "-o",
                     "redline.docx", "--date", "2026-01-01", cwd=tmp_path)
    assert (tmp_path / "redline.docx").is_file()
    unneeded = ("docx", "policykit.redline.html", "policykit.redline.facts",
                "policykit.content", "policykit.render", "policykit.versions", "git")
    assert sorted(m for m in modules if m.startswith(unneeded)) == []
    assert [m for m in modules if m.startswith("policykit.cli.")] != []  # all registered


def _names() -> list[str]:
    return [info.name or get_command_name(info.callback.__name__)
            for info in app.registered_commands]


def test_a_named_command_runs_from_an_app_of_that_command_alone() -> None:
    assert [info.name for info in _app_for(["compare", "a", "b"]).registered_commands] == [
        "compare"]
    for args in ([], ["--help"], ["--version"], ["reviews", "due"], ["comapre"]):
        assert _app_for(args) is app


@pytest.mark.parametrize("name", _names())
def test_each_command_alone_has_the_same_help_and_usage_errors(name: str) -> None:
    alone = _app_for([name])
    assert alone is not app
    for args in ([name, "--help"], [name, "--no-such-option"]):
        whole, single = runner.invoke(app, args), runner.invoke(alone, args)
        assert (single.exit_code, single.output) == (whole.exit_code, whole.output)
