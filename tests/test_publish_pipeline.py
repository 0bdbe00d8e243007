"""Tests for policykit.publish.pipeline: the published PDFs, agenda pack, site and exempt rule."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pikepdf
import pytest
from browser import browser, describe, require_browser, run_axe
from publishing import CANARY, ROOT, approved_pack

from policykit import api
from policykit.errors import PublishError, TemplateError
from policykit.office.session import page_texts

DOCUMENTS = ["report", "appendix-a", "appendix-b", "appendix-c"]
TITLES = [
    "Social Media Policy for Members",
    "Appendix A: Social Media Policy for Members",
    "Appendix B: Social Media Guidance for Members",
    "Appendix C: Costs of the External Social Media Training",
]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    content = approved_pack(folder)
    result = api.publish(content, folder / "out")
    assert result.office_starts == 1
    return folder / "out"


def _figures(root: pikepdf.Object) -> list[str]:
    """Return the alternative text of every Figure in a structure tree."""
    found, stack, seen = [], [root], set()
    while stack:
        element = stack.pop()
        if not isinstance(element, pikepdf.Dictionary) or element.objgen in seen:
            continue
        seen.add(element.objgen)
        if str(element.get("/S")) == "/Figure":
            found.append(str(element.get("/Alt", "")))
        kids = element.get("/K")
        stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found


def _pdfinfo(path: Path) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    return {k: v.strip() for k, v in (line.split(":", 1) for line in done.stdout.splitlines()
                                      if ":" in line)}


@pytest.mark.office
@pytest.mark.parametrize("audience", ["public", "members"])
def test_every_pdf_is_tagged_en_gb_titled_and_marked_on_every_page(published, audience):
    for name in [*DOCUMENTS, "agenda-pack"]:
        path = published / audience / f"{name}.pdf"
        if audience == "public" and name == "appendix-c":
            continue  # exempt: the public has only its notice page, in the agenda pack
        info = _pdfinfo(path)
        assert info["Tagged"] == "yes", path
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "en-GB", path
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert pdf.open_metadata()["pdfuaid:part"] == "1"
            figures = _figures(pdf.Root.StructTreeRoot)
            assert figures and all(alt == "Chiltern and South Bucks District Councils logo"
                                   for alt in figures), path
        for number, page in enumerate(page_texts(path.read_bytes()), start=1):
            lines = page.splitlines()
            assert lines[0].strip() == "Classification: OFFICIAL", (path, number)
            assert lines[-1].strip() == "Classification: OFFICIAL", (path, number)
    assert _pdfinfo(published / audience / "appendix-a.pdf")["Title"] == TITLES[1]
    assert _pdfinfo(published / audience / "agenda-pack.pdf")["Title"] == (
        "Cabinet, 11 June 2019: agenda pack")


@pytest.mark.office
@pytest.mark.parametrize("audience", ["public", "members"])
def test_the_agenda_pack_has_a_bookmark_per_document_and_page_x_of_y_is_the_pdf_page(
        published, audience):
    pack = published / audience / "agenda-pack.pdf"
    with pikepdf.open(pack) as pdf:
        bookmarks = [(item.title, pdf.pages.index(pikepdf.Page(item.destination[0])))
                     for item in pdf.open_outline().root]
        total = len(pdf.pages)
    assert [title for title, _ in bookmarks] == TITLES
    pages = page_texts(pack.read_bytes())
    assert len(pages) == total
    for number, page in enumerate(pages, start=1):
        printed = re.findall(r"Page (\d+) of (\d+)", " ".join(page.split()))
        assert printed == [(str(number), str(total))], (number, printed)
    starts = [index for _, index in bookmarks]
    assert starts[0] == 0 and starts == sorted(starts)
    for (title, first), next_first in zip(bookmarks, [*starts[1:], total], strict=True):
        alone = published / audience / f"{DOCUMENTS[TITLES.index(title)]}.pdf"
        if not alone.exists():  # the public's notice for the exempt appendix: one page
            assert (audience, title, next_first - first) == ("public", TITLES[3], 1)
            continue
        with pikepdf.open(alone) as pdf:
            assert len(pdf.pages) == next_first - first, title


def _every_byte(path: Path) -> list[bytes]:
    """Return the file's bytes and, for a PDF, every stream decoded and its text."""
    data = path.read_bytes()
    found = [data, path.name.encode()]
    if path.suffix == ".pdf":
        with pikepdf.open(io.BytesIO(data)) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    try:
                        found.append(obj.read_bytes())
                    except (pikepdf.PdfError, zlib.error):
                        found.append(obj.read_raw_bytes())
            found.append(str(pdf.docinfo).encode())
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        found.append(text.stdout)
    return found


