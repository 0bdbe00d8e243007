"""Write the launch kit: the announcement email to Members and the Members' Bulletin item.

Written from the decision, never from the report: what was approved, by whom, when and
under which minute comes from the documents' front matter (``policykit decide``); what it
means for Members, the training, whom to ask and who signs from pack.yaml's ``launch:``
block; where to read it from the pack's ``extranet_url`` (the Members' pages and PDFs). The
email is built with the standard library's ``email`` package as a multipart message (text
and HTML alternatives, the launched documents' PDFs attached), dated the day after the
decision and marked ``X-Unsent`` so Outlook opens it as a draft; it is never sent. The
Bulletin item says the same in the Bulletin's own voice: no greeting, no sign-off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from policykit.content import lifecycle
from policykit.content.launchblock import Launch
from policykit.content.models import ContentSet, Decision, Outcome
from policykit.office.printstyle import marked_pages
from policykit.publish.html import LANGUAGE, is_exempt
from policykit.publish.theme import HtmlTheme
from policykit.render.document import long_date

SEND_HOUR = 9  # the email is dated 9am (London) the day after the decision


@dataclass(frozen=True)
class Link:
    """A place to read a launched document: words and web address."""

    label: str
    href: str


@dataclass(frozen=True)
class BulletinItem:
    """The facts of the launch, from the decision and the ``launch:`` block."""

    headline: str
    approved: str  # "Cabinet approved ... on 11 June 2019 (minute 23)."
    in_force: str | None  # "The policy is in force from 12 June 2019 and replaces ..."
    key_points: list[str]
    training: str | None
    links: list[Link]
    contact: str | None  # "Connie Primmer, cprimmer@..., 01494 586505"
    decided_on: date
    documents: list[str]  # ids of the documents launched


def _launched(content: ContentSet) -> list[str]:
    """Return the appendices now in force (approved or adopted) that the public may read."""
    return [doc_id for doc_id, letter, document in content.pack_documents()
            if letter and lifecycle.in_force(document) and not is_exempt(document)]


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _decided(content: ContentSet, launched: list[str]) -> tuple[str, date, str, bool]:
    """Return (who decided, the date, " (minute 23)", with amendments) for the launch."""
    decisions = [lifecycle.decision_of(content.documents[doc_id]) for doc_id in launched]
    first = next(d for d in decisions if d is not None)
    minute = f" (minute {first.minute})" if getattr(first, "minute", None) else ""
    amended = any(isinstance(d, Decision) and d.outcome is Outcome.AMENDED for d in decisions)
    return first.by, max(d.on for d in decisions if d is not None), minute, amended


def bulletin_item(content: ContentSet) -> BulletinItem | None:
    """Return the facts of the launch, or None when nothing in the pack is in force."""
    launched = _launched(content)
    if not launched or all(lifecycle.decision_of(content.documents[d]) is None
                           for d in launched):
        return None
    by, on, minute, amended = _decided(content, launched)
    titles = [content.documents[doc_id].title for doc_id in launched]
    main = content.documents[launched[0]]
    approved = (f"{by} approved {_and([f'the {t}' for t in titles])}"
                f"{' with amendments' if amended else ''} "
                f"at its meeting on {long_date(on)}{minute}.")
    in_force = None
    if main.in_force_from:
        in_force = f"The {main.title} is in force from {long_date(main.in_force_from)}"
        replaced = next((r for r in content.pack.replaces if r.by == launched[0]),
                        getattr(main, "supersedes", None))
        if replaced is not None and replaced.document in content.documents:
            old = content.documents[replaced.document]
            whom = f"For {replaced.for_whom}, it" if replaced.for_whom else "It"
            in_force += (f". {whom} replaces the {old.title} (version {old.version}"
                         + (f", approved in {lifecycle.approved_on(old):%Y}"
                            if lifecycle.approved_on(old) else "") + ")")
        in_force += "."
    launch: Launch | None = content.pack.launch
    training = None
    if launch and launch.training:
        training = (f"Training for Members is on {launch.training.on:%A} "
                    f"{long_date(launch.training.on)}. {launch.training.how_to_book}")
    contact = None
    if launch:
        person = launch.contact
        contact = f"{person.name}, {person.email}, {person.phone}"
    url = (content.pack.extranet_url or "").rstrip("/")
    links = []
    for doc_id in launched:
        title = content.documents[doc_id].title
        if url:
            links += [Link(f"{title} (web page)", f"{url}/{doc_id}.html"),
                      Link(f"{title} (PDF)", f"{url}/{doc_id}.pdf")]
    return BulletinItem(
        headline=f"{main.title} approved", approved=approved, in_force=in_force,
        key_points=list(launch.key_points) if launch else [], training=training, links=links,
        contact=contact, decided_on=on, documents=launched)


def bulletin_text(item: BulletinItem) -> str:
    """Return the Bulletin item as plain text, in the Bulletin's voice."""
    lines = [item.headline, "=" * min(len(item.headline), 72), "", item.approved]
    if item.in_force:
        lines += ["", item.in_force]
    if item.key_points:
        lines += ["", "What it means for you", ""] + [f"- {point}" for point in item.key_points]
    if item.training:
        lines += ["", "Training", "", item.training]
    if item.links:
        lines += ["", "Where to read it", ""] + [f"- {link.label}: {link.href}"
                                                  for link in item.links]
    if item.contact:
        lines += ["", f"Questions: contact {item.contact}."]
    return "\n".join(lines).rstrip() + "\n"


