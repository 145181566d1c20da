"""Reading statements as coalitions publish them: any format -> `Document` -> `ParsedStatement`.

Entry points (one code path for the command, the admin and the tests):
- `read_statement(data, filename, *, title=None, corrections=(), manifest=None)`: bytes of a file
  in any supported format to a `ParsedStatement` (raises `ImportProblem` on bad input);
- `formats.to_document(data, filename)`: bytes to `Document`;
- `reading.read_document(document, file, *, title=None, corrections=(), manifest=None)`.
"""
