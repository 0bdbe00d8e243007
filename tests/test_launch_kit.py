"""Test what Members and the public see around a meeting, through the installed command.

The sample pack is released for decision and its agenda published a day late (with the
reason), so the exempt appendix and the deadline show; then the meeting decides (minute 23)
and the adopted policy is published with the launch kit, which is read back with the
standard library's ``email`` package and checked with axe in chromium.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import pytest
from browser import browser, describe, require_browser, run_axe

from policykit.office.session import page_texts

pytestmark = [pytest.mark.office, pytest.mark.slow,
              pytest.mark.skipif(shutil.which("soffice") is None,
                                 reason="LibreOffice is not installed")]

CITATION = "Exempt: paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972"
REASON = "The provider confirmed the training costs on 3 June."
EXTRANET = "https://extranet.chiltern.gov.uk/members/social-media-policy"
APPENDIX_LIST = ("Appendix A: Social Media Policy for Members Appendix B: Social Media "
                 "Guidance for Members Appendix C: Costs of the External Social Media Training "
                 "(exempt under paragraph 3 of Part 1 of Schedule 12A)")


def policykit(folder: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run the installed ``policykit`` (else this Python's) in ``folder``."""
    env = {**os.environ, "COLUMNS": "100", "GIT_AUTHOR_NAME": "Connie Primmer",
           "GIT_AUTHOR_EMAIL": "cprimmer@chiltern.gov.uk", "GIT_COMMITTER_NAME": "Connie Primmer",
           "GIT_COMMITTER_EMAIL": "cprimmer@chiltern.gov.uk"}
    command = [shutil.which("policykit")] if shutil.which("policykit") else [
        sys.executable, "-m", "policykit"]
    done = subprocess.run([*command, *args], cwd=folder, env=env, capture_output=True,
                          text=True, timeout=900, check=False)
    assert done.returncode == code, (args, done.stdout, done.stderr)
    return done


