"""Test init and the all-or-nothing release flow on real repositories."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from gitfixtures import PACK, POLICY, commit_file, make_repo, policy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from processes import popen, stop

from policykit.content import load_files, parse_yaml, split_front_matter
from policykit.errors import ContentError, HistoryError, InputError, PolicykitError
from policykit.versions.release import edit_document, release_document
from policykit.versions.repository import ContentRepository
from policykit.versions.safety import RELEASE_LOCK
from policykit.versions.starter import init_repository

APPROVED = date(2019, 6, 11)
TODAY = date(2019, 6, 12)


@pytest.fixture(autouse=True)
def identity(monkeypatch: pytest.MonkeyPatch) -> None:
    """Give git a fixed identity for the commits and tags a release makes."""
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Connie Primmer")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "cprimmer@example.gov.uk")
        monkeypatch.setenv(f"GIT_{role}_DATE", "1560330000 +0100")


@pytest.fixture
def repo(tmp_path: Path) -> ContentRepository:
    """Return a content repository with two commits."""
    repository = make_repo(tmp_path / "council")
    commit_file(
        repository, "content/appendix-a.md", policy("\nBe kind.\n"), "Add a line", author=1, day=1
    )
    return repository


def release(repo: ContentRepository, build=lambda sha: f"built at {sha}".encode(), **kw):
    """Release appendix-a 1.0 with Cabinet's approval unless told otherwise."""
    options = {"version": "1.0", "approved_by": "Cabinet", "approved_on": APPROVED,
               "today": TODAY, **kw}
    return release_document(repo.root / "content", "appendix-a", build=build, **options)


def snapshot(repo: ContentRepository) -> dict[str, bytes]:
    """Return every file of the repository (git's object store aside), by path."""
    return {
        str(path.relative_to(repo.root)): path.read_bytes()
        for path in sorted(repo.root.rglob("*"))
        if path.is_file() and "objects" not in path.parts
    }


def git(repo: ContentRepository, *args: str) -> str:
    """Run git as a user would and return its output."""
    return subprocess.run(
        ["git", *args], cwd=repo.root, check=True, capture_output=True, text=True
    ).stdout


def test_release_commits_tags_and_builds(repo: ContentRepository) -> None:
    before = repo.head()
    made = release(repo)
    assert made.tag == "appendix-a/v1.0"
    assert made.commit == repo.head() != before
    assert made.docx == f"built at {made.commit}".encode()
    assert made.path == "content/appendix-a.md"
    assert git(repo, "log", "-1", "--format=%an|%B") == (
        "Connie Primmer|Release appendix-a version 1.0\n\n"
        "Approved-by: Cabinet\nApproved-on: 2019-06-11\n"
        "Policykit-Version: 1.0\nPolicykit-Document: appendix-a\n\n"
    )
    assert (
        git(repo, "show", "--stat", "--format=", "HEAD").split("|")[0].strip()
        == "content/appendix-a.md"
    )
    assert git(repo, "cat-file", "-t", "appendix-a/v1.0") == "tag\n"
    assert git(repo, "rev-parse", "appendix-a/v1.0^{commit}").strip() == made.commit
    assert git(repo, "status", "--porcelain") == ""
    assert not (repo.common_dir / RELEASE_LOCK).exists()
    document = load_files(repo.read_folder("appendix-a/v1.0", "content")).documents["appendix-a"]
    # A policy approved elsewhere is adopted, as the decide path records it (issue 17).
    assert (document.version, document.status.value) == ("1.0", "adopted")
    assert (document.approval.by, document.approval.on) == ("Cabinet", APPROVED)


