"""Test ``policykit init``, ``history``, ``release`` and ``diff`` as a user runs them."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from gitfixtures import AUTHORS, commit_file, make_repo, policy
from processes import child_env, run
from typer.testing import CliRunner

from policykit.cli import app
from policykit.versions.repository import ContentRepository
from policykit.versions.safety import RELEASE_LOCK
from policykit.versions.starter import init_repository

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give git a fixed identity and date for the commits and tags the commands make."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Connie Primmer")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "cprimmer@example.gov.uk")
        monkeypatch.setenv(f"GIT_{role}_DATE", "1560330000 +0100")


def invoke(*args: str):
    """Run the policykit command in the current folder."""
    return runner.invoke(app, list(args), env=ENV)


@pytest.fixture
def council(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentRepository:
    """Return a repository made by 'policykit init', standing comparisons removed, in cwd."""
    repository = init_repository(tmp_path / "council")
    pack = repository.root / "content" / "pack.yaml"
    pack.write_text(pack.read_text().split("\n# Standing comparisons")[0] + "\n")
    repository.commit(["content/pack.yaml"], "Drop the standing comparison",
                      author=AUTHORS[1], date=datetime(2019, 5, 1, tzinfo=UTC))
    monkeypatch.chdir(repository.root)
    return repository


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file under ``root`` (git's object store aside), by path."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and "objects" not in p.parts}


def test_init_creates_a_repository_ready_to_use(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "pack")
    assert result.exit_code == 0, result.output
    head = ContentRepository.open(tmp_path / "pack").head()
    assert result.stdout == (
        f"Created a content repository in pack (first commit {head[:8]}):\n"
        "  content/    the sample pack (6 files)\n"
        "  templates/  the brand kit (3 files)\n"
        "  .gitignore  leaves build/ out of git\n"
        "Next: cd pack && policykit build\n"
    )
    monkeypatch.chdir(tmp_path / "pack")
    assert invoke("validate").exit_code == 0


def test_init_refuses_an_existing_repository(council: ContentRepository) -> None:
    before = snapshot(council.root)
    result = invoke("init")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: . is already a git repository; choose an empty folder\n"
    )
    assert snapshot(council.root) == before


def test_history_lists_each_author(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repository = make_repo(tmp_path / "r")
    commit_file(repository, "content/appendix-a.md", policy("\nBe kind.\n"),
                "Ask Members to be kind", author=1, day=1)
    commit_file(repository, "content/appendix-a.md", policy("\nBe kind and brief.\n"),
                "Ask Members to be brief as well, which is a long message to cut", author=2,
                day=2)
    monkeypatch.chdir(repository.root)
    result = invoke("history", "appendix-a")
    assert result.exit_code == 0, result.output
    shas = [v.commit[:8] for v in repository.versions()]
    assert result.stdout == (
        "COMMIT    DATE        AUTHOR              MESSAGE\n"
        f"{shas[0]}  2019-03-03  Ann Lee             Ask Members to be brief as well, whic\u2026"
        "\n"
        f"{shas[1]}  2019-03-02  Tom Okafor          Ask Members to be kind\n"
        f"{shas[2]}  2019-03-01  Priya Shah          Add the social media policy\n"
        "3 versions of appendix-a.\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_history_json_is_pure_json(council: ContentRepository) -> None:
    invoke("release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
           "--approved-on", "2019-06-11")
    result = invoke("history", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(v["author"], v["message"], v["document"], v["version"], v["approved_by"],
             v["approved_on"], v["tags"]) for v in data] == [
        ("Connie Primmer", "Release appendix-a version 1.0", "appendix-a", "1.0", "Cabinet",
         "2019-06-11", ["appendix-a/adopted/2019-06-11-v1.0", "appendix-a/v1.0"]),
        ("Tom Okafor", "Drop the standing comparison", None, None, None, None, []),
        ("Connie Primmer", "Start the policy pack from the policykit sample", None, None, None,
         None, []),
    ]
    assert data[0]["date"] == "2019-06-12T10:00:00+01:00"
    table = invoke("history").stdout.splitlines()
    assert table[2] == ("          appendix-a 1.0, approved by Cabinet, 2019-06-11, "
                        "appendix-a v1.0 adop\u2026")


def test_release_then_build_at_the_tag_is_byte_identical(council: ContentRepository,
                                                         tmp_path: Path) -> None:
    result = invoke("release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
                    "--approved-on", "2019-06-11")
    assert result.exit_code == 0, result.output
    sha = council.head()
    released = Path("build/appendix-a-v1.0.docx").read_bytes()
    assert result.stdout == (
        "Released appendix-a version 1.0, approved by Cabinet on 11 June 2019.\n"
        f"commit {sha[:8]}, tag appendix-a/v1.0\n"
        f"wrote build/appendix-a-v1.0.docx ({len(released) // 1024} KB)\n"
    )
    # Work goes on; the tag still rebuilds exactly what was released.
    (council.root / "content" / "appendix-a.md").write_text(
        (council.root / "content" / "appendix-a.md").read_text() + "\nLater work.\n")
    out = tmp_path / "rebuilt"
    before = snapshot(council.root)
    result = invoke("build", "--at", "appendix-a/v1.0", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert snapshot(council.root) == before  # read from git: the working tree is untouched
    assert (out / "appendix-a.docx").read_bytes() == released
    assert b"PolicykitCommit" in _part(released, "docProps/custom.xml")
    assert sha.encode() in _part(released, "docProps/custom.xml")
    assert b"Approved by Cabinet on 11 June 2019" in b"".join(
        _part(released, name) for name in _names(released) if "footer" in name)


def _names(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def _part(data: bytes, name: str) -> bytes:
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


@pytest.mark.parametrize("prepare, message", [
    (lambda root: (root / "content" / "report.yaml").write_text("kind: report\n"),
     "Error: uncommitted changes to content/report.yaml; commit or stash them "
     "(git stash -u), then release again\n"),
    (lambda root: subprocess.run(["git", "tag", "-a", "-m", "x", "appendix-a/v1.0"],
                                 cwd=root, check=True),
     "Error: appendix-a/v1.0 already exists (commit {head}, 2019-05-01); release a new "
     "version number, e.g. 1.1\n"),
    (lambda root: subprocess.run(["git", "checkout", "-q", "--detach"], cwd=root, check=True),
     "Error: HEAD is detached in {root} (at {head}); check out a branch first "
     "(git switch main)\n"),
    (lambda root: (root / ".git" / RELEASE_LOCK).write_text(f"{os.getppid()}\n"),
     "Error: another policykit release (process {ppid}) is running in {root}; wait for "
     "it to finish, or delete {root}/.git/policykit-release.lock if it is not\n"),
])
def test_release_refusals_change_nothing(council: ContentRepository, prepare, message) -> None:
    prepare(council.root)
    before = snapshot(council.root)
    result = invoke("release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
                    "--approved-on", "2019-06-11")
    assert result.exit_code == 1
    assert result.stderr == message.format(head=council.head()[:8], root=council.root,
                                           ppid=os.getppid())
    assert snapshot(council.root) == before


def test_release_needs_a_real_date(council: ContentRepository) -> None:
    result = invoke("release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
                    "--approved-on", "11/06/2019")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --approved-on: '11/06/2019' is not a date; write it as "
        "YYYY-MM-DD\n")


def test_history_outside_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "content").mkdir()
    monkeypatch.chdir(tmp_path)
    result = invoke("history")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: content is not in a git repository; run 'policykit init' or 'git init' there\n"
    )


def test_history_without_a_content_folder(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("history")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: content is not in a git repository; run 'policykit init' or 'git init' there\n"
    )


def test_history_of_a_content_folder_deleted_since(council: ContentRepository) -> None:
    subprocess.run(["git", "rm", "-q", "-r", "content"], cwd=council.root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "Remove the pack"], cwd=council.root,
                   check=True)
    result = invoke("history", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [v["message"] for v in json.loads(result.stdout)][:2] == [
        "Remove the pack", "Drop the standing comparison"]


def test_history_of_an_unknown_document(council: ContentRepository) -> None:
    result = invoke("history", "appendix-z")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no document 'appendix-z' in content/ at HEAD or before; "
        "'policykit history' lists the changes to the whole pack\n"
    )


@pytest.mark.parametrize("args, message", [
    (["diff", "appendix-a", "-o", "x.docx"], "give the older revision"),
    (["diff", "appendix-a", "--against", "staff-policy-2014", "--from", "HEAD", "-o", "x.docx"],
     "--against compares two documents"),
])
def test_diff_usage_errors(council: ContentRepository, args: list[str], message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize("rev, message", [
    ("v9", "Error: unknown revision 'v9'; use a commit id, a tag such as appendix-a/v1.0, "
     "or a branch ('policykit history' lists them)\n"),
])
def test_diff_unknown_revision(council: ContentRepository, rev: str, message: str) -> None:
    result = invoke("diff", "appendix-a", "--from", rev, "-o", "x.docx")
    assert result.exit_code == 1
    assert result.stderr == message
    assert not Path("x.docx").exists()


def test_diff_document_missing_at_the_revision(council: ContentRepository) -> None:
    first = council.versions()[-1].commit
    (council.root / "content" / "new-policy.md").write_text(policy())
    result = invoke("diff", "new-policy", "--from", first, "-o", "x.docx")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no document 'new-policy' in content/ at {first}; "
        "'policykit history new-policy' lists the revisions that have it\n"
    )


def test_git_missing_from_the_machine(council: ContentRepository) -> None:
    result = run(
        [sys.executable, "-c", "from policykit.cli import main; main()", "history"],
        cwd=council.root, capture_output=True, text=True, timeout=120,
        env=child_env(PATH="/nonexistent"),
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: git is not available (")
    assert result.stderr.endswith("); install git and try again\n")


ADDED = " Members should reply to residents within five working days."
DELETED = ("The policy summarises the corporate social media accounts currently in use at "
           "the councils and the arrangements for managing them.\n\n")
MONITORED = ("breaches of the policy.")


@pytest.fixture
def edited(council: ContentRepository) -> tuple[str, list[str]]:
    """Return the base commit and three commits by three authors editing Appendix A."""
    base = council.head()
    path = "content/appendix-a.md"
    text = (council.root / path).read_text()
    assert MONITORED in text and DELETED in text and "\n# Purpose\n" in text
    text = text.replace(MONITORED, MONITORED + ADDED, 1)
    made = [commit_file(council, path, text, "Ask for replies within five days", 0, 10)]
    text = text.replace(DELETED, "", 1)
    made.append(commit_file(council, path, text, "Drop the account summary", 1, 11))
    text = text.replace("\n# Purpose\n", "\n# Purpose of this policy\n", 1)
    made.append(commit_file(council, path, text, "Retitle the purpose", 2, 12))
    return base, made


def _revisions(docx_bytes: bytes) -> list[tuple[str, str, str, str]]:
    """Return (kind, author, date, text) of each w:ins and w:del in the body."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = etree.fromstring(_part(docx_bytes, "word/document.xml"))
    found = []
    for element in body.iter(f"{w}ins", f"{w}del"):
        text = "".join(t.text or "" for t in element.iter(f"{w}t", f"{w}delText"))
        if text.strip():
            found.append((element.tag.removeprefix(w), element.get(f"{w}author"),
                          element.get(f"{w}date"), text))
    return found


