"""Parse and validate content files (YAML and Markdown with front matter) into models.

``parse`` and ``load_files`` are pure: text in, validated models out, so a file read from
a git blob parses exactly like one read from disk. ``load`` is the one place that reads the
content folder.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml import resolver as ruamel_resolver
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode

from policykit.content.markdown import XML_ILLEGAL
from policykit.content.models import Document, Pack, PolicyDocument, Report
from policykit.errors import ContentError

PACK_FILE = "pack.yaml"
CONTENT_SUFFIXES = (".md", ".yaml", ".yml")
MAX_CONTENT_BYTES = 20 * 1024 * 1024
MAX_YAML_NODES = 200_000

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.S | re.M)


@dataclass
class ContentSet:
    """Every content document in a folder, the pack that orders them, and what was noticed."""

    pack: Pack
    documents: dict[str, Document]
    sources: dict[str, str]
    warnings: list[str] = field(default_factory=list)

    def pack_documents(self) -> list[tuple[str, str | None, Document]]:
        """Return (id, appendix letter, document) for each document in the pack, in order."""
        return [(d.id, d.appendix, self.documents[d.id]) for d in self.pack.documents]

    def appendix_of(self, doc_id: str) -> str | None:
        """Return the appendix letter the pack gives a document, if any."""
        return next((d.appendix for d in self.pack.documents if d.id == doc_id), None)


def sanitize(text: str, source: str, warnings: list[str]) -> str:
    """Return text without characters XML cannot hold, noting each line that lost one."""
    if not XML_ILLEGAL.search(text):
        return text
    for number, line in enumerate(text.split("\n"), start=1):
        found = sorted({f"U+{ord(c):04X}" for c in XML_ILLEGAL.findall(line)})
        if found:
            warnings.append(
                f"{source}, line {number}: dropped {', '.join(found)}, "
                "which a Word document cannot hold"
            )
    return XML_ILLEGAL.sub("", text)


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


def _load_fast(text: str, source: str, line_offset: int = 0) -> Any:
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


def parse_yaml(text: str, source: str, line_offset: int = 0) -> Any:
    """Parse one YAML document safely, keeping line information and comments (round trip)."""
    try:
        data = _LOADER.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        raise ContentError(
            f"invalid YAML: {problem}; check the indentation and quoting there",
            file=source,
            line=line,
        ) from None
    except YAMLError as exc:
        raise ContentError(f"invalid YAML: {exc}", file=source) from None
    except _CONSTRUCT_ERRORS as exc:  # ruamel's own number and date readers can fail so
        raise ContentError(
            f"invalid YAML: a value cannot be read ({type(exc).__name__}: {exc}); "
            "put text values in quotes",
            file=source,
        ) from None
    _check_aliases(data, source, line_offset)
    return data


def _line_of(data: Any, loc: tuple[Any, ...]) -> int | None:
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


def _describe(error: dict[str, Any]) -> str:
    kind, message = error["type"], error["msg"]
    value = error.get("input")
    if kind == "missing":
        return "is required but missing; add it"
    if kind == "extra_forbidden":
        return "is not a known field; check its spelling or remove it"
    if kind == "string_type" and isinstance(value, (int, float)):
        return f"must be text; write it in quotes, e.g. \"{value}\""
    if kind in ("date_type", "date_from_datetime_parsing", "date_parsing") or (
        kind == "is_instance_of" and "date" in message
    ):
        return f"{value!r} is not a date; write it as YYYY-MM-DD"
    if kind == "string_pattern_mismatch" and error["loc"][-1:] == ("appendix",):
        return f"{value!r} is not an appendix letter; use one capital letter such as A"
    if kind == "string_pattern_mismatch" and error["loc"][-1:] == ("id",):
        return (
            f"{value!r} is not a document id; use lower-case letters, digits and hyphens "
            "(the content file's name without .md or .yaml)"
        )
    if kind == "literal_error":
        return f"{value!r} is not allowed here; {message[0].lower()}{message[1:]}"
    if kind == "too_short":
        return "must not be empty"
    if message.startswith("Value error, "):
        return message.removeprefix("Value error, ")
    return f"{message[0].lower()}{message[1:]}"


def _field_name(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for key in loc:
        if isinstance(key, int):
            parts.append(f"[{key + 1}]")
        elif str(key).startswith(("function-", "tagged-union", "json-or-python")):
            continue
        else:
            parts.append(("." if parts else "") + str(key))
    return "".join(parts)


def validate(model: type[Any], data: Any, source: str, line_offset: int = 0,
             text: str | None = None) -> Any:
    """Validate YAML data against a model, turning the first error into a ContentError.

    Lines are found in ruamel data; when ``data`` came from the fast parser, ``text`` is
    parsed again with ruamel, only on error, to say where.
    """
    if not isinstance(data, dict):
        raise ContentError(
            "expected a mapping of fields (name: value) at the top of the file",
            file=source,
            line=1 + line_offset,
        )
    try:
        return model.model_validate(_plain(data))
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        located = data if text is None or isinstance(data, CommentedMap) else \
            parse_yaml(text, source, line_offset)
        line = _line_of(located, loc) if loc else 0
        raise ContentError(
            _describe(error),
            file=source,
            line=line + 1 + line_offset if line is not None else None,
            field=_field_name(loc) or None,
        ) from None


def _plain(value: Any) -> Any:
    """Return ruamel containers as plain dicts and lists (dates stay dates)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, TaggedScalar):  # '=' and explicit tags: keep the text as typed
        return str(value.value)
    return value


