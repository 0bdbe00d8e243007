"""Start the installed policykit, or a Python script, as a real process, and always stop it.

Every test that starts a process goes through ``started`` (or ``run``), so that:

- the child imports the installed policykit, never the checkout (no ``PYTHONPATH``, and a
  working folder that is not the checkout);
- the child's SIGINT is the default one whatever the test run's is: a suite started in the
  background (``nohup pytest &``, CI) inherits SIGINT ignored, and a Python child started
  with SIGINT ignored never raises KeyboardInterrupt, so Ctrl-C tests would hang;
- the child is stopped when the block ends, whatever happened in it (killed if it does not
  stop by itself within the grace period), so no test leaves a process running.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def child_env(**extra: str) -> dict[str, str]:
    """Return this environment without PYTHONPATH (``extra`` added): the installed package."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    env.update(extra)
    return env


def policykit_command() -> list[str]:
    """Return the installed ``policykit`` command of the Python running the tests."""
    script = Path(sys.executable).parent / "policykit"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "policykit"]


def default_sigint() -> None:
    """Give the child the default SIGINT (run in the child between fork and exec)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(process: subprocess.Popen[Any], grace: float = 30) -> None:
    """Stop ``process`` if it still runs: SIGINT (Ctrl-C), then SIGKILL after ``grace``."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            process.kill()
    try:
        process.communicate(timeout=grace)
    except (ValueError, subprocess.TimeoutExpired):  # pipes already read and closed
        process.kill()
        process.wait()


def popen(args: Sequence[str], **kwargs: Any) -> subprocess.Popen[Any]:
    """Start ``args`` with the default SIGINT and the installed package's environment."""
    kwargs.setdefault("env", child_env())
    return subprocess.Popen(list(args), preexec_fn=default_sigint, **kwargs)


@contextmanager
def started(args: Sequence[str], **kwargs: Any) -> Iterator[subprocess.Popen[Any]]:
    """Run ``args`` (see ``popen``) until the block ends, then stop it whatever happened."""
    process = popen(args, **kwargs)
    try:
        yield process
    finally:
        stop(process)


def run(args: Sequence[str], **kwargs: Any) -> subprocess.CompletedProcess[Any]:
    """Run ``args`` to the end (see ``popen``); kill it if it outlives ``timeout``."""
    kwargs.setdefault("env", child_env())
    return subprocess.run(list(args), preexec_fn=default_sigint, **kwargs)
