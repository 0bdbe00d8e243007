"""Run one LibreOffice for a batch of document jobs; driven by ``policykit.office``.

This script runs under the *system* Python (``/usr/bin/python3``), the only one that can
import ``uno``. It must import nothing from policykit and nothing outside the standard
library and ``uno``.

Usage: ``/usr/bin/python3 worker.py JOB.json``. The job file holds::

    {"profile": "/tmp/dir", "task_timeout": 60,
     "tasks": [{"op": "check" | "text" | "pdf" | "compare", "input": path,
                "old": path (compare only), "output": path (pdf/compare only)}]}

The worker starts ``soffice`` headless in its own process group with a private user
profile, listening on a private pipe, and writes one JSON line per event to stdout:
``{"event": "office", "pid": N}`` whenever it starts an office, then
``{"event": "result", "index": i, ...}`` for each task in order. A task that takes more
than ``task_timeout`` seconds gets its office killed and restarted; the task reports an
error and the batch goes on. The office is always terminated on exit, including on
SIGTERM.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import unicodedata
import uuid

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

WORD_FILTER = "MS Word 2007 XML"
PDF_FILTER = "writer_pdf_Export"
START_TIMEOUT = 90.0

# Characters normalised in the text form; policykit.office documents the same table.
_CHAR_MAP = {
    "\u00ad": "",  # soft hyphen: invisible unless the line breaks there
    "\u200b": "",  # zero-width space
    "\u200c": "",  # zero-width non-joiner
    "\u200d": "",  # zero-width joiner
    "\ufeff": "",  # zero-width no-break space / BOM
    "\u2060": "",  # word joiner
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",  # figure space
    "\u2011": "-",  # non-breaking hyphen
    "\u200e": "",  # left-to-right mark (LibreOffice inserts these around some fields)
    "\u200f": "",  # right-to-left mark
    "\r": "\u21b5",  # line break inside a paragraph
    "\n": "\u21b5",
    "\u2028": "\u21b5",
    "\u000b": "\u21b5",
    "\u2029": "\u21b5",
    "\u000c": "\u21b5",  # and every other character str.splitlines() breaks on
    "\u001c": "\u21b5",
    "\u001d": "\u21b5",
    "\u001e": "\u21b5",
    "\u0085": "\u21b5",
}
_TRANSLATE = str.maketrans(_CHAR_MAP)


def _prop(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def _url(path: str) -> str:
    return uno.systemPathToFileUrl(os.path.abspath(path))


def _emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


class Office:
    """Start, connect to and kill one headless soffice with a private profile."""

    def __init__(self, profile: str) -> None:
        self.profile = profile
        self.proc: subprocess.Popen | None = None
        self.loaded = False  # whether the current task loaded its document
        self.desktop = None
        self.ctx = None

    def start(self) -> None:
        pipe = f"policykit_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        soffice = os.environ.get("POLICYKIT_SOFFICE", "soffice")
        args = [
            soffice,
            f"-env:UserInstallation={uno.systemPathToFileUrl(self.profile)}",
            "--headless",
            "--invisible",
            "--nocrashreport",
            "--nodefault",
            "--nofirststartwizard",
            "--nolockcheck",
            "--nologo",
            "--norestore",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ]
        self.proc = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _emit({"event": "office", "pid": self.proc.pid})
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + START_TIMEOUT
        last_error = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:  # oosplash itself handles restart code 81
                raise RuntimeError(f"soffice exited with code {self.proc.returncode} on start")
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception as exc:  # NoConnectException until the office is up
                last_error = str(exc)
                time.sleep(0.25)
        else:
            self.kill()
            raise RuntimeError(
                f"LibreOffice did not accept a connection within {START_TIMEOUT:.0f}s "
                f"({last_error})"
            )
        smgr = self.ctx.ServiceManager
        self.desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = smgr.createInstanceWithContext(
            "com.sun.star.frame.DispatchHelper", self.ctx
        )

    def alive(self) -> bool:
        """Return True if the office process runs and still answers over the bridge."""
        if self.proc is None or self.proc.poll() is not None or self.desktop is None:
            return False
        try:
            self.desktop.getComponents()  # oosplash may outlive a crashed soffice.bin
        except Exception:
            return False
        return True

    def kill(self) -> None:
        """Kill the office's whole process group (oosplash and soffice.bin)."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self.proc = None
        self.desktop = None

    def stop(self) -> None:
        """Ask the office to quit, then make sure its process group is gone."""
        if self.proc is None:
            return
        if self.desktop is not None and self.alive():
            with contextlib.suppress(Exception):
                self.desktop.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        self.kill()

    # -- documents -------------------------------------------------------------------

    def load(self, path: str, *, hidden: bool = True):
        props = (
            _prop("Hidden", hidden),
            _prop("ReadOnly", False),
            _prop("UpdateDocMode", 0),  # NO_UPDATE
            _prop("MacroExecutionMode", 0),  # NEVER_EXECUTE
            _prop("Silent", True),
        )
        if not path.lower().endswith(".pdf"):
            props = props + (_prop("FilterName", WORD_FILTER),)
        doc = self.desktop.loadComponentFromURL(_url(path), "_blank", 0, props)
        if doc is None:
            raise ValueError("LibreOffice returned no document (the file did not load)")
        self.loaded = True
        if not hasattr(doc, "getText") or not doc.supportsService("com.sun.star.text.TextDocument"):
            doc.close(True)
            raise ValueError("the file loaded, but not as a Writer text document")
        return doc

    def dispatch(self, doc, command: str, args: tuple = ()) -> None:
        frame = doc.getCurrentController().getFrame()
        self.dispatcher.executeDispatch(frame, command, "", 0, args)


