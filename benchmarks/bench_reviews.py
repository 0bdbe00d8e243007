"""Time ``policykit reviews due`` over 500 documents whose review dates come from git.

Builds (once, under benchmarks/out/) a git repository holding a content folder of 500
scheduled policies with no ``last_reviewed`` in their front matter, and two review commits
per document carrying ``Reviewed-by:`` and ``Reviewed-on:`` trailers (1,001 commits in
all, written with ``git fast-import``). Then runs the whole command as a user would, in a
new process each time, and reports the times. The target is under 1 second.

    python benchmarks/bench_reviews.py [--documents 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
TEAMS = ["Communications Team", "Democratic Services", "Human Resources", "Legal Services"]
INTERVALS = ["6 months", "1 year", "P6M", "3 months"]


def policy(number: int, edit: int) -> str:
    team = TEAMS[number % len(TEAMS)]
    email = team.lower().replace(" ", ".") + "@example.gov.uk"
    return (
        "---\n"
        f"# Policy {number}: review schedule below.\n"
        f"title: Policy number {number}\n"
        f"owner: {team}\n"
        'version: "1.0"\n'
        "review:\n"
        f"  owner: {team}\n"
        f"  email: {email}\n"
        f"  interval: {INTERVALS[number % len(INTERVALS)]}\n"
        "  warning: 1 month\n"
        "---\n"
        f"# Policy {number}\n\nThis policy says something useful. Edit {edit}.\n"
    )


def _blob(path: str, text: str) -> bytes:
    data = text.encode()
    return f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"


def _commit(message: str, when: int, files: list[bytes]) -> bytes:
    body = message.encode()
    head = (
        f"commit refs/heads/main\ncommitter Records <records@example.gov.uk> {when} +0000\n"
        f"data {len(body)}\n"
    ).encode() + body + b"\n"
    return head + b"".join(files) + b"\n"


def build(folder: Path, documents: int) -> Path:
    """Create the repository (or reuse it) and return its content folder."""
    content = folder / "content"
    marker = folder / f".built-{documents}"
    if marker.exists():
        return content
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    pack = (
        "council: Benchmark District Council\ncommittee: Cabinet\nmeeting_date: 2019-06-11\n"
        "classification: OFFICIAL\ndocuments:\n"
        + "".join(f"  - id: policy-{n:03d}\n" for n in range(documents))
    )
    start = int(time.mktime(date(2018, 1, 1).timetuple()))
    stream = [_commit("Add the policies", start, [_blob("content/pack.yaml", pack)] + [
        _blob(f"content/policy-{n:03d}.md", policy(n, 0)) for n in range(documents)
    ])]
    day = date(2018, 2, 1)
    for round_ in (1, 2):
        for n in range(documents):
            day += timedelta(days=1) if n % 3 == 0 else timedelta()
            when = int(time.mktime(day.timetuple())) + n
            message = (
                f"Review policy-{n:03d}\n\nReviewed-by: Reviewer {n % 7}\n"
                f"Reviewed-on: {day.isoformat()}\n"
            )
            stream.append(_commit(message, when,
                                  [_blob(f"content/policy-{n:03d}.md", policy(n, round_))]))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(stream),
                   check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)
    marker.write_text("")
    return content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    content = build(OUT / f"reviews-{args.documents}", args.documents)
    command = [sys.executable, "-P", "-m", "policykit", "reviews", "due", "--today", "2020-01-01",
               "--within", "5y", "--format", "json", "--content-dir", str(content)]
    times = []
    for _ in range(args.runs + 1):  # the first run warms the file cache and .pyc files
        started = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        if result.returncode not in (0, 3):
            sys.exit(f"policykit failed ({result.returncode}): {result.stderr}")
    listed = result.stdout.count('"document"')
    from_git = result.stdout.count('"last_reviewed_from": "git"')
    runs = times[1:]
    print(f"reviews due over {args.documents} documents ({from_git} of {listed} listed "
          f"with git-derived dates): median {statistics.median(runs):.3f} s, "
          f"best {min(runs):.3f} s, worst {max(runs):.3f} s over {len(runs)} runs "
          "(whole process)")


if __name__ == "__main__":
    main()
