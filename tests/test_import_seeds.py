"""The five real seed texts, parsed exactly: counts and the tricky names of each file."""

import datetime
import unicodedata

import pytest
from django.core.management import call_command

from signatories.models import NameVariant, Organization
from statements.importing import import_text_file
from statements.models import Signature, Statement

from .conftest import SEEDS


def printed(statement_prefix):
    statement = Statement.objects.get(source_file__startswith=statement_prefix)
    return list(statement.signatures.in_printed_order())


def test_seed_files_are_copied_unchanged():
    shared = SEEDS.parents[2] / "shared" / "seeds"
    if not shared.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    for original in shared.glob("*.txt"):
        assert (SEEDS / original.name).read_bytes() == original.read_bytes()


@pytest.mark.parametrize(
    "prefix, printed_count, distinct_count",
    [("000", 120, 109), ("001", 0, 0), ("002", 59, 59), ("003", 99, 99), ("004", 0, 0)],
)
def test_each_seed_has_its_exact_number_of_printed_and_distinct_signatories(
    seeded, prefix, printed_count, distinct_count
):
    statement = Statement.objects.with_counts().get(source_file__startswith=prefix)
    assert statement.printed_count == printed_count
    assert statement.distinct_count == distinct_count


def test_000_title_body_and_signed_by_section(seeded):
    statement = Statement.objects.get(source_file__startswith="000")
    assert statement.title.startswith("Statement By Civil Society Organizations And Individuals")
    assert statement.title.endswith("To Stop The Killing In Idlib")
    assert statement.body.startswith("While “safe” world countries")
    assert "Signed by" not in statement.body
    assert len(statement.paragraphs()) == 6
    names = [s.name_as_printed for s in printed("000")]
    assert names[0] == "The white helmet- Syria civil defense"
    assert names[-1] == "Lawadessa center"  # last line, no newline after it
    assert statement.published_on is None  # the text names December but no year


def test_000_keeps_every_script_exactly_as_printed(seeded):
    names = [s.name_as_printed for s in printed("000")]
    for name in [
        "Kardeşlik Derneği",
        "Karabük Üniversitesi",
        "Światło dla Syrii Light for Syria",
        "A Glımpse of Hope",  # dotless ı as printed
        "Asociación Palmira de apoyo al pueblo sirio",
        "الجمعية السورية للدراسات و الاستشارات",
        "المجموعة الوطنية \u00a0للعدالة الانتقالية في سوريا",  # space + no-break space, as printed
        "لمحافظة دير الزو ر الرابطة الثورية",  # leading space is layout, the split word is printed
        "Syrian Association for Citizens’ Dignity",
        "Women – Now for development",
        "NASS Organizatio",
    ]:
        assert name in names, name
    assert all(unicodedata.is_normalized("NFC", name) for name in names)


def test_000_flags_glued_names_without_splitting_them(seeded):
    glued = [s for s in printed("000") if s.looks_glued]
    assert [(s.position, s.name_as_printed) for s in glued] == [
        (96, "Austrlian Syrian ReliefKaram Foundation")
    ]
    assert not any(s.looks_glued for s in Signature.objects.exclude(pk=glued[0].pk))


def test_000_repeated_names_stay_separate_rows_and_are_flagged(seeded):
    signatures = printed("000")
    repeated = [s.name_as_printed for s in signatures if s.is_repeated]
    assert len(repeated) == 11
    assert repeated.count("BINAA for Development") == 1
    binaa = [s for s in signatures if s.name_as_printed == "BINAA for Development"]
    assert [s.position for s in binaa] == [93, 94]
    assert binaa[0].organization_id == binaa[1].organization_id
    assert [s.is_repeated for s in binaa] == [False, True]


def test_folded_spellings_resolve_to_one_organization_with_both_variants(seeded):
    signatures = {s.name_as_printed: s for s in printed("000")}
    women = signatures["Women – Now for development"].organization
    assert signatures["Women Now for development"].organization == women
    assert set(women.variants.values_list("name", flat=True)) == {
        "Women – Now for development",
        "Women Now for development",
    }
    horrya = signatures["Horrya Press"].organization
    assert signatures["Horrya press"].organization == horrya
    assert horrya.name == "Horrya Press"  # the first spelling seen names the record


def test_fuzzier_spellings_are_left_for_the_dedup_module(seeded):
    karam_a = Organization.objects.get(variants__name="Karam foundation")
    karam_b = Organization.objects.get(variants__name="Karam Foundation, NFP")
    assert karam_a != karam_b
    assert Organization.objects.filter(variants__name="Syria Relief").get() != (
        Organization.objects.filter(variants__name="Syria Relief and Development").get()
    )


