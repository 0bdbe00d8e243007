"""Compute the labels a reader sees: section and paragraph numbers, and document titles.

The Word writer and the HTML pages both take their numbers and titles from here, so a
paragraph numbered 5.2 in the Word document is 5.2 on the web page and in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.content.folder import ContentSet


@dataclass
class SectionNumbers:
    """Count numbered sections (1., 2.) and the paragraphs under them (1.1, 1.2)."""

    section: int = 0
    paragraph: int = 0

    def heading(self) -> str:
        """Start the next section and return its label, e.g. ``"3."``."""
        self.section += 1
        self.paragraph = 0
        return f"{self.section}."

    def next_paragraph(self) -> str | None:
        """Return the next paragraph's label (``"3.2"``), or None before any section."""
        if not self.section:
            return None
        self.paragraph += 1
        return f"{self.section}.{self.paragraph}"


def document_title(content: ContentSet, doc_id: str) -> str:
    """Return a document's own title: "Appendix A: <title>" for an appendix, else its title."""
    letter = content.appendix_of(doc_id)
    title = content.documents[doc_id].title
    return f"Appendix {letter}: {title}" if letter else title


def comparison_title(content: ContentSet, document: str, against: str) -> str:
    """Return the title of a standing comparison: "Appendix A compared with <title>"."""
    letter = content.appendix_of(document)
    name = f"Appendix {letter}" if letter else content.documents[document].title
    return f"{name} compared with the {content.documents[against].title}"


__all__ = ["SectionNumbers", "comparison_title", "document_title"]
