"""Each format becomes the same reading: the statement built as text, Markdown, HTML, DOCX and
PDF gives the same title, date and signatories; what only one format has (front matter, page
furniture, Word numbering and tables, PDF headings, tables and running feet) is read too."""

import datetime
import io

import pytest
from docx import Document as WordDocument
from fpdf import FPDF

from statements.reader import read_statement
from statements.reader.formats import sniff_format, to_document
from statements.reader.result import PERSON

from .statement_files import BUILDERS, UNICODE_FONT, build_docx, build_html

NAMES = [
    "Access Now",
    "ARTICLE 19",
    "Fundación Karisma, Colombia",
    "S.T.O.P. – Surveillance Technology Oversight Project",
    "Jane Doe, Professor of Law, University of Somewhere",
    "Dr. Peter Burdon",
    "SMEX (Lebanon)",
]


@pytest.mark.parametrize("extension", sorted(BUILDERS))
def test_every_format_reads_the_same_statement(extension):
    parsed = read_statement(BUILDERS[extension](NAMES), f"statement.{extension}")
    assert parsed.source_format == sniff_format(BUILDERS[extension](NAMES), f"s.{extension}")
    assert parsed.title == "Joint statement on the protection of journalists"
    assert parsed.published_on == datetime.date(2022, 5, 12)
    assert [s.name for s in parsed.signatories] == NAMES
    by_name = {s.name: s for s in parsed.signatories}
    assert by_name["Fundación Karisma, Colombia"].country == "CO"
    assert by_name["Jane Doe, Professor of Law, University of Somewhere"].kind == PERSON
    assert "press@example.org" not in {s.name for s in parsed.signatories}


def test_the_format_is_decided_from_the_bytes_not_the_extension():
    assert sniff_format(build_html(NAMES), "statement.txt") == "html"
    assert sniff_format(build_docx(NAMES), "statement.bin") == "docx"
    assert sniff_format(b"%PDF-1.7\n...", "statement.txt") == "pdf"
    assert sniff_format(b"---\ntitle: X\n---\n# X\n", "statement") == "markdown"
    assert sniff_format(b"Title\n\n- Access Now\n", "statement.txt") == "text"


def test_markdown_front_matter_gives_title_date_and_publisher():
    data = (
        b"---\ntitle: Stop the spyware trade\ndate: 2023-03-30\npublisher: Access Now\n---\n\n"
        b"Governments must stop buying spyware.\n\n**Signed by:**\n\n"
        b"* [Access Now](https://www.accessnow.org)\n* *Amnesty International*\n"
        b"* SMEX &amp; partners\n"
    )
    parsed = read_statement(data, "spyware.md")
    assert parsed.title == "Stop the spyware trade"
    assert parsed.published_on == datetime.date(2023, 3, 30)
    assert parsed.publisher == "Access Now"
    assert [s.name for s in parsed.signatories] == [
        "Access Now",
        "Amnesty International",
        "SMEX & partners",
    ]
    cue = next(line for line in parsed.lines if line.label == "cue")
    assert cue.text == "Signed by:" and cue.line == 9


def test_markdown_table_reads_the_name_and_country_columns():
    data = (
        b"# Climate letter\n\nWe ask for action.\n\n## Signatories\n\n"
        b"| # | Organisation | Country |\n|---|---|---|\n"
        b"| 1 | Friends of the Earth | Netherlands |\n| 2 | Natural Justice | South Africa |\n"
    )
    parsed = read_statement(data, "climate.md")
    assert [(s.name, s.country) for s in parsed.signatories] == [
        ("Friends of the Earth", "NL"),
        ("Natural Justice", "ZA"),
    ]


def test_html_page_furniture_is_not_content():
    parsed = read_statement(build_html(NAMES), "page.html")
    names = {s.name for s in parsed.signatories}
    assert not names & {"Home", "About us", "News", "Another Statement", "Privacy", "Imprint"}
    assert "Signed by: nobody" not in parsed.body  # script text
    assert "Related posts" not in parsed.body


def test_html_lines_split_at_br_and_entities_decoded():
    data = (
        b"<html><body><h2>Open letter</h2><p>We write to you.</p><p><b>Signed:</b></p>"
        b"<p>Derechos Digitales<br>Bits of Freedom<br/>Fight for the Future &amp; friends</p>"
        b"</body></html>"
    )
    parsed = read_statement(data, "letter.html")
    assert parsed.title == "Open letter"
    assert [s.name for s in parsed.signatories] == [
        "Derechos Digitales",
        "Bits of Freedom",
        "Fight for the Future & friends",
    ]


def test_docx_table_with_a_country_column():
    names = ["Global Witness, United Kingdom", "Earthjustice, United States", "Natural Justice"]
    parsed = read_statement(build_docx(names, table=True), "table.docx")
    assert [(s.name, s.country) for s in parsed.signatories] == [
        ("Global Witness", "GB"),
        ("Earthjustice", "US"),
        ("Natural Justice", ""),
    ]