@pytest.fixture(scope="module")
def council(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("launch")
    policykit(folder, "init", "council")
    council = folder / "council"
    for doc_id in ("report", "appendix-a", "appendix-b", "appendix-c"):
        policykit(council, "release", doc_id, "--version", "1.0")
    refused = policykit(council, "publish", "-o", "agenda", "--today", "2019-06-04", code=1)
    assert refused.stderr.startswith("Error: pack.yaml, field meeting_date: the agenda for "
                                     "Cabinet on 11 June 2019 had to be published by Monday "
                                     "3 June 2019")
    late = policykit(council, "publish", "-o", "agenda", "--today", "2019-06-04",
                     "--late-reason", REASON)
    (council / "agenda-stderr.txt").write_text(late.stderr, encoding="utf-8")
    policykit(council, "decide", "--outcome", "approved", "--on", "2019-06-11",
              "--minute", "23")
    policykit(council, "publish", "-o", "adopted")
    return council


def flat(text: str) -> str:
    return " ".join(text.split())


# -- the agenda: deadline, exempt items ------------------------------------------------

def test_a_late_agenda_warns_loudly_and_the_index_gives_the_reason(council):
    stderr = (council / "agenda-stderr.txt").read_text(encoding="utf-8")
    assert stderr.startswith("Warning: LATE: the agenda is published on Tuesday 4 June 2019, "
                             "after its deadline of Monday 3 June 2019")
    for audience in ("public", "members"):
        index = flat((council / "agenda" / audience / "index.html").read_text("utf-8"))
        assert ("Published late, on 4 June 2019; the deadline was Monday 3 June 2019 (five "
                f"clear working days before the meeting). Reason: {REASON}") in index


def test_members_index_says_which_items_are_exempt_and_why(council):
    members = flat((council / "agenda" / "members" / "index.html").read_text("utf-8"))
    public = flat((council / "agenda" / "public" / "index.html").read_text("utf-8"))
    assert members != public
    assert ("<strong>Appendix C: Costs of the External Social Media Training</strong>: exempt "
            "under paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972 "
            "(information relating to the financial or business affairs of any particular "
            "person, including the authority holding that information). Why: It gives the "
            "rates the training provider has quoted the councils, which are commercially "
            "confidential.") in members
    assert "commercially confidential" not in public
    assert ("Appendix C: Costs of the External Social Media Training is not published: it "
            "contains exempt information under paragraph 3 of Part 1 of Schedule 12A") in public
    assert 'href="appendix-c.pdf"' in members and 'href="appendix-c.pdf"' not in public


def test_every_page_of_the_members_exempt_pdf_cites_its_paragraph(council):
    for name in ("appendix-c.pdf", "agenda-pack.pdf"):
        pages = page_texts((council / "agenda" / "members" / name).read_bytes())
        exempt = pages if name == "appendix-c.pdf" else pages[-2:]
        assert exempt and all(CITATION in flat(page) for page in exempt), name
        assert all("NOT FOR PUBLICATION" in page for page in exempt), name


def test_the_public_copy_has_one_notice_page_and_nothing_to_download(council):
    public = council / "agenda" / "public"
    assert not (public / "appendix-c.pdf").exists()
    pages = page_texts((public / "agenda-pack.pdf").read_bytes())
    notices = [page for page in pages if "Costs of the External Social Media Training"
               in flat(page) and "is not published" in flat(page)]
    assert len(notices) == 1 and notices[0] == pages[-1]
    for page in pages:
        assert "NOT FOR PUBLICATION" not in page and CITATION not in flat(page)
    html = (public / "appendix-c.html").read_text("utf-8")
    assert "NOT FOR PUBLICATION" not in html and "as a PDF" not in html
    assert "appendix-c.pdf" not in html
    for page in public.glob("*.html"):
        assert "NOT FOR PUBLICATION" not in page.read_text("utf-8"), page


def test_the_reports_appendix_list_matches_the_pack(council):
    for audience in ("public", "members"):
        report = flat(" ".join(page_texts(
            (council / "agenda" / audience / "report.pdf").read_bytes())))
        assert f"Appendices {APPENDIX_LIST}" in report
        html = re.sub(r"<[^>]+>", " ", (council / "agenda" / audience / "report.html")
                      .read_text("utf-8"))
        assert f"Appendices {APPENDIX_LIST}" in flat(html)


# -- the launch kit ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def message(council) -> EmailMessage:
    data = (council / "adopted" / "announce.eml").read_bytes()
    return email.message_from_bytes(data, policy=email.policy.default)


def test_the_email_is_from_a_named_sender_dated_after_the_decision(message):
    assert message["From"] == ('"Communications Team, Chiltern and South Bucks District '
                               'Councils" <communications@chiltern.gov.uk>')
    assert message["From"].addresses[0].display_name == (
        "Communications Team, Chiltern and South Bucks District Councils")
    assert message["To"] == "members@chiltern.gov.uk"
    assert message["Subject"] == "Social Media Policy for Members approved"
    assert message["Date"] == "Wed, 12 Jun 2019 09:00:00 +0100"
    assert message["X-Unsent"] == "1"


def test_the_email_reads_as_a_letter_from_the_decision(message):
    text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert text.startswith(
        "Dear Members,\n\nCabinet approved the Social Media Policy for Members and the Social "
        "Media Guidance for Members at its meeting on 11 June 2019 (minute 23).\n\n"
        "The Social Media Policy for Members is in force from 12 June 2019. For Members, it "
        "replaces the Social Media Policy (version 1.2, approved in 2014).\n\n"
        "What it means for you\n\n- The policy applies whenever you use social media as a "
        "councillor")
    assert ("Training\n\nTraining for Members is on Tuesday 16 July 2019. Book a place with "
            "Democratic Services at democraticservices@chiltern.gov.uk by 5 July 2019.") in text
    assert (f"- Social Media Policy for Members (web page): {EXTRANET}/appendix-a.html\n"
            f"- Social Media Policy for Members (PDF): {EXTRANET}/appendix-a.pdf\n") in text
    assert ("Questions: contact Connie Primmer, cprimmer@chiltern.gov.uk, 01494 586505."
            in text)
    assert text.endswith("Kind regards,\n\nConnie Primmer\nCommunications Team\n"
                         "Chiltern and South Bucks District Councils\n")
    for copied in ("Members are asked to", "If the recommendations are agreed",
                   "publicised in the Members' Bulletin", "booked for July this year"):
        assert copied not in text


def test_the_emails_html_is_a_letter_with_links_and_no_bulletin_heading(message):
    html = message.get_body(("html",)).get_content()
    assert "Members' Bulletin" not in html and "<h1" not in html
    assert "<p>Dear Members,</p>" in html
    for doc_id, title in (("appendix-a", "Social Media Policy for Members"),
                          ("appendix-b", "Social Media Guidance for Members")):
        assert f'<a href="{EXTRANET}/{doc_id}.html">{title} (web page)</a>' in html
        assert f'<a href="{EXTRANET}/{doc_id}.pdf">{title} (PDF)</a>' in html
    assert "Connie Primmer<br>Communications Team<br>" in html


def test_the_email_attaches_the_adopted_pdfs_only(message, council):
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert sorted(attachments) == ["appendix-a.pdf", "appendix-b.pdf"]
    assert attachments["appendix-a.pdf"] == (
        council / "adopted" / "public" / "appendix-a.pdf").read_bytes()


def test_the_bulletin_item_is_in_the_bulletins_voice(council):
    text = (council / "adopted" / "bulletin.txt").read_text("utf-8")
    assert text.startswith("Social Media Policy for Members approved\n")
    assert text.startswith("Social Media Policy for Members approved\n")
    assert "Dear Members" not in text and "Kind regards" not in text
    for copied in ("Members are asked to", "If the recommendations are agreed",
                   "publicised in the Members' Bulletin"):
        assert copied not in text
    html = (council / "adopted" / "bulletin.html").read_text("utf-8")
    assert f'<a href="{EXTRANET}/appendix-b.pdf">' in html


def test_axe_finds_nothing_in_the_emails_html_or_the_bulletin(message, council, tmp_path):
    require_browser()
    page = tmp_path / "announce.html"
    page.write_text(message.get_body(("html",)).get_content(), encoding="utf-8")
    with browser() as driver:
        for path in (page, council / "adopted" / "bulletin.html"):
            violations = run_axe(driver, path.as_uri())
            assert violations == [], f"{path}:\n{describe(violations)}"
