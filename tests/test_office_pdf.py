"""Tests for policykit.office.pdf: accessible PDF export in one LibreOffice per session."""

from __future__ import annotations

import io
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest

from policykit.api import build_document, load_content
from policykit.errors import OfficeError
from policykit.office import session as office
from policykit.office.pdf import PdfOptions, PdfSession

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    content, kit, _ = load_content(ROOT / "content")
    return build_document(content, "report", kit=kit)


def _info(pdf: bytes) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    return dict(line.split(":", 1) for line in done.stdout.decode().splitlines() if ":" in line)


@pytest.mark.office
def test_export_is_tagged_with_pdf_ua_and_pdf_a_2_and_shows_the_title(report_docx):
    with PdfSession() as session:
        pdf = session.export(report_docx, "report.pdf")
        again = session.export(report_docx, "report-again.pdf")
        assert session.offices_started == 1
    info = _info(pdf)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Social Media Policy for Members"
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert document.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in document.Root
        assert document.Root.ViewerPreferences.DisplayDocTitle is True
        meta = document.open_metadata()
        # LibreOffice 7.4 writes both claims when asked for both.
        assert meta["pdfuaid:part"] == "1"
        assert meta["pdfaid:part"] == "2"
        bookmarks = [item.title for item in document.open_outline().root]
        # The title (the document's H1), each numbered section, the list of appendices.
        assert bookmarks[0] == "Social Media Policy for Members"
        assert bookmarks[1] == "1. Purpose of Report" and bookmarks[-1] == "Appendices"
        assert len(bookmarks) == 9
    assert _info(again)["Pages"] == info["Pages"]


@pytest.mark.office
def test_without_pdf_a_only_pdf_ua_is_claimed(report_docx):
    with PdfSession(PdfOptions(pdf_a=None)) as session:
        pdf = session.export(report_docx, "report.pdf")
    with pikepdf.open(io.BytesIO(pdf)) as document:
        meta = document.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert "pdfaid:part" not in meta


@pytest.mark.office
def test_a_file_libreoffice_cannot_open_is_an_error_naming_it():
    with PdfSession() as session, pytest.raises(OfficeError) as caught:
        session.export(b"PK\x03\x04 not really a document", "appendix-b.pdf")
    assert str(caught.value).startswith("appendix-b.pdf: LibreOffice could not make the PDF: ")


def test_missing_libreoffice_is_an_error_naming_the_document(monkeypatch, report_docx):
    monkeypatch.setenv("POLICYKIT_SOFFICE", "/nonexistent/soffice")
    office.missing.cache_clear()
    try:
        with PdfSession() as session, pytest.raises(OfficeError) as caught:
            session.export(report_docx, "report.pdf")
    finally:
        monkeypatch.undo()
        office.missing.cache_clear()
    assert str(caught.value).startswith(
        "report.pdf: cannot make the PDF: LibreOffice is not usable (missing soffice")


def _fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _running(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.office
def test_a_hanging_office_is_stopped_after_the_timeout(tmp_path, monkeypatch, report_docx):
    script = _fake_soffice(tmp_path, "sleep 600")
    monkeypatch.setenv("POLICYKIT_SOFFICE", str(script))
    monkeypatch.setenv("POLICYKIT_OFFICE_TIMEOUT", "1")
    office.missing.cache_clear()
    started = time.monotonic()
    try:
        with PdfSession() as session, pytest.raises(OfficeError) as caught:
            session.export(report_docx, "report.pdf")
    finally:
        monkeypatch.undo()
        office.missing.cache_clear()
    assert time.monotonic() - started < 30
    assert str(caught.value) == (
        "report.pdf: LibreOffice did not make the PDF within 12s and was stopped; "
        "set POLICYKIT_OFFICE_TIMEOUT to allow more seconds")
    time.sleep(0.5)
    assert _running(str(script)) == []


@pytest.mark.office
def test_an_office_that_fails_to_start_is_an_error(tmp_path, monkeypatch, report_docx):
    monkeypatch.setenv("POLICYKIT_SOFFICE", str(_fake_soffice(tmp_path, "exit 3")))
    office.missing.cache_clear()
    try:
        with PdfSession() as session, pytest.raises(OfficeError) as caught:
            session.export(report_docx, "report.pdf")
    finally:
        monkeypatch.undo()
        office.missing.cache_clear()
    assert str(caught.value) == (
        "report.pdf: LibreOffice failed before making the PDF (RuntimeError: soffice exited "
        "with code 3 on start); check that 'soffice --headless' runs on this machine")
