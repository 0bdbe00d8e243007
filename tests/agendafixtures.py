"""Make a copy of the sample pack released for decision at its meeting (the agenda stage)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def for_decision_pack(folder: Path) -> Path:
    """Copy the sample content to ``folder/content``, every pack document for decision."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for path in content.glob("appendix-*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^status: draft\n", "status: for decision\n", text, count=1,
                               flags=re.M), encoding="utf-8")
    report = content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8")
                      + '\nversion: "1.0"\nstatus: for decision\n', encoding="utf-8")
    return content
