"""Test the commit stamp a build reports from a real repository, clean and with edits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from gitfixtures import make_repo
from typer.testing import CliRunner

from policykit.cli import app
from policykit.versions.repository import ContentRepository

runner = CliRunner()
ENV = {"COLUMNS": "100", "NO_COLOR": "1"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ContentRepository:
    """Return a real content repository with one commit, as the current folder."""
    repository = make_repo(tmp_path / "pack")
    monkeypatch.chdir(repository.root)
    return repository


def build(*extra: str) -> object:
    return runner.invoke(app, ["build", "content", "--out", "build", *extra], env=ENV)


def test_build_text_and_json_show_dirty_for_an_uncommitted_edit(repo: ContentRepository) -> None:
    head = repo.head()
    assert head is not None
    policy = repo.root / "content" / "appendix-a.md"
    policy.write_text(policy.read_text() + "\nAn edit not yet committed.\n")

    text = build()
    as_json = build("--format", "json")

    assert text.exit_code == 0, text.output
    assert text.stdout.endswith(f" into build at {head[:12]}-dirty.\n")
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["commit"] == f"{head}-dirty"


def test_build_text_shows_the_bare_commit_when_clean(repo: ContentRepository) -> None:
    head = repo.head()
    assert head is not None

    text = build()
    as_json = build("--format", "json")

    assert text.exit_code == 0, text.output
    assert text.stdout.endswith(f" into build at {head[:12]}.\n")
    assert json.loads(as_json.stdout)["commit"] == head
