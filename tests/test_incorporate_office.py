"""Test ``policykit incorporate`` with copies made the way reviewers make them: in LibreOffice,
through UNO, with change recording on and the author set; comments through a LibreOffice save
of hand-written WordprocessingML (comments crash a UNO connection here, see facts.md).

The round trip, per kind of change: build -> edit in LibreOffice with tracking ->
incorporate --apply -> build gives the reviewer's accepted text, paragraph for paragraph, and
every line of the content file the reviewer did not touch keeps its bytes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import wordmarkup as wm
from incorporatefixtures import (
    body_texts,
    built,
    content_repository,
    git,
    policykit,
    uno_copies,
)

from policykit.importer.copy import read_copy, view

pytestmark = pytest.mark.office

KINDS = {
    "words replaced": [{"find": "is now one of the main ways", "replace": "has become one of "
                        "the main ways"}],
    "words inserted": [{"find": "immediate way of communicating",
                        "replace": "immediate and inexpensive way of communicating"}],
    "words deleted": [{"find": " considerably", "delete": True}],
    "paragraph added": [{"find": "The policy summarises the corporate social media",
                         "after": "Members must take advice before posting about live planning "
                         "applications."}],
    "paragraph removed": [{"find": "Social media also includes blogs",
                           "delete_paragraph": True}],
    "paragraph moved": [{"find": "The test to apply is a simple one",
                         "move_after": "Members are personally responsible"}],
    "heading renamed": [{"find": "Corporate social media accounts",
                         "replace": "The councils' own social media accounts"}],
    "list item added": [{"find": "all elected Members of South Bucks District Council;",
                         "after": "all parish councillors co-opted onto council committees;",
                         "style": "List Bullet"}],
    "table cell edited": [{"find": "@ChilternDC", "replace": "@ChilternCouncil"}],
    "bold added": [{"find": "personally responsible", "bold": True}],
}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One repository per kind of change, and its LibreOffice copy, made in one UNO session."""
    root = tmp_path_factory.mktemp("kinds")
    repos, copies = {}, []
    for number, (kind, edits) in enumerate(KINDS.items()):
        repo = root / f"repo{number}"
        content_repository(repo)
        (repo / "sent.docx").write_bytes(built(repo / "content"))
        copies.append({"input": str(repo / "sent.docx"), "output": str(repo / "copy.docx"),
                       "author": "Legal Services", "edits": edits})
        repos[kind] = repo
    uno_copies(root, copies)
    return repos


