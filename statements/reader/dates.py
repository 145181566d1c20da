"""Dates as statements print them: "12 May 2022", "May 12, 2022", "2022-05-12", "12.05.2022",
"le 3 mars 2021", "3 de marzo de 2021", "12. Mai 2022", "12 Mayıs 2022", "12 maja 2022",
"12. svibnja 2022.", "12 مايو 2022". Month names come from CLDR (Babel) in the languages the reader
knows; a name that means different months in two languages ("listopada") is read only when the
document states its language. A date is never guessed: no two-digit years, no slashed dates
(12/05 is May in Europe and December in the US)."""

import datetime
import re
from functools import cache

from babel import Locale

# Locales whose month names are read; ar_SY/ar_LB add the Levantine names (كانون الثاني).
MONTH_LOCALES = (
    "en",
    "fr",
    "es",
    "de",
    "ar",
    "ar_SY",
    "ar_LB",
    "tr",
    "pl",
    "sr",
    "sr_Latn",
    "hr",
    "bs",
)
FOUR_DIGITS = re.compile(r"\d{4}")  # any script's digits
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
BYLINE_WORDS = {"by", "par", "por", "von", "tarafından", "przez", "od", "من"}
BYLINE_WORDS_MAX = 8  # "12 May 2022 by the Coalition for Women in Journalism"
DATE_LABELS = {
    "date",
    "dated",
    "published",
    "published on",
    "posted",
    "posted on",
    "issued",
    "issued on",
    "updated",
    "publié le",
    "publiée le",
    "le",
    "fecha",
    "publicado",
    "publicado el",
    "el",
    "datum",
    "veröffentlicht",
    "veröffentlicht am",
    "am",
    "tarih",
    "yayın tarihi",
    "data",
    "opublikowano",
    "dnia",
    "objavljeno",
    "التاريخ",
    "بتاريخ",
    "تاريخ",
}
GENITIVE_SR_BS = (
    "januara",
    "februara",
    "marta",
    "aprila",
    "maja",
    "juna",
    "jula",
    "avgusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
)
WEEKDAYS_LOCALES = ("en", "fr", "es", "de", "tr", "pl", "hr", "sr_Latn", "bs", "ar")


@cache
def month_table() -> dict[str, dict[str, int]]:
    """casefolded month name (no dot) -> {language: month number}."""
    table: dict[str, dict[str, int]] = {}
    for code in MONTH_LOCALES:
        locale = Locale.parse(code)
        language = code.split("_")[0]
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    key = name.casefold().rstrip(".")
                    if len(key) >= 3:
                        table.setdefault(key, {})[language] = number
    # Serbian and Bosnian print the month in the genitive ("28. marta 2023"); CLDR has only
    # the nominative for them.
    for number, name in enumerate(GENITIVE_SR_BS, 1):
        for language in ("sr", "bs"):
            table.setdefault(name, {})[language] = number
    table.setdefault("sept", {})["en"] = 9
    table.setdefault("sep", {})["en"] = 9
    return table


@cache
def weekday_words() -> frozenset[str]:
    words = set()
    for code in WEEKDAYS_LOCALES:
        for width in ("wide", "abbreviated"):
            words.update(
                name.casefold().rstrip(".")
                for name in Locale.parse(code).days["format"][width].values()
            )
    return frozenset(words)


_WORD = r"(?P<month>[^\W\d_]{3,}(?:\s[^\W\d_]{3,})?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|er|e|º|°)?\.?"
# Each ends at the year, and is tried on the few dozen characters before a four-digit year, so
# a long line costs one scan for years, not one pattern per position.
BEFORE_YEAR = (
    re.compile(r"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<nmonth>[01]?\d)\.$"),
    re.compile(rf"(?<!\w){_DAY}\s*(?:de\s+)?{_WORD},?\s*(?:de\s+|del\s+)?$", re.I),
    re.compile(rf"(?<!\w){_WORD},?\s*{_DAY},?\s+$", re.I),
    re.compile(rf"(?<!\w){_WORD},?\s+(?:de\s+)?$", re.I),
)
ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)(?!\d)")
YEAR = re.compile(r"(?<![\d-])(?:1[89]|2[01])\d\d(?!\d)")
WINDOW = 40  # characters before a year where its day and month are printed


