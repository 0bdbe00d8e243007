"""Run the README's console transcripts for real: the one home for running a transcript.

Every ```console block of README.md with ``$ `` lines is a transcript. Each block runs in a
folder of its own, its commands in order, as a user types them: in an empty folder when
the block starts with ``policykit init``, else in a fresh ``policykit init`` folder; a block
preceded by the line ``<!-- continues the transcript above -->`` runs on in the folder (and
the clock) of the block above, so a story told in several blocks is run as one. Nothing
is run that the block does not show, except the environment: a fixed git identity (Connie
Primmer) and a clock that starts on 11 June 2019 and moves on a day per command, ``HOME``
set to the block's folder (shown as /home/officer), the installed ``policykit`` and
``python`` first on PATH, 100 columns. ``policykit serve`` is stopped with Ctrl-C once it
answers (on a free port; ports are normalised).

    python tests/transcripts.py            # run every block; say which lines differ
    python tests/transcripts.py --write    # rewrite README.md's blocks with what they print

``tests/test_readme.py`` runs each block and compares its output with the README's, with
commit ids, file sizes, today's date, a file's last-changed time and ports normalised
(``normalise``).
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SHOWN_HOME = "/home/officer"
START = datetime.fromisoformat("2019-06-11T10:00:00+01:00")
IDENTITY = {"GIT_AUTHOR_NAME": "Connie Primmer", "GIT_COMMITTER_NAME": "Connie Primmer",
            "GIT_AUTHOR_EMAIL": "cprimmer@chiltern.gov.uk",
            "GIT_COMMITTER_EMAIL": "cprimmer@chiltern.gov.uk"}
TIMEOUT = 900  # seconds for one command (publish starts LibreOffice)


@dataclass
class Command:
    """One ``$ `` command of a transcript (continuation lines included) and what it shows."""

    line: int  # README line number (1-based) of the ``$ `` line
    text: str
    output: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One ```console block: the heading above it and its commands."""

    heading: str
    start: int  # README line number of the ```console line
    end: int  # README line number of the closing ```
    commands: list[Command]
    continues: bool = False  # preceded by CONTINUES: runs on in the block above's folder

    @property
    def name(self) -> str:
        return f"{self.heading} (README.md line {self.start})"

    @property
    def uses_office(self) -> bool:
        return any(re.search(r"\bpolicykit publish\b|\bsoffice\b", c.text) for c in self.commands)


CONTINUES = "<!-- continues the transcript above -->"


@dataclass
class Session:
    """Where a story's commands run: its folder, environment, last exit code and day."""

    home: Path
    env: dict[str, str]
    cwd: Path
    status: int = 0
    day: int = 0


def blocks(text: str) -> list[Block]:
    """Return the transcripts of a README: its ```console blocks that have ``$ `` lines."""
    found = []
    lines = text.split("\n")
    heading = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.strip() != "```console":
            index += 1
            continue
        start = index
        commands: list[Command] = []
        index += 1
        while not lines[index].startswith("```"):
            if lines[index].startswith("$ "):
                text_lines = [lines[index][2:]]
                line_number = index + 1
                while text_lines[-1].endswith("\\"):
                    index += 1
                    text_lines.append(lines[index])
                commands.append(Command(line_number, "\n".join(text_lines)))
            elif commands:
                commands[-1].output.append(lines[index])
            index += 1
        if commands:
            after = start > 0 and lines[start - 1].strip() == CONTINUES
            found.append(Block(heading, start + 1, index + 1, commands, after))
        index += 1
    return found


def normalise(line: str) -> str:
    """Return ``line`` with what changes from run to run replaced by a placeholder."""
    line = re.sub(r"\b(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b", "<commit>", line)
    line = re.sub(r"\b\d+ KB\b", "<n> KB", line)
    line = re.sub(r"today is \d{4}-\d{2}-\d{2}", "today is <today>", line)
    line = re.sub(r"last changed \d{1,2} \w+ \d{4} at \d\d:\d\d", "last changed <when>", line)
    return re.sub(r"(127\.0\.0\.1|localhost):\d+", r"\1:<port>", line)


def _environment(home: Path) -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONPATH", "VIRTUAL_ENV") and not name.startswith("GIT_")}
    env.update(IDENTITY, HOME=str(home), COLUMNS="100", NO_COLOR="1", PYTHONUNBUFFERED="1",
               BROWSER="true", PATH=os.pathsep.join([bin_dir, env.get("PATH", "")]))
    return env