def _close(doc) -> None:
    try:
        doc.close(True)
    except Exception:
        with contextlib.suppress(Exception):
            doc.dispose()


# -- normalised text -------------------------------------------------------------------


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", text.translate(_TRANSLATE))


def _walk(text_obj, lines: list[str]) -> None:
    """Append one line per paragraph of ``text_obj``, walking tables cell by cell."""
    enum = text_obj.createEnumeration()
    while enum.hasMoreElements():
        element = enum.nextElement()
        if element.supportsService("com.sun.star.text.TextTable"):
            lines.append("<table>")
            row = None
            for name in element.getCellNames():
                cell_row = name.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
                cell_row = cell_row.split(".")[0]
                if cell_row != row:
                    lines.append("<row>")
                    row = cell_row
                lines.append("<cell>")
                _walk(element.getCellByName(name), lines)
            lines.append("</table>")
        elif element.supportsService("com.sun.star.text.Paragraph"):
            lines.append(_norm(element.getString()))


def _page_style_blocks(doc) -> list[str]:
    """Return the distinct header and footer blocks of the page styles in use."""
    blocks: set[tuple[str, str]] = set()
    styles = doc.getStyleFamilies().getByName("PageStyles")
    for name in styles.getElementNames():
        style = styles.getByName(name)
        try:
            if not style.isInUse():
                continue
        except Exception:
            pass
        info = style.getPropertySetInfo()
        for kind in ("Header", "Footer"):
            if not style.getPropertyValue(f"{kind}IsOn"):
                continue
            props = [f"{kind}Text"]
            if info.hasPropertyByName(f"{kind}IsShared") and not style.getPropertyValue(
                f"{kind}IsShared"
            ):
                props.append(f"{kind}TextLeft")
            if info.hasPropertyByName("FirstIsShared") and not style.getPropertyValue(
                "FirstIsShared"
            ):
                props.append(f"{kind}TextFirst")
            for prop in props:
                if not info.hasPropertyByName(prop):
                    continue
                text_obj = style.getPropertyValue(prop)
                if text_obj is None:
                    continue
                lines: list[str] = []
                _walk(text_obj, lines)
                blocks.add((kind.lower(), "\n".join(lines)))
    return [f"<{kind}>\n{body}" if body else f"<{kind}>" for kind, body in sorted(blocks)]


def _shape_blocks(doc) -> list[str]:
    """Return the text boxes and text frames, each a ``<textbox>`` block, sorted by text.

    Word text boxes load as drawing shapes whose ``TextBoxContent`` is Writer text (with
    tables and tracked changes); group shapes are searched; other shapes with plain text
    give one line. Sorting makes the form independent of z-order and anchoring.
    """
    blocks: list[str] = []

    def visit(shapes) -> None:
        for i in range(shapes.getCount()):
            shape = shapes.getByIndex(i)
            if shape.supportsService("com.sun.star.drawing.GroupShape"):
                visit(shape)
                continue
            if shape.getShapeType() == "FrameShape":
                continue  # a Writer text frame: read below from getTextFrames()
            info = shape.getPropertySetInfo()
            lines: list[str] = []
            if info.hasPropertyByName("TextBox") and shape.getPropertyValue("TextBox"):
                _walk(shape.getPropertyValue("TextBoxContent"), lines)
            else:
                try:
                    plain = shape.getString() if hasattr(shape, "getString") else ""
                except Exception:  # "no text available": a shape that holds no text
                    plain = ""
                if not plain:
                    continue
                lines.append(_norm(plain))
            blocks.append("\n".join(["<textbox>", *lines]))

    visit(doc.getDrawPage())
    frames = doc.getTextFrames()
    for name in frames.getElementNames():
        lines = ["<textbox>"]
        _walk(frames.getByName(name), lines)
        blocks.append("\n".join(lines))
    return sorted(blocks)


