"""One reader for every format: `Document` blocks -> `ParsedStatement`.

Steps: web residue and author lines are set aside; the title is taken from the caller, the
file's metadata, the first heading or a short first line (else proposed and flagged); dates come
from metadata, a date line or a dateline; the signatory list is found after a cue line (any of
the languages in `cues.py`) or, without one, as the longest run of name-like blocks anywhere; it
ends where the names end. Each list block gives one or more signatories (cells, column dashes,
`·`, `|`), wrapped lines are joined back, and every name keeps its printed form while `persons`
and `countries` say what it means. Staff corrections are applied last, by line and text.
"""

import datetime
import re
from dataclasses import dataclass, field
from functools import lru_cache

from signatories.names import MAX_NAME_LENGTH, fold_key, looks_glued, printed_form

from ..sources import ImportProblem
from . import countries, cues, dates, persons
from .document import HEADING, ROW, Block, Document
from .result import (
    BODY,
    CORRECTION_ACTIONS,
    CUE,
    DATE,
    IGNORED,
    METADATA,
    NO_SIGNATORIES,
    ORGANIZATION,
    PERSON,
    SIGNATORY,
    TITLE,
    TITLE_PROPOSED,
    ParsedSignatory,
    ParsedStatement,
    PreviewLine,
)

RESIDUE = re.compile(
    r"^(top of page|bottom of page|skip to (main )?content|(artwork|photo|image|illustration)"
    r"( credit)?s? by\b.*|share this( post| article| page)?|back to top|print this page"
    r"|share on (facebook|twitter|x|linkedin|whatsapp)|tweet|email this)$",
    re.IGNORECASE,
)
KICKER = re.compile(
    r"^(?:for immediate release|press release|news release|media release|press statement"
    r"|communiqué(?: de presse)?|comunicado(?: de prensa)?|pressemitteilung|pressemeldung"
    r"|basın (?:açıklaması|bülteni)|komunikat(?: prasowy)?|saopćenje(?: za medije)?"
    r"|saopštenje(?: za medije)?|priopćenje|بيان صحفي)[\s:.!–—-]*$",
    re.IGNORECASE,
)
AUTHOR = re.compile(
    r"^(?:post(?:ed)? by|published by|author|auteur|autor|yazar)\s*:\s*(?P<author>\S.*)$",
    re.IGNORECASE,
)
CLAIMED_COUNT = re.compile(
    r"(?<![\w.,])(?P<count>\d{1,5})\s+(?:[^\W\d]+,?\s+){0,12}?"
    r"(?:organi[sz]ations|groups|NGOs|signatories|individuals)\b",
    re.IGNORECASE,
)
APPROXIMATE = re.compile(r"(more than|over|nearly|about|almost|around|some)\s*$", re.IGNORECASE)
# A dash or bullet preceded by a blank and followed by two or more blanks separates columns
# ("Ensarmazlumlar –   Independent Doctors Association"); a dash followed by one space belongs
# to the name ("… Rights – ACHR"). The look-behind keeps the search linear on long blank runs.
COLUMN_SEPARATOR = re.compile(r"(?<!\s)\s+[–—•\-]\s{2,}|\t+")
INLINE_SEPARATOR = re.compile(r"[·|]")
WORD_CHARACTER = re.compile(r"[^\W_]")
PUNCTUATION_THEN_BLANK = re.compile(r"[.!?;][)\"'”’»]*\s")
URL_OR_EMAIL = re.compile(r"https?://|www\.|\S@\S|\.(?:com|org|net)/", re.IGNORECASE)
ABBREVIATIONS = frozenset(
    """
    prof mrs inc ltd corp co no vol assn assoc dept univ intl int'l jr sr bros etc gen gov sen
    rep hon rev mgr dipl mag doç ing av sta sto esq phd nfp st mt ft approx dott avv arch lic
    prof.dr mme mlle ass asoc fund
    """.split()
)
CONNECTORS = frozenset(
    """
    of for and the de del des du la le et y und für der die i ve ile dla za na & in on to with a
    an at pour en von zur zum o
    """.split()
)
MAX_TITLE_LENGTH = 250
MAX_TITLE_STORED = 500
# A first line of this many words ending with a full stop is the body's first sentence; titles
# are not punctuated as sentences.
TITLE_SENTENCE_WORDS = 8
HEADLINE_WORDS = 15  # a title set directly over its first paragraph is at most this long
PROPOSED_TITLE_WORDS = 17  # a proposed title: the first sentence cut to a long headline
MAX_NAME_WORDS = 15  # a cueless run: longer lines are prose, not names
MAX_LISTED_NAME_WORDS = 30  # under a cue: "Name, Professor of …, University of …, Country"
MIN_CUELESS_NAMES = 3  # a lone short closing line is body, not a list
WEAK_NAME_EVIDENCE = 0.25  # see _name_evidence
# A run without a cue is a list only if, on average, its lines read as names (a third of them
# at least with a name's marks): three short demands in bullets are not signatories.
MIN_NAME_EVIDENCE = 0.5
# One printed line holds at most a few hundred names ("A · B · C"); a longer line is prose or
# junk, and is not split name by name.
MAX_LIST_LINE_CHARS = 20_000
TITLE_LOOKAHEAD = 6  # blocks before the first heading that may still precede the title
NAME_CELL_HEADERS = tuple(
    """
    name organisation organization signatory signatories nom nombre organización organizacion
    organisme unterzeichner organisation/name kurum isim ad nazwa organizacja naziv ime الاسم
    المنظمة
    """.split()
)
COUNTRY_CELL_HEADERS = tuple(
    """
    country countries pays país pais land staat ülke kraj państwo zemlja država drzava البلد
    الدولة بلد
    """.split()
)
AFFILIATION_CELL_HEADERS = tuple(
    """
    affiliation title position role organisation organization institution fonction cargo
    funktion unvan stanowisko funkcija الصفة
    """.split()
)


