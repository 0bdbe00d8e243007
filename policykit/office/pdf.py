"""Export Word documents to accessible PDFs in one LibreOffice kept open for a whole job.

:class:`PdfSession` starts ``worker.py`` once in streaming mode: every :meth:`export`
sends one task and waits for its answer, so a publish that needs page counts from one
round of PDFs before it makes the next still starts LibreOffice only once. Each export
may take ``POLICYKIT_OFFICE_TIMEOUT`` seconds (default 60) plus as much again (at most
30 s) for the worker to report; LibreOffice's start gets ten times that, at most two
minutes. A hang, a crash or a missing LibreOffice raises :class:`OfficeError` naming the
document, and leaves no office running.
"""

from __future__ import annotations

import contextlib
import json
import queue
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from policykit.errors import OfficeError
from policykit.office.session import (
    _kill_group,
    _task_timeout,
    available,
    missing,
    start_worker,
)

START_ALLOWANCE = 120.0


@dataclass(frozen=True)
class PdfOptions:
    """The writer_pdf_Export options for a published PDF.

    ``pdf_ua`` marks the file as PDF/UA (and forces tagging); ``pdf_a`` selects PDF/A-1b,
    2b or 3b (1, 2, 3) or None for none. LibreOffice 7.4 writes both identifications when
    both are asked for (``pdfaid:part`` and ``pdfuaid:part`` in the XMP metadata).
    """

    tagged: bool = True
    pdf_ua: bool = True
    pdf_a: int | None = 2
    bookmarks: bool = True
    title_in_window: bool = True

    def filter_data(self) -> dict[str, object]:
        """Return the FilterData names and values LibreOffice takes."""
        data: dict[str, object] = {
            "UseTaggedPDF": self.tagged,
            "PDFUACompliance": self.pdf_ua,
            "ExportBookmarks": self.bookmarks,
            "DisplayPDFDocumentTitle": self.title_in_window,
            "OpenBookmarkLevels": -1,
        }
        if self.pdf_a:
            data["SelectPdfVersion"] = self.pdf_a
        return data


class PdfSession:
    """One LibreOffice, started on first use, that exports documents until closed."""

    def __init__(self, options: PdfOptions | None = None) -> None:
        self.options = options or PdfOptions()
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._offices: list[int] = []
        self._count = 0
        self._booting = False  # started by start(), no export asked for yet

    def __enter__(self) -> PdfSession:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(kill=exc is not None)

    def _start(self, name: str) -> None:
        if not available():
            raise OfficeError(
                f"{name}: cannot make the PDF: LibreOffice is not usable "
                f"(missing {', '.join(missing())}); install it"
            )
        self._tmp = tempfile.TemporaryDirectory(prefix="policykit-pdf-")
        job = Path(self._tmp.name) / "job.json"
        job.write_text(
            json.dumps(
                {
                    "profile": str(Path(self._tmp.name) / "profile"),
                    "task_timeout": _task_timeout(),
                    "stream": True,
                }
            ),
            encoding="utf-8",
        )
        self._proc = start_worker(job, stdin=subprocess.PIPE)
        threading.Thread(target=self._read, args=(self._proc,), daemon=True).start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith('{"event": "office"'):  # noted at once, so a kill finds it
                self._offices.append(json.loads(line)["pid"])
            self._lines.put(line)
        self._lines.put(None)

    def _answer(self, name: str, limit: float) -> dict:
        while True:
            try:
                line = self._lines.get(timeout=limit)
            except queue.Empty:
                self.close(kill=True)
                raise OfficeError(
                    f"{name}: LibreOffice did not make the PDF within {limit:.0f}s and was "
                    "stopped; set POLICYKIT_OFFICE_TIMEOUT to allow more seconds"
                ) from None
            if line is None:
                detail = self._stderr()
                self.close(kill=True)
                raise OfficeError(
                    f"{name}: LibreOffice failed before making the PDF"
                    + (f" ({detail})" if detail else "")
                    + "; check that 'soffice --headless' runs on this machine"
                )
            if not line.startswith("{"):
                continue
            event = json.loads(line)
            if event.get("event") == "result":
                return event

    def _stderr(self) -> str:
        if self._proc is None or self._proc.stderr is None:
            return ""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout=5)
        lines = (
            self._proc.stderr.read().strip().splitlines() if self._proc.poll() is not None else []
        )
        return lines[-1] if lines else ""

    def start(self, name: str = "the PDFs") -> None:
        """Start LibreOffice now, so it boots while the caller prepares the documents."""
        if self._proc is None:
            self._start(name)
            self._booting = True

    def export(self, docx: bytes, name: str) -> bytes:
        """Return the PDF of one .docx; ``name`` (e.g. ``report.pdf``) is used in errors."""
        first = self._proc is None or self._booting
        self._booting = False
        if self._proc is None:
            self._start(name)
        assert self._proc is not None and self._proc.stdin is not None and self._tmp
        self._count += 1
        work = Path(self._tmp.name)
        source, target = work / f"in{self._count}.docx", work / f"out{self._count}.pdf"
        source.write_bytes(docx)
        task = {
            "op": "pdf",
            "input": str(source),
            "output": str(target),
            "filter": self.options.filter_data(),
        }
        try:
            self._proc.stdin.write(json.dumps(task) + "\n")
            self._proc.stdin.flush()
        except OSError:
            pass  # the worker has died: its end of output says why, below
        per_task = _task_timeout()
        limit = (
            per_task + min(30.0, per_task) + (min(START_ALLOWANCE, 10 * per_task) if first else 0)
        )
        result = self._answer(name, limit)
        if not result.get("ok") or not target.is_file():
            raise OfficeError(
                f"{name}: LibreOffice could not make the PDF: "
                f"{result.get('error') or 'no file was written'}"
            )
        data = target.read_bytes()
        source.unlink()
        target.unlink()
        return data

    @property
    def offices_started(self) -> int:
        """Return how many times LibreOffice was started (1 for a whole healthy session)."""
        return len(self._offices)

    def close(self, *, kill: bool = False) -> None:
        """Stop the worker and its office (at once with ``kill``) and remove the temp files."""
        proc, self._proc = self._proc, None
        if proc is not None:
            if not kill and proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    kill = True
            if kill or proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=10)
                _kill_group(proc.pid)
                for pid in self._offices:
                    _kill_group(pid)
            for stream in (proc.stdin, proc.stdout, proc.stderr):
                if stream is not None:
                    with contextlib.suppress(OSError, ValueError):
                        stream.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


__all__ = ["PdfOptions", "PdfSession"]
