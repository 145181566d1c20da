"""The admin's "Add statement from text": what staff see before saving, and what they correct.

The reading itself is `importing.parse_statement_data` (the command's code path); saving is
`importing.import_statement_data`. This module only (1) keeps the uploaded bytes between the
steps, on the server, (2) lays the reading out line by line with each signatory's registry match,
and (3) turns what staff changed in the preview into reader corrections (statements/reader/
result.py describes them). Nothing here writes to the registry.
"""

import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.cache import caches

from .importing import MAX_STATEMENT_FILE_BYTES, registry_matches
from .models import Statement
from .reader.result import PERSON, SIGNATORY, ParsedSignatory, ParsedStatement, PreviewLine
from .sources import ImportProblem, parse_date

# Formats the page accepts (the reader decides the format from the bytes; the name is a hint).
ALLOWED_EXTENSIONS = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf")
# Uploads pending a decision live in the shared "import_export" cache table (any app server can
# serve the next step) for a working day; the session only lists which ones are this user's.
UPLOAD_LIFETIME_SECONDS = 8 * 3600
UPLOAD_CACHE_PREFIX = "statement-text-"
SESSION_KEY = "statement_text_uploads"
# A user rarely has more than one statement open; older pending uploads are forgotten beyond this,
# which bounds what one session can keep on the server.
MAX_PENDING_UPLOADS = 3
# Corrections are staff clicks; a statement with 5,000 lines might need a few hundred. The bound
# keeps the session small whatever a client posts.
MAX_CORRECTIONS = 2000


# --- the upload between steps ------------------------------------------------------------------


@dataclass
class PendingUpload:
    token: str
    filename: str  # as uploaded ("pasted text" for a paste): messages and the format hint
    source_file: str  # the statement's identity: the file name, or pasted-<digest>.txt
    corrections: list[dict]
    data: bytes


def source_file_for(filename: str, data: bytes, pasted: bool) -> str:
    """An uploaded file is identified by its name, like `import_statements FILE`; a pasted text by
    its content (the same text pasted again is the same statement)."""
    if pasted:
        return f"pasted-{hashlib.sha256(data).hexdigest()[:16]}.txt"
    return filename


def keep_upload(session, data: bytes, filename: str, source_file: str, corrections) -> str:
    if len(data) > MAX_STATEMENT_FILE_BYTES:
        raise ImportProblem(filename, "the file is larger than the limit")
    token = secrets.token_urlsafe(16)
    caches["import_export"].set(UPLOAD_CACHE_PREFIX + token, data, UPLOAD_LIFETIME_SECONDS)
    pending = dict(session.get(SESSION_KEY, {}))
    while len(pending) >= MAX_PENDING_UPLOADS:
        forget_upload(session, next(iter(pending)))
        pending = dict(session.get(SESSION_KEY, {}))
    pending[token] = {
        "filename": filename,
        "source_file": source_file,
        "corrections": list(corrections)[:MAX_CORRECTIONS],
    }
    session[SESSION_KEY] = pending
    return token


