"""Publish the pack as it stands, or as it stood at a git revision (``publish --at``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.errors import OutputError, PublishError
from policykit.versions.manifest import (
    PUBLISH_MANIFEST,
    Written,
    not_written_by_us,
    write_tracked,
)
from policykit.versions.snapshot import load_content, load_theme
from policykit.versions.vetting import FileChecker, check_files

if TYPE_CHECKING:  # publishing imports pikepdf and the renderer: load it on first use
    from policykit.check import CheckReport
    from policykit.publish.pipeline import PublishResult

FINDINGS = "check-findings.json"  # written beside the output by ``publish --force``


def _refusal(report: CheckReport) -> PublishError:
    """Return the error that refuses a publish whose files the check failed."""
    from policykit.check import Severity

    first = next((file, finding) for file in report.files for finding in file.findings
                 if finding.severity is Severity.ERROR)
    more = report.errors - 1
    return PublishError(
        f"{first[0].path}: {first[1].rule}: {first[1].message}"
        f"{f' (and {more} more error' + 's' * (more != 1) + ')' if more else ''}; "
        f"nothing was published. Fix the content or brand kit ('policykit check' lists every "
        f"finding), or publish anyway with --force, which records the findings in {FINDINGS}")


def publish_pack(content_dir: str | Path, out_dir: str | Path, *, draft: bool = False,
                 at: str | None = None, pdf: bool = True, force: bool = False,
                 progress: Callable[[str], None] | None = None, today: date | None = None,
                 late_reason: str | None = None) -> PublishResult:
    """Load the content (now or at ``at``), check what it makes, and publish it into ``out_dir``.

    The Word brand kit and the web templates (``templates/`` and ``templates/html`` beside
    the content folder, else the shipped ones) are read from the same place as the content:
    the working tree, or git at ``at``. Every PDF and web page is checked for accessibility
    before anything is written: a check that finds errors refuses the publish, unless
    ``force``, which publishes and records the findings in ``check-findings.json``. Only
    files an earlier publish wrote (and nobody changed since) are replaced or removed; any
    other file in ``out_dir`` is kept and listed in ``kept``.
    """
    from policykit.check import CheckSettings
    from policykit.check.output import report_json
    from policykit.publish.pipeline import publish_content

    content, kit, commit = load_content(content_dir, at=at)
    checked: list[CheckReport] = []
    checker = FileChecker(CheckSettings.for_pack(content.pack))

    def vet(files: dict[str, bytes]) -> dict[str, bytes]:
        if progress:
            progress("checking accessibility and plain English")
        report = checker.report(files)
        checked.append(report)
        if report.errors == 0:
            return files
        if not force:
            raise _refusal(report)
        return {**files, FINDINGS: (report_json(report) + "\n").encode()}

    written: list[Written] = []

    def write(files: dict[str, bytes]) -> list[Path]:
        theirs = not_written_by_us(Path(out_dir), set(files), PUBLISH_MANIFEST)
        if theirs:
            more = f" (and {len(theirs) - 1} more)" if len(theirs) > 1 else ""
            raise OutputError(
                f"{theirs[0]}{more} is already there and policykit's last publish did not "
                "write it, or it was changed since; move it out of the way, then publish "
                "again; nothing was published")
        written.append(write_tracked(out_dir, files, manifest=PUBLISH_MANIFEST))
        return written[0].paths

    with checker:  # checks each file as it is made, while LibreOffice makes the next
        result = publish_content(content, kit, load_theme(content_dir, at=at), write,
                                 commit=commit, draft=draft, pdf=pdf, progress=progress,
                                 vet=vet, ready=checker.submit, today=today,
                                 late_reason=late_reason)
    result.check = checked[0] if checked else None
    result.removed, result.kept = written[0].removed, written[0].kept
    result.warnings += written[0].warnings
    if not draft and at is None and commit and not commit.endswith("-dirty"):
        result.tag = record_publication(content_dir, commit, content.pack.committee,
                                        content.pack.meeting_date, str(result.kind))
    return result


def record_publication(content_dir: str | Path, commit: str, committee: str, meeting: date,
                       kind: str) -> str:
    """Tag the commit published (``published/agenda/2019-06-11``), so ``publish --at`` the
    tag reproduces that publication; a later, different one gets ``-2``, ``-3``..."""
    from policykit.content.lifecycle import long_date
    from policykit.versions.repository import ContentRepository

    repository = ContentRepository.open(content_dir)
    base = f"published/{kind}/{meeting.isoformat()}"
    for number in range(1, 1000):
        name = base if number == 1 else f"{base}-{number}"
        if not repository.tag_exists(name):
            what = "Agenda pack" if kind == "agenda" else "Decision and adopted policies"
            repository.create_tag(name, commit, f"{what} for {committee} on "
                                                f"{long_date(meeting)}, as published")
            return name
        if repository.resolve(name) == repository.resolve(commit):
            return name
    raise PublishError(f"too many publications tagged {base}; delete old tags")


__all__ = ["FINDINGS", "check_files", "publish_pack"]
