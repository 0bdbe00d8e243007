"""Test checking a content folder before it is built: headings, links, plain English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policykit.check import CheckSettings, check_paths
from policykit.errors import ContentError

CONTENT = Path(__file__).parents[1] / "content"


def _folder(tmp_path: Path, edits: dict[str, tuple[str, str]] | None = None,
            pack_extra: str = "") -> Path:
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    for name, (old, new) in (edits or {}).items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    if pack_extra:
        with (folder / "pack.yaml").open("a", encoding="utf-8") as pack:
            pack.write(pack_extra)
    return folder


def _found(folder: Path, rule: str) -> list:
    report = check_paths([folder], CheckSettings(rules=frozenset({rule})))
    return [f for file in report.files for f in file.findings]


SEEDS = {
    "skipped-heading-level": [
        {"appendix-a.md": ("# Purpose\n", "# Purpose\n\n### Key points\n")},
        {"appendix-b.md": ("\n## ", "\n#### ")},
        {"appendix-a.md": ("# Scope\n", "# Scope\n\n### One\n"),
         "appendix-b.md": ("\n## ", "\n#### ")},
    ],
    "empty-heading": [
        {"appendix-a.md": ("# Purpose\n", "# Purpose\n\n##\n")},
        {"appendix-b.md": ("\n## ", "\n##\n\n## ")},
        {"appendix-a.md": ("# Scope\n", "# Scope\n\n## \n")},
    ],
    "unclear-link-text": [
        {"appendix-a.md": ("# Purpose\n", "# Purpose\n\nRead it [here](https://x.org).\n")},
        {"appendix-b.md": ("\n## ", "\n[click here](https://x.org)\n\n## ")},
        {"appendix-a.md": ("# Scope\n", "# Scope\n\n<https://www.chiltern.gov.uk>\n")},
    ],
    "typed-list": [
        {"appendix-a.md": ("# Purpose\n", "# Purpose\n\n• first point\n")},
        {"appendix-b.md": ("\n## ", "\n• one\n\n## ")},
        {"report.yaml": ("  - heading: Consultation\n    paragraphs:\n      - ",
                         "  - heading: Consultation\n    paragraphs:\n      - • ")},
    ],
    "words-to-avoid": [
        {"appendix-a.md": ("# Purpose\n", "# Purpose\n\nWe will leverage the tools.\n")},
        {"appendix-b.md": ("\n## ", "\nWe will utilise them.\n\n## ")},
        {"report.yaml": ("  - heading: Consultation\n    paragraphs:\n      - ",
                         "  - heading: Consultation\n    paragraphs:\n      - We will "
                         "facilitate this. ")},
    ],
}
BASELINE: dict[str, int] = {}


@pytest.mark.parametrize("rule", sorted(SEEDS))
def test_each_seeded_defect_is_found_in_the_content(rule: str, tmp_path: Path) -> None:
    baseline = len(_found(_folder(tmp_path / "clean"), rule))
    for number, edits in enumerate(SEEDS[rule]):
        found = _found(_folder(tmp_path / str(number), edits), rule)
        seeded = len(edits)
        assert len(found) == baseline + seeded, [f.message for f in found]


def test_sample_content_is_clean_of_structural_problems(tmp_path: Path) -> None:
    rules = "skipped-heading-level,empty-heading,first-heading-not-level-1,typed-list"
    report = check_paths([CONTENT], CheckSettings(rules=frozenset(rules.split(","))))
    assert [file.path.rsplit("/", 1)[-1] for file in report.files] == [
        "report.yaml", "appendix-a.md", "appendix-b.md", "appendix-c.md"]
    assert report.count("warning") == 0


def test_finding_gives_the_line_in_the_markdown(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"appendix-a.md": ("# Purpose\n",
                                                  "# Purpose\n\n### Key points\n")})
    [finding] = _found(folder, "skipped-heading-level")
    line = (folder / "appendix-a.md").read_text().splitlines().index("### Key points") + 1
    assert (finding.line, finding.message) == (line, "level 3 follows level 1")


def test_pack_check_settings_set_targets(tmp_path: Path) -> None:
    folder = _folder(tmp_path, pack_extra="check:\n  reading_age: 20\n  sentence_words: 60\n")
    report = check_paths([folder], CheckSettings(rules=frozenset({"reading-age",
                                                                  "long-sentence"})))
    assert report.warnings == 0
    strict = check_paths([_folder(tmp_path / "b")],
                         CheckSettings(rules=frozenset({"reading-age"})))
    assert strict.warnings == len(strict.files) == 4


def test_pack_language_applies_to_documents_checked_with_it(tmp_path: Path) -> None:
    word = Path(__file__).parent / "assets" / "check" / "wrong-language--report.docx"
    report = check_paths([CONTENT, word], CheckSettings(rules=frozenset({"wrong-language"})))
    [finding] = report.files[-1].findings
    assert finding.message == "the text is marked en-US, the content says en-GB"


def test_bad_check_settings_are_a_content_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path, pack_extra="check:\n  reading_age: old\n")
    with pytest.raises(ContentError, match="reading_age"):
        check_paths([folder])
