"""Time ``policykit build`` of the sample pack beside pandoc, and how fast the command starts.

Run after ``python -m pip install .`` (the installed ``policykit`` beside this Python is
timed), with pandoc installed for the comparison only (``apt-get install pandoc``; it is never
a dependency of policykit)::

    python benchmarks/bench_startup.py            # medians of 5
    python benchmarks/bench_startup.py --runs 9

Side by side in one run, each a whole process, in turn (policykit, pandoc, policykit...) so
that a change of machine load falls on both:

  1. ``policykit build`` of the sample pack (report and Appendices A, B and C) with the
     standing comparison left out, as pandoc makes no comparison;
  2. pandoc converting the bodies of the three policies (Appendices A, B and C) with the
     same reference document, ``templates/policy.docx`` (one pandoc process each);
  3. ``policykit build`` of the sample pack as shipped (with the standing comparison);
  4. ``policykit --help`` and ``python -c 'import policykit.cli'`` (start-up alone).

Target (issue 16): (1) at most 0.8 times (2). The load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ("appendix-a", "appendix-b", "appendix-c")


def run(command: list[str], cwd: Path) -> float:
    """Return the wall time of one run of ``command`` as a child process (output discarded)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: become the command
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(command[0], command)
    _, status = os.waitpid(pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)} (in {cwd})")
    return seconds


def policykit_command() -> list[str]:
    """Return the installed ``policykit`` command beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "policykit"
    found = str(beside) if beside.is_file() else shutil.which("policykit")
    if found is None:
        raise SystemExit("policykit is not installed: python -m pip install . first")
    return [found]


def sample(folder: Path, *, comparisons: bool) -> Path:
    """Copy the sample pack and brand kit into ``folder``; return the content folder."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "templates", folder / "templates")
    if not comparisons:
        pack = (content / "pack.yaml").read_text(encoding="utf-8")
        (content / "pack.yaml").write_text(pack.split("\n# Standing comparisons")[0] + "\n",
                                           encoding="utf-8")
    return content


def pandoc_script(folder: Path) -> Path:
    """Write the three policy bodies and a script converting each with pandoc."""
    lines = ["set -e"]
    for name in POLICIES:
        text = (ROOT / "content" / f"{name}.md").read_text(encoding="utf-8")
        (folder / f"{name}.md").write_text(text.split("---\n", 2)[2], encoding="utf-8")
        lines.append(f"pandoc -f gfm {name}.md -o pandoc-{name}.docx "
                     f"--reference-doc={ROOT / 'templates' / 'policy.docx'}")
    script = folder / "pandoc.sh"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (apt-get install pandoc): it is the peer")
    command = policykit_command()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        pack = sample(work / "pack", comparisons=False)
        full = sample(work / "full", comparisons=True)
        script = pandoc_script(work)
        jobs = {
            "policykit build, sample pack, no comparison (4 documents)":
                ([*command, "build", str(pack), "-o", str(work / "out")], work),
            "pandoc, the three policy bodies, reference templates/policy.docx":
                (["bash", str(script)], work),
            "policykit build, sample pack as shipped (4 documents + comparison)":
                ([*command, "build", str(full), "-o", str(work / "full-out")], work),
            "policykit --help": ([*command, "--help"], work),
            "python -c 'import policykit.cli'":
                ([sys.executable, "-c", "import policykit.cli"], work),
        }
        for cmd, cwd in jobs.values():  # warm the caches (.pyc files, the page cache)
            run(cmd, cwd)
        times: dict[str, list[float]] = {name: [] for name in jobs}
        load = os.getloadavg()[0]
        for _ in range(args.runs):
            for name, (cmd, cwd) in jobs.items():
                times[name].append(run(cmd, cwd))
        load = (load + os.getloadavg()[0]) / 2
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"medians of {args.runs}, load average about {load:.1f} on {os.cpu_count()} cores")
    for name, value in medians.items():
        print(f"  {value:6.3f} s  {name}")
    names = list(jobs)
    ratio = medians[names[0]] / medians[names[1]]
    verdict = "meets" if ratio <= 0.8 else "MISSES"
    print(f"policykit build / pandoc = {ratio:.2f} (target at most 0.80: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
