"""Test the git interface on real repositories in a temporary folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from gitfixtures import (
    AUTHORS,
    PACK,
    POLICY,
    START,
    commit_file,
    head_commit,
    last_trailer,
    make_repo,
    policy,
)

from policykit.errors import HistoryError
from policykit.versions.repository import ContentRepository
from policykit.versions.safety import RELEASE_LOCK
from policykit.versions.snapshot import describe_worktree
from policykit.versions.trailers import parse_trailers


@pytest.fixture
def repo(tmp_path: Path) -> ContentRepository:
    """Return a repository with three commits by three authors touching the policy."""
    repository = make_repo(tmp_path / "council")
    commit_file(repository, "content/appendix-a.md", policy("\nA new line.\n"),
                "Add a line", author=1, day=1)
    commit_file(repository, "content/pack.yaml", PACK.replace("Cabinet", "Council"),
                "Move to Council", author=2, day=2)
    return repository


def git(repository: ContentRepository, *args: str) -> str:
    """Run git in the repository (as a user would) and return its output."""
    return subprocess.run(
        ["git", *args], cwd=repository.root, check=True, capture_output=True, text=True
    ).stdout


def test_create_makes_one_commit_on_main(tmp_path: Path) -> None:
    repository = make_repo(tmp_path / "new")
    assert repository.branch() == "main"
    assert git(repository, "log", "--format=%an|%s") == "Priya Shah|Add the social media policy\n"
    assert repository.read("HEAD", "content/appendix-a.md") == POLICY.encode()
    assert repository.changes() == []


def test_create_refuses_an_existing_repository(tmp_path: Path) -> None:
    make_repo(tmp_path / "new")
    with pytest.raises(HistoryError, match="already a git repository; choose an empty folder"):
        make_repo(tmp_path / "new")


def test_versions_lists_every_commit_newest_first(repo: ContentRepository) -> None:
    versions = repo.versions()
    assert [v.author for v in versions] == ["Ann Lee", "Tom Okafor", "Priya Shah"]
    assert [v.subject for v in versions] == [
        "Move to Council", "Add a line", "Add the social media policy"
    ]
    assert versions[1].email == AUTHORS[1][1]
    assert versions[1].date.isoformat() == "2019-03-02T09:00:00+00:00"


def test_versions_of_one_file(repo: ContentRepository) -> None:
    versions = repo.versions("content/appendix-a.md")
    assert [v.subject for v in versions] == ["Add a line", "Add the social media policy"]


def test_versions_carry_trailers_and_tags(repo: ContentRepository) -> None:
    commit_file(repo, "content/appendix-a.md", policy(version='"1.0"'), "Release",
                author=0, day=3)
    repo.repo.git.commit("--amend", "-m", "Release\n\nApproved-by: Cabinet\n"
                         "Approved-on: 2019-06-11\nPolicykit-Version: 1.0",
                         env={"GIT_COMMITTER_DATE": START.isoformat(),
                              "GIT_COMMITTER_NAME": AUTHORS[0][0],
                              "GIT_COMMITTER_EMAIL": AUTHORS[0][1]})
    sha = repo.head()
    repo.create_tag("appendix-a/v1.0", sha, "appendix-a v1.0")
    newest = repo.versions("content/appendix-a.md")[0]
    assert newest.commit == sha
    assert newest.tags == ("appendix-a/v1.0",)
    assert (newest.release, newest.approved_by, newest.approved_on) == (
        "1.0", "Cabinet", "2019-06-11"
    )
    assert last_trailer(repo, "content/appendix-a.md", "Approved-by")[1] == "Cabinet"
    assert git(repo, "cat-file", "-t", "appendix-a/v1.0") == "tag\n"


def test_versions_of_an_empty_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert ContentRepository.open(tmp_path).versions() == []


def test_between_walks_the_commits_touching_a_file(repo: ContentRepository) -> None:
    first = repo.versions()[-1].commit
    found = repo.between(first, "HEAD", ["content/appendix-a.md"])
    assert [v.subject for v in found] == ["Add a line"]
    assert repo.between("HEAD", first) == []


def test_between_follows_the_main_line_through_merges(repo: ContentRepository) -> None:
    base = repo.head()
    git(repo, "switch", "-q", "-c", "side")
    commit_file(repo, "content/appendix-a.md", policy("\nFrom the side.\n"), "Side edit",
                author=1, day=5)
    git(repo, "switch", "-q", "main")
    commit_file(repo, "content/pack.yaml", PACK + "# main\n", "Main edit", author=2, day=6)
    git(repo, "-c", "user.name=Ann Lee", "-c", "user.email=ann@example.gov.uk", "merge", "-q",
        "--no-edit", "side")
    found = repo.between(base, "HEAD", ["content/appendix-a.md"])
    assert [v.subject for v in found] == ["Merge branch 'side'"]
    assert [v.subject for v in repo.between(base, "HEAD")] == [
        "Main edit", "Merge branch 'side'"]


def test_read_and_read_folder_at_an_old_revision(repo: ContentRepository) -> None:
    first = repo.versions()[-1].commit
    assert repo.read(first, "content/pack.yaml") == PACK.encode()
    assert repo.read_folder(first, "content") == {
        "pack.yaml": PACK.encode(), "appendix-a.md": POLICY.encode()
    }
    assert repo.exists(first, "content/appendix-a.md")
    assert not repo.exists(first, "content/appendix-b.md")
    with pytest.raises(HistoryError, match=r"content/appendix-b.md does not exist at HEAD"):
        repo.read("HEAD", "content/appendix-b.md")


def test_unknown_revision(repo: ContentRepository) -> None:
    with pytest.raises(HistoryError, match=r"unknown revision 'v9'; use a commit id"):
        repo.resolve("v9")
    with pytest.raises(HistoryError, match="unknown revision '--all'"):
        repo.resolve("--all")


def test_open_outside_git(tmp_path: Path) -> None:
    with pytest.raises(HistoryError, match="is not in a git repository; run 'policykit init'"):
        ContentRepository.open(tmp_path)


def test_open_a_bare_repository(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", "--bare", str(tmp_path / "b.git")], check=True)
    with pytest.raises(HistoryError, match="is a bare repository; clone it"):
        ContentRepository.open(tmp_path / "b.git")


def test_detached_head_is_refused_for_writing(repo: ContentRepository) -> None:
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    with pytest.raises(HistoryError, match=r"HEAD is detached .*; check out a branch first"):
        repo.branch()


def test_changes_sees_staged_unstaged_and_untracked_files(repo: ContentRepository) -> None:
    (repo.root / "content" / "appendix-a.md").write_text("changed")
    (repo.root / "content" / "new.md").write_text("new")
    (repo.root / "notes.txt").write_text("x")
    git(repo, "add", "notes.txt")
    assert sorted(repo.changes()) == [
        "content/appendix-a.md", "content/new.md", "notes.txt"
    ]
    assert sorted(repo.changes(["content"])) == ["content/appendix-a.md", "content/new.md"]


def test_describe_worktree(repo: ContentRepository, tmp_path: Path) -> None:
    content = repo.root / "content"
    head = repo.head()
    assert describe_worktree(content) == head
    (repo.root / "elsewhere.txt").write_text("not content")
    assert describe_worktree(content) == head
    (repo.root / "templates").mkdir()
    (repo.root / "templates" / "report.docx").write_bytes(b"x")
    assert describe_worktree(content) == f"{head}-dirty"
    assert describe_worktree(tmp_path / "nowhere") is None
    assert head_commit(content) == head


def test_guard_puts_everything_back(repo: ContentRepository) -> None:
    before = snapshot(repo)
    with pytest.raises(RuntimeError), repo.guard(["content/appendix-a.md"], ["x/v1"]):
        sha = commit_file(repo, "content/appendix-a.md", "changed", "Oops", author=1, day=9)
        repo.create_tag("x/v1", sha, "x v1")
        raise RuntimeError("build failed")
    assert snapshot(repo) == before
    assert not repo.tag_exists("x/v1")
    assert git(repo, "status", "--porcelain") == ""


def snapshot(repo: ContentRepository) -> dict[str, bytes]:
    """Return every file of the repository except git's object store, by path."""
    return {
        str(path.relative_to(repo.root)): path.read_bytes()
        for path in sorted(repo.root.rglob("*"))
        if path.is_file() and "objects" not in path.parts
    }


