"""Test the Word rules on fixtures made by editing real documents (make_fixtures.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.check import CheckSettings, check_paths
from policykit.check.model import RULES

ASSETS = Path(__file__).parent / "assets" / "check"
EXPECTED: dict[str, dict[str, int]] = json.loads((ASSETS / "expected.json").read_text())
CASES = [(name, rule, count) for name, rules in sorted(EXPECTED.items())
         for rule, count in sorted(rules.items()) if name.endswith(".docx")]


def _found(name: str, rule: str) -> list:
    settings = CheckSettings(rules=frozenset({rule}), language="en-GB")
    report = check_paths([ASSETS / name], settings)
    return [f for f in report.files[0].findings if f.rule == rule]


@pytest.mark.parametrize(("name", "rule", "count"), CASES,
                         ids=[f"{n}:{r}" for n, r, _ in CASES])
def test_fixture_finds_exactly_the_seeded_defects(name: str, rule: str, count: int) -> None:
    found = _found(name, rule)
    assert len(found) == count, [f.message for f in found]


def test_every_word_rule_has_three_broken_documents_and_a_clean_one() -> None:
    broken: dict[str, int] = {}
    clean: set[str] = set()
    for name, rules in EXPECTED.items():
        if not name.endswith(".docx"):
            continue
        for rule, count in rules.items():
            if count:
                broken[rule] = broken.get(rule, 0) + 1
            else:
                clean.add(rule)
    word_rules = {r for r in RULES if not r.startswith("pdf-")} - {
        "title-not-shown", "one-h1", "missing-landmarks"}
    assert {r for r in word_rules if broken.get(r, 0) < 3} == set()
    assert word_rules - clean == set()


def test_clean_documents_report_nothing_under_the_rules_they_keep() -> None:
    clean = {name: [r for r, c in rules.items() if c == 0]
             for name, rules in EXPECTED.items() if "--clean" in name and name.endswith(".docx")}
    for name, rules in clean.items():
        settings = CheckSettings(rules=frozenset(rules), language="en-GB")
        assert check_paths([ASSETS / name], settings).files[0].findings == [], name


def test_finding_says_where_and_how_to_fix() -> None:
    [finding] = _found("typed-list--appendix-a.docx", "typed-list")
    assert finding.message == "2 paragraphs with typed numbers"
    assert finding.text == "1. Read the policy."
    assert finding.heading is not None
    assert finding.fix == "use the Bullets or Numbering button instead of typing them."


def test_contrast_names_the_colours_and_the_ratio() -> None:
    [finding] = _found("hard-to-read-contrast--report.docx", "hard-to-read-contrast")
    assert finding.message == "#BBBBBB on #FFFFFF is 1.9:1 (needs 4.5:1)"
    assert finding.text == "This text is pale grey."


def test_alt_text_names_the_picture() -> None:
    [finding] = _found("missing-alt-text--image.docx", "missing-alt-text")
    assert finding.message == "'Picture 1' has no alt text"


def test_built_sample_pack_has_no_errors() -> None:
    built = [ASSETS / f"reading-age--{n}.docx" for n in ("report", "appendix-a", "appendix-b")]
    report = check_paths(built)
    assert [f for file in report.files for f in file.findings if f.severity == "error"] == []


def test_word_saved_documents_give_page_numbers_as_word_shows_them() -> None:
    found = _found("missing-alt-text--table.docx", "missing-alt-text")
    assert [f.where for f in found] == [
        "page 1, paragraph 6", "page 1, paragraph 18", "page 2, paragraph 25",
        "page 2, paragraph 27", "page 2, paragraph 29"]
