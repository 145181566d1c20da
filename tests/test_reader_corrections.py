"""Staff corrections are applied on top of the reading, matched by line and text, and a
correction whose line no longer reads the same is skipped with a note, never applied blindly."""

import datetime

from statements.reader import read_statement
from statements.reader.result import IGNORED, ORGANIZATION, PERSON, SIGNATORY

TEXT = (
    "Joint statement on journalists\n"  # 1
    "\n"
    "We call for the release of all detained journalists.\n"  # 3
    "\n"
    "Signed by:\n"  # 5
    "Access Now\n"  # 6
    "Reporters Without Borders · PEN International\n"  # 7
    "Jane Doe\n"  # 8
    "Committee to Protect\n"  # 9
    "Journalists\n"  # 10
    "Press office\n"  # 11
)


def read(corrections=()):
    return read_statement(TEXT.encode(), "statement.txt", corrections=corrections)


def names(parsed):
    return [s.name for s in parsed.signatories]


def test_the_reading_before_corrections():
    assert names(read()) == [
        "Access Now",
        "Reporters Without Borders",
        "PEN International",
        "Jane Doe",
        "Committee to Protect",
        "Journalists",
        "Press office",
    ]


def test_not_a_signatory_and_join():
    parsed = read(
        [
            {"action": "not_signatory", "line": 11, "text": "Press office"},
            {
                "action": "join",
                "line": 9,
                "text": "Committee to Protect",
                "next_text": "Journalists",
            },
        ]
    )
    assert names(parsed)[-1] == "Committee to Protect Journalists"
    assert "Press office" not in names(parsed) and "Journalists" not in names(parsed)
    labels = {line.line: (line.label, line.corrected) for line in parsed.lines}
    assert labels[11] == (IGNORED, True)
    assert labels[10][0] == SIGNATORY


def test_person_and_split():
    parsed = read(
        [
            {
                "action": "person",
                "line": 8,
                "text": "Jane Doe",
                "person_name": "Jane Doe",
                "affiliation": "freelance journalist",
            },
            {"action": "split", "line": 6, "text": "Access Now", "parts": ["Access", "Now"]},
        ]
    )
    jane = next(s for s in parsed.signatories if s.name == "Jane Doe")
    assert (jane.kind, jane.person_name, jane.affiliation) == (
        PERSON,
        "Jane Doe",
        "freelance journalist",
    )
    assert names(parsed)[:2] == ["Access", "Now"]
    assert [s.position for s in parsed.signatories] == list(range(1, 9))


def test_signatory_marks_a_body_line_and_organization_overrides_a_person():
    parsed = read(
        [
            {"action": "signatory", "line": 3, "text": TEXT.splitlines()[2]},
            {"action": "organization", "line": 8, "text": "Jane Doe"},
        ]
    )
    assert names(parsed)[0] == "We call for the release of all detained journalists."
    jane = next(s for s in parsed.signatories if s.name == "Jane Doe")
    assert jane.kind == ORGANIZATION


def test_field_corrections_set_title_date_and_publisher():
    parsed = read(
        [
            {"action": "set", "field": "title", "value": "Free the journalists"},
            {"action": "set", "field": "published_on", "value": "2024-05-03"},
            {"action": "set", "field": "publisher", "value": "Access Now"},
        ]
    )
    assert parsed.title == "Free the journalists"
    assert parsed.published_on == datetime.date(2024, 5, 3)
    assert parsed.publisher == "Access Now"


def test_a_correction_whose_line_changed_is_skipped_with_a_note():
    parsed = read([{"action": "not_signatory", "line": 6, "text": "Access Nowhere"}])
    assert "Access Now" in names(parsed)
    assert parsed.notes == ["correction skipped: line 6 no longer reads 'Access Nowhere'"]


def test_an_unknown_action_is_skipped_with_a_note():
    parsed = read([{"action": "delete_everything", "line": 6, "text": "Access Now"}])
    assert len(parsed.signatories) == 7
    assert "unknown action" in parsed.notes[0]
