"""Define what a check finds: rules, severities, findings and the report over many files."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from policykit.content.models import CheckConfig, Pack

DEFAULTS = CheckConfig()


class Severity(StrEnum):
    """How much a finding matters, graded as Word's Accessibility Checker grades it."""

    ERROR = "error"
    WARNING = "warning"
    TIP = "tip"


@dataclass(frozen=True)
class Rule:
    """One rule: its id (after the Word or WCAG rule), severity, WCAG criterion and fix."""

    id: str
    severity: Severity
    title: str
    wcag: str
    fix: str


E, W, T = Severity.ERROR, Severity.WARNING, Severity.TIP

_RULES = [
    # Word's Accessibility Checker and WCAG 2.2, for Word, PDF and HTML alike.
    Rule("missing-title", E, "Document title not set", "2.4.2",
         "set it in File > Info > Properties (<title> in HTML)."),
    Rule("title-not-shown", E, "Title bar shows the file name, not the title", "2.4.2",
         "export with 'Display document title' turned on."),
    Rule("missing-language", E, "Document language not set", "3.1.1",
         "set the language (Review > Language; lang in HTML; /Lang in PDF)."),
    Rule("wrong-language", W, "Document language differs from the content's", "3.1.1",
         "set the language to the one the content is written in."),
    Rule("missing-alt-text", E, "Missing alternative text", "1.1.1",
         "add alt text (right-click > View Alt Text) or mark it decorative."),
    Rule("missing-table-header", E, "Missing table header", "1.3.1",
         "tick Header Row (Table Design) and Repeat Header Rows (Layout)."),
    Rule("merged-cells", W, "Merged or split cells", "1.3.1",
         "unmerge the cells so every data cell sits under one header."),
    Rule("empty-table-header", W, "Empty table header cell", "1.3.1",
         "give every header cell text that names its column."),
    Rule("headings-not-used", W, "Headings not used", "2.4.6",
         "apply Heading 1, Heading 2... styles to the section titles."),
    Rule("skipped-heading-level", W, "Skipped heading level", "1.3.1",
         "use the next heading level down (Heading 2 under Heading 1)."),
    Rule("empty-heading", W, "Empty heading", "2.4.6",
         "give the heading text or change its style to Normal."),
    Rule("first-heading-not-level-1", W, "First heading is not level 1", "1.3.1",
         "start the document's headings at Heading 1."),
    Rule("typed-list", W, "Typed bullets or numbers instead of a list", "1.3.1",
         "use the Bullets or Numbering button instead of typing them."),
    Rule("repeated-blank-paragraphs", W, "Repeated blank characters", "1.3.2",
         "delete the empty paragraphs; use paragraph spacing instead."),
    Rule("unclear-link-text", W, "Unclear hyperlink text", "2.4.4",
         "make the link text say where it goes (not a URL or 'click here')."),
    Rule("hard-to-read-contrast", E, "Hard-to-read text contrast", "1.4.3",
         "darken the text or lighten the background: 4.5:1, 3:1 if large."),
    Rule("small-text", W, "Body text under 12 pt", "1.4.4",
         "set body text to 12 pt or larger in the style."),
    Rule("use-of-colour", T, "Use of colour alone", "1.4.1",
         "add bold, a symbol or words as well as the colour."),
    Rule("object-not-inline", W, "Image or object not inline", "1.3.2",
         "set Wrap Text to In Line with Text so it keeps its reading order."),
    # PDF only.
    Rule("pdf-not-tagged", E, "PDF is not tagged", "1.3.1",
         "export with 'Tagged PDF' (Universal Accessibility) turned on."),
    Rule("pdf-no-bookmarks", W, "Long PDF has no bookmarks", "2.4.5",
         "export with 'Export outlines' so headings become bookmarks."),
    Rule("pdf-figure-alt", E, "Figure tag without alternate text", "1.1.1",
         "give each image alt text in Word before exporting."),
    Rule("pdf-ua-identifier", W, "No PDF/UA identification", "-",
         "export with 'Universal Accessibility (PDF/UA)' turned on."),
    # HTML only.
    Rule("one-h1", W, "Page should have one h1", "1.3.1",
         "give the page exactly one <h1>, its main heading."),
    Rule("missing-landmarks", W, "No landmark elements", "1.3.1",
         "wrap the page in <header>, <main> and <footer>."),
    # Plain English, for every format and for content before it is built.
    Rule("long-sentence", W, "Sentence over the word limit", "3.1.5",
         "split it into shorter sentences, one idea each."),
    Rule("words-to-avoid", W, "Word or phrase to avoid", "3.1.5",
         "use the plain word suggested."),
    Rule("passive-voice", W, "Passive voice", "3.1.5",
         "say who does it: 'we will review' not 'it will be reviewed'."),
    Rule("reading-age", W, "Reading age above target", "3.1.5",
         "use shorter sentences and everyday words."),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


@dataclass(frozen=True)
class Finding:
    """One thing a rule found, and where: page or paragraph, the heading, a few words."""

    rule: str
    message: str
    paragraph: int | None = None
    page: int | None = None
    heading: str | None = None
    text: str | None = None
    line: int | None = None

    @property
    def severity(self) -> Severity:
        """Return the rule's severity."""
        return RULES[self.rule].severity

    @property
    def fix(self) -> str:
        """Return the one-line fix of the rule."""
        return RULES[self.rule].fix

    @property
    def why(self) -> str:
        """Return why the finding matters, in plain words (by its WCAG criterion)."""
        return WHY.get(RULES[self.rule].wcag, "It makes the document easier to read.")

    @property
    def title(self) -> str:
        """Return the rule's name in plain English ("Passive voice")."""
        return RULES[self.rule].title

    @property
    def where(self) -> str:
        """Return where the finding is, e.g. "page 3, paragraph 12", "line 40"."""
        parts = [f"{label} {value}" for label, value in (
            ("page", self.page), ("paragraph", self.paragraph), ("line", self.line))
            if value is not None]
        return ", ".join(parts) or "document"

    def as_dict(self) -> dict[str, Any]:
        """Return the finding as plain JSON data."""
        return {
            "severity": self.severity.value, "rule": self.rule, "wcag": RULES[self.rule].wcag,
            "message": self.message, "page": self.page, "paragraph": self.paragraph,
            "line": self.line,
            "heading": self.heading, "text": self.text, "fix": self.fix,
        }


@dataclass
class FileReport:
    """The findings for one file or content document, and its reading age."""

    path: str
    kind: str
    findings: list[Finding] = field(default_factory=list)
    reading_age: float | None = None

    def count(self, severity: Severity) -> int:
        """Return how many findings have ``severity``."""
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass(frozen=True)
class CheckSettings:
    """Settings a pack can give in ``check:``: targets, limits, rules to run."""

    reading_age: float | None = None
    sentence_words: int | None = None
    language: str | None = None
    rules: frozenset[str] | None = None

    @classmethod
    def for_pack(cls, pack: Pack) -> CheckSettings:
        """Return the settings a pack's ``check:`` block and language give."""
        return cls(reading_age=pack.check.reading_age, sentence_words=pack.check.sentence_words,
                   language=pack.language)

    @property
    def age_target(self) -> float:
        """Return the reading-age target (the pack's, else 9)."""
        return DEFAULTS.reading_age if self.reading_age is None else self.reading_age

    @property
    def word_limit(self) -> int:
        """Return the most words a sentence may have (the pack's, else 25)."""
        return DEFAULTS.sentence_words if self.sentence_words is None else self.sentence_words

    def wants(self, rule: str) -> bool:
        """Return whether ``rule`` is selected."""
        return self.rules is None or rule in self.rules


@dataclass
class CheckReport:
    """Every file checked and what was found, with totals and the exit status."""

    files: list[FileReport] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        """Return how many findings across all files have ``severity``."""
        return sum(f.count(severity) for f in self.files)

    @property
    def errors(self) -> int:
        """Return the number of errors."""
        return self.count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        """Return the number of warnings."""
        return self.count(Severity.WARNING)

    @property
    def tips(self) -> int:
        """Return the number of tips."""
        return self.count(Severity.TIP)

    def failed(self, strict: bool = False) -> bool:
        """Return whether the check failed: errors, or with ``strict`` warnings too."""
        return self.errors > 0 or (strict and self.warnings > 0)

    def summary_line(self) -> str:
        """Return one line: files checked and errors, warnings and tips found."""
        def n(count: int, word: str) -> str:
            return f"{count} {word}{'s' * (count != 1)}"

        return (f"Checked {n(len(self.files), 'file')}: {n(self.errors, 'error')}, "
                f"{n(self.warnings, 'warning')}, {n(self.tips, 'tip')}.")

    def as_dict(self) -> dict[str, Any]:
        """Return the whole report as plain JSON data."""
        return {
            "files": [
                {"path": f.path, "kind": f.kind, "reading_age": f.reading_age,
                 "findings": [x.as_dict() for x in f.findings]}
                for f in self.files
            ],
            "summary": {"files": len(self.files), "errors": self.errors,
                        "warnings": self.warnings, "tips": self.tips},
        }


__all__ = ["RULES", "CheckReport", "CheckSettings", "FileReport", "Finding", "Rule", "Severity"]


# Why a finding matters, by WCAG success criterion, in words an officer can pass on.
WHY = {
    "1.1.1": "People who cannot see the image hear its alternative text instead.",
    "1.3.1": "Screen readers announce the structure (headings, lists, tables) only when it "
             "is marked up, not just drawn.",
    "1.3.2": "Screen readers read in the order the document is built, not the order it looks.",
    "1.4.1": "Some readers cannot tell colours apart.",
    "1.4.3": "Pale text is hard to read for many people, on screen and on paper.",
    "1.4.4": "Small text is hard to read, and many readers enlarge it.",
    "2.4.2": "The title is what a browser tab, a search result or a screen reader names first.",
    "2.4.4": "Readers skim links on their own: each should say where it goes.",
    "2.4.5": "Bookmarks let readers jump through a long PDF.",
    "2.4.6": "Readers and screen readers move through a document by its headings.",
    "3.1.1": "Screen readers pronounce the words in the document's language.",
    "3.1.5": "Residents and Members understand a policy written in plain words first time; "
             "the council is expected to write for a reading age of about 9 to 11.",
}

