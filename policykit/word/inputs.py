"""Open untrusted .docx files safely: refuse broken, legacy, encrypted and hostile inputs.

``read_docx(data, name)`` checks the bytes of a Word document before anything parses
them and returns a :class:`DocxPackage` (the zip members, read with limits). Every
refusal raises :class:`~policykit.errors.InputError` naming the file and what is wrong:

- empty file, not a zip file, a truncated or damaged zip (bad CRC, cut-off member);
- a legacy Word 97-2003 ``.doc`` (an OLE2 container, magic ``D0 CF 11 E0``);
- an encrypted, password-protected document (an OLE2 container holding ``EncryptionInfo``);
- a zip bomb: too many members, too much uncompressed data, a suspicious compression ratio
  (sizes are checked as declared and again while reading, so a lying header cannot help);
- member paths escaping the package (``..`` segments, absolute paths, drive letters);
- XML with a DOCTYPE or ENTITY declaration (``parse_xml`` never loads DTDs or resolves
  entities, and refuses any document that declares one);
- a zip that is not a Word document (no ``word/document.xml`` main part).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from policykit.errors import InputError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"

MAX_MEMBERS = 10_000
MAX_TOTAL_UNCOMPRESSED = 1 << 30  # 1 GiB across all members
MAX_MEMBER_UNCOMPRESSED = 512 << 20  # 512 MiB for one member
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1 << 20

_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1 << 20


@dataclass
class DocxPackage:
    """Hold the members of a checked .docx: name -> bytes, in the zip's own order."""

    name: str
    members: dict[str, bytes] = field(default_factory=dict)
    crcs: dict[str, int] = field(default_factory=dict)
    main: str = "word/document.xml"  # the main document part, as _rels/.rels names it


# What to do about a file that is not a usable Word document, said once for every refusal.
RESAVE = "open it in Word (or LibreOffice) and save it as a Word document (.docx), then try again"
NOT_WORD = "give the .docx file Word saved, or " + RESAVE
HOSTILE = ("Word never writes such a file; do not open it, and ask the sender for the document "
           "again")
_DTD = "{member} declares a DTD or entities, which policykit refuses to read; " + HOSTILE


def _refuse(name: str, problem: str) -> InputError:
    return InputError(f"{name}: {problem}")


def _check_ole2(data: bytes, name: str) -> None:
    # Word's password-protected files are OLE2 compound files with an EncryptionInfo stream;
    # directory entry names are UTF-16LE.
    if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data or (
        "EncryptedPackage".encode("utf-16-le") in data
    ):
        raise _refuse(
            name,
            "is encrypted (password protected); remove the password in Word and try again",
        )
    raise _refuse(
        name,
        "is a legacy Word 97-2003 .doc file, not a .docx; open it in Word and save it as .docx",
    )


def _check_member_name(member: str, name: str) -> None:
    norm = member.replace("\\", "/")
    if norm.startswith("/") or _DRIVE.match(norm) or ".." in norm.split("/"):
        raise _refuse(name, f"has a member path escaping the package: {member!r}; {HOSTILE}")


