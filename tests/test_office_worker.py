"""Tests for policykit/office/worker.py run as a script under the system Python with uno."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tomllib
from pathlib import Path

import docx
import pytest

from policykit.office import session

OFFICE = Path(session.__file__).parent


def _worker(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["/usr/bin/python3", "-I", str(folder / "worker.py"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_worker_and_its_helpers_ship_in_the_office_package() -> None:
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"  # the checkout's
    packages = tomllib.loads(pyproject.read_text())["tool"]["hatch"]["build"]["targets"][
        "wheel"]["packages"]
    assert packages == ["policykit"]  # hatchling ships every file under policykit/
    source = (OFFICE / "worker.py").read_text()
    for name in ("worker_office", "worker_text"):
        assert f'_sibling("{name}")' in source
        assert (OFFICE / f"{name}.py").is_file()


@pytest.mark.office
def test_worker_without_a_job_prints_its_usage(tmp_path: Path) -> None:
    done = _worker(OFFICE)
    assert done.returncode == 2
    assert done.stderr == "usage: worker.py JOB.json\n"


@pytest.mark.office
def test_worker_copied_elsewhere_reads_a_document(tmp_path: Path) -> None:
    # Installed, the worker sits in site-packages beside its helpers and nowhere near
    # the checkout; python3 -I keeps its folder off sys.path, so it loads them by path.
    folder = tmp_path / "installed"
    folder.mkdir()
    for path in OFFICE.glob("worker*.py"):
        shutil.copy(path, folder)
    document = docx.Document()
    document.add_paragraph("Members must not post\u00a0in haste.")
    buffer = io.BytesIO()
    document.save(buffer)
    source = tmp_path / "in.docx"
    source.write_bytes(buffer.getvalue())
    job = tmp_path / "job.json"
    job.write_text(
        json.dumps(
            {
                "profile": str(tmp_path / "profile"),
                "task_timeout": 120,
                "tasks": [{"op": "text", "input": str(source)}],
            }
        )
    )
    done = _worker(folder, str(job))
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert [e["event"] for e in events] == ["office", "result"]
    assert events[1]["ok"] is True
    assert events[1]["text"] == "Members must not post in haste.\n"