# --- name-likeness -------------------------------------------------------------------------


def is_abbreviation(word: str) -> bool:
    """'Dr.', 'E.', 'S.T.O.P.', 'Inc.', 'e.V.': a full stop that does not end a sentence."""
    core = word.rstrip(".").lstrip("(\"'“‘")
    letters = [ch for ch in core if ch.isalpha()]
    return (
        len(letters) <= 2
        or "." in core
        or core.casefold() in ABBREVIATIONS
        or core.casefold() in persons.HONORIFICS
        or (core.isupper() and len(letters) <= 5)
    )


def has_sentence_break(text: str) -> bool:
    """A full stop, '!', '?' or ';' followed by more text, unless the stop ends an
    abbreviation or initial (so 'William E. Binney' and 'S.T.O.P. – X' stay one name)."""
    if not PUNCTUATION_THEN_BLANK.search(text):
        return False  # most names: no stop followed by more text
    words = text.split()
    for word, following in zip(words, words[1:], strict=False):
        end = word.rstrip(")\"'”’»")[-1:]
        if end in "!?;" and end:
            return True
        if end == "." and not is_abbreviation(word.rstrip(")\"'”’»")):
            if following[:1].isupper() or following[:1].isdigit() or not following[:1].isalpha():
                return True
    return False


@lru_cache(maxsize=20_000)
def split_cells(text: str) -> tuple[str, ...]:
    """The names on one printed line: columns split on column dashes and tabs, then on '·' and
    '|' standing between blanks; each name without its list marker, as printed."""
    from .formats.text import split_marker

    cells = []
    for column in COLUMN_SEPARATOR.split(text):
        start = 0
        for match in INLINE_SEPARATOR.finditer(column):
            index = match.start()
            before = column[index - 1 : index]
            after = column[index + 1 : index + 2]
            if before.isspace() or after.isspace() or not before or not after:
                cells.append(column[start:index])
                start = index + 1
        cells.append(column[start:])
    names = []
    for cell in cells:
        cell = cell.strip()
        marker, rest = split_marker(cell)
        if marker and not marker[0].isdigit() and not marker.startswith("("):
            cell = rest
        cell = printed_form(cell)
        if cell:
            names.append(cell)
    return tuple(names)


def _cell_is_name(cell: str, max_words: int, strict: bool, starting: bool = False) -> bool:
    words = cell.split()
    if not words or len(words) > max_words:
        return False  # (an over-long name is refused with its line when the list is read)
    if cell.endswith((":", "：")) or (strict and cell.endswith((",", ";"))):
        return False
    if URL_OR_EMAIL.search(cell) and not strict and len(words) > 1:
        return False
    if URL_OR_EMAIL.search(cell) and strict:
        return False
    if has_sentence_break(cell):
        return False
    if strict:
        first = cell.lstrip("\"'“‘(«*_[")[:1]
        if first.isalpha() and first.islower() and not first.isupper():
            return False  # prose starts lower case; names start with a capital or a digit
        if starting and cell.endswith(".") and len(words) >= 2 and not is_abbreviation(words[-1]):
            if words[-1][:1].islower() or len(words) >= 6:
                return False  # a short sentence does not start a run of names
    return True


# --- the reader ----------------------------------------------------------------------------


