"""Test ``policykit publish`` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from publishing import approved_pack
from typer.testing import CliRunner

from policykit.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}


def invoke(*args: str):
    return runner.invoke(app, list(args), env=ENV)


def test_a_draft_pack_is_refused_with_how_to_release(tmp_path):
    result = invoke("publish", str(ROOT / "content"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {ROOT / 'content' / 'report.yaml'}: report is a draft, so it cannot be "
        "published; release it for decision (policykit release report --version 1.0), or "
        "publish with --draft\n")
    assert not (tmp_path / "out").exists()


def test_help_ends_with_examples():
    result = invoke("publish", "--help")
    assert result.exit_code == 0
    assert result.stdout.rstrip().endswith(
        "policykit publish --at appendix-a/v2.0 --format json")


@pytest.mark.office
def test_publish_lists_what_it_wrote_as_json(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    out = tmp_path / "out"
    result = invoke("publish", str(content), "--output", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    names = sorted(str(Path(f["path"]).relative_to(out)) for f in listed["files"])
    site = ["agenda-pack.pdf", "appendix-a.html", "appendix-a.pdf", "appendix-b.html",
            "appendix-b.pdf", "appendix-c.html", "appendix-c.pdf", "index.html", "logo.png",
            "report.html", "report.pdf", "style.css"]
    public = [n for n in site if n != "appendix-c.pdf"]  # exempt: only its notice, in the pack
    assert names == sorted(["announce.eml", "bulletin.html", "bulletin.txt",
                            *(f"members/{n}" for n in site), *(f"public/{n}" for n in public)])
    assert all(f["bytes"] == Path(f["path"]).stat().st_size for f in listed["files"])
    assert listed["warnings"] == [] and listed["commit"] is None
    assert sorted(p.name for p in out.iterdir()) == [
        ".policykit-publish-manifest.json",  # what policykit wrote: it replaces only those files
        "announce.eml", "bulletin.html", "bulletin.txt", "members", "public"]


@pytest.mark.office
def test_a_failed_publish_leaves_the_last_one_untouched(tmp_path, monkeypatch):
    content = approved_pack(tmp_path, canary=False)
    out = tmp_path / "out"
    (out / "public").mkdir(parents=True)
    (out / "public" / "report.pdf").write_bytes(b"%PDF- the last publish")
    monkeypatch.setenv("POLICYKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    from policykit.office.session import missing

    missing.cache_clear()
    try:
        result = invoke("publish", str(content), "-o", str(out))
    finally:
        monkeypatch.undo()
        missing.cache_clear()
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: report.pdf: cannot make the PDF: LibreOffice is not usable (missing soffice")
    assert sorted(p.name for p in out.rglob("*")) == ["public", "report.pdf"]
    assert (out / "public" / "report.pdf").read_bytes() == b"%PDF- the last publish"


def _kit_without_language(folder: Path) -> None:
    """Put a brand kit beside the content whose web pages do not say their language."""
    import shutil

    shutil.copytree(ROOT / "templates", folder / "templates")
    base = folder / "templates" / "html" / "base.html"
    base.write_text(base.read_text().replace('<html lang="{{ language }}">', "<html>"))


@pytest.mark.office
def test_publish_checks_what_it_makes_and_prints_one_summary_line(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    result = invoke("publish", str(content), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("Checked ")]
    assert len(lines) == 1
    assert lines[0].startswith("Checked 20 files: 0 errors, ")  # no public appendix-c.pdf
    assert not (tmp_path / "out" / "check-findings.json").exists()


@pytest.mark.office
def test_publish_refuses_pages_the_check_fails_and_writes_nothing(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    _kit_without_language(tmp_path)
    result = invoke("publish", str(content), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: members/appendix-a.html: missing-language: ")
    assert result.stderr.endswith(
        "nothing was published. Fix the content or brand kit ('policykit check' lists every "
        "finding), or publish anyway with --force, which records the findings in "
        "check-findings.json\n")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.office
def test_publish_force_publishes_and_records_the_findings(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    _kit_without_language(tmp_path)
    out = tmp_path / "out"
    result = invoke("publish", str(content), "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    findings = json.loads((out / "check-findings.json").read_text())
    assert findings["summary"]["errors"] > 0
    wrong = {f["path"] for f in findings["files"]
             if any(x["rule"] == "missing-language" for x in f["findings"])}
    assert "public/report.html" in wrong and "members/appendix-a.html" in wrong
    assert (out / "public" / "report.pdf").is_file()
