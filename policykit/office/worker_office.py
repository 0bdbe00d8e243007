"""Start, connect to and drive one headless LibreOffice for ``worker.py``.

Runs under the system Python with ``uno``, loaded by path from ``worker.py``: it imports
nothing from policykit and nothing outside the standard library and ``uno``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]

WORD_FILTER = "MS Word 2007 XML"
START_TIMEOUT = 90.0


def prop(name: str, value: object) -> PropertyValue:
    """Return a UNO PropertyValue named ``name``."""
    prop = PropertyValue()
    prop.Name = name
    prop.Value = value
    return prop


def url(path: str) -> str:
    """Return the file URL of ``path``."""
    return uno.systemPathToFileUrl(os.path.abspath(path))


def emit(record: dict) -> None:
    """Write one JSON event line to stdout for policykit to read."""
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
        emit({"event": "office", "pid": self.proc.pid})
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
            prop("Hidden", hidden),
            prop("ReadOnly", False),
            prop("UpdateDocMode", 0),  # NO_UPDATE
            prop("MacroExecutionMode", 0),  # NEVER_EXECUTE
            prop("Silent", True),
        )
        if not path.lower().endswith(".pdf"):
            props = props + (prop("FilterName", WORD_FILTER),)
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, props)
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


def close(doc) -> None:
    """Close ``doc`` without saving, disposing of it if it refuses."""
    try:
        doc.close(True)
    except Exception:
        with contextlib.suppress(Exception):
            doc.dispose()
