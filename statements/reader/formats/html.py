"""HTML pages as saved from a browser, read with lxml. The statement is the page's <main> or
<article> (the one with the most text); navigation, headers and footers outside it, sidebars,
breadcrumbs, "related posts", share bars, comments, scripts and forms are not content. Block
elements become blocks in document order; <br> splits a block into lines."""

import re
import unicodedata

import lxml.etree
import lxml.html

from ...sources import ImportProblem
from ..document import HEADING, ITEM, LINE, ROW, Block, Document

DROP_TAGS = frozenset(
    """
    script style noscript template form iframe svg button select input textarea canvas video
    audio object embed map dialog nav aside menu
    """.split()
)
PAGE_CHROME_TAGS = {"header", "footer"}  # dropped when outside the chosen content root
# class/id/role words that mark page furniture rather than the statement.
FURNITURE = re.compile(
    r"breadcrumb|related|share|sharing|social|sidebar|widget|comment|cookie|newsletter"
    r"|subscribe|navigation|navbar|(?:^|[-_ ])menu|skip-link|site-header|site-footer"
    r"|pagination|post-nav|advert|promo|banner-ad|popup|modal|tags-links|cat-links|byline-share",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    """
    p div section article main blockquote pre dd dt dl figure figcaption address center header
    footer body html ul ol li table thead tbody tfoot tr td th caption h1 h2 h3 h4 h5 h6 hr
    details summary fieldset legend hgroup
    """.split()
)
CONTENT_TAGS = {"article", "main", "section"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
STRONG_TAGS = {"strong", "b"}
WHITESPACE = re.compile(r"\s+")


def _furniture(element) -> bool:
    if element.get("role") in ("navigation", "banner", "contentinfo", "complementary"):
        return True
    if element.get("aria-hidden") == "true" or element.get("hidden") is not None:
        return True
    words = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(words.strip()) and bool(FURNITURE.search(words))


def _text_length(element) -> int:
    return len("".join(element.itertext()).split())


def _content_root(root):
    candidates = [el for el in root.iter("main", "article") if _text_length(el) > 0]
    if not candidates:
        body = root.find(".//body")
        return body if body is not None else root
    main = [el for el in candidates if el.tag == "main"]
    pool = main or candidates
    return max(pool, key=_text_length) if not main else main[0]


class _Walker:
    def __init__(self, sourcepos_offset: int | None = None):
        # Markdown rendered by cmark carries each block's source line in data-sourcepos; the
        # offset is the number of front matter lines before the Markdown.
        self.sourcepos_offset = sourcepos_offset
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.strong: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.line = 1
        self.gap = True
        self.kind, self.marker, self.level, self.header = LINE, "", 0, False
        self.pre = 0

    def flush(self):
        text = "".join(self.parts)
        text = text.strip() if self.pre else WHITESPACE.sub(" ", text).strip()
        text = unicodedata.normalize("NFC", text)
        if text:
            self.blocks.append(
                Block(
                    kind=self.kind,
                    text=text,
                    line=self.line,
                    level=self.level,
                    marker=self.marker,
                    gap_before=self.gap,
                    strong=tuple(s for s in self.strong if s),
                    links=tuple(self.links),
                )
            )
            self.gap = False
            if self.kind == ITEM:  # further lines of the same item are plain lines
                self.kind, self.marker = LINE, ""
        self.parts, self.strong, self.links = [], [], []

    def new_block(self, element):
        self.flush()
        self.gap = True
        if self.sourcepos_offset is not None:
            position = element.get("data-sourcepos", "")
            start = position.split(":", 1)[0]
            if start.isdigit():
                self.line = self.sourcepos_offset + int(start)
        elif element.sourceline:
            self.line = element.sourceline

    def inline_text(self, element) -> str:
        return WHITESPACE.sub(" ", "".join(element.itertext())).strip()

    def walk(self, element, lists: list[list]):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            self.flush()
            if self.sourcepos_offset is not None:
                self.line += 1  # a line break in Markdown is the next source line
            elif element.sourceline:
                self.line = element.sourceline
            return
        if tag in HEADINGS:
            self.new_block(element)
            saved = self.kind, self.level
            self.kind, self.level = HEADING, int(tag[1])
            self.children(element, lists)
            self.flush()
            self.kind, self.level = saved
            self.gap = True
            return
        if tag == "tr":
            self.new_block(element)
            cells = []
            header = False
            for cell in element:
                if isinstance(cell.tag, str) and cell.tag in ("td", "th"):
                    cells.append(unicodedata.normalize("NFC", self.inline_text(cell)))
                    header = header or cell.tag == "th"
            in_head = element.getparent() is not None and element.getparent().tag == "thead"
            header = in_head or (
                header and all(c.tag == "th" for c in element if isinstance(c.tag, str))
            )
            if any(cells):
                strong = tuple(self.inline_text(b) for b in element.iter(*STRONG_TAGS))
                links = tuple((self.inline_text(a), a.get("href", "")) for a in element.iter("a"))
                self.blocks.append(
                    Block(
                        kind=ROW,
                        text=" | ".join(cells),
                        line=self.line,
                        cells=tuple(cells),
                        header=header,
                        gap_before=True,
                        strong=strong,
                        links=links,
                    )
                )
            self.gap = True
            return
        if tag in ("ul", "ol"):
            self.new_block(element)
            start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
            lists.append([tag == "ol", start])
            self.children(element, lists)
            lists.pop()
            self.flush()
            self.gap = True
            return
        if tag == "li":
            self.new_block(element)
            if lists and lists[-1][0]:
                value = element.get("value")
                number = int(value) if value and value.isdigit() else lists[-1][1]
                self.marker = f"{number}."
                lists[-1][1] = number + 1
            else:
                self.marker = "•"
            self.kind, self.level = ITEM, max(len(lists) - 1, 0)
            self.children(element, lists)
            self.flush()
            self.kind, self.marker, self.level = LINE, "", 0
            self.gap = True
            return
        if tag in BLOCK_TAGS:
            item_kind = self.kind == ITEM and not self.parts
            if not item_kind:
                self.new_block(element)
            if tag == "pre":
                self.pre += 1
            self.children(element, lists)
            if tag == "pre":
                self.pre -= 1
            self.flush()
            self.gap = True
            return
        # inline element
        if tag in STRONG_TAGS:
            self.strong.append(self.inline_text(element))
        if tag == "a":
            self.links.append((self.inline_text(element), element.get("href", "")))
        if tag == "img":
            return
        self.children(element, lists)

    def children(self, element, lists):
        if element.text:
            self._add_text(element.text)
        for child in element:
            if isinstance(child.tag, str):
                self.walk(child, lists)
            if child.tail:
                self._add_text(child.tail)

    def _add_text(self, text: str):
        if self.pre:
            lines = text.split("\n")
            for position, piece in enumerate(lines):
                if position:
                    self.flush()
                    self.line += 1
                self.parts.append(piece)
        else:
            self.parts.append(text)


def _clean(root, content):
    inside = set(content.iter())
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if element.tag in DROP_TAGS:
            _drop(element)
        elif element.tag in PAGE_CHROME_TAGS and (
            element not in inside or not any(a.tag in CONTENT_TAGS for a in element.iterancestors())
        ):
            _drop(element)  # the page's own header and footer, not an article's
        elif element is not content and element not in (root,) and _furniture(element):
            if not any(a is element for a in content.iterancestors()):
                _drop(element)


def _drop(element):
    if element.getparent() is not None:
        element.drop_tree()  # keeps the text that follows the element


DECLARED_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([\w-]{1,40})", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")


