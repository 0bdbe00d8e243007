"""Print how a compare engine does on the WmlComparer corpus, pair by pair, with totals.

Usage::

    python benchmarks/corpus_report.py                      # policykit.redline.compare
    python benchmarks/corpus_report.py --engine libreoffice # LibreOffice's own Compare
    python benchmarks/corpus_report.py --only WC-1020 WC-1110 --diff
    python benchmarks/corpus_report.py --without-goback     # diagnosis: see below

Each result is opened in one LibreOffice and judged exactly as ``tests/test_corpus.py``
judges it (the contract and the corpus location, ``POLICYKIT_CORPUS``, come from there):
it opens, Accept All gives new's text, Reject All gives old's. "revs" is the number of
redlines LibreOffice sees in the result; "wml" is WmlComparer's revision count for the
pair (WmlComparer counts grouped revisions, so the two only indicate granularity).
"acc %" and "rej %" are the shares of pixels that differ between NEW and the redline after
Accept All, and OLD and the redline after Reject All (the rendering check allows 0.05).
``--without-goback`` renders every document with Word's hidden ``_GoBack`` bookmark
removed: a pair that then passes fails only because OLD and NEW hold that bookmark in
different places (see ``without_goback`` in tests/test_corpus.py); it is a diagnosis,
not the contract.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from test_corpus import (  # noqa: E402
    KNOWN_EXCEPTIONS,
    Outcome,
    corpus_dir,
    judge,
    load_pairs,
    render,
    run_corpus,
    without_goback,
)

from policykit.office import session as office  # noqa: E402


def _mark(ok: bool) -> str:
    return "yes" if ok else "NO"


def _share(rendered, field: str) -> str:
    return f"{100 * getattr(rendered, field):.3f}" if rendered else "-"


def libreoffice_outcomes(pairs) -> list[Outcome]:
    """Compare every pair with LibreOffice's Compare Document (one office) and judge."""
    started = time.perf_counter()
    comparisons = office.compare_many([(p.old.read_bytes(), p.new.read_bytes()) for p in pairs])
    print(f"LibreOffice compared {len(pairs)} pairs in {time.perf_counter() - started:.1f}s")
    return judge(
        pairs,
        [c.docx for c in comparisons],
        [c.error for c in comparisons],
        [c.seconds for c in comparisons],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["policykit", "libreoffice"], default="policykit")
    parser.add_argument("--only", nargs="*", metavar="ID", help="only these pair ids")
    parser.add_argument("--diff", action="store_true", help="print the text diff of failures")
    parser.add_argument("--no-render", action="store_true",
                        help="skip the rendering check (PDF at 40 dpi, at most 0.05%% differ)")
    parser.add_argument("--without-goback", action="store_true",
                        help="render with Word's hidden _GoBack bookmark removed (diagnosis)")
    args = parser.parse_args(argv)

    folder = corpus_dir()
    pairs = load_pairs(folder)
    if not pairs:
        print(f"No corpus at {folder}; set POLICYKIT_CORPUS to the folder with pairs.tsv")
        return 1
    if args.only:
        pairs = [p for p in pairs if p.id in set(args.only)]
    if not office.available():
        print("LibreOffice is not usable: missing " + ", ".join(office.missing()))
        return 1

    started = time.perf_counter()
    outcomes = libreoffice_outcomes(pairs) if args.engine == "libreoffice" else run_corpus(pairs)
    prepare = without_goback if args.without_goback else None
    renders = {} if args.no_render else render(pairs, [o.docx for o in outcomes], prepare)
    elapsed = time.perf_counter() - started

    header = f"{'pair':<10} {'opens':>5} {'accept':>6} {'reject':>6} {'render':>6} {'revs':>5} "
    print(header + f"{'wml':>4} {'marked':>6} {'min':>5} {'compare s':>9} {'acc %':>6} "
          f"{'rej %':>6}  note")
    for o in outcomes:
        note = o.compare_error or o.open_error or ""
        if o.pair.id in KNOWN_EXCEPTIONS:
            note = f"known exception: {KNOWN_EXCEPTIONS[o.pair.id]}"
        elif not o.inputs_plain:
            note = note or "inputs carry tracked changes"
        rendered = renders.get(o.pair.id)
        print(
            f"{o.pair.id:<10} {_mark(o.opens):>5} {_mark(o.accept_ok):>6} "
            f"{_mark(o.reject_ok):>6} "
            f"{_mark(rendered.contract_met) if rendered else '-':>6} {o.revisions:>5} "
            f"{o.pair.wmlcomparer_revisions:>4} {o.marked_words:>6} {o.minimal_words:>5} "
            f"{o.compare_seconds:>9.3f} {_share(rendered, 'accept_diff'):>6} "
            f"{_share(rendered, 'reject_diff'):>6}  {note[:80]}"
        )
        if args.diff:
            for line in o.accept_diff + o.reject_diff:
                print("    " + line)

    total = len(outcomes)
    met = [o for o in outcomes if o.contract_met]
    compare_seconds = sum(o.compare_seconds for o in outcomes)
    print()
    print(f"engine:          {args.engine}")
    print(f"pairs:           {total}")
    print(f"compared:        {sum(o.compare_error is None for o in outcomes)}/{total}")
    print(f"opens:           {sum(o.opens for o in outcomes)}/{total}")
    print(f"accept all ok:   {sum(o.accept_ok for o in outcomes)}/{total}")
    print(f"reject all ok:   {sum(o.reject_ok for o in outcomes)}/{total}")
    print(f"contract met:    {len(met)}/{total}")
    print(
        f"revisions:       {sum(o.revisions for o in outcomes)} (LibreOffice redlines) vs "
        f"{sum(o.pair.wmlcomparer_revisions for o in outcomes)} (WmlComparer)"
    )
    print(
        f"known exceptions ({len(KNOWN_EXCEPTIONS)}): "
        + (", ".join(f"{k}: {v}" for k, v in KNOWN_EXCEPTIONS.items()) or "none")
    )
    print(f"time:            {elapsed:.1f}s total, {compare_seconds:.1f}s in compare")
    marked = sum(o.marked_words for o in outcomes)
    minimal = sum(o.minimal_words for o in outcomes) or 1
    rendering = f"{sum(r.contract_met for r in renders.values())}/{total}" if renders else "-"
    print()
    print("| engine | text contract | rendering contract | words marked / minimal word diff |")
    print("|---|---|---|---|")
    print(f"| {args.engine} | {len(met)}/{total} | {rendering} | {marked / minimal:.2f} |")
    return 0 if len(met) == total else 2


if __name__ == "__main__":
    sys.exit(main())
