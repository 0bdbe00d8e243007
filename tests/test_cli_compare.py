"""Test ``policykit compare`` end to end with Typer's CliRunner: output, summary, errors."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from test_redline_sim import accept_texts, build, reject_texts
from typer.testing import CliRunner

from policykit.cli import app

runner = CliRunner(env={"COLUMNS": "100", "TERM": "dumb"})


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.docx", tmp_path / "new.docx"
    old.write_bytes(build([("Scope", "Heading 1"), "Applies to staff.", "Old closing words."]))
    new.write_bytes(build([("Scope", "Heading 1"), "Applies to all staff.", "Old closing words."]))
    return old, new


def test_compare_writes_the_redline_and_prints_the_summary(pair, tmp_path: Path) -> None:
    old, new = pair
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(out), "--author",
                                 "Legal", "--date", "2026-03-31T09:00"])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1 insertion, 0 deletions, 0 moves, 0 formatting changes\n"
        "Where   ins  del move  fmt\n"
        "Scope     1    0    0    0\n"
        f"Wrote {out}\n"
    )
    data = out.read_bytes()
    assert accept_texts(data) == ["Scope", "Applies to all staff.", "Old closing words."]
    assert reject_texts(data) == ["Scope", "Applies to staff.", "Old closing words."]
    assert b'w:author="Legal"' in zipfile.ZipFile(out).read("word/document.xml")
    assert list(tmp_path.glob(".*.tmp")) == []


def test_summary_json_prints_only_json(pair, tmp_path: Path) -> None:
    old, new = pair
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(tmp_path / "o.docx"),
                                 "--summary", "json", "--date", "2026-03-31"])
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["counts"] == {"insertion": 1, "deletion": 0, "move": 0, "formatting": 0}
    assert summary["changes"] == [
        {"kind": "insertion", "heading": "Scope", "part": "body", "text": "all"}
    ]


def test_default_date_is_now_in_utc_to_the_second(pair, tmp_path: Path) -> None:
    old, new = pair
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(out)])
    assert result.exit_code == 0, result.output
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    stamp = xml.split('w:date="', 1)[1].split('"', 1)[0]
    moment = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 60


def test_same_inputs_and_date_give_identical_files(pair, tmp_path: Path) -> None:
    old, new = pair
    outputs = []
    for name in ("a.docx", "b.docx"):
        out = tmp_path / name
        runner.invoke(app, ["compare", str(old), str(new), "-o", str(out), "--date", "2026-01-01"])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_summary_page_and_char_granularity(pair, tmp_path: Path) -> None:
    old, new = pair
    out = tmp_path / "o.docx"
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(out),
                                 "--summary-page", "--granularity", "char"])
    assert result.exit_code == 0
    assert b"Summary of changes" in zipfile.ZipFile(out).read("word/document.xml")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty (0 bytes), not a Word document; give the .docx file Word saved, or "
              "open it in Word (or LibreOffice) and save it as a Word document (.docx), then "
              "try again"),
        (b"plain text", "is not a Word document (not a zip file); give the .docx file Word "
                        "saved, or open it in Word (or LibreOffice) and save it as a Word "
                        "document (.docx), then try again"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
         "is a legacy Word 97-2003 .doc file, not a .docx; open it in Word and save it as .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptionInfo".encode("utf-16-le"),
         "is encrypted (password protected); remove the password in Word and try again"),
    ],
)
def test_bad_input_is_an_error_and_leaves_no_output(
    pair, tmp_path: Path, content: bytes, problem: str
) -> None:
    _, new = pair
    bad = tmp_path / "bad.docx"
    bad.write_bytes(content)
    out = tmp_path / "out.docx"
    result = runner.invoke(app, ["compare", str(bad), str(new), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {bad}: {problem}\n"
    assert result.stdout == ""
    assert not out.exists()
    assert list(tmp_path.glob(".*.tmp")) == []


def test_missing_input(pair, tmp_path: Path) -> None:
    old, _ = pair
    missing = tmp_path / "missing.docx"
    result = runner.invoke(app, ["compare", str(old), str(missing), "-o",
                                 str(tmp_path / "o.docx")])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {missing}: does not exist; check the path\n"


def test_output_folder_must_exist(pair, tmp_path: Path) -> None:
    old, new = pair
    out = tmp_path / "nowhere" / "o.docx"
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out}: folder {out.parent} does not exist; create it "
                             "first, or write the comparison into a folder that exists\n")


def test_bad_date_is_a_usage_error(pair, tmp_path: Path) -> None:
    old, new = pair
    result = runner.invoke(app, ["compare", str(old), str(new), "-o", str(tmp_path / "o.docx"),
                                 "--date", "last tuesday"])
    assert result.exit_code == 2
    assert "'last tuesday' is not an ISO date or date-time" in result.stderr


def test_an_input_with_tracked_changes_is_reported(pair, tmp_path: Path) -> None:
    old, new = pair
    first = tmp_path / "first.docx"
    runner.invoke(app, ["compare", str(old), str(new), "-o", str(first), "--date", "2026-01-01"])
    result = runner.invoke(app, ["compare", str(old), str(first), "-o", str(tmp_path / "o.docx")])
    assert result.exit_code == 0
    assert result.stderr == (
        f"Warning: the new document holds 1 tracked change; compared as if they were accepted "
        f"({first}; --tracked reject compares it as if they were rejected)\n")