def test_release_keeps_comments_order_and_body(repo: ContentRepository) -> None:
    release(repo)
    text = (repo.root / "content" / "appendix-a.md").read_text()
    assert text == policy("\nBe kind.\n").replace(
        'version: "0.1"\nstatus: draft\n',
        'version: "1.0"\nstatus: adopted\nmeeting:\n  committee: Cabinet\n  date: 2019-06-11\n'
        'approval:\n  by: Cabinet\n  on: 2019-06-11\nin_force_from: 2019-06-12\n',
    )
    assert "# Social media policy for Members." in text
    assert "title: Social Media Policy   # the title on the cover" in text


def test_release_includes_the_documents_own_uncommitted_edits(repo: ContentRepository) -> None:
    (repo.root / "content" / "appendix-a.md").write_text(policy("\nLast edit.\n"))
    made = release(repo)
    assert b"Last edit." in repo.read(made.tag, "content/appendix-a.md")
    assert git(repo, "status", "--porcelain") == ""


def test_history_shows_the_release(repo: ContentRepository) -> None:
    release(repo)
    newest = repo.versions("content/appendix-a.md")[0]
    assert (newest.release, newest.approved_by, newest.approved_on, newest.tags) == (
        "1.0",
        "Cabinet",
        "2019-06-11",
        ("appendix-a/adopted/2019-06-11-v1.0", "appendix-a/v1.0"),
    )


def assert_refused(
    repo: ContentRepository, error: type[PolicykitError], message: str, **kw: object
) -> None:
    """Check the release fails with ``message`` and leaves every file as it was."""
    before = snapshot(repo)
    tags = git(repo, "tag")
    with pytest.raises(error, match=message):
        release(repo, **kw)
    assert snapshot(repo) == before
    assert git(repo, "tag") == tags


def test_existing_tag_is_refused(repo: ContentRepository) -> None:
    release(repo)
    assert_refused(
        repo,
        HistoryError,
        r"appendix-a/v1.0 already exists \(commit [0-9a-f]{8}, "
        r"2019-06-12\); release a new version number, e\.g\. 1\.1",
    )


def test_unrelated_changes_are_refused(repo: ContentRepository) -> None:
    (repo.root / "content" / "pack.yaml").write_text(PACK + "# edited\n")
    (repo.root / "content" / "draft.md").write_text("untracked")
    (repo.root / "templates").mkdir()
    (repo.root / "templates" / "new.docx").write_text("untracked")
    assert_refused(
        repo,
        HistoryError,
        r"uncommitted changes to content/draft.md, content/pack.yaml, templates/new.docx; "
        r"commit or stash them \(git stash -u\), then release again",
    )


def test_untracked_files_outside_content_and_templates_do_not_matter(
    repo: ContentRepository,
) -> None:
    (repo.root / "notes.txt").write_text("my notes")
    made = release(repo)
    shown = git(repo, "show", "--name-only", "--format=", made.commit)
    assert shown == "content/appendix-a.md\n"
    assert (repo.root / "notes.txt").read_text() == "my notes"


def test_invalid_content_is_refused(repo: ContentRepository) -> None:
    (repo.root / "content" / "appendix-a.md").write_text(
        POLICY.replace("interval: 1 year", "interval: sometimes")
    )
    assert_refused(
        repo,
        ContentError,
        r"content/appendix-a.md, line 13, field review.interval: "
        "cannot read the interval 'sometimes'",
    )


def test_a_failed_build_puts_everything_back(repo: ContentRepository) -> None:
    def broken(sha: str) -> bytes:
        assert repo.tag_exists("appendix-a/v1.0")  # the commit and tag were made...
        raise ContentError("the template is broken", file="templates/policy.docx")

    (repo.root / "content" / "appendix-a.md").write_text(policy("\nUncommitted.\n"))
    assert_refused(
        repo, ContentError, "templates/policy.docx: the template is broken", build=broken
    )
    assert "Uncommitted." in (repo.root / "content" / "appendix-a.md").read_text()
    assert not (repo.common_dir / RELEASE_LOCK).exists()