@pytest.mark.parametrize("kind", list(KINDS))
def test_round_trip_gives_the_accepted_copy_and_keeps_untouched_bytes(
        made: dict[str, Path], kind: str) -> None:
    repo = made[kind]
    before = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    copy = (repo / "copy.docx").read_bytes()

    done = policykit(repo, "incorporate", "copy.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    assert "Legal Services <legal@chiltern.gov.uk> (copy.docx)" in done.stdout
    assert "not carried" not in done.stdout
    assert body_texts(built(repo / "content")) == body_texts(copy)
    after = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    removed = [line for line in before.split("\n") if line not in after.split("\n")]
    assert after != before
    assert len(removed) <= 1  # only the changed paragraph's line; every other line keeps its bytes
    assert git(repo, "log", "-1", "--format=%an|%cn").strip() == "Legal Services|Priya Shah"


def _anchors(docx: bytes) -> list[int]:
    paragraphs = view(read_copy(docx, "copy.docx").paragraphs, lambda _: False)
    return [p.anchor for p in paragraphs if p.anchor is not None]


def test_the_source_map_survives_a_libreoffice_save(made: dict[str, Path]) -> None:
    repo = made["words replaced"]
    sent = _anchors((repo / "sent.docx").read_bytes())
    assert sent == list(range(len(sent))) and len(sent) > 150  # every body paragraph
    assert _anchors((repo / "copy.docx").read_bytes()) == sent
    assert "_Pk" not in " ".join(body_texts((repo / "copy.docx").read_bytes()))


def test_three_reviewers_on_appendix_a_with_one_conflict(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    content_repository(repo)
    (repo / "appendix-a.docx").write_bytes(built(repo / "content"))
    sent = str(repo / "appendix-a.docx")
    uno_copies(tmp_path, [
        {"input": sent, "output": str(repo / "legal.docx"), "author": "Legal Services",
         "edits": [{"find": "is now one of the main ways", "replace": "is now one of the "
                    "principal ways"},
                   {"find": "must not:", "bold": True},
                   {"find": "cost-effective", "colour": 16711680}]},
        {"input": sent, "output": str(repo / "comms.docx"), "author": "Communications",
         "edits": [{"find": "is now one of the main ways", "replace": "is now one of the "
                    "busiest ways"},
                   {"find": "@ChilternDC", "replace": "@ChilternCouncil"}]},
        {"input": sent, "output": str(repo / "management.docx"), "author": "Management Team",
         "edits": [{"find": "The Monitoring Officer", "replace": "The Monitoring Officer and "
                    "Deputy Monitoring Officer"}]},
    ])

    first = policykit(repo, "incorporate", "legal.docx", "comms.docx", "management.docx",
                      "--apply")

    assert first.returncode == 3, first.stdout + first.stderr
    out = first.stdout
    assert "Legal Services <legal@chiltern.gov.uk> (legal.docx)\n  changes found: 4; mapped " \
        "to the content: 3; conflicts: 1; comments: 0" in out
    assert "  not carried: font colour red on 'cost-effective' in 1.1: formatting the content " \
        "cannot hold; not carried" in out
    assert "Conflict 1: content/appendix-a.md, line 18, 1.1: was 'main'\n" \
        "  Communications: 'busiest'\n  Legal Services: 'principal'\n" in out

    second = policykit(repo, "incorporate", "legal.docx", "comms.docx", "management.docx",
                       "--resolve", "1=Legal Services")

    assert second.returncode == 0, second.stdout + second.stderr
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "Social media is now one of the principal ways" in text
    assert "| @ChilternCouncil |" in text
    assert "In particular, when using social media Members **must not:**" in text
    assert "**The Monitoring Officer and Deputy Monitoring Officer** means" in text
    log = git(repo, "log", "--format=%an|%cn").splitlines()
    assert log[-1] == "Priya Shah|Priya Shah"
    assert sorted(set(log[:-1])) == ["Communications|Priya Shah", "Legal Services|Priya Shah",
                                     "Management Team|Priya Shah"]
    redline = policykit(repo, "diff", "appendix-a", "--from", "HEAD~4", "--attribute",
                        "-o", "changes.docx")
    assert redline.returncode == 0, redline.stderr
    redlined = read_copy((repo / "changes.docx").read_bytes(), "changes.docx")
    credited = {(piece.inserted or piece.deleted).author for paragraph in redlined.paragraphs
                for piece in paragraph.pieces if piece.inserted or piece.deleted}
    assert credited == {"Communications", "Legal Services", "Management Team"}


def test_an_untracked_libreoffice_copy_without_properties(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    content_repository(repo)
    (repo / "sent.docx").write_bytes(built(repo / "content"))
    uno_copies(tmp_path, [{"input": str(repo / "sent.docx"), "output": str(repo / "copy.docx"),
                           "author": "Communications", "track": False, "strip": True,
                           "edits": [{"find": "cost-effective", "replace": "low-cost"}]}])

    refused = policykit(repo, "incorporate", "copy.docx")
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: copy.docx: does not say which document and version")

    done = policykit(repo, "incorporate", "copy.docx", "--doc", "appendix-a", "--base", "main",
                     "--apply")
    assert done.returncode == 0, done.stdout + done.stderr
    assert git(repo, "log", "-1", "--format=%an <%ae>").strip() == \
        "Communications <communications@chiltern.gov.uk>"  # LibreOffice's last author
    assert "it is a low-cost and immediate way" in (repo / "content/appendix-a.md").read_text()


def test_comments_saved_by_libreoffice_become_review_notes(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    content_repository(repo)
    sent = built(repo / "content")
    written = wm.comment(sent, "permanent", "Legal Services", "2026-12-01T09:00:00Z",
                         "Is 'permanent' too strong?",
                         [("Communications", "2026-12-02T10:00:00Z", "Keep it.")])
    (tmp_path / "written.docx").write_bytes(written)
    out = tmp_path / "saved"
    subprocess.run([shutil.which("soffice") or "soffice",
                    f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                    str(tmp_path / "written.docx")], check=True, capture_output=True, timeout=180)
    (repo / "copy.docx").write_bytes((out / "written.docx").read_bytes())
    assert _anchors((repo / "copy.docx").read_bytes()) == _anchors(sent)  # --convert-to too

    done = policykit(repo, "incorporate", "copy.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    notes = policykit(repo, "notes", "appendix-a").stdout.splitlines()
    assert notes[0].endswith("  5.1  Legal Services, 2026-12-01")
    assert notes[1:] == ["    on 'permanent'", "    Is 'permanent' too strong?",
                         "    reply from Communications: Keep it."]


def test_a_copy_libreoffice_only_saved_brings_nothing_for_every_document(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    content_repository(repo)
    docs = ["report", "appendix-a", "appendix-b", "appendix-c"]
    for doc in docs:
        (repo / f"{doc}.docx").write_bytes(built(repo / "content", doc))
    uno_copies(tmp_path, [{"input": str(repo / f"{doc}.docx"),
                           "output": str(repo / f"{doc}-copy.docx"), "author": "Legal Services",
                           "edits": []} for doc in docs])

    for doc in docs:
        done = policykit(repo, "incorporate", f"{doc}-copy.docx")
        assert (done.returncode, done.stderr) == (0, ""), doc
        file = "report.yaml" if doc == "report" else f"{doc}.md"
        assert done.stdout == f"{doc} (content/{file}): the copies hold no changes and no " \
            "comments; nothing to bring in.\n", doc
    assert "review/" not in git(repo, "branch")


def test_a_libreoffice_copy_of_an_older_version_is_rebased(tmp_path: Path) -> None:
    from incorporatefixtures import commit_change

    repo = tmp_path / "repo"
    content_repository(repo)
    (repo / "sent.docx").write_bytes(built(repo / "content"))  # version sent out
    commit_change(repo, "content/appendix-a.md", "Used well, it is a cost-effective",
                  "Used wisely, it is a cost-effective")
    uno_copies(tmp_path, [{"input": str(repo / "sent.docx"), "output": str(repo / "old.docx"),
                           "author": "Communications", "edits": [
                               {"find": "Used well", "replace": "Used carefully"},
                               {"find": "@ChilternDC", "replace": "@ChilternCouncil"}]}])

    done = policykit(repo, "incorporate", "old.docx", "--apply")

    assert done.returncode == 0, done.stdout + done.stderr
    assert ("  not carried: 'well' changed to 'carefully' in 1.1: the words around it have "
            "changed since the copy was made; not carried") in done.stdout
    text = (repo / "content/appendix-a.md").read_text(encoding="utf-8")
    assert "Used wisely, it is" in text and "| @ChilternCouncil |" in text
