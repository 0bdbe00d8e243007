"""Time the whole ``policykit build`` process, with peak memory, beside pandoc.

Run from the repository root, after ``pip install .`` or in a checkout (this checkout is run)::

    python benchmarks/bench_build.py            # sample pack + 1,000-page policy
    python benchmarks/bench_build.py --runs 5

Measures, each as a separate process (wall time, best of --runs; peak RSS of the child):
  1. ``policykit build`` of the sample pack (report, Appendix A, Appendix B; standing
     comparisons switched off so that only the three documents are built, as pandoc does);
  2. pandoc converting the same three Markdown bodies with the brand kit as reference docx
     (the report's YAML is turned into the Markdown pandoc would need);
  3. ``policykit build`` of a generated policy of about 1,000 pages.
Targets (issue 2): (1) no slower than (2); (3) under 10 s and under 500 MB.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Return (seconds, peak MB) for one run of ``command`` as a child process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: become the command
        os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execvp(command[0], command)
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}")
    return seconds, usage.ru_maxrss / 1024


def best(command: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    results = [run(command, cwd) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results)


def sample_pack(folder: Path) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    pack = (content / "pack.yaml").read_text()
    (content / "pack.yaml").write_text(pack.split("\n# Standing comparisons")[0] + "\n")
    shutil.copytree(ROOT / "templates", folder / "templates")
    return content


def report_markdown(content: Path) -> str:
    """Return the report as the Markdown pandoc would be given."""
    sys.path.insert(0, str(ROOT))
    from policykit.content import load

    report = load(content).documents["report"]
    lines = [f"# {report.title}", "", "| | |", "|---|---|"]
    for label, value in (("SUBJECT", report.subject), ("REPORT OF", report.report_of),
                         ("RESPONSIBLE OFFICER", report.responsible_officer),
                         ("REPORT AUTHOR", f"{report.author.name}, {report.author.email}"),
                         ("WARD/S AFFECTED", report.wards_affected)):
        lines.append(f"| {label} | {value} |")
    for number, section in enumerate(report.sections, start=1):
        lines += ["", f"## {number}. {section.heading}", ""]
        for index, text in enumerate(section.paragraphs, start=1):
            lines += [f"{number}.{index} {text}" if section.numbered else text, ""]
        if number == report.recommendations_after:
            lines += ["**RECOMMENDATIONS:**", ""]
            lines += [f"{i}. {r.text}" for i, r in enumerate(report.recommendations, 1)]
    return "\n".join(lines) + "\n"


def large_policy(folder: Path, pages: int = 1000) -> Path:
    """Write a content folder holding one policy of about ``pages`` pages."""
    content = folder / "content"
    content.mkdir(parents=True)
    (content / "pack.yaml").write_text(
        "council: Benchmark District Council\ncommittee: Cabinet\nmeeting_date: 2019-06-11\n"
        "classification: OFFICIAL\ndocuments:\n  - id: big\n    appendix: A\n"
    )
    sentence = ("Members should think carefully before posting, and **remember** that content "
                "can be copied, shared and *stored* by others, even after it has been deleted; "
                "see the [guidance](https://www.example.gov.uk/guidance). ")
    blocks = []
    for section in range(1, pages * 85 // 100 + 1):  # LibreOffice: ~1.18 pages a section
        blocks.append(f"# Section {section} of the policy\n")
        for _ in range(6):
            blocks.append(sentence * 3 + "\n")
        blocks.append("- first point\n  - nested point\n- second point\n")
        blocks.append("1. step one\n2. step two\n")
        blocks.append("| Council | Account | Managed by |\n| --- | --- | --- |\n"
                      "| Chiltern | @ChilternDC | Communications Team |\n"
                      "| South Bucks | @SouthBucksDC | Communications Team |\n")
    (content / "big.md").write_text(
        "---\ntitle: Benchmark Policy\nowner: Benchmarks\nversion: \"1.0\"\n"
        "number_paragraphs: true\n---\n" + "\n".join(blocks)
    )
    return content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    installed = shutil.which("policykit")
    if installed is None:  # a checkout: run this checkout's package with this Python
        os.environ["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    command = [installed] if installed else [sys.executable, "-P", "-m", "policykit"]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        content = sample_pack(work / "sample")
        ours = best([*command, "build", str(content), "--out", str(work / "out")],
                    work, args.runs)
        print(f"policykit build, sample pack (3 documents): {ours[0]:.2f} s, {ours[1]:.0f} MB")

        if shutil.which("pandoc"):
            bodies = {
                "report": report_markdown(content),
                "appendix-a": (content / "appendix-a.md").read_text().split("---\n", 2)[2],
                "appendix-b": (content / "appendix-b.md").read_text().split("---\n", 2)[2],
            }
            script = []
            for name, text in bodies.items():
                (work / f"{name}.md").write_text(text)
                reference = "report.docx" if name == "report" else "policy.docx"
                script.append(f"pandoc -f gfm {name}.md -o pandoc-{name}.docx "
                              f"--reference-doc={ROOT / 'templates' / reference}")
            (work / "pandoc.sh").write_text("set -e\n" + "\n".join(script) + "\n")
            peer = best(["bash", "pandoc.sh"], work, args.runs)
            print(f"pandoc, the same three conversions:        {peer[0]:.2f} s, "
                  f"{peer[1]:.0f} MB")
            verdict = "meets" if ours[0] <= peer[0] else "MISSES"
            print(f"  target no slower than pandoc: {verdict}")
        else:
            print("pandoc: not installed (apt-get install pandoc), skipped")

        big = large_policy(work / "big", args.pages)
        seconds, peak = best([*command, "build", str(big), "--out", str(work / "big-out")],
                             work, max(1, args.runs - 1))
        size = (work / "big-out" / "big.docx").stat().st_size / 1024 / 1024
        print(f"policykit build, ~{args.pages}-page policy: {seconds:.2f} s, {peak:.0f} MB "
              f"peak ({size:.1f} MB .docx)")
        verdict = "meets" if seconds < 10 and peak < 500 else "MISSES"
        print(f"  target under 10 s and 500 MB: {verdict}")
        if os.environ.get("POLICYKIT_BENCH_PAGES_CHECK"):
            sys.path.insert(0, str(ROOT))
            from policykit.office import session as office

            pdf_pages = len(office.page_texts((work / "big-out" / "big.docx").read_bytes()))
            print(f"  LibreOffice lays it out on {pdf_pages} pages")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
