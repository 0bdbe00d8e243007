"""Test the redline engine on small documents built with python-docx.

Each test builds an old and a new document, compares them, and checks the revision
markup (what Word will show) and the contract: Accept All gives the new text, Reject All
the old, checked with the pure-Python simulator in ``test_redline_sim``.
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from test_redline_sim import (
    NS,
    accept_texts,
    build,
    part,
    plain_texts,
    reject_texts,
    settled,
)

from policykit.errors import CompareError
from policykit.redline import Redline, Span, compare, paragraph_texts

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)


def redline(old: bytes, new: bytes, **options) -> Redline:
    return compare(old, new, author="Legal", date=DATE, **options)


def check_contract(old: bytes, new: bytes, result: Redline) -> None:
    assert accept_texts(result.docx) == plain_texts(new)
    assert reject_texts(result.docx) == plain_texts(old)


def marks(result: Redline, tag: str, name: str = "word/document.xml") -> list:
    return part(result.docx, name).findall(f".//w:{tag}", NS)


def marked_text(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{NS['w']}}}t", f"{{{NS['w']}}}delText"))


def test_changed_words_are_marked_as_whole_words() -> None:
    old = build(["The quick brown fox jumps over the lazy dog."])
    new = build(["The quick red fox jumps over the lazy dog."])
    result = redline(old, new)
    assert [marked_text(d) for d in marks(result, "del")] == ["brown"]
    assert [marked_text(i) for i in marks(result, "ins")] == ["red"]
    check_contract(old, new, result)


def test_char_granularity_marks_only_the_changed_letters() -> None:
    old = build(["The colour of the sky."])
    new = build(["The color of the sky."])
    result = redline(old, new, granularity="char")
    assert [marked_text(d) for d in marks(result, "del")] == ["u"]
    assert marks(result, "ins") == []
    check_contract(old, new, result)


def test_unknown_granularity_is_refused() -> None:
    doc = build(["x"])
    with pytest.raises(CompareError, match="granularity must be 'word' or 'char'"):
        compare(doc, doc, granularity="line")  # type: ignore[arg-type]


def test_inserted_and_deleted_paragraphs_mark_their_paragraph_marks() -> None:
    old = build(["One stays.", "Two goes away now.", "Three stays."])
    new = build(["One stays.", "Three stays.", "Four is entirely new here."])
    result = redline(old, new)
    body = part(result.docx)
    paragraphs = list(body.iter(f"{{{NS['w']}}}p"))
    deleted = [p for p in paragraphs if p.find("w:pPr/w:rPr/w:del", NS) is not None]
    inserted = [p for p in paragraphs if p.find("w:pPr/w:rPr/w:ins", NS) is not None]
    # "Two" goes whole, its mark plain: the mark deleted is that of "One", formatted
    # alike, so the deletion does not end where "Three" starts (LibreOffice would show
    # "Three" as deleted in its list numbering).
    assert [marked_text(p) for p in deleted] == ["One stays."]
    # "Four" is the last paragraph: its mark stays plain, the one before it is marked.
    assert [marked_text(p) for p in inserted] == ["Three stays."]
    assert body.find(".//w:delText", NS).text == "Two goes away now."
    check_contract(old, new, result)


def test_a_paragraph_with_few_changed_words_is_never_replaced_whole() -> None:
    old = build(["Officers must report every incident to the duty manager within one day."])
    new = build(["Officers must report each incident to the duty manager within two days."])
    result = redline(old, new)
    deleted = " ".join(marked_text(d) for d in marks(result, "del")).split()
    inserted = " ".join(marked_text(i) for i in marks(result, "ins")).split()
    assert deleted == ["every", "one", "day"]
    assert inserted == ["each", "two", "days"]
    assert part(result.docx).find(".//w:pPr/w:rPr/w:del", NS) is None
    check_contract(old, new, result)


def test_marked_words_stay_within_ten_percent_of_the_minimal_word_diff() -> None:
    words = [f"w{i}" for i in range(60)]
    changed = list(words)
    for i in range(0, 60, 7):
        changed[i] = f"x{i}"
    old, new = build([" ".join(words)]), build([" ".join(changed)])
    result = redline(old, new)
    marked = sum(len(marked_text(m).split()) for m in marks(result, "del") + marks(result, "ins"))
    minimal = 2 * len(range(0, 60, 7))
    assert marked <= minimal * 1.1
    check_contract(old, new, result)


def test_a_moved_paragraph_is_one_move() -> None:
    moved = "Complaints are answered within ten working days."
    old = build(["Intro text here.", moved, "Middle text here.", "More text here.", "Closing."])
    new = build(["Intro text here.", "Middle text here.", "More text here.", moved, "Closing."])
    result = redline(old, new)
    # No text is deleted or inserted; the paragraph before the move has its mark deleted
    # (an empty w:del, so LibreOffice numbers the paragraph after the move right).
    assert marks(result, "ins") == [] and [m for m in marks(result, "del") if len(m)] == []
    move_from, move_to = marks(result, "moveFrom"), marks(result, "moveTo")
    assert [marked_text(m) for m in move_from if len(m)] == [moved]
    assert [marked_text(m) for m in move_to if len(m)] == [moved]
    starts = marks(result, "moveFromRangeStart") + marks(result, "moveToRangeStart")
    names = {s.get(f"{{{NS['w']}}}name") for s in starts}
    assert len(starts) == 2 and len(names) == 1
    assert result.summary.counts["move"] == 1
    check_contract(old, new, result)


def test_formatting_only_changes_record_the_old_properties() -> None:
    old = build([{"runs": [("Plain ", {}), ("words", {})]}, ("Title text", "Heading 1"),
                 {"runs": [("left", {})]}])
    new = build([{"runs": [("Plain ", {}), ("words", {"bold": True})]},
                 ("Title text", "Heading 2"),
                 {"runs": [("left", {})], "align": WD_ALIGN_PARAGRAPH.CENTER}])
    result = redline(old, new)
    assert marks(result, "ins") == [] and marks(result, "del") == []
    changes = marks(result, "rPrChange")
    assert len(changes) == 1
    assert changes[0].getparent().getparent().find("w:t", NS).text == "words"
    assert changes[0].find("w:rPr/w:b", NS) is None
    ppr_changes = marks(result, "pPrChange")
    assert len(ppr_changes) == 2
    assert ppr_changes[0].find("w:pPr/w:pStyle", NS).get(f"{{{NS['w']}}}val") == "Heading1"
    assert ppr_changes[1].find("w:pPr/w:jc", NS) is None
    assert result.summary.counts["formatting"] == 3
    rejected = settled(result.docx, accept=False)
    assert rejected.find(".//w:b", NS) is None
    assert rejected.find(".//w:jc", NS) is None
    check_contract(old, new, result)


def test_table_rows_inserted_deleted_and_cells_changed() -> None:
    old = build(["Before.", [["Name", "Role"], ["Ann", "Clerk"], ["Bob", "Chair"]], "After."])
    new = build(["Before.", [["Name", "Role"], ["Ann", "Senior Clerk"], ["Cy", "Member"]],
                 "After."])
    result = redline(old, new)
    rows = part(result.docx).findall(".//w:tr", NS)
    row_marks = [(r.find("w:trPr/w:ins", NS) is not None, r.find("w:trPr/w:del", NS) is not None)
                 for r in rows]
    # The last row shares no word with its old self yet is the same row of the table,
    # formatted alike: kept, its cells marked (a row deleted and another inserted lose the
    # row's own formatting in LibreOffice).
    assert row_marks == [(False, False)] * 3
    assert [marked_text(i) for i in marks(result, "ins")][:1] == ["Senior "]
    check_contract(old, new, result)


def test_whole_tables_inserted_and_deleted() -> None:
    old = build(["Intro.", [["a", "b"]], "Middle.", "End."])
    new = build(["Intro.", "Middle.", [["c", "d"], ["e", "f"]], "End."])
    result = redline(old, new)
    rows = part(result.docx).findall(".//w:tr", NS)
    assert [r.find("w:trPr/w:del", NS) is not None for r in rows] == [True, False, False]
    assert [r.find("w:trPr/w:ins", NS) is not None for r in rows] == [False, True, True]
    check_contract(old, new, result)


def test_headers_and_footers_are_compared_too() -> None:
    old = build(["Body."], header="OFFICIAL draft", footer="Page footer")
    new = build(["Body."], header="OFFICIAL final", footer="Page footer")
    result = redline(old, new)
    header = next(n for n in zipfile.ZipFile(io.BytesIO(result.docx)).namelist()
                  if n.startswith("word/header"))
    assert [marked_text(d) for d in marks(result, "del", header)] == ["draft"]
    assert [marked_text(i) for i in marks(result, "ins", header)] == ["final"]
    assert accept_texts(result.docx, header) == ["OFFICIAL final"]
    assert reject_texts(result.docx, header) == ["OFFICIAL draft"]
    assert result.summary.changes[0].part == "header"


def test_revision_ids_are_unique_and_every_mark_has_one_author_and_date() -> None:
    old = build(["Alpha beta gamma.", [["x", "y"]], "Delta."], header="Head one")
    new = build(["Alpha delta gamma.", [["x", "z"], ["n", "m"]], "Epsilon."], header="Head two")
    result = redline(old, new)
    ids, stamps = [], set()
    with zipfile.ZipFile(io.BytesIO(result.docx)) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml") or not name.startswith("word/"):
                continue
            root = etree_parse(archive.read(name))
            for mark in root.iter(*[f"{{{NS['w']}}}{t}" for t in (
                    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")]):
                ids.append(mark.get(f"{{{NS['w']}}}id"))
                stamps.add((mark.get(f"{{{NS['w']}}}author"), mark.get(f"{{{NS['w']}}}date")))
    assert len(ids) == len(set(ids)) > 4
    assert stamps == {("Legal", "2026-03-31T09:00:00Z")}


def etree_parse(data: bytes):
    from lxml import etree

    return etree.fromstring(data)


def test_same_inputs_and_date_give_identical_bytes() -> None:
    old, new = build(["One two three."]), build(["One three four."])
    assert redline(old, new).docx == redline(old, new).docx
    with zipfile.ZipFile(io.BytesIO(redline(old, new).docx)) as archive:
        infos = archive.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


def test_the_library_reads_no_clock_without_a_date_the_marks_carry_none() -> None:
    result = compare(build(["a b"]), build(["a c"]))
    assert marks(result, "ins")[0].get(f"{{{NS['w']}}}date") is None
    assert marks(result, "ins")[0].get(f"{{{NS['w']}}}author") == "policykit"


def test_inputs_with_tracked_changes_are_compared_in_their_accepted_state() -> None:
    old = build(["Keep this sentence.", "Second line."])
    new = redline(old, build(["Keep that sentence.", "Second line."])).docx  # has revisions
    result = compare(old, new, old_name="v1.docx", new_name="v2.docx", date=DATE)
    assert result.notes == ["the new document holds 2 tracked changes; compared as if they were "
                            "accepted (v2.docx; --tracked reject compares it as if they were "
                            "rejected)"]
    assert [marked_text(d) for d in marks(result, "del")] == ["this"]
    assert [marked_text(i) for i in marks(result, "ins")] == ["that"]
    assert accept_texts(result.docx) == ["Keep that sentence.", "Second line."]
    assert reject_texts(result.docx) == ["Keep this sentence.", "Second line."]


def test_attribute_receives_spans_of_each_change_and_stamps_its_marks() -> None:
    old = build(["Intro.", "The fee is ten pounds.", "Gone paragraph here."])
    new = build(["Intro.", "The fee is twelve pounds.", "Brand new paragraph."])
    seen: list[Span] = []
    when = datetime(2020, 5, 1, tzinfo=UTC)

    def attribute(span: Span):
        seen.append(span)
        return ("Ann", when) if span.kind == "ins" else None

    result = compare(old, new, attribute=attribute, date=DATE)
    old_texts, new_texts = paragraph_texts(old), paragraph_texts(new)
    for span in seen:
        texts = old_texts if span.kind in ("del", "moveFrom") else new_texts
        assert texts[span.block][span.start:span.end] == span.text
    assert {s.text for s in seen if s.kind == "ins"} >= {"twelve"}
    authors = {m.get(f"{{{NS['w']}}}author") for m in marks(result, "ins")}
    assert authors == {"Ann"}
    assert {m.get(f"{{{NS['w']}}}author") for m in marks(result, "del")} == {"policykit"}


def test_paragraph_texts_lists_body_paragraphs_including_table_cells() -> None:
    doc = build(["First\tline.", [["a", "b"]], "Last."])
    assert paragraph_texts(doc) == ["First\tline.", "a", "b", "Last."]


def test_summary_counts_and_headings() -> None:
    old = build([("Scope", "Heading 1"), "Applies to staff.", ("Duties", "Heading 1"),
                 "Managers check forms."])
    new = build([("Scope", "Heading 1"), "Applies to all staff.", ("Duties", "Heading 1"),
                 "Managers sign forms."])
    result = redline(old, new)
    summary = result.summary
    assert summary.counts == {"insertion": 2, "deletion": 1, "move": 0, "formatting": 0}
    assert [(c.kind, c.heading, c.text) for c in summary.changes] == [
        ("insertion", "Scope", "all"),
        ("deletion", "Duties", "check"),
        ("insertion", "Duties", "sign"),
    ]
    assert summary.to_text().splitlines() == [
        "2 insertions, 1 deletion, 0 moves, 0 formatting changes",
        "Where    ins  del move  fmt",
        "Scope      1    0    0    0",
        "Duties     1    1    0    0",
    ]
    assert summary.to_dict()["counts"]["insertion"] == 2


def test_summary_page_puts_the_table_at_the_front() -> None:
    old, new = build(["Alpha."]), build(["Beta."])
    result = redline(old, new, summary_page=True)
    document = docx.Document(io.BytesIO(result.docx))
    assert document.paragraphs[0].text == "Summary of changes"
    assert [c.text for c in document.tables[0].rows[0].cells][:2] == ["Where", "Insertions"]


def test_hyperlinks_and_pictures_from_the_old_document_keep_their_targets() -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    def with_link(text: str, url: str) -> bytes:
        document = docx.Document()
        paragraph = document.add_paragraph("See ")
        rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
        link = paragraph._p.makeelement(f"{{{NS['w']}}}hyperlink")
        link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", rid)
        run = link.makeelement(f"{{{NS['w']}}}r")
        t = run.makeelement(f"{{{NS['w']}}}t")
        t.text = text
        run.append(t)
        link.append(run)
        paragraph._p.append(link)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    old = with_link("the old page", "https://example.org/old")
    new = with_link("the new page", "https://example.org/new")
    result = redline(old, new)
    rels = part(result.docx, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    deleted_link = part(result.docx).find(".//w:hyperlink/w:del/..", NS)
    inserted_link = part(result.docx).find(".//w:hyperlink/w:ins/..", NS)
    assert targets[deleted_link.get(r_id)] == "https://example.org/old"
    assert targets[inserted_link.get(r_id)] == "https://example.org/new"
    check_contract(old, new, result)


def test_output_opens_in_python_docx() -> None:
    old = build(["One.", [["a"]], "Two."])
    new = build(["One!", [["b"]], "Three."])
    document = docx.Document(io.BytesIO(redline(old, new).docx))
    assert len(document.tables) == 1


def test_identical_documents_give_no_revisions() -> None:
    doc = build([("Scope", "Heading 1"), "Same text.", [["a", "b"]], "End."],
                header="Header", footer="Footer")
    result = redline(doc, doc)
    assert result.summary.total == 0
    assert result.notes == []
    for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange"):
        assert marks(result, tag) == []
    assert plain_texts(result.docx) == plain_texts(doc)


def test_a_bookmark_inside_a_word_does_not_split_it() -> None:
    old = build(["Video provides a way."])
    new_doc = docx.Document(io.BytesIO(build(["Vid"])))
    paragraph = new_doc.paragraphs[0]._p
    start = paragraph.makeelement(f"{{{NS['w']}}}bookmarkStart",
                                  {f"{{{NS['w']}}}id": "0", f"{{{NS['w']}}}name": "A"})
    end = paragraph.makeelement(f"{{{NS['w']}}}bookmarkEnd", {f"{{{NS['w']}}}id": "0"})
    paragraph.append(start)
    paragraph.append(end)
    paragraph.append(copy.deepcopy(paragraph.find("w:r", NS)))
    paragraph[-1].find("w:t", NS).text = "eo gives a way."
    buffer = io.BytesIO()
    new_doc.save(buffer)
    new = buffer.getvalue()
    result = redline(old, new)
    assert [marked_text(d) for d in marks(result, "del")] == ["provides"]
    assert [marked_text(i) for i in marks(result, "ins")] == ["gives"]
    assert part(result.docx).find(".//w:bookmarkStart", NS) is not None
    check_contract(old, new, result)


def _png(colour: bytes = b"\xff\x00\x00") -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + colour * 2 + b"\x00" + b"\x00\x00\xff" * 2)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(
        b"IEND", b"")


def test_a_deleted_picture_brings_its_image_part_along() -> None:
    document = docx.Document()
    document.add_paragraph("Logo below.")
    document.add_picture(io.BytesIO(_png()))
    document.add_paragraph("Closing words.")
    buffer = io.BytesIO()
    document.save(buffer)
    old = buffer.getvalue()
    new = build(["Logo below.", "Closing words."])
    result = redline(old, new)
    blip = part(result.docx).find(".//w:del//{*}blip", NS)
    embed = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
    rels = {r.get("Id"): r.get("Target") for r in part(result.docx, "word/_rels/document.xml.rels")}
    target = "word/" + rels[embed]
    with zipfile.ZipFile(io.BytesIO(result.docx)) as archive:
        assert archive.read(target) == _png()
        types = archive.read("[Content_Types].xml")
    assert b"image/png" in types
    check_contract(old, new, result)


def test_a_changed_field_is_deleted_and_inserted_whole_with_its_link_text() -> None:
    def with_field(result_text: str) -> bytes:
        document = docx.Document()
        paragraph = document.add_paragraph("See ")
        w = NS["w"]

        def run(child_tag: str, text: str | None = None, **attrs: str):
            r = paragraph._p.makeelement(f"{{{w}}}r")
            child = r.makeelement(f"{{{w}}}{child_tag}",
                                  {f"{{{w}}}{k}": v for k, v in attrs.items()})
            child.text = text
            r.append(child)
            return r

        p = paragraph._p
        p.append(run("fldChar", fldCharType="begin"))
        p.append(run("instrText", " REF policy \\h "))
        p.append(run("fldChar", fldCharType="separate"))
        link = p.makeelement(f"{{{w}}}hyperlink", {f"{{{w}}}anchor": "policy"})
        link.append(run("t", result_text))
        p.append(link)
        p.append(run("fldChar", fldCharType="end"))
        p.append(run("t", " for details."))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()

    old, new = with_field("section 2"), with_field("section 3")
    result = redline(old, new)
    body = part(result.docx)
    assert body.find(".//w:del//w:delInstrText", NS) is not None
    assert body.find(".//w:hyperlink/w:del//w:delText", NS).text == "section 2"
    assert body.find(".//w:hyperlink/w:ins//w:t", NS).text == "section 3"
    check_contract(old, new, result)


def test_a_moved_passage_is_one_move_with_one_range_each_side() -> None:
    passage = ["First moved sentence of the passage.", "Second moved sentence of it."]
    old = build(["Intro text here.", *passage, "Middle one here.", "Middle two here.",
                 "Middle three.", "Closing."])
    new = build(["Intro text here.", "Middle one here.", "Middle two here.", "Middle three.",
                 *passage, "Closing."])
    result = redline(old, new)
    assert result.summary.counts["move"] == 1
    starts = marks(result, "moveFromRangeStart") + marks(result, "moveToRangeStart")
    ends = marks(result, "moveFromRangeEnd") + marks(result, "moveToRangeEnd")
    assert len(starts) == len(ends) == 2
    assert len({s.get(f"{{{NS['w']}}}name") for s in starts}) == 1
    assert {e.get(f"{{{NS['w']}}}id") for e in ends} == {s.get(f"{{{NS['w']}}}id") for s in starts}
    check_contract(old, new, result)


def _floating_picture_doc(colour: bytes) -> bytes:
    """Return a document whose first paragraph holds a floating picture, then text."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    png = _png(colour)
    paragraph.add_run().add_picture(io.BytesIO(png))
    paragraph.add_run("Text after the picture.")
    wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
    inline = paragraph._p.find(f".//{{{wp}}}inline")
    anchor = inline.makeelement(f"{{{wp}}}anchor", {
        "distT": "0", "distB": "0", "distL": "0", "distR": "0", "simplePos": "0",
        "relativeHeight": "1", "behindDoc": "0", "locked": "0", "layoutInCell": "1",
        "allowOverlap": "1"})
    anchor.append(anchor.makeelement(f"{{{wp}}}simplePos", {"x": "0", "y": "0"}))
    for axis, relative in (("H", "column"), ("V", "paragraph")):
        position = anchor.makeelement(f"{{{wp}}}position{axis}", {"relativeFrom": relative})
        offset = position.makeelement(f"{{{wp}}}posOffset")
        offset.text = "0"
        position.append(offset)
        anchor.append(position)
    children = list(inline)
    anchor.append(children[0])  # extent
    anchor.append(anchor.makeelement(f"{{{wp}}}wrapSquare", {"wrapText": "bothSides"}))
    for child in children[1:]:
        anchor.append(child)
    inline.getparent().replace(inline, anchor)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_replaced_floating_picture_is_anchored_apart_from_the_old_one() -> None:
    old = _floating_picture_doc(b"\xff\x00\x00")
    new = _floating_picture_doc(b"\x00\xff\x00")
    result = redline(old, new)
    paragraph = part(result.docx).find(".//w:body/w:p", NS)
    kinds = [etree_local(child) for child in paragraph if etree_local(child) != "pPr"]
    # deleted picture, first kept word, then the new picture: never two anchors at one spot
    assert kinds[:3] == ["del", "r", "ins"]
    check_contract(old, new, result)


def etree_local(element) -> str:
    return element.tag.rsplit("}", 1)[-1]