def test_release_lock_is_exclusive_and_removed(repo: ContentRepository) -> None:
    lock = repo.common_dir / RELEASE_LOCK
    with repo.release_lock():
        assert lock.read_text() == f"{os.getpid()}\n"
        with pytest.raises(HistoryError, match=rf"another policykit release \(process "
                           rf"{os.getpid()}\) is running"), repo.release_lock():
            pass
    assert not lock.exists()


def test_release_lock_left_by_a_dead_process_is_taken(repo: ContentRepository) -> None:
    child = subprocess.Popen(["true"])
    child.wait()
    lock = repo.common_dir / RELEASE_LOCK
    lock.write_text(f"{child.pid}\n")
    with repo.release_lock():
        assert lock.read_text() == f"{os.getpid()}\n"
    assert not lock.exists()


def test_tag_names_are_checked(repo: ContentRepository) -> None:
    repo.check_tag_name("appendix-a/v1.0")
    with pytest.raises(HistoryError, match="cannot be a git tag name"):
        repo.check_tag_name("appendix-a/v1..0")


@pytest.mark.parametrize("message, trailers", [
    ("Subject only", {}),
    ("Subject\n\nBody text here.", {}),
    ("Subject\n\nApproved-by: Cabinet\nApproved-on: 2019-06-11",
     {"Approved-by": "Cabinet", "Approved-on": "2019-06-11"}),
])
def test_parse_trailers(message: str, trailers: dict[str, str]) -> None:
    assert parse_trailers(message) == trailers


