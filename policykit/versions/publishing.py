"""Publish the pack as it stands, or as it stood at a git revision (``publish --at``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from policykit.versions.snapshot import load_content, load_theme

if TYPE_CHECKING:  # publishing imports pikepdf and the renderer: load it on first use
    from policykit.publish.pipeline import PublishResult


def publish_pack(content_dir: str | Path, out_dir: str | Path, *, draft: bool = False,
                 at: str | None = None, pdf: bool = True,
                 progress: Callable[[str], None] | None = None) -> PublishResult:
    """Load the content (now or at ``at``) and publish it into ``out_dir``.

    The Word brand kit and the web templates (``templates/`` and ``templates/html`` beside
    the content folder, else the shipped ones) are read from the same place as the content:
    the working tree, or git at ``at``.
    """
    from policykit.publish.pipeline import publish_content

    content, kit, commit = load_content(content_dir, at=at)
    return publish_content(content, kit, load_theme(content_dir, at=at), out_dir, commit=commit,
                           draft=draft, pdf=pdf, progress=progress)


__all__ = ["publish_pack"]
