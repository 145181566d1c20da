"""PDFs with a text layer, read with pypdfium2 (PDFium): one block per text line, with its page
and line number; a wider gap between lines starts a paragraph and a larger font makes a heading.
PDFium returns right-to-left text (Arabic) in logical order. A PDF without a text layer (a scan)
or with a password is refused with a message saying so."""

import ctypes
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from ...sources import ImportProblem
from ..document import HEADING, ITEM, LINE, ROW, Block, Document
from .text import split_marker

# Distance between two lines, in font sizes, from which a new paragraph starts: text is set at
# 1.15-1.45 times its size; paragraph spacing adds half a line or more.
PARAGRAPH_GAP = 1.6
HEADING_LINE_REACH = 2.0  # a heading's second line is at most this many sizes below its first
HEADING_SIZE = 1.25  # font size, in median sizes, from which a line is a heading
MAX_PAGES = 500  # statements are short; a longer PDF is refused rather than read for minutes
GENERATED_TITLES = ("microsoft word - ", "untitled", "document")
RTL = re.compile(r"[\u0590-\u08ff]")
TRAILING_MARKER = re.compile(r"\s(?P<marker>[•·▪◦●\-–—*])$")
# "Page 3", "3 / 12", "- 3 -", "Seite 3 von 12": page numbers are not content.
PAGE_NUMBER = re.compile(
    r"^(?:(?:page|seite|página|pagina|strona|stranica|sayfa|صفحة)\s*)?[-–—]?\s*\d{1,4}"
    r"(?:\s*(?:/|of|von|de|z|od)\s*\d{1,4})?\s*[-–—]?$",
    re.IGNORECASE,
)
DIGITS = re.compile(r"\d+")
BLANKS = re.compile(r"\s+")
COLUMN_GAP = 1.5  # a blank wider than this many type sizes separates table columns
TABLE_LINE_REACH = 3.0  # a table's next line is at most this many type sizes below the last
ALIGN = 3  # points: a line starting this close to a column's left edge belongs to it
ROW_GAP = 1.25  # lines closer than this many type sizes are one table row (a wrapped cell)
FURNITURE_LINES = 2  # lines at the top and bottom of a page that may be running heads/feet


def _open(data: bytes, filename: str):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).casefold()
        if "password" in message:
            raise ImportProblem(
                filename, "password-protected PDF: remove the password and import it again"
            ) from None
        raise ImportProblem(filename, f"broken PDF: it cannot be opened ({error})") from None


@dataclass
class _Line:
    text: str
    y: float | None  # bottom of the line's first character (loose box)
    size: float | None  # font size of its first character
    x: float | None = None  # left edge of its first character
    segments: list[tuple[float, str]] = field(default_factory=list)  # (x, text) per column
    cells: tuple[str, ...] = ()  # a rebuilt table row


def _char_box(textpage, index: int, box) -> tuple[float, float, float, float]:
    left, right, bottom, top = box
    if not pdfium_raw.FPDFText_GetCharBox(textpage.raw, index, left, right, bottom, top):
        raise IndexError(index)
    return left.value, right.value, bottom.value, top.value


def _segments(textpage, raw_line: str, start: int, size: float, box) -> list[tuple[float, str]]:
    """The line cut where PDFium had to insert a blank between two pieces of text set more
    than COLUMN_GAP type sizes apart: table cells and tab-aligned columns."""
    cuts, position = [], 0
    lead = len(raw_line) - len(raw_line.lstrip())
    for match in BLANKS.finditer(raw_line, lead):
        if match.end() >= len(raw_line.rstrip()):
            break
        if not any(
            pdfium_raw.FPDFText_IsGenerated(textpage.raw, start + offset) == 1
            for offset in range(match.start(), match.end())
        ):
            continue  # a space the text itself prints (justified text), not a gap between cells
        try:
            before_right = _char_box(textpage, start + match.start() - 1, box)[1]
            after_left = _char_box(textpage, start + match.end(), box)[0]
        except IndexError:
            continue
        if after_left - before_right > COLUMN_GAP * size:
            cuts.append((position, match.start(), match.end()))
            position = match.end()
    if not cuts:
        return []
    pieces, begin = [], lead
    for _, cut_start, cut_end in cuts:
        pieces.append((begin, raw_line[begin:cut_start]))
        begin = cut_end
    pieces.append((begin, raw_line[begin:]))
    segments = []
    for offset, piece in pieces:
        try:
            x = _char_box(textpage, start + offset, box)[0]
        except IndexError:
            x = 0.0
        segments.append((x, piece.strip()))
    return segments


