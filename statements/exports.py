"""Spreadsheet-safe exports. Every CSV/XLSX the site writes goes through `escape_formula`."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """OWASP CSV injection rule: a text cell starting with = + - @ tab or CR gets a leading '.

    Names come from public text, so "=HYPERLINK(…)" must reach a spreadsheet as text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
