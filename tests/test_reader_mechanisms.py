"""The reader's mechanisms one by one, on small real-looking lines: cues in each language,
persons and affiliations, countries, dates, where lists start and end, and name splitting."""

import datetime

import pytest

from statements.reader import read_statement
from statements.reader.countries import country_code, split_country
from statements.reader.cues import cue_group, group_kind, is_cue, unnamed_count
from statements.reader.dates import date_line, dateline, find_date
from statements.reader.persons import looks_like_person_name, split_person
from statements.reader.reading import has_sentence_break, split_cells
from statements.reader.result import ORGANIZATION, PERSON, TITLE_PROPOSED


def read_text(text: str, name: str = "statement.txt"):
    return read_statement(text.encode(), name)


# --- cues -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Signed by:",
        "Signatories",
        "**Signed by:**",
        "Endorsed by",
        "Co-signed by:",
        "The following organisations have signed this letter:",
        "Signataires :",
        "Firmantes:",
        "Unterzeichner*innen:",
        "Die Unterzeichnenden:",
        "الموقعون:",
        "İmzacılar:",
        "Sygnatariusze:",
        "Potpisnici:",
        "Потписници:",
        "Firmas institucionales",
        "Sincerely,",
    ],
)
def test_cue_lines_in_every_language(line):
    assert is_cue(line)


@pytest.mark.parametrize(
    "line",
    [
        "We call on the government to sign the treaty without delay.",
        "Access Now",
        "The signatories call on the United Nations to:",  # demands follow, not names
        "Signatories urge all parties:",
    ],
)
def test_lines_that_are_not_cues(line):
    assert not is_cue(line)


def test_group_headings_and_cues_say_who_signs():
    assert group_kind("Individuals") == PERSON
    assert group_kind("Organisations:") == ORGANIZATION
    assert group_kind("Einzelpersonen") == PERSON
    assert cue_group("Signed by the following Nobel Peace Prize laureates:") == PERSON
    assert cue_group("Firmas institucionales") == ORGANIZATION


@pytest.mark.parametrize(
    "line, count",
    [
        ("and 14 other organisations", 14),
        ("… and 158 other organisations from 43 countries.", 158),
        ("+ 23 more", 23),
        ("et 12 autres organisations", 12),
        ("y 40 organizaciones más", 40),
        ("und 9 weitere Organisationen", 9),
        ("i još 187 organizacija civilnog društva iz cijele zemlje.", 187),
    ],
)
def test_unnamed_counts(line, count):
    assert unnamed_count(line) == count


def test_a_name_with_a_number_is_not_an_unnamed_count():
    assert unnamed_count("Article 19") is None
    assert unnamed_count("Coalition of 40 Groups for Peace") is None


# --- persons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, person, affiliation",
    [
        (
            "Jane Doe, Professor of Law, University of X",
            "Jane Doe",
            "Professor of Law, University of X",
        ),
        (
            "Meron Estefanos, on behalf of Egna Legna Besidet",
            "Meron Estefanos",
            "on behalf of Egna Legna Besidet",
        ),
        ("Farah Salka (Anti-Racism Movement)", "Farah Salka", "(Anti-Racism Movement)"),
        ("Jan Rokita – polityk, publicysta", "Jan Rokita", "polityk, publicysta"),
        ("Dr. Peter Burdon", "Dr. Peter Burdon", ""),
        ("William E. Binney", "William E. Binney", ""),
        (
            "Prof. Dr. Indra Spiecker gen. Döhmann, Universität zu Köln",
            "Prof. Dr. Indra Spiecker gen. Döhmann",
            "Universität zu Köln",
        ),
    ],
)
def test_persons_and_their_affiliations_as_printed(line, person, affiliation):
    assert split_person(line) == (person, affiliation)


def test_bold_marks_the_name_before_a_slash():
    line = "Yaman Akdeniz / İfade Özgürlüğü Derneği"
    assert split_person(line, ("Yaman Akdeniz",)) == ("Yaman Akdeniz", "İfade Özgürlüğü Derneği")


@pytest.mark.parametrize(
    "name",
    [
        "Education Without Borders (MIDAD)",
        "Syria Relief",
        "Karam Foundation, NFP",
        "ABRAR",
        "Lawyers and doctors for Human Rights – LDHR",
        "Rushd Institution",
    ],
)
def test_organisations_are_not_persons(name):
    assert split_person(name) is None


def test_personal_name_shape():
    assert looks_like_person_name("Ana de la Cruz")
    assert looks_like_person_name("Ewa Barańska-Jamrozik")
    assert not looks_like_person_name("Amnesty International")
    assert not looks_like_person_name("SMEX")
    assert not looks_like_person_name("Centre 4 Rights")


