"""Tests for policykit.render.labels: numbers and titles shared by Word, PDF and HTML."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from policykit import api
from policykit.content import load
from policykit.render.labels import (
    SectionNumbers,
    appendix_list,
    comparison_title,
    document_title,
)

SAMPLE = Path(__file__).resolve().parents[1] / "content"


def test_section_numbers_count_sections_and_their_paragraphs():
    numbers = SectionNumbers()
    assert numbers.next_paragraph() is None  # before any section: not numbered
    assert [numbers.heading(), numbers.next_paragraph(), numbers.next_paragraph(),
            numbers.heading(), numbers.next_paragraph()] == ["1.", "1.1", "1.2", "2.", "2.1"]


def test_each_document_and_comparison_has_its_own_title():
    content = load(SAMPLE)
    titles = [document_title(content, d) for d in ("report", "appendix-a", "appendix-b")]
    assert titles == ["Social Media Policy for Members",
                      "Appendix A: Social Media Policy for Members",
                      "Appendix B: Social Media Guidance for Members"]
    expected = "Appendix A compared with Social Media Policy (version 1.2, 2014)"
    assert comparison_title(content, "appendix-a", "staff-policy-2014") == expected
    redline = api.compare_content(content, "appendix-a", "staff-policy-2014")
    assert docx.Document(io.BytesIO(redline.docx)).core_properties.title == expected
    assert len({*titles, expected}) == 4


def test_the_appendix_list_comes_from_the_pack_and_marks_the_exempt_one():
    assert appendix_list(load(SAMPLE)) == [
        "Appendix A: Social Media Policy for Members",
        "Appendix B: Social Media Guidance for Members",
        "Appendix C: Costs of the External Social Media Training ("
        "exempt under paragraph 3 of Part 1 of Schedule 12A)",
    ]
