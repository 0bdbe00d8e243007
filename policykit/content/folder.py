"""Read the content folder from disk: the one place content files are read from a folder."""

from __future__ import annotations

from pathlib import Path

from policykit.content.layout import PACK_FILE, is_content_file
from policykit.content.models import ContentSet
from policykit.content.parse import check_size, load_files
from policykit.errors import ContentError


def read_folder(path: Path) -> dict[str, bytes]:
    """Read the content files of a folder (not its subfolders) into {name: bytes}."""
    if not path.is_dir():
        if not path.is_absolute() and Path(PACK_FILE).is_file():  # run inside content/
            raise ContentError(
                f"no such content folder, but this folder holds {PACK_FILE}: give it as '.' "
                "(e.g. policykit build .) or run the command from the folder above",
                file=path,
            )
        raise ContentError(
            "no such content folder; pass the folder holding pack.yaml "
            "(or run 'policykit init' to create one)",
            file=path,
        )
    files: dict[str, bytes] = {}
    for child in sorted(path.iterdir()):
        if is_content_file(child.name) and child.is_file() and not child.is_symlink():
            check_size(child.stat().st_size, child)
            files[child.name] = child.read_bytes()
    return files


def load(path: str | Path) -> ContentSet:
    """Read and validate the content folder at ``path``."""
    folder = Path(path)
    return load_files(read_folder(folder), root=str(folder).rstrip("/") or ".")


__all__ = ["load", "read_folder"]