def test_a_list_of_bare_personal_names_is_a_list_of_persons_but_one_among_organisations_is_not():
    laureates = read_text(
        "Laureates' letter\n\nWe ask for her release.\n\nSigned:\nShirin Ebadi (Iran)\n"
        "Maria Ressa (Philippines)\nDenis Mukwege (DR Congo)\n"
    )
    assert [(s.kind, s.person_name, s.country) for s in laureates.signatories] == [
        (PERSON, "Shirin Ebadi", "IR"),
        (PERSON, "Maria Ressa", "PH"),
        (PERSON, "Denis Mukwege", "CD"),
    ]
    organisations = read_text(
        "Letter\n\nWe ask for aid.\n\nSigned by:\nSyria Relief\nJana Watan\nKaram Foundation\n"
    )
    assert {s.kind for s in organisations.signatories} == {ORGANIZATION}


def test_sections_say_organisations_and_individuals():
    parsed = read_text(
        "Open letter\n\nWe write.\n\nOrganisations:\nAccess Now\nDigitale Gesellschaft\n\n"
        "Individuals:\nConstanze Kurz\nMarkus Beckedahl\n"
    )
    assert [(s.name, s.kind) for s in parsed.signatories] == [
        ("Access Now", ORGANIZATION),
        ("Digitale Gesellschaft", ORGANIZATION),
        ("Constanze Kurz", PERSON),
        ("Markus Beckedahl", PERSON),
    ]


# --- countries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, organisation, country",
    [
        ("Fundación Karisma, Colombia", "Fundación Karisma", "CO"),
        ("SMEX (Lebanon)", "SMEX", "LB"),
        ("Article 19 – Brazil", "Article 19", "BR"),
        ("Kosovo Law Institute, Kosovo", "Kosovo Law Institute", "XK"),
        ("Research Institute on Turkey (ABD)", "Research Institute on Turkey", "US"),
        ("İnsan Hakları Derneği (Türkiye)", "İnsan Hakları Derneği", "TR"),
        ("Ligue des Électeurs – République démocratique du Congo", "Ligue des Électeurs", "CD"),
        ("Access Now (International)", "Access Now (International)", ""),
        ("Fight for the Future (U.S.)", "Fight for the Future", "US"),
        ("White Hands - Beyazeller", "White Hands - Beyazeller", ""),
        ("Syria Campaign", "Syria Campaign", ""),  # never guessed from a name
    ],
)
def test_a_country_is_read_only_where_the_line_states_it(line, organisation, country):
    assert split_country(line) == (organisation, country)


def test_country_names_in_the_reader_languages():
    assert country_code("Allemagne") == country_code("Deutschland") == "DE"
    assert country_code("Sırbistan") == country_code("Srbija") == "RS"
    assert country_code("الأردن") == "JO"
    assert country_code("United States") == country_code("USA") == "US"
    assert country_code("Global") == ""


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12 May 2022", datetime.date(2022, 5, 12)),
        ("May 12, 2022", datetime.date(2022, 5, 12)),
        ("2022-05-12", datetime.date(2022, 5, 12)),
        ("le 3 mars 2021", datetime.date(2021, 3, 3)),
        ("3 de marzo de 2021", datetime.date(2021, 3, 3)),
        ("12. Mai 2022", datetime.date(2022, 5, 12)),
        ("12 Mayıs 2022", datetime.date(2022, 5, 12)),
        ("12 maja 2022", datetime.date(2022, 5, 12)),
        ("12. svibnja 2022.", datetime.date(2022, 5, 12)),
        ("Sarajevo, 28. marta 2023.", datetime.date(2023, 3, 28)),
        ("١٢ مايو ٢٠٢٢", datetime.date(2022, 5, 12)),
        ("December 22nd, 2019", datetime.date(2019, 12, 22)),
        ("12.05.2022", datetime.date(2022, 5, 12)),
    ],
)
def test_written_dates(text, expected):
    assert find_date(text)[0] == expected


@pytest.mark.parametrize("text", ["12/05/2022", "31 February 2022", "Centre 2022", "May 12"])
def test_dates_are_never_guessed(text):
    assert find_date(text) is None


def test_a_word_that_is_a_month_in_two_languages_needs_the_language():
    assert find_date("12 listopada 2022") is None  # November in Polish, October in Croatian
    assert find_date("12 listopada 2022", "pl")[0] == datetime.date(2022, 11, 12)
    assert find_date("12 listopada 2022", "hr")[0] == datetime.date(2022, 10, 12)


