"""Time ``policykit publish`` of the sample pack as a whole process, and the HTML alone.

Run from the repository root, after ``pip install .`` or in a checkout (this checkout is run)::

    python benchmarks/bench_publish.py
    python benchmarks/bench_publish.py --runs 3

Measures (wall time, best of --runs):
  1. ``policykit publish`` of the sample pack (every document approved), both audiences,
     PDFs, agenda packs, HTML and launch kit, as a separate process, with how many times
     LibreOffice started;
  2. the HTML alone (both audiences' sites and the bulletin), in process, with no office.
  3. LibreOffice alone: ``soffice --convert-to pdf`` of the same four documents (built by
     ``policykit build``, exported with the same PDF/UA options, a fresh profile each run as
     publish uses), in one process, run side by side with (1) (alternating, the median of
     --runs, at least 3), and the ratio (1) / (3).
Targets: (1) under 20 s with one LibreOffice start (issue 10); (2) under 1 s; the ratio
(1) / (3) at most 3 (issue 17: export each document once per distinct content).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
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
    command, env = _command()
    start = time.perf_counter()
    subprocess.run([*command, "publish", str(content), "-o", str(out)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def _command() -> tuple[list[str], dict[str, str]]:
    installed = shutil.which("policykit")
    env = dict(os.environ)
    if not installed:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return ([installed] if installed else [sys.executable, "-P", "-m", "policykit"]), env


def built_documents(content: Path, folder: Path) -> list[Path]:
    """Build the four pack documents as Word files (``policykit build``), for LibreOffice."""
    command, env = _command()
    subprocess.run([*command, "build", str(content), "-o", str(folder)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    names = ["report", "appendix-a", "appendix-b", "appendix-c"]
    return [next(folder.rglob(f"{name}*.docx")) for name in names]


def libreoffice_alone(documents: list[Path], out: Path) -> float:
    """Time one ``soffice --convert-to pdf`` of the documents, as publish exports them."""
    sys.path.insert(0, str(ROOT))
    from policykit.office.pdf import PdfOptions

    options = {name: {"type": "boolean" if isinstance(value, bool) else "long",
                      "value": str(value).lower() if isinstance(value, bool) else str(value)}
               for name, value in PdfOptions().filter_data().items()}
    target = "pdf:writer_pdf_Export:" + json.dumps(options, separators=(",", ":"))
    profile = Path(tempfile.mkdtemp(prefix="bench-lo-profile-"))
    start = time.perf_counter()
    subprocess.run([os.environ.get("POLICYKIT_SOFFICE", "soffice"), "--headless",
                    "--norestore", f"-env:UserInstallation={profile.as_uri()}",
                    "--convert-to", target, "--outdir", str(out), *map(str, documents)],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    shutil.rmtree(profile, ignore_errors=True)
    assert len(list(out.glob("*.pdf"))) == len(documents)
    return seconds


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
    parser.add_argument("--runs", type=int, default=3, help="side-by-side runs (3 to 5)")
    args = parser.parse_args()
    runs = max(args.runs, 3)
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        content = approved_pack(Path(tmp))
        documents = built_documents(content, Path(tmp) / "build")
        publish_times, office_times = [], []
        for i in range(runs):  # side by side: the same load for both
            office_times.append(libreoffice_alone(documents, Path(tmp) / f"lo{i}"))
            publish_times.append(whole_process(content, Path(tmp) / f"out{i}"))
        starts = office_starts(content, Path(tmp) / "again")
        html = min(html_alone(content)[0] for _ in range(runs))
    seconds = statistics.median(publish_times)
    alone = statistics.median(office_times)
    ratio = seconds / alone
    print(f"policykit publish, sample pack (4 documents, 2 audiences, PDF + HTML + check), "
          f"whole process: median {seconds:.2f} s of {runs} "
          f"({', '.join(f'{t:.2f}' for t in publish_times)}), LibreOffice started {starts} "
          f"time(s) (target < 20 s, 1)")
    print(f"LibreOffice alone, soffice --convert-to pdf of the same 4 documents: median "
          f"{alone:.2f} s ({', '.join(f'{t:.2f}' for t in office_times)})")
    print(f"ratio publish / LibreOffice alone: {ratio:.2f} (target <= 3)")
    print(f"HTML alone (2 sites + bulletin, 11 pages): {html * 1000:.0f} ms (target < 1 s)")
    print(f"load average: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return 0 if seconds < 20 and starts == 1 and html < 1 and ratio <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
