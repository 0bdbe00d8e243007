"""Test ``policykit check`` as an officer runs it: output, formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykit.cli import app

ASSETS = Path(__file__).parent / "assets" / "check"
runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


def invoke(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args], env=ENV)


def test_errors_exit_3_with_findings_grouped_by_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ASSETS)
    path = "hard-to-read-contrast--report.docx"
    result = invoke("check", path, "--rules", "hard-to-read-contrast")
    assert result.exit_code == 3
    assert result.stdout == (
        f"{path}\n"
        "  1 error, 0 warnings, 0 tips; reading age 15.1\n"
        '  error   paragraph 32, under "5. Corporate Implications"\n'
        "          hard-to-read-contrast: #BBBBBB on #FFFFFF is 1.9:1 (needs 4.5:1)\n"
        '          "This text is pale grey."\n'
        "          Fix: darken the text or lighten the background: 4.5:1, 3:1 if large.\n"
        "\n"
        "Checked 1 file: 1 error, 0 warnings, 0 tips.\n"
    )


def test_no_errors_exit_0_and_strict_fails_on_warnings() -> None:
    path = ASSETS / "typed-list--appendix-a.docx"
    result = invoke("check", path, "--rules", "typed-list")
    assert result.exit_code == 0
    assert result.stdout.endswith("Checked 1 file: 0 errors, 1 warning, 0 tips.\n")
    strict = invoke("check", path, "--rules", "typed-list", "--strict")
    assert strict.exit_code == 3
    assert strict.stdout == result.stdout


def test_clean_file_says_no_problems(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ASSETS)
    path = "tables--clean.docx"
    result = invoke("check", path, "--rules", "missing-table-header,merged-cells",
                    "--strict")
    assert result.exit_code == 0
    assert result.stdout == (f"{path}\n  no problems; reading age 15.4\n\n"
                             "Checked 1 file: 0 errors, 0 warnings, 0 tips.\n")


def test_text_output_fits_80_columns() -> None:
    result = invoke("check", ASSETS / "reading-age--appendix-a.docx")
    lines = result.stdout.splitlines()
    assert len(lines) > 100
    assert max(len(line) for line in lines) <= 80


def test_json_is_pure_json_with_every_field() -> None:
    result = invoke("check", ASSETS / "pdf-untagged--report.pdf", "--format", "json",
                    "--rules", "pdf-not-tagged,pdf-ua-identifier")
    assert result.exit_code == 3
    data = json.loads(result.stdout)
    assert data["summary"] == {"files": 1, "errors": 1, "warnings": 1, "tips": 0}
    [file] = data["files"]
    assert file["kind"] == "pdf"
    assert file["findings"][0] == {
        "severity": "error", "rule": "pdf-not-tagged", "wcag": "1.3.1",
        "message": "the PDF has no tags (no structure tree)", "page": None,
        "paragraph": None, "line": None, "heading": None, "text": None,
        "fix": "export with 'Tagged PDF' (Universal Accessibility) turned on.",
    }


def test_folder_checks_every_document_in_it(tmp_path: Path) -> None:
    for name in ("html-clean--appendix-b.html", "pdf-untagged--report.pdf",
                 "typed-list--report.docx"):
        (tmp_path / name).write_bytes((ASSETS / name).read_bytes())
    result = invoke("check", tmp_path, "--format", "json", "--rules", "missing-language")
    assert [f["kind"] for f in json.loads(result.stdout)["files"]] == ["html", "pdf", "docx"]


def test_missing_path_is_one_error_line_exit_1(tmp_path: Path) -> None:
    result = invoke("check", tmp_path / "nope.docx")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path / 'nope.docx'}: does not exist; check the path\n"


def test_unknown_rule_is_bad_input() -> None:
    result = invoke("check", ASSETS / "tables--clean.docx", "--rules", "alt-txt")
    assert result.exit_code == 1
    assert result.stderr == ("Error: --rules: unknown rule 'alt-txt'; use ids from "
                             "'policykit check --list-rules'\n")


def test_hostile_docx_is_refused_by_the_safe_reader(tmp_path: Path) -> None:
    legacy = tmp_path / "old.docx"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = invoke("check", legacy)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {legacy}: is a legacy Word 97-2003 .doc file")


def test_other_file_types_and_empty_folders_are_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    result = invoke("check", tmp_path / "notes.txt")
    assert result.exit_code == 1
    assert "is not a .docx, .pdf or .html file" in result.stderr
    empty = invoke("check", tmp_path)
    assert empty.exit_code == 1
    assert "holds no .docx, .pdf or .html files" in empty.stderr


def test_list_rules_names_each_rule_with_severity_and_wcag() -> None:
    result = invoke("check", "--list-rules")
    assert result.exit_code == 0
    assert ("missing-alt-text            error    1.1.1  Missing alternative text"
            in result.stdout.splitlines())
