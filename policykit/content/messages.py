"""Say what a content field must hold, in the council's words: the one translation table.

Pydantic's messages ("input should be a valid integer") are rewritten here, and only here,
into what was expected and an example line to copy: ``exempt.paragraph must be a number from
1 to 7, e.g. "paragraph: 3"``. ``FIELDS`` names what each known field holds and an example;
``KINDS`` says what each kind of value is (numbers, text, dates, lists, true/false, groups of
fields) for the fields the table does not name. Pure: no I/O.
"""

from __future__ import annotations

from datetime import date
from typing import Any

# Field (dotted, list positions left out) -> (what it must be, an example line to copy).
FIELDS: dict[str, tuple[str, str]] = {
    "exempt.paragraph": ("a number from 1 to 7", "paragraph: 3"),
    "exempt.reason": ("a sentence saying why it is exempt",
                      "reason: It gives commercially confidential rates."),
    "exempt": ("the Schedule 12A paragraph and the reason, indented beneath",
               "exempt: {paragraph: 3, reason: ...}"),
    "title": ("the document's title, as text", "title: Social Media Policy"),
    "subtitle": ("a line of text under the title", "subtitle: For Members"),
    "subject": ("the report's subject, as text", "subject: Social media policy for Members"),
    "report_of": ("who the report is from, as text", "report_of: Head of Legal"),
    "responsible_officer": ("the officer's name, as text", "responsible_officer: Jo Bloggs"),
    "wards_affected": ("the wards, as text (not a date or a list)",
                       "wards_affected: All wards"),
    "owner": ("the team that owns the document, as text", "owner: Democratic Services"),
    "version": ("the version, as text in quotes", "version: '1.0'"),
    "number_paragraphs": ("true or false", "number_paragraphs: true"),
    "recommendations_after": ("a whole number, 0 or more (the section the recommendations "
                              "follow)", "recommendations_after: 1"),
    "sections": ("a list of sections, each with a heading and paragraphs",
                 "sections: then lines '- heading: Background'"),
    "sections.heading": ("the section's heading, as text", "heading: Background"),
    "sections.paragraphs": ("a list of paragraphs, one a line starting with '- '",
                            "paragraphs: then lines '- The council ...'"),
    "sections.numbered": ("true or false", "numbered: true"),
    "sections.paragraphs[]": ("a paragraph of text", "- The council will ..."),
    "background_papers[]": ("the name of a paper, as text", "- Staff policy 2014"),
    "recommendations[]": ("a recommendation, as text", "- That Cabinet approves ..."),
    "recommendations": ("a list of recommendations, one a line starting with '- '",
                        "recommendations: then lines '- That Cabinet approves ...'"),
    "background_papers": ("a list of papers, one a line starting with '- '",
                          "background_papers: then lines '- Staff policy 2014'"),
    "author": ("the author's name and email, indented beneath",
               "author: {name: Jo Bloggs, email: jo@example.gov.uk}"),
    "approval.by": ("who approved it, as text", "by: Cabinet"),
    "approval.on": ("the day it was approved, written YYYY-MM-DD", "on: 2019-06-11"),
    "meeting_date": ("the meeting day, written YYYY-MM-DD", "meeting_date: 2019-06-11"),
    "review.last_reviewed": ("the day of the last review, written YYYY-MM-DD",
                             "last_reviewed: 2020-06-11"),
    "review.cycle_start": ("the day the review cycle starts, written YYYY-MM-DD",
                           "cycle_start: 2019-06-11"),
    "documents": ("a list of the pack's documents, one a line starting with '- id:'",
                  "documents: then lines '- id: report'"),
    "check.reading_age": ("a number above 0, at most 30", "reading_age: 9"),
    "check.sentence_words": ("a whole number from 5 to 500", "sentence_words: 25"),
    "announce.to": ("an email address or a list of them", "to: members@example.gov.uk"),
}