class _Reading:
    def __init__(self, document: Document, file: str, manifest: dict):
        self.document = document
        self.blocks = document.blocks
        self.file = file
        self.labels: list[str | None] = [None] * len(self.blocks)
        self.language = (manifest.get("language") or document.metadata.get("language", ""))[:2]
        self.notes: list[str] = []
        self.group_of: dict[int, str | None] = {}  # list block -> group kind of its section
        self.continuations: dict[int, list[int]] = {}  # list block -> wrapped blocks joined to it
        self.unnamed_count: int | None = None
        self.headers: dict[int, tuple[str, ...]] = {}  # table row -> header cells of its table
        self.kind_corrected: set[int] = set()  # ids of signatories whose kind staff set
        self.corrected: set[int] = set()  # blocks a correction applied to

    def content(self, start: int = 0) -> list[int]:
        return [i for i in range(start, len(self.blocks)) if self.labels[i] is None]

    def gap_before(self, index: int) -> bool:
        block = self.blocks[index]
        if block.gap_before or index == 0:
            return True
        return self.labels[index - 1] in (IGNORED, METADATA)

    # -- residue, author, title, dates --

    def set_aside_residue(self) -> str:
        author = ""
        for index, block in enumerate(self.blocks):
            text = block.text.strip()
            match = AUTHOR.match(text)
            if match and not author and block.kind != ROW:
                author = printed_form(match["author"])
                self.labels[index] = METADATA
            elif RESIDUE.match(text):
                self.labels[index] = IGNORED
            elif index < TITLE_LOOKAHEAD and KICKER.match(text):
                self.labels[index] = METADATA  # "PRESS RELEASE" above the title is not it
        return author

    def find_title(self) -> tuple[str, int | None]:
        content = self.content()
        metadata_title = printed_form(self.document.metadata.get("title", ""))
        if metadata_title:
            for index in content[:TITLE_LOOKAHEAD]:
                if fold_key(self.blocks[index].text) == fold_key(metadata_title):
                    return metadata_title, index
            return metadata_title, None
        # The heading the page's <title> repeats, when a logo or kicker heading comes first.
        page_title = fold_key(self.document.metadata.get("fallback_title", ""))
        if page_title:
            for index in content[: 2 * TITLE_LOOKAHEAD]:
                block = self.blocks[index]
                heading = fold_key(block.text)
                if block.kind == HEADING and len(heading.split()) >= 3 and heading in page_title:
                    return printed_form(block.text), index
        # The first heading, when only short lines (a kicker, a date) stand before it.
        for position, index in enumerate(content[:TITLE_LOOKAHEAD]):
            block = self.blocks[index]
            if block.kind == HEADING:
                if cues.is_cue(block.text):
                    break
                if all(len(self.blocks[i].text.split()) <= 12 for i in content[:position]):
                    return printed_form(block.text), index
                break
        for position, index in enumerate(content[:2]):
            block = self.blocks[index]
            if dates.date_line(block.text, self.language) and position == 0:
                continue
            if len(block.text) > MAX_TITLE_LENGTH:
                break
            candidate = printed_form(block.text)
            following = content[position + 1] if position + 1 < len(content) else None
            separate = (
                following is None
                or self.gap_before(following)
                or dates.date_line(self.blocks[following].text, self.language) is not None
                or self._headline_over_paragraph(candidate, self.blocks[following].text)
            )
            sentence = candidate.endswith(".") and len(candidate.split()) >= TITLE_SENTENCE_WORDS
            if (
                len(candidate) <= MAX_TITLE_LENGTH
                and not sentence
                and separate
                and not has_sentence_break(candidate.rstrip("."))
                and not cues.is_cue(candidate)
                and block.kind != ROW
            ):
                return candidate, index
            break
        return "", None

    @staticmethod
    def _headline_over_paragraph(candidate: str, following: str) -> bool:
        """A short unpunctuated line directly over a much longer one: a title whose blank line
        was lost in copying ("Stop the killing in Idlib" / "Since last December, …")."""
        words = candidate.split()
        return (
            len(words) <= HEADLINE_WORDS
            and not candidate.endswith((".", ",", ";", ":"))
            and len(following) > 2 * len(candidate)
            and len(following.split()) > HEADLINE_WORDS
        )

    def proposed_title(self) -> str:
        """The first heading, else the first sentence of the body cut to a headline."""
        body = [i for i, label in enumerate(self.labels) if label in (None, BODY)]
        for index in body:
            if self.blocks[index].kind == HEADING:
                return printed_form(self.blocks[index].text)
        paragraph: list[str] = []
        for index in body:
            if paragraph and self.gap_before(index):
                break
            paragraph.append(printed_form(self.blocks[index].text))
        text = " ".join(paragraph)
        sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0] if text else ""
        if len(sentence.split()) > PROPOSED_TITLE_WORDS:
            words = sentence.split()[:PROPOSED_TITLE_WORDS]
            while len(words) > 1 and (words[-1].casefold() in CONNECTORS or words[-1] == "by"):
                words.pop()  # a headline does not end on "of" or "by"
            sentence = " ".join(words).rstrip(" ,;:")
        return sentence
        return ""

    def find_date_lines(self, head: bool) -> tuple[datetime.date, str, str] | None:
        """A date line among the first blocks (`head`), or anywhere outside the list ("1 May
        2021" closing a letter); labelled DATE."""
        content = self.content()
        for index in content[:TITLE_LOOKAHEAD] if head else content:
            found = dates.date_line(self.blocks[index].text, self.language)
            if found and self.blocks[index].kind != ROW:
                self.labels[index] = DATE
                return found
        return None

    # -- the list --

    def name_like(self, index: int, strict: bool, starting: bool = False) -> bool:
        block = self.blocks[index]
        if block.kind == HEADING:
            return False
        if block.kind == ROW:
            return not self.is_header_row(index) and bool(self.row_name(index))
        if len(block.text) > MAX_LIST_LINE_CHARS:
            return False
        cells = split_cells(block.text)
        max_words = MAX_NAME_WORDS if strict else MAX_LISTED_NAME_WORDS
        return bool(cells) and all(
            _cell_is_name(cell, max_words, strict, starting) for cell in cells
        )

    def is_continuation(self, index: int, previous: int, marked_list: bool) -> bool:
        """A line wrapped by web copy: no marker, no paragraph break, and either the list's items
        carry markers or the line before ends on a connector ("… for the Defence of")."""
        block, before = self.blocks[index], self.blocks[previous]
        if block.kind != "line" or self.gap_before(index) or block.marker:
            return False
        if before.kind == ROW or cues.unnamed_count(block.text) is not None:
            return False
        text = block.text.strip()
        if len(text) > MAX_LIST_LINE_CHARS:
            return False
        if URL_OR_EMAIL.search(text) or ":" in text:
            return False  # "Press contact: …" is not the rest of a name
        if cues.is_plain_group_heading(text) or cues.is_cue(text):
            return False  # "Individuals" starts a section
        if text.endswith(".") and len(text.split()) >= 5 and not is_abbreviation(text.split()[-1]):
            return False  # a sentence after the list ("Organisations may join until …")
        last = before.text.rsplit(None, 1)[-1].casefold() if before.text.split() else ""
        ends_open = before.text.rstrip().endswith((",", "-", "–", "&", "/")) or last in CONNECTORS
        starts_low = block.text[:1].islower()
        return (marked_list and before.marker != "") or ends_open or (starts_low and marked_list)

    def scan_list(self, start: int, strict: bool, group: str | None = None) -> "_ListScan":
        """List blocks from `start` on, until the names end; labels nothing (see `take`)."""
        scan = _ListScan()
        pending: list[int] = []  # cues and group headings, kept once a name follows them
        marked = 0  # members printed with a bullet or number
        linked = 0  # members that are a link and nothing else
        content = self.content(start)
        for position, index in enumerate(content):
            block = self.blocks[index]
            text = block.text.strip()
            if len(text) > MAX_LIST_LINE_CHARS:
                break  # a page of prose in one block ends any list
            if cues.END_LINE.match(text) or AUTHOR.match(text):
                break
            members = scan.members
            marked_list = marked * 2 > len(members)
            if members:
                last = members[-1]
                last_piece = scan.continuations.get(last, [last])[-1]
                if self.is_continuation(index, last_piece, marked_list):
                    scan.continuations.setdefault(last, []).append(index)
                    continue
            count = cues.unnamed_count(text)
            if count is not None and members:
                scan.unnamed_count = count
                scan.ignored.append(index)
                break  # "and 14 other organisations" closes the list
            kind_of_group = cues.group_kind(text) if block.kind != ROW else None
            standing_apart = (
                block.kind == HEADING
                or text.rstrip(" *").endswith(":")
                or bool(block.strong)
                or self.gap_before(index)
                or cues.is_plain_group_heading(text)
            )
            if kind_of_group and standing_apart:  # "Individuals", not a name "Journalists"
                pending.append(index)
                group = kind_of_group
                continue
            if cues.is_cue(text) and block.kind != ROW:
                pending.append(index)
                group = cues.cue_group(text)  # a new section: "Firmas individuales"
                continue
            if block.kind == ROW and self.is_header_row(index):
                pending.append(index)
                continue
            if block.kind == HEADING and countries.country_code(text):
                pending.append(index)  # a country heading groups the names below it
                continue
            if not self.name_like(index, strict):
                break
            following = content[position + 1 : position + 2]
            if (
                members
                and not linked
                and _only_a_link(block)
                and following
                and _only_a_link(self.blocks[following[0]])
            ):
                break  # names without links, then a list of links: "More statements", sources
            if members and marked_list and not block.marker and block.kind != ROW:
                if self.gap_before(index):
                    break  # a paragraph after a bulleted or numbered list is not one of its items
            if members and (
                dates.date_line(text, self.language)
                or self._closing_sentence(index, content[position + 1 : position + 2])
            ):
                break  # "List updated on 5 September 2023." / a closing sentence
            scan.cues.extend(pending)
            pending = []
            members.append(index)
            marked += bool(block.marker)
            linked += _only_a_link(block)
            scan.group_of[index] = group
        return scan

    def _closing_sentence(self, index: int, following: list[int]) -> bool:
        """A sentence (five or more words, ending on a full stop, with lower-case words that are
        not connectors) with no name after it: the text after a list, not a name."""
        text = self.blocks[index].text.strip()
        words = text.split()
        if len(words) < 5 or not text.endswith(".") or is_abbreviation(words[-1]):
            return False
        lower = [w for w in words if w[:1].islower() and w.casefold().strip(",.") not in CONNECTORS]
        if not words[-1][:1].islower() and len(lower) < 2:
            return False
        return not following or not self.name_like(following[0], strict=True)

    def take(self, scan: "_ListScan") -> None:
        """Label a chosen list: its cues, members, joined lines and closing count."""
        for index in scan.cues:
            self.labels[index] = CUE
        for index in scan.ignored:
            self.labels[index] = IGNORED
        for member in scan.members:
            self.labels[member] = SIGNATORY
            for piece in scan.continuations.get(member, []):
                self.labels[piece] = SIGNATORY
        self.continuations.update(scan.continuations)
        self.group_of.update(scan.group_of)
        if scan.unnamed_count is not None:
            self.unnamed_count = scan.unnamed_count

    def find_lists(self, after: int) -> list[int]:
        members: list[int] = []
        for index in self.content(after):
            if self.labels[index] is not None:
                continue
            block = self.blocks[index]
            if block.kind == ROW or len(block.text) > MAX_LIST_LINE_CHARS:
                continue
            heading_like = block.kind == HEADING or block.text.rstrip(" *").endswith(":")
            if not cues.is_cue(block.text) and not (heading_like and cues.group_kind(block.text)):
                continue  # a cue, or a section heading ("Organisations:") standing for one
            group = cues.group_kind(block.text) or cues.cue_group(block.text)
            scan = self.scan_list(index + 1, strict=False, group=group)
            if scan.members:
                self.labels[index] = CUE
                self.take(scan)
                members.extend(scan.members)
        if members:
            return members
        # No cue: the longest run of name-like blocks anywhere.
        best, best_score = _ListScan(), 0.0
        content = self.content(after)
        position = 0
        while position < len(content):
            index = content[position]
            if not self.name_like(index, strict=True, starting=True) and not (
                self.blocks[index].kind == ROW and self.is_header_row(index)
            ):
                position += 1
                continue
            scan = self.scan_list(index, strict=True)
            cells = [cell for m in scan.members for cell in self.cells_of(m, scan.continuations)]
            score = sum(map(_name_evidence, cells))
            reads_as_names = score >= MIN_NAME_EVIDENCE * len(cells)
            if len(cells) >= MIN_CUELESS_NAMES and reads_as_names and score > best_score:
                best, best_score = scan, score
            last = index
            if scan.members:
                last = max(scan.members[-1], *scan.continuations.get(scan.members[-1], [0]))
            while position < len(content) and content[position] <= last:
                position += 1
        self.take(best)
        return best.members

    # -- signatories --

    def is_header_row(self, index: int) -> bool:
        """A table's header: marked so (<th>, Markdown, Word's header row), or a row of column
        names ("No. | Organisation | Country") where the format cannot mark one (PDF)."""
        block = self.blocks[index]
        if block.kind != ROW:
            return False
        if block.header:
            return True
        cells = [cell.casefold().strip(" :*#.") for cell in block.cells if cell.strip()]
        vocabulary = NAME_CELL_HEADERS + COUNTRY_CELL_HEADERS + AFFILIATION_CELL_HEADERS
        return bool(cells) and all(
            cell in vocabulary or cell in ("no", "n°", "nr", "#", "number") for cell in cells
        )

    def table_headers(self, index: int) -> tuple[str, ...]:
        """The header cells of the table a row belongs to (the nearest header row above)."""
        if index in self.headers:
            return self.headers[index]
        headers: tuple[str, ...] = ()
        for previous in range(index - 1, -1, -1):
            block = self.blocks[previous]
            if block.kind != ROW:
                break
            if self.is_header_row(previous):
                headers = tuple(cell.casefold().strip(" :*") for cell in block.cells)
                break
        self.headers[index] = headers
        return headers

    def row_name(self, index: int) -> str:
        block = self.blocks[index]
        headers = self.table_headers(index)
        cells = list(block.cells) or [block.text]
        for position, header in enumerate(headers):
            if position < len(cells) and any(header.startswith(h) for h in NAME_CELL_HEADERS):
                if not any(header.startswith(h) for h in COUNTRY_CELL_HEADERS):
                    return printed_form(cells[position])
        for cell in cells:
            cell = printed_form(cell)
            if cell and not cell.rstrip(".").isdigit() and not countries.country_code(cell):
                return cell
        return ""

    def row_names(self, index: int) -> tuple[str, ...]:
        """The names a table row gives: its name column under a header; without a header, every
        cell that is neither a number nor a country (names set in two columns)."""
        block = self.blocks[index]
        if self.table_headers(index) or not block.cells:
            name = self.row_name(index)
            return (name,) if name else ()
        names = []
        for cell in block.cells:
            cell = printed_form(cell)
            if cell and not cell.rstrip(".").isdigit() and not countries.country_code(cell):
                names.append(cell)
        return tuple(names)

    def row_country(self, index: int) -> str:
        block = self.blocks[index]
        headers = self.table_headers(index)
        for position, header in enumerate(headers):
            if any(header.startswith(h) for h in COUNTRY_CELL_HEADERS) and position < len(
                block.cells
            ):
                return countries.country_code(block.cells[position])
        name = self.row_name(index)
        for cell in block.cells:
            cell = printed_form(cell)
            if cell != name and countries.country_code(cell):
                return countries.country_code(cell)
        return ""

    def row_affiliation(self, index: int) -> str:
        block = self.blocks[index]
        headers = self.table_headers(index)
        name = self.row_name(index)
        for position, header in enumerate(headers):
            if position < len(block.cells) and header in AFFILIATION_CELL_HEADERS:
                cell = printed_form(block.cells[position])
                if cell != name:
                    return cell
        return ""

    def cells_of(self, member: int, continuations: dict | None = None) -> tuple[str, ...]:
        block = self.blocks[member]
        if block.kind == ROW:
            return self.row_names(member)
        text = block.text
        joined = self.continuations if continuations is None else continuations
        for piece in joined.get(member, []):
            text = f"{text.rstrip()} {self.blocks[piece].text.strip()}"
        return split_cells(text)

    def signatories_of(self, member: int) -> list[ParsedSignatory]:
        block = self.blocks[member]
        result = []
        for name in self.cells_of(member):
            if len(name) > MAX_NAME_LENGTH:
                raise ImportProblem(
                    self.file,
                    f"signatory name is {len(name)} characters long (at most {MAX_NAME_LENGTH})",
                    block.line,
                    where=block.where.rsplit(" ", 1)[0] if block.page else "line",
                )
            if not WORD_CHARACTER.search(name):
                continue  # lone punctuation, not a name
            if cues.unnamed_count(name) is not None and len(self.cells_of(member)) > 1:
                self.unnamed_count = cues.unnamed_count(name)
                continue
            signatory = ParsedSignatory(
                position=0, name=name, line=block.line, page=block.page, looks_glued=False
            )
            if block.kind == ROW and len(self.row_names(member)) == 1:
                signatory.country = self.row_country(member)
                affiliation = self.row_affiliation(member)
                if affiliation:
                    signatory.kind, signatory.person_name = PERSON, name
                    signatory.affiliation = affiliation
            result.append(signatory)
        return result

    def describe(
        self,
        signatory: ParsedSignatory,
        strong: tuple[str, ...],
        group: str | None,
        list_is_personal: bool,
        names_are_personal: bool = False,
    ) -> None:
        """Kind, person name, affiliation and country from the printed line."""
        name = signatory.name
        if signatory.kind == PERSON:
            return
        base, country = countries.split_country(name)
        if not signatory.country:
            signatory.country = country
        else:
            base = name
        split = persons.split_person(base, strong)
        person = False
        if split is not None:
            person_name, affiliation = split
            evidence = (
                not affiliation
                or persons.has_honorific(name)
                or any(person_name == bold.strip(" ,") for bold in strong)
                or persons.affiliation_looks_personal(affiliation)
                or group == PERSON
                or list_is_personal
            )
            if evidence:
                person = True
                signatory.person_name, signatory.affiliation = person_name, affiliation
        elif (
            group == PERSON or (names_are_personal and group != ORGANIZATION)
        ) and persons.looks_like_person_name(base):
            person = True
            signatory.person_name = base
        if person:
            signatory.kind = PERSON
        else:
            signatory.organization_name = base if base != name else ""


