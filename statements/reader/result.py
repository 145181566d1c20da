"""What the reader makes of a statement: the parsed statement, its signatories and, for the admin
preview, every source block with the label the reader gave it."""

import datetime
from dataclasses import dataclass, field

ORGANIZATION, PERSON = "organization", "person"

# Labels of preview lines.
TITLE, DATE, BODY, CUE, SIGNATORY, IGNORED, METADATA = (
    "title",
    "date",
    "body",
    "cue",
    "signatory",
    "ignored",
    "metadata",
)

# Statement flags.
TITLE_PROPOSED = "title proposed"
NO_SIGNATORIES = "no signatories found"


@dataclass
class ParsedSignatory:
    position: int  # 1-based in printed order
    name: str  # name_as_printed: the line exactly as printed (markup removed, NFC)
    line: int  # source line (see Block.line)
    page: int | None = None
    kind: str = ORGANIZATION  # ORGANIZATION | PERSON
    organization_name: str = ""  # ORGANIZATION: the name without the stated country; PERSON: ""
    person_name: str = ""  # PERSON: the person's name as printed
    # PERSON: the affiliation as printed ("Professor of Law, University of X")
    affiliation: str = ""
    country: str = ""  # ISO 3166-1 alpha-2 ("CO"; "XK" for Kosovo) when the line states one
    is_repeated: bool = False
    looks_glued: bool = False

    @property
    def flags(self) -> list[str]:
        return [
            flag for flag, on in (("repeated", self.is_repeated), ("glued", self.looks_glued)) if on
        ]

    @property
    def record_name(self) -> str:
        """The name the registry record is resolved from: the organisation without its country,
        or the person's name."""
        if self.kind == PERSON:
            return self.person_name or self.name
        return self.organization_name or self.name


@dataclass
class PreviewLine:
    """One source block as the admin preview shows it."""

    line: int
    page: int | None
    text: str
    label: str  # TITLE | DATE | BODY | CUE | SIGNATORY | IGNORED | METADATA
    signatory: int | None = None  # index into ParsedStatement.signatories when label=SIGNATORY
    signatories: tuple[int, ...] = ()  # every signatory the block gives (several names a line)
    corrected: bool = False  # the label comes from a staff correction


@dataclass
class ParsedStatement:
    title: str
    body: str = ""
    author: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None
    date_precision: str = ""  # "day" | "month" | "year" | ""
    place: str = ""
    source_url: str = ""
    language: str = ""
    claimed_signatory_count: int | None = None
    unnamed_count: int | None = None  # "… and 14 other organisations" -> 14
    signatories: list[ParsedSignatory] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # TITLE_PROPOSED, NO_SIGNATORIES, ...
    notes: list[str] = field(default_factory=list)
    lines: list[PreviewLine] = field(default_factory=list)  # not part of the fingerprint
    source_format: str = ""


# Staff corrections, stored with the statement (JSON) and applied again on re-import. Each is a
# dict with "action", the "line" (and "page") it applies to and the block "text" it was made on (a
# correction whose text no longer matches is skipped and reported in notes):
#   {"action": "not_signatory", "line": 12, "text": "..."}
#   {"action": "signatory", "line": 12, "text": "..."}
#   {"action": "person", "line": 12, "text": "...", "person_name": "...", "affiliation": "..."}
#   {"action": "organization", "line": 12, "text": "..."}
#   {"action": "split", "line": 12, "text": "...", "parts": ["Org A", "Org B"]}
#   {"action": "join", "line": 12, "text": "...", "next_text": "..."}  # joins line 12 with the
#                                                                     # next block
# Title, date and publisher edits are plain fields: {"action": "set", "field": "title",
# "value": "..."} (fields: title, published_on (ISO date), publisher).
CORRECTION_ACTIONS = (
    "not_signatory",
    "signatory",
    "person",
    "organization",
    "split",
    "join",
    "set",
)
