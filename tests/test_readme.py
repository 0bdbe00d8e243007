"""Test that the README's console transcripts are true: each runs and prints what it shows.

After changing what a command prints, regenerate every transcript with one command
(policykit installed, LibreOffice and poppler-utils for the publishing and checking ones)::

    python tests/transcripts.py --write

then read the diff of README.md. Each ```console block runs in a fresh folder
(tests/transcripts.py says which, and what is normalised: commit ids, sizes, today's date,
ports); a failure names the block, the command and the README line that differs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from transcripts import README, Block, blocks, differences, run_block

BLOCKS = blocks(README.read_text(encoding="utf-8"))


def _param(block: Block) -> object:
    marks = [pytest.mark.slow]
    if block.uses_office:
        marks.append(pytest.mark.office)
    return pytest.param(block, marks=marks, id=f"line-{block.start}-{block.heading}")


def test_the_readme_has_its_transcripts() -> None:
    headings = {block.heading for block in BLOCKS}
    assert {"In the terminal", "Tracked-change comparisons", "Versions in git",
            "Review scheduling", "Publishing the pack"} <= headings


@pytest.mark.parametrize("block", [_param(block) for block in BLOCKS])
def test_each_transcript_prints_what_the_readme_shows(block: Block, tmp_path: Path) -> None:
    report = differences(block, run_block(block, tmp_path))
    assert report == [], (
        "\n".join(report) + "\nIf the new output is right, regenerate the transcripts: "
        "python tests/transcripts.py --write")


def test_every_file_a_transcript_reads_is_made_by_a_command_it_shows() -> None:
    """The inputs no policykit command writes are made by an earlier line of the same block."""
    inputs = ("staff-policy-2014.docx", "notes.txt", "Staff Social Media Policy.docx")
    for block in BLOCKS:
        made: set[str] = set()
        for command in block.commands:
            made |= {name for name in inputs
                     if f"> {name}" in command.text or f'open("{name}", "wb")' in command.text}
            used = {name for name in inputs if name in command.text}
            assert used <= made, f"{block.name}: `{command.text}` reads {used - made}"
