"""Write .docx packages reproducibly and files atomically.

``finish_package`` rewrites a saved package with fixed zip timestamps, a fixed member order
and document properties taken from content (never the clock), so building the same content
twice gives the same bytes. ``write_zip`` is the one reproducible zip writer. ``write_atomic``
is the one atomic file writer: a temporary file and a rename, so a reader never sees a
half-written file, and every failure to write becomes one ``OutputError`` line.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from lxml import etree

from policykit.errors import OutputError
from policykit.word.inputs import parse_safe

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _iso(moment: date | datetime) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(9, 0), tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _part(root: etree._Element) -> bytes:
    """Return a package part: the standalone declaration Word writes, then ``root``."""
    return _DECLARATION + etree.tostring(root, encoding="unicode").encode("utf-8")


def _core(tag: str) -> str:
    prefix, local = tag.split(":")
    return f"{{{_CORE_NS[prefix]}}}{local}"


def core_properties(
    *,
    title: str,
    subject: str,
    author: str,
    created: date | datetime,
    language: str,
    keywords: str = "",
    category: str = "",
    revision: int = 1,
) -> bytes:
    """Return ``docProps/core.xml`` for the given properties."""
    stamp = _iso(created)
    root = etree.Element(_core("cp:coreProperties"), nsmap=_CORE_NS)
    for tag, text in (
        ("dc:title", title),
        ("dc:subject", subject),
        ("dc:creator", author),
        ("cp:keywords", keywords),
        ("cp:category", category),
        ("dc:language", language),
        ("cp:lastModifiedBy", "policykit"),
        ("cp:revision", str(revision)),
        ("dcterms:created", stamp),
        ("dcterms:modified", stamp),
    ):
        element = etree.SubElement(root, _core(tag))
        if tag.startswith("dcterms:"):
            element.set(_core("xsi:type"), "dcterms:W3CDTF")
        element.text = text
    return _part(root)


def custom_properties(values: Mapping[str, str]) -> bytes:
    """Return ``docProps/custom.xml`` holding text properties, in the given order."""
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(values.items(), start=2):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property")
        prop.set("fmtid", CUSTOM_FMTID)
        prop.set("pid", str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return _part(root)


def read_custom_properties(docx: bytes) -> dict[str, str]:
    """Return the text custom properties of a .docx (empty when it has none)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        if "docProps/custom.xml" not in archive.namelist():
            return {}
        root = parse_safe(archive.read("docProps/custom.xml"))
    return {
        prop.get("name"): "".join(prop.itertext())
        for prop in root
        if prop.get("name") is not None
    }


def _with_custom_part(content_types: bytes, rels: bytes) -> tuple[bytes, bytes]:
    types = parse_safe(content_types)
    if not any(o.get("PartName") == "/docProps/custom.xml" for o in types):
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/docProps/custom.xml")
        override.set("ContentType", CUSTOM_CT)
    relationships = parse_safe(rels)
    if not any(r.get("Type") == CUSTOM_REL for r in relationships):
        ids = {r.get("Id") for r in relationships}
        number = 1
        while f"rIdCustom{number}" in ids:
            number += 1
        rel = etree.SubElement(relationships, f"{{{REL_NS}}}Relationship")
        rel.set("Id", f"rIdCustom{number}")
        rel.set("Type", CUSTOM_REL)
        rel.set("Target", "docProps/custom.xml")
    return (
        etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True),
        etree.tostring(relationships, xml_declaration=True, encoding="UTF-8", standalone=True),
    )


def finish_package(
    docx: bytes,
    *,
    core: bytes | None = None,
    custom: Mapping[str, str] | None = None,
    parts: Mapping[str, bytes] | None = None,
) -> bytes:
    """Return the package with fixed timestamps and member order, and the given properties.

    ``parts`` replaces the named members (e.g. ``word/footer1.xml``) with new bytes.
    """
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members.update(parts or {})
    if core is not None:
        members["docProps/core.xml"] = core
    if custom is not None:
        members["docProps/custom.xml"] = custom_properties(custom)
        members["[Content_Types].xml"], members["_rels/.rels"] = _with_custom_part(
            members["[Content_Types].xml"], members["_rels/.rels"]
        )
    order = sorted(members, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    return write_zip(members, order)


def set_title(docx: bytes, title: str) -> bytes:
    """Return the package with ``title`` as its core title (the one a PDF and a window show)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        core = parse_safe(source.read("docProps/core.xml"))
    element = core.find(_core("dc:title"))
    if element is None:
        element = etree.SubElement(core, _core("dc:title"))
    element.text = title
    return finish_package(docx, parts={"docProps/core.xml": _part(core)})


def write_zip(
    members: Mapping[str, bytes],
    order: Sequence[str],
    *,
    mode: int = 0o644,
    compresslevel: int = 6,
) -> bytes:
    """Return a zip of ``members`` written in ``order``, reproducibly.

    Every member is deflated at ``compresslevel`` with the 1980 zip epoch as its timestamp
    and ``mode`` as its permissions, so the same members always give the same bytes.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = mode << 16
            target.writestr(info, members[name], compresslevel=compresslevel)
    return out.getvalue()


def _blocking_file(target: Path) -> Path | None:
    """Return the first folder on the way to ``target`` that exists but is a file."""
    for folder in reversed(target.parents):
        if os.path.exists(folder) and not os.path.isdir(folder):
            return folder
    return None


def write_problem(target: Path, exc: OSError) -> str:
    """Return what went wrong writing ``target`` and what to do, for an officer to act on."""
    code = exc.errno
    if code in (errno.ENOTDIR, errno.EEXIST) and (blocker := _blocking_file(target)):
        return f"{blocker} is a file, not a folder; choose another output folder"
    if code == errno.EISDIR or os.path.isdir(target):
        return "is a folder, not a file; give the name of a file to write"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied; choose a folder you can write to"
    if code == errno.EROFS:
        return "the disk is read-only; choose a folder on a disk you can write to"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full; free some space or choose another disk, then try again"
    if code == errno.ENAMETOOLONG:
        longest = max((len(part) for part in target.parts), default=0)
        return (f"a name in it is too long ({longest} characters; most disks allow 255); "
                "choose a shorter name")
    return f"cannot be written ({exc.strerror or exc}); check the path and try again"


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Create ``folder`` and any missing parents, adding each one made to ``made``."""
    for path in [p for p in (folder, *folder.parents) if not os.path.lexists(p)][::-1]:
        path.mkdir(exist_ok=True)
        made.append(path)


def _write_through_temporary(target: Path, data: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{target.name[:64]}.", suffix=".tmp",
                                    dir=target.parent)
    try:
        try:  # keep an existing file's mode; a new file gets the usual umask mode
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    Missing folders are created. Any failure (a read-only or full disk, a folder that is a
    file, a path that is a folder, a name too long) raises :class:`OutputError` saying what
    happened and what to do, and leaves nothing behind: no temporary file, no new folder,
    and an existing file as it was.
    """
    target = Path(path)
    made: list[Path] = []
    try:
        if os.path.isdir(target):  # os.path, unlike Path (3.11), never raises on a long name
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        _make_folders(target.parent, made)
        _write_through_temporary(target, data)
    except OSError as exc:
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise OutputError(f"{path}: {write_problem(target, exc)}") from None
    return target


__all__ = [
    "core_properties",
    "custom_properties",
    "finish_package",
    "read_custom_properties",
    "set_title",
    "write_atomic",
    "write_problem",
    "write_zip",
]
