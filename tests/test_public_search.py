"""Search: typo- and acronym-tolerant organisations, statements by words, both backends agree."""

import re

import pytest
from django.db import connection

from dedup.merging import merge_organizations
from public import search
from signatories.models import NameVariant, Organization
from statements.models import Statement


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 0


def top_names(query, n=1):
    return [hit.organization.name for hit in search.search_organizations(query)[:n]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Karam Fondation", "Karam foundation"),
        ("karam fondaton", "Karam foundation"),
        ("Syrian Britsh Council", "Syrian British Council"),
        ("UOSSM", "Union of Relief and Medical Care Organizations (UOSSM)"),
        ("Dawlaty", "Dawlaty"),
        ("المنظمة الدولية", "المنظمة الدولية للإغاثة والتنمية"),
        ("white helmets", "The white helmet- Syria civil defense"),
    ],
)
def test_organisations_are_found_despite_typos(seeded, query, expected):
    assert top_names(query) == [expected]


def test_sema_finds_the_syrian_expatriate_medical_association(seeded):
    names = top_names("SEMA", 2)
    assert sorted(names) == [
        "Syrian Expatriate Medical Association (SEMA)",
        "Syrian Expatriates MEDICAL Association (SEMA)",
    ]
    assert search.search_organizations("SEMA")[0].reasons == ["words"]


def test_an_acronym_typed_in_capitals_matches_initials(seeded):
    hit = search.search_organizations("SAMS")[0]
    assert hit.organization.name == "Syrian American medical society"
    assert hit.reasons == ["acronym"]
    # Lower case is a word, not an acronym: no initials match, on either backend.
    assert "acronym" not in [h.reasons[0] for h in search.search_organizations("sams")]


def test_search_matches_every_variant_and_reports_it(seeded):
    karam = Organization.objects.get(slug="karam-foundation")
    NameVariant.objects.create(
        organization=karam, name="مؤسسة كرم", fold_key=search.fold_key("مؤسسة كرم")
    )
    hit = search.search_organizations("مؤسسة كرم")[0]
    assert hit.organization == karam and hit.matched == "مؤسسة كرم"


def test_a_merged_record_is_found_as_its_survivor(seeded):
    survivor = Organization.objects.get(slug="karam-foundation")
    merged = Organization.objects.get(slug="karam-foundation-nfp")
    merge_organizations(survivor, merged)
    hits = search.search_organizations("Karam Foundation NFP")
    assert hits[0].organization == survivor
    assert merged not in [hit.organization for hit in hits]


def test_unrelated_words_find_no_organisation(seeded):
    assert search.search_organizations("Idlib massacre") == []
    assert search.search_organizations("") == []
    assert search.search_organizations("   !!! ") == []


@pytest.mark.parametrize(
    ("query", "expected_slug"),
    [
        ("cessation hostilities", "a-statement-from-101-syrian-regional"),
        ("Christmas", "statement-by-civil-society-organizations"),
        ("world leaders", "letter-from-syrian-civil-society-organisations-to-world-leaders"),
        ("massacre Idlib", "urgent-actions-needed-to-stop-the-massacre-in-idlib"),
        ("pamphlet", "bear-witness-and-take-action"),
    ],
)
def test_statements_are_found_by_words_in_title_and_body(seeded, query, expected_slug):
    found = search.search_statements(query)
    assert found and found[0].slug.startswith(expected_slug)


def test_statement_search_needs_every_word(seeded):
    assert search.search_statements("cessation pamphlet") == []


def test_postgres_and_fallback_give_the_same_top_results_on_the_seeds(seeded, on_postgres):
    """The PostgreSQL path (pg_trgm candidates) must agree with the scorer run on every name."""
    everything = list(NameVariant.objects.values_list("name", "organization_id", flat=False))
    queries = ["Karam Fondation", "SEMA", "SAMS", "UOSSM", "white helmets", "Syrian Britsh Council"]
    for query in queries:
        key = search.fold_key(query)
        acronym = bool(search.ACRONYM.fullmatch(query))
        scored = sorted(
            ((search.name_score(key, name, acronym)[0], org_id) for name, org_id in everything),
            reverse=True,
        )
        best = scored[0][0]
        expected = {org_id for score, org_id in scored if score == best}
        got = search.search_organizations(query)
        assert got[0].score == best and got[0].organization.pk in expected, query


def test_postgres_has_the_trigram_and_full_text_indexes(db, on_postgres):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["%trgm%"])
        assert {row[0] for row in cursor.fetchall()} >= {
            "signatories_namevariant_name_trgm",
            "signatories_organization_name_trgm",
        }
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
        cursor.execute(
            "EXPLAIN SELECT id FROM statements_statement "
            "WHERE search_document @@ to_tsquery('simple', 'idlib:*')"
        )
        assert cursor.fetchall()  # the generated column exists


def test_generated_search_document_follows_edits(seeded, on_postgres):
    statement = Statement.objects.get(slug__startswith="urgent-actions")
    assert not search.search_statements("zanzibar")
    statement.body += "\n\nA new paragraph about Zanzibar."
    statement.save()
    assert [s.pk for s in search.search_statements("zanzibar")] == [statement.pk]


def test_search_page_shows_both_kinds_of_result(client, seeded):
    html = client.get("/search/", {"q": "Karam Fondation"}).content.decode()
    orgs = re.findall(r'<a href="(/organizations/[^"]+)" dir="auto">([^<]+)</a>', html)
    assert orgs[0] == ("/organizations/karam-foundation/", "Karam foundation")
    assert 'value="Karam Fondation"' in html

    html = client.get("/search/", {"q": "cessation"}).content.decode()
    assert "No organisation matches" in html
    assert "Syria’s Cessation of Hostilities" in html


def test_search_page_without_a_query_shows_the_form_only(client, db):
    html = client.get("/search/").content.decode()
    assert '<input id="q" type="search" name="q"' in html
    assert "No organisation matches" not in html


def test_overlong_queries_are_cut(client, seeded):
    response = client.get("/search/", {"q": "karam " * 200})
    assert response.status_code == 200
