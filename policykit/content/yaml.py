"""Read YAML safely with line numbers, and write a text value as a YAML scalar (one rule).

Two readers that agree: a fast one (PyYAML's C loader with YAML 1.2 core-schema scalars) for
validation, and ruamel.yaml's round trip, which keeps lines and comments and is the
reference for every error message.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml import resolver as ruamel_resolver
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode

from policykit.errors import ContentError

MAX_YAML_NODES = 200_000
# Words some YAML readers take for true, false or null when written plain.
_RESERVED_WORDS = ("yes", "no", "on", "off", "y", "n", "true", "false", "null")


def yaml_scalar(value: str) -> str:
    """Return a string as a YAML scalar: plain when that is unambiguous, else double-quoted.

    Words that YAML 1.1 readers take for booleans or null (``yes``, ``no``, ``on``, ``off``,
    ``y``, ``n``, ``true``, ``false``, ``null``) are always quoted.
    """
    plain = (value[:1].isalpha() and value == value.strip() and value.isprintable()
             and not re.search(r":(\s|$)|\s#|[\[\]{}\"`]|\s\s", value)
             and value.lower() not in _RESERVED_WORDS)
    return value if plain else json.dumps(value, ensure_ascii=False)


def _yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


_LOADER = _yaml()


def _check_aliases(data: Any, source: str, line_offset: int) -> None:
    """Refuse YAML aliases (the billion-laughs trick) and absurdly large documents.

    An alias makes two places hold the same mapping or list object, so a walk that meets
    a container twice has found one; scalars cannot multiply work and are not tracked.
    """
    seen: set[int] = set()
    stack = [data]
    count = 0
    while stack:
        current = stack.pop()
        if not isinstance(current, (dict, list)):
            continue
        if id(current) in seen:
            line = getattr(getattr(current, "lc", None), "line", None)
            raise ContentError(
                "YAML anchors and aliases (& and *) are not allowed; write the value out",
                file=source,
                line=line + 1 + line_offset if line is not None else None,
            )
        seen.add(id(current))
        count += 1
        if count > MAX_YAML_NODES:
            raise ContentError(
                f"more than {MAX_YAML_NODES} YAML values; split the document", file=source
            )
        stack.extend(current.values() if isinstance(current, dict) else current)


class _CoreLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):
    """PyYAML's (C) safe loader with YAML 1.2 core-schema scalars, as ruamel reads them.

    PyYAML resolves plain scalars by YAML 1.1, where ``on``, ``no`` and ``y`` are booleans
    and ``0755`` is octal; this loader resolves them as YAML 1.2 does, so the fast path and
    the round-trip path (ruamel) read every file alike. Duplicate keys are refused.
    """

    yaml_implicit_resolvers: dict = {}

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        keys = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"found duplicate key {key!r}", key_node.start_mark)
            keys.add(key)
        return super().construct_mapping(node, deep=deep)


# Resolve plain scalars with ruamel's own YAML 1.2 table, and convert them with ruamel's
# constructor, so the fast path cannot drift from the round-trip path.
_SCALARS = YAML(typ="safe", pure=True).constructor
for _versions, _tag, _pattern, _first in ruamel_resolver.implicit_resolvers:
    if (1, 2) in _versions and not _tag.endswith((":yaml", ":value", ":merge")):
        _CoreLoader.add_implicit_resolver(_tag, _pattern, _first)
        _CoreLoader.add_constructor(
            _tag,
            lambda _loader, node: _SCALARS.construct_object(
                ScalarNode(node.tag, node.value), deep=True),
        )


# What YAML constructors raise on a scalar they matched but cannot convert (ruamel reads
# "-_" as an int and fails with IndexError), and on nesting too deep to build.
_CONSTRUCT_ERRORS = (ValueError, IndexError, TypeError, OverflowError, RecursionError)


def load_fast(text: str, source: str, line_offset: int = 0) -> Any:
    """Parse YAML for validation only, fast; fall back to ruamel for any problem.

    Text with ``!`` (YAML tags, which content never needs) goes to ruamel directly: the two
    libraries treat tags differently, and ruamel is the reference.
    """
    if "!" in text:
        return parse_yaml(text, source, line_offset)
    try:
        data = yaml.load(text, Loader=_CoreLoader)  # noqa: S506 - a safe loader
        _check_aliases(data, source, line_offset)
    except (yaml.YAMLError, ContentError, *_CONSTRUCT_ERRORS):
        return parse_yaml(text, source, line_offset)  # raises with ruamel's precise message
    return data


# A line whose value (after "key:" or "- ") starts with a quote; group 2 is what follows it.
_OPENS_QUOTE = re.compile(r"""^\s*(?:-\s+)*(?:[^\s#'"][^#'"]*?:\s+)?(?:-\s+)*(["'])(.*)$""")
# A plain YYYY-MM-DD (a YAML date) not inside quotes.
_DATE = re.compile(r"""(?<![\w"'.-])(\d{4})-(\d\d?)-(\d\d?)(?![\w:.-])""")


def _closing(quote: str, text: str) -> bool:
    """Return whether ``text`` holds the closing ``quote`` (escapes and '' skipped)."""
    index = 0
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1:index + 2] == "'":
                index += 2
                continue
            return True
        index += 1
    return False


def _unclosed_quote(text: str, error_line: int) -> tuple[int, str] | None:
    """Return (0-based line, quote) of a quoted value that runs on to the error, if any.

    A value opened with a quote and not closed swallows the lines after it until the next
    quote, so YAML reports a problem far below the real mistake; this finds the mistake.
    """
    lines = text.split("\n")
    index = 0
    while index <= min(error_line, len(lines) - 1):
        match = _OPENS_QUOTE.match(lines[index])
        if match is None or _closing(match.group(1), match.group(2)):
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not _closing(match.group(1), lines[end]):
            end += 1
        if end >= error_line - 1:
            return index, match.group(1)
        index = end + 1
    return None


def _impossible_date(text: str) -> tuple[int, str] | None:
    """Return (0-based line, text) of the first plain YYYY-MM-DD that is not a real date."""
    for number, line in enumerate(text.split("\n")):
        for match in _DATE.finditer(line.split(" #", 1)[0]):
            try:
                date(*(int(part) for part in match.groups()))
            except ValueError:
                return number, match.group(0)
    return None


def _fix_for(problem: str) -> str:
    """Return what to do about a YAML syntax problem, in the officer's terms."""
    if problem.startswith("found duplicate key"):
        return "a field may be given once: remove one of the two lines"
    if "'\\t'" in problem:
        return "YAML is indented with spaces, never tabs: replace the tab with spaces"
    return "check the indentation and quoting there"


def _field_on(line: str) -> str | None:
    """Return the field name a YAML line sets (``meeting_date: ...``), if it sets one."""
    match = re.match(r"\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:", line)
    return match.group(1) if match else None


def _depth(line: str) -> int:
    """Return how many brackets a line opens (to find a too-deep value's line)."""
    return line.count("[") + line.count("{")


def parse_yaml(text: str, source: str, line_offset: int = 0) -> Any:
    """Parse one YAML document safely, keeping line information and comments (round trip)."""
    try:
        data = _LOADER.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        quoted = _unclosed_quote(text, mark.line if mark else len(text))
        if quoted is not None:
            line, quote = quoted
            raise ContentError(
                f"invalid YAML: the value starting with {quote} on this line has no closing "
                f"{quote}; add it at the end of the value",
                file=source,
                line=line + 1 + line_offset,
            ) from None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError(
            f"invalid YAML: {problem}; {_fix_for(problem)}",
            file=source,
            line=mark.line + 1 + line_offset if mark else None,
        ) from None
    except YAMLError as exc:
        raise ContentError(f"invalid YAML: {exc}", file=source) from None
    except _CONSTRUCT_ERRORS as exc:  # ruamel's own number and date readers can fail so
        bad_date = _impossible_date(text)
        if bad_date is not None:
            line, value = bad_date
            raise ContentError(
                f"{value} is not a real date; write a date that exists, as YYYY-MM-DD",
                file=source,
                line=line + 1 + line_offset,
                field=_field_on(text.split("\n")[line]),
            ) from None
        if isinstance(exc, RecursionError):
            lines = text.split("\n")
            deepest = max(range(len(lines)), key=lambda n: _depth(lines[n]))
            raise ContentError(
                "invalid YAML: lists or mappings are nested far too deeply to read; nest them "
                "a few levels at most", file=source, line=deepest + 1 + line_offset) from None
        raise ContentError(
            f"invalid YAML: a value cannot be read ({type(exc).__name__}: {exc}); "
            "put text values in quotes",
            file=source,
        ) from None
    _check_aliases(data, source, line_offset)
    return data


def line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
    """Return the 0-based line of the deepest part of ``loc`` found in ruamel data."""
    line = None
    node = data
    for key in loc:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0]
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                line = node.lc.item(key)[0]
                node = node[key]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def plain(value: Any) -> Any:
    """Return ruamel containers as plain dicts and lists (dates stay dates)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, TaggedScalar):  # '=' and explicit tags: keep the text as typed
        return str(value.value)
    return value



__all__ = [
    "MAX_YAML_NODES",
    "line_of",
    "load_fast",
    "parse_yaml",
    "plain",
    "yaml_scalar",
]
