"""Time the workspace's pages and live preview with httpx against a running server.

Makes a content repository with the sample pack (``policykit init``) in a temporary folder,
starts ``policykit serve`` on a free loopback port in its own process, warms each address
once, then times every page and the preview ``--runs`` times and reports the median and the
slowest. The compare page keeps recent comparisons, so its first view of a changed text (an
edit on disk each run) is timed too, for information. Targets (issue 20): every page under
150 ms, a preview under 100 ms (medians, whole request). The client says who is working (the
welcome page's cookie), as a browser does after the first visit.

    python benchmarks/bench_web.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "/welcome", "/documents/pack", "/documents/report", "/documents/appendix-a",
         "/documents/appendix-b", "/documents/appendix-a/history", "/reviews",
         "/reviews?within=1%20year", "/.json",
         "/documents/appendix-a/compare?old=HEAD~1&new=HEAD"]
PAGE_TARGET, PREVIEW_TARGET = 0.150, 0.100
PERSON = {"policykit_person": "Bench%20Officer%20%3Cbench%40example.gov.uk%3E"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def timed(call) -> float:
    start = time.perf_counter()
    response = call()
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (response.status_code, response.text[:300])
    return elapsed


def report(name: str, times: list[float], target: float) -> bool:
    median, worst = statistics.median(times), max(times)
    ok = median < target
    print(f"{name:34} median {median * 1000:6.1f} ms  max {worst * 1000:6.1f} ms  "
          f"{'ok' if ok else 'SLOW'} (target {target * 1000:.0f} ms)")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GIT_AUTHOR_NAME": "Bench",
           "GIT_AUTHOR_EMAIL": "bench@example.gov.uk", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.gov.uk"}
    with tempfile.TemporaryDirectory(prefix="policykit-bench-web-") as temp:
        folder = Path(temp) / "pack"
        subprocess.run([sys.executable, "-P", "-m", "policykit", "init", str(folder)], env=env,
                       check=True, capture_output=True)
        policy = folder / "content" / "appendix-a.md"  # one edit, for the compare page
        policy.write_text(policy.read_text(encoding="utf-8").replace(
            "one of the main ways", "the main way", 1), encoding="utf-8")
        subprocess.run(["git", "-C", str(folder), "commit", "-qam", "Plainer opening"],
                       env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-P", "-m", "policykit", "serve", str(folder), "--port", str(port)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            return run(f"http://127.0.0.1:{port}", args.runs, policy)
        finally:
            server.terminate()
            server.wait(30)


def run(url: str, runs: int, policy: Path) -> int:
    with httpx.Client(base_url=url, timeout=30, cookies=PERSON) as client:
        for _ in range(300):
            try:
                client.get("/static/htmx.LICENSE.txt")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        ok = True
        for page in PAGES:
            timed(lambda page=page: client.get(page))
            ok &= report(f"GET {page}", [timed(lambda page=page: client.get(page))
                                         for _ in range(runs)], PAGE_TARGET)
        first_views = []  # the compare page keeps comparisons: time one never seen before
        original = policy.read_text(encoding="utf-8")
        for number in range(runs):
            policy.write_text(original.replace("Social media is now",
                                               f"Social media ({number}) is now"), "utf-8")
            first_views.append(timed(lambda: client.get(
                "/documents/appendix-a/compare?old=HEAD~1")))
        policy.write_text(original, encoding="utf-8")
        report("GET compare, first view (no target)", first_views, PAGE_TARGET)
        editor = client.get("/documents/appendix-a").text
        form = {name: re.search(rf'name="{name}" value="([^"]*)"', editor).group(1)
                for name in ("csrf_token", "token")}
        text = client.get("/documents/appendix-a.json").json()["text"]
        headers = {"hx-request": "true"}
        for doc_id in ("appendix-a", "report"):  # a real preview, not an error, is timed
            answer = client.post(f"/documents/{doc_id}/preview", headers=headers, data={
                **form, "text": client.get(f"/documents/{doc_id}.json").json()["text"]})
            assert '<iframe class="preview"' in answer.text, answer.text[:300]
        times = []
        for number in range(runs + 1):
            edited = text.replace("Social media is now", f"Social media ({number}) is now")
            times.append(timed(lambda edited=edited: client.post(
                "/documents/appendix-a/preview", data={**form, "text": edited},
                headers=headers)))
        ok &= report("POST preview (appendix-a)", times[1:], PREVIEW_TARGET)
        report_text = client.get("/documents/report.json").json()["text"]
        times = [timed(lambda: client.post("/documents/report/preview", headers=headers,
                                           data={**form, "text": report_text}))
                 for _ in range(runs + 1)]
        ok &= report("POST preview (report)", times[1:], PREVIEW_TARGET)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