def split_front_matter(text: str, source: str) -> tuple[str, str, int]:
    """Split Markdown into (front matter YAML, body, line number where the body starts)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ContentError(
            "a Markdown document must start with front matter between two '---' lines "
            "(title, owner, version...)",
            file=source,
            line=1,
        )
    body_line = text.count("\n", 0, match.end()) + 1
    return match.group(1), text[match.end():], body_line


def parse(text: str, source: str, warnings: list[str] | None = None) -> Document:
    """Parse one content document (``.md`` policy or ``.yaml`` report) from its text."""
    notes = warnings if warnings is not None else []
    text = sanitize(text, source, notes)
    if source.endswith(".md"):
        front, body, _ = split_front_matter(text, source)
        data = _load_fast(front, source, line_offset=1)
        if data is None:
            data = {}
        if isinstance(data, dict):
            if "body" in data:
                located = parse_yaml(front, source, line_offset=1)
                raise ContentError(
                    "'body' is the Markdown after the front matter; remove the field",
                    file=source,
                    line=located.lc.key("body")[0] + 2,
                    field="body",
                )
            data["body"] = body
        return validate(PolicyDocument, data, source, line_offset=1, text=front)
    data = _load_fast(text, source)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "report":
        return validate(Report, data, source, text=text)
    if isinstance(data, dict) and "kind" in data and kind != "policy":
        raise ContentError(
            f"unknown kind {kind!r}; use 'report' (a YAML committee report) or write a "
            "policy as Markdown with front matter",
            file=source,
            line=parse_yaml(text, source).lc.key("kind")[0] + 1,
            field="kind",
        )
    return validate(PolicyDocument, data, source, text=text)


def parse_pack(text: str, source: str, warnings: list[str] | None = None) -> Pack:
    """Parse the pack definition (``pack.yaml``)."""
    text = sanitize(text, source, warnings if warnings is not None else [])
    return validate(Pack, _load_fast(text, source), source, text=text)


def _decode(data: bytes, source: str) -> str:
    if len(data) > MAX_CONTENT_BYTES:
        raise ContentError(
            f"file is {len(data) // 1024 // 1024} MB; content files are limited to "
            f"{MAX_CONTENT_BYTES // 1024 // 1024} MB",
            file=source,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            "is not UTF-8 text; save it as UTF-8", file=source, line=line
        ) from None


def load_files(files: Mapping[str, bytes], root: str = "content") -> ContentSet:
    """Validate a whole content folder given as {file name: bytes}, with cross-checks."""
    warnings: list[str] = []
    label = (lambda name: f"{root}/{name}") if root else (lambda name: name)
    if PACK_FILE not in files:
        raise ContentError(
            f"no {PACK_FILE}; create one listing the documents in the pack",
            file=label(PACK_FILE),
        )
    pack_source = label(PACK_FILE)
    pack_text = _decode(files[PACK_FILE], pack_source)
    pack = parse_pack(pack_text, pack_source, warnings)

    documents: dict[str, Document] = {}
    sources: dict[str, str] = {}
    for name in sorted(files):
        if name == PACK_FILE or not name.endswith(CONTENT_SUFFIXES) or "/" in name:
            continue
        doc_id = name.rsplit(".", 1)[0]
        source = label(name)
        if doc_id in sources:
            raise ContentError(
                f"two files for document {doc_id!r} ({sources[doc_id]} and {source}); "
                "keep one",
                file=source,
            )
        documents[doc_id] = parse(_decode(files[name], source), source, warnings)
        sources[doc_id] = source

    def pack_line(*loc: Any) -> int | None:
        """Return the line of ``loc`` in pack.yaml (parsed for lines only on an error)."""
        line = _line_of(parse_yaml(sanitize(pack_text, pack_source, []), pack_source), loc)
        return line + 1 if line is not None else None

    letters: dict[str, int] = {}
    for index, entry in enumerate(pack.documents):
        if entry.id not in documents:
            raise ContentError(
                f"the pack lists {entry.id!r} but there is no {entry.id}.md or "
                f"{entry.id}.yaml; add the file or remove the entry",
                file=pack_source,
                line=pack_line("documents", index),
                field=f"documents[{index + 1}].id",
            )
        if entry.appendix:
            if entry.appendix in letters:
                raise ContentError(
                    f"Appendix {entry.appendix} is given to two documents "
                    f"({pack.documents[letters[entry.appendix]].id} and {entry.id}); "
                    "give each appendix its own letter",
                    file=pack_source,
                    line=pack_line("documents", index, "appendix"),
                    field=f"documents[{index + 1}].appendix",
                )
            letters[entry.appendix] = index
    for index, comparison in enumerate(pack.comparisons):
        for key in ("document", "against"):
            doc_id = getattr(comparison, key)
            if doc_id not in documents:
                raise ContentError(
                    f"no document {doc_id!r} to compare; add {doc_id}.md or fix the id",
                    file=pack_source,
                    line=pack_line("comparisons", index, key),
                    field=f"comparisons[{index + 1}].{key}",
                )

    for entry in pack.documents:
        report = documents[entry.id]
        if not isinstance(report, Report):
            continue
        source = sources[entry.id]
        for index, recommendation in enumerate(report.recommendations):
            for letter in recommendation.appendices:
                if letter not in letters:
                    text = _decode(files[Path(source).name], source)
                    data = parse_yaml(sanitize(text, source, []), source)
                    line = _line_of(data, ("recommendations", index))
                    raise ContentError(
                        f"names Appendix {letter}, but the pack has "
                        + (f"only Appendix {', '.join(sorted(letters))}" if letters
                           else "no appendices")
                        + f"; fix the letter or add the appendix to {PACK_FILE}",
                        file=sources[entry.id],
                        line=line + 1 if line is not None else None,
                        field=f"recommendations[{index + 1}]",
                    )
    return ContentSet(pack=pack, documents=documents, sources=sources, warnings=warnings)


def read_folder(path: Path) -> dict[str, bytes]:
    """Read the content files of a folder (not its subfolders) into {name: bytes}."""
    if not path.is_dir():
        raise ContentError(
            "no such content folder; pass the folder holding pack.yaml "
            "(or run 'policykit init' to create one)",
            file=path,
        )
    files: dict[str, bytes] = {}
    for child in sorted(path.iterdir()):
        if child.suffix in CONTENT_SUFFIXES and child.is_file() and not child.is_symlink():
            files[child.name] = child.read_bytes()
    return files


def load(path: str | Path) -> ContentSet:
    """Read and validate the content folder at ``path``."""
    folder = Path(path)
    return load_files(read_folder(folder), root=str(folder).rstrip("/") or ".")


__all__ = [
    "ContentSet",
    "load",
    "load_files",
    "parse",
    "parse_pack",
    "parse_yaml",
    "read_folder",
    "split_front_matter",
]
