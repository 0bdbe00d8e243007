"""Check a content folder before it is built: headings, link text and plain English."""

from __future__ import annotations

from pathlib import Path

from markdown_it.token import Token

from policykit.check.docx import BARE_URL, TYPED_BULLET, VAGUE_LINKS
from policykit.check.model import CheckSettings, FileReport, Finding
from policykit.check.plain import TextBlock, plain_findings, snippet
from policykit.content import PolicyDocument, Report, load_files, read_folder, split_front_matter
from policykit.content.markdown import parse, visible_text


def _line_of(source: str, text: str) -> int | None:
    words = " ".join(text.split()[:6])
    flat = source.replace("\n", " ")
    at = flat.find(words) if words else -1
    return source.count("\n", 0, at) + 1 if at >= 0 else None


def check_report(report: Report, source: str) -> tuple[list[Finding], list[TextBlock]]:
    """Return the findings and running text of a YAML committee report."""
    blocks: list[TextBlock] = []
    for section in report.sections:
        for paragraph in section.paragraphs:
            blocks.append(TextBlock(paragraph, heading=section.heading,
                                    line=_line_of(source, paragraph)))
    for recommendation in report.recommendations:
        blocks.append(TextBlock(recommendation.text, heading="Recommendations",
                                line=_line_of(source, recommendation.text)))
    found = [Finding("typed-list", "a typed bullet, not a list", line=b.line,
                     heading=b.heading, text=snippet(b.text))
             for b in blocks if TYPED_BULLET.match(b.text)]
    return found, blocks


def _inline_links(token: Token, line: int, heading: str | None) -> list[Finding]:
    found = []
    children = token.children or []
    for index, child in enumerate(children):
        if child.type != "link_open":
            continue
        parts = []
        for inner in children[index + 1:]:
            if inner.type == "link_close":
                break
            parts.append(inner)
        text = " ".join(visible_text(parts).split())
        if not text or BARE_URL.match(text) or text.lower().strip(".:!") in VAGUE_LINKS:
            found.append(Finding("unclear-link-text", f"the link text {text[:40]!r} does not "
                                 "say where it goes", line=line, heading=heading,
                                 text=snippet(text) or None))
    return found


def check_markdown(body: str, body_line: int) -> tuple[list[Finding], list[TextBlock]]:
    """Return the findings and running text of a policy's Markdown body."""
    found: list[Finding] = []
    blocks: list[TextBlock] = []
    tokens = parse(body)
    heading: str | None = None
    previous: int | None = None
    for index, token in enumerate(tokens):
        line = body_line + (token.map[0] if token.map else 0)
        if token.type == "heading_open":
            level = int(token.tag[1])
            text = visible_text(tokens[index + 1].children or []).strip()
            if not text:
                found.append(Finding("empty-heading", f"'{token.markup}' with no text",
                                     line=line, heading=heading))
                continue
            if previous is None and level != 1:
                found.append(Finding("first-heading-not-level-1", f"the first heading is "
                                     f"level {level}", line=line, text=snippet(text)))
            elif previous is not None and level > previous + 1:
                found.append(Finding("skipped-heading-level", f"level {level} follows level "
                                     f"{previous}", line=line, text=snippet(text)))
            previous, heading = level, text
        elif token.type == "inline":
            found.extend(_inline_links(token, line, heading))
            if tokens[index - 1].type != "paragraph_open":
                continue
            text = visible_text(token.children or [])  # a soft break is a space
            if TYPED_BULLET.match(text):
                found.append(Finding("typed-list", "a typed bullet, not a list", line=line,
                                     heading=heading, text=snippet(text)))
            blocks.append(TextBlock(text, line=line, heading=heading))
    return found, blocks


def check_content(folder: str | Path, settings: CheckSettings) -> tuple[list[FileReport],
                                                                         CheckSettings]:
    """Return a report per document in the pack, and the settings the pack's ``check:`` gives.

    The pack's language and ``check:`` settings apply unless ``settings`` overrides them.
    """
    path = Path(folder)
    files = read_folder(path)
    content = load_files(files, root=str(path).rstrip("/") or ".")
    given = CheckSettings.for_pack(content.pack)
    settings = CheckSettings(
        reading_age=given.reading_age if settings.reading_age is None else settings.reading_age,
        sentence_words=(given.sentence_words if settings.sentence_words is None
                        else settings.sentence_words),
        language=settings.language or given.language, rules=settings.rules)
    reports = []
    for doc_id, _, document in content.pack_documents():
        source = content.sources[doc_id]
        text = files[source.rsplit("/", 1)[-1]].decode("utf-8", "replace")
        if isinstance(document, PolicyDocument):
            _, body, body_line = split_front_matter(text, source)
            found, blocks = check_markdown(body, body_line)
        else:
            found, blocks = check_report(document, text)
        plain, age = plain_findings(blocks, settings)
        found = [f for f in found + plain if settings.wants(f.rule)]
        found.sort(key=lambda f: f.line or 0)
        reports.append(FileReport(path=source, kind="content", findings=found, reading_age=age))
    return reports, settings


__all__ = ["check_content", "check_markdown", "check_report"]
