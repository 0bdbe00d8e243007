"""Test the HTML redline of the sample pair as a lawyer reads it: numbers, lists, moves, facts.

Appendix A (new) against the 2014 staff policy (old), both built from content/ and
compared by the ``policykit`` command as a user runs it. The numbers the page shows are
checked against the list labels read from each .docx on its own (tests/listlabels.py).
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from docx import Document
from listlabels import style_list_labels

import policykit

ROOT = Path(__file__).resolve().parent.parent
AUTHOR = "Legal Services"


def text(element: lxml.html.HtmlElement) -> str:
    """Return an element's text as a screen reader gets it, spaces folded."""
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("sample-pair")
    content = policykit.load(ROOT / "content")
    old, new = folder / "staff-policy-2014.docx", folder / "appendix-a.docx"
    old.write_bytes(policykit.build_document(content, "staff-policy-2014"))
    new.write_bytes(policykit.build_document(content, "appendix-a"))
    return old, new


def compare(pair: tuple[Path, Path], out: Path) -> subprocess.CompletedProcess:
    old, new = pair
    return subprocess.run(
        [sys.executable, "-m", "policykit", "compare", str(old), str(new), "-o", str(out),
         "--author", AUTHOR, "--date", "2026-12-05T11:05:00Z"],
        capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def page_file(pair: tuple[Path, Path]) -> Path:
    out = pair[0].parent / "redline.html"
    result = compare(pair, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def page(page_file: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(page_file.read_bytes())


def numbered(page: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    """Return the numbered paragraphs and headings of the text (lists aside), in order."""
    return [e for e in page.xpath('//section[@aria-labelledby="text"]//*[self::p or self::h2 '
                                  'or self::h3 or self::h4][span[@class="num"]]')
            if not e.xpath("ancestor::li")]


def numbers(element: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """Return (new number, old number struck) a numbered paragraph shows."""
    span = element.xpath('span[@class="num"]')[0]
    struck = span.xpath('del[@class="number"]')
    old = text(struck[0]).removeprefix("[old number: ").rstrip("]") if struck else None
    new = ((span.text or "") + "".join(d.tail or "" for d in struck)).strip() or None
    return new, old


def labels(path: Path) -> list[str]:
    return [label for label in style_list_labels(Document(io.BytesIO(path.read_bytes())))
            if label]


def test_each_paragraph_shows_the_new_number_and_the_old_one_struck_where_it_changed(
        page: lxml.html.HtmlElement, pair: tuple[Path, Path]) -> None:
    shown = [numbers(e) for e in numbered(page)]
    assert [new for new, _ in shown if new] == labels(pair[1])
    deleted_or_moved_away = [old for new, old in shown if new is None]
    assert deleted_or_moved_away and all(deleted_or_moved_away)
    principles = next(e for e in page.xpath("//h2") if text(e).endswith("Principles"))
    assert text(principles) == "[old number: 6.] 5. Principles"
    assert principles.xpath('span[@class="num"]/del[@class="number"]')[0].text_content() == (
        "[old number: 6.]")
    monitoring = next(e for e in page.xpath("//h2") if text(e).endswith("Monitoring"))
    assert numbers(monitoring) == ("12.", "13.")
    assert all(new != old for new, old in shown)  # an unchanged number is shown once
    unchanged = next(e for e in page.xpath("//h2") if text(e).endswith("Introduction"))
    assert text(unchanged) == "1. Introduction"


def test_old_numbers_read_in_order_are_the_old_documents(
        page: lxml.html.HtmlElement, pair: tuple[Path, Path]) -> None:
    old = []
    for element in numbered(page):
        new, struck = numbers(element)
        if struck:
            old.append(struck)
        elif element.xpath('.//ins[@class="moved"]') or not element.xpath(
                './/text()[not(ancestor::ins) and not(ancestor::span[@class="num"])]'
                '[normalize-space()]') and element.xpath(".//ins"):
            continue  # moved here (its old number is shown where it was) or inserted
        else:
            old.append(new)
    assert old == labels(pair[0])


def test_headings_lists_and_defined_terms_read_as_in_the_document(
        page: lxml.html.HtmlElement) -> None:
    scope = next(e for e in page.xpath("//h2") if text(e) == "3. Scope")
    assert scope.get("id")
    bullets = page.xpath('//ul/li[contains(., "of Chiltern District Council;")]')
    assert len(bullets) == 1
    assert text(bullets[0]) == ("all [deleted: employees] [inserted: elected Members] of "
                                "Chiltern District Council;").replace("] [", "][")
    assert "social media" in [s.text_content() for s in page.xpath("//p//strong")]
    assert "Twitter" in [s.text_content() for s in page.xpath("//li//strong")]
    item = page.xpath('//ol[@class="numbered"]/li[contains(., "conduct themselves")]')[0]
    assert text(item.xpath('.//span[@class="num"]')[0]) in ("1.", "(a)")  # (a): legal lists
    assert page.xpath("//em[contains(., 'Social Media Guidance for Members')]")
    gone = [text(e) for e in page.xpath('//p[contains(@class, "gone-heading")]')]
    assert "[old number: 8.] [deleted: Use of social media at work]" in gone
    assert not [h for h in page.xpath("//h2|//h3") if "Use of social media" in text(h)]
    sub = next(e for e in page.xpath("//h3") if text(e) == "Defamation")
    assert sub.getprevious() is not None


def test_moves_are_paired_labelled_with_numbers_and_linked_both_ways(
        page: lxml.html.HtmlElement) -> None:
    away = next(e for e in page.xpath('//p[contains(@class, "gone-heading")]')
                if "moved from here: Safety" in text(e))
    here = next(e for e in page.xpath("//h2") if "moved here: Safety" in text(e))
    assert text(away).endswith("(moved to 10.)") and text(here).endswith("(moved from 11.)")
    assert away.xpath('a[@class="move"]/@href') == [f"#{here.get('id')}"]
    assert here.xpath('a[@class="move"]/@href') == [f"#{away.get('id')}"]
    for link in page.xpath('//a[@class="move"]'):
        target = link.get("href").removeprefix("#")
        assert len(page.xpath(f'//*[@id="{target}"]')) == 1, link.get("href")
    for moved in page.xpath('//*[@class="moved"]'):
        words = text(moved).removeprefix("[moved here:").removeprefix("[moved from here:")
        assert re.search(r"\w", words), f"a move of no words: {text(moved)!r}"


def test_space_and_punctuation_changes_are_folded_into_their_neighbours(
        page: lxml.html.HtmlElement, page_file: Path) -> None:
    for mark in page.xpath("//ins|//del"):
        words = re.sub(r"^\[[a-z ]+: |\]$", "", text(mark))
        assert words.strip(), f"a change of spaces only: {text(mark)!r}"
    body = text(page.xpath('//section[@aria-labelledby="text"]')[0])
    assert "[deleted: ][inserted:" not in body and "[deleted:  ]" not in body


def test_the_title_facts_outline_and_marking(page: lxml.html.HtmlElement) -> None:
    title = ("Appendix A: Social Media Policy for Members, version 1.0 compared with "
             "Social Media Policy, version 1.2")
    assert page.findtext(".//title") == title and text(page.xpath("//h1")[0]) == title
    about = {text(dt): text(dt.getnext()) for dt in page.xpath("//dl/dt")}
    assert about["Compared by"] == AUTHOR
    assert about["Compared on"] == "5 December 2026, 11:05 UTC"
    assert about["Original (old)"].startswith(
        "Social Media Policy, version 1.2, approved, last modified 18 March 2014")
    outline = [text(a) for a in page.xpath("//nav//a")]
    assert "5. Principles" in outline and "8. Pre-election period" in outline
    assert "10. Safety and security" in outline and outline.count(
        "10. Safety and security") == 1
    assert not [t for t in outline if "Use of social media at work" in t]
    markings = page.xpath('//*[contains(@class, "marking")]')
    assert [text(m) for m in markings] == ["Classification: OFFICIAL"] * 2
    body = page.xpath("//body")[0]
    assert markings[0].getparent() is body[0] and body[0].tag == "header"
    assert markings[-1].getparent() is body[-1] and body[-1].tag == "footer"


def test_a_moved_table_is_labelled_once_and_compared_row_by_row(page: lxml.html.HtmlElement
                                                                ) -> None:
    gone, came = [t for t in page.xpath('//section[@aria-labelledby="text"]//table')
                  if "@ChilternDC" in text(t)]
    assert text(gone.xpath("caption")[0]) == (
        "Table moved to its place after 11.2, where its changes are marked")
    assert text(came.xpath("caption")[0]) == (
        "Table moved here from its place after 5.2, its changes marked row by row")
    assert gone.xpath("caption/a/@href") == [f"#{came.get('id')}"]
    assert came.xpath("caption/a/@href") == [f"#{gone.get('id')}"]
    assert not re.search(r"\[(deleted|inserted|moved)", text(gone))  # not in every cell
    rows = [" | ".join(text(c) for c in r.xpath("td|th")) for r in came.xpath("tr")]
    assert rows[0] == "Council | Platform | Account | Managed by"
    assert came.xpath("tr[1]/th[@scope='col']")
    assert rows[1] == "Chiltern District Council | Twitter | @ChilternDC | Communications Team"
    assert sum(r.startswith("[row inserted]") for r in rows) == 5
    assert ("[deleted: Chiltern District Council][inserted: Both councils] | YouTube | "
            "[deleted: Chiltern District Council][inserted: Chiltern and South Bucks District "
            "Councils] | Communications Team") in rows


def test_the_workspace_body_carries_the_numbers_and_the_marking(pair: tuple[Path, Path]
                                                                ) -> None:
    from policykit.api import redline_body

    old, new = pair
    redline = policykit.compare(old.read_bytes(), new.read_bytes())
    styles, body = redline_body(redline)
    fragment = lxml.html.fragment_fromstring(body, create_parent="div")
    assert "<h1" not in body and "body {" not in styles and "ins {" in styles
    markings = fragment.xpath('p[contains(@class, "marking")]')
    assert [text(m) for m in markings] == ["Classification: OFFICIAL"] * 2
    assert fragment[0] is markings[0] and fragment[-1] is markings[-1]
    assert "[old number: 6.] 5. Principles" in [text(h) for h in fragment.xpath("//h2")]