def test_diff_attribute_names_the_commit_of_each_change(edited, tmp_path: Path) -> None:
    base, _ = edited
    out = tmp_path / "attributed.docx"
    result = invoke("diff", "appendix-a", "--from", base, "--to", "HEAD", "--attribute",
                    "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out} (")
    revisions = _revisions(out.read_bytes())

    def who(kind: str, text: str) -> list[tuple[str, str]]:
        return [(a, d) for k, a, d, t in revisions if k == kind and text in t]

    assert who("ins", ADDED.strip()) == [("Priya Shah", "2019-03-11T09:00:00Z")]
    assert who("del", DELETED.strip()) == [("Tom Okafor", "2019-03-12T09:00:00Z")]
    assert who("ins", "of this policy") == [("Ann Lee", "2019-03-13T09:00:00Z")]
    assert len(revisions) == 3
    plain = tmp_path / "plain.docx"
    assert invoke("diff", "appendix-a", "--from", base, "--to", "HEAD", "-o",
                  str(plain)).exit_code == 0
    assert {(a, d) for _, a, d, _ in _revisions(plain.read_bytes())} == {
        ("Ann Lee", "2019-03-13T09:00:00Z")}


def test_diff_to_the_working_tree_by_default(edited, tmp_path: Path) -> None:
    base, made = edited
    document = Path("content/appendix-a.md")
    document.write_text(document.read_text().replace("Social media is now", "Today, social "
                                                     "media is", 1))
    out = tmp_path / "w.docx"
    result = invoke("diff", "appendix-a", "--from", made[0], "--attribute", "-o", str(out))
    assert result.exit_code == 0, result.output
    authors = {author for _, author, _, _ in _revisions(out.read_bytes())}
    assert authors == {"Tom Okafor", "Ann Lee", "Connie Primmer"}  # last: uncommitted work


