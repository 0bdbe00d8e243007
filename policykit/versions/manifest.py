"""Record what a build wrote in its output folder, so a later build removes only its own leftovers.

The manifest (``.policykit-manifest.json`` in the output folder) lists each file the last build
wrote with the SHA-256 of its bytes. The next build removes a listed file only when it no longer
writes it *and* the file still holds exactly those bytes: a file policykit did not write, or one
changed since, is never removed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from policykit.word.package import write_atomic

MANIFEST_NAME = ".policykit-manifest.json"
MAX_MANIFEST_BYTES = 1 << 20
_FORMAT = "policykit build manifest 1"


@dataclass
class Pruned:
    """The stale outputs a build removed, and what it noticed while doing so."""

    removed: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def digest(data: bytes) -> str:
    """Return the SHA-256 of ``data`` as hex, the form the manifest stores."""
    return hashlib.sha256(data).hexdigest()


def _plain_name(name: object) -> bool:
    """Say whether ``name`` is a file name directly in the folder (no path, nothing hidden)."""
    return (isinstance(name, str) and bool(name) and not name.startswith(".")
            and "/" not in name and "\\" not in name and "\0" not in name)


def read_manifest(out_dir: Path) -> tuple[dict[str, str], list[str]]:
    """Return the files the last build listed (name -> SHA-256) and any warning about the list.

    A missing manifest is an empty list; one that cannot be read is an empty list and a warning,
    so nothing is removed on its say-so.
    """
    path = out_dir / MANIFEST_NAME
    if path.is_symlink() or not path.is_file():
        return {}, []
    unreadable = (f"{path}: the list of files policykit wrote before cannot be read, so no old "
                  "outputs were removed; it has been written afresh")
    try:
        if path.stat().st_size > MAX_MANIFEST_BYTES:
            return {}, [unreadable]
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}, [unreadable]
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        return {}, [unreadable]
    files = data.get("files")
    if not isinstance(files, dict):
        return {}, [unreadable]
    return {name: sha for name, sha in files.items()
            if _plain_name(name) and isinstance(sha, str)}, []


def prune_stale(out_dir: Path, previous: dict[str, str], written: set[str]) -> Pruned:
    """Remove each file in ``previous`` not in ``written`` whose bytes are still as listed."""
    pruned = Pruned()
    for name in sorted(set(previous) - written):
        path = out_dir / name
        if path.is_symlink() or not path.is_file():
            continue
        try:
            unchanged = digest(path.read_bytes()) == previous[name]
            if unchanged:
                path.unlink()
                pruned.removed.append(path)
        except OSError as error:
            pruned.warnings.append(f"{path}: no longer built, but it could not be removed "
                                   f"({error.strerror}); delete it yourself")
            continue
        if not unchanged:
            pruned.warnings.append(f"{path}: no longer built, but it was kept because it has "
                                   "changed since policykit wrote it; delete it yourself if it "
                                   "is not needed")
    return pruned


def write_manifest(out_dir: Path, files: dict[str, str]) -> Path:
    """Write the manifest listing ``files`` (name -> SHA-256), atomically."""
    text = json.dumps({"format": _FORMAT, "files": dict(sorted(files.items()))}, indent=2)
    return write_atomic(out_dir / MANIFEST_NAME, (text + "\n").encode())


__all__ = [
    "MANIFEST_NAME",
    "Pruned",
    "digest",
    "prune_stale",
    "read_manifest",
    "write_manifest",
]
