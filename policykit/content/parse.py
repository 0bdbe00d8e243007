"""Parse and validate content files (YAML, and Markdown with front matter) into models.

Pure: text in, validated models out, so a file read from a git blob parses exactly like one
read from disk.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from ruamel.yaml.comments import CommentedMap

from policykit.content.dialect import unsupported, unsupported_inline
from policykit.content.frontmatter import split_front_matter
from policykit.content.layout import MAX_CONTENT_BYTES, PACK_FILE, is_content_file
from policykit.content.limits import check_markdown, check_paragraphs
from policykit.content.markdown import XML_ILLEGAL
from policykit.content.messages import describe
from policykit.content.models import ContentSet, Document, Pack, PolicyDocument, Report
from policykit.content.yaml import line_of, load_fast, parse_yaml, plain
from policykit.errors import ContentError


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


def _illegal_value(value: Any, loc: tuple[Any, ...] = ()) -> tuple[tuple[Any, ...], str] | None:
    """Return the location and text of the first string value XML cannot hold, if any.

    ``sanitize`` drops such characters from the file's text, but a YAML escape in a quoted
    value (``"\\x07"``) only becomes one when the YAML is read.
    """
    if isinstance(value, str):
        return (loc, value) if XML_ILLEGAL.search(value) else None
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        found = _illegal_value(item, (*loc, key))
        if found:
            return found
    return None


def _refuse_illegal(data: dict[str, Any], source: str, line_offset: int,
                    text: str | None) -> None:
    """Refuse a value holding a control character that a Word document cannot hold."""
    found = _illegal_value(data)
    if found is None:
        return
    loc, value = found
    located = data if text is None or isinstance(data, CommentedMap) else \
        parse_yaml(text, source, line_offset)
    line = line_of(located, loc)
    escapes = sorted({f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                      for c in XML_ILLEGAL.findall(value)})
    what, it = ("an invisible control character", "it") if len(escapes) == 1 else \
        ("invisible control characters", "them")
    raise ContentError(
        f"holds {what} ({', '.join(escapes)}) that a Word document cannot hold; delete {it} "
        f"(in the file, remove {' and '.join(escapes)} from the quoted text)",
        file=source,
        line=line + 1 + line_offset if line is not None else None,
        field=_field_name(loc) or None,
    )


def validate(model: type[Any], data: Any, source: str, line_offset: int = 0,
             text: str | None = None) -> Any:
    """Validate YAML data against a model, turning the first error into a ContentError.

    Lines are found in ruamel data; when ``data`` came from the fast parser, ``text`` is
    parsed again with ruamel, only on error, to say where.
    """
    if not isinstance(data, dict):
        raise ContentError(
            ("is empty" if data is None else
             "expected a mapping of fields (name: value) at the top of the file")
            + "; write one field per line as 'name: value' (a folder made by 'policykit "
            "init' has examples)",
            file=source,
            line=1 + line_offset,
        )
    _refuse_illegal(data, source, line_offset, text)
    try:
        return model.model_validate(plain(data))
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        located = data if text is None or isinstance(data, CommentedMap) else \
            parse_yaml(text, source, line_offset)
        line = line_of(located, loc) if loc else 0
        raise ContentError(
            describe(error),
            file=source,
            line=line + 1 + line_offset if line is not None else None,
            field=_field_name(loc) or None,
        ) from None


def _report_warnings(report: Report, text: str, source: str) -> list[str]:
    """Return the dialect's warnings for the report's paragraphs and recommendations."""
    fields: list[tuple[tuple[Any, ...], str]] = [
        (("sections", i, "paragraphs", j), paragraph)
        for i, section in enumerate(report.sections)
        for j, paragraph in enumerate(section.paragraphs)]
    fields += [(("recommendations", i), r.text) for i, r in enumerate(report.recommendations)]
    warnings: list[str] = []
    located: Any = None
    for loc, value in fields:
        if not unsupported_inline(value, source, None, ""):
            continue
        located = located if located is not None else parse_yaml(text, source)
        line = line_of(located, loc)
        warnings += unsupported_inline(value, source, None if line is None else line + 1,
                                       _field_name(loc))
    return warnings


def parse(text: str, source: str, warnings: list[str] | None = None) -> Document:
    """Parse one content document (``.md`` policy or ``.yaml`` report) from its text."""
    notes = warnings if warnings is not None else []
    text = sanitize(text, source, notes)
    if source.endswith(".md"):
        front, body, body_line = split_front_matter(text, source)
        check_markdown(body, source, body_line)
        data = load_fast(front, source, line_offset=1)
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
        document = validate(PolicyDocument, data, source, line_offset=1, text=front)
        notes.extend(unsupported(body, source, body_line))
        return document
    data = load_fast(text, source)
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind == "report":
        report = validate(Report, data, source, text=text)
        check_paragraphs(_report_paragraphs(report), source,
                         lambda loc: _line(parse_yaml(text, source), loc))
        notes.extend(_report_warnings(report, text, source))
        return report
    if isinstance(data, dict) and "kind" in data and kind != "policy":
        raise ContentError(
            f"unknown kind {kind!r}; use 'report' (a YAML committee report) or write a "
            "policy as Markdown with front matter",
            file=source,
            line=parse_yaml(text, source).lc.key("kind")[0] + 1,
            field="kind",
        )
    return validate(PolicyDocument, data, source, text=text)


def _report_paragraphs(report: Report) -> list[tuple[tuple[Any, ...], str]]:
    """Return each paragraph of a report with its YAML location."""
    found: list[tuple[tuple[Any, ...], str]] = [(("title",), report.title)]
    for index, section in enumerate(report.sections):
        found += [(("sections", index, "paragraphs", number), text)
                  for number, text in enumerate(section.paragraphs)]
    found += [(("recommendations", index), item.text)
              for index, item in enumerate(report.recommendations)]
    return found


def _line(data: Any, loc: tuple[Any, ...]) -> int | None:
    line = line_of(data, loc)
    return line + 1 if line is not None else None


def parse_pack(text: str, source: str, warnings: list[str] | None = None) -> Pack:
    """Parse the pack definition (``pack.yaml``)."""
    text = sanitize(text, source, warnings if warnings is not None else [])
    return validate(Pack, load_fast(text, source), source, text=text)


def check_size(size: int, source: str | Path) -> None:
    """Refuse a content file over the size limit, before it is read into memory."""
    if size > MAX_CONTENT_BYTES:
        raise ContentError(
            f"the file is {size / 1024 / 1024:.0f} MB, over the "
            f"{MAX_CONTENT_BYTES // 1024 // 1024} MB limit for a content file; make it "
            "smaller, or move it out of the content folder",
            file=source,
        )


def decode(data: bytes, source: str) -> str:
    """Return a content file's text (UTF-8, a BOM dropped), refusing an oversized file."""
    check_size(len(data), source)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            "is not UTF-8 text; save it as UTF-8", file=source, line=line
        ) from None


