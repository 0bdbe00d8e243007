"""Test ``policykit build`` and ``policykit validate`` as a user runs them."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import docx
import pytest
from processes import child_env, policykit_command, run
from typer.testing import CliRunner

from policykit.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """Return a copy of the sample content without standing comparisons."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    text = (folder / "pack.yaml").read_text()
    (folder / "pack.yaml").write_text(text.split("\n# Standing comparisons")[0] + "\n")
    return folder


def invoke(*args: str) -> object:
    return runner.invoke(app, list(args), env=ENV)


def test_build_writes_one_document_per_pack_document(pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", str(pack), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        ".policykit-manifest.json", "appendix-a.docx", "appendix-b.docx", "appendix-c.docx",
        "report.docx"]
    assert f"Built 4 documents into {out}." in result.stdout
    title = docx.Document(out / "appendix-b.docx").core_properties.title
    assert title == "Appendix B: Social Media Guidance for Members"


def test_building_twice_gives_identical_bytes(pack: Path, tmp_path: Path) -> None:
    invoke("build", str(pack), "--out", str(tmp_path / "one"))
    invoke("build", str(pack), "--out", str(tmp_path / "two"))
    for name in ("report.docx", "appendix-a.docx", "appendix-b.docx", "appendix-c.docx"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_build_json_is_parseable(pack: Path, tmp_path: Path) -> None:
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [Path(d["path"]).name for d in data["documents"]] == [
        "report.docx", "appendix-a.docx", "appendix-b.docx", "appendix-c.docx"]
    assert data["warnings"] == []


def test_invalid_content_fails_with_one_line_and_writes_nothing(pack: Path, tmp_path: Path) -> None:
    policy = pack / "appendix-a.md"
    policy.write_text(policy.read_text().replace("classification: OFFICIAL",
                                                 "classification: PUBLIC", 1))
    out = tmp_path / "out"
    result = invoke("build", str(pack), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {pack}/appendix-a.md, line 7, field classification: unknown classification "
        "'PUBLIC'; use one of OFFICIAL, OFFICIAL-SENSITIVE, OFFICIAL-SENSITIVE COMMERCIAL, "
        "OFFICIAL-SENSITIVE LOCSEN, OFFICIAL-SENSITIVE PERSONAL, SECRET or TOP SECRET\n"
    )
    assert "Traceback" not in result.output
    assert not out.exists()


def test_existing_outputs_survive_a_failed_build(pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    invoke("build", str(pack), "--out", str(out))
    before = (out / "report.docx").read_bytes()
    (pack / "pack.yaml").write_text("council: [broken\n")
    assert invoke("build", str(pack), "--out", str(out)).exit_code == 1
    assert (out / "report.docx").read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == [
        ".policykit-manifest.json", "appendix-a.docx", "appendix-b.docx", "appendix-c.docx",
        "report.docx"]


def test_control_characters_warn_and_still_build(pack: Path, tmp_path: Path) -> None:
    policy = pack / "appendix-b.md"
    policy.write_text(policy.read_text().replace("# ", "# \x01", 1))
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "Warning: " in result.stderr and "dropped U+0001" in result.stderr


def test_validate_reports_documents(pack: Path) -> None:
    result = invoke("validate", str(pack))
    assert result.exit_code == 0
    assert result.stdout == (
        f"{pack} is valid: 4 pack documents (report, appendix-a, appendix-b, appendix-c); "
        "also staff-policy-2014 (not in the pack).\n"
    )


def test_validate_missing_folder(tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path / "nope"))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path}/nope: no such content folder; pass the folder holding pack.yaml "
        "(or run 'policykit init' to create one)\n"
    )


def _other_brand(folder: Path) -> Path:
    folder.mkdir()
    for name in ("report.docx", "policy.docx"):
        document = docx.Document()
        document.sections[0].header.paragraphs[0].text = (
            "OTHER COUNCIL Classification: {{ classification }}")
        document.sections[0].footer.paragraphs[0].text = "Classification: {{ classification }}"
        document.add_paragraph("{{ title }}", style="Title")
        document.add_paragraph("{{ body }}")
        document.save(folder / name)
    return folder


