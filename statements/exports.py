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


def csv_lines(header, rows):
    """CSV text line by line (header first), every cell formula-escaped; rows may be lazy."""
    import csv

    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)  # BOM: spreadsheets then read UTF-8 (Arabic) right
    for row in rows:
        yield writer.writerow([escape_formula(cell) for cell in row])