def pending_upload(session, token: str) -> PendingUpload | None:
    """This user's pending upload, or None (unknown token, another user's, or expired)."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None:
        return None
    data = caches["import_export"].get(UPLOAD_CACHE_PREFIX + token)
    if data is None:
        forget_upload(session, token)
        return None
    return PendingUpload(
        token, entry["filename"], entry["source_file"], list(entry["corrections"]), data
    )


def set_corrections(session, token: str, corrections: list[dict]) -> None:
    pending = dict(session.get(SESSION_KEY, {}))
    if token in pending:
        pending[token] = {**pending[token], "corrections": corrections[:MAX_CORRECTIONS]}
        session[SESSION_KEY] = pending


def forget_upload(session, token: str) -> None:
    caches["import_export"].delete(UPLOAD_CACHE_PREFIX + token)
    pending = dict(session.get(SESSION_KEY, {}))
    pending.pop(token, None)
    session[SESSION_KEY] = pending


# --- the preview -------------------------------------------------------------------------------


@dataclass
class PreviewRow:
    index: int  # position in ParsedStatement.lines (the form's field suffix)
    line: PreviewLine
    label: str  # the reader's label; "person" for a signatory read as a person
    signatory: ParsedSignatory | None = None
    status: str = ""  # exact | fuzzy | new (signatories only)
    match: object | None = None  # the registry record (exact: the one it will be signed by)
    match_score: float | None = None


@dataclass
class Preview:
    parsed: ParsedStatement
    rows: list[PreviewRow]
    action: str  # create | update | unchanged
    existing: Statement | None
    counts: dict[str, int] = field(default_factory=dict)
    digest: str = ""  # of the lines shown: corrections posted against other lines are refused


def lines_digest(lines: list[PreviewLine]) -> str:
    joined = "\n".join(f"{line.page}:{line.line}:{line.text}" for line in lines)
    return hashlib.sha256(joined.encode()).hexdigest()[:32]


def build_preview(parsed: ParsedStatement, source_file: str, corrections) -> Preview:
    """Each source line with its label and, for a signatory, its registry match: exact (an
    existing record of the same kind with this spelling), fuzzy (a likely duplicate: a merge
    suggestion will be queued) or new. Reads only: a bounded number of queries."""
    from .importing import fingerprint

    matches = registry_matches(parsed.signatories)
    rows, counts = [], {"exact": 0, "fuzzy": 0, "new": 0, "persons": 0}
    for index, line in enumerate(parsed.lines):
        row = PreviewRow(index, line, line.label)
        if line.label == SIGNATORY and line.signatory is not None:
            row.signatory = parsed.signatories[line.signatory]
            if row.signatory.kind == PERSON:
                row.label = "person"
                counts["persons"] += 1
            match = matches[line.signatory]
            row.status, row.match, row.match_score = match.status, match.organization, match.score
            counts[row.status] += 1
        rows.append(row)

    existing = Statement.objects.filter(source_file=source_file).first()
    if existing is None:
        action = "create"
    elif existing.fingerprint == fingerprint(parsed, corrections):
        action = "unchanged"
    else:
        action = "update"
    return Preview(parsed, rows, action, existing, counts, lines_digest(parsed.lines))


# --- corrections from the preview form ---------------------------------------------------------

LINE_ACTIONS = ("not_signatory", "signatory", "person", "organization", "split", "join")
SPLIT_SEPARATOR = "|"  # the reader splits a printed "|" too, so no kept name contains one


def corrections_from_form(data, parsed: ParsedStatement) -> tuple[list[dict], list[str]]:
    """(new corrections, problems) from the preview form: the statement fields staff changed and
    one correction per line whose action they chose. Line texts come from the server's reading,
    never from the client."""
    corrections, problems = [], []
    for name, current in (
        ("title", parsed.title),
        ("publisher", parsed.publisher),
        ("published_on", parsed.published_on.isoformat() if parsed.published_on else ""),
    ):
        value = " ".join(str(data.get(name, "")).split())
        if name not in data or value == current:
            continue
        if name == "title" and not value:
            problems.append("the title cannot be empty")
            continue
        if name == "title" and len(value) > 500:
            problems.append("the title is longer than 500 characters")
            continue
        if name == "publisher" and len(value) > 300:
            problems.append("the publisher is longer than 300 characters")
            continue
        if name == "published_on" and value:
            try:
                _date, precision = parse_date(value, "date")
            except ImportProblem as problem:
                problems.append(problem.reason)
                continue
            if precision != "day":
                problems.append("give the date as YYYY-MM-DD")
                continue
        corrections.append({"action": "set", "field": name, "value": value})

    lines = parsed.lines
    for index, line in enumerate(lines):
        action = data.get(f"action-{index}", "")
        if not action:
            continue
        where = f"line {line.line}" if line.page is None else f"page {line.page}, line {line.line}"
        if action not in LINE_ACTIONS:
            problems.append(f"{where}: unknown correction {action[:40]!r}")
            continue
        correction = {"action": action, "line": line.line, "page": line.page, "text": line.text}
        if action == "person":
            signatory = parsed.signatories[line.signatory] if line.signatory is not None else None
            person_name = " ".join(str(data.get(f"person_name-{index}", "")).split())
            affiliation = " ".join(str(data.get(f"affiliation-{index}", "")).split())
            if not person_name and signatory is not None:
                person_name, affiliation = signatory.person_name, signatory.affiliation
            correction["person_name"] = person_name or line.text
            correction["affiliation"] = affiliation
        elif action == "split":
            parts = [
                " ".join(part.split())
                for part in str(data.get(f"parts-{index}", "")).split(SPLIT_SEPARATOR)
            ]
            parts = [part for part in parts if part]
            if len(parts) < 2:
                problems.append(
                    f"{where}: to split a line, give its parts separated by {SPLIT_SEPARATOR}"
                )
                continue
            correction["parts"] = parts
        elif action == "join":
            if index + 1 >= len(lines):
                problems.append(f"{where}: the last line has no next line to join")
                continue
            correction["next_text"] = lines[index + 1].text
        corrections.append(correction)
    return corrections, problems
