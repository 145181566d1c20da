"""CSV import: the format, every kind of bad row, encodings, idempotence, the command's output."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from signatories.models import NameVariant, Organization
from statements.csv_import import CsvProblems, import_csv, parse_csv, preview_csv, source_key
from statements.models import Signature, Statement

DATA = Path(__file__).parent / "data" / "csv"
ROOT = Path(__file__).resolve().parent.parent


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def problems_of(name: str) -> list[str]:
    with pytest.raises(CsvProblems) as caught:
        parse_csv(read(name), name)
    return [str(p) for p in caught.value.problems]


def test_good_file_groups_rows_into_statements_in_order():
    statements = parse_csv(read("good.csv"), "good.csv")
    assert [s.parsed.title for s in statements] == [
        "Stop the bombing of hospitals",
        "Release the detainees",
    ]
    hospitals, detainees = (s.parsed for s in statements)
    assert [s.name for s in hospitals.signatories] == [
        "Syrian American Medical Society",
        "Independent Doctors Association",
        "Women Now for Development, Idlib office",
        "Jane Doe",
    ]
    assert [s.position for s in hospitals.signatories] == [1, 2, 3, 4]
    assert [s.line for s in hospitals.signatories] == [2, 3, 4, 5]  # spreadsheet rows
    assert hospitals.signatories[3].kind == "individual"
    assert (hospitals.published_on.isoformat(), hospitals.date_precision) == ("2021-03-01", "month")
    assert hospitals.publisher == "Syrian American Medical Society"
    assert hospitals.source_url == "https://example.org/hospitals"
    assert (detainees.published_on.year, detainees.date_precision) == (2019, "year")
    assert detainees.signatories[2].name == "رابطة عائلات قيصر"


@pytest.mark.parametrize("name", ["utf8_bom.csv", "utf16_bom.csv", "utf16_bom_tabs.csv"])
def test_spreadsheet_encodings_read_the_same_as_plain_utf8(name):
    expected = [(s.parsed.title, s.parsed.signatories) for s in parse_csv(read("good.csv"), "x")]
    assert [(s.parsed.title, s.parsed.signatories) for s in parse_csv(read(name), "x")] == expected


def test_other_encodings_are_refused_with_a_reason():
    (message,) = problems_of("latin1.csv")
    assert message.startswith("latin1.csv")
    assert "not valid UTF-8" in message and "UTF-16 with a byte-order mark" in message


def test_utf16_without_bom_is_named_as_such():
    (message,) = problems_of("utf16_no_bom.csv")
    assert message.startswith("utf16_no_bom.csv: this looks like UTF-16 without a byte-order mark")


def test_binary_files_are_refused():
    with pytest.raises(CsvProblems) as caught:
        parse_csv(b"PK\x03\x04\x00\x00\x08\x00" * 20, "sheet.xlsx")
    assert "sheet.xlsx" in str(caught.value)
    assert "UTF-16" in str(caught.value) or "binary" in str(caught.value)


def test_every_bad_row_is_listed_with_its_number_and_reason():
    assert problems_of("bad_rows.csv") == [
        "bad_rows.csv, row 3: name is empty",
        "bad_rows.csv, row 4: name is 301 characters long (at most 300)",
        "bad_rows.csv, row 5: bad date '2019-13-45': use YYYY-MM-DD, YYYY-MM or YYYY",
        "bad_rows.csv, row 6: bad signatory_type 'company': use organization or individual",
        "bad_rows.csv, row 7: statement title is empty",
    ]


def test_missing_and_unknown_columns_are_named():
    missing = problems_of("missing_column.csv")
    assert "missing_column.csv, row 1: missing required column 'signatory_name'" in missing
    assert any("unknown column 'organisation'" in m for m in missing)
    (unknown,) = problems_of("unknown_column.csv")
    assert unknown.startswith("unknown_column.csv, row 1: unknown column 'signatory_country'")


def test_empty_and_header_only_files_are_refused():
    assert problems_of("empty.csv") == ["empty.csv: the file is empty"]
    assert problems_of("header_only.csv") == ["header_only.csv: the file has a header but no rows"]


@pytest.mark.parametrize(
    ("csv_text", "reason"),
    [
        ("statement_title,signatory_name\nT,A\nT,A,extra\n", "3 cells but the header names 2"),
        (
            "statement_title,statement_date,signatory_name\nT,2020,A\nT,2021,B\n",
            "row 3: statement_date '2021' differs from '2020' given in row 2",
        ),
        ("statement_title,signatory_name\nT,---\n", "name '---' has no letters or digits"),
        (
            "statement_title,statement_url,signatory_name\nT,javascript:alert(1),A\n",
            "bad statement_url",
        ),
        ("statement_title,signatory_name,signatory_name\nT,A,B\n", "appears twice"),
        ('statement_title,signatory_name\nT,"unterminated\n', "not valid CSV"),
    ],
)
def test_more_bad_rows(csv_text, reason):
    with pytest.raises(CsvProblems) as caught:
        parse_csv(csv_text.encode(), "f.csv")
    assert reason in str(caught.value)


def test_blank_rows_and_trailing_empty_columns_are_ignored():
    text = "statement_title,signatory_name,,\nT,A,,\n,,,\nT,B,,\n\n"
    (statement,) = parse_csv(text.encode(), "f.csv")
    assert [s.name for s in statement.parsed.signatories] == ["A", "B"]
    assert [s.line for s in statement.parsed.signatories] == [2, 4]


def test_quoted_line_breaks_and_unicode_separators_stay_inside_their_cell():
    text = 'statement_title,signatory_name\r\n"Two\nline title",A\u2028B\r\n"Two\nline title",C\r\n'
    (statement,) = parse_csv(text.encode(), "f.csv")
    assert [s.name for s in statement.parsed.signatories] == ["A\u2028B", "C"]
    assert [s.line for s in statement.parsed.signatories] == [2, 3]


def test_repeated_names_in_one_statement_are_flagged_not_dropped():
    text = "statement_title,signatory_name\nT,Horrya Press\nT,Horrya press\n"
    (statement,) = parse_csv(text.encode(), "f.csv")
    assert [s.is_repeated for s in statement.parsed.signatories] == [False, True]


def test_identity_is_the_folded_title():
    assert (
        source_key("Stop the bombing!") == source_key("stop the  BOMBING") == "csv:stop-the-bombing"
    )
    assert len(source_key("word " * 200)) <= 255


@pytest.mark.django_db
def test_import_writes_statements_and_second_import_changes_nothing():
    reports = import_csv(read("good.csv"), "good.csv")
    assert [r.status for r in reports] == ["created", "created"]
    hospitals = Statement.objects.get(source_file="csv:stop-the-bombing-of-hospitals")
    assert hospitals.publisher.name == "Syrian American Medical Society"
    assert list(hospitals.signatures.in_printed_order().values_list("name_as_printed", flat=True))[
        :2
    ] == ["Syrian American Medical Society", "Independent Doctors Association"]
    assert Organization.objects.get(name="Jane Doe").kind == "individual"
    counts = (Statement.objects.count(), Signature.objects.count(), Organization.objects.count())
    updated_at = list(Statement.objects.values_list("updated_at", flat=True))

    again = import_csv(read("utf16_bom.csv"), "utf16_bom.csv")
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert (
        Statement.objects.count(),
        Signature.objects.count(),
        Organization.objects.count(),
    ) == counts
    assert list(Statement.objects.values_list("updated_at", flat=True)) == updated_at


@pytest.mark.django_db
def test_a_later_file_with_the_same_title_updates_instead_of_duplicating():
    import_csv(read("good.csv"), "good.csv")
    text = "statement_title,signatory_name\nRelease the Detainees,Families for Freedom\n"
    (report,) = import_csv(text.encode(), "later.csv")
    assert report.status == "updated"
    statement = Statement.objects.get(source_file="csv:release-the-detainees")
    assert statement.signatures.count() == 1
    assert Statement.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_row_anywhere_writes_nothing():
    text = read("good.csv") + b"Third statement,,,,,\r\n"
    with pytest.raises(CsvProblems) as caught:
        import_csv(text, "mixed.csv")
    assert str(caught.value) == "mixed.csv, row 9: name is empty"
    assert (
        Statement.objects.count(),
        Organization.objects.count(),
        NameVariant.objects.count(),
    ) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_dry_run_and_preview_write_nothing():
    reports = import_csv(read("good.csv"), "good.csv", dry_run=True)
    assert [r.status for r in reports] == ["created", "created"]
    preview = preview_csv(read("good.csv"), "good.csv")
    assert [p.action for p in preview] == ["create", "create"]
    assert {row.status for p in preview for row in p.rows} == {"new"}
    assert (Statement.objects.count(), Organization.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_preview_says_exact_for_known_names_and_unchanged_for_the_same_file():
    import_csv(read("good.csv"), "good.csv")
    preview = preview_csv(read("good.csv"), "good.csv")
    assert [p.action for p in preview] == ["unchanged", "unchanged"]
    statuses = {row.name: row.status for p in preview for row in p.rows}
    assert set(statuses.values()) == {"exact"}
    text = "statement_title,signatory_name\nNew one,JANE DOE\nNew one,Brand New Collective\n"
    (new,) = preview_csv(text.encode(), "n.csv")
    assert new.action == "create"
    # "JANE DOE" folds to the known "Jane Doe"; "Brand New Collective" shares no word with any
    # organisation of good.csv, so no merge suggestion is made for it.
    outcome = [
        (r.row, r.status, r.organization and r.organization.name, r.match_name, r.match_id)
        for r in new.rows
    ]
    assert outcome == [
        (2, "exact", "Jane Doe", "", None),
        (3, "new", None, "", None),
    ]


@pytest.mark.django_db
def test_command_imports_csv_and_prints_json_lines_like_the_text_importer():
    out = StringIO()
    call_command("import_statements", str(DATA / "good.csv"), "--json", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(records) == 2
    assert set(records[0]) == {"file", "status", "statement", "signatories", "flags", "error"}
    assert records[0]["status"] == "created"
    assert records[0]["statement"]["published_on"] == "2021-03-01"
    assert [s["name_as_printed"] for s in records[1]["signatories"]] == [
        "Families for Freedom",
        "Caesar Families Association",
        "رابطة عائلات قيصر",
    ]
    text_out = StringIO()
    call_command(
        "import_statements",
        str(ROOT / "fixtures/seeds/002_5b1e8a5e55d610db.txt"),
        "--json",
        stdout=text_out,
    )
    assert set(json.loads(text_out.getvalue())) == set(records[0])


@pytest.mark.django_db
def test_command_reports_every_bad_row_and_fails():
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_statements", str(DATA / "bad_rows.csv"), "--json", stdout=out, stderr=err
        )
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["status"] for r in records] == ["error"] * 5
    assert records[0]["error"].endswith("bad_rows.csv, row 3: name is empty")
    assert Statement.objects.count() == 0


@pytest.mark.django_db
def test_command_dry_run_writes_nothing():
    out = StringIO()
    call_command("import_statements", str(DATA / "good.csv"), "--dry-run", stdout=out)
    assert "created" in out.getvalue() and "nothing was written" in out.getvalue()
    assert Statement.objects.count() == 0


@pytest.mark.django_db
def test_template_csv_imports_cleanly():
    reports = import_csv((ROOT / "fixtures/statement_template.csv").read_bytes(), "template.csv")
    assert [r.status for r in reports] == ["created"]
    assert len(reports[0].signatories) == 3