def test_diff_against_another_document(council: ContentRepository, tmp_path: Path) -> None:
    out = tmp_path / "vs.docx"
    result = invoke("diff", "appendix-a", "--against", "staff-policy-2014", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out} (")
    assert ": staff-policy-2014 -> appendix-a\n" in result.stdout
    assert {author for _, author, _, _ in _revisions(out.read_bytes())} == {"policykit"}


@pytest.mark.office
def test_attributed_redline_in_libreoffice(edited, tmp_path: Path) -> None:
    from policykit.office import session as office
    from policykit.versions.build import build_at as _build_at

    base, _ = edited
    out = tmp_path / "attributed.docx"
    assert invoke("diff", "appendix-a", "--from", base, "--to", "HEAD", "--attribute",
                  "-o", str(out)).exit_code == 0
    from policykit.redline import remove_cover

    redline, old, new = office.check_many(
        [remove_cover(out.read_bytes()), _build_at("content", "appendix-a", base),
         _build_at("content", "appendix-a", "HEAD")], always_reject=True)
    assert redline.accepted == new.text
    assert redline.rejected == old.text
    seen = {(r.author, r.date) for r in redline.redlines if r.text and r.text.strip()}
    assert seen == {
        ("Priya Shah", "2019-03-11T09:00:00"),
        ("Tom Okafor", "2019-03-12T09:00:00"),
        ("Ann Lee", "2019-03-13T09:00:00"),
    }
    added = [r for r in redline.redlines if r.text and ADDED.strip() in r.text]
    assert [(r.type, r.author) for r in added] == [("Insert", "Priya Shah")]


def test_revision_dates_are_written_in_utc(council: ContentRepository, tmp_path: Path) -> None:
    from datetime import timedelta, timezone

    base = council.head()
    path = council.root / "content" / "appendix-a.md"
    path.write_text(path.read_text().replace(MONITORED, MONITORED + ADDED, 1))
    summer = datetime(2019, 7, 12, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    council.commit(["content/appendix-a.md"], "Ask for replies", author=AUTHORS[0], date=summer)
    out = tmp_path / "utc.docx"
    assert invoke("diff", "appendix-a", "--from", base, "--to", "HEAD", "--attribute", "-o",
                  str(out)).exit_code == 0
    assert {(a, d) for _, a, d, _ in _revisions(out.read_bytes())} == {
        ("Priya Shah", "2019-07-12T09:00:00Z")}
