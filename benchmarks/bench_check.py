"""Time the whole ``policykit check`` process on the sample pack and a 1,000-page document.

Run from the repository root (LibreOffice exports the pack's PDFs once, untimed)::

    python benchmarks/bench_check.py [--runs 3]

Measures, each as a separate process (wall time, best of --runs):
  1. ``policykit check`` of the sample pack as Word (3 .docx), PDF (3 tagged PDFs exported
     by LibreOffice) and HTML (3 pages): target under 2 s;
  2. ``policykit check`` of a generated Word policy of about 1,000 pages (Appendix A's
     body repeated): target under 10 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAGGED = {"UseTaggedPDF": {"type": "boolean", "value": "true"},
          "PDFUACompliance": {"type": "boolean", "value": "true"}}


def timed(command: list[str], runs: int) -> tuple[float, float]:
    """Return the best wall time and CPU time (user + system) of ``runs`` runs of ``command``.

    CPU time says what the run costs on an idle machine when other work shares the cores.
    """
    best, cpu = float("inf"), float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=ROOT, capture_output=True)
        best = min(best, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if result.returncode not in (0, 3):
            raise SystemExit(result.stderr.decode())
    return best, cpu


def sample_pack(folder: Path) -> None:
    """Build the pack's .docx, export them to tagged PDF, add three HTML pages."""
    subprocess.run([sys.executable, "-P", "-m", "policykit", "build", "content", "-o",
                    str(folder / "build")], cwd=ROOT, check=True, capture_output=True)
    docs = [folder / "build" / f"{n}.docx" for n in ("report", "appendix-a", "appendix-b")]
    for doc in docs:
        shutil.copy(doc, folder / doc.name)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{folder}/profile", "--headless",
                    "--convert-to", f"pdf:writer_pdf_Export:{json.dumps(TAGGED)}",
                    "--outdir", str(folder), *map(str, docs)], check=True, capture_output=True)
    shutil.rmtree(folder / "build")
    shutil.rmtree(folder / "profile", ignore_errors=True)
    for page in (ROOT / "tests" / "assets" / "check").glob("html-clean--*.html"):
        shutil.copy(page, folder / page.name)


def long_document(source: Path, target: Path, pages: int) -> int:
    """Write ``source`` with its body repeated until about ``pages`` pages; return paragraphs."""
    with zipfile.ZipFile(source) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    root = etree.fromstring(members["word/document.xml"])
    body = root.find(f"{W}body")
    sect = body.find(f"{W}sectPr")
    blocks = [etree.tostring(c) for c in body if c.tag != f"{W}sectPr"]
    for _ in range(pages // 10 - 1):  # Appendix A is about ten pages
        for block in blocks:
            sect.addprevious(etree.fromstring(block))
    members["word/document.xml"] = etree.tostring(root)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return len(body.findall(f"{W}p"))


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    command = [sys.executable, "-P", "-m", "policykit", "check"]
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        pack = Path(tmp) / "pack"
        pack.mkdir()
        sample_pack(pack)
        files = sorted(p.name for p in pack.iterdir())
        seconds, cpu = timed([*command, str(pack)], args.runs)
        print(f"sample pack ({len(files)} files: {', '.join(files)}): {seconds:.2f} s wall, "
              f"{cpu:.2f} s CPU (target 2 s)")
        big = Path(tmp) / "long.docx"
        paragraphs = long_document(ROOT / "tests" / "assets" / "check" /
                                   "reading-age--appendix-a.docx", big, 1000)
        seconds, cpu = timed([*command, str(big)], args.runs)
        print(f"1,000-page document ({paragraphs:,} paragraphs, "
              f"{big.stat().st_size // 1024:,} KB): {seconds:.2f} s wall, {cpu:.2f} s CPU "
              "(target 10 s)")
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
