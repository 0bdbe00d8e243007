"""Say what ``publish`` may write for the pack as its documents stand (see ``lifecycle``)."""

from __future__ import annotations

from enum import StrEnum

from policykit.content.models import ContentSet, Outcome, Status
from policykit.errors import LifecycleError


class Publication(StrEnum):
    """What ``publish`` may write for the pack as it stands."""

    AGENDA = "agenda"        # papers for decision: the agenda pack, never the launch kit
    DECISION = "decision"    # decided: the adopted policy pages and the launch kit


def publication(content: ContentSet, *, draft: bool = False) -> Publication:
    """Return what ``publish`` may write, or raise the error that names the next step.

    Any paper for decision: the agenda pack. Every paper decided (approved, adopted,
    refused): the decision's pages and the launch kit. A draft is refused (unless ``draft``).
    """
    states = {doc_id: document.status for doc_id, _, document in content.pack_documents()}
    drafts = [doc_id for doc_id, status in states.items() if status is Status.DRAFT]
    if drafts and not draft:
        doc_id = drafts[0]
        document = content.documents[doc_id]
        decided = document.decision
        if decided is not None and decided.outcome is Outcome.DEFERRED:
            step = (f"it was deferred on {decided.on}; release it for a later meeting "
                    f"(policykit release {doc_id} --version {document.version} --meeting "
                    "YYYY-MM-DD)")
        else:
            step = (f"release it for decision (policykit release {doc_id} --version "
                    f"{(document.version or '1.0').split(' ')[0]})")
        raise LifecycleError(
            f"{content.sources.get(doc_id, doc_id)}: {doc_id} is a draft, so it cannot be "
            f"published; {step}, or publish with --draft")
    if any(status is Status.FOR_DECISION for status in states.values()) or draft:
        return Publication.AGENDA
    return Publication.DECISION


__all__ = ["Publication", "publication"]
