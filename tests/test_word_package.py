"""Test writing packages and files: the reproducible zip, properties, and the atomic writer."""

from __future__ import annotations

import errno
import io
import os
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policykit.cli import app
from policykit.errors import OutputError
from policykit.word.package import (
    core_properties,
    custom_properties,
    read_custom_properties,
    write_atomic,
    write_zip,
)

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- the zip writer


def test_write_zip_is_reproducible_in_the_callers_order() -> None:
    members = {"b.xml": b"<b/>" * 100, "[Content_Types].xml": b"<Types/>", "a.xml": b"<a/>"}
    order = ["[Content_Types].xml", "b.xml", "a.xml"]
    first = write_zip(members, order)
    assert first == write_zip(dict(reversed(members.items())), order)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == order
        infos = archive.infolist()
        assert {info.date_time for info in infos} == {(1980, 1, 1, 0, 0, 0)}
        assert {info.external_attr >> 16 for info in infos} == {0o644}
        assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
        assert archive.read("b.xml") == members["b.xml"]
    private = write_zip(members, order, mode=0o600, compresslevel=1)
    with zipfile.ZipFile(io.BytesIO(private)) as archive:
        assert {info.external_attr >> 16 for info in archive.infolist()} == {0o600}


def test_core_properties_are_the_xml_word_writes() -> None:
    xml = core_properties(title="A & B <policy>", subject="Cabinet", author="HR",
                          created=date(2019, 6, 11), language="en-GB")
    assert xml == (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        b'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        b'xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        b"<dc:title>A &amp; B &lt;policy&gt;</dc:title><dc:subject>Cabinet</dc:subject>"
        b"<dc:creator>HR</dc:creator><cp:keywords></cp:keywords><cp:category></cp:category>"
        b"<dc:language>en-GB</dc:language><cp:lastModifiedBy>policykit</cp:lastModifiedBy>"
        b"<cp:revision>1</cp:revision>"
        b'<dcterms:created xsi:type="dcterms:W3CDTF">2019-06-11T09:00:00Z</dcterms:created>'
        b'<dcterms:modified xsi:type="dcterms:W3CDTF">2019-06-11T09:00:00Z</dcterms:modified>'
        b"</cp:coreProperties>"
    )


def test_custom_properties_round_trip() -> None:
    values = {"Classification": "OFFICIAL", "Quote\"d & <odd>": "", "PolicykitVersion": "1.0"}
    xml = custom_properties(values)
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                          b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
                          b'2006/custom-properties" xmlns:vt=')
    assert b'pid="2" name="Classification"><vt:lpwstr>OFFICIAL</vt:lpwstr>' in xml
    package = write_zip({"docProps/custom.xml": xml}, ["docProps/custom.xml"])
    assert read_custom_properties(package) == values


# ---------------------------------------------------------------- the atomic writer


def leftovers(folder: Path) -> list[str]:
    """Return every path under ``folder``, relative, sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_writes_creating_missing_folders_and_keeps_an_existing_mode(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper" / "out.docx"
    assert write_atomic(target, b"one") == target
    assert target.read_bytes() == b"one"
    target.chmod(0o640)
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert target.stat().st_mode & 0o777 == 0o640
    assert leftovers(tmp_path) == ["new", "new/deeper", "new/deeper/out.docx"]


@pytest.mark.parametrize("where", ["parent", "grandparent"])
def test_a_folder_that_is_a_file(tmp_path: Path, where: str) -> None:
    (tmp_path / "notes").write_text("mine")
    target = tmp_path / "notes" / "out.docx" if where == "parent" else \
        tmp_path / "notes" / "sub" / "out.docx"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"data")
    assert str(caught.value) == (
        f"{target}: {tmp_path / 'notes'} is a file, not a folder; choose another output folder"
    )
    assert leftovers(tmp_path) == ["notes"]
    assert (tmp_path / "notes").read_text() == "mine"


def test_a_path_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "report.docx").mkdir()
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "report.docx", b"data")
    assert str(caught.value) == (
        f"{tmp_path / 'report.docx'}: is a folder, not a file; give the name of a file to write"
    )
    assert leftovers(tmp_path) == ["report.docx"]


def test_a_name_too_long(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 295 + ".docx")
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"data")
    assert str(caught.value) == (
        f"{target}: a name in it is too long (300 characters; most disks allow 255); "
        "choose a shorter name"
    )
    assert leftovers(tmp_path) == []


def test_a_folder_name_too_long_leaves_no_folder_behind(tmp_path: Path) -> None:
    target = tmp_path / "made" / ("y" * 300) / "out.docx"
    with pytest.raises(OutputError, match="a name in it is too long"):
        write_atomic(target, b"data")
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        (errno.ENOSPC, "the disk is full; free some space or choose another disk, then try "
                       "again"),
        (errno.EACCES, "permission denied; choose a folder you can write to"),
        (errno.EROFS, "the disk is read-only; choose a folder on a disk you can write to"),
        (errno.EIO, "cannot be written (Input/output error); check the path and try again"),
    ],
)
def test_failures_at_the_rename_leave_the_old_file(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   code: int, problem: str) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"old")

    def refuse(source: object, destination: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == f"{target}: {problem}"
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["out.docx"]


def test_a_full_disk_while_writing_removes_the_folders_it_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_fsync = os.fsync

    def full(descriptor: int) -> None:
        real_fsync(descriptor)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "build" / "out.docx"
    with pytest.raises(OutputError) as caught:
        write_atomic(target, b"data")
    assert str(caught.value) == (
        f"{target}: the disk is full; free some space or choose another disk, then try again")
    assert leftovers(tmp_path) == []


def test_a_read_only_folder_when_creating_the_temporary_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "out.ics", b"data")
    assert str(caught.value) == (
        f"{tmp_path / 'out.ics'}: the disk is read-only; choose a folder on a disk you can "
        "write to"
    )
    assert leftovers(tmp_path) == []


def test_build_into_a_folder_that_is_a_file_is_one_error_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "notes.txt").write_text("mine")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "content", "-o", "notes.txt/x"],
                                terminal_width=100)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0] == ("Error: notes.txt/x: notes.txt is a file, not a folder; choose "
                        "another output folder")
    assert leftovers(tmp_path / "content") == leftovers(ROOT / "content")
    assert (tmp_path / "notes.txt").read_text() == "mine"
