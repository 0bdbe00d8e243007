"""Drive the real workspace server (policykit serve) over HTTP: pages, saves and refusals."""

from __future__ import annotations

import html
import io
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

import docx
import httpx
import pytest
from processes import policykit_command, popen, run, stop
from webfixtures import (
    NEW,
    OLD,
    PERSON,
    PERSON_COOKIE,
    csrf,
    editor,
    field,
    finished,
    free_port,
    git,
    make_workspace,
    running,
)

APPENDIX = "content/appendix-a.md"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return make_workspace(tmp_path / "pack")


@pytest.fixture
def server(workspace: Path):
    with running(workspace) as running_server:
        yield running_server


def test_pages_show_the_pack_documents_history_and_reviews(server) -> None:
    with server.client() as client:
        pack = client.get("/")
        assert pack.status_code == 200
        assert "<h1>Cabinet, 11 June 2019</h1>" in pack.text
        assert "Appendix A: Social Media Policy for Members" in pack.text
        assert "<dd>OFFICIAL</dd>" in pack.text
        page = client.get("/documents/appendix-a")
        assert "Edit appendix-a.md" in page.text and OLD in page.text
        assert "No problems found." not in page.text  # 0 errors, but warnings: said so
        assert re.search(r"This text can be saved: nothing in it stops the document being "
                         r"built\. The accessibility and plain-English check of the saved text "
                         r"found 0 errors and \d+ warnings", page.text)
        report = client.get("/documents/report")
        assert 'name="subject" value="Social Media Policy for Members"' in report.text
        history = client.get("/documents/appendix-a/history")
        assert "Start the policy pack from the policykit sample" in history.text
        reviews = client.get("/reviews?within=1%20year")
        assert reviews.status_code == 200 and "<h1>Reviews</h1>" in reviews.text
        calendar = client.get("/reviews/calendar")
        assert calendar.headers["content-type"].startswith("text/calendar")
        assert calendar.content.startswith(b"BEGIN:VCALENDAR")
        assert client.get("/static/htmx.min.js").status_code == 200
        assert "Zero-Clause BSD" in client.get("/static/htmx.LICENSE.txt").text
        assert client.get("/nowhere").status_code == 404


def test_pages_answer_as_json(server) -> None:
    with server.client() as client:
        pack = client.get("/.json").json()
        assert pack["pack"]["committee"] == "Cabinet"
        assert [d["state"] for d in pack["states"]] == ["draft"] * 4
        document = client.get("/documents/appendix-a",
                              headers={"accept": "application/json"}).json()
        assert OLD in document["text"] and document["error"] is None
        history = client.get("/documents/appendix-a/history.json").json()
        assert history["versions"][0]["author"] == "Test Runner"


def test_foreign_host_is_refused(server) -> None:
    with server.client() as client:
        refused = client.get("/", headers={"host": "attacker.example:8000"})
        assert refused.status_code == 400
        assert "answers only at its own address" in refused.text
        assert client.get("/", headers={"host": "localhost"}).status_code == 200


def test_posts_without_the_csrf_token_are_refused(server, workspace: Path) -> None:
    before = (workspace / APPENDIX).read_bytes()
    with server.client() as client:
        text, form = editor(client)
        edited = text.replace(OLD, NEW)
        missing = {k: v for k, v in form.items() if k != "csrf_token"}
        assert client.post("/documents/appendix-a", data={**missing, "text": edited}
                           ).status_code == 403
        forged = client.post("/documents/appendix-a",
                             data={**form, "csrf_token": "forged", "text": edited})
        assert forged.status_code == 403 and "did not come from the workspace" in forged.text
        foreign = client.post("/documents/appendix-a", data={**form, "text": edited},
                              headers={"origin": "http://attacker.example"})
        assert foreign.status_code == 403
        assert client.post("/build", data={}).status_code == 403
    assert (workspace / APPENDIX).read_bytes() == before


@pytest.mark.parametrize("address", [
    "/documents/..%2F..%2F..%2Fetc%2Fpasswd",
    "/documents/%2Fetc%2Fpasswd",
    "/documents/..%2Fcontent%2Fpack",
    "/build/..%2Fcontent%2Fpack.yaml",
    "/build/%2Fetc%2Fpasswd",
    "/static/..%2F..%2Fapi.py",
    "/documents/appendix-a/compare?old=--output%3D%2Ftmp%2Fx",
    "/documents/appendix-a/compare?old=HEAD..HEAD",
])
def test_paths_outside_the_repository_are_refused(server, address: str) -> None:
    with server.client() as client:
        response = client.get(address)
    assert response.status_code in (400, 404)
    assert "root:" not in response.text and "council:" not in response.text