def test_date_lines_and_datelines_give_the_place():
    assert date_line("Geneva, 12 May 2022")[2] == "Geneva"
    assert date_line("Published: 12 May 2022")[2] == ""
    assert date_line("We met on 12 May 2022 to discuss the draft and agree the text.") is None
    found = dateline("Idlib, New York, 6 February 2020 – In advance of today’s session")
    assert found == (datetime.date(2020, 2, 6), "day", "Idlib, New York")


# --- lists ----------------------------------------------------------------------------------


def test_full_stops_inside_names_do_not_end_the_list():
    assert not has_sentence_break("S.T.O.P. – Surveillance Technology Oversight Project")
    assert not has_sentence_break("William E. Binney")
    assert not has_sentence_break("Digitale Gesellschaft e.V.")
    assert has_sentence_break("We ask for peace. We ask for aid.")


def test_several_names_on_one_line():
    assert split_cells("Access Now · ARTICLE 19 · Privacy International") == (
        "Access Now",
        "ARTICLE 19",
        "Privacy International",
    )
    assert split_cells("Index on Censorship | Media Defence") == (
        "Index on Censorship",
        "Media Defence",
    )
    assert split_cells("–        Ensarmazlumlar –        Independent Doctors Association") == (
        "Ensarmazlumlar",
        "Independent Doctors Association",
    )
    assert split_cells("Lawyers for Human Rights – LDHR") == ("Lawyers for Human Rights – LDHR",)
    assert split_cells("Col·lectiu Ronda") == ("Col·lectiu Ronda",)  # a Catalan middle dot


def test_a_list_in_the_middle_of_the_page_without_a_cue():
    parsed = read_text(
        "Joint letter on the Cybercrime Convention\n\n"
        "We, the undersigned organisations, urge States to reject the draft convention, which "
        "would expand surveillance powers without safeguards for human rights.\n\n"
        "Access Now\nARTICLE 19\nElectronic Frontier Foundation\nPrivacy International\n\n"
        "For more information, please contact press@example.org. Notes: the draft was "
        "published on 1 August 2023 and negotiations resume in New York next year.\n"
    )
    assert [s.name for s in parsed.signatories] == [
        "Access Now",
        "ARTICLE 19",
        "Electronic Frontier Foundation",
        "Privacy International",
    ]


def test_the_list_ends_at_contacts_footnotes_and_a_paragraph():
    parsed = read_text(
        "Statement\n\nWe call for peace.\n\nSigned by:\n- Access Now\n- SMEX\n\n"
        "Press contact: Jane Roe, +1 555 0100\n[1] See the report of 2023.\n"
    )
    assert [s.name for s in parsed.signatories] == ["Access Now", "SMEX"]
    labels = {line.text: line.label for line in parsed.lines}
    assert labels["Press contact: Jane Roe, +1 555 0100"] == "body"


def test_wrapped_lines_are_joined_and_and_n_others_is_a_count():
    parsed = read_text(
        "Statement\n\nWe call for peace.\n\nSigned by:\n"
        "* Association for the Defence of\n  Human Rights in Syria\n"
        "* Syrian Network for Human Rights\n* Women Now for\n  development\n"
        "and 14 other organisations\n"
    )
    assert [s.name for s in parsed.signatories] == [
        "Association for the Defence of Human Rights in Syria",
        "Syrian Network for Human Rights",
        "Women Now for development",
    ]
    assert parsed.unnamed_count == 14


def test_numbered_items_of_every_kind():
    parsed = read_text(
        "Letter\n\nWe ask.\n\nSignatories:\n1. Access Now\n2) ARTICLE 19\n(3) SMEX\n"
    )
    assert [s.name for s in parsed.signatories] == ["Access Now", "ARTICLE 19", "SMEX"]


def test_a_text_without_a_title_line_gets_a_proposed_title():
    parsed = read_text(
        "We, the undersigned organisations, condemn the killing of protesters in Nairobi. "
        "We call for an inquiry.\n\nSigned,\n\nAccess Now\nKatiba Institute\n"
    )
    assert TITLE_PROPOSED in parsed.flags
    assert parsed.title == (
        "We, the undersigned organisations, condemn the killing of protesters in Nairobi."
    )


def test_a_title_given_by_the_caller_wins():
    parsed = read_statement(
        b"We call for peace.\n\nSigned by:\nAccess Now\n", "x.txt", title="Peace"
    )
    assert parsed.title == "Peace" and TITLE_PROPOSED not in parsed.flags