def test_a_failed_write_of_the_document_puts_everything_back_and_a_retry_works(
    repo: ContentRepository, tmp_path: Path
) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the output folder should be")
    before = snapshot(repo)
    with pytest.raises((OSError, PolicykitError)):
        release(repo, out=tmp_path / "not-a-folder" / "appendix-a-v1.0.docx")
    assert snapshot(repo) == before  # no commit, no tag, the content file as it was
    assert git(repo, "tag") == ""
    assert git(repo, "log", "-1", "--format=%s") == "Add a line\n"
    made = release(repo, out=tmp_path / "build" / "appendix-a-v1.0.docx")
    assert (tmp_path / "build" / "appendix-a-v1.0.docx").read_bytes() == made.docx
    assert git(repo, "tag") == "appendix-a/adopted/2019-06-11-v1.0\nappendix-a/v1.0\n"


def test_interrupted_build_puts_everything_back(repo: ContentRepository) -> None:
    def interrupted(sha: str) -> bytes:
        raise KeyboardInterrupt

    before = snapshot(repo)
    with pytest.raises(KeyboardInterrupt):
        release(repo, build=interrupted)
    assert snapshot(repo) == before


def test_another_release_running_is_refused(repo: ContentRepository) -> None:
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        (repo.common_dir / RELEASE_LOCK).write_text(f"{sleeper.pid}\n")
        assert_refused(
            repo,
            HistoryError,
            rf"another policykit release \(process "
            rf"{sleeper.pid}\) is running in .*; wait for it to finish",
        )
        assert (repo.common_dir / RELEASE_LOCK).read_text() == f"{sleeper.pid}\n"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_detached_head_is_refused(repo: ContentRepository) -> None:
    git(repo, "checkout", "-q", "--detach")
    assert_refused(repo, HistoryError, "HEAD is detached .*check out a branch first")


def test_unknown_document_is_refused(repo: ContentRepository) -> None:
    with pytest.raises(
        ContentError,
        match=r"no document 'appendix-z' \(appendix-z.md\); "
        "the documents are appendix-a",
    ):
        release_document(
            repo.root / "content",
            "appendix-z",
            version="1.0",
            approved_by="Cabinet",
            approved_on=APPROVED,
            today=TODAY,
            build=bytes,
        )


def test_a_report_can_be_released_with_a_version(tmp_path: Path) -> None:
    """The report is a pack document too: it gets a version (issue 17)."""
    repository = init_repository(tmp_path / "pack")
    made = release_document(repository.root / "content", "report", version="1.0",
                            approved_by="Cabinet", approved_on=APPROVED, today=TODAY,
                            build=lambda commit: commit.encode())
    assert made.tag == "report/v1.0"
    text = (repository.root / "content" / "report.yaml").read_text(encoding="utf-8")
    assert 'version: "1.0"' in text and "status: approved" in text
    assert git(repository, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"version": "1 0"}, InputError, "'1 0' is not a version number"),
        ({"version": "v1.0"}, InputError, r"version v1.0: write the version without the v, 1.0 "
         r"\(the tag is appendix-a/v1.0\)"),
        ({"version": "1..0"}, InputError, r"'1..0' is not a version number; use digits and "
         "dots such as 1.0 or 2.1"),
        ({"approved_by": "Cabinet\nApproved-by: Nobody"}, InputError,
         "approved by: name who approved"),
        ({"approved_by": "  "}, InputError, "approved by: name who approved the document"),
        ({"approved_by": "Cabinet\u2028x"}, InputError,
         "approved by: name who approved the document"),
        ({"approved_by": "Cabinet\x00"}, InputError, "approved by: name who approved the document"),
    ],
)
def test_bad_options_are_refused(
    repo: ContentRepository, options: dict, error: type[PolicykitError], message: str
) -> None:
    assert_refused(repo, error, message, **options)


