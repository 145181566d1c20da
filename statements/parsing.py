"""Parse a statement text as published: title, body, author, dateline and the signatory list.

Layouts handled (all seen in fixtures/seeds/): a title line; body paragraphs; an author line
("Post by: Dawlaty"); a list introduced by "Signed by:" or simply the trailing run of short
name lines; bullet and dash markers; two names per line behind "–" column markers; web-page
residue ("top of page", "Artwork by …"). Names are kept as printed (NFC, outer spaces removed).
"""

import datetime
import re
from dataclasses import dataclass, field

from signatories.names import MAX_NAME_LENGTH, fold_key, looks_glued, printed_form

from .sources import ImportProblem

RESIDUE = re.compile(
    r"^(top of page|bottom of page|skip to (main )?content|(artwork|photo|image|illustration)"
    r"( credit)?s? by\b.*|share this( post)?|back to top)$",
    re.IGNORECASE,
)
AUTHOR = re.compile(
    r"^(?:post(?:ed)? by|published by|author)\s*:\s*(?P<author>\S.*)$", re.IGNORECASE
)
SIGNED_BY = re.compile(
    r"^(?:signed by|signatories|signatures|list of signatories|endorsed by)\s*:?\s*$", re.IGNORECASE
)
LEADING_MARKER = re.compile(r"^(?:[–—•·▪◦*]|-(?=\s))[\s]*")
# A dash or bullet followed by two or more blanks separates columns ("Ensarmazlumlar –   Independent
# Doctors Association"); a dash followed by one space belongs to the name ("… Rights – ACHR").
COLUMN_SEPARATOR = re.compile(r"\s+[–—•\-]\s{2,}|\t+")
SENTENCE_BREAK = re.compile(r"[.!?;]\s+\S")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "Idlib, New York, 6 February 2020 – In advance of …"
DATELINE = re.compile(
    rf"^(?P<place>[^\d\n–—]{{2,80}}?),\s*(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\.?"
    rf"|(?P<month2>{_MONTH})\.?\s+(?P<day2>\d{{1,2}}),?)\s+(?P<year>\d{{4}})\s*[–—-]\s",
    re.IGNORECASE,
)
CLAIMED_COUNT = re.compile(
    r"(?<![\w.,])(?P<count>\d{1,5})\s+(?:[^\W\d]+,?\s+){0,12}?"
    r"(?:organi[sz]ations|groups|NGOs|signatories|individuals)\b",
    re.IGNORECASE,
)
APPROXIMATE = re.compile(r"(more than|over|nearly|about|almost|around|some)\s*$", re.IGNORECASE)
MAX_TITLE_LENGTH = 250
MAX_NAME_WORDS = 15


@dataclass
class ParsedSignatory:
    position: int
    name: str
    line: int
    is_repeated: bool = False
    looks_glued: bool = False
    kind: str = "organization"

    @property
    def flags(self) -> list[str]:
        return [
            flag for flag, on in (("repeated", self.is_repeated), ("glued", self.looks_glued)) if on
        ]


