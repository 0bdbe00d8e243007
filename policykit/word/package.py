"""Write .docx packages reproducibly and files atomically.

``finish_package`` rewrites a saved package with fixed zip timestamps, a fixed member order
and document properties taken from content (never the clock), so building the same content
twice gives the same bytes. ``write_atomic`` writes through a temporary file and a rename,
so a reader never sees a half-written file.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _iso(moment: date | datetime) -> str:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(9, 0), tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    fields = [
        f"<dc:title>{escape(title)}</dc:title>",
        f"<dc:subject>{escape(subject)}</dc:subject>",
        f"<dc:creator>{escape(author)}</dc:creator>",
        f"<cp:keywords>{escape(keywords)}</cp:keywords>",
        f"<cp:category>{escape(category)}</cp:category>",
        f"<dc:language>{escape(language)}</dc:language>",
        "<cp:lastModifiedBy>policykit</cp:lastModifiedBy>",
        f"<cp:revision>{revision}</cp:revision>",
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>',
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>',
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + "".join(fields)
        + "</cp:coreProperties>"
    ).encode("utf-8")


def custom_properties(values: Mapping[str, str]) -> bytes:
    """Return ``docProps/custom.xml`` holding text properties, in the given order."""
    items = "".join(
        f'<property fmtid="{CUSTOM_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{items}</Properties>'
    ).encode()


def read_custom_properties(docx: bytes) -> dict[str, str]:
    """Return the text custom properties of a .docx (empty when it has none)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        if "docProps/custom.xml" not in archive.namelist():
            return {}
        root = etree.fromstring(archive.read("docProps/custom.xml"), _SAFE_PARSER)
    return {
        prop.get("name"): "".join(prop.itertext())
        for prop in root
        if prop.get("name") is not None
    }


def _with_custom_part(content_types: bytes, rels: bytes) -> tuple[bytes, bytes]:
    types = etree.fromstring(content_types, _SAFE_PARSER)
    if not any(o.get("PartName") == "/docProps/custom.xml" for o in types):
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/docProps/custom.xml")
        override.set("ContentType", CUSTOM_CT)
    relationships = etree.fromstring(rels, _SAFE_PARSER)
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
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, members[name], compresslevel=6)
    return out.getvalue()


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
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
    return target


__all__ = [
    "core_properties",
    "custom_properties",
    "finish_package",
    "read_custom_properties",
    "write_atomic",
]
