"""Run ``policykit check`` over the WmlComparer corpus and print the counts per rule.

Run from the repository root::

    python benchmarks/check_corpus.py [/path/to/wmlcomparer]

Reads pairs.tsv, checks every distinct document of the pairs (old and new) and prints a
Markdown table: for each rule, how many documents break it and how many findings there
are. Documents the safe reader refuses are counted apart.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policykit.check.model import RULES, CheckSettings  # noqa: E402
from policykit.check.runner import check_file  # noqa: E402
from policykit.errors import PolicykitError  # noqa: E402

DEFAULT = Path("/work/shared/corpus/wmlcomparer")


def documents(corpus: Path) -> list[Path]:
    """Return the distinct documents named in pairs.tsv, in order."""
    with (corpus / "pairs.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    seen: dict[str, None] = {}
    for row in rows:
        seen.setdefault(row["old"], None)
        seen.setdefault(row["new"], None)
    return [corpus / name for name in seen]


def main() -> None:
    """Print the table."""
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    paths = documents(corpus)
    settings = CheckSettings()
    files: Counter[str] = Counter()
    findings: Counter[str] = Counter()
    refused: list[str] = []
    start = time.perf_counter()
    for path in paths:
        try:
            report = check_file(path, settings)
        except PolicykitError as exc:
            refused.append(str(exc))
            continue
        rules = [f.rule for f in report.findings]
        findings.update(rules)
        files.update(set(rules))
    seconds = time.perf_counter() - start
    checked = len(paths) - len(refused)
    print(f"{checked} documents checked of {len(paths)} in the 111 pairs "
          f"({len(refused)} refused by the safe reader), {seconds:.1f} s.\n")
    print("| Rule | Severity | Documents | Findings |")
    print("|---|---|---:|---:|")
    for rule in sorted(files, key=lambda r: (-files[r], r)):
        print(f"| `{rule}` | {RULES[rule].severity.value} | {files[rule]} | {findings[rule]} |")
    for message in refused:
        print(f"\nRefused: {message}")


if __name__ == "__main__":
    main()