def test_save_writes_the_file_and_commits_it_as_the_officer(server, workspace: Path) -> None:
    with server.client() as client:
        text, form = editor(client)
        saved = client.post("/documents/appendix-a",
                            data={**form, "text": text.replace(OLD, NEW).replace("\n", "\r\n")})
        assert saved.status_code == 303
        page = client.get(saved.headers["location"]).text
        assert re.search(r"Saved by Priya Shah today at \d\d:\d\d\.", page)
        assert "Saved as commit" not in page  # the commit id only in the details line
    on_disk = (workspace / APPENDIX).read_text()
    assert NEW in on_disk and "\r\n" not in on_disk
    assert git(workspace, "log", "-1", "--format=%an|%ae|%cn|%s").strip() == \
        "Priya Shah|priya.shah@example.gov.uk|Priya Shah|Reword the introduction"
    assert git(workspace, "status", "--porcelain").strip() == ""


def test_a_save_that_does_not_validate_is_not_written(server, workspace: Path) -> None:
    before = (workspace / APPENDIX).read_bytes()
    with server.client() as client:
        text, form = editor(client)
        broken = text.replace("title: Social Media Policy for Members\n", "")
        response = client.post("/documents/appendix-a", data={**form, "text": broken})
    assert response.status_code == 422
    # word for word what 'policykit validate content' prints for the same file
    assert "Error: content/appendix-a.md, field title: is required but missing; add it" \
        in html.unescape(response.text)
    assert html.escape(broken, quote=False).split("\n")[5] in response.text
    assert 'aria-invalid="true"' in response.text
    assert (workspace / APPENDIX).read_bytes() == before


def test_the_second_tab_save_is_refused_showing_what_changed(server, workspace: Path) -> None:
    with server.client() as client:
        text, first = editor(client)
        _, second = editor(client)
        assert client.post("/documents/appendix-a",
                           data={**first, "text": text.replace(OLD, NEW)}).status_code == 303
        mine = text.replace("# Purpose", "# Purpose of this policy")
        stale = client.post("/documents/appendix-a", data={**second, "text": mine})
    assert stale.status_code == 409
    page = html.unescape(stale.text)
    assert "Priya Shah saved this document today at" in page
    assert "after you opened it" in page and "Your text has not been saved." in page
    assert f"<tr><td>{NEW}" in page and f"</td><td>{OLD}" in page  # side by side, in words
    assert "<tr><td># Purpose</td><td># Purpose of this policy</td></tr>" in page
    assert "# Purpose of this policy" in page  # the officer's text is kept in the form
    on_disk = (workspace / APPENDIX).read_text()
    assert NEW in on_disk and "# Purpose of this policy" not in on_disk
    with server.client() as client:  # Save again: refused again, the colleague's edit kept
        again = client.post("/documents/appendix-a", data={**second, "text": mine})
        assert again.status_code == 409
        button = re.search(r'name="overwrite" value="([^"]+)"[^>]*>Save my text over Priya '
                           r"Shah’s changes</button>", again.text)
        assert button, "the explicit choice names the colleague"
        over = client.post("/documents/appendix-a", data={
            **second, "text": mine, "overwrite": button.group(1)})
        assert over.status_code == 303
    assert "# Purpose of this policy" in (workspace / APPENDIX).read_text()


def test_concurrent_saves_make_one_commit_and_refuse_the_rest(server, workspace: Path) -> None:
    commits = git(workspace, "rev-list", "--count", "HEAD").strip()
    with server.client() as client:
        text, form = editor(client)
    statuses: list[int] = []

    def save(number: int) -> None:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            statuses.append(client.post("/documents/appendix-a", data={
                **form, "text": text.replace(OLD, f"{NEW} ({number})")}).status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [303, 409, 409, 409, 409, 409]
    assert int(git(workspace, "rev-list", "--count", "HEAD")) == int(commits) + 1
    assert git(workspace, "status", "--porcelain").strip() == ""


def test_preview_checks_the_text_as_the_officer_types(server) -> None:
    with server.client() as client:
        text, form = editor(client)
        headers = {"hx-request": "true"}
        good = client.post("/documents/appendix-a/preview",
                           data={**form, "text": text.replace(OLD, NEW)}, headers=headers)
        assert good.status_code == 200 and "This text can be saved" in good.text
        assert "<html" not in good.text.split("srcdoc=")[0]  # a fragment for htmx
        assert '<iframe class="preview" sandbox="allow-same-origin"' in good.text
        assert NEW in good.text
        bad = client.post("/documents/appendix-a/preview", headers=headers,
                          data={**form, "text": text.replace("version: \"1.0\"",
                                                             "version: [1")})
        assert "Error: content/appendix-a.md, line" in bad.text
        plain = client.post("/documents/appendix-a/preview",
                            data={**form, "text": text.replace(OLD, NEW)})
        assert "<html" in plain.text and NEW in plain.text  # without JavaScript: the page


def test_report_fields_form_keeps_comments_and_layout(server, workspace: Path) -> None:
    path = workspace / "content/report.yaml"
    before = path.read_text().split("\n")
    with server.client() as client:
        page = client.get("/documents/report").text
        fields = {"csrf_token": csrf(page), "token": field(page, "token"),
                  "author": "Connie Primmer", "message": "Retitle the subject"}
        response = client.post("/documents/report/fields", data={
            **fields, "subject": "Social Media Policy for Members (revised)",
            "title": "Social Media Policy for Members", "report_of": before[5][11:],
            "recommendations": "\r\n".join(line[4:] for line in before if line.startswith(
                "  - The social media")),
            "background_papers": "None, other than those referred to in the report.\r\n"})
    assert response.status_code == 303
    after = path.read_text().split("\n")
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("subject: Social Media Policy for Members",
                        "subject: Social Media Policy for Members (revised)")]


