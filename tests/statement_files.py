"""Build the same statement as plain text, Markdown, HTML, DOCX and PDF, the way coalitions
publish them: a title, a date line, body paragraphs, a cue, the list, a contact line. Used by the
reader tests and by benchmarks/reader_benchmark.py (5,000 signatories per format)."""

import html
import io
from pathlib import Path

FORMATS = ("txt", "md", "html", "docx", "pdf")
UNICODE_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def statement_parts(
    names,
    *,
    title="Joint statement on the protection of journalists",
    date="12 May 2022",
    cue="Signed by:",
):
    body = [
        "We, the undersigned organisations, call on all governments to protect journalists.",
        "Journalists must be able to work without fear of reprisal.",
    ]
    return title, date, body, cue, list(names)


def build_text(names, **kwargs) -> bytes:
    title, date, body, cue, names = statement_parts(names, **kwargs)
    lines = [title, date, "", *[f"{p}\n" for p in body], cue, ""]
    lines += names
    lines += ["", "Press contact: press@example.org"]
    return "\n".join(lines).encode()


def build_markdown(names, **kwargs) -> bytes:
    title, date, body, cue, names = statement_parts(names, **kwargs)
    lines = ["---", f"title: {title}", "date: 2022-05-12", "---", "", f"# {title}", ""]
    lines += [f"{p}\n" for p in body]
    lines += [f"## {cue.rstrip(':')}", ""]
    lines += [f"{number}. {name}" for number, name in enumerate(names, 1)]
    lines += ["", "*Press contact: press@example.org*"]
    return "\n".join(lines).encode()


def build_html(names, **kwargs) -> bytes:
    title, date, body, cue, names = statement_parts(names, **kwargs)
    items = "\n".join(f"<li>{html.escape(name)}</li>" for name in names)
    paragraphs = "\n".join(f"<p>{html.escape(p)}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Example Network</title>
<script>var tracking = "Signed by: nobody";</script></head>
<body>
<header class="site-header"><nav><ul><li>Home</li><li>About us</li><li>News</li></ul></nav></header>
<nav class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news">News</a></nav>
<main><article>
<h1>{html.escape(title)}</h1>
<p class="date"><time datetime="2022-05-12">{html.escape(date)}</time></p>
{paragraphs}
<p><strong>{html.escape(cue)}</strong></p>
<ul>
{items}
</ul>
<p>Press contact: press@example.org</p>
</article>
<aside class="related-posts"><h3>Related posts</h3><ul><li>Another Statement</li>
<li>Yet Another One</li><li>A Third One</li></ul></aside>
</main>
<footer class="site-footer"><p>© Example Network</p><ul><li>Privacy</li><li>Contact</li>
<li>Imprint</li></ul></footer>
</body></html>""".encode()


def build_docx(names, *, table=False, **kwargs) -> bytes:
    from docx import Document

    title, date, body, cue, names = statement_parts(names, **kwargs)
    document = Document()
    document.add_heading(title, level=1)
    document.add_paragraph(date)
    for paragraph in body:
        document.add_paragraph(paragraph)
    document.add_paragraph().add_run(cue).bold = True
    if table:
        grid = document.add_table(rows=1, cols=2)
        grid.rows[0].cells[0].text, grid.rows[0].cells[1].text = "Organisation", "Country"
        for name in names:
            row = grid.add_row()
            organisation, _, country = name.rpartition(", ")
            row.cells[0].text, row.cells[1].text = organisation or name, country
    else:
        for name in names:
            document.add_paragraph(name, style="List Number")
    document.add_paragraph("Press contact: press@example.org")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def build_pdf(names, *, font: Path | None = None, **kwargs) -> bytes:
    from fpdf import FPDF

    title, date, body, cue, names = statement_parts(names, **kwargs)
    pdf = FPDF()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    family = "Helvetica"
    font = font or (UNICODE_FONT if UNICODE_FONT.exists() else None)
    if font is not None:
        pdf.add_font("Body", "", str(font))
        family = "Body"
        pdf.set_text_shaping(False)
    pdf.set_font(family, size=18)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(family, size=11)
    pdf.ln(4)
    pdf.cell(0, 6, date, new_x="LMARGIN", new_y="NEXT")
    for paragraph in body:
        pdf.ln(4)
        pdf.multi_cell(0, 6, paragraph, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 6, cue, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for name in names:
        pdf.cell(0, 6, name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.cell(0, 6, "Press contact: press@example.org", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


BUILDERS = {
    "txt": build_text,
    "md": build_markdown,
    "html": build_html,
    "docx": build_docx,
    "pdf": build_pdf,
}
