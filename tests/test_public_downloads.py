"""Downloads: each statement's signatories as CSV and JSON, the whole registry as CSV."""

import csv
import io
import json

import pytest

from statements.importing import save_statement
from statements.models import Signature, Statement
from statements.reader.result import ParsedSignatory, ParsedStatement

CESSATION = "a-statement-from-101-syrian-regional-and-international-humanitarian-and-human-ri"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 0


def read_csv(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_statement_signatories_csv(client, seeded):
    response = client.get(f"/statements/{CESSATION}/signatories.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == [
        "position",
        "name_as_printed",
        "organization",
        "organization_slug",
        "organization_url",
        "kind",
        "person_name",
        "affiliation",
        "country",
    ]
    expected = list(
        Signature.objects.filter(statement__slug=CESSATION)
        .order_by("position")
        .values_list("position", "name_as_printed", "organization__slug")
    )
    assert [(int(r[0]), r[1], r[3]) for r in rows[1:]] == expected
    assert rows[1][4] == f"http://testserver/organizations/{rows[1][3]}/"


def test_statement_signatories_json(client, seeded):
    response = client.get(f"/statements/{CESSATION}/signatories.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    statement = Statement.objects.get(slug=CESSATION)
    assert data["statement"]["title"] == statement.title
    assert data["statement"]["published_on"] == "2016-01-01"
    assert data["statement"]["date_precision"] == "year"
    assert data["statement"]["claimed_signatory_count"] == 101
    assert len(data["signatories"]) == 99
    assert [s["position"] for s in data["signatories"]] == list(range(1, 100))
    first = data["signatories"][0]
    assert set(first) == {
        "position",
        "name_as_printed",
        "organization",
        "kind",
        "person_name",
        "affiliation",
        "country",
    }
    assert (first["kind"], first["country"]) == ("organization", "")
    assert data["statement"]["unnamed_count"] is None
    assert set(first["organization"]) == {"name", "slug", "url"}


def test_arabic_names_survive_the_downloads(client, seeded):
    slug = "letter-from-syrian-civil-society-organisations-to-world-leaders-on-idlib"
    names = [row[1] for row in read_csv(client.get(f"/statements/{slug}/signatories.csv"))]
    assert "المنظمة الدولية للإغاثة والتنمية" in names
    data = json.loads(client.get(f"/statements/{slug}/signatories.json").content)
    assert "جمعية سلسبيل الخيرية" in [s["name_as_printed"] for s in data["signatories"]]
    assert (
        "جمعية سلسبيل الخيرية".encode()
        in client.get(f"/statements/{slug}/signatories.json").content
    )  # not \\u-escaped


def test_formulas_are_escaped_in_csv_but_kept_verbatim_in_json(client, db):
    parsed = ParsedStatement(
        title="=cmd|' /C calc'!A0",
        signatories=[
            ParsedSignatory(position=1, name='=HYPERLINK("http://evil","x")', line=1),
            ParsedSignatory(position=2, name="+Plus Org", line=2),
            ParsedSignatory(position=3, name="@At Org", line=3),
            ParsedSignatory(position=4, name="Plain Org", line=4),
        ],
    )
    save_statement(parsed, source_file="formula.txt", report_file="formula.txt")
    statement = Statement.objects.get(source_file="formula.txt")
    rows = read_csv(client.get(f"/statements/{statement.slug}/signatories.csv"))
    assert [r[1] for r in rows[1:]] == [
        '\'=HYPERLINK("http://evil","x")',
        "'+Plus Org",
        "'@At Org",
        "Plain Org",
    ]
    registry = read_csv(client.get("/registry.csv"))
    assert any(row[1] == "'=cmd|' /C calc'!A0" for row in registry[1:])
    data = json.loads(client.get(f"/statements/{statement.slug}/signatories.json").content)
    assert data["signatories"][0]["name_as_printed"] == '=HYPERLINK("http://evil","x")'


def test_registry_csv_has_every_signature_and_every_statement(client, seeded):
    response = client.get("/registry.csv")
    assert response.status_code == 200
    rows = read_csv(response)
    assert rows[0][:3] == ["statement_slug", "statement_title", "published_on"]
    body = rows[1:]
    assert len([r for r in body if r[5]]) == Signature.objects.count() == 278
    assert {r[0] for r in body} == set(Statement.objects.values_list("slug", flat=True))
    letter = [r for r in body if r[0].startswith("letter-from-syrian")]
    assert letter[0][2] == "2020-02-06" and letter[0][3] == "day"
    assert [int(r[5]) for r in letter] == list(range(1, 60))


def test_unknown_statement_downloads_are_404(client, db):
    assert client.get("/statements/nope/signatories.csv").status_code == 404
    assert client.get("/statements/nope/signatories.json").status_code == 404


def test_statement_page_links_to_its_downloads(client, seeded):
    html = client.get(f"/statements/{CESSATION}/").content.decode()
    assert f'href="/statements/{CESSATION}/signatories.csv"' in html
    assert f'href="/statements/{CESSATION}/signatories.json"' in html
    assert 'href="/registry.csv"' in html


def test_downloads_give_kind_person_affiliation_and_country_formula_escaped(client, db):
    parsed = ParsedStatement(
        title="Protect journalists",
        unnamed_count=14,
        signatories=[
            ParsedSignatory(
                position=1,
                name="Fundación Karisma, Colombia",
                line=5,
                organization_name="Fundación Karisma",
                country="CO",
            ),
            ParsedSignatory(
                position=2,
                name="Jane Doe, =Professor of Law",
                line=6,
                kind="person",
                person_name="Jane Doe",
                affiliation="=Professor of Law",
            ),
        ],
    )
    save_statement(parsed, source_file="journalists.txt", report_file="journalists.txt")
    slug = Statement.objects.get().slug
    rows = read_csv(client.get(f"/statements/{slug}/signatories.csv"))
    assert [r[5:] for r in rows[1:]] == [
        ["organization", "", "", "CO"],
        ["person", "Jane Doe", "'=Professor of Law", ""],
    ]
    registry = read_csv(client.get("/registry.csv"))
    assert registry[0][-4:] == ["kind", "person_name", "affiliation", "country"]
    assert [r[-4:] for r in registry[1:]] == [r[5:] for r in rows[1:]]
    data = json.loads(client.get(f"/statements/{slug}/signatories.json").content)
    assert data["statement"]["unnamed_count"] == 14
    karisma, jane = data["signatories"]
    assert (karisma["organization"]["name"], karisma["country"]) == ("Fundación Karisma", "CO")
    assert (jane["kind"], jane["person_name"], jane["affiliation"]) == (
        "person",
        "Jane Doe",
        "=Professor of Law",  # JSON keeps it verbatim
    )
