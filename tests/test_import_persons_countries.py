"""What a signatory line means is stored beside what it prints: kind, person, affiliation,
country. A person is a registry record of kind individual, never joined or merged with an
organisation; an organisation is resolved from its name without the stated country."""

import pytest

from dedup.merging import MergeError, merge_organizations
from dedup.models import MergeSuggestion
from dedup.suggesting import suggest_for_organizations
from signatories.models import NameVariant, Organization
from signatories.registry import resolve_records
from statements.importing import save_statement
from statements.models import Signature, Statement
from statements.reader.result import PERSON, ParsedSignatory, ParsedStatement


def statement_with(*signatories, title="Protect journalists", **fields):
    parsed = ParsedStatement(title=title, **fields)
    for position, signatory in enumerate(signatories, 1):
        signatory.position = position
        parsed.signatories.append(signatory)
    return parsed


def org(name, line, **fields):
    return ParsedSignatory(position=0, name=name, line=line, **fields)


def person(name, line, person_name, affiliation="", **fields):
    return ParsedSignatory(
        position=0,
        name=name,
        line=line,
        kind=PERSON,
        person_name=person_name,
        affiliation=affiliation,
        **fields,
    )


def test_a_line_keeps_what_it_prints_and_records_what_it_means(db):
    parsed = statement_with(
        org("Fundación Karisma, Colombia", 7, organization_name="Fundación Karisma", country="CO"),
        person(
            "Jane Doe, Professor of Law, University of Somewhere",
            8,
            "Jane Doe",
            "Professor of Law, University of Somewhere",
        ),
        org("Article 19 (Kosovo)", 3, organization_name="Article 19", country="XK", page=2),
        unnamed_count=14,
        flags=["title proposed"],
        source_format="pdf",
    )
    report = save_statement(parsed, source_file="journalists.pdf", report_file="journalists.pdf")

    karisma, jane, article = Signature.objects.in_printed_order()
    assert (karisma.name_as_printed, karisma.kind, karisma.country) == (
        "Fundación Karisma, Colombia",
        "organization",
        "CO",
    )
    assert karisma.organization.name == "Fundación Karisma"  # the name without its country
    assert (jane.kind, jane.person_name, jane.affiliation, jane.country) == (
        "person",
        "Jane Doe",
        "Professor of Law, University of Somewhere",
        "",
    )
    assert (jane.organization.name, jane.organization.kind) == ("Jane Doe", "individual")
    assert (article.source_line, article.source_page, article.country) == (3, 2, "XK")
    statement = Statement.objects.get()
    assert (statement.unnamed_count, statement.flags, statement.source_format) == (
        14,
        ["title proposed"],
        "pdf",
    )
    assert report.statement["unnamed_count"] == 14
    assert report.statement["flags"] == ["title proposed"]
    assert report.signatories[1] | {"organization": "x"} == {
        "position": 2,
        "name_as_printed": "Jane Doe, Professor of Law, University of Somewhere",
        "organization": "x",
        "kind": "person",
        "country": "",
        "affiliation": "Professor of Law, University of Somewhere",
        "line": 8,
    }


def test_the_same_organisation_with_and_without_its_country_is_one_record(db):
    save_statement(
        statement_with(org("Fundación Karisma", 5)), source_file="a.txt", report_file="a.txt"
    )
    save_statement(
        statement_with(
            org("Fundación Karisma, Colombia", 5, organization_name="Fundación Karisma"),
            title="Second letter",
        ),
        source_file="b.txt",
        report_file="b.txt",
    )
    assert Organization.objects.count() == 1
    assert set(Signature.objects.values_list("name_as_printed", flat=True)) == {
        "Fundación Karisma",
        "Fundación Karisma, Colombia",
    }


def test_a_person_named_like_an_organisation_gets_a_record_of_their_own(db):
    records, created = resolve_records(
        [("Karam Foundation", "organization"), ("Karam Foundation", "individual")]
    )
    assert len(created) == 2
    organisation = records[("Karam Foundation", "organization")]
    individual = records[("Karam Foundation", "individual")]
    assert organisation != individual
    assert (organisation.kind, individual.kind) == ("organization", "individual")
    assert NameVariant.objects.filter(name="Karam Foundation").count() == 2
    again, created = resolve_records([("karam foundation", "individual")])
    assert created == [] and again[("karam foundation", "individual")] == individual


def test_persons_are_never_suggested_for_a_merge_with_an_organisation(db):
    records, created = resolve_records(
        [
            ("Karam Foundation NFP", "organization"),
            ("Karam Foundation", "individual"),
            ("Karam Foundation", "organization"),
        ]
    )
    suggest_for_organizations(created)
    pairs = {
        frozenset((s.organization_a.kind, s.organization_b.kind))
        for s in MergeSuggestion.objects.select_related("organization_a", "organization_b")
    }
    assert pairs == {frozenset({"organization"})}  # the two organisations only


def test_a_person_and_an_organisation_cannot_be_merged(db):
    records, _created = resolve_records(
        [("Jane Doe", "individual"), ("Jane Doe Trust", "organization")]
    )
    with pytest.raises(MergeError, match="different kinds"):
        merge_organizations(
            records[("Jane Doe Trust", "organization")], records[("Jane Doe", "individual")]
        )
    assert not Organization.objects.merged().exists()


def test_a_variant_added_in_the_admin_takes_its_records_kind(db):
    records, _created = resolve_records([("Jane Doe", "individual")])
    variant = NameVariant.objects.create(
        organization=records[("Jane Doe", "individual")],
        name="Dr. Jane Doe",
        fold_key="dr jane doe",
    )
    assert variant.kind == "individual"


def test_an_affiliation_longer_than_the_database_holds_is_refused_with_its_line(db):
    from statements.importing import check_limits
    from statements.sources import ImportProblem

    parsed = statement_with(person("Jane Doe, Professor", 9, "Jane Doe", "x" * 400))
    with pytest.raises(ImportProblem, match=r"j\.txt, line 9: affiliation is 400 characters"):
        check_limits(parsed, "j.txt")


def test_renaming_a_variant_to_another_records_spelling_is_refused_in_the_admin(admin_client):
    from django.urls import reverse

    records, _created = resolve_records(
        [("Karam Foundation", "organization"), ("Karam Relief", "organization")]
    )
    relief = NameVariant.objects.get(name="Karam Relief")
    url = reverse("admin:signatories_namevariant_change", args=[relief.pk])
    response = admin_client.post(
        url, {"organization": relief.organization_id, "name": "Karam Foundation"}
    )
    assert response.status_code == 200
    assert "is already a spelling of Karam Foundation" in response.content.decode()
    assert NameVariant.objects.get(pk=relief.pk).name == "Karam Relief"
    # The same spelling for a person's record is another identity: allowed.
    person, _created = resolve_records([("Jane Doe", "individual")])
    jane = NameVariant.objects.get(name="Jane Doe")
    response = admin_client.post(
        reverse("admin:signatories_namevariant_change", args=[jane.pk]),
        {"organization": jane.organization_id, "name": "Karam Foundation"},
    )
    assert response.status_code == 302
    assert NameVariant.objects.filter(name="Karam Foundation").count() == 2
