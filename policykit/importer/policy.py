"""Turn a Word policy into a validated content file, and write it into a content folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from policykit.content.layout import document_file_names, is_document_id
from policykit.content.models import Classification
from policykit.content.parse import parse
from policykit.errors import ContentError, InputError
from policykit.importer.metadata import FrontMatter, approval_of, title_from_file_name
from policykit.importer.reader import WordPolicy, read_word_policy
from policykit.word.inputs import read_bytes
from policykit.word.package import write_atomic

STATUSES = ("draft", "approved", "superseded")


@dataclass(frozen=True)
class ImportedPolicy:
    """A content file made from a Word policy, ready to write to ``content/<id>.md``."""

    doc_id: str
    text: str
    title: str
    owner: str
    classification: str
    policy: WordPolicy
    notes: list[str]


@dataclass(frozen=True)
class ImportResult:
    """What ``import_word_file`` wrote: the content file's path and what went into it."""

    path: Path
    imported: ImportedPolicy


def _checked_options(doc_id: str, status: str | None, classification: str | None) -> str | None:
    """Refuse a bad document id or status; return the classification in its standard form."""
    if not is_document_id(doc_id):
        raise ContentError(f"{doc_id!r} is not a document id; use lower-case letters, digits "
                           "and hyphens, e.g. staff-social-media-policy")
    if classification is not None:
        try:
            classification = str(Classification.model_validate(classification))
        except ValidationError as exc:
            problem = exc.errors()[0]["msg"].removeprefix("Value error, ")
            raise ContentError(problem) from None
    if status is not None and status not in STATUSES:
        raise ContentError(f"unknown status {status!r}; use draft, approved or superseded")
    return classification


def _status(given: str | None, control: dict[str, str], source: str, notes: list[str]) -> str:
    """Return the status given, else the document control's (draft when it is not one)."""
    if given is not None:
        return given
    status = control.get("status", "draft").lower()
    if status == "approved and in force":  # what the build writes for an adopted policy
        status = "approved"
    if status not in STATUSES:
        notes.append(f"{source}: its document control gives the status {status!r}; "
                     "imported it as draft")
        return "draft"
    return status


def import_word_policy(
    data: bytes,
    source: str,
    doc_id: str,
    *,
    owner: str | None = None,
    version: str | None = None,
    status: str | None = None,
    classification: str | None = None,
) -> ImportedPolicy:
    """Return the content file for a Word policy, validated as ``content/<doc_id>.md``.

    Unless given, ``owner``, ``version`` and ``status`` come from the document's "Document
    control" table, the owner else from its author; version defaults to 1.0, status to draft.
    ``classification`` is used only when the document carries none of its own (a
    Classification property, a marking in its header, footer or body, or a control row).
    """
    classification = _checked_options(doc_id, status, classification)
    policy = read_word_policy(data, source)
    control = policy.control
    notes = list(policy.notes)
    owner = (owner or "").strip() or control.get("owner") or policy.author
    if not owner:
        raise InputError(f"{source} does not name an author in its properties, so the owner is "
                         "unknown; say which team owns the policy with --owner \"Team name\"")
    status = _status(status, control, source, notes)
    approval = approval_of(control.get("approved")) if status != "draft" else None
    if status == "approved" and approval is None:
        raise ContentError(f"{source} has no approval record (a document control row such as "
                           "'Approved | Cabinet, 18 March 2014'); import it as draft and add "
                           "'approval: {by: ..., on: YYYY-MM-DD}' to the content file",
                           field="status")
    chosen = policy.classification or (classification or "OFFICIAL")
    if policy.classification and classification and classification != policy.classification:
        notes.append(f"{source} is marked {policy.classification}: imported it as that, not "
                     f"{classification}; edit content/{doc_id}.md if the marking is out of date")
    title = policy.title or title_from_file_name(source)
    front = FrontMatter(
        title=title, subtitle=policy.subtitle, owner=owner,
        version=version or control.get("version") or "1.0", status=status, approval=approval,
        classification=chosen, number_paragraphs=policy.number_paragraphs,
    )
    text = front.text() + "\n\n" + policy.body
    parse(text, f"content/{doc_id}.md")
    return ImportedPolicy(doc_id=doc_id, text=text, title=title, owner=owner,
                          classification=chosen, policy=policy, notes=notes)


def import_word_file(
    file: str | Path,
    content_dir: str | Path,
    doc_id: str,
    *,
    owner: str | None = None,
    version: str | None = None,
    status: str | None = None,
    classification: str | None = None,
    force: bool = False,
) -> ImportResult:
    """Import the Word policy ``file`` as ``<content_dir>/<doc_id>.md`` and return the result.

    Refuses, writing nothing, when the content folder is missing, when the document id is
    taken by another content file (``.yaml``/``.yml``), or when ``<doc_id>.md`` exists and
    ``force`` is not set. The file is written atomically.
    """
    classification = _checked_options(doc_id, status, classification)
    folder = Path(content_dir)
    if not folder.is_dir():
        raise ContentError(
            f"{'is a file, not a folder' if folder.is_file() else 'no such content folder'}; "
            "pass the folder holding pack.yaml with --content-dir",
            file=folder,
        )
    target, *others = (folder / name for name in document_file_names(doc_id))
    for other in others:
        if other.exists():
            raise ContentError(f"already holds document {doc_id!r}; choose another DOC_ID",
                               file=other)
    if target.exists() and not force:
        raise ContentError(
            "already exists; choose another DOC_ID or pass --force to overwrite it", file=target
        )
    imported = import_word_policy(
        read_bytes(file), str(file), doc_id,
        owner=owner, version=version, status=status, classification=classification,
    )
    write_atomic(target, imported.text.encode("utf-8"))
    return ImportResult(path=target, imported=imported)


__all__ = ["ImportResult", "ImportedPolicy", "import_word_file", "import_word_policy"]
