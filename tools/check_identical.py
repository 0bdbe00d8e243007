"""Check that a change to policykit's code leaves its outputs byte for byte as they were.

Builds, through the command line only (so the script works across any reorganisation of the
package), everything policykit writes from fixed inputs, and records a SHA-256 for each file:

- the sample pack (``policykit build`` of a copy of ``content/`` and ``templates/`` outside git),
  which includes the redline of the sample pair (Appendix A against the 2014 staff policy);
- a redline of Appendix B against Appendix A with its summary page (``compare --summary-page``);
- the review calendar (``policykit reviews calendar --today 2019-12-20``);
- a redline of every pair of the WmlComparer corpus: ``--corpus DIR``, else ``$POLICYKIT_CORPUS``,
  else ``../shared/corpus/wmlcomparer`` beside the checkout (exit 2 when it is not there).

Usage::

    python tools/check_identical.py --write before.tsv     # at the old commit
    python tools/check_identical.py --check before.tsv     # at the new one: exit 1 on a difference
    python tools/check_identical.py --check before.tsv --corpus /work/shared/corpus/wmlcomparer
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "wmlcomparer"
DATE = "2026-03-31T00:00:00Z"


def _run(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "policykit", *args], cwd=cwd, capture_output=True, text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HOME": str(cwd)},
    )
    if done.returncode != 0:
        raise SystemExit(f"policykit {' '.join(args)} failed:\n{done.stderr}")


def _corpus(given: Path | None) -> Path:
    """Return the corpus folder (the option, the environment, beside the checkout) or exit 2."""
    env = os.environ.get("POLICYKIT_CORPUS")
    corpus = given or (Path(env) if env else DEFAULT_CORPUS)
    if not (corpus / "pairs.tsv").is_file():
        print(f"Error: {corpus}: no WmlComparer corpus here (pairs.tsv is missing); pass "
              "--corpus DIR or set POLICYKIT_CORPUS to the folder holding pairs.tsv",
              file=sys.stderr)
        raise SystemExit(2)
    return corpus.resolve()


def _outputs(work: Path, corpus: Path) -> dict[str, Path]:
    """Write every output into ``work`` and return them by a stable name."""
    shutil.copytree(ROOT / "content", work / "content")
    shutil.copytree(ROOT / "templates", work / "templates")
    _run("build", "content", "-o", "build", cwd=work)
    found = {f"build/{p.name}": p for p in sorted((work / "build").glob("*.docx"))}
    _run("compare", "build/appendix-b.docx", "build/appendix-a.docx",
         "-o", "summary-page.docx", "--date", DATE, "--summary-page", cwd=work)
    found["summary-page.docx"] = work / "summary-page.docx"
    _run("reviews", "calendar", "--content-dir", "content", "--today", "2019-12-20",
         "-o", "reviews.ics", cwd=work)
    found["reviews.ics"] = work / "reviews.ics"
    (work / "corpus").mkdir()
    with (corpus / "pairs.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            out = work / "corpus" / f"{row['id']}.docx"
            _run("compare", str(corpus / row["old"]), str(corpus / row["new"]),
                 "-o", str(out), "--date", DATE, cwd=work)
            found[f"corpus/{row['id']}.docx"] = out
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path, help="record the hashes in this file")
    group.add_argument("--check", type=Path, help="compare with the hashes in this file")
    parser.add_argument("--corpus", type=Path, metavar="DIR",
                        help="the WmlComparer corpus folder (default: $POLICYKIT_CORPUS, else "
                             "../shared/corpus/wmlcomparer beside the checkout)")
    args = parser.parse_args()
    corpus = _corpus(args.corpus)
    if args.check and not args.check.is_file():
        print(f"Error: {args.check}: no such file; record one first with --write", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        hashes = {name: hashlib.sha256(path.read_bytes()).hexdigest()
                  for name, path in _outputs(Path(tmp), corpus).items()}
    if args.write:
        args.write.write_text("".join(f"{h}\t{n}\n" for n, h in hashes.items()), encoding="utf-8")
        print(f"recorded {len(hashes)} outputs in {args.write}")
        return 0
    before = dict(line.split("\t")[::-1] for line in args.check.read_text().splitlines())
    changed = sorted(n for n in before.keys() | hashes.keys() if before.get(n) != hashes.get(n))
    for name in changed:
        print(f"differs: {name}")
    print(f"{len(hashes) - len(changed)} of {len(before | hashes)} outputs identical")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