def _decode(data: bytes) -> str:
    """The page's text: its byte-order mark or declared charset, else UTF-8, else Windows-1252
    (what browsers assume for an undeclared page)."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    declared = DECLARED_CHARSET.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass  # an unknown charset name: fall through
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse(data: bytes, filename: str):
    text = XML_DECLARATION.sub("", _decode(data), count=1)
    if not text.strip():
        raise ImportProblem(filename, "this HTML page has no text to read")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(text, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise ImportProblem(filename, f"cannot read this HTML ({error})") from None


def _metadata(root) -> dict[str, str]:
    found: dict[str, str] = {}

    def meta(*names):
        for name in names:
            for element in root.iter("meta"):
                key = (element.get("property") or element.get("name") or "").casefold()
                if key == name and element.get("content", "").strip():
                    return element.get("content").strip()
        return ""

    title = meta("og:title", "twitter:title", "dc.title")
    if not title:
        element = root.find(".//title")
        if element is not None and element.text_content().strip():
            title = WHITESPACE.sub(" ", element.text_content()).strip()
    found["page_title"] = title
    date = meta(
        "article:published_time",
        "date",
        "dc.date",
        "dcterms.date",
        "publication_date",
        "pubdate",
        "datepublished",
    )
    if not date:
        time = root.find(".//time[@datetime]")
        if time is not None:
            date = time.get("datetime", "")
    if date:
        found["date"] = date
    author = meta("author", "article:author", "dc.creator")
    if author and not author.startswith("http"):
        found["author"] = author
    publisher = meta("og:site_name", "dc.publisher")
    if publisher:
        found["publisher"] = publisher
    language = root.get("lang") or meta("og:locale", "language", "dc.language")
    if language:
        found["language"] = language.replace("_", "-").split("-")[0].casefold()
    url = meta("og:url")
    canonical = root.find(".//link[@rel='canonical']")
    if canonical is not None and canonical.get("href"):
        url = canonical.get("href")
    if url:
        found["source_url"] = url
    return {key: unicodedata.normalize("NFC", value) for key, value in found.items() if value}


TITLE_SEPARATOR = re.compile(r"\s+[|–—:·-]\s+|\s+::\s+")


def _without_site_name(title: str, site: str) -> str:
    """ "Civil society calls for … – KeepItOn | Access Now" -> its longest part, the page's own
    title; a part naming the site is never it."""
    parts = [part.strip() for part in TITLE_SEPARATOR.split(title) if part.strip()]
    if len(parts) < 2:
        return title
    parts = [part for part in parts if part.casefold() != site.casefold()] or parts
    return max(parts, key=len)


def html_to_document(data: bytes, filename: str) -> Document:
    root = _parse(data, filename)
    metadata = _metadata(root)
    content = _content_root(root)
    _clean(root, content)
    walker = _Walker()
    walker.walk(content, [])
    walker.flush()
    if not walker.blocks:
        raise ImportProblem(filename, "this HTML page has no text to read")
    # <title> often names only the site ("EuroMed Rights") or adds it ("… | Access Now"): the
    # page's own heading is preferred, and <title> is the fallback.
    page_title = metadata.pop("page_title", "")
    if page_title:
        metadata["fallback_title"] = _without_site_name(page_title, metadata.get("publisher", ""))
    return Document(blocks=walker.blocks, source_format="html", metadata=metadata)


def rendered_markdown_blocks(html: str, line_offset: int) -> list[Block]:
    """Blocks of HTML rendered from Markdown with source positions (see formats/markdown.py)."""
    try:
        root = lxml.html.document_fromstring(f"<html><body>{html}</body></html>")
    except (lxml.etree.ParserError, ValueError):
        return []
    body = root.find(".//body")
    content = body if body is not None else root
    _clean(root, content)
    walker = _Walker(sourcepos_offset=line_offset)
    walker.walk(content, [])
    walker.flush()
    return walker.blocks
