"""Test what a Word policy says about itself becoming front matter (title, classification)."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from importfixtures import (
    new_document,
    to_bytes,
)

from policykit import content
from policykit.errors import ContentError, InputError
from policykit.importer import import_word_policy


def custom_properties(document_bytes: bytes, value: str) -> bytes:
    """Return the document with a custom property Classification = value."""
    source = zipfile.ZipFile(io.BytesIO(document_bytes))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", (
                    b'<Override PartName="/docProps/custom.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'))
            if item.filename == "_rels/.rels":
                data = data.replace(b"</Relationships>", (
                    b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/custom-properties" '
                    b'Target="docProps/custom.xml"/></Relationships>'))
            target.writestr(item, data)
        target.writestr("docProps/custom.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            f'pid="2" name="Classification"><vt:lpwstr>{value}</vt:lpwstr></property>'
            '</Properties>').encode())
    return out.getvalue()


def test_classification_from_custom_property_beats_the_option() -> None:
    data = custom_properties(to_bytes(new_document()), "OFFICIAL-SENSITIVE PERSONAL")
    result = import_word_policy(data, "p.docx", "p", classification="OFFICIAL")
    assert "classification: OFFICIAL-SENSITIVE PERSONAL\n" in result.text
    assert result.notes == [
        "p.docx is marked OFFICIAL-SENSITIVE PERSONAL: imported it as that, not OFFICIAL; "
        "edit content/p.md if the marking is out of date"
    ]


def test_classification_marking_in_the_body_is_not_content() -> None:
    document = new_document()
    document.add_paragraph("OFFICIAL")
    document.add_paragraph("Text.")
    document.add_paragraph("Classification: OFFICIAL")
    result = import_word_policy(to_bytes(document), "p.docx", "p", classification="SECRET")
    assert result.text.endswith("classification: OFFICIAL\nnumber_paragraphs: false\n"
                                "---\n\nText.\n")


def test_unknown_marking_is_noted_and_the_option_used() -> None:
    document = new_document()
    document.sections[0].footer.paragraphs[0].text = "Classification: RESTRICTED"
    result = import_word_policy(to_bytes(document), "old.docx", "old", classification="SECRET")
    assert "classification: SECRET\n" in result.text
    assert result.notes == [
        "old.docx: its header or footer says 'RESTRICTED', which is not a classification; "
        "ignored it"
    ]


def test_owner_defaults_to_author_and_is_required() -> None:
    data = to_bytes(new_document(author=None))
    with pytest.raises(InputError) as caught:
        import_word_policy(data, "anon.docx", "anon")
    assert str(caught.value) == (
        "anon.docx does not name an author in its properties, so the owner is unknown; say "
        'which team owns the policy with --owner "Team name"'
    )
    result = import_word_policy(data, "anon.docx", "anon", owner="Legal: Services")
    assert 'owner: "Legal: Services"\n' in result.text
    assert content.parse(result.text, "content/anon.md").owner == "Legal: Services"


# ---------------------------------------------------------------- document control and build


def test_document_control_table_becomes_front_matter() -> None:
    document = new_document(author="Someone")
    document.add_paragraph("Leave Policy", style="Title")
    document.add_heading("Document control", 3)
    table = document.add_table(rows=4, cols=2)
    for row, (label, value) in zip(table.rows, [
        ("Owner", "Human Resources"), ("Version", "3.1"), ("Status", "Approved"),
        ("Approved", "Joint Staffing Committee, 18 March 2014"),
    ], strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_heading("Introduction", 1)
    result = import_word_policy(to_bytes(document), "leave.docx", "leave-policy")
    assert result.text == (
        "---\ntitle: Leave Policy\nowner: Human Resources\nversion: \"3.1\"\nstatus: approved\n"
        "approval:\n  by: Joint Staffing Committee\n  on: 2014-03-18\n"
        "classification: OFFICIAL\nnumber_paragraphs: false\n---\n\n# Introduction\n"
    )
    assert content.parse(result.text, "content/leave-policy.md").approval is not None
    overridden = import_word_policy(to_bytes(document), "leave.docx", "leave-policy",
                                    version="4.0", status="draft", owner="People Team")
    assert 'owner: People Team\nversion: "4.0"\nstatus: draft\nclassification' in overridden.text


def test_approved_without_an_approval_record_is_refused() -> None:
    with pytest.raises(ContentError) as caught:
        import_word_policy(to_bytes(new_document()), "p.docx", "p", status="approved")
    assert str(caught.value) == (
        "field status: p.docx has no approval record (a document control row such as "
        "'Approved | Cabinet, 18 March 2014'); import it as draft and add "
        "'approval: {by: ..., on: YYYY-MM-DD}' to the content file"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("Chiltern District Council — staff policy", "Chiltern District Council — staff policy"),
        ("Policy: part 2", '"Policy: part 2"'),
        ("yes", '"yes"'),
        ("2014 policy", '"2014 policy"'),
        ("Quote \"this\"", '"Quote \\"this\\""'),
        ("C# guidance", "C# guidance"),
        ("Use #hashtags", '"Use #hashtags"'),
    ],
)
def test_front_matter_text_is_quoted_only_when_yaml_needs_it(value: str, written: str) -> None:
    document = new_document()
    document.add_paragraph(value, style="Subtitle")
    result = import_word_policy(to_bytes(document), "p.docx", "p")
    assert f"\nsubtitle: {written}\n" in result.text
    assert content.parse(result.text, "content/p.md").subtitle == value


@settings(max_examples=60, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
       .filter(lambda text: text.split()))
def test_any_subtitle_survives_the_front_matter(value: str) -> None:
    document = new_document()
    document.add_paragraph(value, style="Subtitle")
    result = import_word_policy(to_bytes(document), "p.docx", "p")
    assert content.parse(result.text, "content/p.md").subtitle == " ".join(value.split())
