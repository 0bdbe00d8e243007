"""Write the launch kit: the announcement email to Members and the Members' Bulletin item.

Everything is drawn from the content: what changed is the report's first section, what
happens next (the training) its last, where to read it the pack's ``extranet_url``. The
email is built with the standard library's ``email`` package as a multipart message
(text and HTML alternatives, the public PDFs attached) marked ``X-Unsent`` so Outlook
opens it as a draft; it is never sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from markupsafe import Markup

from policykit.content.models import ContentSet, Report
from policykit.publish.html import LANGUAGE, is_exempt, link_label
from policykit.publish.htmlbody import inline_html
from policykit.publish.theme import HtmlTheme
from policykit.render.document import long_date


@dataclass(frozen=True)
class BulletinItem:
    """The words of the launch: headline, what changed, what next, where to read it."""

    headline: str
    changed: list[str]
    next_steps: list[str]
    url: str | None
    documents: list[str]


def _report(content: ContentSet) -> Report | None:
    return next((d for _, _, d in content.pack_documents() if isinstance(d, Report)), None)


def bulletin_item(content: ContentSet) -> BulletinItem:
    """Return the bulletin item drawn from the pack's report and documents."""
    report = _report(content)
    pack = content.pack
    title = report.title if report else content.pack_documents()[0][2].title
    return BulletinItem(
        headline=f"{title}: approved by {pack.committee} on {long_date(pack.meeting_date)}",
        changed=list(report.sections[0].paragraphs) if report else [],
        next_steps=list(report.sections[-1].paragraphs) if report and len(report.sections) > 1
        else [],
        url=pack.extranet_url,
        documents=[link_label(content, doc_id) for doc_id, letter, document
                   in content.pack_documents() if letter and not is_exempt(document)],
    )


def _plain(text: str) -> str:
    """Return inline Markdown as plain words (emphasis marks and link targets dropped)."""
    return Markup(inline_html(text)).striptags()


def bulletin_text(item: BulletinItem) -> str:
    """Return the bulletin item as plain text, lines kept short for email."""
    lines = [item.headline, "=" * min(len(item.headline), 72), ""]
    lines += ["What has changed", ""] + [_plain(p) + "\n" for p in item.changed]
    lines += ["What happens next", ""] + [_plain(p) + "\n" for p in item.next_steps]
    lines += ["Where to read it", ""]
    lines += [f"- {name}" for name in item.documents]
    if item.url:
        lines += ["", f"Read the policy on the extranet: {item.url}"]
    return "\n".join(lines).rstrip() + "\n"


def bulletin_html(item: BulletinItem, content: ContentSet, theme: HtmlTheme) -> str:
    """Return the bulletin item as a short accessible HTML page in the council's style."""
    return theme.render("bulletin.html", {
        "language": LANGUAGE, "headline": item.headline, "css": Markup(theme.css),
        "council": content.pack.council, "marking": content.pack.classification.marking,
        "changed": [inline_html(p) for p in item.changed],
        "next_steps": [inline_html(p) for p in item.next_steps],
        "url": item.url, "documents": item.documents,
    })


def _address(text: str) -> Address:
    user, _, domain = text.partition("@")
    return Address(username=user, domain=domain)


def announcement(content: ContentSet, item: BulletinItem, html: str,
                 attachments: Sequence[tuple[str, bytes]]) -> bytes | None:
    """Return the announcement email (RFC 5322 bytes), or None when pack.yaml has no
    ``announce``."""
    pack = content.pack
    if pack.announce is None:
        return None
    sent = max([d.approval.on for _, _, d in content.pack_documents() if d.approval]
               or [pack.meeting_date])
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(pack.announce.sender)
    message["To"] = [_address(address) for address in pack.announce.to]
    message["Subject"] = item.headline
    message["Date"] = format_datetime(datetime.combine(sent, time(9, 0), tzinfo=UTC))
    digest = hashlib.sha256(f"{item.headline}|{sent}".encode()).hexdigest()[:24]
    message["Message-ID"] = f"<{digest}@{pack.announce.sender.partition('@')[2]}>"
    message["X-Unsent"] = "1"
    message["Content-Language"] = LANGUAGE
    message.set_content(bulletin_text(item))
    message.add_alternative(html, subtype="html")
    for name, data in attachments:
        message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


__all__ = ["BulletinItem", "announcement", "bulletin_html", "bulletin_item", "bulletin_text"]
