"""Test the one content-file editor: only the fields set change, everything else is kept."""

from __future__ import annotations

import pytest

from policykit.content import parse_yaml, split_front_matter
from policykit.content.frontmatter import edit_content_file, front_matter_of, set_field
from policykit.errors import ContentError

POLICY = """\
---
# Owned by Democratic Services.
title: 'Social Media Policy'   # as on the cover
version: "0.1"
review:
    owner: Head of Democratic Services   # four-space indent, kept
    email: democratic@example.gov.uk
    interval: 1 year
---
# Purpose
"""


def test_a_nested_field_is_added_at_the_end_of_its_mapping_with_its_indent() -> None:
    front, _, _ = split_front_matter(POLICY, "p.md")
    edited = set_field(front, "p.md", ("review", "last_reviewed"), "2020-06-01")
    assert edited == front.replace("    interval: 1 year\n",
                                   "    interval: 1 year\n    last_reviewed: 2020-06-01\n")


def test_a_field_is_replaced_keeping_its_comment_and_removed_cleanly() -> None:
    front, _, _ = split_front_matter(POLICY, "p.md")
    edited = set_field(front, "p.md", ("title",), '"Social Media Policy for Members"')
    assert 'title: "Social Media Policy for Members"   # as on the cover\n' in edited
    assert set_field(edited, "p.md", ("version",), None) == edited.replace('version: "0.1"\n',
                                                                          "")


def test_a_field_goes_after_the_sibling_named() -> None:
    edited = set_field("a: 1\nb: 2\n", "x.yaml", ("c",), "3", after="a")
    assert edited == "a: 1\nc: 3\nb: 2\n"


def test_a_one_line_mapping_is_rewritten_as_indented_lines() -> None:
    text = "title: T\nreview: {owner: Team, email: t@example.gov.uk, interval: 1 year}\n"
    edited = set_field(text, "x.yaml", ("review", "last_reviewed"), "2020-06-01")
    assert edited == (
        "title: T\nreview:\n  owner: Team\n  email: t@example.gov.uk\n  interval: \"1 year\"\n"
        "  last_reviewed: 2020-06-01\n"
    )
    assert parse_yaml(edited, "x.yaml")["review"]["interval"] == "1 year"


def test_the_byte_order_mark_and_crlf_line_ends_are_kept() -> None:
    raw = ("\ufeff" + POLICY.replace("\n", "\r\n")).encode()
    edited = edit_content_file(
        raw, "p.md", lambda front: set_field(front, "p.md", ("version",), '"1.0"'))
    assert edited == raw.replace(b'version: "0.1"', b'version: "1.0"')


def test_a_field_under_something_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ContentError, match="x.yaml: review must be a mapping of fields"):
        set_field("review: yearly\n", "x.yaml", ("review", "last_reviewed"), "2020-06-01")


def test_front_matter_of() -> None:
    assert front_matter_of(POLICY).startswith("# Owned by")
    assert front_matter_of("# No front matter\n") is None
