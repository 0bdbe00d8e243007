"""Share the test suite's LibreOffice rule: office tests skip locally, fail in CI.

A test marked ``@pytest.mark.office`` opens documents in a real LibreOffice. When
LibreOffice (``soffice``, ``/usr/bin/python3`` with ``uno``, ``pdftotext``) is not usable
it is skipped, unless the environment says ``CI=true``: there it fails with the list of
what is missing, so CI can never go green by skipping its real client.
"""

from __future__ import annotations

import os

import pytest

from policykit.office import session as office


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or, in CI, fail) an office test when LibreOffice is not usable."""
    if item.get_closest_marker("office") is None or office.available():
        return
    what = ", ".join(office.missing())
    if _in_ci():
        pytest.fail(
            f"CI=true and LibreOffice is not usable (missing {what}); "
            "office tests must run in CI, never skip",
            pytrace=False,
        )
    pytest.skip(f"LibreOffice not usable: missing {what}")


def pytest_report_header() -> str:
    """Say which policykit the tests import (tests/test_installed.py checks it in CI)."""
    import policykit

    return f"policykit {policykit.__version__} from {os.path.dirname(policykit.__file__)}"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Close every GitPython repository the tests left open, ending its helper processes.

    GitPython keeps ``git cat-file`` processes per repository; one left in a reference cycle
    would otherwise be collected after the last test, its pipes unclosed and the process
    still running (ResourceWarnings that fail the run under ``filterwarnings = error``).
    Closing it is what its owner should have done; any other leak still fails the run.
    """
    import gc

    try:
        from git import Repo
    except ImportError:  # no git on the machine: nothing was opened
        return
    for obj in gc.get_objects():
        if isinstance(obj, Repo):
            obj.close()
