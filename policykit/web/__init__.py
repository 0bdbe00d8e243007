"""Serve the browser workspace over a content repository (``policykit serve``).

Owns the Starlette application, its request guard (Host, CSRF, body size) and its page
handlers; the templates and stylesheet are in the brand kit (``templates/web/``), htmx is
vendored in ``static/``. Handlers call only ``policykit.api`` (plus the error types and the
``versions.edits`` result types); nothing here holds rules of its own. ``comparisons``
keeps the compare page's last comparisons, keyed by what they depend on
(``api.comparison_state``), so opening one again does not redo it.

May import: ``policykit.api`` and ``policykit.errors`` only (tests/test_architecture.py).
"""

from __future__ import annotations

from policykit.web.app import create_app

__all__ = ["create_app"]
