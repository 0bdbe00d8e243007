"""Test the brand kit: loading templates, refusing broken ones, the kit beside content."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from test_render_document import BODY, FRONT, PACK

from policykit import content
from policykit.api import build_pack
from policykit.errors import InputError, TemplateError
from policykit.render import TEMPLATE_NAMES, BrandKit, render_document, shipped_files

ROOT = Path(__file__).resolve().parents[1]


def test_template_that_is_not_a_zip() -> None:
    kit = BrandKit.from_files({"report.docx": b"hello", "policy.docx": b"hello"}, "brand")
    loaded = content.load_files(
        {"pack.yaml": PACK.encode(), "policy.md": (FRONT + BODY).encode()}, root="content")
    with pytest.raises(TemplateError) as caught:
        render_document(loaded, "policy", kit)
    assert str(caught.value) == (
        "brand/policy.docx is not a Word document (not a zip file); put back the council's own "
        "template (a .docx saved by Word), or copy the standard one from a folder made by "
        "'policykit init'")


def test_brand_kit_folder_missing_a_template(tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(b"x")
    with pytest.raises(TemplateError) as caught:
        BrandKit.from_folder(tmp_path)
    assert str(caught.value) == (
        f"{tmp_path} has no policy.docx; a brand kit needs report.docx and policy.docx "
        "(copy them from 'policykit init')"
    )


def _pack(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "pack.yaml").write_text(PACK)
    (folder / "policy.md").write_text(FRONT + BODY)
    return folder


def test_templates_folder_lacking_a_template_is_an_error_naming_it(tmp_path: Path) -> None:
    folder = _pack(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "report.docx").write_bytes((ROOT / "templates/report.docx")
                                                          .read_bytes())
    with pytest.raises(TemplateError) as caught:
        BrandKit.beside(folder)
    assert str(caught.value) == (
        f"{tmp_path / 'templates'} has no policy.docx; a brand kit needs report.docx and "
        "policy.docx (copy them from 'policykit init')"
    )
    with pytest.raises(TemplateError, match="has no policy.docx"):
        build_pack(folder, tmp_path / "build")
    assert not (tmp_path / "build").exists()


def test_no_templates_folder_uses_the_shipped_kit(tmp_path: Path) -> None:
    kit = BrandKit.beside(_pack(tmp_path))
    files, _ = shipped_files()
    assert dict(kit.templates) == {name: files[name] for name in TEMPLATE_NAMES}


def test_templates_beside_content_are_used(tmp_path: Path) -> None:
    folder = _pack(tmp_path)
    (tmp_path / "templates").mkdir()
    for name in TEMPLATE_NAMES:
        (tmp_path / "templates" / name).write_bytes(b"not a template")
    kit = BrandKit.beside(folder)
    assert kit.source == str(tmp_path / "templates")
    with pytest.raises(TemplateError) as caught:
        render_document(content.load(folder), "policy", kit)
    assert str(caught.value) == (
        f"{tmp_path / 'templates'}/policy.docx is not a Word document (not a zip file); put "
        "back the council's own template (a .docx saved by Word), or copy the standard one "
        "from a folder made by 'policykit init'")


def test_shipped_kit_holds_both_templates_and_the_logo() -> None:
    files, _ = shipped_files()
    assert sorted(files) == ["logo.png", "policy.docx", "report.docx"]


def test_template_declaring_a_dtd_is_refused() -> None:
    stream = io.BytesIO()
    docx.Document().save(stream)
    source = zipfile.ZipFile(io.BytesIO(stream.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY a "b">]>', 1)
            target.writestr(name, data)
    kit = BrandKit.from_files({name: out.getvalue() for name in TEMPLATE_NAMES}, "brand")
    with pytest.raises(InputError) as caught:
        kit.open("policy.docx")
    assert str(caught.value) == (
        "brand/policy.docx: word/document.xml declares a DTD or entities; a Word template "
        "never does, so it was refused; put back the council's own template (a .docx saved by "
        "Word), or copy the standard one from a folder made by 'policykit init'"
    )
