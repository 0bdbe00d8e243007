"""The workspace off localhost: named hosts only, same-origin posts, 4xx for bad requests."""

from __future__ import annotations

import html
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from webfixtures import (
    NEW,
    OLD,
    PERSON,
    PERSON_COOKIE,
    ROOT,
    csrf,
    editor,
    make_workspace,
    running,
)

APPENDIX = "content/appendix-a.md"
NAME = "policies.council.example"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("security") / "pack")


@pytest.fixture(scope="module")
def server(workspace: Path):
    with running(workspace, "--host", "0.0.0.0", "--allow-host", NAME,
                 "--allow-host", "other.council.example") as running_server:
        yield running_server


def _client(server, host: str) -> httpx.Client:
    port = server.url.rsplit(":", 1)[1]
    return httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60,
                        headers={"host": f"{host}:{port}"},
                        cookies={PERSON_COOKIE: quote(PERSON)})


def _port(server) -> str:
    return server.url.rsplit(":", 1)[1]


def test_a_non_local_host_needs_the_names_people_type(workspace: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "policykit", "serve", str(workspace), "--host", "0.0.0.0"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1
    assert done.stderr == (
        "Error: --host 0.0.0.0: name the address people will type in their browser with "
        "--allow-host, e.g. --allow-host policies.council.gov.uk (repeat it for each name); "
        "the workspace answers no other name\n")


def test_the_host_check_stays_on_for_every_address(server) -> None:
    for host in (NAME, "other.council.example", "localhost", "127.0.0.1"):
        with _client(server, host) as client:
            assert client.get("/").status_code == 200, host
    for host in ("attacker.example", "0.0.0.0", "policies.council.example.attacker.example"):
        with _client(server, host) as client:
            refused = client.get("/")
        assert refused.status_code == 400, host
        assert "answers only at its own address" in refused.text
        assert "csrf_token" not in refused.text  # a rebinding page cannot read the token


@pytest.mark.parametrize(("origin", "status"), [
    ("http://{name}:{port}", 303),
    ("https://{name}:{port}", 403),  # another scheme
    ("http://{name}:1", 403),  # another port
    ("http://{name}", 403),  # the default port is another port
    ("http://attacker.example:{port}", 403),
    ("http://other.council.example:{port}", 403),  # allowed, but not the page's own origin
    ("null", 403),
    ("http://{name}:{port}/path", 403),
])
def test_a_post_must_come_from_the_workspace_itself(server, workspace: Path, origin: str,
                                                     status: int) -> None:
    with _client(server, NAME) as client:
        text, form = editor(client)
        form["message"] = f"Origin {origin}"
        mine = text.replace(OLD, NEW) if OLD in text else text.replace(NEW, OLD)
        answer = client.post("/documents/appendix-a", data={**form, "text": mine}, headers={
            "origin": origin.format(name=NAME, port=_port(server))})
    assert answer.status_code == status
    if status == 403:
        assert "Error: a form from another site was refused" in answer.text
        assert (workspace / APPENDIX).read_text(encoding="utf-8") == text


def test_a_proxy_ending_tls_may_say_the_scheme(server) -> None:
    with _client(server, NAME) as client:
        text, form = editor(client)
        answer = client.post(
            "/documents/appendix-a/preview", data={**form, "text": text},
            headers={"origin": f"https://{NAME}:{_port(server)}", "x-forwarded-proto": "https"})
    assert answer.status_code == 200


def _assert_readable(answer: httpx.Response, status: int, words: str) -> None:
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"].startswith("text/html")
    assert "<h1>" in answer.text and words in html.unescape(answer.text)


def test_a_form_with_too_many_fields_is_refused_with_a_page(server) -> None:
    with _client(server, "localhost") as client:
        token = csrf(client.get("/documents/appendix-a").text)
        many = "&".join(f"f{n}=x" for n in range(10_001)) + f"&csrf_token={token}"
        _assert_readable(client.post(
            "/documents/appendix-a", content=many,
            headers={"content-type": "application/x-www-form-urlencoded"}),
            413, "Error: the form has more than 1,000 fields")
        fields = {f"f{n}": (None, "x") for n in range(1_001)}
        _assert_readable(client.post(
            "/documents/appendix-a", data={"csrf_token": token}, files=fields),
            413, "Error: the form has more than 1,000 fields")
        assert client.get("/").status_code == 200


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"--x\r\nbroken", "multipart/form-data", 400),  # no boundary
    (b"--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nunterminated",
     "multipart/form-data; boundary=x", 422),
    (b"text=%ff%fe%&&&==&token=%zz", "application/x-www-form-urlencoded", 422),
    (b"\x00\x01\x02" * 100, "application/octet-stream", 422),
    (b'{"text": "x"}', "application/json", 422),
])
def test_a_malformed_post_is_a_4xx_with_a_readable_page(server, workspace: Path, body: bytes,
                                                         content_type: str, status: int) -> None:
    before = (workspace / APPENDIX).read_bytes()
    with _client(server, "localhost") as client:
        token = csrf(client.get("/documents/appendix-a").text)
        for address in ("/documents/appendix-a", "/documents/appendix-a/preview",
                        "/documents/report/fields", "/reviews/appendix-a",
                        "/documents/appendix-a/release"):
            answer = client.post(address, content=body, headers={
                "content-type": content_type, "x-csrf-token": token})
            assert answer.status_code < 500, (address, answer.status_code)
            assert "Error:" in answer.text and "something went wrong" not in answer.text
            assert "<h1>" in answer.text
        _assert_readable(client.post("/documents/appendix-a", content=body, headers={
            "content-type": content_type, "x-csrf-token": token}), status, "Error:")
    assert (workspace / APPENDIX).read_bytes() == before


def test_a_document_of_ten_megabytes_saves(server, workspace: Path) -> None:
    with _client(server, "localhost") as client:
        text, form = editor(client)
        paragraph = "A long paragraph of plain words about members' use of social media. "
        room = 10 * 1024 * 1024 - len(text.encode()) - 2
        body = "\n" + (paragraph * 14 + "\n\n") * (room // (len(paragraph) * 14 + 2))
        big = text + body[:room]
        assert 9.9 * 1024 * 1024 < len(big.encode()) <= 10 * 1024 * 1024
        saved = client.post("/documents/appendix-a", data={
            **form, "message": "A long appendix", "text": big})
        assert saved.status_code == 303, saved.text[-500:]
        text, form = editor(client)
        over = client.post("/documents/appendix-a", data={
            **form, "message": "Too long", "text": big + "x" * (1024 * 1024)})
        _assert_readable(over, 413, "a document may be at most 10 MB")
    assert (workspace / APPENDIX).read_text(encoding="utf-8") == big


def test_the_pack_settings_page_opens(server) -> None:
    with _client(server, "localhost") as client:
        page = client.get("/documents/pack")
    assert page.status_code == 200
    assert "committee: Cabinet" in html.unescape(page.text)
