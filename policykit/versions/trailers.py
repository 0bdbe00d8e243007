"""Name the trailers policykit writes into commit messages, and read them back.

Pure: no git. A release commit carries ``Approved-by``, ``Approved-on``,
``Policykit-Version`` and ``Policykit-Document``; a review commit ``Reviewed-by`` and
``Reviewed-on``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

# Trailers a release writes into its commit message.
APPROVED_BY = "Approved-by"
APPROVED_ON = "Approved-on"
RELEASE_VERSION = "Policykit-Version"
RELEASE_DOCUMENT = "Policykit-Document"

MINUTE = "Minute"
DECISION = "Decision"

REVIEWED_BY = "Reviewed-by"
REVIEWED_ON = "Reviewed-on"


@dataclass(frozen=True)
class Version:
    """One commit that touched a document or the pack, with the tags that name it."""

    commit: str
    date: datetime
    author: str
    email: str
    message: str
    trailers: Mapping[str, str]
    tags: tuple[str, ...] = field(default=())

    @property
    def subject(self) -> str:
        """Return the first line of the commit message."""
        return self.message.strip().split("\n", 1)[0]

    @property
    def release(self) -> str | None:
        """Return the release version this commit made (``Policykit-Version``), if any."""
        return self.trailers.get(RELEASE_VERSION)

    @property
    def document(self) -> str | None:
        """Return the document this commit released (``Policykit-Document``), if any."""
        return self.trailers.get(RELEASE_DOCUMENT)

    @property
    def approved_by(self) -> str | None:
        """Return who approved the release this commit made, if any."""
        return self.trailers.get(APPROVED_BY)

    @property
    def approved_on(self) -> str | None:
        """Return the approval date (YYYY-MM-DD) of the release this commit made, if any."""
        return self.trailers.get(APPROVED_ON)


def parse_trailers(message: str) -> dict[str, str]:
    """Return the ``Key: value`` trailers of the last paragraph of a commit message."""
    paragraphs = message.strip().split("\n\n")
    if len(paragraphs) < 2:
        return {}
    trailers: dict[str, str] = {}
    for line in paragraphs[-1].splitlines():
        key, sep, value = line.partition(":")
        if not sep or not key or " " in key.strip():
            return {}
        trailers[key.strip()] = value.strip()
    return trailers



def with_trailers(message: str, trailers: Mapping[str, str] | None) -> str:
    """Return a commit message ending with ``trailers`` as its last paragraph."""
    text = message.strip()
    if trailers:
        text += "\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers.items())
    return text + "\n"


__all__ = [
    "APPROVED_BY",
    "APPROVED_ON",
    "DECISION",
    "MINUTE",
    "RELEASE_DOCUMENT",
    "RELEASE_VERSION",
    "REVIEWED_BY",
    "REVIEWED_ON",
    "Version",
    "parse_trailers",
    "with_trailers",
]
