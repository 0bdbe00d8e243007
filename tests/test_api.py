"""Test the package's public face: every exported name resolves, and the façade builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import policykit

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", policykit.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(policykit, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        policykit.nope  # noqa: B018


def test_build_document_through_the_facade() -> None:
    content = policykit.load(ROOT / "content")
    data = policykit.build_document(content, "staff-policy-2014")
    assert data[:2] == b"PK"


def test_build_document_unknown_id() -> None:
    content = policykit.load(ROOT / "content")
    with pytest.raises(policykit.ContentError) as caught:
        policykit.build_document(content, "appendix-z")
    assert str(caught.value) == (
        "no document 'appendix-z'; the content has appendix-a, appendix-b, appendix-c, report, "
        "staff-policy-2014"
    )


def test_build_pack_through_the_facade(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    pack = tmp_path / "content" / "pack.yaml"
    pack.write_text(pack.read_text().split("\n# Standing comparisons")[0] + "\n")
    result = policykit.build_pack(tmp_path / "content", tmp_path / "out")
    assert [p.name for p in result.paths] == ["report.docx", "appendix-a.docx", "appendix-b.docx",
                                              "appendix-c.docx"]
    assert result.commit is None  # not in a git repository
