"""The reader reads the five seed texts exactly as the importer always has: same titles, bodies,
names as printed in order, line numbers, repeated and glued flags, dates, places, publishers and
claimed counts. tests/data/seed_readings.json holds those facts as the first importer read them
(frozen before the reader replaced it)."""

import datetime
import json
from pathlib import Path

import pytest

from statements.importing import load_manifest
from statements.reader import read_statement
from statements.reader.result import NO_SIGNATORIES, ORGANIZATION

from .conftest import SEEDS

FROZEN = json.loads((Path(__file__).parent / "data" / "seed_readings.json").read_text())


def read_seed(name):
    path = SEEDS / name
    return read_statement(path.read_bytes(), str(path), manifest=load_manifest(path))


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_each_seed_reads_as_frozen(name):
    parsed, frozen = read_seed(name), FROZEN[name]
    assert parsed.title == frozen["title"]
    assert parsed.body == frozen["body"]
    assert parsed.publisher == frozen["publisher"]
    assert parsed.author == frozen["author"]
    published = parsed.published_on.isoformat() if parsed.published_on else None
    assert (published, parsed.date_precision, parsed.place) == (
        frozen["published_on"],
        frozen["date_precision"],
        frozen["place"],
    )
    assert parsed.claimed_signatory_count == frozen["claimed_signatory_count"]
    assert [[s.name, s.line, s.is_repeated, s.looks_glued] for s in parsed.signatories] == (
        frozen["signatories"]
    )
    assert [s.position for s in parsed.signatories] == list(range(1, len(parsed.signatories) + 1))


def test_seed_signatories_are_organisations_and_only_a_stated_country_is_read():
    signatories = [s for name in FROZEN for s in read_seed(name).signatories]
    assert {s.kind for s in signatories} == {ORGANIZATION}
    countries = {(s.name, s.country, s.organization_name) for s in signatories if s.country}
    assert countries == {
        (
            "Arab Organisation for Human Rights - Mauritania",
            "MR",
            "Arab Organisation for Human Rights",
        )
    }


def test_seeds_without_a_list_are_flagged_and_titles_come_from_the_text_or_manifest():
    assert NO_SIGNATORIES in read_seed("001_722804838a1a468b.txt").flags
    assert read_seed("004_2bc85844a122bc79.txt").title == (
        "Urgent actions needed to stop the massacre in Idlib"
    )
    dated = read_seed("002_5b1e8a5e55d610db.txt")
    assert dated.published_on == datetime.date(2020, 2, 6)
    assert dated.place == "Idlib, New York"


def test_seed_preview_labels_every_line_once():
    parsed = read_seed("000_9f8af0bb8e40cbba.txt")
    labels = {line.label for line in parsed.lines}
    assert {"title", "body", "cue", "signatory"} <= labels
    cue = next(line for line in parsed.lines if line.label == "cue")
    assert cue.text == "Signed by:"
    signatory_lines = [line for line in parsed.lines if line.label == "signatory"]
    assert len(signatory_lines) == 120
    assert parsed.signatories[signatory_lines[0].signatory].name == (
        "The white helmet- Syria civil defense"
    )


def test_a_seed_without_its_manifest_gets_a_proposed_title():
    path = SEEDS / "002_5b1e8a5e55d610db.txt"
    parsed = read_statement(path.read_bytes(), path.name)
    assert "title proposed" in parsed.flags
    assert parsed.title.startswith("Idlib, New York, 6 February 2020")
    assert len(parsed.signatories) == 59
