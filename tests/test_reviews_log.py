"""Test reading schedules from a content folder and git, and recording a review in git."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import reviewfixtures
from reviewfixtures import GUIDANCE, POLICY, STAFF, write_content

from policykit import api
from policykit.content import load
from policykit.errors import ContentError, ReviewError
from policykit.versions.repository import ContentRepository

git_identity = reviewfixtures.git_identity  # the fixtures, by name
repo = reviewfixtures.repo


def test_due_reviews_reads_content(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    lines = api.due_reviews(folder, today=date(2020, 6, 20))
    assert [(x.doc_id, x.due, x.days_left, x.reviewed_from) for x in lines] == [
        ("guidance", date(2019, 12, 11), -192, "content"),
        ("policy", date(2020, 6, 11), -9, None),
    ]


def test_last_review_comes_from_git_when_not_in_the_file(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    text = (folder / "policy.md").read_text() + "\nReviewed text.\n"
    (folder / "policy.md").write_text(text)
    repo.commit(["content/policy.md"], "Review the policy",
                {"Reviewed-by": "Jo Bloggs", "Reviewed-on": "2020-05-01"})
    lines = api.due_reviews(folder, today=date(2021, 5, 2), owner="Democratic Services")
    assert [(x.last_reviewed, x.reviewed_from, x.due) for x in lines] == [
        (date(2020, 5, 1), "git", date(2021, 5, 1)),
    ]


def test_record_edits_in_place_commits_and_due_follows(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    result = api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 12, 1),
                               today=date(2019, 12, 2), note="Added TikTok.")
    assert (folder / "guidance.md").read_text() == GUIDANCE.replace(
        "  last_reviewed: 2019-06-11       # approved by Cabinet that day\n",
        "  last_reviewed: 2019-12-01       # approved by Cabinet that day\n"
        "  cycle_start: 2019-06-11\n",
    )
    head = repo.versions("content/guidance.md")[0]
    assert result.commit == head.commit
    assert head.message == (
        "Review guidance: reviewed by Jane Smith on 2019-12-01\n\nAdded TikTok.\n\n"
        "Reviewed-by: Jane Smith\nReviewed-on: 2019-12-01\n"
    )
    assert repo.changes() == []
    [line] = api.due_reviews(folder, today=date(2020, 6, 20), owner="Communications Team")
    assert (line.last_reviewed, line.due, line.days_left) == (
        date(2019, 12, 1), date(2020, 6, 11), -9
    )
    # A later review outside the warning period starts a new cycle and drops cycle_start.
    api.record_review(folder, "guidance", by="Jane Smith", on=date(2020, 7, 1),
                      today=date(2020, 7, 1))
    assert "cycle_start" not in (folder / "guidance.md").read_text()
    assert load(folder).documents["guidance"].review.last_reviewed == date(2020, 7, 1)


def test_record_adds_last_reviewed_when_missing(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    api.record_review(folder, "policy", by="Sam Jones", on=date(2020, 6, 1),
                      today=date(2020, 6, 1))
    assert (folder / "policy.md").read_text() == POLICY.replace(
        "  interval: 1 year\n", "  interval: 1 year\n  last_reviewed: 2020-06-01\n"
    )


def test_record_without_git_edits_the_file_only(tmp_path: Path) -> None:
    folder = write_content(tmp_path / "content")
    (folder / "guidance.md").write_bytes(GUIDANCE.replace("\n", "\r\n").encode())
    result = api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 10, 1),
                               today=date(2019, 10, 1))
    assert result.commit is None
    assert (folder / "guidance.md").read_bytes() == GUIDANCE.replace(
        "last_reviewed: 2019-06-11", "last_reviewed: 2019-10-01"
    ).replace("\n", "\r\n").encode()


@pytest.mark.parametrize(("doc_id", "on", "message"), [
    ("nothing", date(2019, 12, 1),
     "{folder}: no document 'nothing'; documents with a review schedule: guidance, policy"),
    ("staff", date(2019, 12, 1),
     "{folder}/staff.md, field review: staff has no review schedule; add 'review:' with "
     "owner, email and interval to its front matter first"),
    ("guidance", date(2030, 1, 1),
     "{folder}/guidance.md, field review.last_reviewed: the review date 2030-01-01 is in "
     "the future (today is 2020-01-01); give the day the review was done"),
])
def test_record_bad_input_leaves_the_file_untouched(
    repo: ContentRepository, doc_id: str, on: date, message: str
) -> None:
    folder = repo.root / "content"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with pytest.raises(ReviewError) as caught:
        api.record_review(folder, doc_id, by="Jane Smith", on=on, today=date(2020, 1, 1))
    assert str(caught.value) == message.format(folder=folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert len(repo.versions()) == 1


@pytest.mark.parametrize(("line", "replacement", "message"), [
    ("  interval: 6 months", "  interval: every so often",
     "line 9, field review.interval: cannot read the interval 'every so often'"),
    ("  email: communications@example.gov.uk", "  email: communications team",
     "line 8, field review.email: 'communications team' is not an email address"),
])
def test_bad_schedule_names_file_and_field(
    tmp_path: Path, line: str, replacement: str, message: str
) -> None:
    folder = write_content(tmp_path / "content", guidance=GUIDANCE.replace(line, replacement))
    before = (folder / "guidance.md").read_bytes()
    with pytest.raises(ContentError) as caught:
        api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 12, 1),
                          today=date(2019, 12, 1))
    assert str(caught.value).startswith(f"{folder}/guidance.md, {message}")
    assert (folder / "guidance.md").read_bytes() == before


def test_record_refuses_when_other_changes_are_staged(repo: ContentRepository) -> None:
    folder = repo.root / "content"
    (folder / "staff.md").write_text(STAFF + "\nA staged edit.\n")
    repo.repo.index.add(["content/staff.md"])
    before = (folder / "guidance.md").read_bytes()
    with pytest.raises(ReviewError) as caught:
        api.record_review(folder, "guidance", by="Jane Smith", on=date(2019, 12, 1),
                          today=date(2019, 12, 1))
    assert str(caught.value) == (
        f"{folder}/guidance.md: git has other changes staged (content/staff.md); commit or "
        "unstage them first, so the review commit holds only the review"
    )
    assert (folder / "guidance.md").read_bytes() == before
    assert repo.staged() == ["content/staff.md"]


def test_record_in_a_yaml_policy_keeps_its_comments(tmp_path: Path) -> None:
    text = (
        "# A policy written as YAML.\n"
        "kind: policy\n"
        "title: Records Policy\n"
        "owner: Information Governance\n"
        'version: "2.0"\n'
        "review:   # checked every year\n"
        "    owner: Information Governance\n"
        "    email: ig@example.gov.uk\n"
        "    interval: P1Y\n"
        "    last_reviewed: 2019-01-31\n"
    )
    folder = write_content(tmp_path / "content")
    (folder / "records.yaml").write_text(text)
    result = api.record_review(folder, "records", by="Sam Jones", on=date(2020, 1, 2),
                               today=date(2020, 1, 2))
    assert result.outcome.next_due == date(2021, 1, 2)
    assert (folder / "records.yaml").read_text() == text.replace("2019-01-31", "2020-01-02")
