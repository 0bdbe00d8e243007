"""Test ``policykit incorporate`` with copies in Word's own markup, through the installed CLI:
each kind of tracked change comes back into the content, credited to its reviewer, and the
document built afterwards says what the reviewer's accepted copy said."""

from __future__ import annotations

from pathlib import Path

import pytest
import wordmarkup as wm
from incorporatefixtures import body_texts, built, content_repository, git, policykit

LEGAL, COMMS = "Legal Services", "Communications"
WHEN, LATER = "2026-12-01T09:00:00Z", "2026-12-02T10:00:00Z"
SENT = "appendix-a.docx"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    content_repository(tmp_path / "repo")
    return tmp_path / "repo"


def legal_copy(docx: bytes) -> bytes:
    """Every kind of change Word tracks, by Legal Services, plus a comment with a reply."""
    docx = wm.replace(docx, "one of the main ways", "one of the principal ways", LEGAL, WHEN)
    docx = wm.insert_paragraph(docx, "The policy summarises the corporate",
                               "Legal Services will review this policy every year.", LEGAL, WHEN)
    docx = wm.delete_paragraph(docx, "Social media also includes blogs", LEGAL, WHEN)
    docx = wm.move_paragraph(docx, "The test to apply is a simple one",
                             "Members are personally responsible for the content", LEGAL, WHEN)
    docx = wm.format_words(docx, "personally responsible", LEGAL, WHEN, bold=True)
    docx = wm.format_words(docx, "cost-effective", LEGAL, WHEN, colour="FF0000")
    docx = wm.restyle(docx, "The social media platforms in most common use", "Heading2",
                      LEGAL, WHEN)
    return wm.comment(docx, "permanent", LEGAL, WHEN,
                      "Is 'permanent' too strong? Deleted posts can vanish.",
                      [("Priya Shah", LATER, "Keep it: screenshots last.")])


