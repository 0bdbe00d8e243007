"""Turn a Word document into content: Markdown with YAML front matter.

Owns reading a .docx's styles and numbering (``styles``), its inline content as formatted
pieces (``runs``), its body as blocks (``reader``), writing those blocks as Markdown
(``markdown``), turning what the document says about itself into front matter (``metadata``),
and the import of one policy into a content folder (``policy``: ``import_word_policy`` in
memory, ``import_word_file`` onto disk). ``copy`` reads a reviewer's returned copy of a built
document with every tracked change, its author and date, and its comments.

May import: ``policykit.errors``, ``policykit.content``, ``policykit.word``, python-docx, lxml,
pydantic, markdown-it-py.
"""

from policykit.importer.markdown import ImportCounts, Piece, escape, rendered_text
from policykit.importer.metadata import title_from_file_name
from policykit.importer.policy import (
    ImportedPolicy,
    ImportResult,
    import_word_file,
    import_word_policy,
)
from policykit.importer.reader import WordPolicy, read_word_policy

__all__ = [
    "ImportCounts",
    "ImportResult",
    "ImportedPolicy",
    "Piece",
    "WordPolicy",
    "escape",
    "import_word_file",
    "import_word_policy",
    "read_word_policy",
    "rendered_text",
    "title_from_file_name",
]
