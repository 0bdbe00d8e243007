"""Test that a build removes the outputs it wrote before and no longer writes, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitfixtures import PACK, POLICY
from typer.testing import CliRunner

from policykit.cli import app
from policykit.versions.manifest import MANIFEST_NAME, digest

runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}
APPENDIX_B = "  - id: appendix-b\n    appendix: B\n"


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """Return a content folder (not in git) whose pack holds two policies, A and B."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK + APPENDIX_B)
    (folder / "appendix-a.md").write_text(POLICY)
    (folder / "appendix-b.md").write_text(POLICY.replace("Social Media Policy", "Guidance"))
    return folder


def build(pack: Path, out: Path) -> object:
    return runner.invoke(app, ["build", str(pack), "--out", str(out)], env=ENV)


def drop_appendix_b(pack: Path) -> None:
    text = (pack / "pack.yaml").read_text()
    assert APPENDIX_B in text
    (pack / "pack.yaml").write_text(text.replace(APPENDIX_B, ""))


def listing(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir())


def test_a_document_leaving_the_pack_leaves_build_and_other_files_stay(
        pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert build(pack, out).exit_code == 0
    (out / "notes.txt").write_text("my notes")
    (out / "old-minutes.docx").write_bytes(b"someone's own document")
    drop_appendix_b(pack)

    result = build(pack, out)

    assert result.exit_code == 0, result.output
    assert f"removed {out}/appendix-b.docx (no longer built)\n" in result.stdout
    assert result.stderr == ""
    assert listing(out) == [MANIFEST_NAME, "appendix-a.docx", "notes.txt", "old-minutes.docx"]
    assert (out / "notes.txt").read_text() == "my notes"
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert manifest["files"] == {
        "appendix-a.docx": digest((out / "appendix-a.docx").read_bytes())}


def test_a_changed_output_is_kept_with_a_warning_once(pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert build(pack, out).exit_code == 0
    (out / "appendix-b.docx").write_bytes(b"edited by hand after the build")
    drop_appendix_b(pack)

    result = build(pack, out)

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: {out}/appendix-b.docx: no longer built, but it was kept because it has "
        "changed since policykit wrote it; delete it yourself if it is not needed\n")
    assert "removed" not in result.stdout
    assert (out / "appendix-b.docx").read_bytes() == b"edited by hand after the build"
    again = build(pack, out)  # it is no longer policykit's: no warning the next time
    assert again.exit_code == 0 and again.stderr == ""
    assert (out / "appendix-b.docx").exists()


def test_a_json_build_lists_what_it_removed(pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert build(pack, out).exit_code == 0
    drop_appendix_b(pack)
    result = runner.invoke(app, ["build", str(pack), "--out", str(out), "--format", "json"],
                           env=ENV)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["removed"] == [str(out / "appendix-b.docx")]


def test_a_manifest_naming_files_outside_the_folder_removes_nothing(
        pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    victim = tmp_path / "precious.docx"
    victim.write_bytes(b"precious")
    hidden = out / ".hidden.docx"
    hidden.write_bytes(b"hidden")
    (out / MANIFEST_NAME).write_text(json.dumps({
        "format": "policykit build manifest 1",
        "files": {"../precious.docx": digest(b"precious"), str(victim): digest(b"precious"),
                  ".hidden.docx": digest(b"hidden")},
    }))
    result = build(pack, out)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and "removed" not in result.stdout
    assert victim.read_bytes() == b"precious" and hidden.read_bytes() == b"hidden"


@pytest.mark.parametrize("text", ["{not json", "[]", '{"files": {"appendix-b.docx": "x"}}',
                                  "x" * ((1 << 20) + 1)])
def test_an_unreadable_manifest_removes_nothing_and_is_rewritten(
        pack: Path, tmp_path: Path, text: str) -> None:
    out = tmp_path / "build"
    assert build(pack, out).exit_code == 0
    (out / MANIFEST_NAME).write_text(text)
    drop_appendix_b(pack)

    result = build(pack, out)

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: {out}/{MANIFEST_NAME}: the list of files policykit wrote before cannot be "
        "read, so no old outputs were removed; it has been written afresh\n")
    assert (out / "appendix-b.docx").exists()
    assert set(json.loads((out / MANIFEST_NAME).read_text())["files"]) == {"appendix-a.docx"}