def _month_number(name: str, language: str) -> int | None:
    table = month_table()
    key = name.casefold().rstrip(".")
    meanings = table.get(key)
    if meanings is None and " " in key:
        meanings = table.get(key.split()[-1])  # "de marzo" is caught as two words
    meanings = meanings or {}
    if language and language in meanings:
        return meanings[language]
    numbers = set(meanings.values())
    return numbers.pop() if len(numbers) == 1 else None


def find_date(text: str, language: str = "") -> tuple[datetime.date, str, int, int] | None:
    """The first written date in `text`: (date, precision, start, end) or None."""
    if not FOUR_DIGITS.search(text):
        return None  # every form read has a four-digit year; most lines have none
    text = text.translate(ARABIC_DIGITS)
    for iso in ISO_DATE.finditer(text):
        if iso.start() and text[iso.start() - 1].isdigit():
            continue
        try:
            value = datetime.date(int(iso["year"]), int(iso["nmonth"]), int(iso["day"]))
        except ValueError:
            continue
        iso_found = (value, "day", iso.start(), iso.end())
        break
    else:
        iso_found = None
    for year in YEAR.finditer(text):
        if iso_found and year.start() >= iso_found[2]:
            break
        window_start = max(0, year.start() - WINDOW)
        window = text[window_start : year.start()]
        for pattern in BEFORE_YEAR:
            match = pattern.search(window)
            if match is None:
                continue
            groups = match.groupdict()
            if groups.get("nmonth"):
                month = int(groups["nmonth"])
            else:
                month = _month_number(groups["month"], language)
            if month is None:
                continue
            try:
                if groups.get("day"):
                    value = datetime.date(int(year.group()), month, int(groups["day"]))
                    precision = "day"
                else:
                    value, precision = datetime.date(int(year.group()), month, 1), "month"
            except ValueError:
                break  # "31 February 2022" is no date, and not "February 2022" either
            return value, precision, window_start + match.start(), year.end()
    return iso_found


def date_line(text: str, language: str = "") -> tuple[datetime.date, str, str] | None:
    """A line that is a date and nothing else but a place or a label ("Geneva, 12 May 2022",
    "Published: 12 May 2022"): (date, precision, place)."""
    if len(text) > 120:
        return None
    found = find_date(text, language)
    if found is None:
        return None
    value, precision, start, end = found
    before = text[:start].strip(" ,:–—-|(").strip()
    after = text[end:].strip(" .,)–—-|*_")
    byline = after.split(" ", 1)[0].casefold() in BYLINE_WORDS
    if after and len(after.split()) > (BYLINE_WORDS_MAX if byline else 2):
        return None
    place = ""
    label = before.casefold().rstrip(":")
    words = [w.strip(",.") for w in label.split()]
    if before and label not in DATE_LABELS and not all(w in weekday_words() for w in words):
        lead = [w for w in words if w not in weekday_words() and w not in DATE_LABELS]
        ends_with_comma = text[:start].rstrip().endswith(",")
        if any(ch in before for ch in "!?;") or (len(before.split()) > 5 and not ends_with_comma):
            return None
        if len(before.split()) > 12 or ". " in before:
            return None  # a sentence, not a dateline
        place = before.rstrip(",").strip() if lead and len(before.split()) <= 4 else ""
        while place and place.rsplit(None, 1)[-1].casefold().strip(",.") in weekday_words():
            place = place.rsplit(None, 1)[0].rstrip(", ") if " " in place else ""
    return value, precision, place


def dateline(paragraph: str, language: str = "") -> tuple[datetime.date, str, str] | None:
    """A news dateline opening a paragraph: "Idlib, New York, 6 February 2020 – In advance of …"
    gives (date, precision, place)."""
    head = paragraph[:200]
    found = find_date(head, language)
    if found is None:
        return None
    value, precision, start, end = found
    if precision != "day":
        return None
    place = head[:start].strip()
    if place and (not place.endswith(",") or any(ch.isdigit() or ch in "–—.;:" for ch in place)):
        return None
    rest = head[end:]
    if not re.match(r"\s*[–—-]\s", rest):
        return None
    return value, precision, place.rstrip(",").strip()
