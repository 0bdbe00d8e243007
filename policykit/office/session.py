"""Open documents in a real LibreOffice: the one module that starts it.

Every call runs ``policykit/office/worker.py`` under the system Python (the only Python that
can ``import uno``). The worker starts one headless ``soffice`` with a private, throw-away
user profile and a private pipe, runs a batch of jobs, and always terminates the office.
Batch calls (:func:`check_many`) share one office for many documents; the single-document
functions are batches of one.

Normalised text
---------------
:func:`text`, :func:`accept_all` and :func:`reject_all` return the same form, so two texts
can be compared with ``==``:

* one line per paragraph, in document order, ending with ``"\\n"``; empty paragraphs are
  empty lines;
* a table is ``<table>``, then ``<row>`` at each new row and ``<cell>`` before each cell's
  paragraphs (cells in LibreOffice's order, nested tables recursively), then ``</table>``;
* then each text box (Word text boxes, text frames; shapes inside groups too) as
  ``<textbox>`` plus its paragraphs and tables, the blocks sorted by their text so that
  z-order and anchoring do not matter;
* then the distinct header and footer blocks of the page styles in use (default, left and
  first-page variants), each ``<header>`` or ``<footer>`` followed by its paragraphs,
  sorted by kind then text and de-duplicated, so page-style names do not matter;
* then each footnote as ``<footnote>`` plus its paragraphs, then each endnote likewise;
* characters: soft hyphens, zero-width spaces/joiners, word joiners, BOMs and
  direction marks are removed; no-break, narrow no-break and figure spaces become a
  space; the non-breaking hyphen becomes ``-``; a line break inside a paragraph, and any
  other character ``str.splitlines()`` breaks on, becomes ``↵``; tabs stay ``\\t``; then
  Unicode NFC. Leading and trailing spaces are kept.
* fields show their result as LibreOffice computes it (a page-number field in a header
  reads as its value, a footnote reference in the body as its number); list labels
  (numbers, bullets), images, text of shapes that are not text boxes (other than one
  line of plain text) and comments are not included.

:func:`text` does not accept or reject anything: in a document with tracked changes it
holds both the inserted and the deleted text.

Requirements: ``soffice`` on ``PATH``, ``/usr/bin/python3`` with ``python3-uno``, and
``pdftotext`` (poppler-utils). Environment overrides: ``POLICYKIT_UNO_PYTHON`` (system
Python), ``POLICYKIT_SOFFICE`` (office binary), ``POLICYKIT_OFFICE_TIMEOUT`` (seconds per
document, default 60).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from policykit.errors import OfficeError

WORKER = Path(__file__).with_name("worker.py")
START_ALLOWANCE = 120.0  # seconds for the office to start, on top of the per-document time


@dataclass(frozen=True)
class Redline:
    """One tracked change as LibreOffice sees it.

    ``type`` is LibreOffice's name (``Insert``, ``Delete``, ``Format``,
    ``ParagraphFormat``, ``TextTable``, ...). ``date`` is ``YYYY-MM-DDTHH:MM:SS`` with no
    zone, or None. ``moved`` is None when this LibreOffice does not expose move
    information (7.x does not). ``text`` is the changed text, normalised, or None when
    the change has no plain text range (a whole table, for example).
    """

    type: str
    author: str
    date: str | None
    comment: str = ""
    description: str = ""
    moved: bool | None = None
    in_header_footer: bool = False
    text: str | None = None


@dataclass(frozen=True)
class Check:
    """What LibreOffice made of one document (see :func:`check_many`).

    ``error`` is None when all went well; otherwise it says what failed and the texts are
    empty. ``opens`` says whether the document loaded (it can load and still fail later,
    say while its text is read). ``left_over`` is True if tracked changes remained after Accept All
    or Reject All.
    """

    opens: bool
    error: str | None = None
    text: str = ""
    accepted: str = ""
    rejected: str = ""
    redlines: tuple[Redline, ...] = ()
    left_over: bool = False
    seconds: float = 0.0


def _uno_python() -> str:
    return os.environ.get("POLICYKIT_UNO_PYTHON", "/usr/bin/python3")


def start_worker(job: Path, *, stdin: int) -> subprocess.Popen[str]:
    """Start the worker on the job file ``job`` under the system Python, in its own session.

    The environment's PYTHON* variables are left out, so the system Python is not pointed
    at this process's packages.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.Popen(
        [_uno_python(), "-I", str(WORKER), str(job)], stdin=stdin, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)


def _task_timeout() -> float:
    return float(os.environ.get("POLICYKIT_OFFICE_TIMEOUT", "60"))


