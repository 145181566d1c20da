"""Importing statements: one transaction per statement, idempotent, shared by every entry point
(the `import_statements` command, the admin's "Add statement from text" page, the CSV import and
the tests). Every file format is read by `statements.reader.read_statement`; this module decides
what the reading means for the registry and writes it."""

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

# The one import against the layering (dedup builds on statements), allowed by
# tests/test_app_imports.py: new records go to the duplicate suggester inside the import's
# transaction, and a preview asks the same matcher what a name would be resolved to.
from dedup.matching import find_matches_many
from dedup.suggesting import SUGGEST_THRESHOLD, suggest_for_organizations
from signatories.models import Organization
from signatories.names import MAX_NAME_LENGTH
from signatories.registry import resolve_records, unique_slugs

from .models import Signature, Statement
from .reader import MAX_STATEMENT_BYTES, read_statement
from .reader.result import PERSON, ParsedStatement
from .revision import bump_revision_on_commit
from .sources import ImportProblem, read_text

MANIFEST_NAME = "manifest.json"
# Statement files larger than the reader's limit are refused before they are even read from disk
# or taken from an upload (one number for every door).
MAX_STATEMENT_FILE_BYTES = MAX_STATEMENT_BYTES
MAX_TITLE_LENGTH = 500  # Statement.title
# Keys of a stored correction that say who made it and when: not part of what it does.
CORRECTION_PROVENANCE = ("who", "when")
# Registry candidates looked at per name in a preview: enough that a record of the right kind is
# found behind a few of the other kind with a similar name.
MATCHES_LOOKED_AT = 5
EXACT_SCORE = 100.0  # dedup scores a spelling equal after folding 100


@dataclass
class ImportReport:
    """What happened to one statement; `as_json()` is the JSON Lines record of the importer."""

    file: str
    status: str  # created | updated | unchanged | error
    statement: dict | None = None
    signatories: list[dict] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)
    error: str | None = None

    def as_json(self) -> dict:
        return dataclasses.asdict(self)

    def summary(self) -> str:
        if self.status == "error":
            return f"error      {self.error}"
        distinct = len({s["organization"] for s in self.signatories})
        persons = sum(s["kind"] == PERSON for s in self.signatories)
        return (
            f"{self.status:<10} {self.file}: {self.statement['title']!r}, "
            f"{len(self.signatories)} signatories printed ({distinct} records, {persons} persons), "
            f"{len(self.flags)} flagged"
            + "".join(f"; {flag}" for flag in self.statement.get("flags", []))
        )


def load_manifest(path: Path) -> dict:
    """The manifest beside a statement file: what the texts don't state parseably."""
    manifest_path = path.parent / MANIFEST_NAME
    if not manifest_path.exists():
        return {}
    try:
        manifest = json.loads(read_text(manifest_path))
    except json.JSONDecodeError as error:
        raise ImportProblem(
            str(manifest_path),
            f"invalid JSON: {error.msg} (manifest for {path.name})",
            error.lineno,
        ) from None
    entry = manifest.get(path.name, {})
    if not isinstance(entry, dict):
        raise ImportProblem(str(manifest_path), f"the entry for {path.name} must be an object")
    return entry


def read_statement_file(path: Path) -> bytes:
    """The bytes of a statement file, refused with a clear message when unreadable or too big."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise IsADirectoryError
        if size > MAX_STATEMENT_FILE_BYTES:
            raise ImportProblem(str(path), too_big_message(size))
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(str(path), "no such file") from None
    except IsADirectoryError:
        raise ImportProblem(str(path), "this is a folder, not a file") from None
    except OSError as error:
        raise ImportProblem(str(path), f"cannot read the file ({error.strerror})") from None


def too_big_message(size: int) -> str:
    megabyte = 1024 * 1024
    return (
        f"the file is {size / megabyte:.1f} MB; statement files may be at most "
        f"{MAX_STATEMENT_FILE_BYTES // megabyte} MB"
    )


def stored_corrections(source_file: str) -> list[dict]:
    """The corrections staff made to the statement imported from `source_file`, if any."""
    stored = (
        Statement.objects.filter(source_file=source_file)
        .values_list("corrections", flat=True)
        .first()
    )
    return list(stored or [])


def import_statement_file(
    path: str | Path, *, title: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Read and save one statement file of any format; errors come back as a report, nothing
    written. Corrections stored with an earlier import of the same file are applied again."""
    path = Path(path)
    try:
        data = read_statement_file(path)
        return import_statement_data(
            data,
            filename=str(path),
            source_file=path.name,
            title=title,
            corrections=stored_corrections(path.name),
            manifest=load_manifest(path),
            dry_run=dry_run,
        )
    except ImportProblem as problem:
        return ImportReport(file=str(path), status="error", error=str(problem))