def test_outside_git_is_refused(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    with pytest.raises(HistoryError, match="is not in a git repository; run 'policykit init'"):
        release_document(
            tmp_path / "content",
            "appendix-a",
            version="1.0",
            approved_by="Cabinet",
            approved_on=APPROVED,
            today=TODAY,
            build=bytes,
        )


def test_init_creates_a_ready_repository(tmp_path: Path) -> None:
    repository = init_repository(tmp_path / "pack")
    root = repository.root
    assert (root / "content" / "pack.yaml").is_file()
    assert (root / "templates" / "policy.docx").is_file()
    assert "/build/" in (root / ".gitignore").read_text()
    assert git(repository, "log", "--format=%s") == (
        "Start the policy pack from the policykit sample\n"
    )
    (root / "build").mkdir()
    (root / "build" / "report.docx").write_bytes(b"x")
    assert git(repository, "status", "--porcelain") == ""
    load_files(repository.read_folder("HEAD", "content"))


def test_init_refuses_a_folder_in_use(tmp_path: Path) -> None:
    init_repository(tmp_path / "pack")
    with pytest.raises(HistoryError, match="already a git repository; choose an empty folder"):
        init_repository(tmp_path / "pack")
    (tmp_path / "other" / "content").mkdir(parents=True)
    (tmp_path / "other" / "content" / "pack.yaml").write_text("mine")
    with pytest.raises(HistoryError, match=r"other is not empty \(it holds content\); choose an "
                       "empty folder, or give the name of a new one"):
        init_repository(tmp_path / "other")
    assert (tmp_path / "other" / "content" / "pack.yaml").read_text() == "mine"
    assert not (tmp_path / "other" / ".git").exists()


one_line = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=60, deadline=None)
@given(approved_by=one_line, version=st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{1,3}){0,2}\Z"))
def test_edit_sets_exactly_the_release_fields(approved_by: str, version: str) -> None:
    original = POLICY.replace("status: draft\n", "status: draft  # not yet\n")
    edited = edit_document(
        original.encode(),
        "appendix-a.md",
        version=version,
        approved_by=approved_by,
        approved_on=APPROVED,
    ).decode()
    front, body, _ = split_front_matter(edited, "appendix-a.md")
    data = parse_yaml(front, "appendix-a.md")
    assert (data["version"], data["status"]) == (version, "approved")
    assert (data["approval"]["by"], data["approval"]["on"]) == (approved_by, APPROVED)
    assert body == split_front_matter(original, "x.md")[1]
    kept = [line for line in original.splitlines() if not line.startswith(("version", "status"))]
    assert [line for line in edited.splitlines() if line in kept] == kept
    assert "status: approved  # not yet" in edited


def test_edit_keeps_crlf_and_a_yaml_policy(tmp_path: Path) -> None:
    crlf = POLICY.replace("\n", "\r\n").encode()
    edited = edit_document(crlf, "a.md", version="2.0", approved_by="Cabinet", approved_on=APPROVED)
    assert b"\r\napproval:\r\n  by: Cabinet\r\n  on: 2019-06-11\r\n" in edited
    assert edited.count(b"\n") == edited.count(b"\r\n")
    yaml_policy = b"# a policy in YAML\ntitle: T\nowner: O\nversion: '1'\nbody: |\n  Text.\n"
    edited = edit_document(
        yaml_policy, "p.yaml", version="2", approved_by="Cabinet", approved_on=APPROVED
    )
    assert edited == (
        b'# a policy in YAML\ntitle: T\nowner: O\nversion: "2"\n'
        b"status: approved\napproval:\n  by: Cabinet\n  on: 2019-06-11\n"
        b"body: |\n  Text.\n"
    )


def test_release_lock_is_not_left_when_git_is_broken(repo: ContentRepository) -> None:
    (repo.git_dir / "index.lock").write_text("")  # git itself is busy
    try:
        assert_refused(
            repo,
            HistoryError,
            r"another git command is using the repository "
            r"\(.*index.lock exists\); wait",
        )
    finally:
        os.unlink(repo.git_dir / "index.lock")
    assert not (repo.common_dir / RELEASE_LOCK).exists()