ALEF_LAM = re.compile(r"[اأإآ]ل")


def _lam_alef(textpage, raw_line: str, start: int, box) -> str:
    """PDFium gives the lam-alef ligature (one glyph for "لا", "لإ", …) as alef then lam: the
    two letters of one glyph share one box, which tells them from a real alef-lam ("إلى")."""
    chars = list(raw_line)
    for match in ALEF_LAM.finditer(raw_line):
        index = match.start()
        try:
            same = _char_box(textpage, start + index, box) == _char_box(
                textpage, start + index + 1, box
            )
        except IndexError:
            continue
        if same:
            chars[index], chars[index + 1] = chars[index + 1], chars[index]
    return "".join(chars)


def _page_lines(page) -> list[_Line]:
    """Every text line of a page in reading order, with its position, type size and columns."""
    textpage = page.get_textpage()
    box = tuple(ctypes.c_double() for _ in range(4))
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range()
        aligned = len(text) == count
        separator = 2 if "\r\n" in text else 1
        lines = []
        offset = 0
        for raw_line in text.replace("\r\n", "\n").split("\n"):
            start = offset
            offset += len(raw_line) + separator
            if aligned and ALEF_LAM.search(raw_line):
                raw_line = _lam_alef(textpage, raw_line, start, box)
            stripped = raw_line.strip()
            if not stripped:
                continue
            line = _Line(stripped, None, None)
            if aligned:
                first = start + (len(raw_line) - len(raw_line.lstrip()))
                try:
                    left, _, bottom, _ = _char_box(textpage, first, box)
                    line.x, line.y = left, bottom
                    line.size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, first) or None
                    if line.size:
                        line.segments = _segments(textpage, raw_line, start, line.size, box)
                except IndexError:
                    pass
            lines.append(line)
        return _rebuild_tables(lines)
    finally:
        textpage.close()


def _aligned(x: float, columns: list[float]) -> bool:
    return any(abs(x - column) <= ALIGN for column in columns)


def _in_columns(line: _Line, columns: list[float]) -> list[tuple[float, str]]:
    """The line's pieces by table column: a wide blank that does not reach a column's edge is
    justified text inside a cell, so the words around it stay together."""
    pieces: list[tuple[float, str]] = []
    for x, text in line.segments or [(line.x, line.text)]:
        if pieces and not _aligned(x, columns):
            pieces[-1] = (pieces[-1][0], f"{pieces[-1][1]} {text}")
        else:
            pieces.append((x, text))
    return pieces


def _rebuild_tables(lines: list[_Line]) -> list[_Line]:
    """Runs of lines that share column edges become table rows: a cell wrapped on several lines
    (and a cell set beside it, vertically centred) are gathered by position into one row. A
    table needs two lines with the same columns, so one stretched line of justified text is not
    one."""
    result: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if len(line.segments) < 2 or line.y is None or not line.size:
            result.append(line)
            index += 1
            continue
        columns = [x for x, _ in line.segments]
        region = [line]
        shared = False
        probe = index + 1
        while probe < len(lines):
            candidate = lines[probe]
            if candidate.y is None or candidate.x is None or not candidate.size:
                break
            near = abs(region[-1].y - candidate.y) <= TABLE_LINE_REACH * candidate.size
            pieces = _in_columns(candidate, columns)
            if not near or not _aligned(pieces[0][0], columns):
                break
            shared = shared or any(_aligned(x, columns[1:]) for x, _ in pieces)
            region.append(candidate)
            probe += 1
        if not shared:
            result.append(line)
            index += 1
            continue
        index = probe
        region.sort(key=lambda item: -item.y)
        rows: list[list[_Line]] = []
        for item in region:
            if rows and abs(rows[-1][-1].y - item.y) <= ROW_GAP * item.size:
                rows[-1].append(item)
            else:
                rows.append([item])
        for row in rows:
            cells = ["" for _ in columns]
            for item in row:
                for x, piece in _in_columns(item, columns):
                    column = min(range(len(columns)), key=lambda c: abs(columns[c] - x))
                    cells[column] = f"{cells[column]} {piece}".strip()
            top = row[0]
            result.append(_Line(" | ".join(cells), top.y, top.size, top.x, cells=tuple(cells)))
    return result


