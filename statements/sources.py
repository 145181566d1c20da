"""Reading import files: bytes to text with clear errors. Shared by the text and CSV importers."""

import codecs
import datetime
from pathlib import Path


class ImportProblem(Exception):
    """Bad input. The message names the file, the line or row where there is one, and the reason."""

    def __init__(self, file: str, reason: str, line: int | None = None, *, where: str = "line"):
        self.file = str(file)
        self.reason = reason
        self.line = line
        location = f"{self.file}, {where} {line}" if line is not None else self.file
        super().__init__(f"{location}: {reason}")


def decode_bytes(data: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) and UTF-16 with BOM are accepted; anything else is refused."""
    if not data.strip():
        raise ImportProblem(file, "the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        encoding, data = "utf-8", data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8"
        if b"\x00" in data:
            raise ImportProblem(
                file,
                "this looks like a binary file (it contains NUL bytes), not a text or CSV file",
            )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise ImportProblem(
            file,
            f"the bytes are not valid {encoding.upper()} (byte 0x{data[error.start]:02x} at offset "
            f"{error.start}); save the file as UTF-8 or as UTF-16 with a byte-order mark",
            line,
        ) from None
    if "\x00" in text:
        raise ImportProblem(file, "this looks like a binary file (it contains NUL characters)")
    if not text.strip():
        raise ImportProblem(file, "the file is empty")
    return text


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem(str(path), "no such file") from None
    except IsADirectoryError:
        raise ImportProblem(str(path), "this is a folder, not a file") from None
    except OSError as error:
        raise ImportProblem(str(path), f"cannot read the file ({error.strerror})") from None
    return decode_bytes(data, str(path))


def parse_date(value: str, file: str, line: int | None = None) -> tuple[datetime.date, str]:
    """'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (a CSV cell, a manifest entry) to (date, precision)."""
    value = value.strip()
    formats = (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year"))
    for fmt, precision in formats:
        try:
            return datetime.datetime.strptime(value, fmt).date(), precision
        except ValueError:
            continue
    raise ImportProblem(file, f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY", line)
