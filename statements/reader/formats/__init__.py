"""Bytes of a statement file to a `Document`. The format is decided from the bytes (PDF and ZIP
signatures, HTML and Markdown sniffing), the file name's extension only breaking ties."""

import re
from pathlib import PurePath

from ...sources import ImportProblem
from ..document import Document
from .text import LIST_MARKER, text_to_document

__all__ = ["LIST_MARKER", "sniff_format", "to_document"]

HTML_SIGNS = ("<!doctype html", "<html", "<head", "<body", "<meta ", "<article", "<main")
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
MARKDOWN_SNIFF_BYTES = 64 * 1024
MARKDOWN_SIGNS = (
    re.compile(r"^#{1,6} \S", re.MULTILINE),  # ATX heading
    re.compile(r"\]\((?:https?://|/|#)"),  # inline link
    re.compile(r"\*\*\S[^*\n]{0,200}\*\*"),  # bold
    re.compile(r"^\|?\s*:?-{3,}:?\s*\|", re.MULTILINE),  # table separator row
)


def sniff_format(data: bytes, filename: str) -> str:
    """'pdf' | 'docx' | 'html' | 'markdown' | 'text'."""
    extension = PurePath(filename).suffix.casefold()
    head = data[:4096]
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head[:4] == b"PK\x03\x04":
        return "docx"  # a ZIP: DOCX is the one we read; anything else is refused by that reader
    sample = head.lstrip(b"\xef\xbb\xbf \t\r\n").decode("utf-8", "ignore").casefold()
    if sample.startswith(("<!doctype html", "<html", "<?xml")) or (
        extension in HTML_EXTENSIONS and sample.startswith("<")
    ):
        return "html"
    if extension in HTML_EXTENSIONS and any(sign in sample for sign in HTML_SIGNS):
        return "html"
    if extension in MARKDOWN_EXTENSIONS or (
        sample.startswith("---\n") and extension not in {".txt", ".text"}
    ):
        return "markdown"
    if any(sign in sample[:600] for sign in ("<!doctype html", "<html", "<body")):
        return "html"
    if extension not in MARKDOWN_EXTENSIONS and _markdown_signs(data[:MARKDOWN_SNIFF_BYTES]) >= 2:
        return "markdown"  # a .txt that is Markdown: headings, links, bold, tables
    return "text"


def _markdown_signs(head: bytes) -> int:
    """How many kinds of Markdown syntax the start of a file uses."""
    text = head.decode("utf-8", "ignore")
    return sum(bool(pattern.search(text)) for pattern in MARKDOWN_SIGNS)


# Formats recognised by their first bytes only to say clearly that they are not read.
UNSUPPORTED = (
    (b"\xd0\xcf\x11\xe0", "a Word 97-2003 (.doc) file: save it as DOCX or PDF"),
    (b"{\\rtf", "an RTF file: save it as DOCX, PDF or plain text"),
    (b"\x89PNG", "an image (PNG): a statement needs its text; use the page or a PDF with text"),
    (b"\xff\xd8\xff", "an image (JPEG): a statement needs its text; use the page or a PDF"),
    (b"GIF8", "an image (GIF): a statement needs its text"),
)


def to_document(data: bytes, filename: str) -> Document:
    for signature, what in UNSUPPORTED:
        if data.startswith(signature):
            raise ImportProblem(filename, f"this is {what}")
    if data[:4] == b"PK\x03\x04" and b"application/vnd.oasis.opendocument" in data[:200]:
        raise ImportProblem(filename, "this is an OpenDocument file: save it as DOCX or PDF")
    source_format = sniff_format(data, filename)
    if source_format == "pdf":
        from .pdf import pdf_to_document

        return pdf_to_document(data, filename)
    if source_format == "docx":
        from .docx import docx_to_document

        return docx_to_document(data, filename)
    if source_format == "html":
        from .html import html_to_document

        return html_to_document(data, filename)
    if source_format == "markdown":
        from .markdown import markdown_to_document

        return markdown_to_document(data, filename)
    return text_to_document(data, filename)
