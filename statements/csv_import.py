"""CSV import of new statements: one row per signatory, rows grouped into statements by title.

One code path for the admin (preview, then confirm) and `import_statements FILE.csv`:
`parse_csv` validates every row before anything is written and reports every bad row;
`import_csv` saves all statements of a file in one transaction through `save_statement`;
`preview_csv` classifies each row against the registry and writes nothing.

Identity: a CSV statement is keyed by its title (`source_file = "csv:" + slug of the folded
title`), so importing the same file twice changes nothing, and a later file with the same title
updates that statement (its signatory list is replaced) instead of creating a duplicate.
"""

import codecs
import csv
import functools
import hashlib
import io
from dataclasses import dataclass, field

import pycountry
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

# The one import against the layering (dedup builds on statements): new organisations go to the
# duplicate suggester inside the import's transaction. tests/test_app_imports.py allows it.
from dedup.suggesting import suggest_for_organizations
from signatories.models import Organization
from signatories.names import MAX_NAME_LENGTH, fold_key, looks_glued, printed_form
from signatories.registry import resolve_records, survivors_by_key

from .importing import ImportReport, record_kind, save_statement, signatory_entries
from .reader.countries import country_code
from .reader.result import ORGANIZATION, PERSON, ParsedSignatory, ParsedStatement
from .revision import bump_revision_on_commit
from .sources import ImportProblem, decode_bytes, parse_date

REQUIRED_COLUMNS = ("statement_title", "signatory_name")
OPTIONAL_COLUMNS = (
    "statement_date",
    "statement_url",
    "publisher",
    "signatory_type",
    "signatory_country",
    "signatory_affiliation",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Statement-level columns: every row of a statement must agree (or leave the cell empty).
STATEMENT_COLUMNS = ("statement_date", "statement_url", "publisher")
KINDS = tuple(Organization.Kind.values)
MAX_TITLE_LENGTH = 500
MAX_URL_LENGTH = 500
_url = URLValidator(schemes=["http", "https"])


class CsvProblems(Exception):
    """Every bad row of a file; nothing was written."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class CsvStatement:
    """One statement of the file: what `save_statement` gets, plus where its rows are."""

    parsed: ParsedStatement
    source_file: str
    rows: list[int] = field(default_factory=list)


@functools.lru_cache(maxsize=4096)
def source_key(title: str) -> str:
    """Stable identity of a CSV statement: its title with case and punctuation folded."""
    slug = slugify(fold_key(title), allow_unicode=True)
    if len(slug) > 200:
        slug = slug[:183] + "-" + hashlib.sha256(slug.encode()).hexdigest()[:16]
    return "csv:" + slug


def _delimiter(header_line: str) -> str:
    """Comma, unless the header clearly uses tabs (Excel "Unicode text") or semicolons."""
    if "," in header_line:
        return ","
    if "\t" in header_line:
        return "\t"
    if ";" in header_line:
        return ";"
    return ","


def _utf16_without_bom(data: bytes) -> bool:
    """Text in UTF-16 with no BOM: every other byte of the start is NUL."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    head = data[:200]
    return len(head) >= 4 and (
        head[1::2].count(0) > len(head) // 4 or head[::2].count(0) > len(head) // 4
    )


def _problem(file: str, row: int | None, reason: str) -> ImportProblem:
    return ImportProblem(file, reason, row, where="row")


def parse_csv(data: bytes, file: str) -> list[CsvStatement]:
    """Validate every row and group rows into statements; raise `CsvProblems` listing all bad rows.

    Row numbers are those a spreadsheet shows: the header is row 1.
    """
    text = _decoded_text(data, file)
    # newline="": the csv module sees line ends inside quoted cells; no split on U+2028 etc.
    header_line = text.split("\n", 1)[0]
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(header_line), strict=True
    )
    columns = _read_columns(reader, file)
    grouping = _StatementGrouping(file)
    problems: list[ImportProblem] = []
    for row_number, cells in _numbered_rows(reader, file, problems):
        row_problems = _cell_count_problems(cells, columns)
        if not row_problems:
            row = {
                name: printed_form(cells[i]) if i < len(cells) else ""
                for i, name in enumerate(columns)
            }
            row_problems = _row_problems(row) or grouping.add(row_number, row)
        problems.extend(_problem(file, row_number, reason) for reason in row_problems)
    if problems:
        raise CsvProblems(problems)
    return grouping.statements()


