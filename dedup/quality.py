"""Measuring the queue against labelled pairs (tests/data/dedup_pairs.csv): precision, recall
and ranking. Used by the tests and to produce the figures in the README ("Quality on the seeds")."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from signatories.models import NameVariant, Organization

from .models import MergeSuggestion
from .scoring import SUGGEST_THRESHOLD
from .suggesting import score_organizations


@dataclass
class LabelledPair:
    same: bool
    a: str
    b: str
    note: str = ""
    score: float | None = None
    suggested: bool = False
    reasons: list[str] = field(default_factory=list)


@dataclass
class QualityReport:
    pairs: list[LabelledPair]

    @property
    def true_pairs(self):
        return [p for p in self.pairs if p.same]

    @property
    def lookalikes(self):
        return [p for p in self.pairs if not p.same]

    @property
    def recall(self) -> float:
        return sum(p.suggested for p in self.true_pairs) / len(self.true_pairs)

    @property
    def precision(self) -> float:
        suggested = [p for p in self.pairs if p.suggested]
        return sum(p.same for p in suggested) / len(suggested) if suggested else 1.0

    def lines(self) -> list[str]:
        out = []
        for p in sorted(self.pairs, key=lambda p: -p.score):
            mark = "queued" if p.suggested else "      "
            label = "same     " if p.same else "different"
            out.append(f"{p.score:5.1f} {mark} {label} {p.a} | {p.b}")
        return out


def load_pairs(path: str | Path) -> list[LabelledPair]:
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            LabelledPair(row["label"] == "same", row["a"], row["b"], row.get("note", ""))
            for row in csv.DictReader(handle)
        ]


def evaluate(path: str | Path) -> QualityReport:
    """Score each labelled pair as the registry holds it now and whether it is in the queue."""
    pairs = load_pairs(path)
    names = {name for p in pairs for name in (p.a, p.b)}
    org_of = {
        v.name: Organization.objects.survivor_of(v.organization)
        for v in NameVariant.objects.filter(name__in=names).select_related("organization")
    }
    missing = sorted(names - set(org_of))
    if missing:
        raise ValueError(f"{path}: names not in the registry: {missing}")
    pending = set(
        MergeSuggestion.objects.pending().values_list("organization_a_id", "organization_b_id")
    )
    for p in pairs:
        a, b = org_of[p.a], org_of[p.b]
        result = score_organizations(a, b)
        p.score, p.reasons = result.score, result.reasons
        p.suggested = tuple(sorted((a.pk, b.pk))) in pending and result.score >= SUGGEST_THRESHOLD
    return QualityReport(pairs)
