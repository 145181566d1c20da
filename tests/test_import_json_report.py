"""`import_statements --json`: one JSON object per file, one per line."""

import json

import pytest
from django.core.management import CommandError, call_command

from .conftest import SEEDS


def run_json(*paths, capsys, expect_error=False):
    try:
        call_command("import_statements", "--json", *map(str, paths))
    except CommandError:
        assert expect_error
    lines = capsys.readouterr().out.splitlines()
    return [json.loads(line) for line in lines]


def test_json_report_shape_for_every_seed(db, capsys):
    records = run_json(*sorted(SEEDS.glob("*.txt")), capsys=capsys)
    assert len(records) == 5
    for record in records:
        assert set(record) == {"file", "status", "statement", "signatories", "flags", "error"}
        assert record["status"] == "created" and record["error"] is None
        assert set(record["statement"]) == {
            "slug",
            "title",
            "published_on",
            "publisher",
            "unnamed_count",
            "flags",
        }
        assert record["statement"]["unnamed_count"] is None  # no seed counts unnamed signers
        for signatory in record["signatories"]:
            assert set(signatory) == {
                "position",
                "name_as_printed",
                "organization",
                "kind",
                "country",
                "affiliation",
                "line",
            }
            assert isinstance(signatory["line"], int) and signatory["line"] >= 1
    by_prefix = {r["file"].rsplit("/", 1)[-1][:3]: r for r in records}
    assert len(by_prefix["000"]["signatories"]) == 120
    assert {prefix: r["statement"]["flags"] for prefix, r in by_prefix.items()} == {
        "000": [],
        "001": ["no signatories found"],
        "002": [],
        "003": [],
        "004": ["no signatories found"],
    }
    assert by_prefix["002"]["statement"]["published_on"] == "2020-02-06"
    assert by_prefix["004"]["statement"]["publisher"] == "Syrian British Council"
    assert by_prefix["001"]["statement"]["publisher"] == "Dawlaty"
    second_women = [
        s
        for s in by_prefix["000"]["signatories"]
        if s["name_as_printed"] == "Women Now for development"
    ]
    assert second_women[0]["organization"] == "Women – Now for development"
    assert second_women[0]["kind"] == "organization" and second_women[0]["country"] == ""
    glued = {
        "position": 96,
        "line": 222,
        "name_as_printed": "Austrlian Syrian ReliefKaram Foundation",
        "flag": "glued",
    }
    assert glued in by_prefix["000"]["flags"]
    assert sum(f["flag"] == "repeated" for f in by_prefix["000"]["flags"]) == 11


def test_json_report_says_unchanged_on_reimport(db, capsys):
    run_json(*sorted(SEEDS.glob("*.txt")), capsys=capsys)
    again = run_json(*sorted(SEEDS.glob("*.txt")), capsys=capsys)
    assert [r["status"] for r in again] == ["unchanged"] * 5


def test_json_report_for_an_error(db, tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    (record,) = run_json(empty, capsys=capsys, expect_error=True)
    assert record["status"] == "error"
    assert record["statement"] is None and record["signatories"] == []
    assert str(empty) in record["error"]


LETTER = """Protect digital rights defenders

We, the undersigned, call on governments to stop surveillance.

Signed by:
Fundación Karisma, Colombia
Derechos Digitales (Chile)
Jane Doe, Professor of Law, University of Somewhere
and 14 other organisations
"""


def test_json_report_gives_kind_country_affiliation_line_and_unnamed_count(db, tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER)
    (record,) = run_json(path, capsys=capsys)
    assert record["statement"]["unnamed_count"] == 14
    assert [
        (
            s["name_as_printed"],
            s["organization"],
            s["kind"],
            s["country"],
            s["affiliation"],
            s["line"],
        )
        for s in record["signatories"]
    ] == [
        ("Fundación Karisma, Colombia", "Fundación Karisma", "organization", "CO", "", 6),
        ("Derechos Digitales (Chile)", "Derechos Digitales", "organization", "CL", "", 7),
        (
            "Jane Doe, Professor of Law, University of Somewhere",
            "Jane Doe",
            "person",
            "",
            "Professor of Law, University of Somewhere",
            8,
        ),
    ]


def test_title_option_overrides_the_title_of_one_file(db, tmp_path, capsys):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER)
    call_command("import_statements", "--json", "--title", "Surveillance letter", str(path))
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["statement"]["title"] == "Surveillance letter"
    with pytest.raises(CommandError, match="one statement file"):
        call_command("import_statements", "--title", "Both", str(path), str(path))


@pytest.mark.parametrize("extension", ["txt", "md", "html", "docx", "pdf"])
def test_the_command_imports_every_format(db, tmp_path, capsys, extension):
    from .statement_files import BUILDERS

    names = ["Fundación Karisma", "Article 19", "Access Now"]
    path = tmp_path / f"journalists.{extension}"
    path.write_bytes(BUILDERS[extension](names))
    (record,) = run_json(path, capsys=capsys)
    assert record["status"] == "created", record["error"]
    assert record["statement"]["title"] == "Joint statement on the protection of journalists"
    assert [s["name_as_printed"] for s in record["signatories"]] == names
    assert all(s["line"] for s in record["signatories"])
    (again,) = run_json(path, capsys=capsys)
    assert again["status"] == "unchanged"
