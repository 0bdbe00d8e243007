"""Run one LibreOffice for a batch of document jobs; driven by ``policykit.office``.

This script runs under the *system* Python (``/usr/bin/python3``), the only one that can
import ``uno``. It must import nothing from policykit and nothing outside the standard
library and ``uno``.

Usage: ``/usr/bin/python3 worker.py JOB.json``. The job file holds::

    {"profile": "/tmp/dir", "task_timeout": 60,
     "tasks": [{"op": "check" | "text" | "pdf" | "compare", "input": path,
                "old": path (compare only), "output": path (pdf/compare only),
                "filter": {name: value} (pdf only: the PDF export's FilterData)}]}

With ``"stream": true`` instead of ``tasks``, the tasks come one JSON line at a time on
stdin, each answered before the next is read, until stdin closes.

The worker starts ``soffice`` headless in its own process group with a private user
profile, listening on a private pipe, and writes one JSON line per event to stdout:
``{"event": "office", "pid": N}`` whenever it starts an office, then
``{"event": "result", "index": i, ...}`` for each task in order. A task that takes more
than ``task_timeout`` seconds gets its office killed and restarted; the task reports an
error and the batch goes on. The office is always terminated on exit, including on
SIGTERM.

The office itself is ``worker_office.py`` and the text form ``worker_text.py``, beside
this file; they are loaded by path, since ``python3 -I`` leaves this folder off
``sys.path``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import sys
import threading
import time
from types import ModuleType

import uno  # type: ignore[import-not-found]

PDF_FILTER = "writer_pdf_Export"


def _sibling(name: str) -> ModuleType:
    """Load the module ``name`` from this file's folder (``-I`` keeps it off sys.path)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{name}.py")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_office = _sibling("worker_office")
_text = _sibling("worker_text")
Office = _office.Office
WORD_FILTER = _office.WORD_FILTER
close, emit, prop, url = _office.close, _office.emit, _office.prop, _office.url
document_text, document_redlines = _text.document_text, _text.document_redlines


# -- tasks -----------------------------------------------------------------------------


def task_check(office: Office, task: dict) -> dict:
    """Load once for text and redlines, accept all; reload and reject all if needed."""
    doc = office.load(task["input"])
    try:
        labels = bool(task.get("labels"))
        text = document_text(doc, labels)
        redlines = document_redlines(doc)
        if not redlines and not task.get("always_reject"):
            # Nothing to accept or reject: the batch skips both (always_reject runs them).
            return {
                "text": text,
                "accepted": text,
                "rejected": text,
                "redlines": [],
                "left_over": False,
            }
        office.dispatch(doc, ".uno:AcceptAllTrackedChanges")
        office.dispatch(doc, ".uno:UpdateAll")  # lay out afresh (see SETTLE)
        accepted = document_text(doc, labels)
        remaining = doc.getRedlines().createEnumeration().hasMoreElements()
    finally:
        close(doc)
    doc = office.load(task["input"])
    try:
        office.dispatch(doc, ".uno:RejectAllTrackedChanges")
        office.dispatch(doc, ".uno:UpdateAll")
        rejected = document_text(doc, labels)
        remaining = remaining or doc.getRedlines().createEnumeration().hasMoreElements()
    finally:
        close(doc)
    return {
        "text": text,
        "accepted": accepted,
        "rejected": rejected,
        "redlines": redlines,
        "left_over": remaining,
    }


def task_text(office: Office, task: dict) -> dict:
    doc = office.load(task["input"])
    try:
        return {"text": document_text(doc)}
    finally:
        close(doc)


def task_pdf(office: Office, task: dict) -> dict:
    """Export to PDF; ``filter`` holds writer_pdf_Export's FilterData (name: value)."""
    doc = office.load(task["input"])
    try:
        settle = SETTLE.get(task.get("settle") or "")
        if settle:  # the rendering check: export after Accept All or Reject All
            office.dispatch(doc, settle)
            office.dispatch(doc, ".uno:UpdateAll")  # lay out afresh (see SETTLE)
        props = (prop("FilterName", PDF_FILTER),)
        if task.get("filter"):
            data = tuple(prop(k, v) for k, v in task["filter"].items())
            props += (prop("FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", data)),)
        uno.invoke(doc, "storeToURL", (url(task["output"]), props))
    finally:
        close(doc)
    return {}


def task_compare(office: Office, task: dict) -> dict:
    """Open the new document and compare it against the old one, as Edit > Compare does."""
    # Compare on a Hidden document crashes LibreOffice 7.4 on the second compare of a
    # session; headless already means no window, so load it "visible".
    doc = office.load(task["input"], hidden=bool(task.get("hidden", False)))
    try:
        office.dispatch(doc, ".uno:CompareDocuments", (prop("URL", url(task["old"])),))
        count = 0
        enum = doc.getRedlines().createEnumeration()
        while enum.hasMoreElements():
            enum.nextElement()
            count += 1
        doc.storeToURL(url(task["output"]), (prop("FilterName", WORD_FILTER),))
    finally:
        close(doc)
    return {"redline_count": count}


# After Accept All or Reject All, LibreOffice 7.4 headless can keep list labels laid out as
# they were with the changes shown ("3.[4.]", a heading with no number) and so count pages
# wrongly, until the document is updated (Tools > Update > Update All), as here.
SETTLE = {"accept": ".uno:AcceptAllTrackedChanges", "reject": ".uno:RejectAllTrackedChanges"}
TASKS = {"check": task_check, "text": task_text, "pdf": task_pdf, "compare": task_compare}


def run(job: dict) -> int:
    office = Office(job["profile"])
    task_timeout = float(job.get("task_timeout", 60))

    def on_term(signum, frame):  # noqa: ARG001
        office.kill()
        os._exit(143)

    signal.signal(signal.SIGTERM, on_term)
    parent = os.getppid()
    try:
        office.start()
        # A streamed job reads one task per line from stdin until it closes.
        tasks = (json.loads(line) for line in sys.stdin) if job.get("stream") else job["tasks"]
        for index, task in enumerate(tasks):
            if os.getppid() != parent:  # policykit went away: nobody wants the rest
                break
            if not office.alive():
                office.kill()
                office.start()
            timed_out = threading.Event()

            def watchdog(_timed_out=timed_out, _proc=office.proc):
                _timed_out.set()
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(_proc.pid, signal.SIGKILL)

            office.loaded = False
            timer = threading.Timer(task_timeout, watchdog)
            timer.daemon = True
            started = time.monotonic()
            timer.start()
            try:
                result = TASKS[task["op"]](office, task)
                result["ok"] = True
            except Exception as exc:
                if timed_out.is_set():
                    message = f"LibreOffice took more than {task_timeout:g}s and was stopped"
                elif not office.alive():
                    message = f"LibreOffice crashed on this document ({type(exc).__name__})"
                else:
                    message = f"{type(exc).__name__}: {exc}".strip()
                result = {"ok": False, "error": message, "loaded": office.loaded}
            finally:
                timer.cancel()
            result.update(event="result", index=index, seconds=time.monotonic() - started)
            emit(result)
    finally:
        office.stop()
    return 0


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: worker.py JOB.json\n")
        return 2
    with open(argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    try:
        return run(job)
    except Exception as exc:
        sys.stderr.write(f"{type(exc).__name__}: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
