"""Test importing a Word policy into a content folder: options, the command, round trips."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from importfixtures import (
    ASSETS,
    STAFF_POLICY,
    new_document,
    samples,
    to_bytes,
    tracked,
)
from listlabels import style_list_labels
from typer.testing import CliRunner

from policykit import content
from policykit.cli import app
from policykit.errors import ContentError, InputError
from policykit.importer import import_word_file, import_word_policy

# ---------------------------------------------------------------- the command


def invoke(*args: str):
    return CliRunner().invoke(app, ["import", *args], terminal_width=100)


def test_cli_writes_the_content_file(tmp_path: Path) -> None:
    source = tmp_path / "staff-policy.docx"
    source.write_bytes((ASSETS / "staff-policy.docx").read_bytes())
    folder = tmp_path / "content"
    folder.mkdir()
    result = invoke(str(source), "staff-policy", "--content-dir", str(folder))
    assert result.exit_code == 0, result.output
    target = folder / "staff-policy.md"
    assert result.stdout == (
        f"Wrote {target}: 3 headings, 3 paragraphs, 2 lists (6 items), 1 table.\n"
        "Title 'Staff Social Media Policy', owner 'Human Resources', classification "
        "OFFICIAL-SENSITIVE, number_paragraphs false.\n"
        f"Next: add '- id: staff-policy' under documents in {folder / 'pack.yaml'} "
        "and run 'policykit build'.\n"
    )
    assert target.read_text(encoding="utf-8") == STAFF_POLICY
    assert [p.name for p in folder.iterdir()] == ["staff-policy.md"]

    again = invoke(str(source), "staff-policy", "--content-dir", str(folder))
    assert again.exit_code == 1
    assert again.stderr == (
        f"Error: {target}: already exists; choose another DOC_ID or pass --force to "
        "overwrite it\n"
    )
    forced = invoke(str(source), "staff-policy", "--content-dir", str(folder), "--force",
                    "--version", "2.0", "--owner", "HR")
    assert forced.exit_code == 0
    assert 'owner: HR\nversion: "2.0"\n' in target.read_text(encoding="utf-8")


def test_cli_warns_about_tracked_changes(tmp_path: Path) -> None:
    document = new_document()
    paragraph = document.add_paragraph("Keep ")
    paragraph._p.append(tracked("w:ins", "this"))
    source = tmp_path / "hold.docx"
    source.write_bytes(to_bytes(document))
    result = invoke(str(source), "hold", "--content-dir", str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == f"Warning: {source} has tracked changes: imported its accepted state\n"
    assert (tmp_path / "hold.md").read_text(encoding="utf-8").endswith("\n\nKeep this\n")


def test_cli_will_not_shadow_a_yaml_document(tmp_path: Path) -> None:
    (tmp_path / "report.yaml").write_text("kind: report\n", encoding="utf-8")
    source = tmp_path / "p.docx"
    source.write_bytes(to_bytes(new_document()))
    result = invoke(str(source), "report", "--content-dir", str(tmp_path), "--force")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'report.yaml'}: already holds document 'report'; "
        "choose another DOC_ID\n"
    )
    assert not (tmp_path / "report.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Bad_Id"], "Error: 'Bad_Id' is not a document id; use lower-case letters, digits "
                     "and hyphens, e.g. staff-social-media-policy\n"),
        (["ok", "--content-dir", "missing"],
         "Error: missing: no such content folder; pass the folder holding pack.yaml with "
         "--content-dir\n"),
    ],
)
def test_cli_refuses_bad_arguments(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    source = tmp_path / "p.docx"
    source.write_bytes(to_bytes(new_document()))
    result = invoke(str(source), *args)
    assert result.exit_code == 1
    assert result.stderr == message
    assert list((tmp_path / "content").iterdir()) == []


REPOSITORY_CONTENT = Path(__file__).parent.parent / "content"


@pytest.mark.skipif(not (REPOSITORY_CONTENT / "staff-policy-2014.md").is_file(),
                    reason="the sample pack has no staff-policy-2014.md")
def test_a_built_policy_imports_back_to_its_own_content_file() -> None:
    from policykit import api

    pack, kit, _ = api.load_content(REPOSITORY_CONTENT)
    built = api.build_document(pack, "staff-policy-2014", kit=kit)
    result = import_word_policy(built, "staff-policy-2014.docx", "staff-policy-2014")
    original = (REPOSITORY_CONTENT / "staff-policy-2014.md").read_text(encoding="utf-8")
    assert result.text == original.replace("|---|---|---|---|", "| --- | --- | --- | --- |")
    assert result.notes == [
        "staff-policy-2014.docx has 1 picture(s) or embedded object(s): they are not "
        "imported; add them by hand if they are needed"
    ]


@pytest.mark.parametrize("doc_id", ["staff-policy-2014", "appendix-a", "appendix-b"])
def test_build_import_build_is_a_fixed_point(doc_id: str) -> None:
    from policykit import api
    from policykit.redline import compare

    if not (REPOSITORY_CONTENT / f"{doc_id}.md").is_file():
        pytest.skip(f"the sample pack has no {doc_id}.md")
    pack, kit, _ = api.load_content(REPOSITORY_CONTENT)
    built = api.build_document(pack, doc_id, kit=kit)
    imported = import_word_policy(built, f"{doc_id}.docx", doc_id)
    files = content.read_folder(REPOSITORY_CONTENT) | {f"{doc_id}.md": imported.text.encode()}
    rebuilt = api.build_document(content.load_files(files), doc_id, kit=kit)
    if doc_id == "appendix-a":
        assert "appendix-a.docx is headed 'Appendix A': the pack gives appendix letters, so " \
               "add 'appendix: A' to its entry in pack.yaml" in imported.notes
    changes = compare(built, rebuilt).summary.changes
    # Only a review schedule cannot come back: it needs an email address the page lacks.
    assert [(c.kind, c.text.split(" ")[0]) for c in changes] in (
        [], [("deletion", "Every"), ("insertion", "No")])


# ------------------------------------------------------- round trip: import, build, compare

PACK = """\
council: Chiltern and South Bucks District Councils
committee: Cabinet
meeting_date: 2019-06-11
classification: OFFICIAL
documents:
  - id: imported
