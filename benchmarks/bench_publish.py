"""Time ``policykit publish`` of the sample pack as a whole process, and the HTML alone.

Run from the repository root, after ``pip install .`` or in a checkout (this checkout is run)::

    python benchmarks/bench_publish.py
    python benchmarks/bench_publish.py --runs 3

Measures (wall time, best of --runs):
  1. ``policykit publish`` of the sample pack (every document approved), both audiences,
     PDFs, agenda packs, HTML and launch kit, as a separate process, with how many times
     LibreOffice started;
  2. the HTML alone (both audiences' sites and the bulletin), in process, with no office.
Targets (issue 10): (1) under 20 s with one LibreOffice start; (2) under 1 s.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPROVAL = "approval:\n  by: Cabinet\n  on: 2019-06-11\n"


def approved_pack(folder: Path) -> Path:
    """Copy the sample pack with every pack document approved (publish refuses drafts)."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for path in content.glob("appendix-*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^status: draft\n", "status: approved\n" + APPROVAL, text,
                               count=1, flags=re.M), encoding="utf-8")
    report = content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + '\nversion: "1.0"\n'
                      "status: approved\n" + APPROVAL, encoding="utf-8")
    return content


def whole_process(content: Path, out: Path) -> float:
    installed = shutil.which("policykit")
    env = dict(os.environ)
    if not installed:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    command = [installed] if installed else [sys.executable, "-m", "policykit"]
    start = time.perf_counter()
    subprocess.run([*command, "publish", str(content), "-o", str(out)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def html_alone(content: Path) -> tuple[float, int]:
    sys.path.insert(0, str(ROOT))
    from policykit.api import load_content
    from policykit.publish.pipeline import build_outputs
    from policykit.publish.theme import HtmlTheme

    loaded, kit, commit = load_content(content)
    theme = HtmlTheme.beside(content)
    start = time.perf_counter()
    files, _, starts = build_outputs(loaded, kit, theme, commit=commit, draft=False, pdf=False)
    seconds = time.perf_counter() - start
    assert starts == 0 and len([n for n in files if n.endswith(".html")]) == 11
    return seconds, starts


def office_starts(content: Path, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    from policykit.api import publish

    return publish(content, out).office_starts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        content = approved_pack(Path(tmp))
        seconds = min(whole_process(content, Path(tmp) / f"out{i}") for i in range(args.runs))
        starts = office_starts(content, Path(tmp) / "again")
        html = min(html_alone(content)[0] for _ in range(max(args.runs, 3)))
    print(f"policykit publish, sample pack (4 documents, 2 audiences, PDF + HTML), whole "
          f"process: {seconds:.2f} s, LibreOffice started {starts} time(s) (target < 20 s, 1)")
    print(f"HTML alone (2 sites + bulletin, 11 pages): {html * 1000:.0f} ms (target < 1 s)")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0 if seconds < 20 and starts == 1 and html < 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