def _check_declared(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse zip bombs by their declared sizes, and member paths escaping the package."""
    if len(infos) > MAX_MEMBERS:
        raise _refuse(name, f"looks like a zip bomb: {len(infos)} members (limit {MAX_MEMBERS}); "
                            f"{HOSTILE}")
    total = 0
    for info in infos:
        _check_member_name(info.filename, name)
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED or total > MAX_TOTAL_UNCOMPRESSED:
            raise _refuse(
                name,
                f"looks like a zip bomb: {total:,} bytes uncompressed (limit "
                f"{MAX_TOTAL_UNCOMPRESSED:,}); {HOSTILE}",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise _refuse(
                name,
                f"looks like a zip bomb: member {info.filename!r} expands "
                f"{info.file_size // max(info.compress_size, 1)}-fold; {HOSTILE}",
            )


def _check_word(names: set[str], name: str, main: str) -> None:
    """Refuse a zip without its main part, naming what it is when it can."""
    if main in names:
        return
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        raise _refuse(name, f"is an Excel workbook, not a Word document; {NOT_WORD}")
    if "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
        raise _refuse(name, f"is a PowerPoint presentation, not a Word document; {NOT_WORD}")
    raise _refuse(name, "is a zip file but not a Word document (no word/document.xml); "
                  f"{NOT_WORD}")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str,
                 read_total: int) -> tuple[bytes, int]:
    """Return a member's bytes, read in chunks that may not exceed its declared size."""
    chunks: list[bytes] = []
    got = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                got += len(chunk)
                read_total += len(chunk)
                if got > info.file_size or read_total > MAX_TOTAL_UNCOMPRESSED:
                    raise _refuse(
                        name,
                        f"looks like a zip bomb: member {info.filename!r} expands beyond "
                        f"its declared size; {HOSTILE}",
                    )
                chunks.append(chunk)
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise _refuse(
            name, f"is a damaged or truncated zip file: member {info.filename!r} ({exc}); "
            f"{RESAVE}"
        ) from None
    return b"".join(chunks), read_total


def read_docx(data: bytes, name: str | Path = "document.docx") -> DocxPackage:
    """Check ``data`` as a .docx file called ``name`` and return its members.

    Raise :class:`InputError` naming the file and the problem when it is not a usable,
    safe Word document.
    """
    name = str(name)
    if not data:
        raise _refuse(name, f"is empty (0 bytes), not a Word document; {NOT_WORD}")
    if data.startswith(OLE2_MAGIC):
        _check_ole2(data, name)
    if not (data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC)):
        raise _refuse(name, f"is not a Word document (not a zip file); {NOT_WORD}")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(name, f"is a damaged or truncated zip file ({exc}); {RESAVE}") from None
    _check_declared(infos, name)
    names = {info.filename for info in infos}
    main = _main_part(archive, names, name)
    _check_word(names, name, main)
    package = DocxPackage(name=name, main=main)
    read_total = 0
    for info in infos:
        if info.is_dir():
            continue
        member, read_total = _read_member(archive, info, name, read_total)
        if info.filename.endswith((".xml", ".rels")) and declares_dtd(member):
            raise _refuse(
                name,
                _DTD.format(member=info.filename),
            )
        package.members[info.filename] = member
        package.crcs[info.filename] = info.CRC
    return package


def declares_dtd(data: bytes) -> bool:
    """Return True when XML ``data`` declares a DTD or entities (looked for in its head)."""
    head = data[:65536]
    return b"<!DOCTYPE" in head or b"<!ENTITY" in head


def make_parser() -> etree.XMLParser:
    """Return an XML parser that never loads DTDs, resolves entities or uses the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_blank_text=False,
    )


_PARSER = make_parser()


def parse_safe(data: bytes) -> etree._Element:
    """Parse XML with the safe parser: no DTD, no entities, no network."""
    return etree.fromstring(data, _PARSER)


def _main_part(archive: zipfile.ZipFile, names: set[str], name: str) -> str:
    """Return the main document part named by ``_rels/.rels`` (officeDocument), wherever it is.

    Transitional and ISO/IEC 29500 Strict relationship types are both recognised; with no
    such relationship the conventional ``word/document.xml`` is assumed.
    """
    if "_rels/.rels" in names:
        rels = parse_xml(archive.read("_rels/.rels"), name, "_rels/.rels")
        for rel in rels:
            target = posixpath.normpath((rel.get("Target") or "").lstrip("/"))
            if (rel.get("Type") or "").endswith("/officeDocument") and rel.get(
                "TargetMode"
            ) != "External" and target in names:
                return target
    return "word/document.xml"


def parse_xml(data: bytes, name: str, member: str) -> etree._Element:
    """Parse the XML member ``member`` of file ``name``; refuse DTDs, entities and bad XML."""
    if declares_dtd(data):
        raise _refuse(
            name, _DTD.format(member=member)
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _refuse(name, f"{member} is not well-formed XML ({exc}); {RESAVE}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise _refuse(
            name, _DTD.format(member=member)
        )
    return root


def read_bytes(path: str | Path) -> bytes:
    """Return the bytes of the file at ``path``; raise InputError when it cannot be read."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_TOTAL_UNCOMPRESSED:
            raise _refuse(str(path), f"is too large to be a policy paper ({size:,} bytes)")
        return path.read_bytes()
    except FileNotFoundError:
        raise _refuse(str(path), "does not exist; check the path") from None
    except IsADirectoryError:
        raise _refuse(str(path), "is a folder, not a .docx file; give the Word file itself"
                      ) from None
    except PermissionError:
        raise _refuse(str(path), "cannot be read (permission denied)") from None
    except OSError as exc:
        raise _refuse(str(path), f"cannot be read ({exc.strerror or exc})") from None


def read_docx_file(path: str | Path) -> DocxPackage:
    """Read and check the .docx file at ``path``."""
    return read_docx(read_bytes(path), str(path))


__all__ = [
    "DocxPackage",
    "declares_dtd",
    "make_parser",
    "parse_safe",
    "parse_xml",
    "read_bytes",
    "read_docx",
    "read_docx_file",
]
