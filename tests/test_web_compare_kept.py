"""The compare page keeps recent comparisons, yet never shows one from before a change."""

from __future__ import annotations

import re
from pathlib import Path

from webfixtures import NEW, OLD, editor, git, make_workspace, running

LATER = "Social media is now the main way in which residents find news of their council"


def _words(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


def test_a_save_and_a_disk_edit_each_show_on_a_compare_page_seen_before(
        tmp_path: Path) -> None:
    folder = make_workspace(tmp_path / "pack")
    first = git(folder, "rev-list", "--max-parents=0", "HEAD").strip()[:12]
    with running(folder) as server, server.client() as client:
        text, form = editor(client)
        client.post("/documents/appendix-a", data={**form, "text": text.replace(OLD, NEW)})
        address = f"/documents/appendix-a/compare?old={first}&new=HEAD"
        seen = client.get(address).text
        assert "[inserted: residents]" in _words(seen)
        assert client.get(address).text == seen  # the same page again
        text, form = editor(client)
        saved = client.post("/documents/appendix-a",
                            data={**form, "text": text.replace(NEW, LATER)})
        assert saved.status_code in (200, 303)
        after = _words(client.get(address).text)
        assert "find [deleted: information][inserted: news of their council]," in after
        assert "[inserted: council news]" not in after
        # Against the text now, an edit made on disk (not saved in the workspace) shows.
        today = f"/documents/appendix-a/compare?old={first}"
        assert "their council" in _words(client.get(today).text)
        policy = folder / "content" / "appendix-a.md"
        policy.write_text(policy.read_text(encoding="utf-8").replace(
            "their council", "the district council"), encoding="utf-8")
        now = _words(client.get(today).text)
        assert "the district council" in now and "their council" not in now
