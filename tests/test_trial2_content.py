"""Trial of the installed command on bad content: one-line errors that say where and what to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from processes import policykit_command, run

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def policykit(project: Path, *args: str) -> tuple[int, str, str]:
    done = run([*policykit_command(), *args], cwd=project, capture_output=True, text=True,
               timeout=120)
    return done.returncode, done.stdout, done.stderr


def replace_line(path: Path, start: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    lines[index] = new + "\n"
    path.write_text("".join(lines), encoding="utf-8")


@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_control_character_escaped_in_a_quoted_title_is_refused_where_it_is_written(
        project: Path, command: str) -> None:
    replace_line(project / "content/appendix-a.md", "title:",
                 'title: "Social\\x07 Media\\x1b[31m Policy"')
    code, out, err = policykit(project, command)
    assert (code, out) == (1, "")
    assert err == (
        "Error: content/appendix-a.md, line 2, field title: holds invisible control "
        "characters (\\x07, \\x1b) that a Word document cannot hold; delete them (in the "
        "file, remove \\x07 and \\x1b from the quoted text)\n")
    assert not (project / "build").exists()


def test_a_nul_escaped_in_the_pack_is_refused_naming_the_field(project: Path) -> None:
    replace_line(project / "content/pack.yaml", "committee:", 'committee: "Cab\\0inet"')
    code, _, err = policykit(project, "validate")
    assert code == 1
    assert err == (
        "Error: content/pack.yaml, line 4, field committee: holds an invisible control "
        "character (\\x00) that a Word document cannot hold; delete it (in the file, remove "
        "\\x00 from the quoted text)\n")


def test_a_content_file_that_is_a_symbolic_link_is_refused_not_reported_missing(
        project: Path) -> None:
    outside = project / "outside.md"
    (project / "content/appendix-b.md").rename(outside)
    (project / "content/appendix-b.md").symlink_to(outside)
    code, _, err = policykit(project, "validate")
    assert code == 1
    assert err == (
        "Error: content/appendix-b.md: is a symbolic link, which policykit does not follow (it "
        "could lead outside the content folder); replace it with a copy of the file itself\n")


def test_a_content_file_name_that_is_a_folder_is_refused_not_reported_missing(
        project: Path) -> None:
    (project / "content/appendix-b.md").unlink()
    (project / "content/appendix-b.md").mkdir()
    code, _, err = policykit(project, "build")
    assert code == 1
    assert err == (
        "Error: content/appendix-b.md: is a folder, not a content file; rename it (content "
        "files are the .md and .yaml files beside pack.yaml) or move it out of the content "
        "folder\n")
    assert not (project / "build").exists()


def test_an_editors_lock_link_beside_the_content_is_left_alone(project: Path) -> None:
    (project / "content/.#appendix-a.md").symlink_to("officer@pc.1234")  # Emacs' lock
    code, out, err = policykit(project, "validate")
    assert (code, err) == (0, "")
    assert out.startswith("content is valid: 4 pack documents")


def test_validate_as_json_says_invalid_on_stdout_for_a_script(project: Path) -> None:
    replace_line(project / "content/pack.yaml", "meeting_date:", "meeting_date: 2019-02-30")
    code, out, err = policykit(project, "validate", "--format", "json")
    message = ("content/pack.yaml, line 5, field meeting_date: 2019-02-30 is not a real date; "
               "write a date that exists, as YYYY-MM-DD")
    assert code == 1
    assert json.loads(out) == {"valid": False, "error": {
        "file": "content/pack.yaml", "line": 5, "field": "meeting_date", "message": message}}
    assert err == f"Error: {message}\n"


def test_validate_as_json_says_invalid_when_there_is_no_content_folder(tmp_path: Path) -> None:
    code, out, err = policykit(tmp_path, "validate", "--format", "json")
    assert code == 1
    assert json.loads(out)["valid"] is False
    assert json.loads(out)["error"]["file"] == "content"
    assert err.startswith("Error: content: no such content folder; ")


def test_a_tab_in_the_front_matter_says_to_indent_with_spaces(project: Path) -> None:
    policy = project / "content/appendix-a.md"
    lines = policy.read_text(encoding="utf-8").split("\n")
    lines[2] = "\t" + lines[2]
    policy.write_text("\n".join(lines), encoding="utf-8")
    code, _, err = policykit(project, "validate")
    assert code == 1
    assert err == (
        "Error: content/appendix-a.md, line 3: invalid YAML: found character '\\t' that cannot "
        "start any token; YAML is indented with spaces, never tabs: replace the tab with "
        "spaces\n")


def test_a_field_given_twice_says_to_remove_one_line(project: Path) -> None:
    replace_line(project / "content/pack.yaml", "committee:",
                 "committee: Cabinet\ncommittee: Council")
    code, _, err = policykit(project, "build")
    assert code == 1
    assert err == (
        'Error: content/pack.yaml, line 5: invalid YAML: found duplicate key "committee" with '
        'value "Council" (original value: "Cabinet"); a field may be given once: remove one '
        "of the two lines\n")
    assert not (project / "build").exists()


def test_a_content_file_given_as_the_content_folder_names_the_folder(project: Path) -> None:
    code, out, err = policykit(project, "validate", "content/pack.yaml")
    assert (code, out) == (1, "")
    assert err == ("Error: content/pack.yaml: is a file, not a folder; pass the folder holding "
                   "pack.yaml (content)\n")


def test_import_into_a_file_given_as_the_content_folder_says_it_is_a_file(project: Path) -> None:
    word = project / "policy.docx"
    word.write_bytes(b"PK\x05\x06" + b"\0" * 18)  # never read: the folder is refused first
    code, out, err = policykit(project, "import", "policy.docx", "new-policy",
                               "--content-dir", "content/pack.yaml")
    assert (code, out) == (1, "")
    assert err == ("Error: content/pack.yaml: is a file, not a folder; pass the folder holding "
                   "pack.yaml with --content-dir\n")


def test_yaml_nested_thousands_deep_names_the_line(project: Path) -> None:
    pack = project / "content/pack.yaml"
    lines = pack.read_text(encoding="utf-8").count("\n")
    with pack.open("a", encoding="utf-8") as stream:
        stream.write("extra: " + "[" * 5000 + "]" * 5000 + "\n")
    code, _, err = policykit(project, "validate")
    assert code == 1
    assert err == (f"Error: content/pack.yaml, line {lines + 1}: invalid YAML: lists or mappings "
                   "are nested far too deeply to read; nest them a few levels at most\n")


def test_an_empty_pack_says_it_is_empty_and_where_to_find_an_example(project: Path) -> None:
    (project / "content/pack.yaml").write_text("")
    code, out, err = policykit(project, "validate")
    assert (code, out) == (1, "")
    assert err == ("Error: content/pack.yaml, line 1: is empty; write one field per line as "
                   "'name: value' (a folder made by 'policykit init' has examples)\n")