def test_002_two_column_layout_reads_row_by_row_and_keeps_acronyms(seeded):
    names = [s.name_as_printed for s in printed("002")]
    assert names[:6] == [
        "Ensarmazlumlar",
        "Independent Doctors Association",
        "Lawyers and doctors for Human Rights – LDHR",
        "La justice et le Developement durable.",
        "ABRAR",
        "Molham volunteering team",
    ]
    assert "Access Center for Human Rights – ACHR" in names
    assert "Syrian women association “ishraqat”" in names
    assert names[52] == "Humanitarian Restoration Hope"
    assert names[-1] == "ألفة للإغاثة الانسانية"
    assert not any(name.startswith(("–", "-")) or name.endswith("–") for name in names)


def test_002_date_and_place_come_from_its_dateline(seeded):
    statement = Statement.objects.get(source_file__startswith="002")
    assert statement.published_on == datetime.date(2020, 2, 6)
    assert statement.date_precision == "day"
    assert statement.place == "Idlib, New York"
    assert statement.date_display == "6 February 2020"


def test_003_bulleted_title_claimed_count_and_list_without_signed_by(seeded):
    statement = Statement.objects.get(source_file__startswith="003")
    assert statement.title.startswith("A statement from 101 Syrian")
    assert statement.claimed_signatory_count == 101
    names = [s.name_as_printed for s in printed("003")]
    assert names[0] == "Abrar Halap Association for Relief and Development"
    assert names[-1] == "Zain Foundation"
    assert "Darfur Bar Association" in names  # trailing no-break space is layout
    assert "Association de Soutien aux Médias Libres" in names
    assert "STAND: The Student-Led Movement to End Mass Atrocities" in names
    assert {"Syria Relief", "Syria Relief and Development", "Syria Relief Organization"} <= set(
        names
    )
    assert statement.date_display == "2016"
    assert statement.date_precision == "year"


def test_001_author_line_is_the_publisher_and_residue_is_not_a_signatory(seeded):
    statement = Statement.objects.get(source_file__startswith="001")
    assert statement.publisher.name == "Dawlaty"
    assert "Post by" not in statement.body
    assert "Artwork by" not in statement.body
    assert statement.signatures.count() == 0
    # Dawlaty also signs 002: one organisation.
    assert Signature.objects.get(name_as_printed="Dawlaty").organization == statement.publisher


def test_004_web_residue_dropped_and_publisher_from_manifest(seeded):
    statement = Statement.objects.get(source_file__startswith="004")
    assert statement.title == "Urgent actions needed to stop the massacre in Idlib"
    assert "top of page" not in statement.body and "bottom of page" not in statement.body
    assert statement.publisher.name == "Syrian British Council"
    assert Signature.objects.get(name_as_printed="Syrian British Council").organization == (
        statement.publisher
    )
    assert statement.published_on is None


def test_registry_totals_after_the_seeds(seeded):
    assert Organization.objects.count() == 256
    assert NameVariant.objects.count() == 262
    assert Signature.objects.count() == 278


def test_reimport_changes_nothing(seeded):
    before = (
        list(Statement.objects.values_list("pk", "updated_at", "fingerprint")),
        list(Signature.objects.values_list("pk", flat=True)),
        Organization.objects.count(),
        NameVariant.objects.count(),
    )
    reports = [import_text_file(path) for path in sorted(SEEDS.glob("*.txt"))]
    assert [r.status for r in reports] == ["unchanged"] * 5
    after = (
        list(Statement.objects.values_list("pk", "updated_at", "fingerprint")),
        list(Signature.objects.values_list("pk", flat=True)),
        Organization.objects.count(),
        NameVariant.objects.count(),
    )
    assert after == before


def test_an_edited_file_updates_its_statement_in_place(db, tmp_path):
    path = tmp_path / "joint.txt"
    path.write_text(
        "A joint statement\n\nWe call for peace.\n\nSigned by:\nAlpha Aid\nBeta Relief\n"
    )
    first = import_text_file(path)
    statement = Statement.objects.get()
    path.write_text(
        "A joint statement on peace\n\nWe call for peace.\n\nSigned by:\nAlpha Aid\nGamma Care\n"
    )
    second = import_text_file(path)
    assert (first.status, second.status) == ("created", "updated")
    updated = Statement.objects.get()
    assert updated.pk == statement.pk and updated.slug == statement.slug
    assert updated.title == "A joint statement on peace"
    assert [s.name_as_printed for s in updated.signatures.in_printed_order()] == [
        "Alpha Aid",
        "Gamma Care",
    ]


def test_dry_run_writes_nothing(db, capsys):
    call_command("import_statements", *sorted(map(str, SEEDS.glob("*.txt"))), "--dry-run")
    assert "created" in capsys.readouterr().out
    assert Statement.objects.count() == 0
    assert Organization.objects.count() == 0
