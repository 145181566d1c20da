"""Commands (suggest_merges, merge_organizations, unmerge) and incremental suggestions at import."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dedup.models import MergeRecord, MergeSuggestion
from dedup.suggesting import suggest_for_organizations
from dedup.testing import org
from signatories.models import Organization
from statements.importing import import_text_file

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_suggest_merges_json_lists_pending_highest_first(seeded):
    lines = [json.loads(line) for line in run("suggest_merges", "--json").splitlines()]
    assert lines, "the seeds hold known duplicates"
    assert set(lines[0]) == {"a", "b", "score", "reasons", "cluster"}
    scores = [line["score"] for line in lines]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 and line["reasons"] for s, line in zip(scores, lines, strict=True))
    pairs = {frozenset((line["a"], line["b"])) for line in lines}
    assert frozenset(("Karam foundation", "Karam Foundation, NFP")) in pairs
    assert len(lines) == MergeSuggestion.objects.pending().count()


def test_suggest_merges_full_rescan_refills_the_queue(seeded):
    MergeSuggestion.objects.all().delete()
    lines = run("suggest_merges", "--full", "--json").splitlines()
    assert len(lines) == MergeSuggestion.objects.pending().count() > 5


def test_merge_and_unmerge_from_the_command_line():
    a, b = org("Karam foundation"), org("Karam Foundation, NFP")
    out = run("merge_organizations", str(a.pk), b.slug, "--display-name", "Karam Foundation, NFP")
    assert "merged" in out
    b.refresh_from_db()
    assert b.merged_into_id == a.pk
    assert Organization.objects.get(pk=a.pk).name == "Karam Foundation, NFP"

    run("unmerge", str(b.pk))
    b.refresh_from_db()
    assert b.merged_into_id is None
    assert Organization.objects.get(pk=a.pk).name == "Karam foundation"
    assert MergeRecord.objects.undone().count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("merge_organizations", "999999", "1"), "no organisation with id or slug '999999'"),
        (("merge_organizations", "A", "A"), "into itself"),
        (("merge_organizations", "C", "B"), "already merged into"),
        (("merge_organizations", "B", "C"), "merge into that one instead"),
        (("unmerge", "C"), "is not merged into anything"),
        (("unmerge", "--record", "999999"), "no merge record 999999"),
        (("unmerge",), "give the merged organisation"),
    ],
)
def test_command_errors_are_clear(args, message):
    a, b, c = org("Alpha Relief"), org("Alpha Relief Organisation"), org("Gamma Aid")
    call_command("merge_organizations", str(a.pk), str(b.pk), stdout=StringIO())
    ids = {"A": str(a.pk), "B": str(b.pk), "C": str(c.pk)}
    with pytest.raises(CommandError, match=message):
        call_command(*[ids.get(arg, arg) for arg in args], stdout=StringIO())


def test_importing_a_statement_queues_its_new_names_at_once(tmp_path):
    existing = org("Syrian Expatriate Medical Association (SEMA)")
    path = tmp_path / "new.txt"
    path.write_text(
        "A new joint statement\n\nWe call for peace.\n\nSigned by:\n"
        "Syrian Expatriates MEDICAL Association (SEMA)\nGhiras Foundation\n",
        encoding="utf-8",
    )
    report = import_text_file(path)
    assert report.status == "created", report.error
    new = Organization.objects.get(name="Syrian Expatriates MEDICAL Association (SEMA)")
    suggestion = MergeSuggestion.objects.pending().get()
    assert {suggestion.organization_a_id, suggestion.organization_b_id} == {existing.pk, new.pk}


def test_incremental_suggestions_cost_a_fixed_number_of_queries(django_assert_max_num_queries):
    for i in range(30):
        org(f"Registered Organisation Number {i} for Relief")
    few = [org("Karam foundation"), org("Karam Foundation, NFP")]
    many = [org(f"Brand New Group {i} (BNG{i})") for i in range(40)]
    suggest_for_organizations([])  # warm the cached index
    # 15: one of them reads the records' kinds (a person is never suggested with an organisation)
    with django_assert_max_num_queries(15):
        suggest_for_organizations(few)
    with django_assert_max_num_queries(15):
        suggest_for_organizations(many)
