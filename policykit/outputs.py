"""Decide whether an output path is safe to write: the one rule that outputs never destroy inputs.

Every command that writes a file or a folder of files (``build``, ``compare``, ``diff``,
``release``, ``reviews calendar``, and later ``publish``) asks this module first, before it
changes anything. A path is refused, with one line saying why and what to do, when it

* is one of the command's own inputs, or a file the command reads (symlinks and ``..``
  resolved first, so ``build/../content/report.yaml`` is caught);
* lies in a protected folder: the content folder and the brand kit (``templates/``);
* lies in a folder that holds a ``pack.yaml``, that is, in any content folder (a folder
  of outputs may not be one either);
* lies in a brand kit, even one the command was not told about: a ``templates/`` folder
  beside a content folder, or any folder holding both ``report.docx`` and ``policy.docx``
  that no build wrote (so ``compare ... -o templates/policy.docx`` is refused);
* ends in an extension that does not match what is written (a Word file must end in
  ``.docx``, a calendar in ``.ics``).

Imports only :mod:`policykit.errors` and the standard library.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from policykit.errors import OutputError

# What each output extension holds, for the message when the name does not match.
KINDS = {
    ".docx": "a Word document",
    ".ics": "a calendar",
    ".pdf": "a PDF",
    ".html": "a web page",
}
PACK_FILE = "pack.yaml"
TEMPLATES_DIR = "templates"
KIT_FILES = ("report.docx", "policy.docx")
BUILD_MANIFEST = ".policykit-manifest.json"  # a folder a build wrote is not a brand kit
MAX_NAME = 255  # bytes in one file or folder name, on most disks


def _resolved(path: str | Path) -> Path:
    """Return ``path`` absolute, with symlinks and ``..`` resolved (the path need not exist)."""
    return Path(os.path.realpath(Path(path).expanduser()))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _refuse_protected(
    path: str | Path, where: Path, holder: Path, protected: Iterable[str | Path]
) -> None:
    """Raise when ``where`` is in a protected folder, or its ``holder`` is a content folder."""
    for folder in protected:
        resolved = _resolved(folder)
        if _inside(where, resolved):
            here = _resolved(".")
            if not _inside(here, resolved):
                raise OutputError(
                    f"{path}: is inside {folder}, which holds the content or the brand kit; "
                    "write outputs outside it, e.g. in build/"
                )
            beside = os.path.relpath(resolved.parent / "build", here)
            raise OutputError(
                f"{path}: is inside the content folder you are in ({resolved.name}); "
                f"write outputs outside it, e.g. -o {beside}, or run the command from "
                f"{os.path.relpath(resolved.parent, here)}"
            )
    content = next((folder for folder in (holder, *holder.parents)
                    if (folder / PACK_FILE).is_file()), None)
    if content is not None:
        raise OutputError(
            f"{path}: is inside a content folder ({content} holds {PACK_FILE}); "
            "write outputs outside it, e.g. in build/"
        )
    kit = next((folder for folder in (holder, *holder.parents)
                if _is_brand_kit(folder, beside_only=folder not in (holder, holder.parent))),
               None)
    if kit is not None:
        raise OutputError(
            f"{path}: is inside the brand kit {_as_typed(path, where, kit)} (the council's "
            "Word templates); "
            "write outputs outside it, e.g. in build/"
        )


def _as_typed(path: str | Path, where: Path, folder: Path) -> Path:
    """Return ``folder`` (an ancestor of the resolved ``where``) as the user wrote ``path``."""
    typed = Path(path)
    up = len(where.relative_to(folder).parts) if _inside(where, folder) else -1
    if up < 0 or ".." in typed.parts or up > len(typed.parents):
        return folder
    return typed if up == 0 else typed.parents[up - 1]


def _is_brand_kit(folder: Path, *, beside_only: bool = False) -> bool:
    """Say whether ``folder`` is a brand kit: ``templates/`` beside a content folder, or
    (unless ``beside_only``) a folder holding both Word templates that no build wrote."""
    try:
        if folder.name == TEMPLATES_DIR and folder.parent != folder and any(
                (sibling / PACK_FILE).is_file() for sibling in folder.parent.iterdir()
                if sibling.is_dir()):
            return True
        return not beside_only and (all((folder / name).is_file() for name in KIT_FILES)
                and not (folder / BUILD_MANIFEST).exists())
    except OSError:
        return False


def _refuse_unwritable_place(path: str | Path, where: Path) -> None:
    """Refuse a name too long for a disk, or a file standing where a folder must be."""
    longest = max((len(os.fsencode(part)) for part in where.parts), default=0)
    if longest > MAX_NAME:
        raise OutputError(f"{path}: a name in it is too long ({longest} characters; most disks "
                          f"allow {MAX_NAME}); choose a shorter name")
    blocker = next((folder for parents in (Path(path).parents, where.parents)  # as typed
                    for folder in reversed(parents)
                    if folder.exists() and not folder.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"{path}: {blocker} is a file, not a folder; choose another output "
                          "folder")


def check_output(
    path: str | Path,
    *,
    suffixes: Iterable[str],
    inputs: Iterable[str | Path] = (),
    protected: Iterable[str | Path] = (),
) -> Path:
    """Return ``path`` if a file may be written there, else raise :class:`OutputError`.

    ``suffixes`` are the extensions the written file may have (the first is the one to
    suggest); ``inputs`` the files the command reads; ``protected`` the folders nothing may
    be written into (the content folder, the brand kit). Checks only: changes nothing.
    """
    allowed = [suffix.lower() for suffix in suffixes]
    target = Path(path)
    where = _resolved(target)
    for source in inputs:
        if where == _resolved(source):
            raise OutputError(
                f"{path}: is one of this command's inputs ({source}); "
                "choose another output path, e.g. in build/"
            )
    _refuse_unwritable_place(path, where)
    _refuse_protected(path, where, where.parent, protected)
    if where.is_dir():
        raise OutputError(
            f"{path}: is a folder; give the path of the {allowed[0]} file to write, "
            f"e.g. {target / ('output' + allowed[0])}"
        )
    if target.suffix.lower() not in allowed:
        ending = f"ends in {target.suffix}" if target.suffix else "has no extension"
        if len(allowed) == 1:
            kind = KINDS.get(allowed[0], f"a {allowed[0]} file")
            raise OutputError(f"{path}: {kind} is written here but the name {ending}; "
                              f"give a name ending in {allowed[0]}")
        choices = f"{', '.join(allowed[:-1])} or {allowed[-1]}"
        raise OutputError(f"{path}: the name {ending}, but what is written here is "
                          f"{choices}; give a name ending in one of them")
    return target


def check_output_folder(
    folder: str | Path, *, names: Iterable[str] = (), inputs: Iterable[str | Path] = (),
    protected: Iterable[str | Path] = (),
) -> Path:
    """Return ``folder`` if files called ``names`` may be written into it, else raise.

    The folder may not be, or lie in, a protected or content folder, nor be an existing
    file; no file ``folder/name`` may be one of ``inputs``. Checks only: changes nothing.
    """
    target = Path(folder)
    where = _resolved(target)
    _refuse_unwritable_place(folder, where)
    _refuse_protected(folder, where, where, protected)
    if where.exists() and not where.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder; give a folder to write into")
    sources = {_resolved(source): source for source in inputs}
    for name in names:
        if where / name in sources:
            raise OutputError(
                f"{target / name}: is one of this command's inputs ({sources[where / name]}); "
                "choose another output folder, e.g. build/"
            )
    return target


__all__ = ["check_output", "check_output_folder"]
