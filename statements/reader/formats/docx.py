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

from ...sources import ImportProblem
from ..document import HEADING, ITEM, LINE, ROW, Block, Document

_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_HYPERLINK = qn("w:hyperlink")
_SDT, _SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
_PPR = qn("w:pPr")
_PSTYLE = qn("w:pStyle")
_VAL = qn("w:val")
_NUMPR = qn("w:numPr")
_NUMID = qn("w:numId")
_ILVL = qn("w:ilvl")
_RPR = qn("w:rPr")
_B = qn("w:b")
_R = qn("w:r")


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


class _Styles:
    """Paragraph styles read once by id (python-docx looks a style up by scanning all styles,
    which costs seconds over thousands of paragraphs)."""

    def __init__(self, document):
        self.by_id: dict[str, tuple[str, object, str | None]] = {}
        self.default_id = None
        try:
            styles = document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for style in styles.findall(qn("w:style")):
            if style.get(qn("w:type")) != "paragraph":
                continue
            style_id = style.get(qn("w:styleId"))
            name = style.find(qn("w:name"))
            based = style.find(qn("w:basedOn"))
            p_pr = style.find(_PPR)
            num_pr = p_pr.find(_NUMPR) if p_pr is not None else None
            self.by_id[style_id] = (
                name.get(_VAL) if name is not None else "",
                num_pr,
                based.get(_VAL) if based is not None else None,
            )
            if style.get(qn("w:default")) in ("1", "true"):
                self.default_id = style_id

    def chain(self, style_id: str | None):
        seen = set()
        style_id = style_id or self.default_id
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            yield self.by_id[style_id]
            style_id = self.by_id[style_id][2]

    def name(self, style_id: str | None) -> str:
        for name, _, _ in self.chain(style_id):
            return name or ""
        return ""

    def numbering(self, style_id: str | None):
        for _, num_pr, _ in self.chain(style_id):
            if num_pr is not None:
                return num_pr
        return None


def _style_id(element) -> str | None:
    p_pr = element.find(_PPR)
    style = p_pr.find(_PSTYLE) if p_pr is not None else None
    return style.get(_VAL) if style is not None else None


def _paragraph_numbering(element, styles: _Styles, style_id: str | None):
    """(numId, ilvl) of a numbered or bulleted paragraph, directly or through its style."""
    p_pr = element.find(_PPR)
    num_pr = p_pr.find(_NUMPR) if p_pr is not None else None
    if num_pr is None:
        num_pr = styles.numbering(style_id)
    if num_pr is None:
        return None
    num_id_element = num_pr.find(_NUMID)
    if num_id_element is None:
        return None
    num_id = num_id_element.get(_VAL)
    if num_id in (None, "0"):
        return None
    ilvl_element = num_pr.find(_ILVL)
    ilvl = ilvl_element.get(_VAL) if ilvl_element is not None else "0"
    return num_id, ilvl or "0"


def _is_bold(run) -> bool:
    r_pr = run.find(_RPR)
    bold = r_pr.find(_B) if r_pr is not None else None
    return bold is not None and bold.get(_VAL) not in ("0", "false")


def _bold_spans(element) -> tuple[str, ...]:
    spans, current = [], []
    for run in element.iter(_R):
        text = "".join(node.text or "" for node in run.iter(qn("w:t")))
        if _is_bold(run):
            current.append(text)
        elif current and text.strip():
            spans.append("".join(current).strip())
            current = []
    if current:
        spans.append("".join(current).strip())
    return tuple(span for span in spans if span)


def _body_elements(parent):
    """Paragraphs and tables in document order, including those inside content controls
    (<w:sdt>, as Word templates wrap whole sections)."""
    for element in parent.iterchildren():
        if element.tag == _SDT:
            content = element.find(_SDT_CONTENT)
            if content is not None:
                yield from _body_elements(content)
        else:
            yield element


def _paragraph_text(element) -> str:
    """The paragraph's text as Word shows it: runs and hyperlinks, tabs, line breaks as '\n'."""
    parts = []
    for node in element.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _hyperlinks(element, part) -> tuple[tuple[str, str], ...]:
    links = []
    for link in element.iter(_HYPERLINK):
        text = "".join(node.text or "" for node in link.iter(_T))
        rel_id = link.get(qn("r:id"))
        target = ""
        if rel_id and rel_id in part.rels:
            target = part.rels[rel_id].target_ref
        links.append((text, target))
    return tuple(links)


def _heading_level(name: str) -> int:
    if name in ("Title", "title"):
        return 1
    if name.casefold().startswith("heading"):
        tail = name[len("heading") :].strip()
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
    styles = _Styles(document)
    counters: dict[tuple[str, str], int] = {}
    blocks: list[Block] = []
    number = 0
    for element in _body_elements(document.element.body):
        if element.tag == qn("w:p"):
            number += 1
            text = _paragraph_text(element)
            if not text.strip():
                continue
            style_id = _style_id(element)
            level = _heading_level(styles.name(style_id))
            numbering = _paragraph_numbering(element, styles, style_id)
            marker, kind = "", HEADING if level else LINE
            if numbering and not level:
                fmt = formats.get(numbering, "decimal")
                kind = ITEM
                if fmt in ("bullet", "none", ""):
                    marker = "•"
                else:
                    counters[numbering] = counters.get(numbering, 0) + 1
                    marker = f"{counters[numbering]}."
            strong = _bold_spans(element)
            links = _hyperlinks(element, document.part)
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
                    runs = [
                        run
                        for run in row._tr.iter(_R)
                        if "".join(t.text or "" for t in run.iter(qn("w:t"))).strip()
                    ]
                    header = bool(runs) and all(_is_bold(run) for run in runs)
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
