"""Test that content files parse into models, and that bad content gets a precise error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from policykit import content
from policykit.cli import app
from policykit.content.models import Classification, Level, PolicyDocument, Report
from policykit.errors import ContentError

SAMPLE = Path(__file__).resolve().parents[1] / "content"
# A copy of ../shared/seeds/, so the tests run on a machine without shared/.
SEED = Path(__file__).resolve().parent / "assets" / "seed" / (
    "committee-report-social-media-policy-for-members.txt"
)

PACK = """\
council: Test District Council
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
documents:
  - id: policy
    appendix: A
"""

POLICY = """\
---
title: Test Policy
owner: Democratic Services
version: "1.0"
---
# Introduction

Some text.
"""


def files(**extra: str) -> dict[str, bytes]:
    base = {"pack.yaml": PACK, "policy.md": POLICY}
    base.update({name.replace("_", "-").replace("-yaml", ".yaml").replace("-md", ".md"): text
                 for name, text in extra.items()})
    return {name: text.encode() for name, text in base.items()}


def error_of(folder: dict[str, bytes]) -> str:
    with pytest.raises(ContentError) as caught:
        content.load_files(folder, root="content")
    return str(caught.value)


def test_sample_pack_loads_with_every_document() -> None:
    loaded = content.load(SAMPLE)
    assert [d.id for d in loaded.pack.documents] == [
        "report", "appendix-a", "appendix-b", "appendix-c"]
    assert set(loaded.documents) == {"report", "appendix-a", "appendix-b", "appendix-c",
                                     "staff-policy-2014"}
    assert isinstance(loaded.documents["report"], Report)
    assert loaded.appendix_of("appendix-b") == "B"
    assert loaded.warnings == []


def test_sample_report_keeps_every_seed_sentence_in_order() -> None:
    report = content.load(SAMPLE).documents["report"]
    assert isinstance(report, Report)
    parts = [report.subject, report.report_of, report.responsible_officer, report.author.name,
             report.author.email, report.author.phone or "", report.wards_affected]
    for number, section in enumerate(report.sections, start=1):
        parts += [section.heading, *section.paragraphs]
        if number == report.recommendations_after:
            parts += [r.text for r in report.recommendations]
    ours = " ".join(parts + report.background_papers)
    seed = SEED.read_text(encoding="utf-8")
    sentences = [
        sentence.strip()
        for line in (raw.split("\t")[-1] for raw in seed.splitlines())
        if len(line.split()) > 6 and not line.startswith(("SUBJECT", "REPORT"))
        for sentence in line.lstrip("#*- 0123456789.").split(". ")
        if sentence.strip()
    ]
    ours_flat = " ".join(ours.split())
    position = 0
    for sentence in sentences:
        found = ours_flat.find(sentence.rstrip("."), position)
        assert found >= 0, f"seed sentence missing or out of order: {sentence!r}"
        position = found


def test_markdown_policy_parses_front_matter_and_body() -> None:
    document = content.parse(POLICY, "content/policy.md")
    assert isinstance(document, PolicyDocument)
    assert document.title == "Test Policy"
    assert document.body.startswith("# Introduction")


def test_classification_with_descriptor_and_marking() -> None:
    classification = Classification.model_validate("OFFICIAL-SENSITIVE PERSONAL")
    assert classification.level is Level.OFFICIAL_SENSITIVE
    assert classification.marking == "Classification: OFFICIAL-SENSITIVE PERSONAL"


@pytest.mark.parametrize(
    ("pack", "expected"),
    [
        (PACK.replace("OFFICIAL", "RESTRICTED"),
         "content/pack.yaml, line 4, field classification: unknown classification "
         "'RESTRICTED'; use one of OFFICIAL, OFFICIAL-SENSITIVE, OFFICIAL-SENSITIVE "
         "COMMERCIAL, OFFICIAL-SENSITIVE LOCSEN, OFFICIAL-SENSITIVE PERSONAL, SECRET or "
         "TOP SECRET"),
        (PACK.replace("OFFICIAL", "official"),
         "content/pack.yaml, line 4, field classification: write the classification in "
         "capitals: 'OFFICIAL'"),
        (PACK.replace("meeting_date: 2019-06-11", "meeting_date: 11/06/2019"),
         "content/pack.yaml, line 3, field meeting_date: '11/06/2019' is not a date; "
         "write it as YYYY-MM-DD"),
        (PACK.replace("committee: Cabinet\n", ""),
         "content/pack.yaml, field committee: is required but missing; add it"),
        (PACK + "  - id: other\n    appendix: A\n",
         "content/pack.yaml, line 8, field documents[2].id: the pack lists 'other' but there "
         "is no other.md or other.yaml; add the file or remove the entry"),
        (PACK + "colour: green\n",
         "content/pack.yaml, line 8, field colour: is not a known field; check its "
         "spelling or remove it"),
        ("council: [unclosed\n",
         "content/pack.yaml, line 2: invalid YAML: expected ',' or ']', but got "
         "'<stream end>'; check the indentation and quoting there"),
    ],
)
def test_bad_pack_names_file_line_field_and_fix(pack: str, expected: str) -> None:
    folder = files()
    folder["pack.yaml"] = pack.encode()
    assert error_of(folder) == expected


def test_two_documents_with_one_appendix_letter() -> None:
    folder = files()
    folder["pack.yaml"] = (PACK + "  - id: other\n    appendix: A\n").encode()
    folder["other.md"] = POLICY.encode()
    assert error_of(folder) == (
        "content/pack.yaml, line 9, field documents[2].appendix: Appendix A is given to two "
        "documents (policy and other); give each appendix its own letter"
    )


def test_recommendation_naming_a_missing_appendix() -> None:
    report = (SAMPLE / "report.yaml").read_text()
    folder = files()
    folder["pack.yaml"] = PACK.replace("documents:\n", "documents:\n  - id: report\n").encode()
    folder["report.yaml"] = report.encode()
    message = error_of(folder)
    assert message.startswith("content/report.yaml, line ")
    assert message.endswith(
        "field recommendations[2]: names Appendix B, but the pack has only Appendix A; fix "
        "the letter or add the appendix to pack.yaml"
    )


def test_wrong_typed_field_in_front_matter_gives_markdown_line() -> None:
    folder = files()
    folder["policy.md"] = POLICY.replace('version: "1.0"', "version: 1.0").encode()
    assert error_of(folder) == (
        'content/policy.md, line 4, field version: must be text; write it in quotes, e.g. "1.0"'
    )


def test_approved_without_approval_details() -> None:
    folder = files()
    folder["policy.md"] = POLICY.replace("owner:", "status: approved\nowner:").encode()
    assert error_of(folder) == (
        "content/policy.md, line 2: an approved document needs "
        "'approval: {by: ..., on: YYYY-MM-DD}' or 'decision: {outcome: approved, by: ..., "
        "on: YYYY-MM-DD, minute: ...}' (policykit decide writes it)"
    )


def test_markdown_without_front_matter() -> None:
    folder = files()
    folder["policy.md"] = b"# Just a heading\n"
    assert error_of(folder) == (
        "content/policy.md, line 1: a Markdown document must start with front matter "
        "between two '---' lines (title, owner, version...)"
    )


def test_yaml_aliases_are_refused() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    folder = files()
    folder["pack.yaml"] = (PACK + bomb).encode()
    assert error_of(folder) == (
        "content/pack.yaml, line 8: YAML anchors and aliases (& and *) are not allowed; "
        "write the value out"
    )


def test_not_utf8_names_the_line() -> None:
    folder = files()
    folder["policy.md"] = POLICY.encode() + b"caf\xe9\n"
    assert error_of(folder) == "content/policy.md, line 9: is not UTF-8 text; save it as UTF-8"


def test_control_characters_are_dropped_with_a_warning() -> None:
    folder = files()
    folder["policy.md"] = POLICY.replace("Some text.", "Some\x07 text\x0b.").encode()
    loaded = content.load_files(folder, root="content")
    assert loaded.documents["policy"].body.endswith("Some text.\n")
    assert loaded.warnings == [
        "content/policy.md, line 8: dropped U+0007, U+000B, which a Word document cannot hold"
    ]


def test_missing_folder() -> None:
    with pytest.raises(ContentError) as caught:
        content.load(Path("/nonexistent/content"))
    assert str(caught.value) == (
        "/nonexistent/content: no such content folder; pass the folder holding pack.yaml "
        "(or run 'policykit init' to create one)"
    )


def test_load_reads_a_real_folder(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "content")
    loaded = content.load(tmp_path / "content")
    assert loaded.sources["appendix-a"] == f"{tmp_path}/content/appendix-a.md"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_any_title_text_parses_or_fails_cleanly(title: str) -> None:
    text = POLICY.replace("title: Test Policy", f"title: {title}")
    try:
        document = content.parse(text, "content/policy.md")
    except ContentError as error:
        assert str(error).startswith("content/policy.md")
    else:
        assert isinstance(document, PolicyDocument)


SCALARS = st.one_of(
    st.sampled_from(["on", "off", "yes", "no", "y", "n", "Y", "true", "False", "null", "~",
                     "0755", "0o17", "0x1F", "1_000", "1e3", ".inf", "-.5", "+12", "2019-06-11",
                     "2019-6-1", "12:30", "1.0", "01494 586505", "''", "=", "<<"]),
    st.text(alphabet="0123456789.-+:eEoxyYnNtrufalsO_ ", min_size=1, max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(SCALARS)
def test_fast_loader_reads_scalars_exactly_as_ruamel(value: str) -> None:
    """The validation fast path (PyYAML's C parser) must resolve YAML 1.2 like ruamel."""
    text = f"key: {value}\nlist: [{value}]\n"
    try:
        expected = content.plain_yaml(content.parse_yaml(text, "x.yaml"))
    except ContentError:
        with pytest.raises(ContentError):
            content.load_fast(text, "x.yaml")
        return
    assert content.load_fast(text, "x.yaml") == expected


def test_fast_loader_refuses_duplicate_keys_like_ruamel() -> None:
    with pytest.raises(ContentError) as caught:
        content.parse_pack(PACK + "committee: Council\n", "content/pack.yaml")
    assert str(caught.value).startswith("content/pack.yaml, line 8: invalid YAML")


@pytest.mark.parametrize("value", ["-_", "._", "+_"])
def test_values_yaml_cannot_convert_are_an_error_not_a_traceback(value: str) -> None:
    with pytest.raises(ContentError) as caught:
        content.parse(POLICY.replace("title: Test Policy", f"title: {value}"),
                      "content/policy.md")
    assert str(caught.value).startswith("content/policy.md: invalid YAML: a value cannot be read")
    assert str(caught.value).endswith("put text values in quotes")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.-+:eEnNtTfF_ ~!<>'\"x", min_size=1, max_size=8))
def test_fast_path_validates_tags_and_quotes_as_ruamel_does(value: str) -> None:
    """What validation sees (after _plain) is the same on both paths, tags included."""
    text = f"key: {value}\nlist: [{value}]\n"
    try:
        expected = content.plain_yaml(content.parse_yaml(text, "x.yaml"))
    except ContentError:
        with pytest.raises(ContentError):
            content.load_fast(text, "x.yaml")
        return
    assert content.plain_yaml(content.load_fast(text, "x.yaml")) == expected


def test_a_document_listed_twice_in_the_pack_is_refused_naming_both_lines(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    pack = folder / "pack.yaml"
    pack.write_text(pack.read_text().replace(
        "  - id: appendix-b\n    appendix: B\n",
        "  - id: appendix-b\n    appendix: B\n  - id: appendix-a\n"))
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder}/pack.yaml, line 15, field documents[4].id: the pack lists "
        "'appendix-a' twice (lines 11 and 15); list each document once\n"
    )


def test_a_content_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(SAMPLE, folder)
    with (folder / "appendix-b.md").open("r+b") as handle:  # sparse: no memory, no disk
        handle.truncate(300 * 1024 * 1024)
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {folder}/appendix-b.md: the file is 300 MB, over the 20 MB limit for a "
        "content file; make it smaller, or move it out of the content folder\n"
    )