@pytest.mark.office
def test_no_byte_of_the_exempt_appendix_reaches_public(published):
    needles = [CANARY, "1,450", "commercially confidential", "quoted the councils"]
    files = [p for p in (published / "public").rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {f"{d}.pdf" for d in DOCUMENTS if d != "appendix-c"}
    assert not (published / "public" / "appendix-c.pdf").exists()
    for path in files:
        for blob in _every_byte(path):
            for needle in needles:
                for encoded in (needle.encode(), needle.encode("utf-16-be")):
                    assert encoded not in blob, (needle, path)
    notice = page_texts((published / "public" / "agenda-pack.pdf").read_bytes())[-1]
    flat = " ".join(notice.split())
    assert ("Appendix C is not published. It contains exempt information under paragraph 3 of "
            "Part 1 of Schedule 12A to the Local Government Act 1972") in flat
    assert "Costs of the External Social Media Training" in flat
    html = (published / "public" / "appendix-c.html").read_text(encoding="utf-8")
    assert "It contains exempt information under paragraph 3 of Part 1 of Schedule 12A" in html
    report = " ".join(" ".join(page.split()) for page in
                      page_texts((published / "public" / "report.pdf").read_bytes()))
    assert ("Appendix C: Costs of the External Social Media Training ("
            "exempt under paragraph 3 of Part 1 of Schedule 12A)") in report


@pytest.mark.office
def test_members_get_the_exempt_appendix_marked_on_every_page(published):
    pages = page_texts((published / "members" / "appendix-c.pdf").read_bytes())
    assert CANARY in " ".join(" ".join(page.split()) for page in pages)
    for page in pages:
        assert "NOT FOR PUBLICATION" in page
    html = (published / "members" / "appendix-c.html").read_text(encoding="utf-8")
    assert CANARY in html and "NOT FOR PUBLICATION by virtue of paragraph 3" in html


@pytest.mark.office
def test_the_announcement_parses_back_with_the_standard_library(published):
    import email
    import email.policy

    message = email.message_from_bytes((published / "announce.eml").read_bytes(),
                                       policy=email.policy.default)
    assert message["From"].addresses[0].addr_spec == "communications@chiltern.gov.uk"
    assert message["From"].addresses[0].display_name  # a name, not a bare address
    assert message["To"] == "members@chiltern.gov.uk"
    assert message["Subject"] == "Social Media Policy for Members approved"
    assert message["X-Unsent"] == "1"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    url = "https://extranet.chiltern.gov.uk/members/social-media-policy"
    assert f"{url}/appendix-a.html" in text and f'href="{url}/appendix-a.html"' in html
    assert text.startswith("Dear Members,")
    attachments = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert sorted(attachments) == ["appendix-a.pdf", "appendix-b.pdf"]
    assert attachments["appendix-a.pdf"] == (published / "public" / "appendix-a.pdf").read_bytes()
    assert CANARY.encode() not in (published / "announce.eml").read_bytes()


def test_drafts_are_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(PublishError) as caught:
        api.publish(Path(__file__).resolve().parents[1] / "content", out)
    assert str(caught.value).endswith(
        "report.yaml: report is a draft, so it cannot be published; release it for decision "
        "(policykit release report --version 1.0), or publish with --draft")
    assert not out.exists()


def test_uncommitted_work_is_refused(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "."], **run)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.gov.uk",
                    "commit", "-qm", "pack"], **run)
    (content / "appendix-b.md").write_text(
        (content / "appendix-b.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        api.publish(content, tmp_path / "out")
    assert str(caught.value) == (
        "the content has uncommitted changes, so what would be published is not a release; "
        "commit them (git commit) or publish with --draft")


@pytest.mark.office
@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_wcag_22_aa_violation_on_any_published_page(published, width):
    require_browser()
    pages = sorted(published.rglob("*.html"))
    assert len(pages) == 11  # 5 per audience and the bulletin
    with browser(width=width) as driver:
        for page in pages:
            violations = run_axe(driver, page.as_uri())
            assert violations == [], f"{page} at {width}px:\n{describe(violations)}"


@pytest.mark.office
def test_the_agenda_pack_keeps_every_documents_structure_tree(published):
    with pikepdf.open(published / "public" / "agenda-pack.pdf") as pdf:
        pages = {page.obj.objgen for page in pdf.pages}
        tree = pdf.Root.StructTreeRoot
        (document,) = list(tree.K)
        parts = list(document.K)
        assert str(document.S) == "/Document" and len(parts) == len(DOCUMENTS)
        assert all(str(part.S) == "/Part" for part in parts)
        seen, stack, referenced = set(), list(parts), 0
        while stack:
            element = stack.pop()
            if not isinstance(element, pikepdf.Dictionary) or element.objgen in seen:
                continue
            seen.add(element.objgen)
            if "/Pg" in element:
                referenced += 1
                assert element.Pg.objgen in pages
            kids = element.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
        assert referenced > 100
        nums = tree.ParentTree.Nums
        keys = [int(nums[i]) for i in range(0, len(nums), 2)]
        assert keys == sorted(set(keys)) and int(tree.ParentTreeNextKey) == keys[-1] + 1
        assert {int(page.obj.StructParents) for page in pdf.pages} <= set(keys)


@pytest.mark.office
def test_a_draft_publish_says_draft_on_every_page(tmp_path):
    out = tmp_path / "out"
    api.publish(Path(__file__).resolve().parents[1] / "content", out, draft=True)
    for audience in ("public", "members"):
        for path in sorted((out / audience).glob("*.pdf")):
            for number, page in enumerate(page_texts(path.read_bytes()), start=1):
                lines = [line.strip() for line in page.splitlines()]
                assert lines[:2] == ["Classification: OFFICIAL", "DRAFT"], (path, number)
        for path in sorted((out / audience).glob("*.html")):
            page = path.read_text(encoding="utf-8")
            assert page.count("<strong>DRAFT</strong>") == 2, path
    members = page_texts((out / "members" / "appendix-c.pdf").read_bytes())
    assert all(page.splitlines()[2].strip() == "NOT FOR PUBLICATION" for page in members)
    assert all(page.splitlines()[3].strip() == "Exempt: paragraph 3 of Part 1 of Schedule 12A "
               "to the Local Government Act 1972" for page in members)


def test_publish_at_a_tag_uses_the_tagged_content_not_the_working_tree(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "."], **run)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.gov.uk",
                    "commit", "-qm", "pack"], **run)
    subprocess.run(["git", "tag", "pack/v1"], **run)
    policy = content / "appendix-b.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace(
        "status: approved", "status: draft") + "\nAn unreleased sentence.\n", encoding="utf-8")
    result = api.publish(content, tmp_path / "out", at="pack/v1", pdf=False)
    page = (tmp_path / "out" / "public" / "appendix-b.html").read_text(encoding="utf-8")
    assert "An unreleased sentence." not in page and "DRAFT" not in page
    assert result.commit is not None and len(result.commit) == 40
    assert result.office_starts == 0


