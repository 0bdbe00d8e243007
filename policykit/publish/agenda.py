"""Make the agenda pack: one tagged PDF of the pack's documents, numbered as one.

Each document is first exported on its own; its page count fixes where it starts in the
pack. :func:`number_for_pack` then renumbers a copy of its Word document (first page
number, and the "of Y" total written out), LibreOffice exports that copy, and
:func:`merge_pack` joins the copies with pikepdf, merging their structure trees (so the
pack stays tagged), one bookmark per document holding its own headings, and the pack's
title and language. The printed "Page X of Y" therefore equals the PDF page number.

Why merge PDFs rather than build one Word document: the report and the appendices use
different templates (styles, numbering, headers), which do not combine into one Word
file without losing the look of each; LibreOffice tags each document well, and the
structure trees merge without loss.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import pikepdf
from lxml import etree

from policykit.errors import PolicykitError
from policykit.word.inputs import parse_xml
from policykit.word.package import finish_package

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TOTAL_FIELDS = ("NUMPAGES", "SECTIONPAGES")


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def page_count(pdf: bytes) -> int:
    """Return the number of pages of a PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def _write_total(root: etree._Element, total: int) -> bool:
    """Replace NUMPAGES fields (simple ones) by the pack's page count; True if any."""
    changed = False
    for field in list(root.iter(_w("fldSimple"))):
        if field.get(_w("instr"), "").split()[:1] not in ([f] for f in _TOTAL_FIELDS):
            continue
        runs = field.findall(_w("r")) or [etree.SubElement(field, _w("r"))]
        for extra in runs[1:]:
            field.remove(extra)
        texts = runs[0].findall(_w("t")) or [etree.SubElement(runs[0], _w("t"))]
        texts[0].text = str(total)
        for extra in texts[1:]:
            runs[0].remove(extra)
        field.addprevious(runs[0])
        field.getparent().remove(field)
        changed = True
    return changed


def number_for_pack(docx: bytes, first_page: int, total: int) -> bytes:
    """Return the document numbered from ``first_page`` with "of ``total``" pages."""
    parts: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        for name in package.namelist():
            if not (name.startswith("word/footer") or name.startswith("word/header")
                    or name == "word/document.xml"):
                continue
            root = parse_xml(package.read(name), "pack document", name)
            changed = _write_total(root, total)
            first_section = next(root.iter(_w("sectPr")), None)
            if name == "word/document.xml" and first_section is not None:
                _start_at(first_section, first_page)  # later sections continue from it
                changed = True
            if changed:
                parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                             standalone=True)
    return finish_package(docx, parts=parts)


def _start_at(section: etree._Element, number: int) -> None:
    numbering = section.find(_w("pgNumType"))
    if numbering is None:
        numbering = etree.Element(_w("pgNumType"))
        anchor = next((section.find(_w(t)) for t in ("pgMar", "pgSz")
                       if section.find(_w(t)) is not None), None)
        if anchor is not None:
            anchor.addnext(numbering)
        else:
            section.append(numbering)
    numbering.set(_w("start"), str(number))


@dataclass(frozen=True)
class PackPart:
    """One document of the agenda pack: its bookmark title and its pack-numbered PDF."""

    title: str
    pdf: bytes


def _outline(items, pages: dict[tuple[int, int], int], offset: int) -> list[pikepdf.OutlineItem]:
    """Return copies of outline ``items`` pointing at their pages shifted by ``offset``."""
    copies = []
    for item in items:
        destination = item.destination
        page = 0
        if isinstance(destination, pikepdf.Array) and len(destination):
            page = pages.get(destination[0].objgen, 0)
        copy = pikepdf.OutlineItem(item.title, offset + page)
        copy.children.extend(_outline(item.children, pages, offset))
        copies.append(copy)
    return copies


def _copy(out: pikepdf.Pdf, value: pikepdf.Object) -> pikepdf.Object:
    """Copy a value from another PDF; a direct array is copied item by item."""
    if value.is_indirect:
        return out.copy_foreign(value)
    if isinstance(value, pikepdf.Array):
        return pikepdf.Array([_copy(out, item) for item in value])
    return value


