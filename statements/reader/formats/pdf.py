"""PDFs with a text layer, read with pypdfium2 (PDFium): one block per text line, with its page
and line number; a wider gap between lines starts a paragraph and a larger font makes a heading.
PDFium returns right-to-left text (Arabic) in logical order. A PDF without a text layer (a scan)
or with a password is refused with a message saying so."""

import statistics
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from ...sources import ImportProblem
from ..document import HEADING, ITEM, LINE, Block, Document
from .text import split_marker

PARAGRAPH_GAP = 1.5  # baseline distance, in median line distances, that starts a paragraph
HEADING_SIZE = 1.25  # font size, in median sizes, from which a line is a heading
MAX_PAGES = 500  # statements are short; a longer PDF is refused rather than read for minutes
GENERATED_TITLES = ("microsoft word - ", "untitled", "document")


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
                    _, bottom, _, _ = textpage.get_charbox(first)
                    y = bottom
                    size = pdfium_raw.FPDFText_GetFontSize(textpage.raw, first)
                except (pdfium.PdfiumError, IndexError):
                    y = size = None
            lines.append((stripped, y, size))
        return lines
    finally:
        textpage.close()


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
    blocks: list[Block] = []
    for page_number, lines in enumerate(pages, 1):
        distances = [
            abs(a[1] - b[1])
            for a, b in zip(lines, lines[1:], strict=False)
            if a[1] is not None and b[1] is not None and a[1] != b[1]
        ]
        step = statistics.median(distances) if distances else 0
        previous_y = None
        for line_number, (text, y, size) in enumerate(lines, 1):
            gap = line_number == 1
            if previous_y is not None and y is not None and step:
                gap = gap or abs(previous_y - y) > PARAGRAPH_GAP * step
            previous_y = y
            text = unicodedata.normalize("NFC", text)
            heading = bool(median_size and size and size >= HEADING_SIZE * median_size)
            marker, rest = split_marker(text)
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
