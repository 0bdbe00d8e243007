"""Test the report model: counts, the one-line summary build and publish print, strictness."""

from __future__ import annotations

from pathlib import Path

from policykit.check import check_paths
from policykit.check.model import CheckReport, FileReport, Finding, Severity

ASSETS = Path(__file__).parent / "assets" / "check"


def test_summary_line_counts_files_and_severities() -> None:
    report = CheckReport([
        FileReport("a.docx", "docx", [Finding("missing-alt-text", "x"),
                                      Finding("typed-list", "y")]),
        FileReport("b.pdf", "pdf", [Finding("use-of-colour", "z")]),
    ])
    assert report.summary_line() == "Checked 2 files: 1 error, 1 warning, 1 tip."
    assert (report.errors, report.warnings, report.tips) == (1, 1, 1)
    assert report.failed() and report.failed(strict=True)


def test_warnings_fail_only_when_strict() -> None:
    report = CheckReport([FileReport("a.docx", "docx", [Finding("typed-list", "y")])])
    assert not report.failed()
    assert report.failed(strict=True)
    assert report.files[0].findings[0].severity is Severity.WARNING


def test_check_paths_on_what_a_build_wrote_gives_one_summary_line() -> None:
    built = [ASSETS / f"reading-age--{n}.docx" for n in ("report", "appendix-a", "appendix-b")]
    line = check_paths(built).summary_line()
    assert line.startswith("Checked 3 files: 0 errors, ")


def test_api_check_delegates_with_rules() -> None:
    from policykit import api

    report = api.check([ASSETS / "typed-list--report.docx"], rules="typed-list")
    assert report.summary_line() == "Checked 1 file: 0 errors, 3 warnings, 0 tips."
