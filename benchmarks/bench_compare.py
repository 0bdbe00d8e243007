"""Benchmark ``policykit compare`` against LibreOffice's Compare Document and python-redlines.

Usage::

    python benchmarks/bench_compare.py                 # 2,000 and 20,000 paragraph pairs
    python benchmarks/bench_compare.py --sizes 2000 --no-peers
    python benchmarks/bench_compare.py --linear        # also 5,000 and 10,000 (fixed edits)

The sample pair (Appendix A against the 2014 staff policy, built from ``content/``) is
timed first, the same way.

Each pair is a generated policy (a heading every 20 paragraphs, ~25-word paragraphs,
a table every 200) and a copy with ~200 scattered edits: changed words, inserted,
deleted and moved paragraphs, a bold toggle. ``policykit compare`` is timed as a whole
process (``python -m policykit compare OLD NEW -o OUT``: start-up, imports, reading,
comparing, writing), with its CPU time (user + system) and peak memory (``ru_maxrss``
of that process, started from a small launcher so the benchmark's own memory is not
counted). Peers:

* LibreOffice Compare Document, headless through UNO (``policykit.office.compare_many``):
  the time of load + compare + save inside a running office, and the whole call including
  the office start-up;
* python-redlines (``DocxodusEngine``, a .NET binary shipped as a wheel) when installed.

Inputs and results go to ``benchmarks/out/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OUT = REPO / "benchmarks" / "out"
WORDS = [
    "council", "officer", "policy", "staff", "report", "incident", "manager", "record",
    "review", "service", "resident", "housing", "planning", "licence", "budget", "committee",
    "decision", "appeal", "complaint", "data", "privacy", "training", "risk", "safety",
    "contract", "supplier", "payment", "invoice", "procedure", "standard", "guidance", "the",
    "a", "of", "to", "and", "in", "for", "on", "with", "by", "must", "should", "may", "will",
    "within", "days", "each", "every", "all",
]


def policy(paragraphs: int, seed: int = 1) -> list:
    """Return the blocks of a generated policy: headings, paragraphs, some tables."""
    rng = random.Random(seed)
    blocks: list = []
    for i in range(paragraphs):
        if i % 20 == 0:
            blocks.append(("heading", f"Section {i // 20 + 1} {rng.choice(WORDS).title()}"))
        elif i % 200 == 100:
            blocks.append(("table", [[rng.choice(WORDS) for _ in range(3)] for _ in range(3)]))
        else:
            words = [rng.choice(WORDS) for _ in range(rng.randint(12, 40))]
            blocks.append(("text", " ".join(words).capitalize() + "."))
    return blocks


def edit(blocks: list, edits: int, seed: int = 2) -> list:
    """Return a copy of ``blocks`` with ``edits`` scattered edits."""
    rng = random.Random(seed)
    new = [list(b) if b[0] != "table" else ["table", [list(r) for r in b[1]]] for b in blocks]
    for _ in range(edits):
        kind = rng.choices(["word", "insert", "delete", "move", "bold"], [60, 15, 15, 5, 5])[0]
        i = rng.randrange(len(new))
        if new[i][0] != "text":
            continue
        if kind == "word":
            words = new[i][1].split(" ")
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            new[i][1] = " ".join(words)
        elif kind == "insert":
            new.insert(i, ["text", " ".join(rng.choice(WORDS) for _ in range(20)).capitalize()])
        elif kind == "delete":
            del new[i]
        elif kind == "move":
            item = new.pop(i)
            new.insert(rng.randrange(len(new)), item)
        else:
            new[i] = ["bold", new[i][1]]
    return [tuple(b) for b in new]


def to_docx(blocks: list) -> bytes:
    """Build a .docx from generated blocks with python-docx."""
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "heading":
            document.add_heading(value, level=1)
        elif kind == "text":
            document.add_paragraph(value)
        elif kind == "bold":
            document.add_paragraph().add_run(value).bold = True
        else:
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pair(paragraphs: int, edits: int) -> tuple[Path, Path]:
    """Write (once) and return the old and new .docx of a generated pair."""
    OUT.mkdir(parents=True, exist_ok=True)
    old, new = OUT / f"policy-{paragraphs}-old.docx", OUT / f"policy-{paragraphs}-new.docx"
    if not (old.is_file() and new.is_file()):
        blocks = policy(paragraphs)
        old.write_bytes(to_docx(blocks))
        new.write_bytes(to_docx(edit(blocks, edits)))
    return old, new


# Started from this (large) process, a child's ru_maxrss counts this process's memory too
# (Linux keeps the high-water mark of the memory it was forked with across exec), so a
# small launcher starts the command and reports the command's own wall time, CPU and peak.
LAUNCHER = """
import json, os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([time.perf_counter() - started, usage.ru_utime + usage.ru_stime,
                  usage.ru_maxrss, os.waitstatus_to_exitcode(status),
                  child.stderr.read().decode(errors="replace")[-500:]]))
