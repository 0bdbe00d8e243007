"""Drive the workspace's published files over HTTP: publish, then follow the pages' links."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from webfixtures import OLD, csrf, finished, make_workspace, running

from policykit import api


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "pack")


@pytest.fixture
def server(workspace: Path):
    with running(workspace) as running_server:
        yield running_server


@pytest.mark.office
def test_publish_a_draft_and_open_its_files(server, workspace: Path) -> None:
    with server.client() as client:
        page = client.get("/").text
        refused = client.post("/publish", data={"csrf_token": csrf(page)})
        assert refused.status_code == 409
        assert "<h1>The pack cannot be published yet</h1>" in refused.text
        assert '<a href="/documents/appendix-b/history">release it' in refused.text
        assert "policykit release" not in refused.text and "--approved-by" not in refused.text
        published = client.post("/publish", data={"csrf_token": csrf(page), "draft": "yes"})
        assert published.status_code == 303
        done, seen = finished(client, published.headers["location"])
        assert len(seen) > 1 and "Working on it" in seen[0]  # progress shown as it works
        assert '<a href="/published/public/agenda-pack.pdf">public/agenda-pack.pdf</a>' in done
        assert "bulletin.txt" not in done.split("<details")[0]  # the rest in details
        listing = client.get("/").text
        assert 'href="/published/public/agenda-pack.pdf"' in listing
        pdf = client.get("/published/public/agenda-pack.pdf")
        assert pdf.content.startswith(b"%PDF")
        site = client.get("/published/public/appendix-a.html")
        assert "DRAFT" in site.text and OLD in site.text
        # The launch kit follows the decision: a draft publication has none (issue 17).
        assert client.get("/published/bulletin.txt").status_code == 404
        assert client.get("/published/secret/x.pdf").status_code == 404
        assert client.get("/published/public/..%2F..%2F..%2Fcontent%2Fpack.yaml"
                          ).status_code == 404
        # Every link of the published index works here, the PDFs included.
        assert 'href="/published/public/index.html">Open the website as published' in listing
        targets = followed(client, "/published/public/index.html")
        assert "/published/public/appendix-a.pdf" in targets
        assert "/published/public/agenda-pack.pdf" in targets


def followed(client: httpx.Client, address: str, *, pdfs: bool = True) -> dict[str, str]:
    """Open every file a published page links to, as a browser resolves the links.

    Return {address: content type}; fail naming any link that does not open.
    """
    page = client.get(address)
    assert page.status_code == 200, address
    found = {}
    for link in sorted(set(re.findall(r'(?:href|src)="([^"#:]+)"', page.text))):
        if link.endswith(".pdf") and not pdfs:
            continue
        target = urljoin(address, link)
        answer = client.get(target)
        assert answer.status_code == 200, (address, link, target, answer.text[:300])
        found[target] = answer.headers["content-type"]
    return found


def test_the_published_index_links_work_in_the_workspace(server, workspace: Path) -> None:
    # Without LibreOffice: the pages, stylesheet and logo, no PDFs (the links to them are
    # followed in test_publish_a_draft_and_open_its_files).
    api.publish(workspace / "content", workspace / "build" / "publish", draft=True, pdf=False)
    with server.client() as client:
        listing = client.get("/").text
        assert 'href="/published/public/index.html">Open the website as published' in listing
        assert 'href="/published/members/index.html">Open the Members' in listing
        # A draft publication has no launch kit: it follows the decision (issue 17).
        assert 'href="/published/bulletin.html"' not in listing
        for area in ("public", "members"):
            targets = followed(client, f"/published/{area}/index.html", pdfs=False)
            assert targets[f"/published/{area}/appendix-a.html"].startswith("text/html")
            assert targets[f"/published/{area}/style.css"].startswith("text/css")
            assert targets[f"/published/{area}/logo.png"] == "image/png"
            page = client.get(f"/published/{area}/appendix-a.html").text
            assert OLD in page and "DRAFT" in page
            # ... and from a document page back to the index and on to the others.
            assert f"/published/{area}/index.html" in followed(
                client, f"/published/{area}/appendix-a.html", pdfs=False)
        assert client.get("/published/bulletin.txt").status_code == 404
        for wrong in ("/published/kit/bulletin.txt", "/published/public/x/index.html",
                      "/published/content/pack.yaml", "/published/..%2Fcontent%2Fpack.yaml"):
            refused = client.get(wrong)
            assert refused.status_code == 404, wrong
            assert "Error: no published file" in refused.text or "Error: no file" in (
                refused.text), wrong
