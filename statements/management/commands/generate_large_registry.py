"""Generate a large synthetic registry to check that public pages stay fast at any size.

Defaults: 20,000 organisations, 2,000 statements, one statement with 2,000 signatories, one
organisation that signed 500 statements. Names mix Latin and Arabic script; 1 in 10 organisations
gets a second printed spelling. Deterministic for a given --seed. One transaction, bulk inserts.
"""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from signatories.models import NameVariant, Organization
from signatories.names import fold_key
from signatories.registry import unique_slugs
from statements.models import Signature, Statement

TABLES = [
    "signatories_organization",
    "signatories_namevariant",
    "statements_statement",
    "statements_signature",
]
BIG_STATEMENT_TITLE = "Large registry: the statement with the most signatories"
BUSY_ORGANIZATION_NAME = "Large Registry Busy Organisation"

LATIN = (
    "Syrian Free Civil Human Rights Relief Medical Women Youth Media Justice Peace Hope Future "
    "Development Education Health Aid Local Council Network Union Alliance Initiative Voices "
    "Solidarity Dignity Bridges Light Horizon Olive Jasmine Aleppo Idlib Homs Daraa Raqqa"
).split()
KINDS = "Foundation Association Organisation Centre Network Coalition Committee Institute".split()
ARABIC = "جمعية منظمة مركز شبكة اتحاد مبادرة الأمل السلام الكرامة التنمية الإغاثة حلب إدلب".split()
TOPICS = (
    "the protection of civilians|humanitarian access|detainees|accountability|refugee returns|"
    "the ceasefire|cross-border aid|chemical attacks|enforced disappearance|the constitution"
).split("|")


class Command(BaseCommand):
    help = "Generate a large synthetic registry (for benchmarks; use an empty database)."

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=20_000)
        parser.add_argument("--statements", type=int, default=2_000)
        parser.add_argument("--big-statement", type=int, default=2_000, help="its signatories")
        parser.add_argument(
            "--busy-organization", type=int, default=500, help="statements it signs"
        )
        parser.add_argument("--per-statement", type=int, default=25, help="average signatories")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        n_orgs, n_statements = options["organizations"], options["statements"]
        if n_orgs < max(options["big_statement"], options["per_statement"] * 2, 2):
            raise CommandError("--organizations must exceed the largest signatory list")
        if options["busy_organization"] > n_statements:
            raise CommandError("--busy-organization cannot exceed --statements")
        if Statement.objects.filter(title=BIG_STATEMENT_TITLE).exists():
            raise CommandError("this database already holds a generated registry")
        rng = random.Random(options["seed"])
        with transaction.atomic():
            organizations = self._organizations(rng, n_orgs)
            statements = self._statements(rng, n_statements, organizations)
            count = self._signatures(rng, statements, organizations, options)
        if connection.vendor == "postgresql":
            # Fresh statistics and merged GIN pending lists, or the planner ignores the indexes.
            # VACUUM cannot run inside a transaction (as in tests); ANALYZE alone can.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            with connection.cursor() as cursor:
                for table in TABLES:
                    cursor.execute(f"{command} {table}")
        self.stdout.write(
            f"generated {len(organizations)} organisations, {len(statements)} statements, "
            f"{count} signatures; big statement /statements/{statements[0].slug}/, "
            f"busy organisation /organizations/{organizations[0].slug}/"
        )

    def _organizations(self, rng, n):
        names = [BUSY_ORGANIZATION_NAME]
        for i in range(1, n):
            if i % 7 == 0:
                name = f"{rng.choice(ARABIC)} {rng.choice(ARABIC)} {i}"
            else:
                words = rng.sample(LATIN, rng.randint(1, 3))
                name = f"{' '.join(words)} {rng.choice(KINDS)} {i}"
            names.append(name)
        organizations = Organization.objects.bulk_create(
            [
                Organization(name=name, slug=slug)
                for name, slug in zip(names, unique_slugs(Organization, names), strict=True)
            ],
            batch_size=2000,
        )
        variants = [
            NameVariant(organization=o, name=o.name, fold_key=fold_key(o.name))
            for o in organizations
        ]
        variants += [
            NameVariant(organization=o, name=o.name.upper(), fold_key=fold_key(o.name))
            for o in organizations[1::10]
            if o.name.upper() != o.name
        ]
        NameVariant.objects.bulk_create(variants, batch_size=5000, ignore_conflicts=True)
        self.upper_spelt = {o.pk for o in organizations[1::10]}
        return organizations

    def _statements(self, rng, n, organizations):
        titles = [BIG_STATEMENT_TITLE] + [
            f"Joint statement on {rng.choice(TOPICS)} ({i})" for i in range(1, n)
        ]
        start = datetime.date(2011, 3, 15).toordinal()
        statements = []
        for title, slug in zip(titles, unique_slugs(Statement, titles), strict=True):
            paragraphs = [
                " ".join(rng.choice(LATIN + TOPICS).lower() for _ in range(60)).capitalize() + "."
                for _ in range(rng.randint(2, 6))
            ]
            statements.append(
                Statement(
                    title=title,
                    slug=slug,
                    body="\n\n".join(paragraphs),
                    published_on=datetime.date.fromordinal(start + rng.randint(0, 13 * 365)),
                    date_precision=Statement.DatePrecision.DAY,
                    place=rng.choice(["Gaziantep", "Beirut", "Geneva", "Idlib", "London", ""]),
                    publisher=rng.choice(organizations[1:200]) if rng.random() < 0.3 else None,
                    language="en",
                )
            )
        return Statement.objects.bulk_create(statements, batch_size=1000)

    def _signatures(self, rng, statements, organizations, options):
        busy, others = organizations[0], organizations[1:]
        busy_statements = set(range(1, options["busy_organization"] + 1))
        if len(statements) <= options["busy_organization"]:
            busy_statements = set(range(len(statements)))
        count, batch = 0, []
        for index, statement in enumerate(statements):
            if index == 0:
                size = options["big_statement"]
            else:
                size = max(1, int(rng.triangular(1, options["per_statement"] * 2)))
            signers = rng.sample(others, size - (index in busy_statements))
            if index in busy_statements:
                signers.insert(rng.randint(0, len(signers)), busy)
            for position, organization in enumerate(signers, 1):
                printed = organization.name
                if organization.pk in self.upper_spelt and rng.random() < 0.5:
                    printed = printed.upper()  # printed in a second spelling, as often seen
                batch.append(
                    Signature(
                        statement=statement,
                        organization=organization,
                        name_as_printed=printed,
                        position=position,
                    )
                )
            if len(batch) >= 10_000:
                count += len(Signature.objects.bulk_create(batch))
                batch = []
        count += len(Signature.objects.bulk_create(batch))
        return count