def _decoded_text(data: bytes, file: str) -> str:
    """The file's text without a byte-order mark, or `CsvProblems` naming the encoding issue."""
    if _utf16_without_bom(data):
        reason = (
            "this looks like UTF-16 without a byte-order mark; save the file as UTF-8 "
            '("CSV UTF-8") or as UTF-16 with a byte-order mark'
        )
        raise CsvProblems([_problem(file, None, reason)])
    try:
        text = decode_bytes(data, file)
    except ImportProblem as problem:
        raise CsvProblems([problem]) from None
    return text.lstrip("\ufeff")


def _read_columns(reader, file: str) -> list[str]:
    """The header's column names (lower case), or `CsvProblems` listing every header problem."""
    try:
        header = next(reader)
    except csv.Error as error:
        raise CsvProblems(
            [_problem(file, 1, f"the header row is not valid CSV ({error})")]
        ) from None
    columns = [cell.strip().lower() for cell in header]
    while columns and columns[-1] == "":
        columns.pop()  # trailing empty header cells, as spreadsheets write them
    problems = [_problem(file, 1, reason) for reason in _header_problems(columns)]
    if problems:
        raise CsvProblems(problems)
    return columns


def _header_problems(columns: list[str]) -> list[str]:
    reasons = []
    for index, name in enumerate(columns, 1):
        if not name:
            reasons.append(f"column {index} has no name")
        elif name not in COLUMNS:
            reasons.append(f"unknown column {name!r}; the columns are: {', '.join(COLUMNS)}")
        elif columns.index(name) != index - 1:
            reasons.append(f"column {name!r} appears twice")
    for name in REQUIRED_COLUMNS:
        if name not in columns:
            reasons.append(f"missing required column {name!r}")
    return reasons


def _numbered_rows(reader, file: str, problems: list[ImportProblem]):
    """(row number, cells) of every non-blank row after the header. A row that is not valid CSV
    ends the reading (the rest of the file cannot be trusted) with a problem added."""
    row_number = 1
    while True:
        row_number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(_problem(file, row_number, f"not valid CSV ({error})"))
            return
        if any(cell.strip() for cell in cells):  # skip blank rows, as spreadsheets leave them
            yield row_number, cells


def _cell_count_problems(cells: list[str], columns: list[str]) -> list[str]:
    """Non-empty cells beyond the header's columns; short rows are fine (empty cells)."""
    if any(cell.strip() for cell in cells[len(columns) :]):
        return [f"{len(cells)} cells but the header names {len(columns)} columns"]
    return []


class _StatementGrouping:
    """Valid rows grouped into statements by title; statement-level cells checked across rows."""

    def __init__(self, file: str):
        self.file = file
        self.by_key: dict[str, CsvStatement] = {}
        # (statement key, column) -> (first non-empty value, its row)
        self.first_values: dict[tuple[str, str], tuple[str, int]] = {}
        self.seen_names: dict[str, set[str]] = {}

    def add(self, row_number: int, row: dict[str, str]) -> list[str]:
        """Add one valid row; return the reasons it disagrees with earlier rows of its statement."""
        key = source_key(row["statement_title"])
        entry = self.by_key.get(key)
        if entry is None:
            entry = self.by_key[key] = CsvStatement(
                parsed=ParsedStatement(title=row["statement_title"], source_format="csv"),
                source_file=key,
            )
            self.seen_names[key] = set()
        reasons = self._conflicts(key, row_number, row)
        name, parsed = row["signatory_name"], entry.parsed
        name_key = fold_key(name)
        is_person = (
            record_kind(row.get("signatory_type", "").lower()) == Organization.Kind.INDIVIDUAL
        )
        parsed.signatories.append(
            ParsedSignatory(
                position=len(parsed.signatories) + 1,
                name=name,
                line=row_number,
                is_repeated=name_key in self.seen_names[key],
                looks_glued=looks_glued(name),
                kind=PERSON if is_person else ORGANIZATION,
                person_name=name if is_person else "",
                affiliation=row.get("signatory_affiliation", ""),
                country=_country(row.get("signatory_country", "")),
            )
        )
        self.seen_names[key].add(name_key)
        entry.rows.append(row_number)
        return reasons

    def _conflicts(self, key: str, row_number: int, row: dict[str, str]) -> list[str]:
        reasons = []
        for column in STATEMENT_COLUMNS:
            value = row.get(column, "")
            if not value:
                continue
            earlier = self.first_values.setdefault((key, column), (value, row_number))
            if earlier[0] != value:
                reasons.append(
                    f"{column} {value!r} differs from {earlier[0]!r} given in row "
                    f"{earlier[1]} for the same statement"
                )
        return reasons

    def statements(self) -> list[CsvStatement]:
        """The statements, in file order, with their statement-level cells filled in."""
        if not self.by_key:
            raise CsvProblems([_problem(self.file, None, "the file has a header but no rows")])
        for (key, column), (value, _row) in self.first_values.items():
            parsed = self.by_key[key].parsed
            if column == "statement_date":
                parsed.published_on, parsed.date_precision = parse_date(value, self.file)
            elif column == "statement_url":
                parsed.source_url = value
            elif column == "publisher":
                parsed.publisher = value
        return list(self.by_key.values())


