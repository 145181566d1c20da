"""The structured document every statement format becomes before it is read.

Format converters (`formats.py`) turn plain text, Markdown, HTML, DOCX and PDF into a `Document`;
the reader (`reading.py`) works only on `Document` blocks and never sees raw markup. One block is
one visual line of the source: a heading, a list item, a table row or a plain line (a paragraph of
several lines gives one block per line; `gap_before` marks where a new paragraph starts).
"""

from dataclasses import dataclass, field

HEADING, ITEM, ROW, LINE = "heading", "item", "row", "line"


@dataclass(frozen=True)
class Block:
    kind: str  # HEADING | ITEM | ROW | LINE
    text: str  # markup removed, entities decoded, NFC; for a ROW the cells joined by " | "
    line: int  # 1-based line in the source (text, Markdown, HTML); paragraph number (DOCX);
    #            line within the page (PDF)
    page: int | None = None  # PDF page, 1-based
    level: int = 0  # heading level 1-6; list nesting depth (0 = top) for items
    marker: str = ""  # list marker as printed: "1.", "12)", "(3)", "•", "-", "*"; "" if none
    cells: tuple[str, ...] = ()  # ROW: the cells, each as printed
    header: bool = False  # ROW: a table header row (<th>, the Markdown header line)
    gap_before: bool = False  # a blank line / paragraph break / block boundary precedes it
    strong: tuple[str, ...] = ()  # text of bold/strong spans in the block, as printed
    links: tuple[tuple[str, str], ...] = ()  # (link text, href) of links in the block
    # The line as the source prints it, marker and inner spacing kept (plain text); "" when the
    # format has no such line. The statement body is made of these, so it reads as published.
    source_text: str = ""

    @property
    def where(self) -> str:
        """'line 12' or 'page 3, line 4': for messages and the admin preview."""
        return f"page {self.page}, line {self.line}" if self.page else f"line {self.line}"


@dataclass
class Document:
    blocks: list[Block]
    source_format: str  # "text" | "markdown" | "html" | "docx" | "pdf"
    # What the file states outside its text flow: YAML front matter, <title>/<meta>, DOCX core
    # properties, PDF metadata. Keys used: title, date, publisher, author, place, source_url,
    # language, and fallback_title (an HTML <title>, DOCX or PDF title property: used only when
    # the text itself gives no title). Values are strings as found.
    metadata: dict[str, str] = field(default_factory=dict)
