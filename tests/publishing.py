"""Make publishable copies of the sample pack for the publish tests (approved, with a canary)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANARY = "Quokka-Saffron-7731 tender note"
APPROVAL = "approval:\n  by: Cabinet\n  on: 2019-06-11\n"


def approved_pack(folder: Path, *, canary: bool = True) -> Path:
    """Copy the sample content to ``folder/content``, every pack document approved.

    With ``canary``, a unique phrase is planted in the exempt Appendix C, so a test can
    search the public output for it.
    """
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for path in content.glob("appendix-*.md"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^status: draft\n", "status: approved\n" + APPROVAL, text, count=1,
                      flags=re.M)
        path.write_text(text, encoding="utf-8")
    report = content / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8")
                      + '\nversion: "1.0"\nstatus: approved\n' + APPROVAL, encoding="utf-8")
    if canary:
        exempt = content / "appendix-c.md"
        exempt.write_text(exempt.read_text(encoding="utf-8")
                          + f"\nThe {CANARY} is held by the Communications Team.\n",
                          encoding="utf-8")
    return content
