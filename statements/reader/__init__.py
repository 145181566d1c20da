"""Reading statements as coalitions publish them: any format -> `Document` -> `ParsedStatement`.

Entry points (one code path for the command, the admin and the tests):
- `read_statement(data, filename, *, title=None, corrections=(), manifest=None)`: bytes of a file
  in any supported format to a `ParsedStatement` (raises `ImportProblem` on bad input);
- `formats.to_document(data, filename)`: bytes to `Document`;
- `reading.read_document(document, file, *, title=None, corrections=(), manifest=None)`.
"""

from ..sources import ImportProblem
from .document import Block, Document
from .formats import to_document
from .reading import read_document
from .result import ParsedSignatory, ParsedStatement, PreviewLine

__all__ = [
    "MAX_STATEMENT_BYTES",
    "Block",
    "Document",
    "ImportProblem",
    "ParsedSignatory",
    "ParsedStatement",
    "PreviewLine",
    "read_document",
    "read_statement",
    "to_document",
]

# Larger files are refused before they are read: the longest statements seen (thousands of
# signatories, embedded images in DOCX/PDF) stay well under it, and reading stays bounded.
MAX_STATEMENT_BYTES = 10 * 1024 * 1024


def read_statement(
    data: bytes,
    filename: str,
    *,
    title: str | None = None,
    corrections=(),
    manifest: dict | None = None,
) -> ParsedStatement:
    """Bytes of a statement in any supported format to a `ParsedStatement`; bad input raises
    `ImportProblem` naming the file (and line or page)."""
    if len(data) > MAX_STATEMENT_BYTES:
        raise ImportProblem(
            filename,
            f"the file is {len(data) / 1024 / 1024:.1f} MB; statements of at most "
            f"{MAX_STATEMENT_BYTES // 1024 // 1024} MB are read",
        )
    if not data.strip():
        raise ImportProblem(filename, "the file is empty")
    document = to_document(data, filename)
    return read_document(
        document, filename, title=title, corrections=corrections, manifest=manifest
    )