def _only_a_link(block: Block) -> bool:
    """The block is one link and nothing else (a related post, a source)."""
    return len(block.links) == 1 and block.links[0][0].strip() == block.text.strip()


def _name_evidence(cell: str) -> float:
    """How much a line reads as a name rather than a short demand ("Release all journalists"):
    names are set in title case or capitals, carry an organisation word, an acronym, a country
    or a person's name. A weak line counts a quarter: four short demands weigh one name."""
    words = [w for w in cell.split() if w.casefold() not in CONNECTORS and w[:1].isalpha()]
    if not words:
        return WEAK_NAME_EVIDENCE
    capitalised = sum(1 for w in words if not w[:1].islower()) / len(words)
    strong = (
        capitalised >= 0.5
        or any(w[:1].isupper() and w.strip("(),.").casefold() in persons.ORG_WORDS for w in words)
        or any(len(w.strip("(),.")) >= 2 and w.strip("(),.").isupper() for w in words)
        or bool(countries.split_country(cell)[1])
    )
    return 1.0 if strong else WEAK_NAME_EVIDENCE


@dataclass
class _ListScan:
    members: list[int] = field(default_factory=list)
    cues: list[int] = field(default_factory=list)  # cue lines and group headings within it
    ignored: list[int] = field(default_factory=list)  # "and 14 other organisations"
    continuations: dict[int, list[int]] = field(default_factory=dict)  # wrapped lines joined
    group_of: dict[int, str | None] = field(default_factory=dict)  # member -> its section
    unnamed_count: int | None = None


