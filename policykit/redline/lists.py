"""Give old paragraphs brought into the redline their own lists, not new's of the same id.

A deleted or moved-away paragraph, and the old properties a ``w:pPrChange`` records, are
copied from OLD with OLD's ``w:numPr/w:numId``; the redline's numbering part is NEW's,
where that id may be another list (a bullet shown as "(c)") or none (no number at all
after Reject All). :class:`ListImporter` keeps an id whose list NEW defines alike, and
otherwise copies OLD's list definition into NEW's numbering under a fresh id (one per old
list, so the paragraphs of one deleted list still count 1, 2, 3 together).
"""

from __future__ import annotations

from collections.abc import Callable
from copy import deepcopy

from lxml import etree

from policykit.redline.labels import format_number
from policykit.redline.marks import Revision, paragraph_properties_change
from policykit.redline.package import Package
from policykit.word.oxml import (
    W_ABSTRACTNUM,
    W_ABSTRACTNUMID,
    W_NUM,
    W_NUMID,
    W_NUMPR,
    W_P,
    W_PPR,
    W_VAL,
    qn,
)

_IDENTITY = (qn("w:nsid"), qn("w:tmpl"), qn("w:name"))


def _numbering(package: Package) -> etree._Element | None:
    part = next(iter(package.parts_of_type("/numbering")), None)
    return package.xml(part) if part is not None and package.has(part) else None


class ListImporter:
    """Map OLD's list ids to ids that show the same lists in the redline (NEW's package)."""

    def __init__(self, old: Package, new: Package) -> None:
        self.old = _numbering(old)
        self.new = _numbering(new)
        self.mapped: dict[str, str] = {"0": "0"}
        self.stamp: Callable[[], Revision] | None = None  # the stamper's, once set

    def import_into(self, element: etree._Element) -> None:
        """Rewrite every ``w:numPr/w:numId`` in ``element`` (an old copy) to the redline's."""
        if self.old is None or self.new is None:
            return
        for num_id in list(element.iter(W_NUMID)):
            parent = num_id.getparent()
            if parent is None or parent.tag != W_NUMPR:
                continue
            value = num_id.get(W_VAL)
            if value is None:
                continue
            ppr = parent.getparent()
            if (self.stamp is not None and ppr is not None and ppr.tag == W_PPR
                    and ppr.getparent() is not None and ppr.getparent().tag == W_P
                    and self.renumbered(ppr)):
                # An old paragraph of a list NEW defines otherwise keeps NEW's id and
                # records OLD's list as its old properties, as the kept paragraphs of that
                # list do (see :meth:`renumbered`): LibreOffice counts the paragraphs it
                # gives back their old list in one list, apart from one numbered so outright.
                before = deepcopy(ppr)
                before.find(f"{W_NUMPR}/{W_NUMID}").set(W_VAL, self._map(value))
                paragraph_properties_change(ppr, before, self.stamp())
                continue
            num_id.set(W_VAL, self._map(value))

    def renumbered(self, ppr: etree._Element | None) -> bool:
        """Return True when the list ``ppr`` (an old paragraph's) names is NEW's no longer.

        The same ``w:numId`` may stand for a list NEW defines otherwise (bullets made
        "(a)", a list that restarts or continues at 4): a paragraph kept unchanged in it
        would take NEW's numbers on Reject All too, so it records OLD's list as its old
        properties.
        """
        num_pr = ppr.find(W_NUMPR) if ppr is not None and self.old is not None else None
        num_id = num_pr.find(W_NUMID) if num_pr is not None else None
        value = num_id.get(W_VAL) if num_id is not None else None
        return (value is not None and self.new is not None and value != "0"
                and _num(self.old, value) is not None and self._map(value) != value)

    def _map(self, old_id: str) -> str:
        if old_id not in self.mapped:
            self.mapped[old_id] = self._resolve(old_id)
        return self.mapped[old_id]

    def _resolve(self, old_id: str) -> str:
        old_num = _num(self.old, old_id)
        if old_num is None:
            return old_id
        old_abstract = _abstract(self.old, old_num)
        new_num = _num(self.new, old_id)
        if new_num is not None and _signature(old_num, old_abstract) == _signature(
                new_num, _abstract(self.new, new_num)):
            return old_id
        return self._copy(old_num, old_abstract)

    def _copy(self, old_num: etree._Element, old_abstract: etree._Element | None) -> str:
        nums = self.new.findall(W_NUM)
        num_id = str(1 + max((int(n.get(W_NUMID)) for n in nums
                              if (n.get(W_NUMID) or "").isdigit()), default=0))
        num = deepcopy(old_num)
        num.set(W_NUMID, num_id)
        if old_abstract is not None:
            abstracts = self.new.findall(W_ABSTRACTNUM)
            abstract_id = str(1 + max((int(a.get(W_ABSTRACTNUMID)) for a in abstracts
                                       if (a.get(W_ABSTRACTNUMID) or "").isdigit()),
                                      default=-1))
            abstract = deepcopy(old_abstract)
            abstract.set(W_ABSTRACTNUMID, abstract_id)
            for child in list(abstract):
                if child.tag in _IDENTITY[:2]:  # (Word tells lists apart by nsid)
                    abstract.remove(child)
            if abstracts:
                abstracts[-1].addnext(abstract)
            elif nums:
                nums[0].addprevious(abstract)
            else:
                self.new.append(abstract)
            link = num.find(W_ABSTRACTNUMID)
            if link is not None:
                link.set(W_VAL, abstract_id)
        if nums:
            nums[-1].addnext(num)
        else:
            self.new.append(num)
        return num_id