def _page_furniture(pages: list[list[_Line]]) -> set[tuple[int, int]]:
    """(page, line) of running heads and feet among the lines at a page's top and bottom: page
    numbers ("3", "Page 3 of 12"), lines that print their own page's number ("Page 1 — Letter"),
    and lines repeated word for word on at least half of the pages."""
    edges: dict[tuple[int, int], str] = {}
    for page_number, lines in enumerate(pages, 1):
        count = len(lines)
        top = range(1, min(FURNITURE_LINES, count) + 1)
        bottom = range(max(count - FURNITURE_LINES + 1, 1), count + 1)
        for line_number in {*top, *bottom}:
            edges[(page_number, line_number)] = lines[line_number - 1].text
    repeated = Counter(edges.values())
    furniture = set()
    for (page_number, line_number), text in edges.items():
        numbers = {int(number) for number in DIGITS.findall(text)}
        if (
            PAGE_NUMBER.match(text)
            or (len(pages) > 1 and page_number in numbers and len(text.split()) <= 12)
            or (len(pages) > 1 and repeated[text] * 2 >= len(pages) and repeated[text] > 1)
        ):
            furniture.add((page_number, line_number))
    return furniture


def pdf_to_document(data: bytes, filename: str) -> Document:
    pdf = _open(data, filename)
    try:
        if len(pdf) > MAX_PAGES:
            raise ImportProblem(filename, f"the PDF has {len(pdf)} pages (at most {MAX_PAGES})")
        pages = []
        for number in range(len(pdf)):
            page = pdf[number]
            try:
                pages.append(_page_lines(page))
            finally:
                page.close()
        metadata_raw = pdf.get_metadata_dict(skip_empty=True)
    finally:
        pdf.close()
    if not any(pages):
        raise ImportProblem(
            filename, "scanned PDF: no text to read (it has no text layer; run OCR first)"
        )
    sizes = [line.size for lines in pages for line in lines if line.size]
    median_size = statistics.median(sizes) if sizes else 0
    furniture = _page_furniture(pages)
    blocks: list[Block] = []
    for page_number, lines in enumerate(pages, 1):
        previous_y = previous_size = None
        for line_number, line in enumerate(lines, 1):
            text, y, size = line.text, line.y, line.size
            if (page_number, line_number) in furniture:
                continue
            if line.cells:
                blocks.append(
                    Block(
                        kind=ROW,
                        text=unicodedata.normalize("NFC", text),
                        line=line_number,
                        page=page_number,
                        cells=tuple(unicodedata.normalize("NFC", c) for c in line.cells),
                        gap_before=True,
                    )
                )
                previous_y, previous_size = y, size
                continue
            gap = line_number == 1
            if previous_y is not None and y is not None and size:
                gap = gap or abs(previous_y - y) > PARAGRAPH_GAP * max(size, previous_size or 0)
            if previous_size and size and abs(size - previous_size) > 0.5:
                gap = True  # a change of type size: a footnote, a caption, a heading
            text = unicodedata.normalize("NFC", text)
            heading = bool(median_size and size and size >= HEADING_SIZE * median_size)
            if (
                heading
                and blocks
                and blocks[-1].kind == HEADING
                and blocks[-1].page == page_number
                and previous_size == size
                and not (
                    previous_y is not None
                    and y is not None
                    and abs(previous_y - y) > HEADING_LINE_REACH * size
                )
            ):
                # a heading set on two lines is one heading
                last = blocks.pop()
                blocks.append(replace(last, text=f"{last.text} {text}"))
                previous_y, previous_size = y, size
                continue
            previous_y, previous_size = y, size
            marker, rest = split_marker(text)
            if not marker and RTL.search(text):
                # right-to-left lines come out with their bullet last ("الاسم •")
                trailing = TRAILING_MARKER.search(text)
                if trailing:
                    marker, rest = trailing["marker"], text[: trailing.start()]
            kind = HEADING if heading else (ITEM if marker else LINE)
            blocks.append(
                Block(
                    kind=kind,
                    text=rest.strip() if marker and not heading else text,
                    line=line_number,
                    page=page_number,
                    level=1 if heading else 0,
                    marker=marker if not heading else "",
                    gap_before=gap or heading,
                )
            )
    metadata = {}
    title = (metadata_raw.get("Title") or "").strip()
    if (
        title
        and not title.casefold().startswith(GENERATED_TITLES)
        and not title.casefold().endswith((".doc", ".docx", ".pdf", ".odt"))
    ):
        metadata["fallback_title"] = unicodedata.normalize("NFC", title)
    if (metadata_raw.get("Author") or "").strip():
        metadata["author"] = metadata_raw["Author"].strip()
    return Document(blocks=blocks, source_format="pdf", metadata=metadata)