def _apply_manifest(parsed: ParsedStatement, manifest: dict, file: str) -> None:
    for key in ("title", "place", "source_url", "language", "publisher"):
        if manifest.get(key):
            setattr(parsed, key, printed_form(str(manifest[key])))
    if manifest.get("published_on"):
        parsed.published_on, parsed.date_precision = parse_iso_date(
            str(manifest["published_on"]), file
        )
    if manifest.get("claimed_signatory_count"):
        parsed.claimed_signatory_count = int(manifest["claimed_signatory_count"])


def parse_iso_date(value: str, file: str, line: int | None = None) -> tuple[datetime.date, str]:
    """'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' to (date, precision)."""
    value = value.strip()
    for fmt, precision in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            return datetime.datetime.strptime(value, fmt).date(), precision
        except ValueError:
            continue
    raise ImportProblem(file, f"bad date {value!r}: use YYYY-MM-DD, YYYY-MM or YYYY", line)


def _metadata_date(value: str, language: str) -> tuple[datetime.date, str] | None:
    value = value.strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value[:10]), "day"
        except ValueError:
            return None
    found = dates.find_date(value, language)
    return (found[0], found[1]) if found else None


def _paragraphs(blocks: list[Block], indexes: list[int], gaps: dict[int, bool]) -> str:
    paragraphs: list[list[str]] = []
    for index in indexes:
        block = blocks[index]
        text = block.source_text or block.text
        if gaps[index] or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(text.rstrip())
    return "\n\n".join("\n".join(lines) for lines in paragraphs)


