"""Import a Word policy into the content folder under the one write lock (see ``safety``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from policykit.versions.edits import content_lock

if TYPE_CHECKING:
    from policykit.importer import ImportResult


def import_word_file(file: str | Path, content_dir: str | Path, doc_id: str, *,
                     owner: str | None = None, version: str | None = None,
                     status: str | None = None, classification: str | None = None,
                     force: bool = False) -> ImportResult:
    """Import ``file`` as ``<content_dir>/<doc_id>.md`` holding the content folder's write lock,
    so no save, review or release writes the folder between the check and the write."""
    from policykit.importer import import_word_file as import_file

    with content_lock(Path(content_dir)):
        return import_file(file, content_dir, doc_id, owner=owner, version=version,
                           status=status, classification=classification, force=force)


__all__ = ["import_word_file"]
