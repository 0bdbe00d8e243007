"""Test the sequence alignment under the engine: exact LCS, patience anchors, opcodes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from policykit.redline.diff import absorb_small_equals, match, opcodes

items = st.lists(st.sampled_from("abcd"), max_size=14)


def lcs_length(a: list, b: list) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1],
                                                                       table[i + 1][j])
    return table[len(a)][len(b)]


@settings(max_examples=300, deadline=None)
@given(items, items)
def test_match_without_patience_is_a_longest_common_subsequence(a, b) -> None:
    pairs = match(a, b, patience=False)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(p < q for (p, _), (q, _) in zip(pairs, pairs[1:], strict=False))
    assert all(p < q for (_, p), (_, q) in zip(pairs, pairs[1:], strict=False))
    assert len(pairs) == lcs_length(a, b)


@settings(max_examples=300, deadline=None)
@given(items, items)
def test_opcodes_rebuild_the_new_sequence(a, b) -> None:
    rebuilt: list = []
    for tag, i1, i2, j1, j2 in absorb_small_equals(opcodes(a, b), a, b):
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        rebuilt += a[i1:i2] if tag == "equal" else b[j1:j2]
    assert rebuilt == b


def test_patience_aligns_long_sequences_with_few_edits_exactly() -> None:
    a = [f"p{i}" for i in range(20000)]
    b = list(a)
    b[500], b[15000] = "changed", "also changed"
    del b[7000]
    pairs = match(a, b)
    assert len(pairs) == 20000 - 3
