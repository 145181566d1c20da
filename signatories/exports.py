"""Spreadsheet-safe exports. Every CSV/XLSX the site writes goes through `escape_formula`."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """OWASP CSV injection rule: a text cell starting with = + - @ tab or CR gets a leading '.

    Names come from public text, so "=HYPERLINK(…)" must reach a spreadsheet as text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_lines(header, rows, batch: int = 500):
    """CSV text in chunks of `batch` lines (header first), every cell formula-escaped.

    Rows may be lazy; chunks keep a streamed download from costing one socket write per row."""
    import csv

    writer = csv.writer(_Echo())
    chunk = ["\ufeff" + writer.writerow(header)]  # BOM: spreadsheets then read UTF-8 right
    for row in rows:
        chunk.append(writer.writerow([escape_formula(cell) for cell in row]))
        if len(chunk) >= batch:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