def read_document(
    document: Document,
    file: str,
    *,
    title: str | None = None,
    corrections=(),
    manifest: dict | None = None,
) -> ParsedStatement:
    manifest = manifest or {}
    reading = _Reading(document, file, manifest)
    blocks = reading.blocks
    if not any(block.text.strip() for block in blocks):
        raise ImportProblem(file, "no text to read")
    author = reading.set_aside_residue()
    metadata = document.metadata

    found_title, title_index = reading.find_title()
    if title_index is not None:
        reading.labels[title_index] = TITLE
    after_title = title_index + 1 if title_index is not None else 0
    published = None
    if metadata.get("date"):
        published = _metadata_date(metadata["date"], reading.language)
    date_found = reading.find_date_lines(head=True)
    members = reading.find_lists(after_title)
    if not date_found:
        date_found = reading.find_date_lines(head=False)
    place = ""
    if date_found and not published:
        published, place = (date_found[0], date_found[1]), date_found[2]

    if members:
        first_member = members[0]
    else:
        first_member = len(blocks)

    body_indexes = [i for i in range(len(blocks)) if reading.labels[i] is None]
    for index in body_indexes:
        reading.labels[index] = BODY
    gaps = {index: reading.gap_before(index) for index in range(len(blocks))}
    body = _paragraphs(blocks, body_indexes, gaps)

    parsed = ParsedStatement(
        title=found_title,
        body=body,
        author=author or printed_form(metadata.get("author", "")),
        source_format=document.source_format,
        language=metadata.get("language", ""),
        source_url=metadata.get("source_url", ""),
    )
    parsed.publisher = author or printed_form(metadata.get("publisher", ""))
    if published:
        parsed.published_on, parsed.date_precision = published
        parsed.place = place or printed_form(metadata.get("place", ""))
    else:
        first_body = [i for i in body_indexes if i < first_member][:1]
        if first_body:
            found = dates.dateline(blocks[first_body[0]].text, reading.language)
            if found:
                parsed.published_on, parsed.date_precision, parsed.place = found

    # Signatories, per list block, then corrections on top.
    entries: dict[int, list[ParsedSignatory]] = {}
    for member in members:
        entries[member] = reading.signatories_of(member)
    _apply_corrections(reading, entries, corrections, parsed)

    all_signatories = [s for member in sorted(entries) for s in entries[member]]
    personal = sum(1 for s in all_signatories if _reads_as_person(s.name))
    list_is_personal = personal * 2 > len(all_signatories) if all_signatories else False
    bare = sum(
        1
        for s in all_signatories
        if persons.looks_like_person_name(countries.split_country(s.name)[0])
    )
    # A list made mostly of bare personal names ("Shirin Ebadi (Iran)", "Denise Dresser") is a
    # list of persons; one such name among organisations ("Jana Watan") stays an organisation.
    names_are_personal = bare * 2 > len(all_signatories) if all_signatories else False
    seen: set[str] = set()
    for member in sorted(entries):
        block = blocks[member]
        strong = block.strong
        for signatory in entries[member]:
            if id(signatory) not in reading.kind_corrected:
                reading.describe(
                    signatory,
                    strong,
                    reading.group_of.get(member),
                    list_is_personal,
                    names_are_personal,
                )
            signatory.position = len(parsed.signatories) + 1
            key = fold_key(signatory.name)
            signatory.is_repeated = key in seen
            signatory.looks_glued = looks_glued(signatory.name)
            seen.add(key)
            parsed.signatories.append(signatory)
    parsed.unnamed_count = reading.unnamed_count

    count = CLAIMED_COUNT.search(parsed.title)
    if count and not APPROXIMATE.search(parsed.title[: count.start()]):
        parsed.claimed_signatory_count = int(count["count"])

    _apply_manifest(parsed, manifest, file)
    if title:
        parsed.title = printed_form(title)
    for correction in corrections:
        if correction.get("action") == "set":
            _set_field(parsed, correction, file)
    if not parsed.title and metadata.get("fallback_title"):
        parsed.title = printed_form(metadata["fallback_title"])
    if not parsed.title:
        parsed.title = reading.proposed_title()
        if parsed.title:
            parsed.flags.append(TITLE_PROPOSED)
    if not parsed.title:
        raise ImportProblem(file, "no title: the text has no line to take a title from", 1)
    if len(parsed.title) > MAX_TITLE_STORED:
        raise ImportProblem(file, f"the title is longer than {MAX_TITLE_STORED} characters", 1)
    if not parsed.signatories:
        parsed.flags.append(NO_SIGNATORIES)
    parsed.notes.extend(reading.notes)
    parsed.lines = _preview(reading, entries, parsed)
    return parsed


