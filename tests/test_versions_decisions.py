"""Release for decision and decide, through the library, in real git repositories.

Fast checks (no LibreOffice): each step all-or-nothing, each refusal naming the next step,
values that cannot be true refused (issue 16 section 5), other dates and committees.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest

from policykit import api
from policykit.content import load
from policykit.content.models import Status
from policykit.errors import HistoryError, LifecycleError, ReviewError
from policykit.versions.starter import init_repository

TODAY = date(2026, 1, 5)


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def council(tmp_path: Path) -> Path:
    return init_repository(tmp_path / "council").root


def snapshot(root: Path) -> tuple[str, str, str]:
    return (git(root, "rev-parse", "HEAD"), git(root, "tag"),
            git(root, "status", "--porcelain"))


def release(root: Path, doc_id: str, version: str = "1.0", **options: object):
    return api.release(root / "content", doc_id, version=version, today=TODAY,
                       out=root / "out" / f"{doc_id}-{version}.docx", **options)


def test_decide_is_all_or_nothing(council: Path) -> None:
    release(council, "appendix-a")
    before = snapshot(council)
    with pytest.raises(LifecycleError, match="appendix-b is a draft, so it cannot be decided; "
                                             "release it for decision first: policykit "
                                             "release appendix-b --version 1.0"):
        api.decide(council / "content", ["appendix-a", "appendix-b"], outcome="approved",
                   on=date(2019, 6, 11), minute="23", today=TODAY)
    assert snapshot(council) == before
    assert load(council / "content").documents["appendix-a"].status is Status.FOR_DECISION


def test_a_decision_needs_a_real_date_and_outcome(council: Path) -> None:
    release(council, "appendix-a")
    with pytest.raises(LifecycleError, match=r"decide --on: 2030-01-01 is after today"):
        api.decide(council / "content", None, outcome="approved", on=date(2030, 1, 1),
                   minute="23", today=TODAY)
    with pytest.raises(LifecycleError, match=r"'agreed' is not an outcome; use approved, "
                                             "amended, deferred or refused"):
        api.decide(council / "content", None, outcome="agreed", on=date(2019, 6, 11),
                   minute="23", today=TODAY)
    with pytest.raises(LifecycleError, match="give the minute reference"):
        api.decide(council / "content", None, outcome="approved", on=date(2019, 6, 11),
                   minute=" ", today=TODAY)


def test_versions_go_up_part_by_part(council: Path) -> None:
    api.release(council / "content", "appendix-b", version="1.9", approved_by="Cabinet",
                approved_on=date(2019, 6, 11), today=TODAY)
    api.release(council / "content", "appendix-b", version="1.10", approved_by="Cabinet",
                approved_on=date(2019, 7, 11), today=TODAY)
    before = snapshot(council)
    with pytest.raises(LifecycleError, match=r"field version: 1.9.1 is not after 1.10, the "
                                             r"last version released; release it as 1.11"):
        api.release(council / "content", "appendix-b", version="1.9.1", approved_by="Cabinet",
                    approved_on=date(2019, 8, 1), today=TODAY)
    with pytest.raises(LifecycleError, match=r"field approval.on: 2019-07-01 is before the "
                                             r"approval of the previous version \(2019-07-11\)"):
        api.release(council / "content", "appendix-b", version="1.11", approved_by="Cabinet",
                    approved_on=date(2019, 7, 1), today=TODAY)
    assert snapshot(council) == before


def test_a_review_dated_before_the_approval_is_refused(council: Path) -> None:
    api.release(council / "content", "appendix-a", version="1.0", approved_by="Cabinet",
                approved_on=date(2019, 6, 11), today=TODAY, minute="23")
    before = snapshot(council)
    with pytest.raises(LifecycleError, match=r"appendix-a, field review.last_reviewed: "
                                             r"2010-01-01 is before the document was approved"):
        api.record_review(council / "content", "appendix-a", by="Connie Primmer",
                          on=date(2010, 1, 1), today=TODAY)
    with pytest.raises(ReviewError, match="is in the future"):
        api.record_review(council / "content", "appendix-a", by="Connie Primmer",
                          on=date(2030, 1, 1), today=TODAY)
    assert snapshot(council) == before
    text = (council / "content" / "appendix-a.md").read_text(encoding="utf-8")
    assert "approval:\n  by: Cabinet\n  on: 2019-06-11\n  minute: \"23\"\n" in text


def test_a_review_with_no_change_keeps_the_approval(council: Path) -> None:
    release(council, "appendix-a")
    api.decide(council / "content", None, outcome="approved", on=date(2019, 6, 11),
               minute="23", today=TODAY)
    api.record_review(council / "content", "appendix-a", by="Connie Primmer",
                      on=date(2020, 6, 2), today=TODAY)
    document = load(council / "content").documents["appendix-a"]
    assert document.status is Status.ADOPTED and document.version == "1.0"
    built = api.build_pack(council / "content", council / "built")
    assert built
    lines = {line.doc_id: line for line in api.pack_status(council / "content", today=TODAY)}
    assert lines["appendix-a"].state == "adopted"
    assert lines["appendix-a"].last_review == "Last reviewed 2020-06-02, no changes"
    assert lines["appendix-a"].next_review == date(2021, 6, 11)


def test_deferred_then_put_to_a_later_meeting_unchanged(council: Path) -> None:
    release(council, "report", "1.0", meeting_date=date(2020, 2, 4), committee="Council")
    decided = api.decide(council / "content", ["report"], outcome="deferred",
                         on=date(2020, 2, 4), minute="C/12", today=TODAY)
    assert decided.tags == ["report/deferred/2020-02-04-v1.0"]
    report = load(council / "content").documents["report"]
    assert report.status is Status.DRAFT and report.meeting is None
    assert report.decision is not None and report.decision.by == "Council"
    with pytest.raises(LifecycleError, match=r"2019-06-11 is not after the last decision on "
                                             r"it \(2020-02-04\)"):
        release(council, "report")
    made = release(council, "report", "1.0", meeting_date=date(2020, 3, 3))
    assert made.tag == "report/for-decision/2020-03-03-v1.0"
    assert made.said == "for decision by Cabinet on 3 March 2020"


def test_amended_needs_the_amended_text_committed(council: Path) -> None:
    release(council, "appendix-b", "2.0")
    content = council / "content"
    with pytest.raises(LifecycleError, match=r"commit the amended text first"):
        api.decide(content, ["appendix-b"], outcome="amended", on=date(2019, 6, 11),
                   minute="23", today=TODAY)
    path = content / "appendix-b.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAn amendment.\n", encoding="utf-8")
    with pytest.raises(HistoryError, match=r"uncommitted changes to content/appendix-b.md"):
        api.decide(content, ["appendix-b"], outcome="amended", on=date(2019, 6, 11),
                   minute="23", today=TODAY)
    git(council, "commit", "-qam", "Amended at the meeting")
    decided = api.decide(content, ["appendix-b"], outcome="amended", on=date(2019, 6, 11),
                         minute="23", today=TODAY, version="2.0.1")
    assert "appendix-b/v2.0.1" in decided.tags
    document = load(content).documents["appendix-b"]
    assert (document.version, document.status) == ("2.0.1", Status.ADOPTED)


def test_refused_leaves_the_old_policy_in_force(council: Path) -> None:
    release(council, "appendix-a")
    api.decide(council / "content", ["appendix-a"], outcome="refused", on=date(2019, 6, 11),
               minute="24", today=TODAY)
    documents = load(council / "content").documents
    assert documents["appendix-a"].status is Status.REFUSED
    assert documents["staff-policy-2014"].status is Status.APPROVED
    with pytest.raises(LifecycleError, match="no document is for decision"):
        api.decide(council / "content", None, outcome="approved", on=date(2019, 6, 11),
                   minute="24", today=TODAY)


def test_a_decision_taken_elsewhere_is_refused_while_the_paper_is_for_decision(
        council: Path) -> None:
    release(council, "appendix-a")
    before = snapshot(council)
    with pytest.raises(LifecycleError, match=r"appendix-a is for decision by Cabinet on 11 June "
                                             r"2019; record that meeting's decision instead: "
                                             r"policykit decide --outcome approved --on "
                                             r"2019-06-11 --minute REF appendix-a"):
        api.release(council / "content", "appendix-a", version="1.0", approved_by="Cabinet",
                    approved_on=date(2019, 6, 11), today=TODAY)
    assert snapshot(council) == before


def test_an_approval_before_the_last_decision_is_refused(council: Path) -> None:
    release(council, "appendix-a")
    api.decide(council / "content", None, outcome="approved", on=date(2019, 6, 11),
               minute="23", today=TODAY)
    api.record_review(council / "content", "appendix-a", by="Connie Primmer",
                      on=date(2020, 6, 2), today=TODAY, outcome="changes-needed")
    assert load(council / "content").documents["appendix-a"].version == "1.1"
    with pytest.raises(LifecycleError, match=r"field approval.on: 2019-01-01 is before the "
                                             r"approval of the previous version \(2019-06-11\)"):
        api.release(council / "content", "appendix-a", version="1.1", approved_by="Cabinet",
                    approved_on=date(2019, 1, 1), today=TODAY)
    made = api.release(council / "content", "appendix-a", version="1.1",
                       approved_by="Cabinet", approved_on=date(2020, 7, 1), today=TODAY,
                       minute="52")
    assert made.tag == "appendix-a/v1.1"