"""


def without_document_control(data: bytes) -> bytes:
    """Return a policy without its "Document control" heading and table.

    They are front matter, not body: the import reads them into the front matter and the
    brand kit writes its own (with more rows) into every policy it builds.
    """
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    for paragraph in body.iter(qn("w:p")):
        if "".join(t.text or "" for t in paragraph.iter(qn("w:t"))) == "Document control":
            table = paragraph.getnext()
            assert table is not None and table.tag == qn("w:tbl")
            body.remove(table)
            body.remove(paragraph)
            break
    return to_bytes(document)


@pytest.mark.parametrize(
    ("make", "squash_whitespace"),
    [(samples.staff_policy, False), (samples.legal_hold_policy, True)],
    ids=["staff-policy", "legal-hold-typed-numbers"],
)
def test_import_build_compare_shows_no_text_inserted_or_deleted(make, squash_whitespace) -> None:
    from policykit import api
    from policykit.redline import compare

    original = to_bytes(make())
    imported = import_word_policy(original, "original.docx", "imported")
    pack = content.load_files({"pack.yaml": PACK.encode(), "imported.md": imported.text.encode()})
    built = without_document_control(api.build_document(pack, "imported"))
    redline = compare(without_document_control(original), built, old_name="original.docx",
                      new_name="built.docx")

    def texts(kind: str) -> list[str]:
        found = [change.text for change in redline.summary.changes
                 if change.part == "body" and change.kind == kind and change.text.strip()]
        return sorted("".join(t.split()) if squash_whitespace else t for t in found)

    # Every body insertion is matched by a deletion of the same text (a hyperlink whose
    # run formatting changed is reported as deleted and inserted whole): no text was
    # lost or added. Header and footer markings are the brand kit's and are not checked.
    # The original's typed paragraph numbers (1., 1.1) are, in the build, the labels of
    # the Word list bound to the numbered styles: deleted as text, shown by the list.
    labels = [label for label in style_list_labels(docx.Document(io.BytesIO(built))) if label]
    assert texts("deletion") == sorted(texts("insertion") + labels)
    assert len(texts("insertion")) <= 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"status": "published"}, "unknown status 'published'; use draft, approved or superseded"),
        ({"classification": "official"}, "write the classification in capitals: 'OFFICIAL'"),
        ({"classification": "RESTRICTED"},
         "unknown classification 'RESTRICTED'; use one of OFFICIAL, OFFICIAL-SENSITIVE, "
         "OFFICIAL-SENSITIVE COMMERCIAL, OFFICIAL-SENSITIVE LOCSEN, OFFICIAL-SENSITIVE "
         "PERSONAL, SECRET or TOP SECRET"),
    ],
)
def test_bad_options_are_refused_before_reading(options: dict[str, str], message: str) -> None:
    with pytest.raises(ContentError) as caught:
        import_word_policy(b"not even a docx", "p.docx", "p", **options)
    assert str(caught.value) == message


# ---------------------------------------------------------------- import_word_file


def test_import_word_file_writes_the_content_file_once(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    source = ASSETS / "staff-policy.docx"
    result = import_word_file(source, folder, "staff-policy")
    assert result.path == folder / "staff-policy.md"
    assert result.path.read_text(encoding="utf-8") == STAFF_POLICY
    assert str(result.imported.policy.counts) == (
        "3 headings, 3 paragraphs, 2 lists (6 items), 1 table")
    assert [p.name for p in folder.iterdir()] == ["staff-policy.md"]
    with pytest.raises(ContentError) as caught:
        import_word_file(source, folder, "staff-policy")
    assert str(caught.value) == (
        f"{result.path}: already exists; choose another DOC_ID or pass --force to overwrite it")
    forced = import_word_file(source, folder, "staff-policy", force=True, owner="HR")
    assert "owner: HR\n" in forced.path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("setup", "doc_id", "message"),
    [
        ("yaml", "report", "{folder}/report.yaml: already holds document 'report'; "
                           "choose another DOC_ID"),
        ("none", "../escape", "'../escape' is not a document id; use lower-case letters, "
                              "digits and hyphens, e.g. staff-social-media-policy"),
        ("no-folder", "ok", "{folder}: no such content folder; pass the folder holding "
                            "pack.yaml with --content-dir"),
        ("no-input", "ok", "{tmp}/missing.docx: does not exist; check the path"),
    ],
)
def test_import_word_file_refuses_and_writes_nothing(tmp_path: Path, setup: str, doc_id: str,
                                                     message: str) -> None:
    folder = tmp_path / "content"
    if setup != "no-folder":
        folder.mkdir()
    if setup == "yaml":
        (folder / "report.yaml").write_text("kind: report\n", encoding="utf-8")
    source = tmp_path / ("missing.docx" if setup == "no-input" else "p.docx")
    if setup != "no-input":
        source.write_bytes(to_bytes(new_document()))
    before = sorted(tmp_path.rglob("*"))
    with pytest.raises((ContentError, InputError)) as caught:
        import_word_file(source, folder, doc_id, force=True)
    assert str(caught.value) == message.format(folder=folder, tmp=tmp_path)
    assert sorted(tmp_path.rglob("*")) == before
