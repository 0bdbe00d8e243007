"""Test that the README's console transcripts are true: each runs and prints what it shows.

After changing what a command prints, regenerate every transcript with one command
(policykit installed, LibreOffice and poppler-utils for the publishing and checking ones)::

    python tests/transcripts.py --write

then read the diff of README.md. Each ```console block runs in a fresh folder
(tests/transcripts.py says which, and what is normalised: commit ids, sizes, today's date,
ports); a failure names the block, the command and the README line that differs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from transcripts import README, Block, blocks, differences, run_block, start, stories

BLOCKS = blocks(README.read_text(encoding="utf-8"))


def _param(story: list[Block]) -> object:
    marks = [pytest.mark.slow]
    if any(block.uses_office for block in story):
        marks.append(pytest.mark.office)
    first = story[0]
    return pytest.param(story, marks=marks, id=f"line-{first.start}-{first.heading}")


def test_the_readme_has_its_transcripts() -> None:
    headings = {block.heading for block in BLOCKS}
    assert {"In the terminal", "Tracked-change comparisons", "Versions in git",
            "Review scheduling", "Publishing the pack"} <= headings


@pytest.mark.parametrize("story", [_param(story) for story in stories(BLOCKS)])
def test_each_transcript_prints_what_the_readme_shows(story: list[Block], tmp_path: Path
                                                     ) -> None:
    session = start(story[0], tmp_path)  # blocks that continue a story run on in its folder
    report = [line for block in story
              for line in differences(block, run_block(block, tmp_path, session))]
    assert report == [], (
        "\n".join(report) + "\nIf the new output is right, regenerate the transcripts: "
        "python tests/transcripts.py --write")


def test_every_file_a_transcript_reads_is_made_by_a_command_it_shows() -> None:
    """The inputs no policykit command writes are made by an earlier line of the same story."""
    inputs = ("staff-policy-2014.docx", "notes.txt", "Staff Social Media Policy.docx",
              "legal.docx", "comms.docx")
    for story in stories(BLOCKS):
        made: set[str] = set()
        for block, command in ((b, c) for b in story for c in b.commands):
            made |= {name for name in inputs
                     if f"> {name}" in command.text or f'open("{name}", "wb")' in command.text
                     or f".save('{name}')" in command.text}
            used = {name for name in inputs  # the file itself, not a name ending in it
                    if re.search(rf"(?<![\w./-]){re.escape(name)}", command.text)}
            assert used <= made, f"{block.name}: `{command.text}` reads {used - made}"
