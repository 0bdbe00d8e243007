"""Turn content into council-branded Word documents: brand kit, document, Markdown writer.

Owns the brand kit (``brandkit``: loading from a folder or git, the one shipped fallback), the
rendering of one content document (``document``), the Word writer of Markdown (``markdown``),
the labels a reader sees (``labels``) and the Word list that numbers sections and paragraphs
(``numbering``: 4., 4.1 shown by list styles, never typed).

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, docxtpl, Jinja2,
MarkupSafe, python-docx, lxml, markdown-it-py.
"""

from policykit.render.brandkit import TEMPLATE_NAMES, BrandKit, shipped_files
from policykit.render.document import BODY_TOKEN, footer_label, long_date, render_document

__all__ = [
    "BODY_TOKEN",
    "TEMPLATE_NAMES",
    "BrandKit",
    "footer_label",
    "long_date",
    "render_document",
    "shipped_files",
]
