"""Load the council's brand kit (the Word templates) from a folder, git blobs or the shipped kit.

The one fallback to the kit shipped with policykit is here; where a content folder's kit
lives (``templates/`` beside it) is ``policykit.content.layout``'s rule. A ``templates/``
folder that exists must hold both templates: a missing one is an error naming it, never a
silent fallback.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from docxtpl import DocxTemplate

from policykit.content.layout import shipped_folder, templates_folder_beside
from policykit.errors import InputError, TemplateError
from policykit.word.inputs import declares_dtd

TEMPLATE_NAMES = ("report.docx", "policy.docx")
SHIPPED_SUFFIXES = (".docx", ".png", ".yaml", ".md")
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 200 * 1024 * 1024
# What to do about a broken template, said once for every refusal.
REPLACE = ("put back the council's own template (a .docx saved by Word), or copy the standard "
           "one from a folder made by 'policykit init'")


def shipped_files() -> tuple[dict[str, bytes], str]:
    """Return the files of the brand kit shipped with policykit (templates, logo) and a label."""
    path = shipped_folder("brandkit")
    entries = [(entry.name, entry) for entry in sorted(path.iterdir()) if entry.is_file()]
    label = "the built-in brand kit"
    files = {
        name: entry.read_bytes()
        for name, entry in sorted(entries)
        if name.endswith(SHIPPED_SUFFIXES) and not name.startswith(("~$", "."))
    }
    return files, label


@dataclass(frozen=True)
class BrandKit:
    """The council's Word templates (report and policy) and where they came from."""

    templates: Mapping[str, bytes]
    source: str

    @classmethod
    def from_files(cls, files: Mapping[str, bytes], source: str) -> BrandKit:
        """Return the brand kit held in {file name: bytes}, checking both templates exist."""
        missing = [name for name in TEMPLATE_NAMES if name not in files]
        if missing:
            raise TemplateError(
                f"{source} has no {' or '.join(missing)}; a brand kit needs "
                f"{' and '.join(TEMPLATE_NAMES)} (copy them from 'policykit init')"
            )
        return cls({name: files[name] for name in TEMPLATE_NAMES}, source)

    @classmethod
    def from_folder(cls, folder: str | Path) -> BrandKit:
        """Return the brand kit in a folder of templates."""
        path = Path(folder)
        if not path.is_dir():
            raise TemplateError(f"{path} is not a folder; pass the folder holding the templates")
        files = {}
        for name in TEMPLATE_NAMES:
            candidate = path / name
            if candidate.is_file():
                if candidate.stat().st_size > MAX_TEMPLATE_BYTES:
                    raise InputError(f"{candidate} is larger than 20 MB; it is not a template")
                files[name] = candidate.read_bytes()
        return cls.from_files(files, str(path))

    @classmethod
    def default(cls) -> BrandKit:
        """Return the brand kit shipped with policykit."""
        files, label = shipped_files()
        return cls.from_files(files, label)

    @classmethod
    def beside(cls, content_dir: str | Path) -> BrandKit:
        """Return the kit in ``templates/`` beside a content folder on disk, else the shipped one.

        A ``templates/`` folder that lacks ``report.docx`` or ``policy.docx`` is a
        :class:`TemplateError` naming the missing file.
        """
        folder = templates_folder_beside(Path(content_dir))
        return cls.from_folder(folder) if folder.is_dir() else cls.default()

    @classmethod
    def from_tree(cls, files: Mapping[str, bytes] | None, source: str) -> BrandKit:
        """Return the kit in a git tree's ``templates/`` files, or the shipped one when None."""
        return cls.default() if files is None else cls.from_files(files, source)

    def open(self, name: str) -> DocxTemplate:
        """Return the template ``name`` opened for docxtpl, refusing bombs and DTDs."""
        data = self.templates[name]
        label = f"{self.source}/{name}"
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                total = sum(info.file_size for info in archive.infolist())
                if total > MAX_TEMPLATE_UNPACKED:
                    raise InputError(f"{label} unpacks to more than 200 MB; it is not a "
                                     f"template; {REPLACE}")
                for info in archive.infolist():
                    if info.filename.endswith((".xml", ".rels")) and declares_dtd(
                        archive.read(info.filename)
                    ):
                        raise InputError(
                            f"{label}: {info.filename} declares a DTD or entities; "
                            f"a Word template never does, so it was refused; {REPLACE}"
                        )
        except zipfile.BadZipFile:
            raise TemplateError(f"{label} is not a Word document (not a zip file); {REPLACE}"
                                ) from None
        try:
            return DocxTemplate(io.BytesIO(data))
        except Exception as exc:  # python-docx raises several types for broken packages
            raise TemplateError(f"{label} cannot be opened as a Word template: {exc}; "
                                f"{REPLACE}") from None


__all__ = [
    "MAX_TEMPLATE_BYTES",
    "TEMPLATE_NAMES",
    "BrandKit",
    "shipped_files",
]