# pydantic error type -> (what the value must be, an example value), for unnamed fields.
KINDS: dict[str, tuple[str, str]] = {
    "int_type": ("a whole number", "3"),
    "int_parsing": ("a whole number", "3"),
    "int_from_float": ("a whole number", "3"),
    "float_type": ("a number", "9"),
    "float_parsing": ("a number", "9"),
    "string_type": ("text", "Some text"),
    "string_too_short": ("some text", "Some text"),
    "bool_type": ("true or false", "true"),
    "bool_parsing": ("true or false", "true"),
    "list_type": ("a list, one item a line starting with '- '", "[first, second]"),
    "dict_type": ("a group of fields, indented beneath", "{name: value}"),
    "model_type": ("a group of fields, indented beneath", "{name: value}"),
    "model_attributes_type": ("a group of fields, indented beneath", "{name: value}"),
    "date_type": ("a date written YYYY-MM-DD", "2019-06-11"),
    "date_parsing": ("a date written YYYY-MM-DD", "2019-06-11"),
    "date_from_datetime_parsing": ("a date written YYYY-MM-DD", "2019-06-11"),
    "date_from_datetime_inexact": ("a date written YYYY-MM-DD", "2019-06-11"),
}
DATE_KINDS = ("date_type", "date_parsing", "date_from_datetime_parsing",
              "date_from_datetime_inexact")
BOUNDS = {"greater_than_equal": "at least", "greater_than": "more than",
          "less_than_equal": "at most", "less_than": "less than"}


def field_key(loc: tuple[Any, ...]) -> str:
    """Return the table's key for a pydantic location: names only, dotted, no positions."""
    return ".".join(str(key) for key in loc if not isinstance(key, int)
                    and not str(key).startswith(("function-", "tagged-union", "json-or-python")))


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "it is empty"
    if isinstance(value, date):
        return f"it says {value.isoformat()}, which YAML reads as a date"
    if isinstance(value, (list, dict)):
        return "it is a list" if isinstance(value, list) else "it is a group of fields"
    text = value if isinstance(value, str) else repr(value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"it says \"{text}\""


def expected(loc: tuple[Any, ...], kind: str) -> tuple[str, str] | None:
    """Return (what the field must be, an example line) for a location, or None if unknown."""
    key = field_key(loc)
    item = f"{key}[]" if loc and isinstance(loc[-1], int) else key  # one item of a list
    if item in FIELDS:
        return FIELDS[item]
    if item == key and key in FIELDS:
        return FIELDS[key]
    if kind in KINDS:
        what, example = KINDS[kind]
        name = key.rsplit(".", 1)[-1] or "value"
        return what, f"{name}: {example}"
    return None


def describe(error: dict[str, Any]) -> str:
    """Return a pydantic error in the council's words: what was expected and an example."""
    kind, message = error["type"], error["msg"]
    value = error.get("input")
    loc = tuple(error.get("loc", ()))
    wanted = expected(loc, kind)
    example = f", e.g. \"{wanted[1]}\"" if wanted else ""
    if kind == "missing":
        return f"is required but missing; add it{example}"
    if kind == "extra_forbidden":
        return "is not a known field; check its spelling or remove it"
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"must be text; write it in quotes, e.g. \"{value}\""
    if kind in DATE_KINDS or (kind == "is_instance_of" and "date" in message):
        return f"{value!r} is not a date; write it as YYYY-MM-DD{example}"
    if kind == "string_pattern_mismatch" and loc[-1:] == ("appendix",):
        return f"{value!r} is not an appendix letter; use one capital letter such as A"
    if kind == "string_pattern_mismatch" and loc[-1:] == ("id",):
        return (f"{value!r} is not a document id; use lower-case letters, digits and hyphens "
                "(the content file's name without .md or .yaml)")
    if kind in ("literal_error", "enum"):
        choices = str((error.get("ctx") or {}).get("expected", "")) or message
        return f"{value!r} is not one of the choices; use {choices}"
    if kind in ("too_short", "string_too_short") and isinstance(value, str):
        return f"is empty; write {wanted[0] if wanted else 'some text'}{example}"
    if kind == "too_short":
        return f"must not be empty; give {wanted[0] if wanted else 'at least one item'}{example}"
    if kind in BOUNDS:
        limit = next(iter((error.get("ctx") or {}).values()), "")
        what = wanted[0] if wanted else f"a number {BOUNDS[kind]} {limit}"
        return f"must be {what}{example}; {_shown(value)}"
    if message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    if wanted:
        if value is None and kind == "string_type":
            return f"is empty; write {wanted[0]}{example}"
        return f"must be {wanted[0]}{example}; {_shown(value)}"
    return f"{message[0].lower()}{message[1:]}"


__all__ = ["BOUNDS", "FIELDS", "KINDS", "describe", "expected", "field_key"]
