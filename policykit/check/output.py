"""Lay a check report out as text (grouped by file, 80 columns) or as JSON."""

from __future__ import annotations

import json
import textwrap

from policykit.check.model import RULES, CheckReport, FileReport, Finding, Severity

WIDTH = 80
INDENT = " " * 10


def _wrap(text: str, first: str = INDENT) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=INDENT,
                         break_on_hyphens=False) or [first.rstrip()]


def _finding(finding: Finding) -> list[str]:
    where = finding.where
    if finding.heading:
        where += f', under "{textwrap.shorten(finding.heading, 40, placeholder="…")}"'
    lines = _wrap(where, f"  {finding.severity.value:<8}")
    lines += _wrap(f"{finding.rule}: {finding.message}")
    if finding.text:
        lines += _wrap(f'"{finding.text}"')
    lines += _wrap(f"Fix: {finding.fix}")
    return lines


def _counts(file: FileReport) -> str:
    parts = []
    for severity in Severity:
        count = file.count(severity)
        parts.append(f"{count} {severity.value}{'s' * (count != 1)}")
    return ", ".join(parts)


def file_text(file: FileReport) -> list[str]:
    """Return the lines of text for one file: a header line, then each finding."""
    head = _counts(file) if file.findings else "no problems"
    if file.reading_age is not None:
        head += f"; reading age {file.reading_age:g}"
    lines = [file.path, *textwrap.wrap(head, WIDTH, initial_indent="  ",
                                       subsequent_indent="  ")]
    for finding in file.findings:
        lines += _finding(finding)
    return lines


def report_text(report: CheckReport) -> str:
    """Return the whole report as text, grouped by file, ending with the summary line."""
    lines: list[str] = []
    for file in report.files:
        lines += file_text(file)
        lines.append("")
    lines.append(report.summary_line())
    return "\n".join(lines)


def report_json(report: CheckReport) -> str:
    """Return the whole report as JSON."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)


def rules_text() -> str:
    """Return the list of rules: id, severity, WCAG criterion and title."""
    return "\n".join(f"{rule.id:<28}{rule.severity.value:<9}{rule.wcag:<7}{rule.title}"
                     for rule in RULES.values())


__all__ = ["file_text", "report_json", "report_text", "rules_text"]
