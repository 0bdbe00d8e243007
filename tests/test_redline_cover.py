"""Test the cover note: what it names, its legend and counts, and that it leaves the contract."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from test_redline_sim import NS, accept_texts, build, part, reject_texts
from typer.testing import CliRunner

from policykit.cli import app
from policykit.redline import CoverNote, compare

DATE = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
OLD = [("Scope", "Heading 1"), "Applies to staff.", ("Duties", "Heading 1"), "Check forms."]
NEW = [("Scope", "Heading 1"), "Applies to all staff.", ("Duties", "Heading 1"), "Sign forms."]
COVER = CoverNote(
    title="Appendix A compared with the Staff Social Media Policy 2014",
    old="Staff Social Media Policy 2014, version 1.2 (commit 1a2b3c4, 18 March 2014)",
    new="Appendix A, version 2.0 draft (working tree, 31 March 2026)",
    made_by="Legal Services", made_on=DATE,
)


def cover_texts(docx: bytes) -> list[str]:
    """Return the paragraph texts inside the cover note's content control."""
    sdt = part(docx).find(".//w:body/w:sdt", NS)
    return ["".join(t.text or "" for t in p.iterfind(".//w:t", NS))
            for p in sdt.iterfind(".//w:p", NS)]


def test_the_cover_names_what_is_compared_the_marks_and_the_counts() -> None:
    result = compare(build(OLD), build(NEW), date=DATE, cover=COVER)
    texts = cover_texts(result.docx)
    assert texts[0] == COVER.title
    for line in (COVER.old, COVER.new, "Legal Services", "31 March 2026, 09:00 UTC",
                 "Inserted text is marked as an insertion.",
                 "Deleted text is marked as a deletion.", "Scope: 1 insertion.",
                 "Changes: 2 insertions, 1 deletion, 0 moves, 0 formatting changes."):
        assert line in texts
    assert texts[texts.index("Changes by heading") + 1:][:2] == [
        "Scope: 1 insertion.", "Duties: 1 insertion, 1 deletion."]
    sdt_alias = part(result.docx).find(".//w:body/w:sdt/w:sdtPr/w:alias", NS)
    assert sdt_alias.get(f"{{{NS['w']}}}val") == "Cover note"


def test_accept_and_reject_hold_for_everything_after_the_cover() -> None:
    result = compare(build(OLD), build(NEW), date=DATE, cover=COVER)
    cover = cover_texts(result.docx)
    new_texts = ["Scope", "Applies to all staff.", "Duties", "Sign forms."]
    old_texts = ["Scope", "Applies to staff.", "Duties", "Check forms."]
    assert accept_texts(result.docx)[len(cover):] == new_texts
    assert reject_texts(result.docx)[len(cover):] == old_texts
    assert part(result.docx).find(".//w:body/w:sdt//w:ins", NS) is None


def test_the_redline_carries_its_own_title_and_subject() -> None:
    result = compare(build(OLD), build(NEW), date=DATE, cover=COVER)
    core = zipfile.ZipFile(io.BytesIO(result.docx)).read("docProps/core.xml").decode()
    assert f"<dc:title>{COVER.title}</dc:title>" in core
    assert f"<dc:subject>{COVER.title}</dc:subject>" in core


def test_compare_cover_option_starts_with_the_cover_note(tmp_path: Path) -> None:
    old, new = tmp_path / "policy-2014.docx", tmp_path / "policy-2026.docx"
    out = tmp_path / "r.docx"
    old.write_bytes(build(OLD))
    new.write_bytes(build(NEW))
    result = CliRunner().invoke(app, ["compare", str(old), str(new), "-o", str(out), "--cover",
                                      "--author", "Legal", "--date", "2026-03-31T09:00"])
    assert result.exit_code == 0, result.output
    texts = cover_texts(out.read_bytes())
    assert texts[0] == "policy-2026.docx compared with policy-2014.docx"
    assert "Legal" in texts and "31 March 2026, 09:00 UTC" in texts


def test_removing_the_cover_leaves_exactly_the_contract_document() -> None:
    from policykit.redline import remove_cover

    old = build(["Keep this.", "Members must report within one day."])
    new = build(["Keep this.", "Members must report within two days."])
    cover = CoverNote("New compared with old", "old.docx", "new.docx", "Legal", DATE)
    with_cover = compare(old, new, date=DATE, cover=cover).docx
    without = remove_cover(with_cover)
    assert "New compared with old" in " ".join(accept_texts(with_cover))
    assert accept_texts(without) == ["Keep this.", "Members must report within two days."]
    assert reject_texts(without) == ["Keep this.", "Members must report within one day."]


def test_the_cover_and_summary_tables_have_header_rows_for_screen_readers(
        tmp_path: Path) -> None:
    from policykit.check import check_paths

    out = tmp_path / "redline.docx"
    out.write_bytes(compare(build(OLD), build(NEW), date=DATE, cover=COVER,
                            summary_page=True).docx)
    findings = [f.rule for f in check_paths([out]).files[0].findings]
    assert "missing-table-header" not in findings and "empty-table-header" not in findings
    headers = part(out.read_bytes()).findall(".//w:tr[1]/w:trPr/w:tblHeader", NS)
    assert len(headers) == 2  # the cover's table and the summary page's
