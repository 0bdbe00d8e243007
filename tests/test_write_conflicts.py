"""Test the one write lock and version check with real concurrent processes (issue 16, part 4).

Three processes write the same content file round after round: two workspace saves that
read the same version (the same token) and a review record (the CLI's and the workspace's
path), released at the same moment. Two writers never both succeed against the same base:
of the two saves exactly one wins unless the review got in first; every loser gets a
``ConflictError`` naming the other change, with its own text kept; and no text a winner
wrote is ever lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gitfixtures import make_repo

from policykit.errors import ConflictError, HistoryError

WORKER = r"""
import json, sys
from datetime import date, timedelta
from policykit import api
from policykit.errors import ConflictError, PolicykitError

kind, name, content = sys.argv[1], sys.argv[2], sys.argv[3]
source = None
for line in sys.stdin:
    step, number = line.split()
    round_ = int(number)
    if step == "read":
        if kind == "save":
            source = api.read_source(content, "appendix-a")
        print("ready", flush=True)
        continue
    result = {"name": name, "won": False}
    try:
        if kind == "save":
            text = source.text + f"\nSaved by {name} in round {round_}.\n"
            saved = api.save_source(content, "appendix-a", text, token=source.token,
                                    author=name, message=f"Round {round_} by {name}")
            result.update(won=True, commit=saved.commit, paragraph=text.splitlines()[-1])
        else:
            day = date(2020, 1, 1) + timedelta(days=round_)
            done = api.record_review(content, "appendix-a", by=name, on=day,
                                     today=date(2030, 1, 1))
            result.update(won=True, commit=done.commit, reviewed=day.isoformat())
    except ConflictError as conflict:
        result.update(conflict=str(conflict), other=conflict.other,
                      kept=[data.decode() for data in conflict.kept.values()])
    except PolicykitError as error:
        result.update(error=f"{type(error).__name__}: {error}")
    print(json.dumps(result), flush=True)
"""

SAVERS = ("Sam Saver", "Sue Saver")
REVIEWER = "Rita Reviewer"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    make_repo(tmp_path / "council")
    return tmp_path / "council" / "content"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for role in ("AUTHOR", "COMMITTER"):
        env[f"GIT_{role}_NAME"] = REVIEWER
        env[f"GIT_{role}_EMAIL"] = "rita@example.gov.uk"
    return env


def race(content: Path, rounds: int) -> list[list[dict]]:
    """Run ``rounds`` rounds of two saves and a review against one file; return the results."""
    workers = [subprocess.Popen(
        [sys.executable, "-c", WORKER, kind, name, str(content)], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True, env=_env())
        for kind, name in (("save", SAVERS[0]), ("save", SAVERS[1]), ("review", REVIEWER))]
    results = []
    try:
        for number in range(rounds):
            for step in ("read", "write"):
                for worker in workers:  # released together: each has only to read a line
                    worker.stdin.write(f"{step} {number}\n")
                    worker.stdin.flush()
                replies = [worker.stdout.readline() for worker in workers]
                assert all(replies), "a worker died"
            results.append([json.loads(reply) for reply in replies])
    finally:
        for worker in workers:
            worker.stdin.close()
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()
            worker.stdout.close()
    return results


def check_rounds(content: Path, results: list[list[dict]]) -> dict[str, int]:
    """Assert one winner per base and no lost text; return counts of what happened."""
    counts = {"rounds": len(results), "save conflicts": 0, "review conflicts": 0}
    text = (content / "appendix-a.md").read_text()
    for number, (first, second, review) in enumerate(results):
        for result in (first, second, review):
            assert "error" not in result, result
        saves = [result for result in (first, second) if result["won"]]
        assert len(saves) <= 1, f"round {number}: both saves won against the same base"
        if not saves:  # the review was committed first, so both saves started from the old base
            assert review["won"], f"round {number}: nobody won"
        for result in (first, second, review):
            if result["won"]:
                assert result["commit"]
                if "paragraph" in result:
                    assert f"\n{result['paragraph']}\n" in text, f"round {number}: text lost"
                continue
            if result is review:
                counts["review conflicts"] += 1
            else:
                counts["save conflicts"] += 1
                mine = f"Saved by {result['name']} in round {number}."
                assert any(mine in kept for kept in result["kept"]), "the loser's text is lost"
                assert mine not in text
            assert "changed it at" in result["other"], result
            winner = saves[0]["name"] if saves and result is not review else None
            # the conflict names the newest change since the loser's base: the winning save,
            # or the review when it was recorded after that save in the same round
            named = {winner} | ({review["name"]} if review["won"] else set())
            assert winner is None or any(n in result["other"] for n in named), result
    return counts


def test_concurrent_writers_one_winner_per_base_no_lost_text(content: Path) -> None:
    results = race(content, 15)
    counts = check_rounds(content, results)
    assert counts["save conflicts"] >= 15  # every round, at least one save lost
    reviews = sum(result[2]["won"] for result in results)
    saves = sum(result[0]["won"] + result[1]["won"] for result in results)
    text = (content / "appendix-a.md").read_text()
    log = subprocess.run(["git", "-C", str(content), "rev-list", "--count", "HEAD"],
                         capture_output=True, text=True, check=True).stdout
    assert int(log) == 1 + reviews + saves  # every success is a commit, nothing else
    assert text.count("Saved by ") == saves


@pytest.mark.slow
def test_concurrent_writers_hundreds_of_rounds(content: Path) -> None:
    counts = check_rounds(content, race(content, 300))
    assert counts["rounds"] == 300


def test_a_review_racing_a_save_loses_with_the_other_change_named(content: Path) -> None:
    """The review read the file before the save was committed: it must not overwrite it."""
    from datetime import date

    from policykit import api

    source = api.read_source(content, "appendix-a")
    base = (content / "appendix-a.md").read_bytes()
    api.save_source(content, "appendix-a", source.text + "\nA new paragraph.\n",
                    token=source.token, author="Sam Saver", message="Add a paragraph")
    saved = (content / "appendix-a.md").read_bytes()
    # the review's own read happened before the save: simulate it by restoring the base
    # only in its eyes, through the one commit path with the base it read
    from policykit.versions.conflicts import digest
    from policykit.versions.repository import ContentRepository

    repo = ContentRepository.open(content)
    with pytest.raises(ConflictError) as caught:
        repo.commit(["content/appendix-a.md"], "Review", write={"content/appendix-a.md": base},
                    base={"content/appendix-a.md": digest(base)})
    assert str(caught.value).startswith(
        "content/appendix-a.md: Sam Saver changed it at ")
    assert '(version ' in caught.value.other and '"Add a paragraph"' in caught.value.other
    assert caught.value.kept == {"content/appendix-a.md": base}
    assert (content / "appendix-a.md").read_bytes() == saved
    assert isinstance(caught.value, HistoryError)
    assert api.record_review(content, "appendix-a", by="Rita Reviewer", on=date(2020, 1, 2),
                             today=date(2030, 1, 1)).commit