def _num(root: etree._Element, num_id: str) -> etree._Element | None:
    return next((n for n in root.iter(W_NUM) if n.get(W_NUMID) == num_id), None)


def _abstract(root: etree._Element, num: etree._Element) -> etree._Element | None:
    link = num.find(W_ABSTRACTNUMID)
    wanted = link.get(W_VAL) if link is not None else None
    return next((a for a in root.iter(W_ABSTRACTNUM) if a.get(W_ABSTRACTNUMID) == wanted), None)


def _signature(num: etree._Element, abstract: etree._Element | None) -> str:
    """Return what a list looks like: its levels and overrides, its identity aside."""
    overrides = "".join(etree.tostring(c, encoding="unicode") for c in num
                        if c.tag != W_ABSTRACTNUMID)
    levels = "" if abstract is None else "".join(
        etree.tostring(c, encoding="unicode") for c in abstract if c.tag not in _IDENTITY)
    return overrides + "|" + levels




def paragraph_labels(package: Package, body: etree._Element) -> dict[etree._Element, str]:
    """Return the list label Word shows before each numbered paragraph of ``body`` ("5.").

    Numbering comes from the paragraph's own ``w:numPr`` or its style's (through
    ``w:basedOn``); each list counts per level, a level restarting after a higher one.
    Bullets have no label here. Used to name the headings of the change summary.
    """
    numbering = _numbering(package)
    styles_part = next(iter(package.parts_of_type("/styles")), None)
    if numbering is None or styles_part is None or not package.has(styles_part):
        return {}
    styles = {s.get(qn("w:styleId")): s for s in package.xml(styles_part).iter(qn("w:style"))}

    def style_numbering(style_id: str | None, depth: int = 0) -> etree._Element | None:
        style = styles.get(style_id or "")
        if style is None or depth > 10:
            return None
        found = style.find(f"{qn('w:pPr')}/{W_NUMPR}")
        if found is not None:
            return found
        based = style.find(qn("w:basedOn"))
        return style_numbering(based.get(W_VAL) if based is not None else None, depth + 1)

    levels: dict[tuple[str, int], tuple[str, str]] = {}
    for abstract in numbering.iter(W_ABSTRACTNUM):
        for lvl in abstract.iter(qn("w:lvl")):
            fmt, text = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
            levels[(abstract.get(W_ABSTRACTNUMID), int(lvl.get(qn("w:ilvl"), "0")))] = (
                fmt.get(W_VAL) if fmt is not None else "decimal",
                text.get(W_VAL, "") if text is not None else "")
    abstract_of = {n.get(W_NUMID): (n.find(W_ABSTRACTNUMID).get(W_VAL)
                                    if n.find(W_ABSTRACTNUMID) is not None else None)
                   for n in numbering.iter(W_NUM)}
    counters: dict[str, list[int]] = {}
    labels: dict[etree._Element, str] = {}
    by_style: dict[str | None, etree._Element | None] = {}
    for paragraph in body.iter(qn("w:p")):
        ppr = paragraph.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        num_pr = ppr.find(W_NUMPR) if ppr is not None else None
        style_id = style.get(W_VAL) if style is not None else None
        if style_id not in by_style:
            by_style[style_id] = style_numbering(style_id)
        styled = by_style[style_id]
        if styled is None and num_pr is None:
            continue
        num_id = next((n.get(W_VAL) for n in (num_pr, styled) if n is not None
                       for n in [n.find(W_NUMID)] if n is not None), None)
        level_of = next((n.find(qn("w:ilvl")) for n in (num_pr, styled)
                         if n is not None and n.find(qn("w:ilvl")) is not None), None)
        abstract = abstract_of.get(num_id)
        if abstract is None:
            continue
        level = int(level_of.get(W_VAL, "0")) if level_of is not None else 0
        fmt, text = levels.get((abstract, level), ("decimal", ""))
        count = counters.setdefault(abstract, [0] * 9)
        count[level] += 1
        count[level + 1:] = [0] * (8 - level)
        if fmt in ("bullet", "none"):
            continue
        label = text
        for k in range(level + 1):
            fmt_k = levels.get((abstract, k), ("decimal", ""))[0]
            label = label.replace(f"%{k + 1}", format_number(max(count[k], 1), fmt_k))
        labels[paragraph] = label
    return labels


__all__ = ["ListImporter", "paragraph_labels"]