def _notes(collection, tag: str) -> list[str]:
    out: list[str] = []
    for i in range(collection.getCount()):
        lines: list[str] = [f"<{tag}>"]
        _walk(collection.getByIndex(i), lines)
        out.extend(lines)
    return out


def document_text(doc) -> str:
    """Return the normalised text: body, text boxes, headers/footers, footnotes, endnotes."""
    lines: list[str] = []
    _walk(doc.getText(), lines)
    lines.extend(_shape_blocks(doc))
    lines.extend(_page_style_blocks(doc))
    lines.extend(_notes(doc.getFootnotes(), "footnote"))
    lines.extend(_notes(doc.getEndnotes(), "endnote"))
    return "\n".join(lines) + "\n"


def _datetime(value) -> str | None:
    if value is None:
        return None
    try:
        return (
            f"{value.Year:04d}-{value.Month:02d}-{value.Day:02d}T"
            f"{value.Hours:02d}:{value.Minutes:02d}:{value.Seconds:02d}"
        )
    except AttributeError:
        return None


def document_redlines(doc) -> list[dict]:
    out: list[dict] = []
    enum = doc.getRedlines().createEnumeration()
    while enum.hasMoreElements():
        redline = enum.nextElement()
        info = redline.getPropertySetInfo()

        def get(name: str, _info=info, _redline=redline):
            return _redline.getPropertyValue(name) if _info.hasPropertyByName(name) else None

        moved = get("RedlineMoved")  # not exposed by LibreOffice 7.x; newer may add it
        try:
            start, end = get("RedlineStart"), get("RedlineEnd")
            cursor = start.getText().createTextCursorByRange(start)
            cursor.gotoRange(end, True)
            text = _norm(cursor.getString())
        except Exception:  # a redline spanning a table, or no text range at all
            text = None
        out.append(
            {
                "type": get("RedlineType") or "",
                "author": get("RedlineAuthor") or "",
                "date": _datetime(get("RedlineDateTime")),
                "comment": get("RedlineComment") or "",
                "description": get("RedlineDescription") or "",
                "moved": bool(moved) if moved is not None else None,
                "in_header_footer": bool(get("IsInHeaderFooter")),
                "text": text,
            }
        )
    return out


# -- tasks -----------------------------------------------------------------------------


def task_check(office: Office, task: dict) -> dict:
    """Load once for text and redlines, accept all; reload and reject all if needed."""
    doc = office.load(task["input"])
    try:
        text = document_text(doc)
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
        accepted = document_text(doc)
        remaining = doc.getRedlines().createEnumeration().hasMoreElements()
    finally:
        _close(doc)
    doc = office.load(task["input"])
    try:
        office.dispatch(doc, ".uno:RejectAllTrackedChanges")
        rejected = document_text(doc)
        remaining = remaining or doc.getRedlines().createEnumeration().hasMoreElements()
    finally:
        _close(doc)
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
        _close(doc)


def task_pdf(office: Office, task: dict) -> dict:
    doc = office.load(task["input"])
    try:
        settle = SETTLE.get(task.get("settle") or "")
        if settle:  # the rendering check: export after Accept All or Reject All
            office.dispatch(doc, settle)
        doc.storeToURL(_url(task["output"]), (_prop("FilterName", PDF_FILTER),))
    finally:
        _close(doc)
    return {}


def task_compare(office: Office, task: dict) -> dict:
    """Open the new document and compare it against the old one, as Edit > Compare does."""
    # Compare on a Hidden document crashes LibreOffice 7.4 on the second compare of a
    # session; headless already means no window, so load it "visible".
    doc = office.load(task["input"], hidden=bool(task.get("hidden", False)))
    try:
        office.dispatch(doc, ".uno:CompareDocuments", (_prop("URL", _url(task["old"])),))
        count = 0
        enum = doc.getRedlines().createEnumeration()
        while enum.hasMoreElements():
            enum.nextElement()
            count += 1
        doc.storeToURL(_url(task["output"]), (_prop("FilterName", WORD_FILTER),))
    finally:
        _close(doc)
    return {"redline_count": count}


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
        for index, task in enumerate(job["tasks"]):
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
            _emit(result)
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
