"""Read the examples of the CommonMark specification (the npm package ``commonmark-spec``).

The same reading as the package's own ``index.js``: each example's Markdown, the HTML the
spec expects, its section and number; ``→`` in the spec stands for a tab.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ENV = "POLICYKIT_COMMONMARK_SPEC"
DEFAULT = Path("/opt/axe/node_modules/commonmark-spec/spec.txt")
_EXAMPLE = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$", re.M)


@dataclass(frozen=True)
class Example:
    """One example of the specification."""

    number: int
    section: str
    markdown: str
    html: str


def spec_path() -> Path | None:
    """Return the spec.txt named by POLICYKIT_COMMONMARK_SPEC (else the usual place), if any."""
    named = os.environ.get(ENV)
    path = Path(named) if named else DEFAULT
    return path if path.is_file() else None


def examples(path: Path) -> list[Example]:
    """Return every example of the spec at ``path``, in order."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    text = re.sub(r"^<!-- END TESTS -->[\s\S]*", "", text, flags=re.M)
    found, section = [], ""
    for match in _EXAMPLE.finditer(text):
        if match.group(3) is not None:
            section = match.group(3)
            continue
        found.append(Example(len(found) + 1, section, match.group(1).replace("→", "\t"),
                             match.group(2).replace("→", "\t")))
    return found


__all__ = ["ENV", "Example", "examples", "spec_path"]