def test_docx_numbered_paragraphs_are_items_with_their_number():
    document = to_document(build_docx(NAMES), "numbered.docx")
    items = [block for block in document.blocks if block.kind == "item"]
    assert [item.marker for item in items[:3]] == ["1.", "2.", "3."]
    assert document.blocks[0].kind == "heading"


def test_docx_line_breaks_split_a_paragraph_into_lines(tmp_path):
    word = WordDocument()
    word.add_heading("Joint letter", level=1)
    word.add_paragraph("We ask for the release of all detained journalists.")
    word.add_paragraph("Signatories:")
    paragraph = word.add_paragraph("Index on Censorship")
    paragraph.add_run().add_break()
    paragraph.add_run("PEN International")
    path = tmp_path / "breaks.docx"
    word.save(path)
    parsed = read_statement(path.read_bytes(), "breaks.docx")
    assert [s.name for s in parsed.signatories] == ["Index on Censorship", "PEN International"]


def _pdf(lines_by_page, *, sizes=None):
    pdf = FPDF()
    pdf.add_font("Body", "", str(UNICODE_FONT))
    for lines in lines_by_page:
        pdf.add_page()
        for text, size in lines:
            pdf.set_font("Body", size=size)
            right_to_left = any("\u0600" <= ch <= "\u06ff" for ch in text)
            pdf.set_text_shaping(True, direction="rtl" if right_to_left else "ltr")
            align = "R" if right_to_left else "L"
            pdf.cell(0, size * 0.6, text, new_x="LMARGIN", new_y="NEXT", align=align)
    return bytes(pdf.output())


needs_font = pytest.mark.skipif(not UNICODE_FONT.exists(), reason="no Unicode TTF font here")


@needs_font
def test_pdf_title_by_type_size_and_list_across_pages_without_running_feet():
    first = [
        ("A letter on press freedom", 18),
        ("", 11),
        ("We write to you.", 11),
        ("Signed by:", 11),
        *[(f"Organisation {n} for Press Freedom", 11) for n in "ABC"],
        ("Page 1 of 2", 9),
    ]
    second = [*[(f"Organisation {n} for Press Freedom", 11) for n in "DEF"], ("Page 2 of 2", 9)]
    parsed = read_statement(_pdf([first, second]), "letter.pdf")
    assert parsed.title == "A letter on press freedom"
    assert [s.name.split()[1] for s in parsed.signatories] == list("ABCDEF")
    assert parsed.signatories[3].page == 2


@needs_font
def test_pdf_arabic_comes_out_in_logical_order_with_its_lam_alef_ligatures():
    lines = [
        ("بيان مشترك", 18),
        ("", 11),
        ("نطالب بالإفراج عن المعتقلين.", 11),
        ("الموقعون:", 11),
        ("مركز القاهرة لدراسات حقوق الإنسان", 11),
        ("الشبكة العربية لمعلومات حقوق الإنسان", 11),
        ("منظمة القسط لحقوق الإنسان", 11),
        ("مبادرة الطريق إلى العدالة", 11),
    ]
    parsed = read_statement(_pdf([lines]), "bayan.pdf")
    assert [s.name for s in parsed.signatories] == [
        "مركز القاهرة لدراسات حقوق الإنسان",
        "الشبكة العربية لمعلومات حقوق الإنسان",
        "منظمة القسط لحقوق الإنسان",
        "مبادرة الطريق إلى العدالة",  # a real alef-lam ("إلى") is not a ligature
    ]


@needs_font
def test_pdf_table_columns_become_name_and_country():
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Body", "", str(UNICODE_FONT))
    pdf.set_font("Body", size=16)
    pdf.cell(0, 10, "Joint NGO statement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", size=10)
    pdf.cell(0, 8, "Supported by:", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(120, 60), first_row_as_headings=False) as table:
        for name, country in [
            ("Organisation", "Country"),
            ("Global Witness", "United Kingdom"),
            ("Legal Resources Centre", "South Africa"),
            ("Greenpeace International", "Netherlands"),
        ]:
            row = table.row()
            row.cell(name)
            row.cell(country)
    parsed = read_statement(bytes(pdf.output()), "table.pdf")
    assert [(s.name, s.country) for s in parsed.signatories] == [
        ("Global Witness", "GB"),
        ("Legal Resources Centre", "ZA"),
        ("Greenpeace International", "NL"),
    ]