def test_each_kind_of_word_change_lands_on_a_review_branch_by_its_reviewer(repo: Path) -> None:
    before = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    copy = legal_copy(built(repo / "content"))
    (repo / "legal.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "legal.docx")

    assert done.returncode == 0, done.stderr
    assert "Legal Services <legal@chiltern.gov.uk> (legal.docx)" in done.stdout
    assert "  changes found: 9; mapped to the content: 8; conflicts: 0; comments: 1" in done.stdout
    assert ("  not carried: font colour red on 'cost-effective' in 1.1: formatting the content "
            "cannot hold; not carried") in done.stdout
    assert "committed on review/appendix-a/legal-services" in done.stdout
    log = git(repo, "log", "-1", "--format=%an <%ae>|%cn|%aI|%s",
              "review/appendix-a/legal-services")
    assert log.strip() == ("Legal Services <legal@chiltern.gov.uk>|Priya Shah|"
                           "2026-12-01T09:00:00+00:00|"
                           "Review of appendix-a by Legal Services, from legal.docx")
    assert git(repo, "rev-parse", "HEAD") == git(repo, "rev-parse", "main")  # main untouched
    assert (repo / "content/appendix-a.md").read_text(encoding="utf-8") == before
    after = git(repo, "show", "review/appendix-a/legal-services:content/appendix-a.md")
    assert "Social media is now one of the principal ways" in after
    assert "\n\nLegal Services will review this policy every year.\n\n# Scope" in after
    assert "Social media also includes blogs" not in after
    assert "## The social media platforms in most common use" in after
    assert "Members are **personally responsible** for the content" in after
    assert after.index("The test to apply is a simple one") < after.index(
        "Members should follow these principles")
    # every line the reviewer did not touch keeps its bytes
    changed = {"Social media is now one of the main ways", "The social media platforms in most",
               "Social media also includes blogs", "Members are personally responsible",
               "The test to apply is a simple one"}
    kept = [line for line in before.split("\n")
            if line and not any(line.startswith(c) for c in changed)]
    assert all(line in after.split("\n") for line in kept)
    notes = git(repo, "show", "review/appendix-a/legal-services:content/notes/appendix-a.yaml")
    assert "    quoted: permanent\n    text: Is 'permanent' too strong? Deleted posts can vanish." \
        in notes
    assert "      - author: Priya Shah" in notes


def test_apply_commits_on_the_branch_and_the_build_reads_as_the_accepted_copy(repo: Path) -> None:
    copy = legal_copy(built(repo / "content"))
    (repo / "legal.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "legal.docx", "--apply")

    assert done.returncode == 0, done.stderr
    assert git(repo, "log", "-1", "--format=%an|%cn").strip() == "Legal Services|Priya Shah"
    assert git(repo, "status", "--porcelain").strip() == "?? legal.docx"
    rebuilt = built(repo / "content")
    assert body_texts(rebuilt) == body_texts(copy)  # paragraph for paragraph
    notes = policykit(repo, "notes", "appendix-a")
    assert notes.returncode == 0
    lines = notes.stdout.splitlines()
    note_id = lines[0].split()[0]
    assert lines[0] == f"{note_id}  5.1  Legal Services, 2026-12-01"
    assert lines[1:] == ["    on 'permanent'",
                         "    text: Is 'permanent' too strong? Deleted posts can vanish.".replace(
                             "text: ", ""),
                         "    reply from Priya Shah: Keep it: screenshots last."]
    resolved = policykit(repo, "notes", "appendix-a", "--resolve", note_id)
    assert resolved.stdout.startswith(f"Resolved note {note_id} (Legal Services: Is 'permanent'")
    assert policykit(repo, "notes", "appendix-a").stdout == "No open review notes on appendix-a.\n"
    assert "resolved: true" in (repo / "content/notes/appendix-a.yaml").read_text()


def test_two_reviewers_combine_and_a_conflict_waits_for_a_side(repo: Path) -> None:
    sent = built(repo / "content")
    legal = wm.replace(sent, "one of the main ways", "one of the principal ways", LEGAL, WHEN)
    legal = wm.replace(legal, "immediate way", "immediate means", LEGAL, WHEN)
    comms = wm.replace(sent, "one of the main ways", "one of the best ways", COMMS, LATER)
    comms = wm.replace(comms, "share their views", "share their opinions", COMMS, LATER)
    (repo / "legal.docx").write_bytes(legal)
    (repo / "comms.docx").write_bytes(comms)

    first = policykit(repo, "incorporate", "legal.docx", "comms.docx", "--apply")

    assert first.returncode == 3, first.stderr
    assert ("Conflict 1: content/appendix-a.md, line 18, 1.1: was 'main'\n"
            "  Communications: 'best'\n  Legal Services: 'principal'\n") in first.stdout
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "share their opinions and take part" in text  # different words in one paragraph
    assert "cost-effective and immediate means of" in text
    assert "one of the main ways" in text  # the conflict waits

    second = policykit(repo, "incorporate", "legal.docx", "comms.docx",
                       "--resolve", "1=Communications")

    assert second.returncode == 0, second.stdout + second.stderr
    assert "(resolved for Communications)" in second.stdout
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "one of the best ways in which people find information, share their opinions" in text
    authors = git(repo, "log", "--format=%an", "-4").split("\n")
    assert authors[:3] == ["Communications", "Communications", "Legal Services"]


def test_untracked_edits_need_a_name_and_are_credited_to_it(repo: Path) -> None:
    sent = built(repo / "content")
    edited = wm.replace(sent, "cost-effective", "cheap", "x", WHEN)
    untracked = wm.accept_all(edited)
    (repo / "copy.docx").write_bytes(untracked)

    refused = policykit(repo, "incorporate", "copy.docx")
    assert refused.returncode == 1
    assert refused.stderr == ("Error: copy.docx: has changes made without tracking and does "
                              "not say who made them; name the reviewer with --by NAME\n")

    done = policykit(repo, "incorporate", "copy.docx", "--by", COMMS, "--apply")
    assert done.returncode == 0, done.stderr
    assert git(repo, "log", "-1", "--format=%an <%ae>").strip() == \
        "Communications <communications@chiltern.gov.uk>"
    assert "it is a cheap and immediate way" in (repo / "content/appendix-a.md").read_text()


def test_a_copy_without_its_properties_is_named_with_doc_and_base(repo: Path) -> None:
    sent = built(repo / "content")
    stripped = wm.strip_properties(wm.replace(sent, "cost-effective", "low-cost", LEGAL, WHEN))
    (repo / "copy.docx").write_bytes(stripped)

    refused = policykit(repo, "incorporate", "copy.docx")
    assert refused.returncode == 1
    assert refused.stderr == (
        "Error: copy.docx: does not say which document and version it is a copy of (the "
        "document id and the commit are not in its properties); say what it is a copy of with "
        "--doc ID and --base REV (the commit or version it was built from: see 'policykit "
        "history ID')\n")

    done = policykit(repo, "incorporate", "copy.docx", "--doc", "appendix-a", "--base", "HEAD",
                     "--apply")
    assert done.returncode == 0, done.stderr
    assert "a low-cost and immediate way" in (repo / "content/appendix-a.md").read_text()


def test_a_copy_of_an_older_version_is_rebased_where_its_changes_still_apply(repo: Path) -> None:
    from incorporatefixtures import commit_change

    sent = built(repo / "content")  # the copy goes out
    commit_change(repo, "content/appendix-a.md", "Used well, it is a cost-effective",
                  "Used wisely, it is a cost-effective")
    copy = wm.replace(sent, "Used well", "Used carefully", LEGAL, WHEN)
    copy = wm.replace(copy, "take part in local debate", "join in local debate", LEGAL, WHEN)
    (repo / "old.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "old.docx", "--apply")

    assert done.returncode == 0, done.stderr
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "join in local debate. Used wisely, it is" in text
    assert ("  not carried: 'well' changed to 'carefully' in 1.1: the words around it have "
            "changed since the copy was made; not carried") in done.stdout


def test_hostile_copies_and_another_councils_copy_are_refused(repo: Path, tmp_path: Path) -> None:
    import io
    import zipfile

    sent = built(repo / "content")
    parts = wm._parts(sent)
    evil = dict(parts)
    evil["word/document.xml"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>' + \
        parts["word/document.xml"].split(b"?>", 1)[1]
    (repo / "evil.docx").write_bytes(wm._zip(evil))
    macro = dict(parts)
    macro["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    (repo / "macro.docx").write_bytes(wm._zip(macro))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        archive.writestr("word/media/bomb.bin", b"\0" * (300 << 20))
    (repo / "bomb.docx").write_bytes(bomb.getvalue())
    other = content_repository(tmp_path / "other", council="Wycombe District Council")
    (repo / "other.docx").write_bytes(wm.replace(built(other), "cost-effective", "cheap",
                                                 LEGAL, WHEN))

    results = {name: policykit(repo, "incorporate", name)
               for name in ("evil.docx", "macro.docx", "bomb.docx", "other.docx")}

    assert {name: r.returncode for name, r in results.items()} == dict.fromkeys(results, 1)
    assert results["evil.docx"].stderr == (
        "Error: evil.docx: word/document.xml declares a DTD or entities, which policykit refuses "
        "to read; Word never writes such a file; do not open it, and ask the sender for the "
        "document again\n")
    assert results["macro.docx"].stderr == (
        "Error: macro.docx: holds macros (a VBA project), which policykit refuses to read; save "
        "it as a plain Word document (.docx) and try again\n")
    assert results["bomb.docx"].stderr.startswith("Error: bomb.docx: ")
    assert "compress" in results["bomb.docx"].stderr or "bomb" in results["bomb.docx"].stderr
    assert results["other.docx"].stderr == (
        "Error: other.docx: is a copy of another council's document (Wycombe District Council; "
        "Cabinet); only copies of the papers of Chiltern and South Bucks District Councils can "
        "be incorporated\n")
    assert git(repo, "log", "--format=%an").strip() == "Priya Shah"


def test_report_fields_and_sections_map_back_to_report_yaml(repo: Path) -> None:
    before = (repo / "content/report.yaml").read_text(encoding="utf-8")
    sent = built(repo / "content", "report")
    copy = wm.replace(sent, "There is not currently a social media policy",
                      "There is no social media policy", LEGAL, WHEN)
    copy = wm.replace(copy, "Purpose of Report", "Purpose of this Report", LEGAL, WHEN)
    copy = wm.replace(copy, "There are no financial implications",
                      "There are no financial implications: costs are met from budgets",
                      LEGAL, WHEN)
    copy = wm.replace(copy, "Appendix A is approved", "Appendix A is approved as amended",
                      LEGAL, WHEN)
    copy = wm.replace(copy, "Councillor Nick Naylor/Councillor Isobel Darby",
                      "Councillor Isobel Darby", LEGAL, WHEN)
    (repo / "report.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "report.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "changes found: 5; mapped to the content: 5" in done.stdout
    after = (repo / "content/report.yaml").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.split("\n"), after.split("\n"), strict=True)
               if a != b]
    assert changed == [
        ("report_of: Councillor Nick Naylor/Councillor Isobel Darby",
         "report_of: Councillor Isobel Darby"),
        ("  - heading: Purpose of Report", "  - heading: Purpose of this Report"),
        ("        There is not currently a social media policy specifically for Members. The "
         "current", "        There is no social media policy specifically for Members. The "
         "current"),
        ('      - "Financial: There are no financial implications"',
         '      - "Financial: There are no financial implications: costs are met from budgets"'),
        ("  - The social media policy for Members contained in Appendix A is approved.",
         "  - The social media policy for Members contained in Appendix A is approved as "
         "amended."),
    ]
    assert body_texts(built(repo / "content", "report")) == body_texts(copy)


def test_a_moved_paragraph_keeps_its_markdown_links_included(repo: Path) -> None:
    sent = built(repo / "content")
    copy = wm.move_paragraph(sent, "the Electoral Commission, for guidance",
                             "the Protocol on Member and Officer Relations", LEGAL, WHEN)
    (repo / "moved.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "moved.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    line = "- the [Electoral Commission](https://www.electoralcommission.org.uk), for guidance " \
        "on imprints and campaign material."
    assert text.count(line) == 1
    assert text.index("- the Protocol on Member and Officer Relations;\n" + line + "\n")
    assert body_texts(built(repo / "content")) == body_texts(copy)


def test_the_same_change_in_two_copies_is_made_once_and_json_lists_it(repo: Path) -> None:
    import json

    copy = wm.insert_paragraph(built(repo / "content"), "The policy summarises the corporate",
                               "Legal Services will review this policy every year.", LEGAL, WHEN)
    (repo / "first.docx").write_bytes(copy)
    (repo / "again.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "first.docx", "again.docx", "--apply",
                     "--format", "json")

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["name"] for r in result["reviewers"]] == [LEGAL]
    assert result["reviewers"][0]["copies"] == ["first.docx", "again.docx"]
    assert result["conflicts"] == []
    assert [c["kind"] for c in result["changes"]] == ["paragraph added"]
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert text.count("Legal Services will review this policy every year.") == 1


def test_a_copy_built_from_uncommitted_content_is_not_guessed(repo: Path) -> None:
    file = repo / "content/appendix-a.md"
    file.write_text(file.read_text().replace("cost-effective", "cheap"))
    (repo / "dirty.docx").write_bytes(built(repo / "content"))

    refused = policykit(repo, "incorporate", "dirty.docx")

    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: dirty.docx: was built from changes not yet "
                                     "committed (on top of ")
    assert refused.stderr.endswith("give --base REV for the commit it matches, and build from "
                                   "committed content before sending copies out\n")


def test_resolve_without_the_copies_takes_a_side_of_what_apply_left(repo: Path) -> None:
    sent = built(repo / "content")
    (repo / "legal.docx").write_bytes(
        wm.replace(sent, "one of the main ways", "one of the principal ways", LEGAL, WHEN))
    (repo / "comms.docx").write_bytes(
        wm.replace(sent, "one of the main ways", "one of the best ways", COMMS, LATER))
    assert policykit(repo, "incorporate", "legal.docx", "comms.docx", "--apply").returncode == 3

    done = policykit(repo, "incorporate", "--resolve", "1=legal services")

    assert done.returncode == 0, done.stderr
    assert "Legal Services <legal@chiltern.gov.uk> (conflict 1)\n" in done.stdout
    assert "Conflict 1: content/appendix-a.md, line 18, 1.1 (resolved for Legal Services)" \
        in done.stdout
    assert "one of the principal ways" in (repo / "content/appendix-a.md").read_text()
    assert git(repo, "log", "-1", "--format=%an|%cn|%s").strip() == (
        "Legal Services|Priya Shah|Review of appendix-a by Legal Services: conflict 1 "
        "resolved for Legal Services")
    again = policykit(repo, "incorporate", "--resolve", "1=Communications")
    assert again.returncode == 1
    assert again.stderr == ("Error: there are no conflicts waiting to be resolved; give the "
                            "returned copies (FILE.docx...) to incorporate them\n")


def test_a_paragraph_added_as_word_records_enter_and_typing(repo: Path) -> None:
    copy = wm.split_paragraph(built(repo / "content"), "The policy summarises the corporate",
                              "Legal Services will review this policy every year.", LEGAL, WHEN)
    (repo / "word.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "word.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert ("the arrangements for managing them.\n\nLegal Services will review this policy "
            "every year.\n\n# Scope") in text
    assert body_texts(built(repo / "content")) == body_texts(copy)


def test_the_facade_lists_changes_then_applies_all_but_the_rejected(repo: Path) -> None:
    from policykit.api import apply_review_changes, review_changes

    sent = built(repo / "content")
    legal = wm.replace(sent, "one of the main ways", "one of the principal ways", LEGAL, WHEN)
    legal = wm.replace(legal, "immediate way", "immediate means", LEGAL, WHEN)
    legal = wm.comment(legal, "permanent", LEGAL, WHEN, "Too strong?")
    comms = wm.replace(sent, "one of the main ways", "one of the best ways", COMMS, LATER)
    copies = [("legal.docx", legal), ("comms.docx", comms)]
    content = repo / "content"
    head = git(repo, "rev-parse", "HEAD")

    listed = review_changes(content, copies)

    assert git(repo, "rev-parse", "HEAD") == head and "review/" not in git(repo, "branch")
    assert sorted((c.reviewer, c.old, c.new, c.status) for c in listed.changes) == [
        (COMMS, "main", "best", "conflict 1"), (LEGAL, "main", "principal", "conflict 1"),
        (LEGAL, "way", "means", "ready")]
    assert [n.text for n in listed.note_list] == ["Too strong?"]
    means = next(c.id for c in listed.changes if c.new == "means")

    applied = apply_review_changes(content, copies, resolve={1: COMMS}, reject=[means])

    assert applied.open_conflicts == []
    text = (content / "appendix-a.md").read_text(encoding="utf-8")
    assert "one of the best ways" in text and "immediate way of" in text
    assert git(repo, "log", "-3", "--format=%an").splitlines() == [COMMS, LEGAL, "Priya Shah"]
    assert "Too strong?" in (content / "notes/appendix-a.yaml").read_text()


def test_a_paragraph_whose_every_word_was_deleted_goes_with_its_blank_line(repo: Path) -> None:
    copy = wm.replace(built(repo / "content"), "Social media also includes blogs, online forums, "
                      "message boards and the comment facilities on news websites.", "",
                      LEGAL, WHEN)
    (repo / "emptied.docx").write_bytes(copy)

    done = policykit(repo, "incorporate", "emptied.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "Social media also includes blogs" not in text
    assert "same area.\n\nIn this policy, **Members** means" in text
