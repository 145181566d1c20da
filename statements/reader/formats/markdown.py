"""Markdown, with or without YAML front matter: python-frontmatter reads the metadata, cmark-gfm
(CommonMark with GitHub tables, in C) renders the rest to HTML with each block's source line,
and the HTML reader makes the blocks. Emphasis and links become their text (the bold spans and
link targets stay on the block), entities are decoded, and each source line of a paragraph stays
its own line (names are often one a line without list markers)."""

import re
import unicodedata

import cmarkgfm
import frontmatter
import yaml
from cmarkgfm.cmark import Options

from ...sources import ImportProblem, decode_bytes
from ..document import Document
from .html import rendered_markdown_blocks

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
# Source positions for line numbers; every line break kept; raw HTML kept (it is read by the
# HTML reader, never served).
RENDER_OPTIONS = (
    Options.CMARK_OPT_SOURCEPOS | Options.CMARK_OPT_HARDBREAKS | Options.CMARK_OPT_UNSAFE
)
# No statement has a Markdown line this long; refusing one keeps a hostile file bounded.
MAX_MARKDOWN_LINE_CHARS = 100_000
CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


def _front_matter(text: str, filename: str) -> tuple[dict[str, str], str, int]:
    """(metadata, Markdown after the front matter, number of lines the front matter takes)."""
    if text.split("\n", 1)[0].strip() != "---":
        return {}, text, 0
    closing = CLOSING.search(text, 4)
    if closing is None:
        return {}, text, 0
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = f"the front matter is not valid YAML ({error})"
        raise ImportProblem(filename, reason, line) from None
    end = closing.end()
    offset = text.count("\n", 0, end) + 1
    metadata = {}
    for key, value in post.metadata.items():
        target = FRONT_MATTER_KEYS.get(str(key).casefold())
        if target and value not in (None, "") and target not in metadata:
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            metadata[target] = unicodedata.normalize("NFC", str(value).strip())
    return metadata, text[end + 1 :], offset


def markdown_to_document(data: bytes, filename: str) -> Document:
    text = decode_bytes(data, filename).replace("\r\n", "\n").replace("\r", "\n")
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_MARKDOWN_LINE_CHARS:
            raise ImportProblem(
                filename,
                f"the line is {len(line):,} characters long (at most "
                f"{MAX_MARKDOWN_LINE_CHARS:,} in Markdown)",
                number,
            )
    metadata, content, offset = _front_matter(text, filename)
    html = cmarkgfm.github_flavored_markdown_to_html(content, options=RENDER_OPTIONS)
    blocks = rendered_markdown_blocks(html, offset)
    return Document(blocks=blocks, source_format="markdown", metadata=metadata)
