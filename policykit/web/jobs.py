"""Run long work (build, publish) in the background and show its progress on a page.

``POST /build`` and ``POST /publish`` start a job and send the browser to ``/jobs/<id>``.
The job page lists the steps done so far and refreshes itself every second while the work
runs (a ``<meta http-equiv="refresh">``, so it works without JavaScript), then says what
was made, with links. Jobs live in memory for the life of the server.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from policykit import api
from policykit.errors import PolicykitError
from policykit.web.render import respond

MAX_JOBS = 50


@dataclass
class Job:
    """One piece of long work: what it is, the steps so far, and how it ended."""

    id: str
    title: str
    steps: list[str] = field(default_factory=list)
    done: bool = False
    error: str | None = None
    made: list[tuple[str, str]] = field(default_factory=list)  # (label, address)
    others: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # said loudly when it is done
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def seconds(self) -> int:
        """Return how long the job has run (or ran), in whole seconds."""
        return int((self.finished or time.monotonic()) - self.started)


_JOBS: dict[str, Job] = {}
_LOCK = threading.Lock()


def start(title: str, work: Callable[[Callable[[str], None]], tuple[list, ...]],
          person: Any | None) -> Job:
    """Start ``work(progress)`` in a thread as a new job; it returns (made, others) links,
    and may add the warnings to say when it is done."""
    job = Job(secrets.token_urlsafe(9), title)
    with _LOCK:
        while len(_JOBS) >= MAX_JOBS:
            _JOBS.pop(next(iter(_JOBS)))
        _JOBS[job.id] = job

    def run() -> None:
        try:
            if person is not None:
                with api.acting_as(person.name, person.email):
                    done = work(job.steps.append)
            else:
                done = work(job.steps.append)
            job.made, job.others = done[0], done[1]
            job.warnings = list(done[2]) if len(done) > 2 else []
        except PolicykitError as exc:
            job.error = f"Error: {exc}"
        except Exception:  # noqa: BLE001 - shown on the page, logged for IT
            import logging

            logging.getLogger("uvicorn.error").exception("%s failed", title)
            job.error = ("Error: something went wrong in policykit while doing this; the "
                         "details are in the terminal where the workspace runs")
        finally:
            job.finished = time.monotonic()
            job.done = True

    threading.Thread(target=run, name=f"policykit-job-{job.id}", daemon=True).start()
    return job


def links(paths: list[Path], root: Path, prefix: str,
          readable: Callable[[str], bool]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Return (documents people read, other files) as (label, address) under ``prefix``."""
    made, others = [], []
    for path in paths:
        try:
            relative = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            continue
        (made if readable(path.name) else others).append((relative, prefix + relative))
    return made, others


async def job_page(request: Request) -> Response:
    """Show a job's progress (refreshing while it runs) and, at the end, what it made."""
    job = _JOBS.get(request.path_params["job_id"])
    if job is None:
        return respond(request, "error.html", {
            "title": "Finished work", "message": "Error: this work is no longer remembered "
            "(the workspace was restarted); go back to the pack to see what was made"},
            status=404, data={"error": "no such job"})
    return respond(request, "job.html", {"title": job.title, "job": job}, data={
        "title": job.title, "steps": job.steps, "done": job.done, "error": job.error,
        "made": [address for _, address in job.made], "warnings": job.warnings})


def redirect(job: Job) -> Response:
    """Send the browser to the job's page."""
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


__all__ = ["Job", "job_page", "links", "redirect", "start"]
