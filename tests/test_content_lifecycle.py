"""The lifecycle's states: what each allows, writes and says (pure, no git)."""

from __future__ import annotations

from datetime import date

import pytest

from policykit.content import parse, parse_pack
from policykit.content.lifecycle import (
    Publication,
    approval_line,
    check_review,
    decide,
    decision_row,
    footer_status,
    parse_tag,
    release_for_decision,
    status_label,
    supersede,
    tag_name,
)
from policykit.content.models import Meeting, Outcome, Status
from policykit.content.versionnumber import check_new_version, next_version, version_key
from policykit.errors import ContentError, LifecycleError

PACK = parse_pack("council: C\ncommittee: Cabinet\nmeeting_date: 2019-06-11\n"
                  "classification: OFFICIAL\ndocuments:\n  - id: appendix-a\n", "pack.yaml")
HEAD = ("---\ntitle: Social Media Policy for Members\nowner: Democratic Services\n"
        'version: "1.0"\nreview:\n  owner: Democratic Services\n  email: ds@example.org\n'
        "  interval: 1 year\n")


def policy(extra: str = ""):
    return parse(HEAD + extra + "---\n\n# Heading\n\nText.\n", "appendix-a.md")


def test_for_decision_says_so_and_never_approved():
    document = policy("status: for decision\nmeeting:\n  committee: Cabinet\n"
                      "  date: 2019-06-11\n")
    assert footer_status(document, PACK) == "For decision by Cabinet on 11 June 2019"
    assert status_label(document) == "For decision"
    assert approval_line(document) is None
    label, value = decision_row(document, PACK)
    assert "pproved" not in label + value
    assert value == "To be decided by Cabinet on 11 June 2019"


def test_adopted_names_decision_minute_and_date_in_force():
    document = policy("status: adopted\ndecision:\n  outcome: approved\n  by: Cabinet\n"
                      '  on: 2019-06-11\n  minute: "23"\nin_force_from: 2019-06-12\n')
    assert footer_status(document, PACK) == (
        "Approved by Cabinet on 11 June 2019 (minute 23); in force from 12 June 2019")
    assert status_label(document) == "Approved and in force"


def test_legacy_approval_still_reads():
    document = policy("status: approved\napproval:\n  by: Cabinet\n  on: 2019-06-11\n")
    assert footer_status(document, PACK) == "Approved by Cabinet on 11 June 2019"


def test_superseded_names_its_successor():
    document = policy("status: superseded\nsuperseded_by:\n  document: appendix-a\n"
                      '  version: "1.0"\n  on: 2019-06-12\n  for: Members\n')
    assert footer_status(document, PACK, titles={"appendix-a": "Policy for Members"}) == (
        "Superseded for Members by Policy for Members version 1.0 from 12 June 2019")


def test_release_then_decide_steps():
    draft = policy()
    step = release_for_decision("appendix-a", draft, version="1.0",
                                meeting=Meeting(committee="Cabinet", date=date(2019, 6, 11)),
                                released=[], text_released=None)
    assert step.status is Status.FOR_DECISION
    assert step.tag == "appendix-a/for-decision/2019-06-11-v1.0"
    assert parse_tag(step.tag) == ("appendix-a", "for decision", date(2019, 6, 11), "1.0")
    with pytest.raises(LifecycleError, match="release it for decision first: policykit "
                                             "release appendix-a --version 1.0"):
        decide("appendix-a", draft, outcome=Outcome.APPROVED, by="Cabinet",
               on=date(2019, 6, 11), minute="23", today=date(2020, 1, 1), in_force_from=None)
    frozen = policy("status: for decision\nmeeting:\n  committee: Cabinet\n"
                    "  date: 2019-06-11\n")
    step = decide("appendix-a", frozen, outcome=Outcome.APPROVED, by="Cabinet",
                  on=date(2019, 6, 11), minute="23", today=date(2020, 1, 1), in_force_from=None)
    assert step.status is Status.ADOPTED
    assert step.fields["in_force_from"] == "2019-06-12"
    deferred = decide("appendix-a", frozen, outcome=Outcome.DEFERRED, by="Cabinet",
                      on=date(2019, 6, 11), minute="24", today=date(2020, 1, 1),
                      in_force_from=None)
    assert deferred.status is Status.DRAFT and deferred.fields["meeting"] is None
    with pytest.raises(LifecycleError, match="before the meeting it is for"):
        decide("appendix-a", frozen, outcome=Outcome.APPROVED, by="Cabinet",
               on=date(2019, 6, 1), minute="23", today=date(2020, 1, 1), in_force_from=None)
    with pytest.raises(LifecycleError, match="record the meeting's decision first"):
        release_for_decision("appendix-a", frozen, version="1.1",
                             meeting=Meeting(committee="Cabinet", date=date(2019, 7, 1)),
                             released=["1.0"], text_released=None)


def test_versions_compare_part_by_part():
    assert version_key("1.10") > version_key("1.9")
    assert next_version("1.9") == "1.10"
    with pytest.raises(LifecycleError, match=r"field version: 0.9 is not after 1.0.*as 1.1"):
        check_new_version("appendix-a", "0.9", ["1.0"])
    with pytest.raises(LifecycleError, match="1.9 is not after 1.10"):
        check_new_version("appendix-a", "1.9", ["1.10", "1.2"])
    check_new_version("appendix-a", "1.10", ["1.9"])


def test_reviews_that_cannot_be_true_are_refused():
    adopted = policy("status: adopted\ndecision:\n  outcome: approved\n  by: Cabinet\n"
                     '  on: 2019-06-11\n  minute: "23"\n')
    with pytest.raises(LifecycleError, match="2010-01-01 is before the document was approved"):
        check_review("appendix-a", adopted, on=date(2010, 1, 1), today=date(2020, 6, 2))
    with pytest.raises(LifecycleError, match="is after today"):
        check_review("appendix-a", adopted, on=date(2021, 1, 1), today=date(2020, 6, 2))
    with pytest.raises(LifecycleError, match="is a draft, so it cannot be reviewed"):
        check_review("appendix-a", policy(), on=date(2020, 1, 1), today=date(2020, 6, 2))
    check_review("appendix-a", adopted, on=date(2020, 6, 2), today=date(2020, 6, 2))


def test_a_status_without_its_decision_is_refused():
    with pytest.raises(ContentError, match="adopted document needs"):
        policy("status: adopted\n")


def test_supersede_and_tag_names():
    step = supersede("staff-policy-2014", policy(), successor="appendix-a", version="1.0",
                     on=date(2019, 6, 12), for_whom="Members")
    assert step.fields["superseded_by"]["for"] == "Members"
    assert tag_name("report", "approved", date(2019, 6, 11), "1.0") == \
        "report/approved/2019-06-11-v1.0"
    assert Publication.AGENDA.value == "agenda"
