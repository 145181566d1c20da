"""Bytes of a statement file to a `Document`. The format is decided from the bytes (PDF and ZIP
signatures, HTML and Markdown sniffing), the file name's extension only breaking ties."""

from pathlib import PurePath

from ..document import Document
from .text import LIST_MARKER, text_to_document

__all__ = ["LIST_MARKER", "sniff_format", "to_document"]

HTML_SIGNS = ("<!doctype html", "<html", "<head", "<body", "<meta ", "<article", "<main")
MARKDOWN_EXTENSIONS = {".md", ".markdown", ".mdown", ".mkd"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}


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
    return "text"


def to_document(data: bytes, filename: str) -> Document:
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