@needs_font
def test_pdf_names_set_in_two_columns_are_read_row_by_row():
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Body", "", str(UNICODE_FONT))
    pdf.set_font("Body", size=16)
    pdf.cell(0, 10, "Joint statement", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", size=11)
    pdf.cell(0, 8, "We call for peace.", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "Signatories:", new_x="LMARGIN", new_y="NEXT")
    for left, right in [
        ("Access Now", "Amnesty International"),
        ("ARTICLE 19", "Human Rights Watch"),
        ("SMEX", "Privacy International"),
    ]:
        pdf.cell(90, 7, left)
        pdf.cell(90, 7, right, new_x="LMARGIN", new_y="NEXT")
    parsed = read_statement(bytes(pdf.output()), "two-columns.pdf")
    assert [s.name for s in parsed.signatories] == [
        "Access Now",
        "Amnesty International",
        "ARTICLE 19",
        "Human Rights Watch",
        "SMEX",
        "Privacy International",
    ]


def test_an_html_page_without_a_heading_takes_its_title_without_the_site_name():
    data = (
        b"<html><head><title>Stop internet shutdowns during elections | Access Now</title>"
        b'<meta property="og:site_name" content="Access Now"></head><body><div>'
        b"<p>We, the undersigned organisations, call on governments to keep the internet on "
        b"during elections, and to refrain from throttling.</p><p>Signed by:</p>"
        b"<ul><li>Paradigm Initiative</li><li>CIPESA</li></ul></div></body></html>"
    )
    parsed = read_statement(data, "shutdowns.html")
    assert parsed.title == "Stop internet shutdowns during elections"
    assert [s.name for s in parsed.signatories] == ["Paradigm Initiative", "CIPESA"]


@pytest.mark.parametrize(
    "head, encoding",
    [("", "utf-8"), ("", "cp1252"), ('<meta charset="iso-8859-1">', "iso-8859-1")],
)
def test_html_bytes_are_decoded_as_a_browser_would(head, encoding):
    page = (
        f"<html><head>{head}</head><body><h1>Lettre ouverte</h1><p>Nous demandons la paix.</p>"
        "<p>Signataires :</p><ul><li>Agnès Callamard</li><li>Ligue des droits de l’Homme</li>"
        "</ul></body></html>"
    )
    if encoding != "utf-8":
        page = page.replace("’", "'")
    parsed = read_statement(page.encode(encoding), "lettre.html")
    assert parsed.signatories[0].name == "Agnès Callamard"


def test_docx_content_controls_are_read_in_place():
    import copy

    from docx.oxml import OxmlElement

    word = WordDocument()
    word.add_heading("Joint letter", level=1)
    word.add_paragraph("We ask for the release of all detained journalists.")
    signed = word.add_paragraph("Signed by:")
    names = [word.add_paragraph(name) for name in ("Index on Censorship", "PEN International")]
    control, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    control.append(content)
    signed._p.addnext(control)
    for paragraph in names:
        content.append(copy.deepcopy(paragraph._p))
        paragraph._p.getparent().remove(paragraph._p)
    buffer = io.BytesIO()
    word.save(buffer)
    parsed = read_statement(buffer.getvalue(), "template.docx")
    assert [s.name for s in parsed.signatories] == ["Index on Censorship", "PEN International"]


def test_a_text_file_that_is_markdown_is_read_as_markdown():
    data = (
        b"Open letter to Amazon\n\nWe ask Amazon to stop selling facial recognition.\n\n"
        b"### Signatories\n\n* [Fight for the Future](https://fightforthefuture.org)\n"
        b"* **Access Now**\n* *Privacy International*\n"
    )
    parsed = read_statement(data, "letter.txt")
    assert parsed.source_format == "markdown"
    assert [s.name for s in parsed.signatories] == [
        "Fight for the Future",
        "Access Now",
        "Privacy International",
    ]


def test_web_copy_residue_in_text_is_not_a_name():
    data = (
        b"Letter\n\nWe ask.\n\nSigned by:<br>\nAccess Now<br>\nAT&amp;T Workers Union<br>\n"
        b"</div>\n<?php get_footer(); ?>\n"
    )
    parsed = read_statement(data, "copy.txt")
    assert parsed.source_format == "text"
    assert [s.name for s in parsed.signatories] == ["Access Now", "AT&T Workers Union"]


def test_the_heading_the_page_title_repeats_is_the_title_not_the_logo():
    data = (
        b"<html><head><title>Stop the spyware trade now | Access Now</title></head><body>"
        b'<div class="logo"><h1>Access Now</h1></div><div><h2>Stop the spyware trade now</h2>'
        b"<p>Governments must stop buying spyware.</p><p>Signed by:</p>"
        b"<ul><li>SMEX</li><li>R3D</li></ul></div></body></html>"
    )
    parsed = read_statement(data, "spyware.html")
    assert parsed.title == "Stop the spyware trade now"


def test_a_list_of_links_after_the_names_is_not_signatories():
    data = (
        b"<html><body><main><h1>Joint letter</h1><p>We ask for action.</p><p>Signed by:</p>"
        b"<ul><li>Access Now</li><li>SMEX</li><li>R3D</li></ul>"
        b'<ul><li><a href="/a">Earlier letter on spyware</a></li>'
        b'<li><a href="/b">Our statement on shutdowns</a></li></ul></main></body></html>'
    )
    parsed = read_statement(data, "links.html")
    assert [s.name for s in parsed.signatories] == ["Access Now", "SMEX", "R3D"]
