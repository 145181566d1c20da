"""Bad statement files are refused with a message naming the file and the reason; nothing is
read from them. The reader's expressions run in linear time on hostile lines."""

import io
import time
import zipfile

import pytest
from fpdf import FPDF

from statements.reader import MAX_STATEMENT_BYTES, read_statement
from statements.reader.formats import docx as docx_format
from statements.sources import ImportProblem

from .statement_files import build_docx


def refused(data: bytes, name: str) -> str:
    with pytest.raises(ImportProblem) as problem:
        read_statement(data, name)
    message = str(problem.value)
    assert message.startswith(name)
    return message


def test_a_pdf_without_a_text_layer_is_refused_as_scanned():
    pdf = FPDF()
    pdf.add_page()  # a page with no text, as a scan without OCR
    assert "scanned PDF: no text to read" in refused(bytes(pdf.output()), "scan.pdf")


def test_a_password_protected_pdf_is_refused():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Joint statement")
    pdf.set_encryption(owner_password="owner", user_password="user")
    assert "password-protected PDF" in refused(bytes(pdf.output()), "locked.pdf")


def test_a_truncated_pdf_is_refused_as_broken():
    assert "broken PDF" in refused(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "cut.pdf")


def test_a_broken_docx_is_refused():
    data = build_docx(["Access Now"])
    assert "broken DOCX" in refused(data[: len(data) // 2], "cut.docx")


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("sheet.csv", "a,b\n")
    assert "broken DOCX" in refused(buffer.getvalue(), "table.docx")


def test_a_docx_that_unpacks_too_large_is_refused(monkeypatch):
    # the limit lowered to 1 MB so the test builds a small file; the check is the same
    monkeypatch.setattr(docx_format, "MAX_UNPACKED_BYTES", 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (docx_format.MAX_UNPACKED_BYTES + 1))
    assert len(buffer.getvalue()) < 10_000  # a few KB that would unpack past the limit
    assert "unpacks to 1 MB" in refused(buffer.getvalue(), "bomb.docx")


def test_an_html_page_with_no_text_is_refused():
    page = b"<html><head><title>x</title><script>var a = 1;</script></head><body><nav>Home</nav>"
    assert "has no text to read" in refused(page + b"</body></html>", "empty.html")


def test_a_file_over_the_size_limit_is_refused_before_reading():
    data = b"Title\n\n" + b"Access Now\n" * (MAX_STATEMENT_BYTES // 11 + 1)
    message = refused(data, "huge.txt")
    assert "at most 10 MB" in message


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "the file is empty"),
        (b"  \n\n ", "the file is empty"),
        (b"Title\n\nAcme \x00 Org\n", "binary file"),
        (b"Title\n\nCaf\xe9 Org\n", "not valid UTF-8"),
    ],
)
def test_todays_text_cases_keep_their_messages(data, reason):
    assert reason in refused(data, "statement.txt")


def test_a_name_longer_than_a_name_can_be_is_refused_with_its_line():
    data = ("Title\n\nSigned by:\nAccess Now\nAcme" + "-Org" * 80 + "\n").encode()
    message = refused(data, "long.txt")
    assert "line 5" in message and "characters long" in message


HOSTILE_LINES = {
    "spaces": b" " * 1_000_000 + b"x",
    "dashes": b"-" * 1_000_000,
    "spaced dashes": b"A" + b" -  " * 250_000,
    "full stops": b". " * 500_000,
    "middots": b"a \xc2\xb7 " * 200_000,
    "commas": b"Jane Doe" + b", " * 500_000,
    "dates": b"12 May " * 140_000,
}


@pytest.mark.parametrize("extension", ["txt", "md", "html"])
@pytest.mark.parametrize("shape", sorted(HOSTILE_LINES))
def test_a_one_megabyte_line_is_read_in_under_a_second(shape, extension):
    data = b"Title\n\nSigned by:\n" + HOSTILE_LINES[shape] + b"\nAccess Now\n"
    if extension == "html":
        data = b"<html><body><p>" + data.replace(b"\n", b"<br>") + b"</p></body></html>"
    started = time.process_time()
    try:
        read_statement(data, f"hostile.{extension}")
    except ImportProblem:
        pass  # refusing it is as good as reading it, as long as it is quick
    assert time.process_time() - started < 1.0


@pytest.mark.parametrize(
    "data, name, reason",
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.doc", "Word 97-2003"),
        (b"{\\rtf1\\ansi Joint statement}", "letter.rtf", "RTF file"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "scan.png", "an image (PNG)"),
        (
            b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text",
            "a.odt",
            "OpenDocument",
        ),
    ],
)
def test_formats_that_are_not_read_are_named(data, name, reason):
    assert reason in refused(data, name)