def _numbers(node: pikepdf.Object, depth: int = 0) -> list[tuple[int, pikepdf.Object]]:
    """Return the (key, value) pairs of a number tree, walking its kids (bounded depth)."""
    if depth > 32:
        raise PolicykitError("a PDF number tree is nested too deeply; it was refused")
    nums = node.get("/Nums", pikepdf.Array())
    pairs = [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", pikepdf.Array()):
        pairs.extend(_numbers(kid, depth + 1))
    return pairs


def _parent_tree(root: pikepdf.Dictionary) -> list[tuple[int, pikepdf.Object]]:
    tree = root.get("/ParentTree")
    return sorted(_numbers(tree), key=lambda pair: pair[0]) if tree is not None else []


def _top_elements(root: pikepdf.Dictionary) -> list[pikepdf.Object]:
    kids = root.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


class _Structure:
    """The merged structure tree: one Document element over each part's elements."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.tree = out.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        self.top = out.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=self.tree,
            K=pikepdf.Array()))
        self.tree.K = pikepdf.Array([self.top])
        self.role_map = pikepdf.Dictionary()
        self.nums = pikepdf.Array()
        self.next_key = 0

    def add(self, source: pikepdf.Pdf) -> None:
        """Append a part's pages and its structure, renumbering its parent-tree keys."""
        out, first = self.out, len(self.out.pages)
        root = source.Root.get("/StructTreeRoot")
        elements = _top_elements(root) if root is not None else []
        entries = _parent_tree(root) if root is not None else []
        for element in elements:  # cut the link to the old root before copying
            element.P = pikepdf.Name.Null
        out.pages.extend(source.pages)
        for element in (_copy(out, e) for e in elements):
            if element.get("/S") == pikepdf.Name.Document:
                element.S = pikepdf.Name.Part
            element.P = self.top
            self.top.K.append(element)
        for key, value in entries:
            self.nums.append(key + self.next_key)
            self.nums.append(_copy(out, value))
        for page in out.pages[first:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + self.next_key
            for annot in page.obj.get("/Annots", []):
                if "/StructParent" in annot:
                    annot.StructParent = int(annot.StructParent) + self.next_key
        self.next_key += max((k for k, _ in entries), default=-1) + 1
        for key, value in (root.get("/RoleMap", pikepdf.Dictionary()).items()
                           if root is not None else []):
            self.role_map[key] = value

    def finish(self) -> None:
        """Install the merged tree in the output's catalog."""
        self.tree.ParentTree = self.out.make_indirect(pikepdf.Dictionary(Nums=self.nums))
        self.tree.ParentTreeNextKey = self.next_key
        self.tree.RoleMap = self.role_map
        self.out.Root.StructTreeRoot = self.tree
        self.out.Root.MarkInfo = pikepdf.Dictionary(Marked=True)


def merge_pack(parts: Sequence[PackPart], *, title: str, language: str) -> bytes:
    """Return one tagged PDF of ``parts`` in order, a bookmark per part over its headings."""
    if not parts:
        raise PolicykitError("the pack has no documents; add some to pack.yaml")
    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts]
    out = pikepdf.new()
    structure = _Structure(out)
    outline_items = []
    for part, source in zip(parts, sources, strict=True):
        first = len(out.pages)
        page_index = {page.obj.objgen: i for i, page in enumerate(source.pages)}
        outline_items.append((part.title, first,
                              _outline(source.open_outline().root, page_index, first)))
        structure.add(source)
    structure.finish()
    out.Root.Lang = pikepdf.String(language)
    out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    out.Root.PageMode = pikepdf.Name.UseOutlines
    with out.open_outline() as outline:
        for name, first, children in outline_items:
            item = pikepdf.OutlineItem(name, first)
            item.children.extend(children)
            outline.root.append(item)
    for key in ("/OutputIntents", "/Metadata"):  # the first part's PDF/A and PDF/UA claims
        if key in sources[0].Root:
            out.Root[key] = _copy(out, sources[0].Root[key])
    with out.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = title
        meta["dc:description"] = title
    out.docinfo["/Title"] = title
    stream = io.BytesIO()
    out.save(stream, deterministic_id=True)
    for source in sources:
        source.close()
    return stream.getvalue()


__all__ = ["PackPart", "merge_pack", "number_for_pack", "page_count"]
