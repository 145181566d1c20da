"""Commands (suggest_merges, merge_organizations, unmerge) and incremental suggestions at import."""

import json
import os
import sqlite3
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from dedup.models import MergeRecord, MergeSuggestion
from dedup.suggesting import suggest_for_organizations
from dedup.testing import org
from signatories.models import Organization
from statements.importing import import_text_file

from .conftest import ROOT

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


@pytest.mark.django_db(transaction=True)
def test_suggest_merges_into_a_closed_pipe_ends_without_a_traceback(tmp_path):
    """`manage.py suggest_merges | head`: the reader closes the pipe early; the command stops
    quietly (exit 0, nothing on stderr) instead of printing a BrokenPipeError traceback."""
    a, b = org("Women Now for Development"), org("Women Now For Developement")
    MergeSuggestion.objects.create(organization_a=a, organization_b=b, score=95.0, reasons=["x"])
    process = subprocess.Popen(
        [sys.executable, "manage.py", "suggest_merges"],
        cwd=ROOT,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "registry.settings_test",
            "DATABASE_URL": database_url_for_another_process(tmp_path),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # the reader is gone before the first line is written
    errors = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, errors
    assert errors == ""


def database_url_for_another_process(tmp_path) -> str:
    """This test's committed database as another process can open it: PostgreSQL's test
    database itself; SQLite's in-memory one copied to a file."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    path = tmp_path / "copy.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as copy:
        connection.connection.backup(copy)
    return f"sqlite:///{path}"
