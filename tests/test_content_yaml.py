"""Test YAML mistakes as a user meets them: each error names the line where the mistake is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykit.cli import app
from policykit.content import parse_yaml, yaml_scalar
from policykit.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """Return a copy of the sample content."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def validate(folder: Path) -> object:
    return runner.invoke(app, ["validate", str(folder)], env={"NO_COLOR": "1"})


def test_an_unclosed_quote_is_reported_on_its_own_line(content: Path) -> None:
    report = content / "report.yaml"
    lines = report.read_text().split("\n")
    assert lines[4] == "subject: Social Media Policy for Members"
    lines[4] = 'subject: "Social Media Policy for Members'
    report.write_text("\n".join(lines))
    result = validate(content)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {content}/report.yaml, line 5: invalid YAML: the value starting with \" on "
        "this line has no closing \"; add it at the end of the value\n"
    )


def test_an_unclosed_single_quote_in_front_matter_is_reported_on_its_line(
    content: Path,
) -> None:
    policy = content / "appendix-a.md"
    text = policy.read_text()
    title = next(line for line in text.split("\n") if line.startswith("title: "))
    policy.write_text(text.replace(title, "title: 'Social Media Policy", 1))
    number = text.split("\n").index(title) + 1
    result = validate(content)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {content}/appendix-a.md, line {number}: invalid YAML: the value starting "
        "with ' on this line has no closing '; add it at the end of the value\n"
    )


def test_an_impossible_date_is_named_with_its_line(content: Path) -> None:
    pack = content / "pack.yaml"
    pack.write_text(pack.read_text().replace("meeting_date: 2019-06-11",
                                             "meeting_date: 2019-02-30"))
    result = validate(content)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {content}/pack.yaml, line 5, field meeting_date: 2019-02-30 is not a real "
        "date; write a date that exists, as YYYY-MM-DD\n"
    )


def test_a_legitimate_multi_line_quote_does_not_take_the_blame() -> None:
    text = 'title: "a long title\n  over two lines"\nowner: [unclosed\n'
    with pytest.raises(ContentError) as caught:
        parse_yaml(text, "x.yaml")
    assert caught.value.line == 4
    assert "the value starting with" not in str(caught.value)


@pytest.mark.parametrize("word", ["y", "n", "yes", "No", "on", "OFF", "true", "null"])
def test_words_yaml_readers_take_for_booleans_are_quoted(word: str) -> None:
    assert yaml_scalar(word) == f'"{word}"'
    assert parse_yaml(f"by: {yaml_scalar(word)}\n", "x.yaml")["by"] == word


def test_plain_names_stay_plain() -> None:
    assert yaml_scalar("Cabinet") == "Cabinet"
    assert yaml_scalar("Cabinet: Members") == '"Cabinet: Members"'
