"""Read what a reader needs to know about two compared documents: titles, versions, dates.

The facts come from each .docx's own properties: ``dc:title`` and ``dcterms:modified``
(core), ``Classification``, ``PolicykitVersion`` and ``PolicykitStatus`` (custom, as
policykit writes them); a document without them is named by its file name. Dates are
written in long form ("18 March 2014").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from policykit.dates import long_date
from policykit.word.inputs import parse_xml, read_docx

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"


def long_moment(moment: datetime) -> str:
    """Return a time in long form: "5 December 2026, 11:05 UTC"."""
    return f"{long_date(moment)}, {moment:%H:%M} {moment.tzname() or 'UTC'}"


@dataclass(frozen=True)
class DocumentFacts:
    """One compared document: its title, file name, version, status, date, classification."""

    title: str
    name: str
    version: str = ""
    status: str = ""
    modified: date | None = None
    classification: str = ""

    def heading(self) -> str:
        """Return the document's title and version: "Social Media Policy, version 1.2"."""
        return f"{self.title}, version {self.version}" if self.version else self.title

    def line(self) -> str:
        """Return one line describing the document for the facts at the top of a redline."""
        parts = [self.heading()]
        if self.status:
            parts.append(self.status.lower())
        if self.modified is not None:
            parts.append(f"last modified {long_date(self.modified)}")
        return ", ".join(parts) + f" (file {self.name})"


@dataclass(frozen=True)
class ComparisonFacts:
    """The two documents compared, who compared them and when."""

    old: DocumentFacts
    new: DocumentFacts
    made_by: str
    made_on: datetime

    @property
    def title(self) -> str:
        """Return the comparison's title: NEW's title and version, compared with OLD's."""
        return f"{self.new.heading()} compared with {self.old.heading()}"

    @property
    def classification(self) -> str:
        """Return the marking of the redline: NEW's classification, else OLD's."""
        return self.new.classification or self.old.classification


def _xml(members: dict[str, bytes], name: str, member: str) -> etree._Element | None:
    data = members.get(member)
    return parse_xml(data, name, member) if data is not None else None


def custom_properties(members: dict[str, bytes], name: str) -> dict[str, str]:
    """Return a package's custom document properties as text, by property name."""
    root = _xml(members, name, "docProps/custom.xml")
    if root is None:
        return {}
    return {p.get("name", ""): "".join(p.itertext()).strip()
            for p in root.iter(f"{{{CUSTOM}}}property")}


def document_facts(docx: bytes, name: str) -> DocumentFacts:
    """Return the facts of one .docx, named ``name`` where it has no title of its own."""
    members = read_docx(docx, name).members
    core = _xml(members, name, "docProps/core.xml")
    custom = custom_properties(members, name)
    title = (core.findtext(f"{{{DC}}}title") or "").strip() if core is not None else ""
    stamp = (core.findtext(f"{{{DCTERMS}}}modified") or "")[:10] if core is not None else ""
    try:
        modified = date.fromisoformat(stamp) if stamp else None
    except ValueError:
        modified = None
    return DocumentFacts(title or name, name, custom.get("PolicykitVersion", ""),
                         custom.get("PolicykitStatus", ""), modified,
                         custom.get("Classification", ""))


def comparison_facts(old: bytes, new: bytes, *, old_name: str, new_name: str, made_by: str,
                     made_on: datetime) -> ComparisonFacts:
    """Return the facts of comparing ``old`` with ``new``, made by ``made_by`` on ``made_on``."""
    return ComparisonFacts(document_facts(old, old_name), document_facts(new, new_name),
                           made_by, made_on)


__all__ = ["ComparisonFacts", "DocumentFacts", "comparison_facts", "custom_properties",
           "document_facts", "long_date", "long_moment"]