def _reads_as_person(name: str) -> bool:
    """A name with a personal-name head and an affiliation beside it (country set aside)."""
    return persons.split_person(countries.split_country(name)[0]) is not None


def _set_field(parsed: ParsedStatement, correction: dict, file: str) -> None:
    field, value = correction.get("field"), str(correction.get("value", ""))
    if field == "title" and value.strip():
        parsed.title = printed_form(value)
        if TITLE_PROPOSED in parsed.flags:
            parsed.flags.remove(TITLE_PROPOSED)
    elif field == "published_on":
        if value.strip():
            parsed.published_on, parsed.date_precision = parse_iso_date(value, file)
        else:
            parsed.published_on, parsed.date_precision = None, ""
    elif field == "publisher":
        parsed.publisher = printed_form(value)
    else:
        parsed.notes.append(f"correction skipped: cannot set {field!r}")


def _find_block(reading: _Reading, correction: dict) -> int | None:
    line, page, text = correction.get("line"), correction.get("page"), correction.get("text")
    for index, block in enumerate(reading.blocks):
        if block.line == line and block.page == page:
            if text is None or printed_form(str(text)) == printed_form(block.text):
                return index
    return None


def _apply_corrections(reading: _Reading, entries: dict, corrections, parsed) -> None:
    """Staff corrections, matched by line and text; one that no longer matches is reported."""
    for correction in corrections:
        action = correction.get("action")
        if action not in CORRECTION_ACTIONS:
            parsed.notes.append(f"correction skipped: unknown action {action!r}")
            continue
        if action == "set":
            continue
        index = _find_block(reading, correction)
        if index is None:
            where = f"line {correction.get('line')}"
            if correction.get("page"):
                where = f"page {correction.get('page')}, {where}"
            parsed.notes.append(
                f"correction skipped: {where} no longer reads {correction.get('text')!r}"
            )
            continue
        block = reading.blocks[index]
        owner = next((m for m, pieces in reading.continuations.items() if index in pieces), index)
        if action == "not_signatory":
            entries.pop(owner, None)
            reading.labels[index] = IGNORED
            for piece in reading.continuations.get(owner, []):
                reading.labels[piece] = IGNORED
        elif action == "signatory":
            reading.labels[index] = SIGNATORY
            entries[index] = reading.signatories_of(index)
        elif action == "split":
            parts = [printed_form(str(part)) for part in correction.get("parts", [])]
            entries[owner] = [
                ParsedSignatory(position=0, name=part, line=block.line, page=block.page)
                for part in parts
                if part
            ]
            reading.labels[index] = SIGNATORY
        elif action == "join":
            following = next(
                (i for i in range(index + 1, len(reading.blocks)) if reading.blocks[i].text), None
            )
            if following is None or (
                correction.get("next_text") is not None
                and printed_form(str(correction["next_text"]))
                != printed_form(reading.blocks[following].text)
            ):
                parsed.notes.append(f"correction skipped: nothing to join at {block.where}")
                continue
            joined = f"{block.text.strip()} {reading.blocks[following].text.strip()}"
            entries.pop(following, None)
            entries[owner] = [
                ParsedSignatory(
                    position=0, name=printed_form(joined), line=block.line, page=block.page
                )
            ]
            reading.continuations.setdefault(owner, []).append(following)
            reading.labels[index] = reading.labels[following] = SIGNATORY
        elif action in ("person", "organization"):
            if owner not in entries:
                entries[owner] = reading.signatories_of(owner)
                reading.labels[index] = SIGNATORY
            for signatory in entries[owner]:
                reading.kind_corrected.add(id(signatory))
                if action == "person":
                    signatory.kind = PERSON
                    signatory.person_name = printed_form(
                        str(correction.get("person_name") or signatory.name)
                    )
                    signatory.affiliation = printed_form(str(correction.get("affiliation", "")))
                    signatory.country = str(correction.get("country", signatory.country or ""))
                else:
                    signatory.kind = ORGANIZATION
                    base, country = countries.split_country(signatory.name)
                    signatory.organization_name = base if base != signatory.name else ""
                    signatory.country = country
                    signatory.person_name = signatory.affiliation = ""
        reading.corrected.add(index)


def _preview(reading: _Reading, entries: dict, parsed: ParsedStatement) -> list[PreviewLine]:
    first_of: dict[int, list[int]] = {}
    position = 0
    for member in sorted(entries):
        indexes = list(range(position, position + len(entries[member])))
        first_of[member] = indexes
        for piece in reading.continuations.get(member, []):
            first_of[piece] = indexes
        position += len(entries[member])
    corrected = reading.corrected
    lines = []
    for index, block in enumerate(reading.blocks):
        label = reading.labels[index] or BODY
        indexes = first_of.get(index, [])
        if label == SIGNATORY and not indexes:
            label = IGNORED
        lines.append(
            PreviewLine(
                line=block.line,
                page=block.page,
                text=block.text,
                label=label,
                signatory=indexes[0] if indexes else None,
                signatories=tuple(indexes),
                corrected=index in corrected,
            )
        )
    return lines
