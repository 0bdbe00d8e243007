"""Find the files to check under the paths given and run the right rules on each."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from policykit.check.model import RULES, CheckReport, CheckSettings, FileReport
from policykit.content import PACK_FILE
from policykit.errors import InputError
from policykit.word.inputs import read_bytes, read_docx

SUFFIXES = (".docx", ".pdf", ".html", ".htm")


def parse_rules(text: str | None) -> frozenset[str] | None:
    """Return the rule ids in a comma-separated list; refuse ids that are not rules."""
    if text is None or not text.strip():
        return None
    chosen = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(chosen - set(RULES))
    if unknown:
        raise InputError(f"--rules: unknown rule {unknown[0]!r}; use ids from "
                         "'policykit check --list-rules'")
    return chosen


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        found = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES
                       and p.is_file() and not p.name.startswith(("~$", ".")))
        if not found:
            raise InputError(f"{path}: holds no .docx, .pdf or .html files and no "
                             f"{PACK_FILE}; pass documents or a content folder")
        return found
    if not path.exists():
        raise InputError(f"{path}: does not exist; check the path")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{path}: is not a .docx, .pdf or .html file; policykit checks "
                         "those and content folders")
    return [path]


def check_file(path: Path, settings: CheckSettings) -> FileReport:
    """Check one .docx, .pdf or .html file."""
    data = read_bytes(path)
    name = str(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from policykit.check.docx import check_word

        return check_word(read_docx(data, name), settings, name)
    if suffix == ".pdf":
        from policykit.check.pdf import check_pdf

        return check_pdf(data, settings, name)
    from policykit.check.html import check_html

    return check_html(data, settings, name)


def check_paths(paths: Iterable[str | Path], settings: CheckSettings | None = None, *,
                rules: str | None = None) -> CheckReport:
    """Check every document under ``paths``: files, folders of them, or content folders.

    A content folder is checked before it is built, and its ``check:`` settings and
    language then apply to the other files too, unless ``settings`` gives them.
    ``rules`` (comma-separated ids) limits the check to those rules.
    """
    settings = settings or CheckSettings()
    if rules is not None:
        settings = replace(settings, rules=parse_rules(rules))
    report = CheckReport()
    folders = [Path(p) for p in paths]
    if not folders:
        raise InputError("policykit check: no paths given; pass documents or a folder")
    for folder in [f for f in folders if (f / PACK_FILE).is_file()]:
        from policykit.check.content import check_content

        files, settings = check_content(folder, settings)
        report.files.extend(files)
    for path in [f for f in folders if not (f / PACK_FILE).is_file()]:
        for file in _files(path):
            report.files.append(check_file(file, settings))
    return report


__all__ = ["SUFFIXES", "check_file", "check_paths", "parse_rules"]
