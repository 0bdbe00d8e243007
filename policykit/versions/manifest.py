"""Record what a build or publish wrote in its output folder, so only its own files are touched.

The manifest (``.policykit-manifest.json`` in the output folder) lists each file the last build
(or publish) wrote with the SHA-256 of its bytes; names are relative paths (``public/x.pdf``).
The next run removes a listed file only when it no longer writes it *and* the file still holds
exactly those bytes: a file policykit did not write, or one changed since, is never removed.
``edited_since_written`` finds the outputs someone changed after policykit wrote them (build
refuses to overwrite those), and ``write_tracked`` is the one writer both commands use.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from policykit.word.package import write_atomic

MANIFEST_NAME = ".policykit-manifest.json"
PUBLISH_MANIFEST = ".policykit-publish-manifest.json"  # publish's own list, beside build's
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
    """Say whether ``name`` is a relative path inside the folder (nothing hidden, no ``..``)."""
    return (isinstance(name, str) and bool(name) and "\\" not in name and "\0" not in name
            and all(part and not part.startswith(".") for part in name.split("/")))


def read_manifest(out_dir: Path, name: str = MANIFEST_NAME
                  ) -> tuple[dict[str, str], list[str]]:
    """Return the files the last build listed (name -> SHA-256) and any warning about the list.

    A missing manifest is an empty list; one that cannot be read is an empty list and a warning,
    so nothing is removed on its say-so.
    """
    path = out_dir / name
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


def edited_since_written(out_dir: Path, previous: dict[str, str],
                         names: set[str]) -> list[Path]:
    """Return the files among ``names`` that policykit wrote (listed in ``previous``) and that
    someone changed since: their bytes no longer match the manifest."""
    edited = []
    for name in sorted(names & set(previous)):
        path = out_dir / name
        try:
            if path.is_file() and not path.is_symlink() and \
                    digest(path.read_bytes()) != previous[name]:
                edited.append(path)
        except OSError:
            continue
    return edited


def not_written_by_us(out_dir: Path, names: set[str], manifest: str = MANIFEST_NAME
                      ) -> list[Path]:
    """Return the files among ``names`` already in ``out_dir`` that policykit may not replace:
    ones its last run did not write (with no list at all, none), and ones changed since.

    An unreadable list refuses nothing (its warning says so), as before lists could break.
    """
    previous, unreadable = read_manifest(out_dir, manifest)
    if unreadable:
        return []
    foreign = [out_dir / name for name in sorted(names - set(previous))
               if (out_dir / name).exists() or (out_dir / name).is_symlink()]
    return foreign + edited_since_written(out_dir, previous, names)


def unlisted_files(out_dir: Path, listed: set[str], *, limit: int = 10_000) -> list[Path]:
    """Return the files under ``out_dir`` that policykit did not write (hidden ones skipped)."""
    found: list[Path] = []
    if not out_dir.is_dir():
        return found
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir).as_posix()
        if len(found) >= limit or any(part.startswith(".") for part in relative.split("/")):
            continue
        if path.is_file() and relative not in listed:
            found.append(path)
    return found


@dataclass
class Written:
    """What ``write_tracked`` wrote, removed, and kept because policykit did not write it."""

    paths: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def write_tracked(out_dir: str | Path, outputs: dict[str, bytes], *,
                  manifest: str = MANIFEST_NAME) -> Written:
    """Write ``outputs`` ({relative path: bytes}) into ``out_dir``, each atomically; remove the
    files the last run wrote and this one does not (if unchanged); list the files policykit
    did not write, which are left alone; then record what was written in the manifest."""
    out = Path(out_dir)
    previous, problems = read_manifest(out, manifest)
    written = Written(warnings=list(problems))
    for name, data in outputs.items():
        written.paths.append(write_atomic(out / name, data))
    pruned = prune_stale(out, previous, set(outputs))
    write_manifest(out, {name: digest(data) for name, data in outputs.items()}, manifest)
    written.removed = pruned.removed
    written.warnings += pruned.warnings
    stale_kept = {path for path in (out / name for name in previous) if path.exists()}
    others = {name for other in (MANIFEST_NAME, PUBLISH_MANIFEST) if other != manifest
              for name in read_manifest(out, other)[0]}  # build's files beside publish's
    written.kept = [path for path in unlisted_files(out, set(outputs) | others)
                    if path not in stale_kept]
    return written


def write_manifest(out_dir: Path, files: dict[str, str], name: str = MANIFEST_NAME) -> Path:
    """Write the manifest listing ``files`` (name -> SHA-256), atomically."""
    text = json.dumps({"format": _FORMAT, "files": dict(sorted(files.items()))}, indent=2)
    return write_atomic(out_dir / name, (text + "\n").encode())


__all__ = [
    "MANIFEST_NAME",
    "PUBLISH_MANIFEST",
    "Pruned",
    "Written",
    "digest",
    "edited_since_written",
    "not_written_by_us",
    "prune_stale",
    "read_manifest",
    "unlisted_files",
    "write_manifest",
    "write_tracked",
]
