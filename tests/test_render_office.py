"""Open the built sample pack in LibreOffice and check what a reader sees on every page."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from policykit import content
from policykit.office import session as office
from policykit.render import render_document

pytestmark = pytest.mark.office

ROOT = Path(__file__).resolve().parents[1]
# A copy of ../shared/seeds/, so the tests run on a machine without shared/.
SEED = ROOT / "tests" / "assets" / "seed" / "committee-report-social-media-policy-for-members.txt"
MARKING = "Classification: OFFICIAL"


@pytest.fixture(scope="module")
def pages() -> dict[str, list[str]]:
    loaded = content.load(ROOT / "content")
    return {
        doc_id: office.page_texts(render_document(loaded, doc_id))
        for doc_id in ("report", "appendix-a", "appendix-b")
    }


@pytest.mark.parametrize("doc_id", ["report", "appendix-a", "appendix-b"])
def test_every_page_starts_and_ends_with_the_marking(pages: dict[str, list[str]],
                                                     doc_id: str) -> None:
    document = pages[doc_id]
    assert len(document) >= (2 if doc_id == "report" else 5)
    for number, page in enumerate(document, start=1):
        lines = page.splitlines()
        assert lines[0].strip() == MARKING, f"{doc_id} page {number} first line: {lines[0]!r}"
        assert lines[-1].strip() == MARKING, f"{doc_id} page {number} last line: {lines[-1]!r}"
        assert re.search(rf"Page {number} of {len(document)}\b", page), \
            f"{doc_id} page {number} has no 'Page {number} of {len(document)}'"


def _flat(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").split())


def test_report_holds_every_seed_sentence_in_order(pages: dict[str, list[str]]) -> None:
    body = _flat(" ".join(
        "\n".join(line for line in page.splitlines()[1:-2]) for page in pages["report"]
    ))
    seed = SEED.read_text(encoding="utf-8")
    sentences = []
    for raw in seed.splitlines():
        line = raw.split("\t")[-1].strip().lstrip("#*- ").strip("*")
        line = re.sub(r"^\d+(\.\d+)?\.?\s+", "", line)
        if len(line.split()) < 4 or line.startswith("Classification"):
            continue
        sentences += [s.strip() for s in re.split(r"(?<=\.)\s+", line) if s.strip()]
    assert len(sentences) >= 25
    position = 0
    for sentence in sentences:
        found = body.find(_flat(sentence), position)
        assert found >= 0, f"not found in order: {sentence!r}"
        position = found + 1


def _numbers(document: list[str]) -> tuple[list[int], list[tuple[int, int]]]:
    sections, paragraphs = [], []
    for page in document:
        for line in page.splitlines()[1:-2]:
            if match := re.match(r"^(\d+)\.\s+[A-Z]", line):
                sections.append(int(match.group(1)))
            elif match := re.match(r"^(\d+)\.(\d+)\s+\S", line):
                paragraphs.append((int(match.group(1)), int(match.group(2))))
    return sections, paragraphs


@pytest.mark.parametrize("doc_id", ["report", "appendix-a"])
def test_numbering_is_consecutive(pages: dict[str, list[str]], doc_id: str) -> None:
    sections, paragraphs = _numbers(pages[doc_id])
    assert sections == list(range(1, len(sections) + 1))
    assert len(sections) >= 7
    expected_next = {}
    for section, number in paragraphs:
        assert section in sections
        assert number == expected_next.get(section, 1), f"{section}.{number} out of order"
        expected_next[section] = number + 1
    if doc_id == "report":  # the seed's 7.1 and 7.2 sit in section 5
        assert paragraphs == [(5, 1), (5, 2)]


def test_word_lists_show_the_computed_numbers_and_no_number_is_typed(
        pages: dict[str, list[str]]) -> None:
    def lines(doc_id: str) -> list[str]:
        return [" ".join(line.split()) for page in pages[doc_id] for line in page.splitlines()]

    policy, report = lines("appendix-a"), lines("report")
    assert "4.1 For the purposes of this policy, social media means any website or online " \
        "service which" in policy
    assert "5.2 Members should follow these principles whenever they use social media:" in policy
    assert "15.2 Advice is available as follows:" in policy
    sections = ["1. Purpose of Report", "2. Reasons for Recommendations", "3. Consultation",
                "4. Options (if any)", "5. Corporate Implications",
                "6. Links to Council Policy Objectives", "7. Next Steps"]
    positions = [report.index(line) for line in sections]
    assert positions == sorted(positions)
    assert "1. The social media policy for Members contained in Appendix A is approved." in report
    assert "5.1 Financial: There are no financial implications" in report
    # The numbers come from the Word list bound to the styles: none is typed as text.
    loaded = content.load(ROOT / "content")
    for doc_id in ("report", "appendix-a"):
        with zipfile.ZipFile(io.BytesIO(render_document(loaded, doc_id))) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
        typed = re.findall(r"<w:t(?: [^>]*)?>(\d+\.\d*)</w:t>", body)
        assert typed == (["1.0"] if doc_id == "appendix-a" else []), doc_id  # the version