def test_template_dir_swaps_the_brand(pack: Path, tmp_path: Path) -> None:
    brand = _other_brand(tmp_path / "brand")
    out = tmp_path / "out"
    result = invoke("build", str(pack), "--out", str(out), "--template-dir", str(brand))
    assert result.exit_code == 0, result.output
    built = docx.Document(out / "appendix-a.docx")
    assert built.sections[0].header.paragraphs[0].text == (
        "OTHER COUNCIL Classification: OFFICIAL")
    assert built.paragraphs[0].text == "Social Media Policy for Members"


def test_template_dir_with_entity_declarations_is_refused(pack: Path, tmp_path: Path) -> None:
    brand = _other_brand(tmp_path / "brand")
    path = brand / "policy.docx"
    import zipfile

    original = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as target:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1)
            target.writestr(item.filename, data)
    path.write_bytes(stream.getvalue())
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"), "--template-dir",
                    str(brand))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {brand}/policy.docx: word/document.xml declares a DTD or entities; a Word "
        "template never does, so it was refused; put back the council's own template (a .docx "
        "saved by Word), or copy the standard one from a folder made by 'policykit init'\n"
    )


def test_installed_command_works_from_any_folder(tmp_path: Path) -> None:
    """The sample content ships with the package: `policykit validate` from an empty folder
    fails with a clear message, and building a copied pack works from elsewhere."""
    env = child_env(COLUMNS="100")
    empty = run([*policykit_command(), "validate"], cwd=tmp_path, capture_output=True,
                text=True, env=env, timeout=120)
    assert empty.returncode == 1
    assert empty.stderr.startswith("Error: content: no such content folder")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    done = run([*policykit_command(), "validate"], cwd=tmp_path, capture_output=True,
               text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("content is valid: 4 pack documents")


def test_template_without_marking_in_its_footer_is_refused(pack: Path, tmp_path: Path) -> None:
    brand = _other_brand(tmp_path / "brand")
    document = docx.Document(brand / "policy.docx")
    document.sections[0].footer.paragraphs[0].text = "Page footer"
    document.save(brand / "policy.docx")
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"), "--template-dir",
                    str(brand))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {brand}/policy.docx: the footer of section 1 has no classification marking; "
        "add 'Classification: {{ classification }}' to it\n"
    )
    assert not (tmp_path / "out").exists()


def test_template_with_unmarked_first_page_header_is_refused(pack: Path, tmp_path: Path) -> None:
    brand = _other_brand(tmp_path / "brand")
    document = docx.Document(brand / "report.docx")
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Cover page"
    section.first_page_footer.paragraphs[0].text = "Classification: {{ classification }}"
    document.save(brand / "report.docx")
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"), "--template-dir",
                    str(brand))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {brand}/report.docx: the first-page header of section 1 has no classification "
        "marking; add 'Classification: {{ classification }}' to it\n"
    )


def test_outputs_have_ordinary_file_permissions(pack: Path, tmp_path: Path) -> None:

    out = tmp_path / "out"
    invoke("build", str(pack), "--out", str(out))
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "report.docx").stat().st_mode & 0o777 == 0o666 & ~umask
    assert list(out.glob(".*.tmp")) == []


def test_build_checks_what_it_wrote_with_check_and_prints_one_summary_line(
        pack: Path, tmp_path: Path) -> None:
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"), "--check")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("Checked ")]
    assert len(lines) == 1
    assert re.fullmatch(r"Checked 4 files: 0 errors, \d+ warnings, \d+ tips?\.", lines[0])
    summary = json.loads(invoke("build", str(pack), "--out", str(tmp_path / "j"), "--check",
                                "--format", "json").stdout)["check"]
    assert summary["files"] == 4 and summary["errors"] == 0 and summary["warnings"] > 0


def test_build_without_check_checks_nothing(pack: Path, tmp_path: Path) -> None:
    result = invoke("build", str(pack), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "Checked" not in result.stdout
    assert result.stdout.splitlines()[-1] == f"Built 4 documents into {tmp_path / 'out'}."
    built = json.loads(invoke("build", str(pack), "--out", str(tmp_path / "j"),
                              "--format", "json").stdout)
    assert built["check"] is None



def test_the_sample_pack_and_its_standing_comparison_have_no_accessibility_errors(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    result = invoke("build", str(content), "-o", str(tmp_path / "out"), "--check")
    assert result.exit_code == 0, result.output
    assert "Checked 5 files: 0 errors, " in result.stdout
