"""Property test: for random documents and random edits, Accept All gives NEW, Reject All OLD.

Documents are random paragraphs (with the odd heading, bold run and table); edits are
random word replacements, insertions and deletions, paragraph insertions, deletions and
moves, table row changes and formatting toggles. The judge is the pure-Python
simulator in ``test_redline_sim``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_redline_sim import accept_texts, build, plain_texts, reject_texts

from policykit.redline import compare

WORDS = [
    "the",
    "council",
    "policy",
    "staff",
    "must",
    "report",
    "each",
    "incident",
    "to",
    "manager",
    "within",
    "two",
    "days",
    "and",
    "record",
    "it",
    "a",
    "fee",
    "of",
    "£10",
]
DATE = datetime(2026, 1, 1, tzinfo=UTC)

sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=12).map(" ".join)
paragraph = st.one_of(
    sentence,
    sentence.map(lambda s: (s.capitalize(), "Heading 1")),
    st.tuples(sentence, sentence).map(
        lambda pair: {"runs": [(pair[0] + " ", {}), (pair[1], {"bold": True})]}
    ),
)
table = st.lists(st.lists(st.sampled_from(WORDS), min_size=2, max_size=2), min_size=1, max_size=3)
block = st.one_of(paragraph, paragraph, paragraph, table)
document = st.lists(block, min_size=1, max_size=8)


def _edit_text(text: str, data) -> str:
    words = text.split(" ")
    action = data.draw(st.sampled_from(["replace", "insert", "delete", "keep"]))
    position = data.draw(st.integers(0, len(words) - 1))
    if action == "replace":
        words[position] = data.draw(st.sampled_from(WORDS))
    elif action == "insert":
        words.insert(position, data.draw(st.sampled_from(WORDS)))
    elif action == "delete" and len(words) > 1:
        del words[position]
    return " ".join(words)


def _edit_block(item, data):
    if isinstance(item, str):
        return _edit_text(item, data)
    if isinstance(item, tuple):
        return (_edit_text(item[0], data), item[1])
    if isinstance(item, dict):
        runs = [(text, dict(fmt)) for text, fmt in item["runs"]]
        if data.draw(st.booleans()):
            runs[-1][1]["bold"] = not runs[-1][1].get("bold")
        else:
            runs[0] = (_edit_text(runs[0][0].rstrip(), data) + " ", runs[0][1])
        return {"runs": runs}
    rows = [list(r) for r in item]
    action = data.draw(st.sampled_from(["cell", "add", "drop"]))
    if action == "cell":
        r = data.draw(st.integers(0, len(rows) - 1))
        rows[r][0] = data.draw(st.sampled_from(WORDS))
    elif action == "add":
        rows.insert(data.draw(st.integers(0, len(rows))), data.draw(table)[0])
    elif len(rows) > 1:
        del rows[data.draw(st.integers(0, len(rows) - 1))]
    return rows


@st.composite
def versions(draw):
    old = draw(document)
    new = list(old)
    for _ in range(draw(st.integers(1, 4))):
        action = draw(st.sampled_from(["edit", "edit", "insert", "delete", "move"]))
        if action == "edit" and new:
            i = draw(st.integers(0, len(new) - 1))
            new[i] = _edit_block(new[i], draw(st.data()))
        elif action == "insert":
            new.insert(draw(st.integers(0, len(new))), draw(block))
        elif action == "delete" and len(new) > 1:
            del new[draw(st.integers(0, len(new) - 1))]
        elif action == "move" and len(new) > 1:
            item = new.pop(draw(st.integers(0, len(new) - 1)))
            new.insert(draw(st.integers(0, len(new))), item)
    return old, new


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(versions(), st.sampled_from(["word", "char"]))
def test_accept_gives_new_and_reject_gives_old(pair, granularity) -> None:
    old_blocks, new_blocks = pair
    # python-docx documents end in a paragraph; so do Word's.
    old, new = build([*old_blocks, "End."]), build([*new_blocks, "End."])
    result = compare(old, new, date=DATE, granularity=granularity)
    assert accept_texts(result.docx) == plain_texts(new)
    assert reject_texts(result.docx) == plain_texts(old)
