"""Hold the parts of a .docx being redlined: parse on demand, import old parts, write the zip.

The output is the NEW package; content copied from the OLD document (deleted paragraphs
with pictures, hyperlinks, charts) brings its relationship targets along: each old
relationship an old element refers to is re-created in the new part's relationships,
internal targets copied under fresh names with their own relationships and content types.
"""

from __future__ import annotations

import posixpath
import re
from copy import deepcopy

from lxml import etree

from policykit.word.inputs import DocxPackage, parse_xml
from policykit.word.oxml import W_BASEDON, W_NAME, W_STYLE, W_STYLEID, W_VAL
from policykit.word.package import write_zip

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = f"{{{PKG_RELS}}}Relationship"
# A SmartArt diagram's data part names its drawing (the shapes Word drew, which is what
# LibreOffice shows) by a relationship of the part holding the diagram, in a plain
# ``relId`` attribute: not an ``r:`` one, so it is followed by hand.
DIAGRAM_DATA = "/diagramData"
DATA_MODEL_EXT = "{http://schemas.microsoft.com/office/drawing/2008/diagram}dataModelExt"


_STRICT = re.compile(
    rb"http://purl\.oclc\.org/ooxml/"
    rb"(wordprocessingml|officeDocument|drawingml|spreadsheetml|presentationml|schemaLibrary)/"
)
_STRICT_MARK = b"purl.oclc.org/ooxml"


def transitional(members: dict[str, bytes], main: str) -> dict[str, bytes]:
    """Return the members of an ISO/IEC 29500 Strict package in Transitional namespaces.

    A Strict document (``http://purl.oclc.org/ooxml/...``) is read, and its redline
    written, as the Transitional document Word saves by default; others are returned as
    they are.
    """
    if _STRICT_MARK not in members.get(main, b"")[:4096] and _STRICT_MARK not in members.get(
        "_rels/.rels", b""
    ):
        return members
    converted = {}
    for name, data in members.items():
        if name.endswith((".xml", ".rels")):
            data = _STRICT.sub(rb"http://schemas.openxmlformats.org/\1/2006/", data)
            data = data.replace(b' w:conformance="strict"', b"")
        converted[name] = data
    return converted


def rels_name(part: str) -> str:
    """Return the name of the relationships part of ``part``."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def resolve(part: str, target: str) -> str:
    """Return the package name that ``target`` (relative to ``part``) points at."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


class Package:
    """A checked .docx whose XML parts are parsed lazily and may be edited, then written."""

    def __init__(self, source: DocxPackage) -> None:
        self.name = source.name
        self.members = transitional(source.members, source.main)
        self.crcs = source.crcs
        self._xml: dict[str, etree._Element] = {}
        self._rels: dict[str, dict[str, etree._Element]] = {}
        self.main = source.main

    def has(self, part: str) -> bool:
        """Return True when the package holds ``part``."""
        return part in self.members or part in self._xml

    def xml(self, part: str) -> etree._Element:
        """Return the parsed root of ``part`` (parsed once; edits are kept)."""
        root = self._xml.get(part)
        if root is None:
            root = parse_xml(self.members[part], self.name, part)
            self._xml[part] = root
        return root

    def set_xml(self, part: str, root: etree._Element) -> None:
        """Replace (or add) the XML part ``part``."""
        self._xml[part] = root

    def rels(self, part: str) -> dict[str, etree._Element]:
        """Return the relationships of ``part`` by id (an empty dict when it has none)."""
        found = self._rels.get(part)
        if found is None:
            found = {}
            name = rels_name(part)
            if self.has(name):
                for rel in self.xml(name).iter(REL):
                    found[rel.get("Id", "")] = rel
            self._rels[part] = found
        return found

    def rel_target(self, part: str, rid: str) -> str | None:
        """Return the package name (or external URL) relationship ``rid`` of ``part`` names."""
        rel = self.rels(part).get(rid)
        if rel is None:
            return None
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            return target
        return resolve(part, target)

    def rel_key(self, part: str, rid: str) -> str:
        """Return a key that is the same for relationships pointing at the same content."""
        rel = self.rels(part).get(rid)
        if rel is None:
            return rid
        if rel.get("TargetMode") == "External":
            return rel.get("Target", "")
        name = resolve(part, rel.get("Target", ""))
        return f"{posixpath.basename(name)}:{self.crcs.get(name, 0)}"

    def parts_of_type(self, rel_type_suffix: str, source: str | None = None) -> list[str]:
        """Return the parts that ``source`` (default: the main part) relates to by type suffix."""
        source = self.main if source is None else source
        found = []
        for rel in self.rels(source).values():
            if rel.get("Type", "").endswith(rel_type_suffix) and rel.get("TargetMode") != (
                "External"
            ):
                found.append(resolve(source, rel.get("Target", "")))
        return found

    def heading_styles(self) -> frozenset[str]:
        """Return the ids of the paragraph styles named Heading ... or Title, or based on one.

        A council's own heading style ("Numbered Heading", based on Heading 1) counts too.
        """
        part = next(iter(self.parts_of_type("/styles")), "word/styles.xml")
        if not self.has(part):
            return frozenset()
        found: set[str] = set()
        based_on: dict[str, str] = {}
        for style in self.xml(part).iter(W_STYLE):
            name, base = style.find(W_NAME), style.find(W_BASEDON)
            label = (name.get(W_VAL) if name is not None else "") or ""
            if label.lower().startswith("heading") or label.lower() == "title":
                found.add(style.get(W_STYLEID))
            elif base is not None and base.get(W_VAL):
                based_on[style.get(W_STYLEID)] = base.get(W_VAL)
        for style_id in based_on:
            seen, current = {style_id}, based_on[style_id]
            while current not in found and current in based_on and current not in seen:
                seen.add(current)
                current = based_on[current]
            if current in found:
                found.add(style_id)
        return frozenset(found)

    def content_type(self, part: str) -> str | None:
        """Return the content type of ``part`` from ``[Content_Types].xml``."""
        types = self.xml("[Content_Types].xml")
        for override in types.iter(f"{{{CT_NS}}}Override"):
            if override.get("PartName", "").lstrip("/") == part:
                return override.get("ContentType")
        ext = posixpath.splitext(part)[1].lstrip(".").lower()
        for default in types.iter(f"{{{CT_NS}}}Default"):
            if default.get("Extension", "").lower() == ext:
                return default.get("ContentType")
        return None

    def add_relationship(self, part: str, rel_type: str, target: str, external: bool) -> str:
        """Add a relationship from ``part`` and return its new id."""
        name = rels_name(part)
        if not self.has(name):
            root = etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
            self.set_xml(name, root)
        root = self.xml(name)
        rels = self.rels(part)
        n = len(rels) + 1
        while f"rIdPk{n}" in rels:
            n += 1
        rid = f"rIdPk{n}"
        rel = etree.SubElement(root, REL)
        rel.set("Id", rid)
        rel.set("Type", rel_type)
        rel.set("Target", target)
        if external:
            rel.set("TargetMode", "External")
        rels[rid] = rel
        return rid

    def add_part(self, part: str, data: bytes, content_type: str | None) -> None:
        """Add a binary part with its content type."""
        self.members[part] = data
        self._register_type(part, content_type)

    def _register_type(self, part: str, content_type: str | None) -> None:
        if content_type is None or self.content_type(part) == content_type:
            return
        types = self.xml("[Content_Types].xml")
        override = etree.SubElement(types, f"{{{CT_NS}}}Override")
        override.set("PartName", "/" + part)
        override.set("ContentType", content_type)

    def fresh_name(self, wanted: str) -> str:
        """Return ``wanted`` or, if taken, a variant of it no part uses yet."""
        if not self.has(wanted):
            return wanted
        stem, ext = posixpath.splitext(wanted)
        n = 1
        while self.has(f"{stem}_old{n}{ext}"):
            n += 1
        return f"{stem}_old{n}{ext}"

    def to_bytes(self) -> bytes:
        """Write the package: fixed timestamps and a stable member order."""
        names = set(self.members) | set(self._xml)
        order = ["[Content_Types].xml"] + sorted(n for n in names if n != "[Content_Types].xml")
        members = {
            name: etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            if (root := self._xml.get(name)) is not None else self.members[name]
            for name in order
        }
        return write_zip(members, order, mode=0o600, compresslevel=1)


