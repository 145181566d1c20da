"""Name analysis for matching: folding, acronyms kept apart, generic words, typos."""

import pytest

from dedup.analysis import analyze, fold_text
from dedup.scoring import score_pair


def test_fold_text_unifies_case_diacritics_dashes_quotes_and_ampersand():
    assert fold_text("Médecins – “Sans” Frontières & Co") == "medecins - sans frontieres  and  co"
    assert fold_text("A Glımpse") == "a glimpse"
    assert fold_text("Citizens’ Dignity") == "citizens dignity"


def test_display_names_are_never_altered():
    name = "Syrian Expatriates MEDICAL Association (SEMA)"
    assert analyze(name).name == name


@pytest.mark.parametrize(
    ("name", "acronyms"),
    [
        ("Syrian Expatriate Medical Association (SEMA)", {"SEMA"}),
        ("Lawyers and doctors for Human Rights – LDHR", {"LDHR"}),
        ("Access Center for Human Rights – ACHR", {"ACHR"}),
        ("LACU Local Administration Councils Unit", {"LACU"}),
        ("Physicians across continents PAC", {"PAC"}),
        ("Women – Now for development", set()),
        ("IMAAR Organization", set()),
    ],
)
def test_acronyms_are_kept_as_a_separate_feature(name, acronyms):
    analysis = analyze(name)
    assert set(analysis.acronyms) == acronyms
    for acronym in acronyms:
        assert acronym.lower() not in analysis.full


def test_generic_words_leading_the_and_stopwords_are_separated_from_distinctive_words():
    analysis = analyze("The Karam Foundation, NFP")
    assert analysis.core == ("karam",)
    assert set(analysis.generic) == {"foundation", "nfp"}
    assert analyze("Syria Relief Organization").core == analyze("Syria Relief").core


def test_misspelt_generic_words_are_still_generic():
    assert analyze("Ahlhoran Assosition").core == ("ahlhoran",)
    assert analyze("WOMAN SUPPORT ASSOCIAITION").core == analyze("Woman Support").core


def test_ampersand_is_and_and_al_prefix_is_joined():
    assert analyze("Lawyers & Doctors").full == analyze("Lawyers and Doctors").full
    assert (
        analyze("AL-Ameen for humanitarian support").full
        == analyze("Alameen for Humanitarian Support").full
    )


def test_common_typos_and_transliterations_are_tolerated():
    assert score_pair(analyze("BINAA for Development"), analyze("Binna for Development")).score > 95
    result = score_pair(
        analyze("Syrian Expatriates MEDICAL Association (SEMA)"),
        analyze("Syrian Expatriate Medical Association (SEMA)"),
    )
    assert result.score == 100 and any("same acronym SEMA" in r for r in result.reasons)


def test_different_acronyms_are_a_conflict():
    result = score_pair(
        analyze("Syrian Medical Association (SMA)"), analyze("Syrian Medical Association (SAMS)")
    )
    assert result.score < 78 and not result.certain
    assert any("different acronyms" in reason for reason in result.reasons)


def test_extra_distinctive_words_lower_the_score_and_are_named():
    short, long = analyze("Syria Relief"), analyze("Syria Relief and Development")
    result = score_pair(short, long)
    assert not result.certain
    assert result.score < score_pair(analyze("syria relief development"), long).score
    assert any("development" in reason for reason in result.reasons)


def test_short_names_one_letter_apart_are_not_typos():
    assert score_pair(analyze("Karam foundation"), analyze("Maram Foundation")).score < 78
    assert score_pair(analyze("Shamal Center"), analyze("Shama Association")).score < 78
