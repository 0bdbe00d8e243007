"""Trial of the installed command on output places it cannot write: what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path

from processes import policykit_command, run


def policykit(cwd: Path, *args: str) -> tuple[int, str, str]:
    done = run([*policykit_command(), *args], cwd=cwd, capture_output=True, text=True,
               timeout=120)
    return done.returncode, done.stdout, done.stderr


def test_init_under_a_file_says_which_is_the_file(tmp_path: Path) -> None:
    (tmp_path / "minutes").write_text("kept\n")
    code, out, err = policykit(tmp_path, "init", "minutes/council")
    assert (code, out) == (1, "")
    assert err == ("Error: minutes/council: minutes is a file, not a folder; choose another "
                   "output folder\n")
    assert (tmp_path / "minutes").read_text() == "kept\n"
