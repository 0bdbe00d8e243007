"""Compute the labels a reader sees: section and paragraph numbers, titles, appendix lists.

The Word writer and the HTML pages both take their numbers and titles from here, so a
paragraph numbered 5.2 in the Word document is 5.2 on the web page and in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from policykit.content.models import ContentSet, Document, PolicyDocument


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


# Part 1 of Schedule 12A to the Local Government Act 1972 (England), paraphrased.
PARAGRAPHS = {
    1: "information relating to any individual",
    2: "information which is likely to reveal the identity of an individual",
    3: "information relating to the financial or business affairs of any particular person, "
       "including the authority holding that information",
    4: "information relating to consultations or negotiations in connection with labour "
       "relations matters between the authority and its employees or office holders",
    5: "information in respect of which a claim to legal professional privilege could be "
       "maintained in legal proceedings",
    6: "information which reveals that the authority proposes to give a notice imposing "
       "requirements on a person, or to make an order or direction under an enactment",
    7: "information relating to action taken in connection with the prevention, "
       "investigation or prosecution of crime",
}


def exempt_citation(paragraph: int) -> str:
    """Return the citation printed on every page of an exempt document."""
    return (f"Exempt: paragraph {paragraph} of Part 1 of Schedule 12A to the Local "
            "Government Act 1972")


def exempt_public_notice(label: str, paragraph: int) -> str:
    """Return the notice the public sees in place of an exempt document (no "NOT FOR
    PUBLICATION" on a page that is published)."""
    return (f"{label} is not published. It contains exempt information under paragraph "
            f"{paragraph} of Part 1 of Schedule 12A to the Local Government Act 1972: "
            f"{PARAGRAPHS[paragraph]}.")


def exempt_note(document: Document) -> str | None:
    """Return how an exempt document is marked in lists and links, else None."""
    if isinstance(document, PolicyDocument) and document.exempt is not None:
        return f"exempt under paragraph {document.exempt.paragraph} of Part 1 of Schedule 12A"
    return None


def appendix_list(content: ContentSet) -> list[str]:
    """Return the report's list of appendices, computed from the pack, exempt ones marked."""
    entries = []
    for doc_id, letter, document in content.pack_documents():
        if letter:
            note = exempt_note(document)
            entries.append(document_title(content, doc_id) + (f" ({note})" if note else ""))
    return entries


def comparison_title(content: ContentSet, document: str, against: str) -> str:
    """Return the title of a standing comparison, its own, e.g. "Appendix A compared with
    Social Media Policy (version 1.2, 2014)"."""
    letter = content.appendix_of(document)
    name = f"Appendix {letter}" if letter else content.documents[document].title
    old = content.documents[against]
    details = [f"version {old.version}"] if old.version else []
    if old.approval:
        details.append(str(old.approval.on.year))
    return f"{name} compared with {old.title}" + (f" ({', '.join(details)})" if details else "")


__all__ = ["PARAGRAPHS", "SectionNumbers", "appendix_list", "comparison_title",
           "document_title", "exempt_citation", "exempt_note", "exempt_public_notice"]
