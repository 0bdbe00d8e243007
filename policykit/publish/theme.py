"""Load the brand kit's web templates (Jinja2, CSS, logo) that a council can restyle.

The templates live in ``html/`` of the brand kit: ``templates/html/`` beside the content
folder when it is there, else the copy shipped with policykit. They are rendered in a
sandboxed Jinja environment with autoescaping: content reaches them only as escaped text
or as HTML that policykit built itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import DictLoader, Template
from jinja2 import TemplateError as JinjaTemplateError
from jinja2.sandbox import SandboxedEnvironment

from policykit.content.layout import shipped_folder, templates_folder_beside
from policykit.errors import TemplateError

HTML_DIR = "html"  # the web templates' folder inside the brand kit
PAGES = ("base.html", "document.html", "index.html", "bulletin.html")
OPTIONAL = ("announce.html",)  # a council's kit without it uses the shipped one
STYLESHEET = "style.css"
LOGO = "logo.png"
MAX_FILE_BYTES = 2 * 1024 * 1024


def _shipped(name: str) -> bytes:
    """Return one of the shipped web templates (for a council's kit that lacks it)."""
    return (shipped_folder("brandkit") / HTML_DIR / name).read_bytes()


@dataclass(frozen=True)
class HtmlTheme:
    """The web templates, stylesheet and logo of a brand kit, and where they came from."""

    files: Mapping[str, bytes]
    source: str
    _templates: dict[str, Template] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_files(cls, files: Mapping[str, bytes], source: str) -> HtmlTheme:
        """Return the theme held in {file name: bytes}, checking every file is there."""
        missing = [name for name in (*PAGES, STYLESHEET, LOGO) if name not in files]
        large = [name for name in (*PAGES, STYLESHEET, LOGO)
                 if len(files.get(name, b"")) > MAX_FILE_BYTES]
        if large:
            raise TemplateError(f"{source}/{large[0]} is larger than 2 MB; it is not a template")
        if missing:
            raise TemplateError(
                f"{source} has no {', '.join(missing)}; copy the missing files from "
                "policykit's templates/html/ folder"
            )
        kept = {name: files[name] for name in (*PAGES, STYLESHEET, LOGO)}
        for name in OPTIONAL:
            kept[name] = files[name] if name in files else _shipped(name)
        return cls(kept, source)

    @classmethod
    def from_tree(cls, files: Mapping[str, bytes] | None, source: str) -> HtmlTheme:
        """Return the theme in a git tree's ``templates/html`` files, or the shipped one if None."""
        return cls.default() if files is None else cls.from_files(files, source)

    @classmethod
    def from_folder(cls, folder: str | Path) -> HtmlTheme:
        """Return the theme in a folder (``templates/html``)."""
        path = Path(folder)
        files = {}
        for name in (*PAGES, *OPTIONAL, STYLESHEET, LOGO):
            candidate = path / name
            if candidate.is_file():
                if candidate.stat().st_size > MAX_FILE_BYTES:
                    raise TemplateError(f"{candidate} is larger than 2 MB; it is not a template")
                files[name] = candidate.read_bytes()
        return cls.from_files(files, str(path))

    @classmethod
    def default(cls) -> HtmlTheme:
        """Return the theme shipped with policykit."""
        folder = shipped_folder("brandkit") / HTML_DIR
        return cls.from_files({name: (folder / name).read_bytes()
                               for name in (*PAGES, *OPTIONAL, STYLESHEET, LOGO)},
                              "the built-in brand kit")

    @classmethod
    def beside(cls, content_dir: str | Path) -> HtmlTheme:
        """Return ``templates/html`` beside the content folder if it is there, else the default.

        A ``templates/html`` folder that lacks a file is an error naming it.
        """
        folder = templates_folder_beside(Path(content_dir)) / HTML_DIR
        return cls.from_folder(folder) if folder.is_dir() else cls.default()

    @property
    def css(self) -> str:
        """Return the stylesheet's text."""
        return self.files[STYLESHEET].decode("utf-8")

    def render(self, name: str, context: Mapping[str, object]) -> str:
        """Return the page ``name`` rendered with ``context``; template faults are Errors."""
        try:
            if name not in self._templates:
                env = SandboxedEnvironment(
                    autoescape=True,
                    loader=DictLoader({page: self.files[page].decode("utf-8")
                                       for page in (*PAGES, *OPTIONAL)}),
                )
                self._templates[name] = env.get_template(name)
            return self._templates[name].render(context)
        except (JinjaTemplateError, UnicodeDecodeError) as exc:
            raise TemplateError(f"{self.source}/{name}: template error: {exc}; "
                                "fix the template") from None


__all__ = ["HTML_DIR", "HtmlTheme"]