def _git_date(when: datetime) -> str:
    """Return ``when`` as git's own date format: '<seconds> <+hhmm>'."""
    return f"{int(when.timestamp())} {when:%z}"


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(command: str, cwd: Path, env: dict[str, str]) -> str:
    """Run ``policykit serve`` until it answers, then press Ctrl-C; return what it printed."""
    port = _free_port()
    process = subprocess.Popen(
        ["bash", "-c", f"exec {command} --port {port}"], cwd=cwd, env=env,
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=_default_sigint)
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                    break
            except urllib.error.HTTPError:  # it answered (a sign-in page, say)
                break
            except OSError:
                time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        shown, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return shown.replace(f"127.0.0.1:{port}/", "127.0.0.1:8000/")  # the default port


def stories(found: list[Block]) -> list[list[Block]]:
    """Return the blocks grouped into stories: a block and the blocks that continue it."""
    grouped: list[list[Block]] = []
    for block in found:
        if block.continues and grouped:
            grouped[-1].append(block)
        else:
            grouped.append([block])
    return grouped


def start(block: Block, work: Path) -> Session:
    """Return a new folder under ``work`` for ``block`` (a ``policykit init`` pack in it
    unless the block makes its own)."""
    home = Path(tempfile.mkdtemp(dir=work, prefix="officer-"))
    env = _environment(home)
    cwd = home
    if not block.commands[0].text.startswith("policykit init"):
        env.update(GIT_AUTHOR_DATE=_git_date(START), GIT_COMMITTER_DATE=_git_date(START))
        made = subprocess.run(["policykit", "init", "pack"], cwd=home, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT)
        if made.returncode != 0:
            raise RuntimeError(f"policykit init failed: {made.stderr}")
        cwd = home / "pack"
    return Session(home, env, cwd)


def run_block(block: Block, work: Path, session: Session | None = None) -> list[list[str]]:
    """Run ``block``'s commands in order in ``session`` (else a new folder under ``work``);
    return their output. The work folder's path is shown as /home/officer, as in the README.
    """
    session = session or start(block, work)
    env, home = session.env, session.home
    outputs = []
    for command in block.commands:
        session.day += 1
        when = _git_date(START + timedelta(days=session.day))
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        moved = re.fullmatch(r"cd (\S+)", command.text.strip())
        if moved:
            session.cwd = (session.cwd / moved.group(1)).resolve()
            outputs.append([])
            continue
        if command.text.startswith("policykit serve"):
            text = _serve(command.text, session.cwd, env)
        else:
            done = subprocess.run(
                ["bash", "-c", f"(exit {session.status}); {command.text}"], cwd=session.cwd,
                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT,
                preexec_fn=_default_sigint)
            session.status, text = done.returncode, done.stdout
        text = text.replace(str(home), SHOWN_HOME)
        outputs.append(text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
                       if text else [])
    return outputs


def differences(block: Block, outputs: list[list[str]]) -> list[str]:
    """Return a report of each command whose output differs from the README (empty: same)."""
    report = []
    for command, got in zip(block.commands, outputs, strict=True):
        expected = [normalise(line) for line in command.output]
        actual = [normalise(line) for line in got]
        if expected == actual:
            continue
        first = next((i for i, (a, b) in enumerate(zip(expected, actual, strict=False))
                      if a != b), min(len(expected), len(actual)))
        readme_line = command.line + command.text.count("\n") + 1 + first
        report.append(
            f"{block.name}: `$ {command.text}` (README.md line {command.line}) differs "
            f"from README.md line {readme_line}:\n"
            f"  README: {command.output[first] if first < len(command.output) else '<nothing>'}\n"
            f"  ran:    {got[first] if first < len(got) else '<nothing>'}\n"
            + "".join(f"    {line}\n" for line in difflib.unified_diff(
                command.output, got, "README.md", "ran", lineterm="", n=1)))
    return report


def rewritten(text: str, results: list[tuple[Block, list[list[str]]]]) -> str:
    """Return the README with each block's output replaced by what it printed."""
    lines = text.split("\n")
    for block, outputs in sorted(results, key=lambda r: -r[0].start):
        body = []
        for command, got in zip(block.commands, outputs, strict=True):
            body += [f"$ {command.text}".split("\n")[0], *command.text.split("\n")[1:], *got]
        lines[block.start:block.end - 1] = body
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="rewrite README.md's transcripts")
    args = parser.parse_args()
    text = README.read_text(encoding="utf-8")
    results = []
    with tempfile.TemporaryDirectory(prefix="policykit-transcripts-") as work:
        session: Session | None = None
        for block in blocks(text):
            print(f"running {block.name}...", file=sys.stderr)
            if not block.continues or session is None:
                session = start(block, Path(work))
            outputs = run_block(block, Path(work), session)
            results.append((block, outputs))
            for report in differences(block, outputs):
                print(report, file=sys.stderr)
    if args.write:
        README.write_text(rewritten(text, results), encoding="utf-8")
        print(f"rewrote {len(results)} transcripts in {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