def test_arabic_numbered_list_with_arabic_commas_persons_and_countries():
    parsed = read_text(
        "بيان مشترك\n\nنطالب بالإفراج عن المعتقلين.\n\nالموقعون:\n"
        "1- مركز القاهرة لدراسات حقوق الإنسان، مصر\n2- د. أحمد حسن، جامعة القاهرة\n"
        "3- منظمة القسط لحقوق الإنسان\n"
    )
    assert [
        (s.name, s.kind, s.country, s.person_name, s.affiliation) for s in parsed.signatories
    ] == [
        ("مركز القاهرة لدراسات حقوق الإنسان، مصر", ORGANIZATION, "EG", "", ""),
        ("د. أحمد حسن، جامعة القاهرة", PERSON, "", "د. أحمد حسن", "جامعة القاهرة"),
        ("منظمة القسط لحقوق الإنسان", ORGANIZATION, "", "", ""),
    ]


def test_a_press_release_ends_its_list_with_ends():
    parsed = read_text("Statement\n\nWe call for peace.\n\nSigned by:\nAccess Now\nSMEX\n\nENDS\n")
    assert [s.name for s in parsed.signatories] == ["Access Now", "SMEX"]


def test_a_press_release_kicker_is_not_the_title():
    parsed = read_text(
        "PRESS RELEASE\n\nRights groups urge release of journalists\n\n3 May 2024\n\n"
        "We call for their release.\n\nSigned by:\nAccess Now\nSMEX\n"
    )
    assert parsed.title == "Rights groups urge release of journalists"
    assert parsed.published_on.isoformat() == "2024-05-03"


def test_without_a_cue_names_win_over_a_longer_list_of_short_demands():
    parsed = read_text(
        "Free the press\n\nWe, the undersigned, call on the government to act now and to:\n\n"
        "- Release all detained journalists\n- Drop the charges against reporters\n"
        "- End the blocking of news websites\n- Stop the surveillance of newsrooms\n"
        "- Repeal the disinformation law\n\n"
        "Committee to Protect Journalists\nReporters Without Borders\nPEN International\n"
    )
    assert [s.name for s in parsed.signatories] == [
        "Committee to Protect Journalists",
        "Reporters Without Borders",
        "PEN International",
    ]


def test_short_demands_alone_are_not_a_list_of_signatories():
    parsed = read_text(
        "Free the press\n\nWe call on the government to act now and to:\n\n"
        "- Release all detained journalists\n- Drop the charges against reporters\n"
        "- End the blocking of news websites\n\nThank you for your attention to this matter.\n"
    )
    assert parsed.signatories == []


def test_tab_separated_columns_in_text_are_a_table():
    parsed = read_text(
        "Joint letter\n\nWe ask for action.\n\nSignatories:\n"
        "Organisation\tCountry\nGlobal Witness\tUnited Kingdom\nNatural Justice\tSouth Africa\n"
    )
    assert [(s.name, s.country) for s in parsed.signatories] == [
        ("Global Witness", "GB"),
        ("Natural Justice", "ZA"),
    ]


def test_a_title_directly_over_its_first_paragraph():
    parsed = read_text(
        "Stop the killing in Idlib\nSince last December, the regime and its allies have been "
        "attacking the last opposition strongholds in northwestern Syria, displacing thousands.\n\n"
        "Signed by:\nSyrian British Council\nSyria Relief\n"
    )
    assert parsed.title == "Stop the killing in Idlib"
    assert "title proposed" not in parsed.flags
    assert parsed.body.startswith("Since last December")


def test_a_copy_without_blank_lines_still_ends_its_list_and_keeps_its_sections():
    parsed = read_text(
        "Offener Brief\nWir bitten Sie, sich im Rat gegen die Chatkontrolle zu stellen, weil sie "
        "vertrauliche Kommunikation bricht.\nDie Unterzeichnenden:\nOrganisationen\n"
        "* Chaos Computer Club (CCC)\n* Digitale Gesellschaft e.V.\nEinzelpersonen\n"
        "* Constanze Kurz\n* Markus Beckedahl\n"
        "Organisationen können sich bis zum 31. Mai anschließen.\n"
        "Pressekontakt: presse@example.org\n"
    )
    assert [(s.name, s.kind) for s in parsed.signatories] == [
        ("Chaos Computer Club (CCC)", ORGANIZATION),
        ("Digitale Gesellschaft e.V.", ORGANIZATION),
        ("Constanze Kurz", PERSON),
        ("Markus Beckedahl", PERSON),
    ]