def test_publish_at_a_tag_uses_the_tagged_web_templates_not_the_working_trees(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    stylesheet = tmp_path / "templates" / "html" / "style.css"
    stylesheet.write_text("/* tagged house style */\n" + stylesheet.read_text(encoding="utf-8"),
                          encoding="utf-8")
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "."], **run)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.gov.uk",
                    "commit", "-qm", "pack"], **run)
    subprocess.run(["git", "tag", "pack/v1"], **run)
    stylesheet.write_text("/* restyled since */\n", encoding="utf-8")
    base = tmp_path / "templates" / "html" / "base.html"
    base.write_text("{{ broken", encoding="utf-8")

    api.publish(content, tmp_path / "out", at="pack/v1", pdf=False)

    css = (tmp_path / "out" / "public" / "style.css").read_text(encoding="utf-8")
    assert css.startswith("/* tagged house style */\n")
    assert "restyled since" not in css
    page = (tmp_path / "out" / "public" / "report.html").read_text(encoding="utf-8")
    assert "Social Media Policy for Members" in page


def test_publish_at_a_tag_whose_web_templates_lack_a_file_names_the_tagged_folder(tmp_path):
    content = approved_pack(tmp_path, canary=False)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "templates" / "html" / "bulletin.html").unlink()
    run = {"cwd": tmp_path, "check": True, "capture_output": True}
    subprocess.run(["git", "init", "-q"], **run)
    subprocess.run(["git", "add", "."], **run)
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.gov.uk",
                    "commit", "-qm", "pack"], **run)
    subprocess.run(["git", "tag", "pack/v1"], **run)
    shutil.copy(ROOT / "templates" / "html" / "bulletin.html",
                tmp_path / "templates" / "html" / "bulletin.html")
    with pytest.raises(TemplateError) as caught:
        api.publish(content, tmp_path / "out", at="pack/v1", pdf=False)
    assert str(caught.value) == (
        "templates/html@pack/v1 has no bulletin.html; copy the missing files from "
        "policykit's templates/html/ folder")
    assert not (tmp_path / "out").exists()
