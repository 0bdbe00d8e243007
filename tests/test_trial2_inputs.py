"""Trial of the installed command on hostile and wrong Word files: each refusal says what to do."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from processes import policykit_command, run

ROOT = Path(__file__).resolve().parents[1]
NOT_WORD = ("give the .docx file Word saved, or open it in Word (or LibreOffice) and save it as "
            "a Word document (.docx), then try again")
HOSTILE = ("Word never writes such a file; do not open it, and ask the sender for the document "
           "again")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
          b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><w:document>&lol2;'
          b'</w:document>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document>&x;</w:document>')


def policykit(cwd: Path, *args: str) -> tuple[int, str, str]:
    done = run([*policykit_command(), *args], cwd=cwd, capture_output=True, text=True,
               timeout=120)
    return done.returncode, done.stdout, done.stderr


def word_file(path: Path, document: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", document)
    return path


@pytest.mark.parametrize("command", ["compare", "import", "check"])
def test_a_picture_renamed_docx_is_refused_with_what_to_do(tmp_path: Path, command: str) -> None:
    (tmp_path / "logo.docx").write_bytes((ROOT / "templates/logo.png").read_bytes())
    args = {"compare": ["compare", "logo.docx", "logo.docx", "-o", "out.docx"],
            "import": ["import", "logo.docx", "new-policy", "--content-dir", "."],
            "check": ["check", "logo.docx"]}[command]
    code, out, err = policykit(tmp_path, *args)
    assert (code, out) == (1, "")
    assert err == f"Error: logo.docx: is not a Word document (not a zip file); {NOT_WORD}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.docx"]


@pytest.mark.parametrize("document", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_entities_in_a_word_file_are_refused_with_what_to_do(tmp_path: Path,
                                                             document: bytes) -> None:
    word_file(tmp_path / "returned.docx", document)
    code, out, err = policykit(tmp_path, "compare", "returned.docx", "returned.docx",
                               "-o", "out.docx")
    assert (code, out) == (1, "")
    assert err == ("Error: returned.docx: word/document.xml declares a DTD or entities, which "
                   f"policykit refuses to read; {HOSTILE}\n")
    assert not (tmp_path / "out.docx").exists()


def test_a_zip_bomb_is_refused_with_what_to_do(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b" " * (30 << 20))
    code, out, err = policykit(tmp_path, "check", "bomb.docx")
    assert (code, out) == (1, "")
    assert err.startswith("Error: bomb.docx: looks like a zip bomb: member 'word/document.xml' "
                          "expands ")
    assert err.endswith(f"-fold; {HOSTILE}\n")


def test_a_missing_word_file_says_to_check_the_path(tmp_path: Path) -> None:
    code, _, err = policykit(tmp_path, "check", "nowhere.docx")
    assert code == 1
    assert err == "Error: nowhere.docx: does not exist; check the path\n"


def test_a_picture_saved_over_the_brand_kit_template_says_how_to_put_it_back(
        tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates/policy.docx").write_bytes((ROOT / "templates/logo.png").read_bytes())
    code, out, err = policykit(tmp_path, "build")
    assert (code, out) == (1, "")
    assert err == (
        f"Error: {tmp_path.resolve()}/templates/policy.docx is not a Word document (not a zip "
        "file); put back the council's own template (a .docx saved by Word), or copy the "
        "standard one from a folder made by 'policykit init'\n")
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(("data", "problem"), [
    (b"", "is empty (0 bytes), not a PDF; export the document as PDF again"),
    (None, "is not a PDF (it does not start with %PDF; another kind of file renamed?); give "
           "the PDF itself, or export the document as PDF again"),
    (b"%PDF-1.4\n1 0 obj\n<<", "is not a readable PDF (unable to find trailer dictionary "
     "while recovering damaged file); it may be damaged or cut short: export the document as "
     "PDF again"),
], ids=["empty", "picture", "cut-short"])
def test_a_broken_pdf_is_refused_with_what_to_do(tmp_path: Path, data: bytes | None,
                                                 problem: str) -> None:
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes((ROOT / "templates/logo.png").read_bytes() if data is None else data)
    code, out, err = policykit(tmp_path, "check", "agenda.pdf")
    assert (code, out) == (1, "")
    assert err == f"Error: agenda.pdf: {problem}\n"
