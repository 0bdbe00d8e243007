"""Mark a change of the page setup (the body's last ``w:sectPr``) as ``w:sectPrChange``.

The redline is the NEW document, so it has new's page size, margins and columns. When old's
differ, the final section properties record old's in ``w:sectPrChange``, as Word writes a
tracked page-setup change, so Word's Reject All gives old's page back. (LibreOffice 7.4
ignores the mark: it lists no change and its Reject All keeps new's page setup; corpus
pair WC-1960, whose old document has no section properties, fails the rendering check so.)
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

from policykit.redline.marks import RevisionStamper
from policykit.word.oxml import W_SECTPR, qn

W_SECTPRCHANGE = qn("w:sectPrChange")
# Not part of the page setup a section change records (CT_SectPrBase): the header and footer
# references, the printer settings (relationship ids) and an earlier change record.
_NOT_RECORDED = frozenset(
    qn(f"w:{name}") for name in ("headerReference", "footerReference", "printerSettings",
                                 "sectPrChange")
)


def page_setup(sect: etree._Element | None) -> list[bytes]:
    """Return ``sect``'s recorded properties, serialised, revision-save ids left out."""
    if sect is None:
        return []
    found = []
    for child in sect:
        if not isinstance(child.tag, str) or child.tag in _NOT_RECORDED:
            continue
        copy = deepcopy(child)
        for attr in [a for a in copy.attrib if a.startswith(qn("w:rsid"))]:
            del copy.attrib[attr]
        found.append(etree.tostring(copy, method="c14n"))
    return found


def mark_page_setup_change(old_body: etree._Element, new_body: etree._Element,
                           stamper: RevisionStamper) -> bool:
    """Record old's page setup in new's last ``w:sectPr`` if they differ; return True if so."""
    new_sect = new_body.find(W_SECTPR)
    old_sect = old_body.find(W_SECTPR)
    if new_sect is None or new_sect.find(W_SECTPRCHANGE) is not None:
        return False
    if page_setup(old_sect) == page_setup(new_sect):
        return False
    rev = stamper.stamp()
    change = etree.SubElement(new_sect, W_SECTPRCHANGE)
    change.set(qn("w:id"), str(rev.id))
    change.set(qn("w:author"), rev.author)
    if rev.date is not None:
        change.set(qn("w:date"), rev.date)
    recorded = etree.SubElement(change, W_SECTPR)
    for child in old_sect if old_sect is not None else ():
        if isinstance(child.tag, str) and child.tag not in _NOT_RECORDED:
            recorded.append(deepcopy(child))
    return True


__all__ = ["mark_page_setup_change", "page_setup"]
