"""Test word-level blame across versions (pure: paragraph texts in, steps out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.versions.blame import Attribution, Author, source_paragraphs

PRIYA = Author("Priya Shah", datetime(2019, 3, 2, tzinfo=UTC))
TOM = Author("Tom Okafor", datetime(2019, 3, 3, tzinfo=UTC))
ANN = Author("Ann Lee", datetime(2019, 3, 4, tzinfo=UTC))


@dataclass(frozen=True)
class Span:
    """A stand-in for policykit.redline.Span."""

    kind: str
    block: int
    start: int
    end: int
    text: str = ""


def span(kind: str, paragraphs: list[str], block: int, text: str) -> Span:
    """Return the span covering ``text`` in paragraph ``block``."""
    start = paragraphs[block].index(text)
    return Span(kind, block, start, start + len(text), text)


def test_each_inserted_word_knows_its_version() -> None:
    v0 = ["Purpose", "Be polite."]
    v1 = ["Purpose", "Be polite and honest."]
    v2 = ["Purpose", "Be polite and honest.", "Say who you are."]
    v3 = ["Purpose of the policy", "Be polite and honest.", "Say who you are."]
    blame = Attribution(v0)
    for version, author in ((v1, PRIYA), (v2, TOM), (v3, ANN)):
        blame.advance(version, author)
    assert blame.origins() == [
        [("Purpose", 0), ("of", 3), ("the", 3), ("policy", 3)],
        [("Be", 0), ("polite", 0), ("and", 1), ("honest", 1), (".", 0)],
        [("Say", 2), ("who", 2), ("you", 2), ("are", 2), (".", 2)],
    ]
    assert blame(span("ins", v3, 1, " and honest")) == (PRIYA.name, PRIYA.date)
    assert blame(span("ins", v3, 2, "Say who you are.")) == (TOM.name, TOM.date)
    assert blame(span("ins", v3, 0, " of the policy")) == (ANN.name, ANN.date)


def test_each_deleted_word_knows_the_version_that_deleted_it() -> None:
    v0 = ["Staff must not use Facebook at work.", "Old paragraph.", "Kept."]
    v1 = ["Staff must not use social media at work.", "Old paragraph.", "Kept."]
    v2 = ["Staff must not use social media at work.", "Kept."]
    blame = Attribution(v0)
    blame.advance(v1, PRIYA)
    blame.advance(v2, TOM)
    assert blame(span("del", v0, 0, "Facebook")) == (PRIYA.name, PRIYA.date)
    assert blame(span("del", v0, 1, "Old paragraph.")) == (TOM.name, TOM.date)
    assert blame(span("ins", v2, 0, "social media")) == (PRIYA.name, PRIYA.date)
    assert blame(span("del", v0, 2, "Kept.")) is None  # never deleted: the engine's default


def test_a_span_of_several_versions_goes_to_the_most_words_then_the_latest() -> None:
    v0 = ["A."]
    v1 = ["A. one two three"]
    v2 = ["A. one two three four"]
    blame = Attribution(v0)
    blame.advance(v1, PRIYA)
    blame.advance(v2, TOM)
    assert blame(span("ins", v2, 0, " one two three four")) == (PRIYA.name, PRIYA.date)
    assert blame.step_of(span("ins", v2, 0, " three four")) == 2
    assert blame(span("format", v2, 0, "A.")) is None


def test_a_word_deleted_then_restored_is_new() -> None:
    v0 = ["Be kind."]
    blame = Attribution(v0)
    blame.advance(["Be."], PRIYA)
    blame.advance(["Be kind."], TOM)
    assert blame.origins() == [[("Be", 0), ("kind", 2), (".", 0)]]
    assert blame(span("del", v0, 0, "kind")) == (PRIYA.name, PRIYA.date)


def test_uncommitted_versions_use_the_default() -> None:
    v0 = ["Text."]
    blame = Attribution(v0)
    blame.advance(["Text. More."], None)
    assert blame(span("ins", ["Text. More."], 0, "More.")) is None
    assert blame.steps == 1


def test_paragraph_split_and_join_keep_word_origins() -> None:
    v0 = ["One two. Three four."]
    v1 = ["One two.", "Three four."]
    v2 = ["One two. Three four. Five."]
    blame = Attribution(v0)
    blame.advance(v1, PRIYA)
    blame.advance(v2, TOM)
    assert [origin for _, origin in blame.origins()[0]] == [0] * 6 + [2, 2]


words = st.lists(st.sampled_from(["the", "policy", "members", "must", "be", "kind", "."]),
                 max_size=8).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(words, min_size=1, max_size=5), min_size=1, max_size=6))
def test_origins_always_name_a_version_that_had_the_word(versions: list[list[str]]) -> None:
    blame = Attribution(versions[0])
    for version in versions[1:]:
        blame.advance(version, PRIYA)
    final = blame.origins()
    assert [" ".join(w for w, _ in row) for row in final] == [
        " ".join(text.split()) for text in versions[-1]
    ]
    for row in final:
        for word, origin in row:
            assert word in " ".join(versions[origin]).split()
    assert len(blame.deleted_by) == sum(len(text.split()) for text in versions[0])
    for step in blame.deleted_by:
        assert step is None or 1 <= step < len(versions)


def test_bind_answers_for_the_built_documents() -> None:
    s0 = ["Social Media", "# Purpose", "Be polite."]
    s1 = ["Social Media", "# Purpose", "Be polite and *honest*."]
    built_old = ["Council cover page", "Social Media", "Purpose", "Be polite."]
    built_new = ["Council cover page", "Social Media", "1. Purpose", "Be polite and honest."]
    blame = Attribution(s0)
    blame.advance(s1, PRIYA)
    blame.bind(built_old, built_new)
    assert blame(span("ins", built_new, 3, " and honest")) == (PRIYA.name, PRIYA.date)
    assert blame(span("ins", built_new, 0, "Council")) is None  # template text: the default
    assert blame(span("ins", built_new, 2, "1.")) is None


def test_source_paragraphs_of_markdown_and_yaml() -> None:
    markdown = (b"---\ntitle: Social Media\nversion: '1.0'\n---\n# Purpose\n\nBe polite\n"
                b"and honest.\n- one\n- two\n\n| a | b |\n")
    assert source_paragraphs(markdown, "a.md") == [
        "Social Media", "1.0", "# Purpose", "Be polite and honest.", "- one", "- two",
        "| a | b |",
    ]
    report = (b"kind: report  # a comment\nsections:\n  - heading: Purpose\n    paragraphs:\n"
              b"      - >-\n        One line\n        and the next.\n      - 'Two.'\n")
    assert source_paragraphs(report, "r.yaml") == [
        "report", "Purpose", "One line and the next.", "Two."]
    assert source_paragraphs(b"title: [unclosed", "broken.yaml") == ["[unclosed"]
