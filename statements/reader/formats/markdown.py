"""Markdown, with or without YAML front matter: markdown-it-py (CommonMark + tables) gives the
blocks, python-frontmatter the metadata. Emphasis and links are rendered to their text (the
bold spans and link targets are kept on the block); entities are decoded."""

import re
import unicodedata

import frontmatter
import yaml
from markdown_it import MarkdownIt

from ...sources import ImportProblem, decode_bytes
from ..document import HEADING, ITEM, LINE, ROW, Block, Document
from .html import html_fragment_lines

FRONT_MATTER_KEYS = {
    "title": "title",
    "date": "date",
    "published": "date",
    "published_on": "date",
    "publisher": "publisher",
    "organisation": "publisher",
    "organization": "publisher",
    "author": "author",
    "place": "place",
    "location": "place",
    "source_url": "source_url",
    "url": "source_url",
    "source": "source_url",
    "canonical_url": "source_url",
    "language": "language",
    "lang": "language",
}
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_parser = MarkdownIt("commonmark").enable("table")
# markdown-it's inline parser is linear but spends about a microsecond a character; no statement
# has a Markdown line this long, and refusing one keeps a hostile file from taking seconds.
MAX_MARKDOWN_LINE_CHARS = 100_000


def _front_matter(text: str, filename: str) -> tuple[dict[str, str], str, int]:
    """(metadata, content, number of lines the front matter takes)."""
    lines = text.split("\n", 1)
    if lines[0].strip() != "---":
        return {}, text, 0
    closing = re.search(r"^(?:---|\.\.\.)[ \t]*$", text[4:], re.MULTILINE)
    if closing is None:
        return {}, text, 0
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise ImportProblem(
            filename, f"the front matter is not valid YAML ({error})", line
        ) from None
    end = 4 + closing.end()
    offset = text.count("\n", 0, end) + (1 if text[end : end + 1] == "\n" else 0)
    metadata = {}
    for key, value in post.metadata.items():
        target = FRONT_MATTER_KEYS.get(str(key).casefold())
        if target and value not in (None, "") and target not in metadata:
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            metadata[target] = unicodedata.normalize("NFC", str(value).strip())
    return metadata, text[end + 1 :], offset


def _render_inline(
    children,
) -> list[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...], bool]]:
    """Inline tokens to lines: (text, bold spans, links, hard break before)."""
    lines = []
    parts: list[str] = []
    strong: list[str] = []
    links: list[tuple[str, str]] = []
    strong_starts: list[int] = []
    link_starts: list[tuple[int, str]] = []
    hard = False

    def flush(next_hard: bool):
        nonlocal parts, strong, links, hard
        lines.append(("".join(parts), tuple(strong), tuple(links), hard))
        parts, strong, links, hard = [], [], [], next_hard

    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            parts.append(child.content)
        elif kind == "softbreak":
            flush(False)
        elif kind == "hardbreak":
            flush(True)
        elif kind == "html_inline":
            if BR_TAG.fullmatch(child.content.strip()):
                flush(True)
        elif kind == "strong_open":
            strong_starts.append(len("".join(parts)))
        elif kind == "strong_close" and strong_starts:
            start = strong_starts.pop()
            strong.append("".join(parts)[start:].strip())
        elif kind == "link_open":
            link_starts.append((len("".join(parts)), child.attrGet("href") or ""))
        elif kind == "link_close" and link_starts:
            start, href = link_starts.pop()
            links.append(("".join(parts)[start:].strip(), href))
        elif kind == "image":
            continue
    flush(False)
    return [
        (" ".join(unicodedata.normalize("NFC", text).split()), bold, link, hard_before)
        for text, bold, link, hard_before in lines
    ]


def markdown_to_document(data: bytes, filename: str) -> Document:
    text = decode_bytes(data, filename).replace("\r\n", "\n").replace("\r", "\n")
    position = 0
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_MARKDOWN_LINE_CHARS:
            raise ImportProblem(
                filename,
                f"the line is {len(line):,} characters long (at most "
                f"{MAX_MARKDOWN_LINE_CHARS:,} in Markdown)",
                number,
            )
        position += len(line) + 1
    metadata, content, offset = _front_matter(text, filename)
    tokens = _parser.parse(content)
    blocks: list[Block] = []
    lists: list[list] = []  # [ordered, next number]
    item_marker: str | None = None
    heading_level = 0
    in_head = False
    row: list[str] = []
    row_line = 0
    gap = True

    def add(block_kind, block_text, line, **extra):
        nonlocal gap
        if block_text:
            blocks.append(
                Block(kind=block_kind, text=block_text, line=line, gap_before=gap, **extra)
            )
            gap = False

    for position_in_stream, token in enumerate(tokens):
        kind = token.type
        line = (token.map[0] if token.map else 0) + offset + 1
        if kind in (
            "paragraph_open",
            "heading_open",
            "list_item_open",
            "table_open",
            "blockquote_open",
            "hr",
        ):
            gap = True
        if kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "heading_close":
            heading_level = 0
        elif kind == "bullet_list_open":
            lists.append([False, 0])
        elif kind == "ordered_list_open":
            lists.append([True, int(token.attrGet("start") or 1)])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open":
            if lists and lists[-1][0]:
                item_marker = f"{token.info or lists[-1][1]}{token.markup}"
                lists[-1][1] += 1
            else:
                item_marker = token.markup or "-"
        elif kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row, row_line = [], line
        elif kind == "tr_close":
            cells = tuple(row)
            if any(cells):
                add(ROW, " | ".join(cells), row_line, cells=cells, header=in_head)
        elif kind == "inline":
            rendered = _render_inline(token.children or [])
            opener = tokens[position_in_stream - 1].type if position_in_stream else ""
            if opener in ("td_open", "th_open"):
                row.append(" ".join(text for text, *_ in rendered).strip())
                continue
            if heading_level:
                text_all = " ".join(text for text, *_ in rendered).strip()
                bold = tuple(b for _, bs, _, _ in rendered for b in bs)
                links = tuple(link for _, _, ls, _ in rendered for link in ls)
                add(HEADING, text_all, line, level=heading_level, strong=bold, links=links)
                continue
            if item_marker is not None:
                # An item's first paragraph: soft breaks are wrapped lines, joined back.
                groups: list[list] = []
                for text_line, bold, links, hard in rendered:
                    if not groups or hard:
                        groups.append([text_line, list(bold), list(links)])
                    else:
                        groups[-1][0] = f"{groups[-1][0]} {text_line}".strip()
                        groups[-1][1].extend(bold)
                        groups[-1][2].extend(links)
                for position, (text_line, bold, links) in enumerate(groups):
                    if position == 0:
                        add(
                            ITEM,
                            text_line,
                            line,
                            marker=item_marker,
                            level=len(lists) - 1,
                            strong=tuple(bold),
                            links=tuple(links),
                        )
                    else:
                        add(
                            LINE, text_line, line + position, strong=tuple(bold), links=tuple(links)
                        )
                item_marker = None
                continue
            for position, (text_line, bold, links, _) in enumerate(rendered):
                add(LINE, text_line, line + position, strong=bold, links=links)
        elif kind == "html_block":
            for position, text_line in html_fragment_lines(token.content):
                add(LINE, text_line, line + position)
                gap = True
        elif kind in ("fence", "code_block"):
            for position, text_line in enumerate(token.content.split("\n")):
                if text_line.strip():
                    add(LINE, unicodedata.normalize("NFC", text_line.strip()), line + position + 1)
    return Document(blocks=blocks, source_format="markdown", metadata=metadata)
