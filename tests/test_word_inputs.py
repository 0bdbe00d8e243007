"""Test that broken and hostile .docx inputs are refused quickly with a clear message."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from test_redline_sim import build

from policykit.errors import InputError
from policykit.word import inputs as inputs
from policykit.word.inputs import parse_xml, read_docx, read_docx_file

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def refusal(data: bytes, name: str = "policy.docx") -> str:
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        read_docx(data, name)
    assert time.perf_counter() - started < 1.0
    return str(caught.value)


def test_a_real_document_is_read() -> None:
    package = read_docx(build(["Hello."]), "ok.docx")
    assert "word/document.xml" in package.members
    assert package.members["[Content_Types].xml"].startswith(b"<?xml")


def test_empty_file() -> None:
    assert refusal(b"") == ("policy.docx: is empty (0 bytes), not a Word document; "
                             f"{inputs.NOT_WORD}")


def test_not_a_zip() -> None:
    assert refusal(b"Dear colleague,\n") == (
        f"policy.docx: is not a Word document (not a zip file); {inputs.NOT_WORD}")


def test_legacy_doc() -> None:
    assert refusal(OLE2 + b"WordDocument".decode().encode("utf-16-le")) == (
        "policy.docx: is a legacy Word 97-2003 .doc file, not a .docx; "
        "open it in Word and save it as .docx"
    )


def test_encrypted_document() -> None:
    data = OLE2 + "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert refusal(data) == (
        "policy.docx: is encrypted (password protected); remove the password in Word and "
        "try again"
    )


def test_truncated_zip() -> None:
    data = build(["Some text that makes the zip long enough."])
    message = refusal(data[: len(data) // 2])
    assert message.startswith("policy.docx: is a damaged or truncated zip file")


def test_corrupted_member() -> None:
    data = bytearray(zipped({"[Content_Types].xml": b"<a/>", "word/document.xml": b"<w/>" * 50},
                            zipfile.ZIP_STORED))
    start = data.index(b"<w/><w/>")
    data[start:start + 4] = b"XXXX"
    assert refusal(bytes(data)).startswith(
        "policy.docx: is a damaged or truncated zip file: member 'word/document.xml'"
    )


def test_zip_bomb_by_ratio() -> None:
    data = zipped({"[Content_Types].xml": b"<a/>", "word/document.xml": b"\0" * (20 << 20)})
    assert refusal(data).startswith(
        "policy.docx: looks like a zip bomb: member 'word/document.xml' expands "
    )


def test_zip_bomb_by_members(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_MEMBERS", 5)
    data = zipped({f"word/m{i}.xml": b"<a/>" for i in range(6)})
    assert refusal(data) == (
        f"policy.docx: looks like a zip bomb: 6 members (limit 5); {inputs.HOSTILE}")


def test_zip_bomb_by_total_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inputs, "MAX_TOTAL_UNCOMPRESSED", 1000)
    data = zipped({"[Content_Types].xml": b"<a/>", "word/document.xml": b"x" * 2000})
    assert refusal(data) == (
        "policy.docx: looks like a zip bomb: 2,004 bytes uncompressed (limit 1,000); "
        f"{inputs.HOSTILE}"
    )


def test_member_path_escaping() -> None:
    data = zipped({"[Content_Types].xml": b"<a/>", "../../etc/evil": b"x",
                   "word/document.xml": b"<a/>"})
    assert refusal(data) == (
        f"policy.docx: has a member path escaping the package: '../../etc/evil'; {inputs.HOSTILE}")
    absolute = zipped({"/etc/evil": b"x"})
    assert refusal(absolute) == (
        f"policy.docx: has a member path escaping the package: '/etc/evil'; {inputs.HOSTILE}")


def test_zip_that_is_not_a_word_document() -> None:
    assert refusal(zipped({"notes.txt": b"hello"})) == (
        "policy.docx: is a zip file but not a Word document (no word/document.xml); "
        f"{inputs.NOT_WORD}"
    )
    workbook = zipped({"[Content_Types].xml": b"<a/>", "xl/workbook.xml": b"<a/>"})
    assert refusal(workbook) == (
        f"policy.docx: is an Excel workbook, not a Word document; {inputs.NOT_WORD}")


def test_xml_with_a_doctype_or_entities_is_refused() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>')
    with pytest.raises(InputError) as caught:
        parse_xml(laughs, "policy.docx", "word/document.xml")
    assert str(caught.value) == (
        "policy.docx: word/document.xml declares a DTD or entities, which policykit refuses "
        f"to read; {inputs.HOSTILE}"
    )


def test_external_entity_is_never_fetched() -> None:
    xxe = (b'<?xml version="1.0"?>\n' + b" " * 70000
           + b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>')
    with pytest.raises(InputError, match="declares a DTD or entities"):
        parse_xml(xxe, "policy.docx", "word/document.xml")


def test_malformed_xml() -> None:
    with pytest.raises(InputError) as caught:
        parse_xml(b"<w:document><unclosed></w:document>", "policy.docx", "word/document.xml")
    assert str(caught.value).startswith("policy.docx: word/document.xml is not well-formed XML")


def test_missing_file(tmp_path) -> None:
    with pytest.raises(InputError) as caught:
        read_docx_file(tmp_path / "nope.docx")
    assert str(caught.value) == f"{tmp_path / 'nope.docx'}: does not exist; check the path"


def test_any_xml_member_with_a_doctype_is_refused_on_reading() -> None:
    data = zipped({"[Content_Types].xml": b"<a/>", "word/document.xml": b"<a/>",
                   "word/settings.xml": b'<!DOCTYPE s [<!ENTITY e "x">]><s>&e;</s>'})
    assert refusal(data) == (
        "policy.docx: word/settings.xml declares a DTD or entities, which policykit refuses "
        f"to read; {inputs.HOSTILE}"
    )
