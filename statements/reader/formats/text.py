"""Plain text: one block per non-blank line; a leading bullet or number becomes the marker."""

import html
import re
import unicodedata

from ...sources import decode_bytes
from ..document import ITEM, LINE, ROW, Block, Document

# A list marker at the start of a line: bullets of every kind (with the private-use code points
# Word's Symbol and Wingdings bullets come out as in PDFs), "1.", "12)", "(3)", "a)".
# A hyphen is a marker only when a blank follows it ("-We call" is prose, "- Name" an item).
LIST_MARKER = re.compile(
    r"^(?P<marker>[–—•·▪◦●○■□►▸‣⁃∙\uf0b7\uf0a7\uf0a8\uf076\uf0d8\uf0fc\uf0e0]|[-*+](?=\s)|\(\d{1,4}\)|\d{1,4}[.)-](?=\s)|[a-z][)](?=\s))"
    r"[ \t\u00a0]*"
)


TAGS_ONLY = re.compile(r"^(?:<[/!?]?[a-zA-Z?][^<>]{0,300}>\s*)+$")
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,10});")


def split_marker(text: str) -> tuple[str, str]:
    """('1.', 'Name') for '1. Name'; ('', text) when the line has no marker."""
    match = LIST_MARKER.match(text)
    if not match or match.end() == len(text):
        return "", text
    return match["marker"], text[match.end() :]


def text_lines_to_blocks(lines) -> list[Block]:
    blocks, gap = [], False
    for number, raw in enumerate(lines, 1):
        raw = raw.replace("\ufeff", "")
        stripped = raw.strip()
        if not stripped:
            gap = True
            continue
        if TAGS_ONLY.match(stripped):
            gap = True  # "</div>", "<?php … ?>": markup left over from a web copy
            continue
        stripped = unicodedata.normalize("NFC", BR_TAG.sub("", stripped).strip())
        if ENTITY.search(stripped):
            stripped = html.unescape(stripped)
        if not stripped:
            gap = True
            continue
        marker, text = split_marker(stripped)
        if "\t" in text:
            # columns copied from a table or spreadsheet: "Organisation<TAB>Country"
            cells = tuple(cell.strip() for cell in text.split("\t") if cell.strip())
            blocks.append(
                Block(
                    kind=ROW,
                    text=" | ".join(cells),
                    line=number,
                    cells=cells,
                    marker=marker,
                    gap_before=gap or not blocks,
                    source_text=raw.rstrip(),
                )
            )
            gap = False
            continue
        blocks.append(
            Block(
                kind=ITEM if marker else LINE,
                text=text.strip(),
                line=number,
                marker=marker,
                gap_before=gap or not blocks,
                source_text=raw.rstrip(),
            )
        )
        gap = False
    return blocks


def text_to_document(data: bytes, filename: str) -> Document:
    text = decode_bytes(data, filename)
    return Document(blocks=text_lines_to_blocks(text.splitlines()), source_format="text")
