"""Name where content lives: the pack file, content file suffixes, document ids, templates."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

PACK_FILE = "pack.yaml"
CONTENT_SUFFIXES = (".md", ".yaml", ".yml")
DOCUMENT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
DOCUMENT_ID = re.compile(DOCUMENT_ID_PATTERN)
MAX_DOCUMENT_ID = 80
CONTENT_DIR = "content"
TEMPLATES_DIR = "templates"
MAX_CONTENT_BYTES = 20 * 1024 * 1024


def is_document_id(text: str) -> bool:
    """Return whether ``text`` is a valid document id (a content file's name, no suffix)."""
    return bool(DOCUMENT_ID.match(text)) and len(text) <= MAX_DOCUMENT_ID


def is_content_file(name: str) -> bool:
    """Return whether a file name is a content file (``.md``, ``.yaml`` or ``.yml``)."""
    return PurePosixPath(name).suffix in CONTENT_SUFFIXES


def document_file_names(doc_id: str) -> list[str]:
    """Return the file names a document may have, in the order they are looked for."""
    return [f"{doc_id}{suffix}" for suffix in CONTENT_SUFFIXES]


def templates_beside(content_folder: str) -> str:
    """Return the repository path of the templates folder beside a content folder path."""
    parent = content_folder.rsplit("/", 1)[0] if "/" in content_folder else ""
    return f"{parent}/{TEMPLATES_DIR}" if parent else TEMPLATES_DIR


def templates_folder_beside(content_dir: Path) -> Path:
    """Return the templates folder beside a content folder on disk."""
    return content_dir.resolve().parent / TEMPLATES_DIR


# The folders shipped inside the package (pyproject.toml's force-include maps the
# repository's templates/ and content/ to them) and where they are in a checkout.
SHIPPED_FOLDERS = {"brandkit": TEMPLATES_DIR, "sample": CONTENT_DIR}


def shipped_folder(name: str) -> Path:
    """Return the real folder of a kit shipped with policykit: "brandkit" or "sample".

    The one place that finds the shipped files. A wheel holds them as plain folders inside
    the package (``policykit/brandkit``, ``policykit/sample``); they are not Python packages,
    so ``importlib.resources`` would hand back a ``MultiplexedPath`` whose ``str()`` is not a
    path. A checkout (or an editable install) has them at the top of the repository.
    """
    package = Path(__file__).resolve().parents[1]
    installed = package / name
    if installed.is_dir():
        return installed
    return package.parent / SHIPPED_FOLDERS[name]


__all__ = [
    "CONTENT_DIR",
    "CONTENT_SUFFIXES",
    "DOCUMENT_ID",
    "DOCUMENT_ID_PATTERN",
    "MAX_CONTENT_BYTES",
    "MAX_DOCUMENT_ID",
    "PACK_FILE",
    "SHIPPED_FOLDERS",
    "TEMPLATES_DIR",
    "document_file_names",
    "is_content_file",
    "is_document_id",
    "shipped_folder",
    "templates_beside",
    "templates_folder_beside",
]