@functools.cache
def missing() -> tuple[str, ...]:
    """Return what is missing for LibreOffice work, as readable names (empty if nothing)."""
    absent: list[str] = []
    if shutil.which(os.environ.get("POLICYKIT_SOFFICE", "soffice")) is None:
        absent.append("soffice (apt install libreoffice-writer-nogui)")
    python = _uno_python()
    try:
        uno_ok = (
            subprocess.run(
                [python, "-I", "-c", "import uno"],
                capture_output=True,
                timeout=30,
                check=False,
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        uno_ok = False
    if not uno_ok:
        absent.append(f"{python} with uno (apt install python3-uno)")
    if shutil.which("pdftotext") is None:
        absent.append("pdftotext (apt install poppler-utils)")
    return tuple(absent)


def available() -> bool:
    """Return True if soffice, a system Python with uno, and pdftotext are all present."""
    return not missing()


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def _communicate(proc: subprocess.Popen[str], limit: float) -> tuple[str, str, bool]:
    """Wait up to ``limit`` s for the worker; return its stdout, stderr and whether it timed out.

    On a timeout or any interruption (Ctrl-C) the worker is asked to stop (its SIGTERM
    handler kills its office), then killed with its group if it does not.
    """
    try:
        out, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        out, err = _stop(proc)
        return out, err, True
    except BaseException:  # Ctrl-C or any other interruption: leave no office behind
        _stop(proc)
        raise
    return out, err, False


def _stop(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """Terminate the worker, killing its process group if it takes over 15 s; return its output."""
    proc.terminate()
    try:
        return proc.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        _kill_group(proc.pid)
        return proc.communicate()


def _run(tasks: list[dict], workdir: Path) -> list[dict]:
    """Run ``tasks`` in one worker and return one result dict per task, in order."""
    if not available():
        raise OfficeError(
            "LibreOffice is not usable: missing " + ", ".join(missing()) + "; install it"
        )
    per_task = _task_timeout()
    job = {"profile": str(workdir / "profile"), "task_timeout": per_task, "tasks": tasks}
    job_path = workdir / "job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    proc = start_worker(job_path, stdin=subprocess.DEVNULL)
    # Each task may use its own time plus one office restart after a crash or timeout.
    limit = START_ALLOWANCE + len(tasks) * per_task + 30
    out, err, timed_out = _communicate(proc, limit)
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if timed_out or proc.returncode != 0:
        for event in events:  # make sure no office outlives a failed worker
            if event.get("event") == "office":
                _kill_group(event["pid"])
    results = {e["index"]: e for e in events if e.get("event") == "result"}
    if timed_out:
        raise OfficeError(
            f"LibreOffice did not finish {len(tasks)} document(s) within {limit:.0f}s; "
            "it was stopped (set POLICYKIT_OFFICE_TIMEOUT to allow more time per document)"
        )
    if len(results) != len(tasks):
        detail = (err or "").strip().splitlines()
        raise OfficeError(
            "LibreOffice failed before finishing the batch"
            + (f": {detail[-1]}" if detail else f" (worker exit code {proc.returncode})")
        )
    return [results[i] for i in range(len(tasks))]


def _redline(raw: dict) -> Redline:
    return Redline(
        type=raw["type"],
        author=raw["author"],
        date=raw["date"],
        comment=raw.get("comment", ""),
        description=raw.get("description", ""),
        moved=raw.get("moved"),
        in_header_footer=raw.get("in_header_footer", False),
        text=raw.get("text"),
    )


def _check(raw: dict) -> Check:
    if not raw["ok"]:
        return Check(
            opens=bool(raw.get("loaded")), error=raw["error"], seconds=raw.get("seconds", 0.0)
        )
    return Check(
        opens=True,
        text=raw["text"],
        accepted=raw["accepted"],
        rejected=raw["rejected"],
        redlines=tuple(_redline(r) for r in raw["redlines"]),
        left_over=raw["left_over"],
        seconds=raw.get("seconds", 0.0),
    )


def _stage(documents: Sequence[bytes], workdir: Path) -> list[Path]:
    """Write each .docx into ``workdir`` for the worker and return their paths, in order."""
    paths = [workdir / f"doc{i:05d}.docx" for i in range(len(documents))]
    for path, data in zip(paths, documents, strict=True):
        path.write_bytes(data)
    return paths


def check_many(documents: Sequence[bytes], *, always_reject: bool = False,
               labels: bool = False) -> list[Check]:
    """Open every .docx in one LibreOffice and return a :class:`Check` for each.

    Each document is loaded, its text and redlines read, Accept All run and the text read
    again; it is then reloaded for Reject All. A document with no redlines skips both
    (its accepted and rejected texts are its text) unless ``always_reject`` is set, which
    runs both regardless; the single-document functions set it. With ``labels``, each
    paragraph starts with the list label LibreOffice shows ("5.", "(a)") and a tab.
    A document that does not load gives ``Check(opens=False, error=...)`` rather than an
    exception, so one bad file does not hide the rest; a crash or a hang on one document
    restarts the office for the next. Raise :class:`OfficeError` only when LibreOffice
    cannot run at all.
    """
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="policykit-office-") as tmp:
        workdir = Path(tmp)
        tasks = [{"op": "check", "input": str(path), "always_reject": always_reject,
                  "labels": labels}
                 for path in _stage(documents, workdir)]
        return [_check(raw) for raw in _run(tasks, workdir)]


def check(docx: bytes) -> Check:
    """Return the :class:`Check` of one .docx; raise :class:`OfficeError` if it does not load."""
    result = check_many([docx], always_reject=True)[0]
    if result.error is not None:
        verb = "read" if result.opens else "open"
        raise OfficeError(f"LibreOffice could not {verb} the document: {result.error}")
    return result


def text(docx: bytes) -> str:
    """Return the normalised text of a .docx as it stands, accepting and rejecting nothing."""
    return check(docx).text


def accept_all(docx: bytes) -> str:
    """Return the normalised text of a .docx after LibreOffice's Accept All."""
    return check(docx).accepted


def reject_all(docx: bytes) -> str:
    """Return the normalised text of a .docx after LibreOffice's Reject All."""
    return check(docx).rejected


def redlines(docx: bytes) -> list[Redline]:
    """Return the tracked changes LibreOffice finds in a .docx, in its order."""
    return list(check(docx).redlines)


def _single(task: dict, inputs: dict[str, bytes], output: str | None) -> tuple[dict, bytes]:
    with tempfile.TemporaryDirectory(prefix="policykit-office-") as tmp:
        workdir = Path(tmp)
        for key, data in inputs.items():
            path = workdir / f"{key}.docx"
            path.write_bytes(data)
            task[key] = str(path)
        if output:
            task["output"] = str(workdir / output)
        raw = _run([task], workdir)[0]
        if not raw["ok"]:
            raise OfficeError(f"LibreOffice could not {task['op']} the document: {raw['error']}")
        out_path = workdir / output if output else None
        if out_path is not None and not out_path.is_file():
            raise OfficeError(f"LibreOffice reported success but wrote no {output}")
        return raw, out_path.read_bytes() if out_path is not None else b""


def to_pdf(docx: bytes) -> bytes:
    """Convert a .docx to PDF with LibreOffice and return the PDF bytes.

    The PDF shows the document as LibreOffice displays it: tracked changes keep their
    markup, so inserted and deleted text both appear.
    """
    return _single({"op": "pdf"}, {"input": docx}, "out.pdf")[1]


def to_pdf_many(documents: Sequence[bytes]) -> list[bytes]:
    """Convert every .docx to PDF in one LibreOffice; raise :class:`OfficeError` on any failure."""
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="policykit-office-") as tmp:
        workdir = Path(tmp)
        tasks = [{"op": "pdf", "input": str(source), "output": str(workdir / f"{i}.pdf")}
                 for i, source in enumerate(_stage(documents, workdir))]
        pdfs = []
        for i, (task, raw) in enumerate(zip(tasks, _run(tasks, workdir), strict=True)):
            out = Path(task["output"])
            if not raw["ok"] or not out.is_file():
                error = raw.get("error") or "no PDF was written"
                raise OfficeError(f"LibreOffice could not convert document {i + 1} to PDF: {error}")
            pdfs.append(out.read_bytes())
        return pdfs


def settled_pdfs_many(documents: Sequence[tuple[bytes, str | None]]) -> list[bytes | None]:
    """Export each .docx to PDF after ``"accept"``/``"reject"`` all changes (or as it is).

    One LibreOffice for the whole batch; a document it cannot export gives None, so one
    failure does not hide the rest (the corpus rendering check).
    """
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="policykit-office-") as tmp:
        workdir = Path(tmp)
        sources = _stage([data for data, _ in documents], workdir)
        tasks = [{"op": "pdf", "input": str(source), "settle": settle,
                  "output": str(workdir / f"{i}.pdf")}
                 for i, (source, (_, settle)) in enumerate(zip(sources, documents, strict=True))]
        pdfs: list[bytes | None] = []
        for task, raw in zip(tasks, _run(tasks, workdir), strict=True):
            out = Path(task["output"])
            pdfs.append(out.read_bytes() if raw["ok"] and out.is_file() else None)
        return pdfs


