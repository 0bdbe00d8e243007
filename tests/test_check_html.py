"""Test the HTML rules on the pages `policykit publish` writes, edited to break each rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.check import CheckSettings, check_paths

ASSETS = Path(__file__).parent / "assets" / "check"
EXPECTED: dict[str, dict[str, int]] = json.loads((ASSETS / "expected.json").read_text())
CASES = [(name, rule, count) for name, rules in sorted(EXPECTED.items())
         for rule, count in sorted(rules.items()) if name.endswith(".html")]
HTML_RULES = ("missing-language", "missing-title", "one-h1", "skipped-heading-level",
              "empty-heading", "first-heading-not-level-1", "missing-alt-text",
              "missing-table-header", "empty-table-header", "unclear-link-text",
              "missing-landmarks")


def _found(name: str, rule: str) -> list:
    report = check_paths([ASSETS / name], CheckSettings(rules=frozenset({rule})))
    return [f for f in report.files[0].findings if f.rule == rule]


@pytest.mark.parametrize(("name", "rule", "count"), CASES,
                         ids=[f"{n}:{r}" for n, r, _ in CASES])
def test_html_fixture_finds_exactly_the_seeded_defects(name: str, rule: str, count: int
                                                       ) -> None:
    found = _found(name, rule)
    assert len(found) == count, [f.message for f in found]


@pytest.mark.parametrize("rule", HTML_RULES)
def test_each_html_rule_has_three_broken_pages_and_clean_ones(rule: str) -> None:
    counts = [rules[rule] for name, rules in EXPECTED.items()
              if name.endswith(".html") and rule in rules]
    assert sum(1 for c in counts if c) >= 3
    assert counts.count(0) == 3


def test_clean_pages_report_no_accessibility_finding() -> None:
    report = check_paths(sorted(ASSETS.glob("html-clean--*.html")),
                         CheckSettings(rules=frozenset(HTML_RULES)))
    assert [f for file in report.files for f in file.findings] == []


def test_html_finding_gives_the_line_and_heading() -> None:
    [finding] = _found("html-missing-alt-text--report.html", "missing-alt-text")
    assert finding.message == "<img src='logo.png'> has no alt attribute"
    assert finding.where == "line 93"
    assert finding.heading == "Social Media Policy for Members"


def test_link_text_quotes_the_words() -> None:
    messages = [f.message for f in _found("html-unclear-link-text--appendix-a.html",
                                          "unclear-link-text")]
    assert messages == [
        "the link text 'https://www.chiltern.gov.uk' does not say where it goes",
        "the link text 'more' does not say where it goes",
    ]


def test_hostile_html_is_read_literally(tmp_path: Path) -> None:
    page = tmp_path / "entity.html"
    page.write_text('<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html lang="en">'
                    "<head><title>&x;</title></head><body><main><h1>Hi</h1></main></body>"
                    "</html>")
    report = check_paths([page], CheckSettings(rules=frozenset(HTML_RULES)))
    assert "root:" not in json.dumps(report.as_dict())


def test_published_pages_have_no_errors() -> None:
    from policykit import api
    from policykit.check.html import check_html
    from policykit.content import load

    content = load(Path(__file__).parents[1] / "content")
    for doc_id in ("report", "appendix-a", "appendix-b"):
        page = api.preview_html(content, doc_id).encode()
        report = check_html(page, CheckSettings(), f"{doc_id}.html")
        assert [f for f in report.findings if f.severity == "error"] == [], doc_id
