"""Check what a publish makes, each distinct file once, while the rest is still being made.

The public and Members' copies of a document are the same bytes: they are checked once and
share their findings. An agenda pack's words are its documents' own, already checked, so
only its structure is (no plain-English rules). :class:`FileChecker` checks files in one
background thread as the pipeline hands them over (``submit``), so the check of the web
pages and the first PDFs overlaps LibreOffice's exports; ``report`` waits for the rest.
"""

from __future__ import annotations

import hashlib
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from policykit.check import CheckReport, CheckSettings
    from policykit.check.model import FileReport

CHECKED = (".pdf", ".html", ".docx")


class FileChecker:
    """Check published files in a background thread, each distinct file once."""

    def __init__(self, settings: CheckSettings) -> None:
        from policykit.check.model import RULES
        from policykit.check.plain import PLAIN_RULES

        whole = settings.rules if settings.rules is not None else frozenset(RULES)
        self.settings = settings
        self.structure = replace(settings, rules=frozenset(whole - set(PLAIN_RULES)))
        self._tmp = tempfile.TemporaryDirectory(prefix="policykit-check-")
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policykit-check")
        self._done: dict[tuple[str, bool], Future[FileReport]] = {}

    def __enter__(self) -> FileChecker:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Stop checking (pending checks are dropped) and remove the temporary files."""
        self._pool.shutdown(wait=True, cancel_futures=True)
        self._tmp.cleanup()

    def submit(self, name: str, data: bytes) -> None:
        """Start checking ``name`` unless the same bytes were checked already."""
        from policykit.publish.pipeline import PACK_PDF

        if Path(name).suffix not in CHECKED:
            return
        pack = Path(name).name == PACK_PDF
        key = (hashlib.sha256(data).hexdigest(), pack)
        if key not in self._done:
            path = Path(self._tmp.name) / str(len(self._done)) / Path(name).name
            self._done[key] = self._pool.submit(self._check, path, data, pack)

    def _check(self, path: Path, data: bytes, pack: bool) -> FileReport:
        from policykit.check.runner import check_file

        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        return check_file(path, self.structure if pack else self.settings)

    def report(self, files: dict[str, bytes]) -> CheckReport:
        """Return the check of ``files`` (submitting any not handed over yet), in name order."""
        from policykit.check.model import CheckReport
        from policykit.publish.pipeline import PACK_PDF

        report = CheckReport()
        for name, data in sorted(files.items()):
            if Path(name).suffix not in CHECKED:
                continue
            self.submit(name, data)
            key = (hashlib.sha256(data).hexdigest(), Path(name).name == PACK_PDF)
            found = self._done[key].result()
            report.files.append(replace(found, path=Path(name).as_posix(),
                                        findings=list(found.findings)))
        return report


def check_files(files: dict[str, bytes], settings: CheckSettings) -> CheckReport:
    """Return the accessibility and plain-English check of files about to be published."""
    with FileChecker(settings) as checker:
        return checker.report(files)


__all__ = ["FileChecker", "check_files"]
