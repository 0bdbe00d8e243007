"""Check a project as a whole: ``policykit check .`` at its root means its content and last build.

A project root is a folder with a content folder in it (a sub-folder holding ``pack.yaml``).
Checking it checks that content folder and the documents the last build wrote there, as
listed in ``build/.policykit-manifest.json`` (never other files that happen to lie in
``build/``, nor the brand kit's templates). Other paths are checked as given.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.content.layout import PACK_FILE
from policykit.versions.manifest import read_manifest

if TYPE_CHECKING:
    from policykit.check import CheckReport

BUILD_DIR = "build"


def expand_project(path: Path) -> list[Path]:
    """Return what checking ``path`` means: for a project root, its content folder and the
    files of its last build; otherwise ``path`` itself."""
    if not path.is_dir() or (path / PACK_FILE).is_file():
        return [path]
    content = sorted(child for child in path.iterdir()
                     if child.is_dir() and (child / PACK_FILE).is_file())
    if not content:
        return [path]
    built = path / BUILD_DIR
    listed = read_manifest(built)[0] if built.is_dir() else {}
    return [*content, *(built / name for name in sorted(listed) if (built / name).is_file())]


def check_project(paths: Iterable[str | Path], *, rules: str | None = None) -> CheckReport:
    """Check files, folders, content folders and project roots (content and last build)."""
    from policykit.check.runner import check_paths

    expanded = [found for path in paths for found in expand_project(Path(path))]
    return check_paths(expanded, rules=rules)


__all__ = ["check_project", "expand_project"]
