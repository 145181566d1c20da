"""PDFs with a text layer, read with pypdfium2 (PDFium): one block per text line, with its page
and line number; a wider gap between lines starts a paragraph and a larger font makes a heading.
PDFium returns right-to-left text (Arabic) in logical order. A PDF without a text layer (a scan)
or with a password is refused with a message saying so."""

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from ...sources import ImportProblem
from ..document import HEADING, ITEM, LINE, Block, Document
from .text import split_marker

# Distance between two lines, in font sizes, from which a new paragraph starts: text is set at
# 1.15-1.45 times its size; paragraph spacing adds half a line or more.
PARAGRAPH_GAP = 1.6
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


def _page_lines(page) -> list[tuple[str, float | None, float | None]]:
    """(line text, baseline y, font size) for every text line of a page, top to bottom."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        text = textpage.get_text_range()
        aligned = len(text) == count
        lines = []
        offset = 0
        for raw_line in text.replace("\r\n", "\n").split("\n"):
            start = offset
            offset += len(raw_line) + (2 if aligned and "\r\n" in text else 1)
            stripped = raw_line.strip()
            if not stripped:
                continue
            y = size = None
            if aligned:
                first = start + (len(raw_line) - len(raw_line.lstrip()))
                try:
                    _, bottom, _, _ = textpage.get_charbox(first, loose=True)
                    y = bottom
                    size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, first)
                except (pdfium.PdfiumError, IndexError):
                    y = size = None
            lines.append((stripped, y, size))
        return lines
    finally:
        textpage.close()


def _page_furniture(pages) -> set[tuple[int, int]]:
    """(page, line) of running heads and feet: page numbers, and the lines at the top or bottom
    of a page that recur (digits aside) on other pages."""
    edges: dict[tuple[int, int], str] = {}
    for page_number, lines in enumerate(pages, 1):
        count = len(lines)
        for line_number in {
            *range(1, min(FURNITURE_LINES, count) + 1),
            *range(max(count - FURNITURE_LINES + 1, 1), count + 1),
        }:
            edges[(page_number, line_number)] = DIGITS.sub("#", lines[line_number - 1][0])
    recurring = Counter(edges.values())
    return {
        where
        for where, shape in edges.items()
        if PAGE_NUMBER.match(pages[where[0] - 1][where[1] - 1][0])
        or (len(pages) > 1 and recurring[shape] > 1 and "#" in shape)
    }


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
    sizes = [size for lines in pages for _, _, size in lines if size]
    median_size = statistics.median(sizes) if sizes else 0
    furniture = _page_furniture(pages)
    blocks: list[Block] = []
    for page_number, lines in enumerate(pages, 1):
        previous_y = previous_size = None
        for line_number, (text, y, size) in enumerate(lines, 1):
            if (page_number, line_number) in furniture:
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
                    and abs(previous_y - y) > PARAGRAPH_GAP * size
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
