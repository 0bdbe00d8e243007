"""Start a content repository: the sample pack, the shipped brand kit, .gitignore, a commit."""

from __future__ import annotations

from pathlib import Path

from policykit.content.layout import CONTENT_DIR, TEMPLATES_DIR, shipped_folder
from policykit.render.brandkit import shipped_files
from policykit.versions.repository import ContentRepository

GITIGNORE = """\
# Built documents: rebuild any version with 'policykit build --at <tag>'.
/build/
# Word's lock files, made while a template or document is open.
~$*
"""
SAMPLE_SUFFIXES = (".yaml", ".md")


def _shipped_files(name: str, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    folder = shipped_folder(name)
    entries = [(entry.name, entry) for entry in sorted(folder.iterdir()) if entry.is_file()]
    return {
        name: entry.read_bytes()
        for name, entry in sorted(entries)
        if name.endswith(suffixes) and not name.startswith(("~$", "."))
    }


def starter_files() -> dict[str, bytes]:
    """Return the files of a new content repository: sample content, brand kit, .gitignore."""
    files = {
        f"{CONTENT_DIR}/{name}": data
        for name, data in _shipped_files("sample", SAMPLE_SUFFIXES).items()
    }
    files.update({f"{TEMPLATES_DIR}/{name}": data for name, data in shipped_files()[0].items()})
    files[".gitignore"] = GITIGNORE.encode()
    return files


def init_repository(path: str | Path) -> ContentRepository:
    """Create a content repository at ``path`` with the sample pack and brand kit, committed."""
    return ContentRepository.create(
        path,
        starter_files(),
        "Start the policy pack from the policykit sample\n\n"
        "Content in content/, the council's Word templates in templates/.",
    )


__all__ = ["GITIGNORE", "init_repository", "starter_files"]
