"""Build the DOCX and PDF statements of the reader corpus from their sources.

    python tests/data/statements/build_binaries.py

Each `sources/<name>.<docx|pdf>.src` is a small line-based text written by hand; this script turns
it into `<name>.docx` (python-docx) or `<name>.pdf` (fpdf2, with HarfBuzz shaping so that Arabic
is written right to left with joined letters; the text layer then holds the logical order).
The built files are committed too, so the tests never need these libraries.

Source lines (one paragraph, item or row per line; blank lines are ignored):
    @title: …        document metadata title (core properties / PDF info)
    @footer: …       a footer printed on every page ("{page}" is replaced by the page number)
    # …  ## …  ### … headings
    - …              bulleted item (docx "List Bullet"; PDF "•")
    1. …             numbered item (docx "List Number", numbered by Word; PDF prints the number)
    | a | b |        table row; a row "|---|---|" after the first row makes the first a header
    **…**            a paragraph in bold
    === page ===     page break
    anything else    a body paragraph
"""

import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
FONT_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
ARABIC = re.compile(r"[\u0600-\u06ff]")
# Fixed so that rebuilding the corpus does not change the committed files.
BUILD_DATE = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")


def parse(text):
    """Source text -> (metadata, blocks); a block is (kind, payload)."""
    meta, blocks, table = {}, [], None
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
                if table is not None:
                    table["header"] = True
                continue
            if table is None:
                table = {"rows": [], "header": False}
                blocks.append(("table", table))
            table["rows"].append(cells)
            continue
        table = None
        if not line.strip():
            continue
        if line.startswith("@title:"):
            meta["title"] = line[len("@title:") :].strip()
        elif line.startswith("@footer:"):
            meta["footer"] = line[len("@footer:") :].strip()
        elif line.strip() == "=== page ===":
            blocks.append(("page", None))
        elif m := re.match(r"^(#{1,3})\s+(.*)$", line):
            blocks.append((f"h{len(m.group(1))}", m.group(2)))
        elif line.startswith("- "):
            blocks.append(("bullet", line[2:]))
        elif m := NUMBERED.match(line):
            blocks.append(("number", (m.group(1), m.group(2))))
        elif line.startswith("**") and line.endswith("**") and len(line) > 4:
            blocks.append(("bold", line[2:-2]))
        else:
            blocks.append(("para", line))
    return meta, blocks


def build_docx(meta, blocks, target):
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.oxml import OxmlElement

    doc = Document()
    if "title" in meta:
        doc.core_properties.title = meta["title"]
    if "footer" in meta:
        doc.sections[0].footer.paragraphs[0].text = meta["footer"].replace("{page}", "1")

    def rtl(paragraph, text):
        if ARABIC.search(text):
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(OxmlElement("w:bidi"))
            for run in paragraph.runs:
                rpr = run._r.get_or_add_rPr()
                rpr.append(OxmlElement("w:rtl"))

    for kind, payload in blocks:
        if kind in ("h1", "h2", "h3"):
            p = doc.add_heading(payload, level=int(kind[1]))
            rtl(p, payload)
        elif kind == "bullet":
            p = doc.add_paragraph(payload, style="List Bullet")
            rtl(p, payload)
        elif kind == "number":
            p = doc.add_paragraph(payload[1], style="List Number")
            rtl(p, payload[1])
        elif kind == "bold":
            p = doc.add_paragraph()
            p.add_run(payload).bold = True
            rtl(p, payload)
        elif kind == "para":
            p = doc.add_paragraph(payload)
            rtl(p, payload)
        elif kind == "page":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif kind == "table":
            rows = payload["rows"]
            table = doc.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, value in enumerate(cells):
                    table.cell(r, c).text = value
                    if payload["header"] and r == 0:
                        for run in table.cell(r, c).paragraphs[0].runs:
                            run.bold = True
    doc.core_properties.created = doc.core_properties.modified = BUILD_DATE
    buffer = io.BytesIO()
    doc.save(buffer)
    # Rewrite the package with fixed member dates: rebuilding gives the same bytes.
    with zipfile.ZipFile(buffer) as built, zipfile.ZipFile(target, "w") as out:
        for member in built.infolist():
            fixed = zipfile.ZipInfo(member.filename, date_time=BUILD_DATE.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, built.read(member.filename))


def build_pdf(meta, blocks, target):
    from fpdf import FPDF

    footer_text = meta.get("footer")

    class StatementPDF(FPDF):
        def footer(self):
            if footer_text:
                self.set_y(-15)
                self.set_font("DejaVu", size=8)
                self.cell(0, 10, footer_text.replace("{page}", str(self.page_no())), align="C")

    pdf = StatementPDF(format="A4")
    pdf.set_creation_date(BUILD_DATE)  # a fixed date: rebuilding gives the same file
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.add_font("DejaVu", "B", str(FONT_BOLD))
    pdf.set_text_shaping(True)
    if "title" in meta:
        pdf.set_title(meta["title"])
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    width = pdf.epw

    def write(text, size=11, style="", indent=0, gap=2):
        pdf.set_font("DejaVu", style, size)
        align = "R" if ARABIC.search(text) else "L"
        if ARABIC.search(text):
            # Without the lam-alef ligature the text layer maps one glyph to one letter, so the
            # logical order can be recovered exactly (a ligature comes out as "لا" reversed).
            pdf.set_text_shaping(
                True,
                direction="rtl",
                script="arab",
                language="ar",
                features={"rlig": False, "liga": False},
            )
        else:
            pdf.set_text_shaping(True, direction="ltr")
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(width - indent, size * 0.5, text, align=align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    for kind, payload in blocks:
        if kind == "h1":
            write(payload, size=16, style="B", gap=4)
        elif kind == "h2":
            write(payload, size=13, style="B", gap=3)
        elif kind == "h3":
            write(payload, size=11, style="B")
        elif kind == "bullet":
            # In logical order the bullet comes first; right to left it is drawn on the right.
            write("• " + payload, indent=6, gap=1)
        elif kind == "number":
            write(f"{payload[0]}. {payload[1]}", indent=6, gap=1)
        elif kind == "bold":
            write(payload, style="B")
        elif kind == "para":
            write(payload)
        elif kind == "page":
            pdf.add_page()
        elif kind == "table":
            pdf.set_font("DejaVu", "", 10)
            pdf.set_text_shaping(True, direction="ltr")
            with pdf.table(first_row_as_headings=payload["header"]) as table:
                for cells in payload["rows"]:
                    row = table.row()
                    for value in cells:
                        row.cell(value)
            pdf.ln(3)
    pdf.output(str(target))


def build(source, out_dir):
    """Build one `sources/<name>.<ext>.src` into `out_dir/<name>.<ext>`; returns the path."""
    name, ext = source.name[: -len(".src")].rsplit(".", 1)
    meta, blocks = parse(source.read_text(encoding="utf-8"))
    target = Path(out_dir) / f"{name}.{ext}"
    {"docx": build_docx, "pdf": build_pdf}[ext](meta, blocks, target)
    return target


def main(argv):
    built = [build(source, HERE) for source in sorted(SOURCES.glob("*.src"))]
    for target in built:
        print(f"built {target.name}")
    return 0 if built else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
