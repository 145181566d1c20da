"""Database constraints hold whatever code writes the rows."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from signatories.models import Organization
from statements.models import Signature, Statement


@pytest.fixture
def org(db):
    return Organization.objects.create(name="Alpha Aid", slug="alpha-aid")


def statement(**fields):
    return Statement.objects.create(**{"title": "T", "slug": "t", **fields})


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_organization_cannot_be_merged_into_itself(org):
    org.merged_into = org
    refused(org.save)


def test_organization_needs_a_name(db):
    refused(lambda: Organization.objects.create(name="", slug="x"))


def test_signature_position_is_unique_and_positive(org):
    s = statement()
    Signature.objects.create(statement=s, organization=org, name_as_printed="Alpha Aid", position=1)
    refused(
        lambda: Signature.objects.create(
            statement=s, organization=org, name_as_printed="Alpha Aid", position=1
        )
    )
    refused(
        lambda: Signature.objects.create(
            statement=s, organization=org, name_as_printed="Alpha Aid", position=0
        )
    )
    refused(
        lambda: Signature.objects.create(
            statement=s, organization=org, name_as_printed="", position=2
        )
    )


def test_an_organization_with_signatures_cannot_be_deleted(org):
    Signature.objects.create(
        statement=statement(), organization=org, name_as_printed="A", position=1
    )
    with pytest.raises(Exception, match="protected"):
        org.delete()


def test_statement_source_file_is_unique_when_set(db):
    statement(source_file="a.txt")
    refused(lambda: statement(slug="t2", source_file="a.txt"))
    statement(slug="t3")
    statement(slug="t4")  # several statements without a file are fine


def test_statement_date_needs_its_precision(db):
    refused(lambda: statement(published_on=datetime.date(2020, 1, 1)))
    refused(lambda: statement(slug="t2", date_precision="day"))
    statement(slug="t3", published_on=datetime.date(2020, 1, 1), date_precision="year")