def page_texts_many(documents: Sequence[bytes]) -> list[list[str]]:
    """Return :func:`page_texts` of each .docx or PDF, converting in one LibreOffice."""
    to_convert = [i for i, data in enumerate(documents) if data[:5] != b"%PDF-"]
    pdfs = dict(zip(to_convert, to_pdf_many([documents[i] for i in to_convert]), strict=True))
    return [page_texts(pdfs.get(i, data)) for i, data in enumerate(documents)]


def page_texts(docx_or_pdf: bytes) -> list[str]:
    """Return the text of each page, converting a .docx to PDF first.

    Uses ``pdftotext -layout``, which keeps the physical reading order of the page, so a
    page's first non-blank line is its header and its last non-blank line is its footer
    (plain ``pdftotext`` follows the content stream, which may put the footer first).
    Trailing spaces are removed from each line and blank lines at the start and end of
    each page are dropped, so ``page.splitlines()[0]`` and ``[-1]`` are the first and last
    non-blank lines. Lines keep their layout indentation; ``strip()`` them to compare.
    """
    pdf = docx_or_pdf if docx_or_pdf[:5] == b"%PDF-" else to_pdf(docx_or_pdf)
    try:
        done = subprocess.run(
            ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
            input=pdf,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OfficeError(f"pdftotext failed: {exc}; is poppler-utils installed?") from exc
    if done.returncode != 0:
        raise OfficeError(
            f"pdftotext could not read the PDF: {done.stderr.decode(errors='replace').strip()}"
        )
    raw_pages = done.stdout.decode("utf-8", errors="replace").split("\f")
    if raw_pages and not raw_pages[-1].strip():
        raw_pages.pop()  # pdftotext ends every page, including the last, with a form feed
    pages = []
    for raw in raw_pages:
        lines = [line.rstrip() for line in raw.splitlines()]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        pages.append("\n".join(lines))
    return pages


@dataclass(frozen=True)
class Comparison:
    """LibreOffice's Compare Document result for one pair (see :func:`compare_many`).

    ``docx`` is the compared document, or None when LibreOffice failed (``error`` says
    why). ``redline_count`` is how many redlines LibreOffice made; ``seconds`` is the time
    of the load, compare and save, without the office start-up.
    """

    docx: bytes | None
    error: str | None = None
    redline_count: int = 0
    seconds: float = 0.0


def compare_many(pairs: Sequence[tuple[bytes, bytes]]) -> list[Comparison]:
    """Run LibreOffice's Compare Document on each ``(old, new)`` pair in one office.

    A pair that fails gives ``Comparison(docx=None, error=...)``; see
    :func:`compare_documents` for what the result holds.
    """
    if not pairs:
        return []
    with tempfile.TemporaryDirectory(prefix="policykit-office-") as tmp:
        workdir = Path(tmp)
        tasks = []
        for i, (old, new) in enumerate(pairs):
            old_path, new_path = workdir / f"old{i:05d}.docx", workdir / f"new{i:05d}.docx"
            old_path.write_bytes(old)
            new_path.write_bytes(new)
            out = workdir / f"compared{i:05d}.docx"
            tasks.append(
                {"op": "compare", "input": str(new_path), "old": str(old_path), "output": str(out)}
            )
        comparisons = []
        for task, raw in zip(tasks, _run(tasks, workdir), strict=True):
            out = Path(task["output"])
            if raw["ok"] and out.is_file():
                comparisons.append(
                    Comparison(out.read_bytes(), None, raw["redline_count"], raw["seconds"])
                )
            else:
                error = raw.get("error") or "LibreOffice reported success but wrote no file"
                comparisons.append(Comparison(None, error, 0, raw.get("seconds", 0.0)))
        return comparisons


def compare_documents(old: bytes, new: bytes) -> bytes:
    """Return LibreOffice's own Compare Document of ``old`` against ``new`` as .docx bytes.

    This is Edit > Track Changes > Compare Document run headless on ``new`` with ``old``
    as the original: the result is ``new`` with tracked changes that turn it back into
    ``old`` when rejected. LibreOffice stamps every change with the author and the
    modification date in ``new``'s document properties, not with a user of its own.
    """
    return _single({"op": "compare"}, {"input": new, "old": old}, "compared.docx")[1]


__all__ = [
    "Check",
    "Redline",
    "accept_all",
    "available",
    "check",
    "check_many",
    "compare_documents",
    "compare_many",
    "Comparison",
    "missing",
    "page_texts",
    "page_texts_many",
    "redlines",
    "reject_all",
    "text",
    "to_pdf",
    "to_pdf_many",
]