def test_a_failed_release_with_packed_refs_puts_everything_back(repo: ContentRepository) -> None:
    release(repo)
    git(repo, "pack-refs", "--all")
    assert not (repo.git_dir / "refs" / "heads" / "main").exists()

    def broken(sha: str) -> bytes:
        raise HistoryError("build failed")

    assert_refused(repo, HistoryError, "build failed", version="1.1", build=broken)
    assert git(repo, "tag") == "appendix-a/adopted/2019-06-11-v1.0\nappendix-a/v1.0\n"
    assert git(repo, "log", "-1", "--format=%s") == "Release appendix-a version 1.0\n"


SLOW_RELEASE = """
import sys, time
from datetime import date
from pathlib import Path
from policykit.versions.release import release_document

def build(sha):
    Path(sys.argv[2]).write_text(sha)
    time.sleep(60)
    return b""

release_document(sys.argv[1], "appendix-a", version="1.0", approved_by="Cabinet",
                 approved_on=date(2019, 6, 11), today=date(2019, 6, 12), build=build)
"""


def test_a_release_running_elsewhere_is_refused_then_rolled_back_when_killed(
    repo: ContentRepository, tmp_path: Path
) -> None:
    before = snapshot(repo)
    marker = tmp_path / "building"
    child = popen(
        [sys.executable, "-c", SLOW_RELEASE, str(repo.root / "content"), str(marker)],
        cwd=tmp_path, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the slow release did not start building"
        assert repo.tag_exists("appendix-a/v1.0")  # committed and tagged, now building
        with pytest.raises(HistoryError, match=rf"another policykit release \(process "
                           rf"{child.pid}\) is running"):
            release(repo, version="2.0")
        child.send_signal(signal.SIGTERM)
        _, errors = child.communicate(timeout=30)
    finally:
        stop(child)
    assert child.returncode != 0
    assert "KeyboardInterrupt: stopped by signal 15" in errors
    assert snapshot(repo) == before
    assert git(repo, "tag") == ""


@settings(max_examples=15, deadline=None)
@given(approved_by=one_line)
@example(approved_by="0\xa00")  # found in CI: the file kept it only with spaces made plain
def test_any_approver_survives_the_release_round_trip(tmp_path_factory, approved_by: str) -> None:
    repository = make_repo(tmp_path_factory.mktemp("r") / "council")
    release(repository, approved_by=approved_by)
    newest = repository.versions("content/appendix-a.md")[0]
    assert newest.approved_by == " ".join(approved_by.split())
    document = load_files(repository.read_folder("HEAD", "content")).documents["appendix-a"]
    assert document.approval.by == approved_by


def test_a_git_hook_refusing_the_commit_changes_nothing(repo: ContentRepository) -> None:
    hook = repo.git_dir / "hooks" / "pre-commit"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text("#!/bin/sh\necho 'appendix-a.md: spelling check failed' >&2\nexit 1\n")
    hook.chmod(0o755)
    assert_refused(repo, HistoryError, r"^a git hook refused the commit \(appendix-a.md: "
                   r"spelling check failed\); fix what it reports")


def test_an_approval_date_in_the_future_is_refused(repo: ContentRepository,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from policykit.cli import app

    assert_refused(repo, InputError, r"approved on: the approval date 2019-06-13 is in the "
                   r"future \(today is 2019-06-12\); give the day the document was approved",
                   approved_on=date(2019, 6, 13))
    monkeypatch.chdir(repo.root)
    before = snapshot(repo)
    result = CliRunner().invoke(app, ["release", "appendix-a", "--version", "1.0",
                                      "--approved-by", "Cabinet", "--approved-on", "2999-01-01"])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: approved on: the approval date 2999-01-01 is in the future (today is "
        f"{date.today()}); give the day the document was approved\n"
    )
    assert snapshot(repo) == before
    assert git(repo, "tag") == ""
