"""Test that every error says what to do (issue 16, part 6).

Pydantic's messages come out in the council's words with file, line, field, what was
expected and an example; ``validate`` refuses content too big to build, naming the file and
line; a compare input holding tracked changes is never read silently.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykit import api
from policykit.cli import app
from policykit.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a copy of the sample content folder (templates/ beside it), as typed: content."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    monkeypatch.chdir(tmp_path)
    return Path("content")


def edit(path: Path, old: str, new: str, *, regex: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    changed = re.sub(old, new, text, count=1, flags=re.M) if regex else text.replace(old, new, 1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")


def error_of(content: Path) -> str:
    with pytest.raises(ContentError) as caught:
        api.validate_content(content)
    return str(caught.value)


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("appendix-c.md", "paragraph: 3", 'paragraph: "three"',
     'content/appendix-c.md, line 9, field exempt.paragraph: must be a number from 1 to 7, '
     'e.g. "paragraph: 3"; it says "three"'),
    ("appendix-c.md", "title: Costs of the External Social Media Training", "title:",
     'content/appendix-c.md, line 2, field title: is empty; write the document\'s title, as '
     'text, e.g. "title: Social Media Policy"'),
    ("appendix-c.md", "title: Costs of the External Social Media Training", 'title: ""',
     'content/appendix-c.md, line 2, field title: is empty; write the document\'s title, as '
     'text, e.g. "title: Social Media Policy"'),
    ("report.yaml", r"^wards_affected:.*$", "wards_affected: 2019-06-11",
     "content/report.yaml, line 12, field wards_affected: must be the wards, as text (not a "
     'date or a list), e.g. "wards_affected: All wards"; it says 2019-06-11, which YAML reads '
     "as a date"),
    ("report.yaml", r"^wards_affected:.*$", "wards_affected: [North, South]",
     "content/report.yaml, line 12, field wards_affected: must be the wards, as text (not a "
     'date or a list), e.g. "wards_affected: All wards"; it is a list'),
    ("appendix-c.md", "status: draft", "status: draft\nnumber_paragraphs: maybe",
     'content/appendix-c.md, line 7, field number_paragraphs: must be true or false, e.g. '
     '"number_paragraphs: true"; it says "maybe"'),
    ("appendix-c.md", "status: draft",
     "status: approved\napproval:\n  by: Cabinet\n  on: 11 June 2019",
     "content/appendix-c.md, line 9, field approval.on: '11 June 2019' is not a date; write "
     'it as YYYY-MM-DD, e.g. "on: 2019-06-11"'),
    ("appendix-c.md", "status: draft", "status: final",
     "content/appendix-c.md, line 6, field status: unknown status 'final'; use one of "
     "draft, for decision, approved, adopted, refused, superseded"),
    ("report.yaml", r"^sections:", "sections: see below\nold_sections:",
     "content/report.yaml, line 14, field sections: must be a list of sections, each with a "
     "heading and paragraphs, e.g. \"sections: then lines '- heading: Background'\"; it says "
     '"see below"'),
    ("pack.yaml", "classification: OFFICIAL", "classification: OFFICIAL\ncheck:\n  "
     "sentence_words: 2",
     'content/pack.yaml, line 8, field check.sentence_words: must be a whole number from 5 to '
     '500, e.g. "sentence_words: 25"; it says "2"'),
    ("report.yaml", r"^(    paragraphs:\n      - )", r"\1''\n      - ",
     'content/report.yaml, line 17, field sections[1].paragraphs[1]: is empty; write a '
     'paragraph of text, e.g. "- The council will ..."'),
])
def test_pydantic_messages_are_in_the_councils_words(content: Path, file: str, old: str,
                                                     new: str, message: str) -> None:
    edit(content / file, old, new, regex=old.startswith("^"))
    assert error_of(content) == message
    assert "input should be" not in message and "valid integer" not in message


def test_every_field_kind_has_an_expectation_and_an_example() -> None:
    from policykit.content.messages import describe

    for kind, value in [("int_parsing", "x"), ("string_type", None), ("bool_parsing", "x"),
                        ("list_type", "x"), ("date_parsing", "x"), ("dict_type", "x"),
                        ("float_parsing", "x"), ("string_too_short", "")]:
        said = describe({"type": kind, "msg": "Input should be whatever", "input": value,
                         "loc": ("some_field",)})
        assert "e.g. \"some_field: " in said, (kind, said)
        assert "Input should" not in said
    for kind in ("enum", "literal_error"):  # choices: the list to pick from
        said = describe({"type": kind, "msg": "Input should be 'a' or 'b'", "input": "c",
                         "loc": ("some_field",), "ctx": {"expected": "'a' or 'b'"}})
        assert said == "'c' is not one of the choices; use 'a' or 'b'"


def test_a_ten_megabyte_paragraph_is_refused_by_validate_naming_file_and_line(
        content: Path) -> None:
    appendix = content / "appendix-b.md"
    lines = appendix.read_text(encoding="utf-8").count("\n")
    appendix.write_text(appendix.read_text(encoding="utf-8") + "\n" + "word " * 2_000_000
                        + "\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", str(content)], env=ENV)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: {content}/appendix-b.md, line {lines + 2}: this paragraph is 10,000,000 "
        "characters long, over the limit of 50,000; split it into shorter paragraphs\n")


def test_a_huge_table_and_too_many_blocks_are_refused(content: Path) -> None:
    appendix = content / "appendix-b.md"
    original = appendix.read_text(encoding="utf-8")
    lines = original.count("\n")
    appendix.write_text(original + "\n| Name | Role |\n|---|---|\n" + "| A | B |\n" * 6000,
                        encoding="utf-8")
    assert error_of(content) == (
        f"{content}/appendix-b.md, line {lines + 2}: this table has 12,002 cells, over the "
        "limit of 10,000; split it into smaller tables, or publish the data as a spreadsheet "
        "and link to it")
    appendix.write_text(original + "\n" + "A short paragraph.\n\n" * 50_001, encoding="utf-8")
    assert "the document has more than 50,000 paragraphs, headings, list items and table " \
        "rows; split it into several documents" in error_of(content)


def test_a_huge_paragraph_in_a_report_names_its_field(content: Path) -> None:
    report = content / "report.yaml"
    text = report.read_text(encoding="utf-8")
    first = re.search(r"^  - heading: .*\n    paragraphs:\n      - ", text, re.M)
    assert first is not None
    report.write_text(text[:first.end()] + "x" * 60_000 + " " + text[first.end():],
                      encoding="utf-8")
    message = error_of(content)
    assert re.fullmatch(
        rf"{content}/report.yaml, line \d+, field sections\[1\]\.paragraphs\[1\]: this "
        r"paragraph is 6\d,\d{3} characters long, over the limit of 50,000; split it into "
        r"shorter paragraphs", message), message


@pytest.fixture
def redline(content: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """Return (the old policy, the new policy, a redline of them holding tracked changes)."""
    result = api.build_pack(content, tmp_path / "build")
    built = {path.name: path for path in result.paths}
    loaded, kit, commit = api.load_content(content)
    old = tmp_path / "staff-policy-2014.docx"
    old.write_bytes(api.build_document(loaded, "staff-policy-2014", kit=kit, commit=commit))
    return old, built["appendix-a.docx"], built["appendix-a-vs-staff-policy-2014.docx"]


def _revisions(path: Path) -> int:
    from policykit.redline.package import Package
    from policykit.redline.reject import count_revisions
    from policykit.word.inputs import read_docx

    package = Package(read_docx(path.read_bytes(), path.name))
    return count_revisions(package.xml(package.main))


def test_tracked_changes_in_a_compare_input_are_counted_on_the_terminal_and_the_cover(
        redline: tuple[Path, Path, Path], tmp_path: Path) -> None:
    from policykit.redline import remove_cover

    _, new, covered = redline
    marked = tmp_path / "marked.docx"
    marked.write_bytes(remove_cover(covered.read_bytes()))
    assert _revisions(marked) > 100
    out = tmp_path / "again.docx"
    result = runner.invoke(app, ["compare", str(marked), str(new), "-o", str(out), "--cover",
                                 "--date", "2026-01-01"], env=ENV)
    assert result.exit_code == 0, result.stderr
    said = re.fullmatch(
        r"Warning: the old document holds (\d+) tracked changes; compared as if they were "
        rf"accepted \({re.escape(str(marked))}; --tracked reject compares it as if they were "
        r"rejected\)\n", result.stderr)
    assert said, result.stderr
    count = int(said.group(1))
    assert count >= _revisions(marked)  # the body's, and the headers' and footers' ones
    from policykit.redline import paragraph_texts

    texts = paragraph_texts(out.read_bytes())
    assert f"Note: The old document holds {count} tracked changes; compared as if they were " \
        "accepted." in texts
    assert result.stdout.startswith("0 insertions, ")  # accepted, it is the new one
    assert int(result.stdout.split(", ")[1].split()[0]) <= 2  # empty paragraphs at most


def test_tracked_reject_compares_the_document_as_it_was_before_the_changes(
        redline: tuple[Path, Path, Path], tmp_path: Path) -> None:
    from policykit.redline import remove_cover

    old, _, marked = redline
    (tmp_path / "marked.docx").write_bytes(remove_cover(marked.read_bytes()))
    result = runner.invoke(app, ["compare", str(tmp_path / "marked.docx"), str(old), "-o",
                                 str(tmp_path / "r.docx"), "--tracked", "reject"], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "compared as if they were rejected" in result.stderr
    assert result.stdout.startswith("0 insertions, ")  # hundreds when read as accepted
    assert int(result.stdout.split(", ")[1].split()[0]) <= 1  # an empty paragraph at most
    from policykit.redline import paragraph_texts
    from policykit.redline.package import Package
    from policykit.redline.reject import reject_all
    from policykit.word.inputs import read_docx

    package = Package(read_docx((tmp_path / "marked.docx").read_bytes(), "marked.docx"))
    reject_all(package.xml(package.main))
    assert paragraph_texts(package.to_bytes()) == paragraph_texts(old.read_bytes())


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a project made by ``policykit init`` (content/, templates/), its root the cwd."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Connie Primmer")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "cprimmer@example.gov.uk")
    assert runner.invoke(app, ["init", str(tmp_path / "council")], env=ENV).exit_code == 0
    monkeypatch.chdir(tmp_path / "council")
    return tmp_path / "council"


def _checked(result) -> list[str]:
    import json

    return sorted(file["path"] for file in json.loads(result.stdout)["files"])


def test_check_at_a_project_root_checks_the_content_and_the_last_build(council: Path) -> None:
    result = runner.invoke(app, ["check", ".", "--format", "json"], env=ENV)
    assert result.exit_code == 0, result.stderr
    checked = _checked(result)
    assert checked and all(path.startswith("content/") for path in checked), checked
    assert not any("templates" in path for path in checked)
    assert runner.invoke(app, ["build"], env=ENV).exit_code == 0
    (council / "build" / "lib").mkdir()  # setuptools' leftovers are not the build's
    (council / "build" / "lib" / "stray.html").write_text("<p>not ours</p>")
    result = runner.invoke(app, ["check", ".", "--format", "json"], env=ENV)
    checked = _checked(result)
    built = sorted(f"build/{path.name}" for path in (council / "build").glob("*.docx"))
    assert len(built) == 5
    assert [path for path in checked if path.startswith("build/")] == built
    assert any(path.startswith("content/") for path in checked)


def test_inside_the_content_folder_build_dot_works_and_names_paths_as_typed(
        council: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(council / "content")
    result = runner.invoke(app, ["build", "."], env=ENV)
    assert result.exit_code == 0, result.stderr
    assert "wrote ../build/appendix-a.docx (" in result.stdout
    assert result.stdout.rstrip().split("\n")[-1].startswith("Built 5 documents into ../build")
    assert (council / "build" / "appendix-a.docx").is_file()
    assert not (council / "content" / "build").exists()
    result = runner.invoke(app, ["build", ".", "-o", "build"], env=ENV)
    assert (result.exit_code, result.stderr) == (1, (
        "Error: build: is inside the content folder you are in (content); write outputs "
        "outside it, e.g. -o ../build, or run the command from ..\n"))
    result = runner.invoke(app, ["build"], env=ENV)
    assert (result.exit_code, result.stderr) == (1, (
        "Error: content: no such content folder, but this folder holds pack.yaml: give it as "
        "'.' (e.g. policykit build .) or run the command from the folder above\n"))
    result = runner.invoke(app, ["validate", "."], env=ENV)
    assert result.exit_code == 0 and result.stdout.startswith(". is valid: ")
