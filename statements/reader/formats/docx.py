"""Word documents (DOCX) with python-docx: paragraphs and tables in document order. Heading and
Title styles become headings, numbered and bulleted paragraphs become items with their marker,
line breaks inside a paragraph split it into lines, table rows become rows (merged cells once).
A block's line is its paragraph's position in the document (tables count one per row)."""

import io
import unicodedata
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ...sources import ImportProblem
from ..document import HEADING, ITEM, LINE, ROW, Block, Document


def _numbering_formats(document) -> dict[tuple[str, str], str]:
    """(numId, ilvl) -> numFmt ('decimal', 'bullet', …) from the numbering part."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract = {}
    for node in numbering.findall(qn("w:abstractNum")):
        levels = {}
        for level in node.findall(qn("w:lvl")):
            fmt = level.find(qn("w:numFmt"))
            levels[level.get(qn("w:ilvl"))] = fmt.get(qn("w:val")) if fmt is not None else ""
        abstract[node.get(qn("w:abstractNumId"))] = levels
    formats = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId"))
        if ref is None:
            continue
        for ilvl, fmt in abstract.get(ref.get(qn("w:val")), {}).items():
            formats[(num.get(qn("w:numId")), ilvl)] = fmt
    return formats


def _paragraph_numbering(paragraph, document_styles_cache: dict) -> tuple[str, str] | None:
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is None:
        style = paragraph.style
        while style is not None and num_pr is None:
            s_pr = style.element.pPr
            num_pr = s_pr.numPr if s_pr is not None else None
            style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None
    ilvl = str(num_pr.ilvl.val) if num_pr.ilvl is not None else "0"
    return num_id, ilvl


def _bold_spans(paragraph) -> tuple[str, ...]:
    spans, current = [], []
    for run in paragraph.runs:
        if run.bold or (run.style is not None and run.style.font.bold):
            current.append(run.text)
        elif current:
            spans.append("".join(current).strip())
            current = []
    if current:
        spans.append("".join(current).strip())
    return tuple(span for span in spans if span)


def _heading_level(paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name == "Title":
        return 1
    if name.startswith("Heading"):
        tail = name.removeprefix("Heading").strip()
        return int(tail) if tail.isdigit() else 1
    return 0


# A DOCX is a ZIP: its parts, unpacked, may not exceed this (a "zip bomb" of a few MB would
# otherwise unpack to gigabytes in memory). Word files of long statements unpack to a few MB.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def _check_unpacked_size(data: bytes, filename: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ImportProblem(filename, f"broken DOCX: it is not a readable ZIP ({error})") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportProblem(
            filename,
            f"the DOCX unpacks to {unpacked // 1024 // 1024} MB "
            f"(at most {MAX_UNPACKED_BYTES // 1024 // 1024} MB)",
        )


def docx_to_document(data: bytes, filename: str) -> Document:
    _check_unpacked_size(data, filename)
    try:
        document = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportProblem(
            filename, f"broken DOCX: this is not a Word document that can be opened ({error})"
        ) from None
    except Exception as error:  # lxml and zip errors of a damaged file come in many kinds
        raise ImportProblem(filename, f"broken DOCX: {type(error).__name__}: {error}") from None
    formats = _numbering_formats(document)
    counters: dict[tuple[str, str], int] = {}
    blocks: list[Block] = []
    number = 0
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            number += 1
            paragraph = Paragraph(element, document)
            text = paragraph.text
            if not text.strip():
                continue
            level = _heading_level(paragraph)
            numbering = _paragraph_numbering(paragraph, {})
            marker, kind = "", HEADING if level else LINE
            if numbering and not level:
                fmt = formats.get(numbering, "decimal")
                kind = ITEM
                if fmt in ("bullet", "none", ""):
                    marker = "•"
                else:
                    counters[numbering] = counters.get(numbering, 0) + 1
                    marker = f"{counters[numbering]}."
            strong = _bold_spans(paragraph)
            links = tuple((link.text, link.address or "") for link in paragraph.hyperlinks)
            for position, piece in enumerate(text.split("\n")):
                piece = unicodedata.normalize("NFC", piece.replace("\t", "  ").strip())
                if not piece:
                    continue
                blocks.append(
                    Block(
                        kind=kind if position == 0 or kind == HEADING else LINE,
                        text=piece,
                        line=number,
                        level=level or (int(numbering[1]) if numbering else 0),
                        marker=marker if position == 0 else "",
                        gap_before=position == 0,
                        strong=strong,
                        links=links,
                    )
                )
        elif element.tag == qn("w:tbl"):
            table = Table(element, document)
            for row_number, row in enumerate(table.rows):
                number += 1
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(unicodedata.normalize("NFC", " ".join(cell.text.split())))
                if not any(cells):
                    continue
                tr_pr = row._tr.trPr
                header = tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
                if row_number == 0 and not header:
                    bold = all(
                        all(run.bold for p in cell.paragraphs for run in p.runs if run.text.strip())
                        for cell in row.cells
                        if cell.text.strip()
                    )
                    header = bold
                blocks.append(
                    Block(
                        kind=ROW,
                        text=" | ".join(cells),
                        line=number,
                        cells=tuple(cells),
                        header=header,
                        gap_before=True,
                    )
                )
    metadata = {}
    core = document.core_properties
    if core.title and core.title.strip():
        metadata["fallback_title"] = unicodedata.normalize("NFC", core.title.strip())
    if core.author and core.author.strip():
        metadata["author"] = core.author.strip()
    if core.language:
        metadata["language"] = core.language.split("-")[0].casefold()
    if not blocks:
        raise ImportProblem(filename, "this Word document has no text to read")
    return Document(blocks=blocks, source_format="docx", metadata=metadata)