def _parse_documents(files: Mapping[str, bytes], label: Callable[[str], str],
                     warnings: list[str]) -> tuple[dict[str, Document], dict[str, str]]:
    """Parse every content file but the pack: ({doc id: document}, {doc id: source})."""
    documents: dict[str, Document] = {}
    sources: dict[str, str] = {}
    for name in sorted(files):
        if name == PACK_FILE or not is_content_file(name) or "/" in name:
            continue
        doc_id = name.rsplit(".", 1)[0]
        source = label(name)
        if doc_id in sources:
            raise ContentError(
                f"two files for document {doc_id!r} ({sources[doc_id]} and {source}); "
                "keep one",
                file=source,
            )
        documents[doc_id] = parse(decode(files[name], source), source, warnings)
        sources[doc_id] = source
    return documents, sources


def _check_pack(pack: Pack, documents: Mapping[str, Document], pack_source: str,
                pack_line: Callable[..., int | None]) -> dict[str, int]:
    """Check the pack's entries and comparisons; return {appendix letter: entry index}."""
    letters: dict[str, int] = {}
    seen: dict[str, int] = {}
    for index, entry in enumerate(pack.documents):
        if entry.id in seen:
            first, second = pack_line("documents", seen[entry.id]), pack_line("documents", index)
            raise ContentError(
                f"the pack lists {entry.id!r} twice (lines {first} and {second}); "
                "list each document once",
                file=pack_source,
                line=second,
                field=f"documents[{index + 1}].id",
            )
        seen[entry.id] = index
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
    return letters


def _check_appendix_letters(report: Report, source: str, raw: bytes,
                            letters: Mapping[str, int]) -> None:
    """Refuse a recommendation naming an appendix the pack does not have."""
    for index, recommendation in enumerate(report.recommendations):
        for letter in recommendation.appendices:
            if letter not in letters:
                data = parse_yaml(sanitize(decode(raw, source), source, []), source)
                line = line_of(data, ("recommendations", index))
                raise ContentError(
                    f"names Appendix {letter}, but the pack has "
                    + (f"only Appendix {', '.join(sorted(letters))}" if letters
                       else "no appendices")
                    + f"; fix the letter or add the appendix to {PACK_FILE}",
                    file=source,
                    line=line + 1 if line is not None else None,
                    field=f"recommendations[{index + 1}]",
                )


def load_files(files: Mapping[str, bytes], root: str = "content") -> ContentSet:
    """Validate a whole content folder given as {file name: bytes}, with cross-checks."""
    warnings: list[str] = []

    def label(name: str) -> str:
        return f"{root}/{name}" if root else name

    pack_source = label(PACK_FILE)
    if PACK_FILE not in files:
        raise ContentError(
            f"no {PACK_FILE}; create one listing the documents in the pack", file=pack_source
        )
    pack_text = decode(files[PACK_FILE], pack_source)
    pack = parse_pack(pack_text, pack_source, warnings)
    documents, sources = _parse_documents(files, label, warnings)

    def pack_line(*loc: Any) -> int | None:
        """Return the line of ``loc`` in pack.yaml (parsed for lines only on an error)."""
        line = line_of(parse_yaml(sanitize(pack_text, pack_source, []), pack_source), loc)
        return line + 1 if line is not None else None

    letters = _check_pack(pack, documents, pack_source, pack_line)
    for entry in pack.documents:
        report = documents[entry.id]
        if isinstance(report, Report):
            source = sources[entry.id]
            _check_appendix_letters(report, source, files[Path(source).name], letters)
    return ContentSet(pack=pack, documents=documents, sources=sources, warnings=warnings)


__all__ = [
    "check_size",
    "decode",
    "load_files",
    "parse",
    "parse_pack",
    "sanitize",
    "validate",
]