@dataclass
class ParsedStatement:
    title: str
    body: str = ""
    author: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None
    date_precision: str = ""
    place: str = ""
    source_url: str = ""
    language: str = ""
    claimed_signatory_count: int | None = None
    signatories: list[ParsedSignatory] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def parse_date(value: str, file: str, line: int | None = None) -> tuple[datetime.date, str]:
    """'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' to (date, precision)."""
    value = value.strip()
    formats = (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year"))
    for fmt, precision in formats:
        try:
            return datetime.datetime.strptime(value, fmt).date(), precision
        except ValueError:
            continue
    raise ImportProblem(file, f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY", line)


def split_cells(line: str) -> list[str]:
    """The names on one printed line: markers removed, columns split, each kept as printed."""
    text = LEADING_MARKER.sub("", line.strip())
    cells = [
        printed_form(LEADING_MARKER.sub("", cell.strip())) for cell in COLUMN_SEPARATOR.split(text)
    ]
    return [cell for cell in cells if cell]


def _is_name_line(line: str) -> bool:
    cells = split_cells(line)
    return bool(cells) and all(
        len(cell) <= 150
        and len(cell.split()) <= MAX_NAME_WORDS
        and not cell.endswith((":", ";", ","))
        and not SENTENCE_BREAK.search(cell)
        for cell in cells
    )


def _paragraphs(numbered_lines: list[tuple[int, str]]) -> str:
    paragraphs, current = [], []
    for _, text in numbered_lines:
        if text.strip():
            current.append(text.rstrip())
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    if current:
        paragraphs.append("\n".join(current))
    return "\n\n".join(paragraphs)


def parse_statement_text(text: str, file: str, manifest: dict | None = None) -> ParsedStatement:
    """Parse one statement text. `manifest` supplies what the text does not state parseably."""
    manifest = manifest or {}
    lines = [(number, raw.replace("\ufeff", "")) for number, raw in enumerate(text.splitlines(), 1)]

    author = ""
    content: list[tuple[int, str]] = []  # residue and author lines become blanks
    for number, raw in lines:
        stripped = raw.strip()
        match = AUTHOR.match(stripped)
        if match and not author:
            author = printed_form(match["author"])
            content.append((number, ""))
        elif RESIDUE.match(stripped):
            content.append((number, ""))
        else:
            content.append((number, raw))

    # Title: a first short line standing on its own.
    title, title_index = "", None
    for index, (_, raw) in enumerate(content):
        if raw.strip():
            candidate = printed_form(LEADING_MARKER.sub("", raw.strip()))
            next_blank = index + 1 >= len(content) or not content[index + 1][1].strip()
            if (
                len(candidate) <= MAX_TITLE_LENGTH
                and next_blank
                and not SENTENCE_BREAK.search(candidate.rstrip("."))
            ):
                title, title_index = candidate, index
            break
    rest = content[title_index + 1 :] if title_index is not None else content

    # Signatory section: after "Signed by:", else the trailing run of short name lines.
    signed_at = next((i for i, (_, raw) in enumerate(rest) if SIGNED_BY.match(raw.strip())), None)
    if signed_at is not None:
        body_lines, name_lines = rest[:signed_at], rest[signed_at + 1 :]
    else:
        start = len(rest)
        for index in range(len(rest) - 1, -1, -1):
            raw = rest[index][1]
            if not raw.strip():
                continue
            if not _is_name_line(raw):
                break
            start = index
        name_count = sum(len(split_cells(raw)) for _, raw in rest[start:] if raw.strip())
        if name_count < 3:  # a lone short closing line is body, not a list
            start = len(rest)
        body_lines, name_lines = rest[:start], rest[start:]

    parsed = ParsedStatement(title=title, body=_paragraphs(body_lines), author=author)
    parsed.publisher = author

    seen_keys: set[str] = set()
    for number, raw in name_lines:
        for name in split_cells(raw):
            if len(name) > MAX_NAME_LENGTH:
                raise ImportProblem(
                    file,
                    f"signatory name is {len(name)} characters long (at most {MAX_NAME_LENGTH})",
                    number,
                )
            key = fold_key(name)
            if not key:
                continue  # lone punctuation, not a name
            parsed.signatories.append(
                ParsedSignatory(
                    position=len(parsed.signatories) + 1,
                    name=name,
                    line=number,
                    is_repeated=key in seen_keys,
                    looks_glued=looks_glued(name),
                )
            )
            seen_keys.add(key)

    first_paragraph = parsed.body.split("\n", 1)[0] if parsed.body else ""
    dateline = DATELINE.match(first_paragraph)
    if dateline:
        month = MONTHS[(dateline["month"] or dateline["month2"]).lower()]
        day = int(dateline["day"] or dateline["day2"])
        try:
            parsed.published_on = datetime.date(int(dateline["year"]), month, day)
            parsed.date_precision = "day"
            parsed.place = dateline["place"].strip()
        except ValueError:
            pass  # "31 February" is no date; leave it unknown
    count = CLAIMED_COUNT.search(title)
    if count and not APPROXIMATE.search(title[: count.start()]):
        parsed.claimed_signatory_count = int(count["count"])

    _apply_manifest(parsed, manifest, file)
    if not parsed.title:
        raise ImportProblem(
            file, "no title: the first line is not a title and the manifest gives none", 1
        )
    if len(parsed.title) > 500:
        raise ImportProblem(file, "the title is longer than 500 characters", 1)
    return parsed


def _apply_manifest(parsed: ParsedStatement, manifest: dict, file: str) -> None:
    for key in ("title", "place", "source_url", "language", "publisher"):
        if manifest.get(key):
            setattr(parsed, key, printed_form(manifest[key]))
    if manifest.get("published_on"):
        parsed.published_on, parsed.date_precision = parse_date(str(manifest["published_on"]), file)
    if manifest.get("claimed_signatory_count"):
        parsed.claimed_signatory_count = int(manifest["claimed_signatory_count"])
