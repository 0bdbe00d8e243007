"""Time ``history``, ``build --at`` and ``diff --attribute`` on a repository with many commits.

Run from the repository root::

    python benchmarks/bench_history.py            # 1,000 commits, 50 attributed
    python benchmarks/bench_history.py --commits 200 --attributed 20

Targets (issue 4): ``history`` and ``build --at`` under 2 s on 1,000 commits, ``diff
--attribute`` across 50 commits under 5 s. Each command runs as a user runs it (a new
``policykit`` process), so the times include Python's start-up. Exits 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policykit.versions.starter import starter_files  # noqa: E402

AUTHORS = [
    ("Priya Shah", "priya.shah@example.gov.uk"),
    ("Tom Okafor", "tom.okafor@example.gov.uk"),
    ("Ann Lee", "ann.lee@example.gov.uk"),
    ("Bob Smith", "bob.smith@example.gov.uk"),
]
WORDS = ["promptly", "clearly", "politely", "carefully", "openly", "fairly", "respectfully"]


def edit(text: str, step: int) -> str:
    """Return the policy with one sentence of one paragraph changed, different each step."""
    front, body = text.split("\n---\n", 1)
    paragraphs = body.split("\n\n")
    candidates = [i for i, p in enumerate(paragraphs)
                  if p and not p.startswith(("#", "-", "|", "*", "1.")) and len(p) > 80]
    index = candidates[(step * 7) % len(candidates)]
    word = WORDS[step % len(WORDS)]
    sentence = f" Members should act {word} (change {step})."
    paragraph = re.sub(r" Members should act \w+ \(change \d+\)\.", "", paragraphs[index])
    paragraphs[index] = paragraph + sentence
    return front + "\n---\n" + "\n\n".join(paragraphs)


def make_repository(folder: Path, commits: int) -> None:
    """Create a content repository with ``commits`` commits by four authors (git fast-import)."""
    files = starter_files()
    pack = files["content/pack.yaml"].decode()
    files["content/pack.yaml"] = pack.split("\n# Standing comparisons")[0].encode() + b"\n"
    text = files["content/appendix-a.md"].decode()
    stream: list[bytes] = []

    def data(payload: bytes) -> None:
        stream.append(f"data {len(payload)}\n".encode() + payload + b"\n")

    moment = 1_546_300_800  # 1 January 2019
    for number in range(commits):
        name, email = AUTHORS[number % len(AUTHORS)]
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"mark :{number + 1}\n".encode())
        stream.append(f"author {name} <{email}> {moment + number * 3600} +0000\n".encode())
        stream.append(f"committer {name} <{email}> {moment + number * 3600} +0000\n".encode())
        if number == 0:
            data(b"Start the policy pack\n")
            for path, payload in sorted(files.items()):
                stream.append(f"M 100644 inline {path}\n".encode())
                data(payload)
        else:
            text = edit(text, number)
            data(f"Edit appendix A ({number})\n".encode())
            stream.append(f"from :{number}\n".encode())
            stream.append(b"M 100644 inline content/appendix-a.md\n")
            data(text.encode())
        stream.append(b"\n")
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(stream),
                   check=True)
    subprocess.run(["git", "tag", "appendix-a/v0.9", f"HEAD~{commits // 2}"], cwd=folder,
                   check=True)
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=folder, check=True)


def timed(args: list[str], folder: Path) -> float:
    """Run ``policykit <args>`` in ``folder`` and return the wall-clock seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "80"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-P", "-m", "policykit", *args], cwd=folder, env=env,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"policykit {' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def main() -> int:
    """Build the repository, time the three commands, report against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--attributed", type=int, default=50)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykit-bench-") as temporary:
        folder = Path(temporary) / "council"
        start = time.perf_counter()
        make_repository(folder, options.commits)
        print(f"made a repository with {options.commits} commits "
              f"in {time.perf_counter() - start:.1f} s")
        runs = [
            ("history", ["history"], 2.0),
            ("history appendix-a --format json", ["history", "appendix-a", "--format", "json"],
             2.0),
            ("build --at appendix-a/v0.9",
             ["build", "--at", "appendix-a/v0.9", "--out", str(Path(temporary) / "out")], 2.0),
            (f"diff appendix-a --from HEAD~{options.attributed} --attribute",
             ["diff", "appendix-a", "--from", f"HEAD~{options.attributed}", "--to", "HEAD",
              "--attribute", "-o", str(Path(temporary) / "diff.docx")], 5.0),
        ]
        missed = 0
        for label, args, target in runs:
            best = min(timed(args, folder) for _ in range(3))
            verdict = "ok" if best < target else "TOO SLOW"
            missed += best >= target
            print(f"{label:<48} {best:6.2f} s  (target {target:.0f} s) {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