# -- refusals a user meets through the command line (issue 8, section 6) ---------------


def cli(*args: str) -> object:
    from typer.testing import CliRunner

    from policykit.cli import app

    return CliRunner().invoke(app, list(args), env={"NO_COLOR": "1"})


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "minutes.docx").write_bytes(b"someone's work")
    result = cli("init", "pack")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: pack is not empty (it holds minutes.docx); choose an empty folder, or give "
        "the name of a new one\n"
    )
    assert sorted(p.name for p in (tmp_path / "pack").iterdir()) == ["minutes.docx"]


def test_init_refuses_a_folder_inside_another_repository(
    repo: ContentRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo.root)
    result = cli("init", "packs/new")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: packs/new is inside the git repository at {repo.root}; choose a folder "
        "outside it, so the pack has its own history\n"
    )
    assert not (repo.root / "packs").exists()


def test_no_commit_without_a_git_identity(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "home").mkdir()
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL"):
            monkeypatch.delenv(f"GIT_{role}_{part}", raising=False)
    monkeypatch.delenv("EMAIL", raising=False)
    monkeypatch.chdir(tmp_path)
    result = cli("init", "pack")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: pack: git does not know who you are, so it cannot record who made the "
        "change; run git config --global user.name \"Your Name\" and git config --global "
        "user.email \"you@example.gov.uk\", then try again\n"
    )
    assert not (tmp_path / "pack").exists()
    made = make_repo(tmp_path / "made")  # an explicit author needs no configuration
    (made.root / "content" / "note.md").write_text("x")
    with pytest.raises(HistoryError, match="git does not know who you are"):
        made.commit(["content/note.md"], "Add a note")
    assert made.versions()[0].subject == "Add the social media policy"