def _row_problems(row: dict[str, str]) -> list[str]:
    """Every reason one row is invalid on its own (checks across rows are in the grouping)."""
    checks = (_title_problem, _name_problem, _date_problem, _url_problem, _publisher_problem)
    reasons = [check(row) for check in checks]
    reasons += [_kind_problem(row), _country_problem(row), _affiliation_problem(row)]
    return [reason for reason in reasons if reason]


def _title_problem(row: dict[str, str]) -> str:
    title = row["statement_title"]
    if not title:
        return "statement title is empty"
    if len(title) > MAX_TITLE_LENGTH:
        return f"statement title is {len(title)} characters long (at most {MAX_TITLE_LENGTH})"
    if not source_key(title)[len("csv:") :]:
        return "statement title has no letters or digits"
    return ""


def _name_problem(row: dict[str, str]) -> str:
    name = row["signatory_name"]
    if not name:
        return "name is empty"
    if len(name) > MAX_NAME_LENGTH:
        return f"name is {len(name)} characters long (at most {MAX_NAME_LENGTH})"
    if not fold_key(name):
        return f"name {name!r} has no letters or digits"
    return ""


def _date_problem(row: dict[str, str]) -> str:
    value = row.get("statement_date", "")
    return _date_value_problem(value) if value else ""


@functools.lru_cache(maxsize=1024)
def _date_value_problem(value: str) -> str:
    try:
        parse_date(value, "")
    except ImportProblem as problem:
        return problem.reason
    return ""


def _url_problem(row: dict[str, str]) -> str:
    url = row.get("statement_url", "")
    if not url:
        return ""
    try:
        if len(url) > MAX_URL_LENGTH:
            raise ValidationError("too long")
        _url(url)
    except ValidationError:
        return f"bad statement_url {url[:80]!r}: give a full http(s):// address"
    return ""


def _publisher_problem(row: dict[str, str]) -> str:
    publisher = row.get("publisher", "")
    if len(publisher) > MAX_NAME_LENGTH:
        return f"publisher is {len(publisher)} characters long (at most {MAX_NAME_LENGTH})"
    return ""


def _kind_problem(row: dict[str, str]) -> str:
    kind = row.get("signatory_type", "")
    if kind and kind.lower() not in KINDS:
        return f"bad signatory_type {kind!r}: use {' or '.join(KINDS)}"
    return ""


@functools.lru_cache(maxsize=1024)
def _country(value: str) -> str:
    """ISO 3166-1 alpha-2 for a code ("co", "XK") or a country name in the reader's languages
    ("Colombia", "Türkiye", "Kosovo"); "" when it is neither."""
    if len(value) == 2 and value.isalpha() and country_code(value) == "":
        code = value.upper()
        return code if code == "XK" or pycountry.countries.get(alpha_2=code) else ""
    return country_code(value)


def _country_problem(row: dict[str, str]) -> str:
    value = row.get("signatory_country", "")
    if value and not _country(value):
        return (
            f"unknown signatory_country {value[:80]!r}: give an ISO 3166-1 code (e.g. CO) or a "
            "country's name"
        )
    return ""


def _affiliation_problem(row: dict[str, str]) -> str:
    affiliation = row.get("signatory_affiliation", "")
    if not affiliation:
        return ""
    if len(affiliation) > MAX_NAME_LENGTH:
        return (
            f"signatory_affiliation is {len(affiliation)} characters long "
            f"(at most {MAX_NAME_LENGTH})"
        )
    if record_kind(row.get("signatory_type", "").lower()) != Organization.Kind.INDIVIDUAL:
        return "signatory_affiliation is for persons: set signatory_type to individual"
    return ""


def import_csv(data: bytes, file: str, *, dry_run: bool = False) -> list[ImportReport]:
    """Import every statement of the file in ONE transaction (all or nothing).

    Raises `CsvProblems` (nothing written) for any bad row. New organisations go to the dedup
    suggester inside the same transaction, so the review queue sees them at once.
    """
    statements = parse_csv(data, file)
    with transaction.atomic():
        saved = _save_all(statements, file)
        if dry_run:
            transaction.set_rollback(True)
    return saved.reports


