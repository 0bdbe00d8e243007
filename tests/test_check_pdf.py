"""Test the PDF rules on PDFs exported from the Word fixtures by LibreOffice and edited."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policykit.check import CheckSettings, check_paths
from policykit.errors import InputError

ASSETS = Path(__file__).parent / "assets" / "check"
EXPECTED: dict[str, dict[str, int]] = json.loads((ASSETS / "expected.json").read_text())
CASES = [(name, rule, count) for name, rules in sorted(EXPECTED.items())
         for rule, count in sorted(rules.items()) if name.endswith(".pdf")]
PDF_RULES = ("pdf-not-tagged", "pdf-ua-identifier", "missing-title", "missing-language",
             "title-not-shown", "pdf-figure-alt", "pdf-no-bookmarks", "missing-table-header",
             "skipped-heading-level", "first-heading-not-level-1")


def _found(name: str, rule: str) -> list:
    report = check_paths([ASSETS / name], CheckSettings(rules=frozenset({rule})))
    return [f for f in report.files[0].findings if f.rule == rule]


@pytest.mark.parametrize(("name", "rule", "count"), CASES,
                         ids=[f"{n}:{r}" for n, r, _ in CASES])
def test_pdf_fixture_finds_exactly_the_seeded_defects(name: str, rule: str, count: int) -> None:
    found = _found(name, rule)
    assert len(found) == count, [f.message for f in found]


@pytest.mark.parametrize("rule", PDF_RULES)
def test_each_pdf_rule_has_three_broken_files_and_a_clean_one(rule: str) -> None:
    counts = [rules[rule] for name, rules in EXPECTED.items()
              if name.endswith(".pdf") and rule in rules]
    assert sum(1 for c in counts if c) >= 3
    assert 0 in counts


def test_untagged_pdf_is_an_error_with_the_fix() -> None:
    [finding] = _found("pdf-untagged--report.pdf", "pdf-not-tagged")
    assert finding.severity == "error"
    assert finding.message == "the PDF has no tags (no structure tree)"
    assert finding.fix == "export with 'Tagged PDF' (Universal Accessibility) turned on."


def test_figure_without_alt_gives_its_page() -> None:
    [finding] = _found("pdf-figure-alt--image.pdf", "pdf-figure-alt")
    assert finding.page == 1


def test_long_sentences_in_a_pdf_give_the_page() -> None:
    found = _found("pdf-untagged--report.pdf", "long-sentence")
    assert found and {f.page for f in found} <= {1, 2, 3, 4}
    assert found[0].message.startswith("sentence of ")


def test_a_broken_pdf_is_bad_input(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not a PDF")
    with pytest.raises(InputError, match=r"broken.pdf: is not a readable PDF"):
        check_paths([broken])


def test_an_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    import pikepdf

    locked = tmp_path / "locked.pdf"
    with pikepdf.open(ASSETS / "pdf-tagged--clean.pdf") as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(owner="o", user="secret"))
    with pytest.raises(InputError, match=r"locked.pdf: is encrypted \(password protected\)"):
        check_paths([locked])


def test_pdf_text_reads_like_the_word_document_it_came_from() -> None:
    rules = frozenset({"long-sentence", "passive-voice"})
    counts = []
    for name in ("missing-title--clean.docx", "pdf-untagged--report.pdf"):
        report = check_paths([ASSETS / name], CheckSettings(rules=rules))
        counts.append(sorted(f.rule for f in report.files[0].findings))
    assert counts[0] == counts[1]
    assert counts[0].count("long-sentence") == 4
