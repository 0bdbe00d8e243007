"""Test the plain-English rules: sentences, words to avoid, passive voice, reading age."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.check.model import CheckSettings
from policykit.check.plain import TextBlock, passive, plain_findings, reading_age, sentences
from policykit.check.words import words_to_avoid


def test_sentences_split_on_full_stops_before_capitals() -> None:
    assert sentences("We met. The 3 of us agreed! Did you? yes.") == [
        "We met.", "The 3 of us agreed!", "Did you? yes."]


def test_passive_voice_found_and_adjectives_left_alone() -> None:
    assert passive("The policy was approved by Cabinet.") == "was approved"
    assert passive("Posts will be taken down.") == "be taken"
    assert passive("We are interested in your views.") is None
    assert passive("We approved the policy.") is None


def test_words_to_avoid_with_suggestions() -> None:
    assert words_to_avoid("In order to help, we will Utilise prior  to launch.") == [
        ("In order to", "to"), ("Utilise", "use"), ("prior  to", "before")]


def test_long_sentence_uses_the_limit() -> None:
    block = TextBlock(" ".join(["word"] * 26) + ".", paragraph=3, heading="Scope")
    found, _ = plain_findings([block], CheckSettings(rules=frozenset({"long-sentence"})))
    assert [(f.message, f.paragraph, f.heading) for f in found] == [
        ("sentence of 26 words (limit 25)", 3, "Scope")]
    wider, _ = plain_findings([block], CheckSettings(sentence_words=30))
    assert [f for f in wider if f.rule == "long-sentence"] == []


def test_reading_age_plain_and_dense_text() -> None:
    easy = ["We will check the policy each year. Tell us if you find a problem."] * 5
    hard = ["The councils' organisational accountability arrangements necessitate "
            "comprehensive consideration of operational implications."] * 5
    assert reading_age(easy) < 9 < 20 < reading_age(hard)
    assert reading_age(["Too short."]) is None


def test_reading_age_warning_names_the_target() -> None:
    hard = [TextBlock("The councils' organisational accountability arrangements "
                      "necessitate comprehensive consideration of operational implications.")] * 4
    found, age = plain_findings(hard, CheckSettings(rules=frozenset({"reading-age"}),
                                                    reading_age=12))
    assert [f.message for f in found] == [f"reading age {age:g} (target 12)"]


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_any_text_gives_findings_that_quote_it(text: str) -> None:
    found, age = plain_findings([TextBlock(text, paragraph=1)], CheckSettings())
    words = " ".join(text.split())
    for finding in found:
        if finding.text is not None:
            assert finding.text.rstrip("…").split()[0] in words
    assert age is None or 5 <= age < 100


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
@settings(max_examples=100, deadline=None)
def test_any_html_page_is_checked_without_error(body: str) -> None:
    import html

    from policykit.check.html import check_html

    page = f"<html lang='en'><title>t</title><main><h1>T</h1><p>{html.escape(body)}</p></main>"
    report = check_html(page.encode("utf-8", "surrogatepass"), CheckSettings(), "p.html")
    assert report.kind == "html"
