"""Define the one error tree that every policykit failure belongs to.

::

    PolicykitError                 base: the CLI prints "Error: <message>" and exits 1
    ├── ContentError               a content file is wrong (carries file, line, field)
    ├── TemplateError              a brand-kit template is missing or broken
    ├── InputError                 an input file is hostile or broken (not a zip, zip bomb, DTD...)
    ├── OutputError                an output file cannot be written (read-only, disk full...)
    ├── CompareError               two documents cannot be compared
    ├── HistoryError               git refused, or the repository is not in a usable state
    │   └── StaleEditError         a save would overwrite a change made since the file was opened
    ├── ReviewError                a review schedule or review record is wrong
    ├── LifecycleError             a step that does not fit where a document is in its life
    ├── OfficeError                LibreOffice could not be started or failed
    └── PublishError               the pack is not fit to publish (a draft, uncommitted work)

Messages say what was wrong, where, and what to do about it, in one line.
"""

from __future__ import annotations

from pathlib import Path


class PolicykitError(Exception):
    """Base class of every error policykit raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ContentError(PolicykitError):
    """A content file cannot be read, parsed or validated.

    ``file``, ``line`` and ``field`` say where; any of them may be unknown.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        where = [part for part in (
            self.file,
            f"line {line}" if line is not None else None,
            f"field {field}" if field else None,
        ) if part]
        super().__init__(f"{', '.join(where)}: {problem}" if where else problem)


class TemplateError(PolicykitError):
    """A template in the brand kit is missing, unreadable or renders badly."""


class InputError(PolicykitError):
    """An input file is broken or hostile: not a zip, a zip bomb, a DTD, a path escape."""


class OutputError(PolicykitError):
    """An output file cannot be written: a read-only folder, a full disk, a name too long."""


class CompareError(PolicykitError):
    """Two documents cannot be compared."""


class HistoryError(PolicykitError):
    """Git is missing, refused an operation, or the repository is not usable as it is."""


class ReviewError(PolicykitError):
    """A review schedule or a review record is invalid."""


class LifecycleError(PolicykitError):
    """A lifecycle step (release, decide, review, publish) does not fit the document's state,
    or a date or version it was given cannot be true; the message names the next step."""


class OfficeError(PolicykitError):
    """LibreOffice is missing, could not start, or failed to process a document."""


class StaleEditError(HistoryError):
    """The file changed since the officer opened it: their save would overwrite it.

    ``changes`` shows what changed (a unified diff); ``current`` is the file as it is now.
    """

    def __init__(self, message: str, changes: str, current: object) -> None:
        super().__init__(message)
        self.changes = changes
        self.current = current


class PublishError(PolicykitError):
    """The pack cannot be published as it stands: a draft document or uncommitted work."""


__all__ = [
    "CompareError",
    "ContentError",
    "HistoryError",
    "InputError",
    "LifecycleError",
    "OfficeError",
    "OutputError",
    "PolicykitError",
    "PublishError",
    "ReviewError",
    "StaleEditError",
    "TemplateError",
]
