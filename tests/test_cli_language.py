"""Test that the CLI is one language: the same option, help and exit code for the same thing.

``-h`` is ``--help`` everywhere and each help ends with examples; ``-o/--output`` names what
every command writes (``--out`` still works, unlisted); ``build`` takes ``--content-dir``
like the rest; dates are ``YYYY-MM-DD`` and a malformed one exits 2; a missing input file
exits 1 in ``import`` as in ``compare``; Ctrl-C exits 130 saying nothing was written.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from processes import child_env, started
from typer.testing import CliRunner

import policykit
from policykit.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
ENV = {"COLUMNS": "80", "NO_COLOR": "1"}


def _commands(command: object, path: list[str]) -> list[tuple[list[str], object]]:
    found = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        found += _commands(sub, [*path, name])
    return found


# Every command and group, found from the app itself, so a new command is checked too.
ALL = _commands(typer.main.get_command(app), [])
COMMANDS = [path for path, _ in ALL]
WRITERS = [["build"], ["compare"], ["release"], ["diff"], ["reviews", "calendar"]]


def invoke(*args: str):
    return runner.invoke(app, list(args), env=ENV)


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """Return a copy of the sample content without its standing comparison (quicker)."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    text = (folder / "pack.yaml").read_text()
    (folder / "pack.yaml").write_text(text.split("\n# Standing comparisons")[0] + "\n")
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "policykit")
def test_h_is_help_and_help_ends_with_examples(command: list[str]) -> None:
    short, long = invoke(*command, "-h"), invoke(*command, "--help")
    assert (short.exit_code, long.exit_code) == (0, 0)
    assert short.stdout == long.stdout
    lines = short.stdout.rstrip("\n").splitlines()
    examples = lines.index("  Examples:")
    assert 1 <= len(lines) - examples - 1 <= 2
    assert all(line.startswith("    policykit ") for line in lines[examples + 1:])
    assert "%Y" not in short.stdout


@pytest.mark.parametrize("command", WRITERS, ids=" ".join)
def test_every_writer_spells_its_output_o_output(command: list[str]) -> None:
    text = invoke(*command, "-h").stdout
    assert "-o, --output" in text
    assert "--out " not in text and "--out\n" not in text  # the old spelling is not listed


def test_one_spelling_for_each_shared_option() -> None:
    """-o is always --output, --out is never listed, the content folder is --content-dir."""
    for path, command in ALL:
        for param in getattr(command, "params", []):
            if param.param_type_name != "option" or getattr(param, "hidden", False):
                continue
            opts = set(param.opts) | set(param.secondary_opts)
            where = " ".join(["policykit", *path])
            assert "--out" not in opts, f"{where}: spell it -o/--output (--out hidden)"
            if "-o" in opts:
                assert "--output" in opts, f"{where}: -o is --output"
            assert not opts & {"--content", "--content-folder", "--dir"}, where


def test_version() -> None:
    result = invoke("--version")
    assert (result.exit_code, result.stdout) == (0, f"policykit {policykit.__version__}\n")


def test_approved_on_help_reads_yyyy_mm_dd() -> None:
    assert "--approved-on YYYY-MM-DD" in invoke("release", "-h").stdout


def test_build_accepts_content_dir_and_the_old_out(pack: Path, tmp_path: Path) -> None:
    new = invoke("build", "--content-dir", str(pack), "-o", str(tmp_path / "one"))
    old = invoke("build", str(pack), "--out", str(tmp_path / "two"))
    assert (new.exit_code, old.exit_code) == (0, 0), new.output + old.output
    assert new.stdout.endswith(f"Built 4 documents into {tmp_path / 'one'}.\n")
    for name in ("report.docx", "appendix-a.docx", "appendix-b.docx"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_build_refuses_two_different_content_folders(pack: Path, tmp_path: Path) -> None:
    result = invoke("build", str(pack), "--content-dir", str(tmp_path), "-o",
                    str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for --content-dir: two content folders given ({pack} and "
        f"{tmp_path}); give one\n")
    assert not (tmp_path / "out").exists()


def test_validate_accepts_content_dir(pack: Path) -> None:
    result = invoke("validate", "--content-dir", str(pack))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{pack} is valid: 4 pack documents")


def test_calendar_keeps_the_old_out(pack: Path, tmp_path: Path) -> None:
    result = invoke("reviews", "calendar", "--content-dir", str(pack), "--out",
                    str(tmp_path / "r.ics"), "--today", "2019-12-01")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_output_given_twice_differently_is_a_usage_error(pack: Path, tmp_path: Path) -> None:
    result = invoke("reviews", "calendar", "--content-dir", str(pack), "-o",
                    str(tmp_path / "a.ics"), "--out", str(tmp_path / "b.ics"))
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --out: give the output once, with -o/--output\n")


@pytest.mark.parametrize("args", [
    ["release", "appendix-a", "--version", "1.0", "--approved-by", "Cabinet",
     "--approved-on", "11 June 2019"],
    ["reviews", "record", "appendix-a", "--by", "Ann", "--on", "11 June 2019"],
    ["reviews", "due", "--today", "11 June 2019"],
    ["reviews", "calendar", "--today", "11 June 2019"],
], ids=["approved-on", "on", "due-today", "calendar-today"])
def test_a_malformed_date_exits_2_with_the_same_words(args: list[str], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    option = args[-2]
    result = invoke(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.endswith(
        f"Error: Invalid value for {option}: '11 June 2019' is not a date; write it as "
        "YYYY-MM-DD\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["import", "{missing}", "new-policy", "--content-dir", "{content}"],
    ["compare", "{missing}", "{missing}", "-o", "{out}"],
], ids=["import", "compare"])
def test_a_missing_input_file_exits_1(command: list[str], pack: Path, tmp_path: Path) -> None:
    missing = tmp_path / "missing.docx"
    args = [arg.format(missing=missing, content=pack, out=tmp_path / "o.docx")
            for arg in command]
    result = invoke(*args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        1, "", f"Error: {missing}: does not exist; check the path\n")
    assert not (pack / "new-policy.md").exists()


def test_ctrl_c_exits_130_and_says_nothing_was_written(pack: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the pack is being built: the group catches it once, for every command."""
    import policykit.api

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(policykit.api, "build_pack", interrupted)
    result = invoke("build", str(pack), "-o", str(tmp_path / "out"))
    assert (result.exit_code, result.stdout, result.stderr) == (
        130, "", "Interrupted; nothing was written.\n")
    assert not (tmp_path / "out").exists()


def test_a_real_sigint_exits_130(tmp_path: Path) -> None:
    """Send SIGINT to a real ``policykit build`` process while it is building."""
    script = (
        "import sys, time\n"
        "import policykit.api\n"
        "def slow(*args, **kwargs):\n"
        "    print('building', flush=True)\n"
        "    time.sleep(60)\n"
        "policykit.api.build_pack = slow\n"
        "from policykit.cli import main\n"
        "sys.argv = ['policykit', 'build', '-o', 'out']\n"
        "main()\n"
    )
    # The child's SIGINT is set to the default in the child itself (processes.popen), so
    # this passes when the suite runs in the background, where SIGINT is inherited ignored.
    with started([sys.executable, "-c", script], cwd=tmp_path, env=child_env(COLUMNS="80"),
                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None
        assert process.stdout.readline() == "building\n"
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    assert (process.returncode, stdout, stderr) == (130, "", "Interrupted; nothing was written.\n")
    assert not (tmp_path / "out").exists()
