"""Compare the classes of real Word files that peers refuse or break, each with a test file.

Each test builds a small document of its own (python-docx, then lxml or a zip rewrite) of
one class found in real Word files, and checks the redline through the Accept/Reject
simulator: a main part that is not at ``word/document.xml``, ISO/IEC 29500 Strict
namespaces, content controls around rows and cells, numbers and dates as whole tokens.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime

from test_redline_sim import NS, accept_texts, build, part, reject_texts

from policykit.redline import compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


def rezip(data: bytes, edit) -> bytes:
    """Return the .docx ``data`` with ``edit(name, bytes) -> (name, bytes)`` applied to members."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            name, content = edit(info.filename, source.read(info.filename))
            target.writestr(name, content)
    return out.getvalue()


def moved_main_part(data: bytes) -> bytes:
    """Move the main part to ``word/main.xml``, as some generators name it."""
    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name == "word/document.xml":
            return "word/main.xml", content
        if name == "word/_rels/document.xml.rels":
            return "word/_rels/main.xml.rels", content
        if name in ("_rels/.rels", "[Content_Types].xml"):
            return name, content.replace(b"/word/document.xml", b"/word/main.xml").replace(
                b'"word/document.xml"', b'"word/main.xml"')
        return name, content
    return rezip(data, edit)


_TRANSITIONAL = re.compile(
    rb"http://schemas\.openxmlformats\.org/(wordprocessingml|officeDocument|drawingml)/2006/"
)


def strict(data: bytes) -> bytes:
    """Rewrite a Transitional .docx in ISO/IEC 29500 Strict namespaces."""
    def edit(name: str, content: bytes) -> tuple[str, bytes]:
        if name.endswith((".xml", ".rels")):
            content = _TRANSITIONAL.sub(rb"http://purl.oclc.org/ooxml/\1/", content)
        return name, content
    return rezip(data, edit)


def test_main_part_is_found_through_the_package_relationships() -> None:
    old = moved_main_part(build(["Officers report incidents within one day."]))
    new = moved_main_part(build(["Officers report incidents within two days."]))
    result = compare(old, new, date=DATE)
    with zipfile.ZipFile(io.BytesIO(result.docx)) as archive:
        assert "word/document.xml" not in archive.namelist()
    assert accept_texts(result.docx, "word/main.xml") == [
        "Officers report incidents within two days."]
    assert reject_texts(result.docx, "word/main.xml") == [
        "Officers report incidents within one day."]
    assert [c.text for c in result.summary.changes] == ["one day", "two days"]


def test_strict_documents_are_read_and_redlined() -> None:
    old = strict(build(["Keep this sentence.", "Members must not post."]))
    new = strict(build(["Keep this sentence.", "Members must never post."]))
    with zipfile.ZipFile(io.BytesIO(old)) as archive:
        assert b"purl.oclc.org/ooxml/wordprocessingml/main" in archive.read("word/document.xml")
    result = compare(old, new, date=DATE)
    assert accept_texts(result.docx) == ["Keep this sentence.", "Members must never post."]
    assert reject_texts(result.docx) == ["Keep this sentence.", "Members must not post."]
    assert len(part(result.docx).findall(".//w:ins", NS)) == 1