class RelationshipImporter:
    """Re-create in the new package the relationships that copied old content refers to."""

    def __init__(self, old: Package, new: Package) -> None:
        self.old = old
        self.new = new
        self._copied: dict[str, str] = {}  # old part name -> new part name
        self._ids: dict[tuple[str, str, str], str] = {}  # (old part, rid, new part) -> new rid

    def import_into(self, element: etree._Element, old_part: str, new_part: str) -> None:
        """Rewrite every ``r:`` attribute in ``element`` so it resolves inside ``new_part``."""
        for node in element.iter():
            if not isinstance(node.tag, str):
                continue
            for attr, value in node.attrib.items():
                if attr.startswith(f"{{{R_NS}}}"):
                    node.set(attr, self.relationship(old_part, value, new_part))

    def relationship(self, old_part: str, rid: str, new_part: str) -> str:
        """Return the id in ``new_part`` of a relationship equal to ``old_part``'s ``rid``."""
        key = (old_part, rid, new_part)
        if key in self._ids:
            return self._ids[key]
        rel = self.old.rels(old_part).get(rid)
        if rel is None:
            return rid
        rel_type = rel.get("Type", "")
        if rel.get("TargetMode") == "External":
            new_rid = self.new.add_relationship(new_part, rel_type, rel.get("Target", ""), True)
        else:
            target = resolve(old_part, rel.get("Target", ""))
            copied = self.copy_part(target)
            relative = posixpath.relpath(copied, posixpath.dirname(new_part))
            new_rid = self.new.add_relationship(new_part, rel_type, relative, False)
            if rel_type.endswith(DIAGRAM_DATA):
                self._diagram_drawing(old_part, copied, new_part)
        self._ids[key] = new_rid
        return new_rid

    def _diagram_drawing(self, old_part: str, data_part: str, new_part: str) -> None:
        """Bring along the drawing a copied diagram's data names through ``old_part``."""
        root = self.new.xml(data_part)
        for ext in root.iter(DATA_MODEL_EXT):
            rid = ext.get("relId")
            if rid and rid in self.old.rels(old_part):
                ext.set("relId", self.relationship(old_part, rid, new_part))

    def copy_part(self, old_name: str) -> str:
        """Copy the old part ``old_name`` (and what it relates to) into the new package."""
        if old_name in self._copied:
            return self._copied[old_name]
        if old_name not in self.old.members:
            return old_name
        new_name = self.new.fresh_name(old_name)
        self._copied[old_name] = new_name
        content_type = self.old.content_type(old_name)
        data = self.old.members[old_name]
        self.new.add_part(new_name, data, content_type)
        old_rels = self.old.rels(old_name)
        if old_rels:
            root = deepcopy(self.old.xml(rels_name(old_name)))
            for rel in root.iter(REL):
                if rel.get("TargetMode") == "External":
                    continue
                target = resolve(old_name, rel.get("Target", ""))
                copied = self.copy_part(target)
                rel.set("Target", posixpath.relpath(copied, posixpath.dirname(new_name)))
            self.new.set_xml(rels_name(new_name), root)
        return new_name
