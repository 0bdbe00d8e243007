"""Test policykit.outputs, the one rule that an output never destroys an input."""

from __future__ import annotations

from pathlib import Path

import pytest

from policykit.errors import OutputError, PolicykitError
from policykit.outputs import check_output, check_output_folder


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Return a folder with content/ (holding pack.yaml), templates/ and build/."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "pack.yaml").write_text("council: X\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "build").mkdir()
    return tmp_path


def test_a_safe_path_is_returned_and_nothing_is_created(tree: Path) -> None:
    target = tree / "build" / "new" / "report.PDF"
    assert check_output(target, suffixes=(".pdf",)) == target
    assert not target.parent.exists()


def test_output_error_is_a_policykit_error() -> None:
    assert issubclass(OutputError, PolicykitError)


@pytest.mark.parametrize(("name", "suffixes", "message"), [
    ("page.htm", (".html",), "a web page is written here but the name ends in .htm; give a "
     "name ending in .html"),
    ("paper", (".pdf",), "a PDF is written here but the name has no extension; give a name "
     "ending in .pdf"),
    ("x.txt", (".docx", ".docm"), "the name ends in .txt, but what is written here is "
     ".docx or .docm; give a name ending in one of them"),
    ("x.txt", (".odt",), "a .odt file is written here but the name ends in .txt; give a name "
     "ending in .odt"),
])
def test_the_extension_must_match_what_is_written(tree: Path, name: str,
                                                  suffixes: tuple[str, ...],
                                                  message: str) -> None:
    target = tree / "build" / name
    with pytest.raises(OutputError) as caught:
        check_output(target, suffixes=suffixes)
    assert str(caught.value) == f"{target}: {message}"


def test_an_input_reached_through_a_symlinked_folder_is_refused(tree: Path) -> None:
    (tree / "build" / "old.docx").write_bytes(b"old")
    (tree / "alias").symlink_to(tree / "build")
    with pytest.raises(OutputError, match=r"is one of this command's inputs"):
        check_output(tree / "alias" / "old.docx", suffixes=(".docx",),
                     inputs=[tree / "build" / "old.docx"])


def test_protected_folders_and_content_folders(tree: Path) -> None:
    with pytest.raises(OutputError, match=r"is inside .*templates, which holds"):
        check_output(tree / "templates" / "x.docx", suffixes=(".docx",),
                     protected=[tree / "templates"])
    with pytest.raises(OutputError, match=r"is inside a content folder \(.*content holds "
                       r"pack\.yaml\)"):
        check_output(tree / "content" / "x.docx", suffixes=(".docx",))


def test_an_output_folder_may_not_be_a_content_folder_or_hold_an_input(tree: Path) -> None:
    with pytest.raises(OutputError, match=r"is inside a content folder"):
        check_output_folder(tree / "content")
    (tree / "build" / "report.docx").write_bytes(b"kit")
    with pytest.raises(OutputError) as caught:
        check_output_folder(tree / "build", names=["report.docx"],
                            inputs=[tree / "build" / "report.docx"])
    assert str(caught.value) == (
        f"{tree / 'build' / 'report.docx'}: is one of this command's inputs "
        f"({tree / 'build' / 'report.docx'}); choose another output folder, e.g. build/")
    assert check_output_folder(tree / "build" / "v1.0") == tree / "build" / "v1.0"
