"""Check text for plain English: long sentences, words to avoid, passive voice, reading age."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from policykit.check.model import CheckSettings, Finding
from policykit.check.words import words_to_avoid

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")
_BE = r"(?:am|is|are|was|were|be|been|being)"
_IRREGULAR = (
    "known|made|given|taken|seen|written|shown|done|held|sent|kept|paid|built|brought|"
    "found|told|thought|left|chosen|drawn|driven|spoken|broken|forgotten|hidden|begun|sold|"
    "set out|put|read|run|won|bought|caught|taught|understood|withdrawn|undertaken"
)
_PASSIVE = re.compile(
    rf"\b{_BE}\s+(?:(?:not|also|then|now|\w+ly)\s+)?((?:\w+ed)|(?:{_IRREGULAR}))\b", re.I
)
# Adjectives after "to be" that look like participles but are not passive.
_NOT_PASSIVE = frozenset({
    "based", "concerned", "interested", "involved", "pleased", "required", "supposed",
    "tired", "used", "worried", "qualified", "related", "limited", "dedicated", "detailed",
    "experienced", "prepared", "skilled", "advanced", "aged", "need", "feed", "speed",
})
SAMPLE_WORDS = 30_000
PLAIN_RULES = ("long-sentence", "words-to-avoid", "passive-voice", "reading-age")


@dataclass(frozen=True)
class TextBlock:
    """A paragraph of running text and where it is: paragraph or page, the heading above."""

    text: str
    paragraph: int | None = None
    page: int | None = None
    heading: str | None = None
    line: int | None = None


def snippet(text: str, words: int = 6) -> str:
    """Return the first few words of ``text``, with an ellipsis when cut."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def sentences(text: str) -> list[str]:
    """Split ``text`` into sentences."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


def word_count(text: str) -> int:
    """Return the number of words in ``text``."""
    return len(_WORD.findall(text))


def _finding(rule: str, message: str, block: TextBlock, text: str) -> Finding:
    return Finding(rule, message, paragraph=block.paragraph, page=block.page,
                   heading=block.heading, text=snippet(text), line=block.line)


def passive(sentence: str) -> str | None:
    """Return the passive phrase in ``sentence`` (e.g. "is approved"), if one is detectable."""
    for match in _PASSIVE.finditer(sentence):
        if match.group(1).lower() not in _NOT_PASSIVE:
            return " ".join(match.group(0).split())
    return None


def block_findings(block: TextBlock, settings: CheckSettings) -> list[Finding]:
    """Return the plain-English findings in one paragraph of running text."""
    found: list[Finding] = []
    for sentence in sentences(block.text):
        count = word_count(sentence)
        if settings.wants("long-sentence") and count > settings.word_limit:
            found.append(_finding("long-sentence", f"sentence of {count} words (limit "
                                  f"{settings.word_limit})", block, sentence))
        if settings.wants("passive-voice") and (phrase := passive(sentence)):
            found.append(_finding("passive-voice", f"passive: '{phrase}'", block, sentence))
    if settings.wants("words-to-avoid"):
        for phrase, better in words_to_avoid(block.text):
            found.append(_finding("words-to-avoid", f"'{phrase}': try {better}", block,
                                  block.text))
    return found


@functools.lru_cache(maxsize=1)
def _hyphenator() -> object:
    import pyphen

    return pyphen.Pyphen(lang="en_GB")


@functools.lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    return max(1, len(_hyphenator().positions(word)) + 1)  # type: ignore[attr-defined]


def reading_age(texts: Iterable[str]) -> float | None:
    """Return the UK reading age of the text: the Flesch-Kincaid grade plus 5 years.

    Syllables are counted with pyphen's en_GB dictionary (the hyphenation textstat falls
    back on); very long documents are sampled evenly, about ``SAMPLE_WORDS`` words.
    """
    all_sentences = [s for text in texts for s in sentences(text)]
    total = sum(word_count(s) for s in all_sentences)
    if total < 30:
        return None
    step = max(1, total // SAMPLE_WORDS)
    chosen = all_sentences[::step]
    words = [w.lower() for s in chosen for w in _WORD.findall(s)]
    if not words:
        return None
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / len(chosen) + 11.8 * syllables / len(words) - 15.59
    return round(max(grade, 0.0) + 5, 1)


def plain_findings(blocks: list[TextBlock], settings: CheckSettings
                   ) -> tuple[list[Finding], float | None]:
    """Return the plain-English findings and the reading age of a document's running text."""
    found = [f for block in blocks for f in block_findings(block, settings)]
    age = reading_age(b.text for b in blocks)
    if settings.wants("reading-age") and age is not None and age > settings.age_target:
        found.append(Finding("reading-age", f"reading age {age:g} (target "
                             f"{settings.age_target:g})"))
    return found, age


__all__ = ["PLAIN_RULES", "TextBlock", "block_findings", "passive", "plain_findings", "reading_age",
           "sentences", "snippet", "word_count"]
