"""Read the content folder from disk: the one place content files are read from a folder."""

from __future__ import annotations

from pathlib import Path

from policykit.content.layout import PACK_FILE, is_content_file
from policykit.content.models import ContentSet
from policykit.content.parse import check_size, load_files
from policykit.errors import ContentError


def read_folder(path: Path) -> dict[str, bytes]:
    """Read the content files of a folder (not its subfolders) into {name: bytes}."""
    if path.is_file():
        raise ContentError(
            f"is a file, not a folder; pass the folder holding {PACK_FILE}"
            f"{f' ({path.parent})' if path.name == PACK_FILE else ''}",
            file=path,
        )
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
        if not is_content_file(child.name):
            continue
        if child.name.startswith("."):  # an editor's lock (Emacs' .#name.md is a link)
            if child.is_symlink() or not child.is_file():
                continue
        else:
            _check_plain_file(child)
        check_size(child.stat().st_size, child)
        try:
            files[child.name] = child.read_bytes()
        except OSError as exc:
            raise ContentError(f"cannot be read ({exc.strerror or exc}); check the file's "
                               "permissions, or move it out of the content folder",
                               file=child) from None
    return files


def _check_plain_file(child: Path) -> None:
    """Refuse a content file name that is a symbolic link, a folder or a special file.

    A link could lead outside the content folder (and git would keep the link, not the
    text); anything else would be silently left out, and the pack then says it is missing.
    """
    if child.is_symlink():
        raise ContentError(
            "is a symbolic link, which policykit does not follow (it could lead outside the "
            "content folder); replace it with a copy of the file itself",
            file=child,
        )
    if child.is_dir():
        raise ContentError(
            "is a folder, not a content file; rename it (content files are the .md and .yaml "
            "files beside pack.yaml) or move it out of the content folder",
            file=child,
        )
    if not child.is_file():
        raise ContentError(
            "is not a regular file (a pipe or a device); replace it with a saved text file, "
            "or move it out of the content folder",
            file=child,
        )


def load(path: str | Path) -> ContentSet:
    """Read and validate the content folder at ``path``."""
    folder = Path(path)
    return load_files(read_folder(folder), root=str(folder).rstrip("/") or ".")


__all__ = ["load", "read_folder"]
