"""Open pages in a real headless chromium and run axe-core on them (shared test helper).

``axe_violations(url)`` loads a page in Debian's chromium through Selenium and
chromedriver, injects axe-core and returns its WCAG 2.2 AA violations. axe-core is found
through ``POLICYKIT_AXE_JS``, else ``node_modules/axe-core/axe.min.js`` at the repository
root; :func:`require_browser` skips a test when chromium or axe is missing, except in CI
(``CI=true``), where it fails.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[1]


def axe_path() -> Path | None:
    """Return the axe-core script to inject, or None if it is not installed."""
    configured = os.environ.get("POLICYKIT_AXE_JS")
    candidate = Path(configured) if configured else ROOT / "node_modules/axe-core/axe.min.js"
    return candidate if candidate.is_file() else None


def chromium_path() -> str | None:
    """Return Debian's chromium binary, or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_browser() -> None:
    """Skip the calling test when chromium, chromedriver or axe-core is missing (fail in CI)."""
    missing = [name for name, found in (
        ("chromium", chromium_path()), ("chromedriver", shutil.which("chromedriver")),
        ("axe-core (set POLICYKIT_AXE_JS)", axe_path())) if not found]
    if not missing:
        return
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"CI=true and the browser checks cannot run: missing {', '.join(missing)}",
                    pytrace=False)
    pytest.skip(f"browser checks need {', '.join(missing)}")


@contextmanager
def browser(width: int = 1280, height: int = 900) -> Iterator[object]:
    """Yield a Selenium driver for a fresh headless chromium with a throw-away profile."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="policykit-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium_path() or "chromium"
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                     f"--window-size={width},{height}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options,
                                  service=Service(shutil.which("chromedriver") or "chromedriver"))
        try:
            driver.set_page_load_timeout(60)
            driver.set_script_timeout(60)
            yield driver
        finally:
            driver.quit()


def run_axe(driver: object, url: str) -> list[dict]:
    """Load ``url`` in ``driver`` and return axe-core's WCAG 2.2 AA violations."""
    driver.get(url)  # type: ignore[attr-defined]
    return axe_here(driver)


def axe_here(driver: object) -> list[dict]:
    """Return axe-core's WCAG 2.2 AA violations of the page as it is now (no reload)."""
    path = axe_path()
    assert path is not None, "axe-core not found; set POLICYKIT_AXE_JS"
    driver.execute_script(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    result = driver.execute_async_script(  # type: ignore[attr-defined]
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        ".then(r => done(r.violations)).catch(e => done([{id: 'axe-error', help: String(e),"
        " nodes: []}]));",
        AXE_TAGS,
    )
    return list(result)


def wait(condition: Callable[[], object], what: str, seconds: float = 30) -> object:
    """Return the condition's first true value, polling; fail saying what did not happen.

    An element the page replaced while it was read (htmx swaps the preview) is read again.
    """
    from selenium.common.exceptions import StaleElementReferenceException

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = condition()
        except StaleElementReferenceException:
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def describe(violations: list[dict]) -> str:
    """Return a readable list of violations for an assertion message."""
    return "\n".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        + "; ".join(str(n.get("target")) for n in v["nodes"][:3]) + ")"
        for v in violations
    )


def axe_violations(url: str) -> list[dict]:
    """Return axe-core's WCAG 2.2 AA violations of one page, in a browser of its own."""
    with browser() as driver:
        return run_axe(driver, url)
