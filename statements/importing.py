"""Importing statements: one transaction per statement, idempotent, shared by every entry point
(the `import_statements` command, the admin's CSV import and the tests)."""

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

# The one import against the layering (dedup builds on statements): new organisations go to the
# duplicate suggester inside the import's transaction. tests/test_app_imports.py allows it.
from dedup.suggesting import suggest_for_organizations
from signatories.registry import resolve_organizations, unique_slugs

from .models import Signature, Statement
from .parsing import ParsedStatement, parse_statement_text
from .revision import bump_revision_on_commit
from .sources import ImportProblem, read_text

MANIFEST_NAME = "manifest.json"


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
        return (
            f"{self.status:<10} {self.file}: {self.statement['title']!r}, "
            f"{len(self.signatories)} signatories printed ({distinct} organisations), "
            f"{len(self.flags)} flagged"
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


def import_text_file(path: str | Path, *, dry_run: bool = False) -> ImportReport:
    """Parse and save one statement text; errors come back as a report, nothing written."""
    path = Path(path)
    try:
        parsed = parse_statement_text(read_text(path), str(path), load_manifest(path))
        return save_statement(parsed, source_file=path.name, report_file=str(path), dry_run=dry_run)
    except ImportProblem as problem:
        return ImportReport(file=str(path), status="error", error=str(problem))


def fingerprint(parsed: ParsedStatement) -> str:
    content = json.dumps(
        dataclasses.asdict(parsed), sort_keys=True, default=str, ensure_ascii=False
    )
    return hashlib.sha256(content.encode()).hexdigest()


def save_statement(
    parsed: ParsedStatement, *, source_file: str, report_file: str, dry_run: bool = False
) -> ImportReport:
    """Create or update the statement imported from `source_file`, in one transaction.

    Same content as last time: nothing is written ("unchanged"). Edited content: the statement is
    updated in place and its signature rows replaced. `dry_run` does all of it, then rolls back.
    """
    digest = fingerprint(parsed)
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(source_file=source_file).first()
        if statement is not None and statement.fingerprint == digest:
            status = "unchanged"
        else:
            status = "created" if statement is None else "updated"
            statement = _write_statement(parsed, statement, source_file, digest)
        report = _report(report_file, status, statement)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _write_statement(parsed, statement, source_file, digest) -> Statement:
    names = [s.name for s in parsed.signatories] + ([parsed.publisher] if parsed.publisher else [])
    kinds = {s.name: s.kind for s in parsed.signatories}
    organizations, created = resolve_organizations(names, kinds)

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
    statement.publisher = organizations[parsed.publisher] if parsed.publisher else None
    statement.fingerprint = digest
    statement.save()

    statement.signatures.all().delete()
    Signature.objects.bulk_create(
        Signature(
            statement=statement,
            organization=organizations[s.name],
            name_as_printed=s.name,
            position=s.position,
            source_line=s.line,
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
        },
        signatories=[
            {
                "position": s.position,
                "name_as_printed": s.name_as_printed,
                "organization": s.organization.name,
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