"""


def run_process(args: list[str]) -> tuple[float, int, float]:
    """Run a command; return its wall time (s), peak memory (MiB) and CPU time (s)."""
    done = subprocess.run([sys.executable, "-S", "-c", LAUNCHER, *args], capture_output=True,
                          text=True, check=True)
    elapsed, cpu, maxrss, code, errors = json.loads(done.stdout)
    if code != 0:
        raise SystemExit(f"{' '.join(args)} failed: {errors}")
    return elapsed, maxrss // 1024, cpu


def bench_policykit(old: Path, new: Path, repeat: int = 3) -> dict:
    out = OUT / f"{old.stem}-redline.docx"
    runs = [
        run_process([sys.executable, "-P", "-m", "policykit", "compare", str(old), str(new), "-o",
                     str(out), "--date", "2026-01-01", "--summary", "json"])
        for _ in range(repeat)
    ]
    best = min(runs)
    from policykit.redline import compare

    started = time.perf_counter()
    result = compare(old.read_bytes(), new.read_bytes(), date=None)
    library = time.perf_counter() - started
    return {"seconds": round(best[0], 3), "cpu_seconds": round(min(r[2] for r in runs), 3),
            "peak_mib": max(r[1] for r in runs),
            "library_seconds": round(library, 3), "changes": result.summary.total}


def bench_libreoffice(old: Path, new: Path) -> dict:
    from policykit.office import session as office

    if not office.available():
        return {"error": "LibreOffice not usable: missing " + ", ".join(office.missing())}
    started = time.perf_counter()
    comparison = office.compare_many([(old.read_bytes(), new.read_bytes())])[0]
    whole = time.perf_counter() - started
    if comparison.docx is None:
        return {"error": comparison.error, "whole_seconds": round(whole, 3)}
    return {"seconds": round(comparison.seconds, 3), "whole_seconds": round(whole, 3),
            "redlines": comparison.redline_count}


def bench_python_redlines(old: Path, new: Path) -> dict:
    try:
        from python_redlines.engines import DocxodusEngine
    except ImportError as exc:
        return {"error": f"python-redlines not installed ({exc})"}
    try:
        engine = DocxodusEngine()
        started = time.perf_counter()
        engine.run_redline("policykit-bench", old.read_bytes(), new.read_bytes())
        return {"seconds": round(time.perf_counter() - started, 3)}
    except Exception as exc:  # a peer failing is a result, not a crash of the benchmark
        return {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}


def sample_pair() -> tuple[Path, Path]:
    """Build the sample pack and return its standing pair: the 2014 staff policy, Appendix A."""
    from policykit.api import build_document, load_content

    content, kit, stamp = load_content(REPO / "content")
    paths = []
    for doc_id in ("staff-policy-2014", "appendix-a"):
        path = OUT / f"sample-{doc_id}.docx"
        path.write_bytes(build_document(content, doc_id, kit=kit, commit=stamp))
        paths.append(path)
    return paths[0], paths[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[2000, 20000])
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--linear", action="store_true", help="add 5,000 and 10,000")
    parser.add_argument("--no-peers", action="store_true", help="time policykit only")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes + ([5000, 10000] if args.linear else [])))
    results: dict = {}
    OUT.mkdir(parents=True, exist_ok=True)
    old, new = sample_pair()
    results["sample"] = {"policykit": bench_policykit(old, new)}
    print(f"sample pair (Appendix A against the 2014 staff policy): "
          f"{json.dumps(results['sample'])}", flush=True)
    for size in sizes:
        old, new = make_pair(size, args.edits)
        row = {"policykit": bench_policykit(old, new)}
        if not args.no_peers:
            row["libreoffice"] = bench_libreoffice(old, new)
            row["python_redlines"] = bench_python_redlines(old, new)
        results[size] = row
        print(f"{size:>6} paragraphs, {args.edits} edits: {json.dumps(row)}", flush=True)
    (OUT / "bench_compare.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
