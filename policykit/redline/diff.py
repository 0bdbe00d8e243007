"""Align two sequences: common ends, patience anchors, then Myers' O(ND) diff in the gaps.

``match(a, b)`` returns the matched index pairs of a longest common subsequence (exact
when the gaps are small, patience-anchored when they are large), in linear time for the
common case of a few edits in a long document, and bounded when everything changed.
``opcodes(a, b)`` turns them into ``equal``/``replace``/``delete``/``insert`` runs like
``difflib``'s.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Sequence

MYERS_MAX_COST = 1_000_000  # d * d steps before anchoring on unique items


def match(
    a: Sequence[Hashable], b: Sequence[Hashable], *, patience: bool = True
) -> list[tuple[int, int]]:
    """Return the index pairs (i, j) with a[i] == b[j] of a common subsequence, in order.

    With ``patience`` (for long sequences of paragraphs) unique common items anchor the
    alignment first; without it the result is a longest common subsequence (Myers).
    """
    pairs: list[tuple[int, int]] = []
    _match(a, b, 0, len(a), 0, len(b), pairs, patience)
    return pairs


def _match(a, b, alo, ahi, blo, bhi, out, patience) -> None:
    # Common prefix.
    while alo < ahi and blo < bhi and a[alo] == b[blo]:
        out.append((alo, blo))
        alo += 1
        blo += 1
    # Common suffix (appended after the middle).
    tail = []
    while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
        ahi -= 1
        bhi -= 1
        tail.append((ahi, bhi))
    if alo < ahi and blo < bhi:
        anchors = _patience_anchors(a, b, alo, ahi, blo, bhi) if patience else []
        if anchors:
            i0, j0 = alo, blo
            for i, j in anchors:
                _match(a, b, i0, i, j0, j, out, patience)
                out.append((i, j))
                i0, j0 = i + 1, j + 1
            _match(a, b, i0, ahi, j0, bhi, out, patience)
        else:
            _myers(a, b, alo, ahi, blo, bhi, out)
    out.extend(reversed(tail))


def _patience_anchors(a, b, alo, ahi, blo, bhi) -> list[tuple[int, int]]:
    counts: dict = {}
    for i in range(alo, ahi):
        entry = counts.get(a[i])
        counts[a[i]] = [1, i, -1] if entry is None else [entry[0] + 1, i, -1]
    for j in range(blo, bhi):
        entry = counts.get(b[j])
        if entry is None:
            continue
        if entry[2] == -1 and entry[0] == 1:
            entry[2] = j
        else:
            entry[0] = 2  # not unique any more
    uniques = sorted(
        (entry[2], entry[1]) for entry in counts.values() if entry[0] == 1 and entry[2] >= 0
    )
    if not uniques:
        return []
    # Longest increasing subsequence of old positions, in new order.
    tails: list[int] = []
    tails_idx: list[int] = []
    back = [-1] * len(uniques)
    for k, (_, i) in enumerate(uniques):
        pos = bisect_left(tails, i)
        if pos == len(tails):
            tails.append(i)
            tails_idx.append(k)
        else:
            tails[pos] = i
            tails_idx[pos] = k
        back[k] = tails_idx[pos - 1] if pos else -1
    chain = []
    k = tails_idx[-1]
    while k >= 0:
        j, i = uniques[k]
        chain.append((i, j))
        k = back[k]
    chain.reverse()
    return chain


def _myers(a, b, alo, ahi, blo, bhi, out) -> None:
    n, m = ahi - alo, bhi - blo
    limit = n + m
    offset = limit + 1
    v = [0] * (2 * limit + 3)
    trace = []
    found = False
    for d in range(limit + 1):
        if d * d > MYERS_MAX_COST:
            break
        trace.append(v[offset - d - 1: offset + d + 2])  # frontier before step d
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            while x < n and y < m and a[alo + x] == b[blo + y]:
                x += 1
                y += 1
            v[offset + k] = x
            if x >= n and y >= m:
                found = True
                break
        if found:
            break
    if not found:
        _anchored(a, b, alo, ahi, blo, bhi, out)
        return
    out.extend(_backtrack(trace, n, m, alo, blo))


def _anchored(a, b, alo, ahi, blo, bhi, out) -> None:
    """Too costly to be exact: anchor on unique common items, or give the range up."""
    anchors = _patience_anchors(a, b, alo, ahi, blo, bhi)
    i0, j0 = alo, blo
    for i, j in anchors:
        if i - i0 < ahi - alo and j - j0 < bhi - blo:
            _match(a, b, i0, i, j0, j, out, True)
        out.append((i, j))
        i0, j0 = i + 1, j + 1
    if anchors:
        _match(a, b, i0, ahi, j0, bhi, out, True)


def _backtrack(trace: list, n: int, m: int, alo: int, blo: int) -> list[tuple[int, int]]:
    """Return the matched pairs found by walking back through the saved frontiers."""
    pairs = []
    x, y = n, m
    for d in range(len(trace) - 1, -1, -1):
        vd = trace[d]
        k = x - y
        if d == 0:
            while x > 0 and y > 0:
                x -= 1
                y -= 1
                pairs.append((alo + x, blo + y))
            break
        prev_k = k + 1 if k == -d or k != d and vd[k + d] < vd[k + d + 2] else k - 1
        prev_x = vd[prev_k + d + 1]
        prev_y = prev_x - prev_k
        while x > prev_x and y > prev_y:
            x -= 1
            y -= 1
            pairs.append((alo + x, blo + y))
        x, y = prev_x, prev_y
    pairs.reverse()
    return pairs


def opcodes(
    a: Sequence[Hashable], b: Sequence[Hashable], pairs: list[tuple[int, int]] | None = None
) -> list[tuple[str, int, int, int, int]]:
    """Return difflib-style opcodes turning ``a`` into ``b``."""
    if pairs is None:
        pairs = match(a, b)
    ops: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for pi, pj in [*pairs, (len(a), len(b))]:
        if pi > i or pj > j:
            tag = "replace" if pi > i and pj > j else ("delete" if pi > i else "insert")
            ops.append((tag, i, pi, j, pj))
        if pi < len(a) and pj < len(b):
            if ops and ops[-1][0] == "equal":
                tag, i1, _, j1, _ = ops[-1]
                ops[-1] = ("equal", i1, pi + 1, j1, pj + 1)
            else:
                ops.append(("equal", pi, pi + 1, pj, pj + 1))
        i, j = pi + 1, pj + 1
    return ops


def absorb_small_equals(
    ops: list[tuple[str, int, int, int, int]], a: Sequence[str], b: Sequence[str]
) -> list[tuple[str, int, int, int, int]]:
    """Fold an equal run of only whitespace between two changes into one replace.

    "the cat sat" -> "a dog sat" then reads "~~the cat~~ a dog sat" rather than
    alternating single words around kept spaces.
    """
    if len(ops) < 3:
        return ops
    result: list[tuple[str, int, int, int, int]] = []
    for index, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        if (
            tag == "equal"
            and 0 < index < len(ops) - 1
            and result
            and result[-1][0] != "equal"
            and ops[index + 1][0] != "equal"
            and all(not str(a[i]).strip() for i in range(i1, i2))
            and i2 - i1 <= 2
        ):
            prev = result.pop()
            result.append(("replace", prev[1], i2, prev[3], j2))
            continue
        if tag != "equal" and result and result[-1][0] != "equal":
            prev = result.pop()
            result.append((_tag(prev[1], i2, prev[3], j2), prev[1], i2, prev[3], j2))
            continue
        result.append(op)
    return result


def _tag(i1: int, i2: int, j1: int, j2: int) -> str:
    if i2 > i1 and j2 > j1:
        return "replace"
    return "delete" if i2 > i1 else "insert"
