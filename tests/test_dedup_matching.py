"""find_matches: the registry lookup the reconciliation API and CSV preview call."""

import pytest

from dedup.index import NameIndex
from dedup.matching import find_matches
from dedup.merging import merge_organizations
from dedup.testing import org

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    return {
        name: org(name)
        for name in (
            "Syria Relief",
            "Syria Relief and Development",
            "Syria Relief Organization",
            "Ghiras Foundation",
            "Ghiras Syria",
            "Syrian Expatriate Medical Association (SEMA)",
            "Karam Foundation, NFP",
        )
    }


def test_a_fold_equal_variant_is_a_certain_match(registry):
    [best, *_] = find_matches("SYRIA RELIEF")
    assert best.organization == registry["Syria Relief"]
    assert best.score == 100 and best.certain


def test_syria_relief_is_never_certain_for_syria_relief_and_development(registry):
    matches = find_matches("Syria Relief and Development", limit=10)
    by_name = {m.organization.name: m for m in matches}
    assert by_name["Syria Relief and Development"].certain
    assert "Syria Relief" not in by_name or not by_name["Syria Relief"].certain
    assert all(
        not m.certain
        for m in find_matches("Syria Relief and Developement", limit=10)
        if m.organization.name == "Syria Relief"
    )


def test_look_alikes_are_offered_but_not_certain(registry):
    matches = find_matches("Ghiras Foundation for Relief")
    assert matches[0].organization == registry["Ghiras Foundation"]
    assert not any(m.certain for m in matches)
    assert all(m.reasons for m in matches)


def test_near_identical_spelling_is_certain_without_conflicts(registry):
    [best, *_] = find_matches("Syrian Expatriates MEDICAL Association (SEMA)")
    assert best.organization == registry["Syrian Expatriate Medical Association (SEMA)"]
    assert best.certain
    conflicting = find_matches("Syrian Expatriate Medical Association (SAMS)")
    assert not any(m.certain for m in conflicting)


def test_merged_and_excluded_records_are_not_returned(registry):
    survivor, merged = registry["Syria Relief"], registry["Syria Relief Organization"]
    merge_organizations(survivor, merged)
    matches = find_matches("Syria Relief Organization", limit=10)
    assert merged.pk not in {m.organization.pk for m in matches}
    # the merged spelling now belongs to the survivor, found by its variant
    assert matches[0].organization == survivor and matches[0].certain
    excluded = find_matches("Syria Relief Organization", limit=10, exclude_ids=[survivor.pk])
    assert survivor.pk not in {m.organization.pk for m in excluded}


def test_limit_and_order(registry):
    matches = find_matches("Syria Relief", limit=2)
    assert len(matches) == 2
    assert matches[0].score >= matches[1].score


def test_one_query_uses_a_fixed_number_of_sql_queries(registry, django_assert_max_num_queries):
    find_matches("warm the index")
    with django_assert_max_num_queries(3):
        find_matches("Karam foundation")


def test_the_index_finds_variants_without_reading_everything():
    index = NameIndex()
    index.add_many(enumerate(["Karam Foundation", "Ahl Horan", "Binna for Development"]))
    index.add_many((i + 3, f"Filler Name Number {i}") for i in range(2000))
    hits = {index.keys[slot] for slot, _ in index.search("Ahlhoran Assosition", threshold=78)}
    assert hits == {1}
    hits = {index.keys[slot] for slot, _ in index.search("BINAA for development", threshold=78)}
    assert hits == {2}


def test_names_from_a_rolled_back_transaction_do_not_linger_in_the_index():
    from django.db import transaction

    org("Karam foundation")
    with transaction.atomic():
        phantom = org("Zzyzx Relief Collective")
        assert find_matches("Zzyzx Relief Collective")[0].organization == phantom
        transaction.set_rollback(True)
    real = org("Qwerty Peace Bureau")  # on SQLite it takes the rolled-back row ids
    assert find_matches("Zzyzx Relief Collective") == []
    [best] = find_matches("Qwerty Peace Bureau")
    assert best.organization == real and best.certain


def test_an_acronym_alone_finds_the_name_it_abbreviates_without_being_certain():
    sams = org("Syrian American medical society")
    sema = org("Syrian Expatriate Medical Association (SEMA)")
    [best, *_] = find_matches("SAMS")
    assert best.organization == sams and not best.certain
    assert any("initials" in reason for reason in best.reasons)
    [best, *_] = find_matches("SEMA")
    assert best.organization == sema and best.score >= 85