def test_word_download_and_build(server, workspace: Path) -> None:
    with server.client() as client:
        word = client.get("/documents/appendix-a/word")
        assert word.headers["content-disposition"] == 'attachment; filename="appendix-a.docx"'
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs)
        assert OLD in text
        page = client.get("/").text
        built = client.post("/build", data={"csrf_token": csrf(page)})
        assert built.status_code == 303 and built.headers["location"].startswith("/jobs/")
        done, seen = finished(client, built.headers["location"])
        assert "<h1>Building the Word documents</h1>" in done
        assert re.search(r"Done in \d+ s\. 5 documents made\.", done)
        assert '<a href="/build/appendix-a.docx">appendix-a.docx</a>' in done
        assert "Working on it" in seen[0] or len(seen) == 1
        listing = client.get("/").text
        assert 'href="/build/appendix-a.docx"' in listing
        download = client.get("/build/appendix-a.docx")
        assert download.content == (workspace / "build/appendix-a.docx").read_bytes()


def test_record_a_review(server, workspace: Path) -> None:
    with server.client() as client:
        assert "No reviews are due." in client.get("/reviews").text  # drafts are not reviewed
        client.post("/documents/appendix-a/release", data={
            "csrf_token": csrf(client.get("/").text), "version": "1.0",
            "approved_by": "Cabinet", "approved_on": "2019-06-11"})
        page = client.get("/reviews").text
        assert "<h2>Democratic Services</h2>" in page and ">overdue</span>" in page
        recorded = client.post("/reviews/appendix-a", data={
            "csrf_token": csrf(page), "by": "Ann Lee", "on": "2026-01-05"})
        assert recorded.status_code == 303
        assert "Review of appendix-a recorded." in client.get(recorded.headers["location"]).text
        bad = client.post("/reviews/appendix-a", data={
            "csrf_token": csrf(page), "by": "Ann Lee", "on": "5 January"})
        assert bad.status_code == 422 and "Error: reviewed on: give the date" in bad.text
    assert "last_reviewed: 2026-01-05" in (workspace / APPENDIX).read_text()
    assert git(workspace, "log", "-1", "--format=%s").startswith("Review appendix-a")


