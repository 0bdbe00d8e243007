"""Time ``policykit incorporate`` of three reviewers' copies of Appendix A, whole process.

Run from the repository root, after ``pip install .`` or in a checkout::

    python benchmarks/bench_incorporate.py            # median of 5
    python benchmarks/bench_incorporate.py --runs 9 --apply

Makes a git repository holding the sample content in a temporary folder, builds Appendix A,
and writes three reviewers' copies in Word's own markup (tests/wordmarkup.py): Legal Services
(a replacement, a new paragraph, bold, a comment with a reply), Communications (a conflicting
replacement, a table cell, a deleted paragraph) and the Management Team (a moved paragraph,
a renamed heading). Each run is a separate ``python -m policykit incorporate`` process
(review branches are rewritten each time; with --apply, on a fresh clone of the repository).
Target (issue 19): under 2 s. Prints the median wall time, its spread, the CPU time the
process used (which a loaded machine does not inflate) and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import wordmarkup as wm  # noqa: E402
from incorporatefixtures import RUNNER, built, content_repository  # noqa: E402

WHEN = "2026-12-01T09:00:00Z"


def copies(sent: bytes) -> dict[str, bytes]:
    """Return three reviewers' copies of the sent document, by file name."""
    legal = wm.replace(sent, "one of the main ways", "one of the principal ways", "Legal Services",
                       WHEN)
    legal = wm.insert_paragraph(legal, "The policy summarises the corporate",
                                "Legal Services will review this policy every year.",
                                "Legal Services", WHEN)
    legal = wm.format_words(legal, "personally responsible", "Legal Services", WHEN, bold=True)
    legal = wm.comment(legal, "permanent", "Legal Services", WHEN, "Too strong?",
                       [("Priya Shah", WHEN, "Keep it.")])
    comms = wm.replace(sent, "one of the main ways", "one of the best ways", "Communications",
                       WHEN)
    comms = wm.replace(comms, "@ChilternDC", "@ChilternCouncil", "Communications", WHEN)
    comms = wm.delete_paragraph(comms, "Social media also includes blogs", "Communications",
                                WHEN)
    management = wm.move_paragraph(sent, "The test to apply is a simple one",
                                   "Members are personally responsible", "Management Team", WHEN)
    management = wm.replace(management, "Corporate social media accounts",
                            "The councils' own accounts", "Management Team", WHEN)
    return {"legal.docx": legal, "comms.docx": comms, "management.docx": management}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--apply", action="store_true", help="time --apply instead")
    args = parser.parse_args()
    # As installed: bytecode compiled once (pip does it at install), not on every run.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GIT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(RUNNER)
    with tempfile.TemporaryDirectory(prefix="bench-incorporate-") as folder:
        repo = Path(folder) / "repo"
        content_repository(repo)
        files = copies(built(repo / "content"))
        for name, data in files.items():
            (repo / name).write_bytes(data)
        times: list[float] = []
        cpu: list[float] = []
        subprocess.run([sys.executable, "-P", "-m", "policykit", "incorporate", *files], cwd=repo,
                       env=env, capture_output=True, check=False)  # warm-up: bytecode, caches
        for run in range(args.runs):
            where = repo
            if args.apply:
                where = Path(folder) / f"clone{run}"
                subprocess.run(["git", "clone", "-q", str(repo), str(where)], check=True)
                for name in files:
                    shutil.copy(repo / name, where / name)
            command = [sys.executable, "-P", "-m", "policykit", "incorporate", *files,
                       *(["--apply"] if args.apply else [])]
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            done = subprocess.run(command, cwd=where, env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if done.returncode not in (0, 3):
                raise SystemExit(f"failed: {done.stderr}")
        load = os.getloadavg()
        print(done.stdout)
        print(f"incorporate of 3 copies of Appendix A{' --apply' if args.apply else ''}: "
              f"median {statistics.median(times):.2f} s over {args.runs} runs "
              f"(min {min(times):.2f}, max {max(times):.2f}); target < 2 s")
        print(f"CPU time (user + system) of the process: median {statistics.median(cpu):.2f} s")
        print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