def _context(item: BulletinItem, content: ContentSet, theme: HtmlTheme) -> dict[str, object]:
    return {"language": LANGUAGE, "headline": item.headline, "css": Markup(theme.css),
            "council": content.pack.council, "marking": content.pack.classification.marking,
            "approved": item.approved, "in_force": item.in_force,
            "key_points": item.key_points, "training": item.training, "links": item.links,
            "contact": item.contact}


def bulletin_html(item: BulletinItem, content: ContentSet, theme: HtmlTheme) -> str:
    """Return the Bulletin item as a short accessible HTML page in the council's style."""
    marking = content.pack.classification.marking
    return theme.render("bulletin.html", {**_context(item, content, theme),
                                          "print_style": Markup(marked_pages(marking))})


def _greeting_and_sign_off(content: ContentSet) -> tuple[str, list[str]]:
    launch = content.pack.launch
    sign = [launch.sign_off.name, launch.sign_off.team] if launch else []
    return "Dear Members,", [*sign, content.pack.council]


def email_text(item: BulletinItem, content: ContentSet) -> str:
    """Return the email's plain text: greeting, the item, the attachments, sign-off."""
    greeting, sign = _greeting_and_sign_off(content)
    body = bulletin_text(item).split("\n", 3)[3]  # the item without its headline
    return (f"{greeting}\n\n{body}\nThe PDFs are attached to this email too.\n\n"
            "Kind regards,\n\n" + "\n".join(sign) + "\n")


def email_html(item: BulletinItem, content: ContentSet, theme: HtmlTheme) -> str:
    """Return the email's HTML part: a letter, with no Bulletin heading."""
    greeting, sign = _greeting_and_sign_off(content)
    return theme.render("announce.html", {**_context(item, content, theme),
                                          "greeting": greeting, "sign_off": sign})


def _address(text: str, name: str | None = None) -> Address:
    user, _, domain = text.partition("@")
    return Address(display_name=name or "", username=user, domain=domain)


def announcement(content: ContentSet, item: BulletinItem, html: str,
                 attachments: Sequence[tuple[str, bytes]]) -> bytes | None:
    """Return the announcement email (RFC 5322 bytes), or None when pack.yaml has no
    ``announce``. Only the launched documents' PDFs are attached."""
    pack = content.pack
    if pack.announce is None:
        return None
    sent = item.decided_on + timedelta(days=1)
    sender = (f"{pack.launch.sign_off.team}, {pack.council}" if pack.launch
              else pack.council)
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(pack.announce.sender, sender)
    message["To"] = [_address(address) for address in pack.announce.to]
    message["Subject"] = item.headline
    message["Date"] = format_datetime(datetime.combine(sent, time(SEND_HOUR, 0),
                                                       tzinfo=ZoneInfo("Europe/London")))
    digest = hashlib.sha256(f"{item.headline}|{sent}".encode()).hexdigest()[:24]
    message["Message-ID"] = f"<{digest}@{pack.announce.sender.partition('@')[2]}>"
    message["X-Unsent"] = "1"
    message["Content-Language"] = LANGUAGE
    message.set_content(email_text(item, content))
    message.add_alternative(html, subtype="html")
    wanted = {f"{doc_id}.pdf" for doc_id in item.documents}
    for name, data in attachments:
        if name in wanted:
            message.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return message.as_bytes()


__all__ = ["BulletinItem", "Link", "announcement", "bulletin_html", "bulletin_item",
           "bulletin_text", "email_html", "email_text"]