CRASHING_SERVER = """
import sys, uvicorn
from policykit.web import create_app
app = create_app(sys.argv[1])
def boom(request):
    raise RuntimeError("a bug in a handler")
app.router.add_route("/boom", boom)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def test_a_crash_shows_an_error_page_and_the_server_keeps_serving(workspace: Path) -> None:
    port = free_port()
    process = popen(
        [sys.executable, "-c", CRASHING_SERVER, str(workspace), str(port)],
        cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(url + "/static/htmx.LICENSE.txt")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client(base_url=url, timeout=60,
                          cookies={PERSON_COOKIE: quote(PERSON)}) as client:
            crashed = client.get("/boom")
            assert crashed.status_code == 500
            assert "something went wrong in policykit" in crashed.text
            assert crashed.headers["content-type"].startswith("text/html")
            assert client.get("/").status_code == 200  # same connection, still served
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        stop(process)
    assert "Traceback" in err and "RuntimeError: a bug in a handler" in err


def test_serve_prints_the_address_warns_off_loopback_and_stops_on_ctrl_c(workspace) -> None:
    with running(workspace, "--host", "127.0.0.2") as server:
        with server.client() as client:
            assert client.get("/", headers={"host": "127.0.0.2"}).status_code == 200
        code, out, err = server.stop()
    assert code == 0
    assert f"Open {server.url}/ in your browser; press Ctrl-C to stop." in out
    assert "Warning: --host 127.0.0.2: the workspace has no login" in err


def test_serve_open_opens_the_address_in_the_browser(workspace: Path, tmp_path: Path) -> None:
    # webbrowser runs the command named by BROWSER with the address: a script that notes it.
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n', encoding="utf-8")
    browser.chmod(0o755)
    with running(workspace, "--open", env={"BROWSER": str(browser)}) as server:
        deadline = time.monotonic() + 30
        while not opened.is_file() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # a second opening would come now
        code, out, _ = server.stop()
    assert code == 0
    assert opened.read_text(encoding="utf-8") == f"{server.url}/\n"
    assert f"Open {server.url}/ in your browser" in out


def test_import_a_word_policy_through_the_safe_reader(server, workspace: Path) -> None:
    with server.client() as client:
        page = client.get("/").text
        word = client.get("/documents/appendix-b/word").content
        files = {"file": ("Guidance.docx", word, "application/octet-stream")}
        form = {"csrf_token": csrf(page), "doc_id": "old-guidance", "author": "Ann Lee"}
        imported = client.post("/import", data=form, files=files)
        assert imported.status_code == 303
        assert imported.headers["location"].startswith("/documents/old-guidance?saved=")
        editor = client.get("/documents/old-guidance").text
        assert "Social Media Guidance for Members" in editor
        again = client.post("/import", data=form, files=files)
        assert again.status_code == 400 and "already holds document" in again.text
        broken = client.post("/import", data={**form, "doc_id": "broken"},
                             files={"file": ("x.docx", b"PK\x03\x04 not a zip", "x")})
        assert broken.status_code == 400 and "Error: x.docx" in broken.text
        huge = client.post("/import", data={**form, "doc_id": "huge"},
                           files={"file": ("big.docx", b"0" * (13 * 1024 * 1024), "x")})
        assert huge.status_code == 413
    assert git(workspace, "log", "-1", "--format=%an|%s").strip() == \
        "Priya Shah|Import Guidance.docx"  # who the browser says is working
    assert not (workspace / "content/broken.md").exists()
    assert not (workspace / "content/huge.md").exists()


def test_a_broken_pack_shows_the_error_and_the_files_to_fix(server, workspace: Path) -> None:
    pack = workspace / "content/pack.yaml"
    pack.write_text(pack.read_text().replace("meeting_date: 2019-06-11",
                                             "meeting_date: 11 June"))
    with server.client() as client:
        page = client.get("/")
        assert page.status_code == 200 and "The pack cannot be read" in page.text
        assert ("Error: content/pack.yaml, line 5, field meeting_date: &#39;11 June&#39; is "
                "not a date; write it as YYYY-MM-DD") in page.text
        assert 'href="/documents/pack"' in page.text
        text, form = editor(client, "pack")
        fixed = client.post("/documents/pack", data={
            **form, "text": text.replace("11 June", "2019-06-11")})
        assert fixed.status_code == 303
        assert "<h1>Cabinet, 11 June 2019</h1>" in client.get("/").text


def test_serve_refuses_a_port_in_use(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run(
            [*policykit_command(), "serve", str(workspace), "--port", str(port)],
            cwd=workspace, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: --port {port}: cannot listen on 127.0.0.1:{port} (")
    assert f"choose another port, e.g. --port {port + 1}" in done.stderr


def test_a_script_saves_with_json_and_the_csrf_header(server, workspace: Path) -> None:
    with server.client() as client:
        text, form = editor(client)
        token = form.pop("csrf_token")
        saved = client.post("/documents/appendix-a.json", headers={"x-csrf-token": token},
                            data={**form, "text": text.replace(OLD, NEW)})
        assert saved.status_code == 200
        answer = saved.json()
        assert answer["saved"] is True and len(answer["commit"]) == 40
        assert client.get("/documents/appendix-a.json").json()["token"] == answer["token"]
        stale = client.post("/documents/appendix-a.json", headers={"x-csrf-token": token},
                            data={**form, "text": text})
        assert stale.status_code == 409
        assert stale.json()["changes"].startswith("--- your text")
    assert git(workspace, "log", "-1", "--format=%H").strip() == answer["commit"]


def test_check_results_beside_each_document(server) -> None:
    with server.client() as client:
        pack = client.get("/").text
        assert '<a href="/documents/appendix-a#check">' in pack
        assert re.search(r"0 errors, \d+ warnings<span class=\"visually-hidden\"> in "
                         r"Social Media Policy for Members</span></a>; reading age \d", pack)
        # Appendix C has one warning: counts read as English.
        assert re.search(r"0 errors, 1 warning<span class=\"visually-hidden\"> in "
                         r"Costs of the External Social Media Training</span>", pack)
        page = html.unescape(client.get("/documents/appendix-a").text)
        assert "Accessibility and plain English (as saved)" in page
        assert "Rule long-sentence: sentence of 26 words (limit 25)" in page  # in details
        assert ('<strong>Warning: Sentence over the word limit</strong> in <a href="/documents/'
                'appendix-a?line=18#text">line 18</a>, under “Introduction”') in page
        assert "What to do: split it into shorter sentences, one idea each. Why it matters: " \
            "Residents and Members understand a policy written in plain words" in page