@dataclass
class _Saved:
    organizations: dict[str, Organization]
    created: list[Organization]
    reports: list[ImportReport]
    suggestions: list


def _save_all(statements: list[CsvStatement], file: str) -> _Saved:
    # All names of the file resolved at once, and their duplicates looked for once, rather
    # than once per statement inside `save_statement` (which then finds them all known).
    records, created = resolve_records(
        [entry for st in statements for entry in signatory_entries(st.parsed)]
    )
    organizations = {
        s.name: records[(s.record_name, record_kind(s.kind))]
        for st in statements
        for s in st.parsed.signatories
    }
    reports = [
        save_statement(st.parsed, source_file=st.source_file, report_file=file) for st in statements
    ]
    suggestions = suggest_for_organizations(created)
    bump_revision_on_commit()
    return _Saved(organizations, created, reports, suggestions)


@dataclass
class PreviewRow:
    row: int
    name: str
    status: str  # exact | fuzzy | new
    organization: Organization | None = None  # exact: the record the row will be signed by
    match_name: str = ""  # fuzzy: the other side of the merge suggestion the import creates
    match_id: int | None = None  # None when the other side is also new in this file
    match_score: float | None = None
    match_reasons: list[str] = field(default_factory=list)
    is_repeated: bool = False


@dataclass
class PreviewStatement:
    title: str
    source_file: str
    action: str  # create | update | unchanged
    existing: object | None
    date: str
    publisher: str
    source_url: str
    rows: list[PreviewRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"exact": 0, "fuzzy": 0, "new": 0}
        for row in self.rows:
            counts[row.status] += 1
        return counts


def preview_csv(data: bytes, file: str) -> list[PreviewStatement]:
    """What confirming would do, row by row, with nothing written: exact match, fuzzy match (and
    the merge suggestion it will create) or new. Raises `CsvProblems` like `import_csv`.

    The import is run for real inside a transaction that is rolled back, so the suggestions shown
    are exactly those the confirmed import will create (same code, same co-signing evidence).
    """
    from .importing import fingerprint
    from .models import Statement

    statements = parse_csv(data, file)
    # (kind, fold key) -> the record a row of that kind and spelling will be signed by
    by_key = survivors_by_key(
        {
            (record_kind(s.kind), fold_key(s.name))
            for st in statements
            for s in st.parsed.signatories
        }
    )
    existing = {
        s.source_file: s
        for s in Statement.objects.filter(source_file__in=[st.source_file for st in statements])
    }

    with transaction.atomic():
        saved = _save_all(statements, file)
        new_ids = {o.pk for o in saved.created}
        involved = {s.organization_a_id for s in saved.suggestions}
        involved |= {s.organization_b_id for s in saved.suggestions}
        org_names = dict(Organization.objects.filter(pk__in=involved).values_list("pk", "name"))
        plan: dict[int, tuple] = {}  # new organisation -> its best suggestion
        for suggestion in sorted(saved.suggestions, key=lambda s: -s.score):
            pair = (suggestion.organization_a_id, suggestion.organization_b_id)
            for mine, other in (pair, pair[::-1]):
                if mine in new_ids and mine not in plan:
                    plan[mine] = (other, suggestion.score, list(suggestion.reasons))
        org_of = {name: org.pk for name, org in saved.organizations.items()}
        transaction.set_rollback(True)

    result = []
    for st in statements:
        rows = []
        for signatory in st.parsed.signatories:
            row = PreviewRow(
                signatory.line, signatory.name, "new", is_repeated=signatory.is_repeated
            )
            key = (record_kind(signatory.kind), fold_key(signatory.name))
            if key in by_key:
                row.status, row.organization = "exact", by_key[key]
            elif org_of.get(signatory.name) in plan:
                other, score, reasons = plan[org_of[signatory.name]]
                row.status, row.match_name = "fuzzy", org_names.get(other, "")
                row.match_id = None if other in new_ids else other
                row.match_score, row.match_reasons = round(float(score), 1), reasons
            rows.append(row)
        statement = existing.get(st.source_file)
        if statement is None:
            action = "create"
        elif statement.fingerprint == fingerprint(st.parsed):
            action = "unchanged"
        else:
            action = "update"
        parsed = st.parsed
        precision = {"day": 10, "month": 7, "year": 4}.get(parsed.date_precision, 10)
        result.append(
            PreviewStatement(
                title=parsed.title,
                source_file=st.source_file,
                action=action,
                existing=statement,
                date=parsed.published_on.isoformat()[:precision] if parsed.published_on else "",
                publisher=parsed.publisher,
                source_url=parsed.source_url,
                rows=rows,
            )
        )
    return result