import_text_file = import_statement_file  # the name the seed import and older callers use


def parse_statement_data(
    data: bytes,
    filename: str,
    *,
    title: str | None = None,
    corrections=(),
    manifest: dict | None = None,
) -> ParsedStatement:
    """`read_statement` with the size limit and the registry's field limits checked: the one
    reading every door goes through (raises `ImportProblem`, naming file and line)."""
    if len(data) > MAX_STATEMENT_FILE_BYTES:
        raise ImportProblem(filename, too_big_message(len(data)))
    parsed = read_statement(
        data,
        filename,
        title=title or None,
        corrections=[_without_provenance(c) for c in corrections],
        manifest=manifest,
    )
    check_limits(parsed, filename)
    return parsed


def import_statement_data(
    data: bytes,
    *,
    filename: str,
    source_file: str,
    title: str | None = None,
    corrections=(),
    manifest: dict | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Read `data` (any format) and save it as the statement imported from `source_file`.
    Raises `ImportProblem` on bad input (nothing written)."""
    parsed = parse_statement_data(
        data, filename, title=title, corrections=corrections, manifest=manifest
    )
    return save_statement(
        parsed,
        source_file=source_file,
        report_file=filename,
        corrections=corrections,
        dry_run=dry_run,
    )


def check_limits(parsed: ParsedStatement, file: str) -> None:
    """What the database cannot hold is refused with its line, before anything is written."""
    if not parsed.title.strip():
        raise ImportProblem(file, "no title: give one (--title, or the title field)")
    if len(parsed.title) > MAX_TITLE_LENGTH:
        raise ImportProblem(file, f"the title is longer than {MAX_TITLE_LENGTH} characters", 1)
    for s in parsed.signatories:
        for label, value in (
            ("signatory name", s.name),
            ("person name", s.person_name),
            ("affiliation", s.affiliation),
        ):
            if len(value) > MAX_NAME_LENGTH:
                raise ImportProblem(
                    file,
                    f"{label} is {len(value)} characters long (at most {MAX_NAME_LENGTH})",
                    s.line,
                    where=f"page {s.page}, line" if s.page else "line",
                )
    if len(parsed.publisher) > MAX_NAME_LENGTH:
        raise ImportProblem(file, f"the publisher is longer than {MAX_NAME_LENGTH} characters")


def _without_provenance(correction: dict) -> dict:
    return {k: v for k, v in correction.items() if k not in CORRECTION_PROVENANCE}


def fingerprint(parsed: ParsedStatement, corrections=()) -> str:
    """SHA-256 of what is saved: the reading (without the preview lines) and the corrections
    applied to it (without who made them), so the same file read the same way is `unchanged`."""
    content = dataclasses.asdict(parsed)
    content.pop("lines", None)
    content["corrections"] = [_without_provenance(c) for c in corrections]
    text = json.dumps(content, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def stamp_corrections(corrections, user) -> list[dict]:
    """Corrections as stored with a statement: each says who made it and when."""
    who = user.get_username() if user is not None else ""
    when = timezone.now().isoformat(timespec="seconds")
    return [{**c, "who": c.get("who") or who, "when": c.get("when") or when} for c in corrections]


def save_statement(
    parsed: ParsedStatement,
    *,
    source_file: str,
    report_file: str,
    corrections=(),
    dry_run: bool = False,
) -> ImportReport:
    """Create or update the statement imported from `source_file`, in one transaction.

    Same content and corrections as last time: nothing is written ("unchanged"). Edited content:
    the statement is updated in place and its signature rows replaced. `dry_run` does all of it,
    then rolls back.
    """
    digest = fingerprint(parsed, corrections)
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(source_file=source_file).first()
        if statement is not None and statement.fingerprint == digest:
            status = "unchanged"
        else:
            status = "created" if statement is None else "updated"
            statement = _write_statement(parsed, statement, source_file, digest, corrections)
        report = _report(report_file, status, statement)
        if dry_run:
            transaction.set_rollback(True)
    return report


def record_kind(signatory_kind: str) -> str:
    """The registry record's kind for a signatory line: a person is an individual."""
    if signatory_kind in (PERSON, Organization.Kind.INDIVIDUAL):
        return Organization.Kind.INDIVIDUAL
    return Organization.Kind.ORGANIZATION


def signatory_entries(parsed: ParsedStatement) -> list[tuple[str, str]]:
    """(record name, record kind) of every signatory line, then of the publisher."""
    entries = [(s.record_name, record_kind(s.kind)) for s in parsed.signatories]
    if parsed.publisher:
        entries.append((parsed.publisher, Organization.Kind.ORGANIZATION))
    return entries


@dataclass
class RegistryMatch:
    status: str  # exact | fuzzy | new
    organization: Organization | None = None  # exact: the record it will be signed by
    score: float | None = None  # fuzzy: how alike (a merge suggestion will be queued)


def registry_matches(signatories) -> list[RegistryMatch]:
    """What each signatory would meet in the registry, records of its own kind only: exact (a
    spelling equal after folding), fuzzy (likely the same: a merge suggestion will be queued) or
    new. Reads only; one batch for all names."""
    found = find_matches_many([s.record_name for s in signatories], limit=MATCHES_LOOKED_AT)
    result = []
    for signatory, matches in zip(signatories, found, strict=True):
        kind = record_kind(signatory.kind)
        best = next((m for m in matches if m.organization.kind == kind), None)
        if best is not None and best.score >= EXACT_SCORE:
            result.append(RegistryMatch("exact", best.organization))
        elif best is not None and best.score >= SUGGEST_THRESHOLD:
            result.append(RegistryMatch("fuzzy", best.organization, round(float(best.score), 1)))
        else:
            result.append(RegistryMatch("new"))
    return result


def _write_statement(parsed, statement, source_file, digest, corrections) -> Statement:
    records, created = resolve_records(signatory_entries(parsed))

    if statement is None:
        statement = Statement(
            source_file=source_file, slug=unique_slugs(Statement, [parsed.title])[0]
        )
    statement.title = parsed.title
    statement.body = parsed.body
    statement.published_on = parsed.published_on
    statement.date_precision = parsed.date_precision
    statement.place = parsed.place
    statement.source_url = parsed.source_url
    statement.language = parsed.language
    statement.claimed_signatory_count = parsed.claimed_signatory_count
    statement.unnamed_count = parsed.unnamed_count
    statement.flags = list(parsed.flags)
    statement.corrections = list(corrections)
    statement.source_format = parsed.source_format
    statement.publisher = (
        records[(parsed.publisher, Organization.Kind.ORGANIZATION)] if parsed.publisher else None
    )
    statement.fingerprint = digest
    statement.save()

    statement.signatures.all().delete()
    Signature.objects.bulk_create(
        Signature(
            statement=statement,
            organization=records[(s.record_name, record_kind(s.kind))],
            name_as_printed=s.name,
            position=s.position,
            kind=Signature.Kind.PERSON
            if record_kind(s.kind) == Organization.Kind.INDIVIDUAL
            else Signature.Kind.ORGANIZATION,
            person_name=s.person_name,
            affiliation=s.affiliation,
            country=s.country,
            source_line=s.line,
            source_page=s.page,
            is_repeated=s.is_repeated,
            looks_glued=s.looks_glued,
        )
        for s in parsed.signatories
    )
    # New names are matched against the registry now (k × N), queueing likely duplicates.
    suggest_for_organizations(created)
    bump_revision_on_commit()
    return statement


def _report(file: str, status: str, statement: Statement) -> ImportReport:
    signatures = list(statement.signatures.in_printed_order())
    publisher = statement.publisher.name if statement.publisher_id else None
    return ImportReport(
        file=file,
        status=status,
        statement={
            "slug": statement.slug,
            "title": statement.title,
            "published_on": statement.published_on.isoformat() if statement.published_on else None,
            "publisher": publisher,
            "unnamed_count": statement.unnamed_count,
            "flags": list(statement.flags),
        },
        signatories=[
            {
                "position": s.position,
                "name_as_printed": s.name_as_printed,
                "organization": s.organization.name,
                "kind": s.kind,
                "country": s.country,
                "affiliation": s.affiliation,
                "line": s.source_line,
            }
            for s in signatures
        ],
        flags=[
            {
                "position": s.position,
                "line": s.source_line,
                "name_as_printed": s.name_as_printed,
                "flag": flag,
            }
            for s in signatures
            for flag in s.flags
        ],
    )
