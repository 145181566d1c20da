"""Quality on the seeds, measured against tests/data/dedup_pairs.csv (labelled by hand)."""

from pathlib import Path

import pytest

from dedup.models import MergeSuggestion
from dedup.quality import evaluate

PAIRS = Path(__file__).parent / "data" / "dedup_pairs.csv"
# What the matcher reaches today (README, "Quality on the seeds"); lowering it fails here.
MIN_RECALL = 11 / 12
MIN_PRECISION = 1.0


@pytest.fixture
def report(seeded):
    """The queue as importing the five seeds leaves it (incremental suggestions only)."""
    return evaluate(PAIRS)


def test_labelled_set_has_true_pairs_and_look_alikes():
    from dedup.quality import load_pairs

    pairs = load_pairs(PAIRS)
    assert sum(p.same for p in pairs) >= 12
    assert sum(not p.same for p in pairs) >= 30


def test_recall_on_labelled_true_pairs_does_not_fall(report):
    assert report.recall >= MIN_RECALL, "\n".join(report.lines())


def test_precision_on_labelled_pairs(report):
    assert report.precision >= MIN_PRECISION, "\n".join(report.lines())


def test_every_queued_true_pair_ranks_above_every_look_alike(report):
    queued = [p for p in report.true_pairs if p.suggested]
    assert queued
    assert min(p.score for p in queued) > max(p.score for p in report.lookalikes)


def test_issue_examples_of_look_alikes_stay_out_of_the_queue(report):
    lookalikes = {(p.a, p.b): p for p in report.lookalikes}
    for pair in [
        ("Syria Relief", "Syria Relief and Development"),
        ("Syria Relief", "Syria Relief Organization"),
        ("Syria Relief and Development", "Syria Relief Organization"),
        ("Ghiras Foundation", "Ghiras Syria"),
    ]:
        assert not lookalikes[pair].suggested
    signed = lookalikes[("Syria Relief", "Syria Relief Organization")]
    assert any("both signed" in reason for reason in signed.reasons)


def test_queue_after_import_is_short_and_headed_by_true_duplicates(report):
    queue = list(MergeSuggestion.objects.pending().highest_first().with_organizations())
    true_pairs = {frozenset((p.a, p.b)) for p in report.true_pairs}
    top = [frozenset((s.organization_a.name, s.organization_b.name)) for s in queue[:10]]
    assert sum(pair in true_pairs for pair in top) >= 9
    assert len(queue) <= 15


def test_full_rescan_finds_the_same_queue(report):
    from dedup.suggesting import rescan_all

    before = set(MergeSuggestion.objects.values_list("organization_a", "organization_b"))
    assert rescan_all() == 0
    assert set(MergeSuggestion.objects.values_list("organization_a", "organization_b")) == before
