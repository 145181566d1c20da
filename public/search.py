"""Public search: organisations by any spelling (typo- and acronym-tolerant), statements by words.

PostgreSQL narrows the organisation candidates with pg_trgm (GIN-indexed `%>` word similarity)
and finds statements by full-text search; SQLite, the development fallback, takes every spelling
as a candidate. Both backends then rank organisations with the same scorer (`name_score`), so the
top results agree.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Q
from django.db.models.expressions import RawSQL
from rapidfuzz import fuzz

from signatories.models import NameVariant, Organization
from signatories.names import STOPWORDS, fold_key
from statements.models import Statement

MAX_QUERY_LENGTH = 200
MIN_SCORE = 70  # below this, names share a word or two letters, not an identity
# pg_trgm word similarity at which a spelling becomes a candidate (default 0.6 misses typos
# such as "Karam Fondaton"); the Python scorer decides what is shown.
WORD_SIMILARITY_THRESHOLD = 0.45
# Scores of the exact tiers, best first; a fuzzy match is scaled below all of them
# (FUZZY_SCALE × 100 < PREFIX_SCORE), so a typo never outranks a name that contains the query.
EXACT_SCORE, WORDS_SCORE, ACRONYM_SCORE, PREFIX_SCORE = 100.0, 95.0, 90.0, 88.0
FUZZY_SCALE = 0.87
MIN_PREFIX_LENGTH = 3  # "Ka" prefixes too many names to mean one
# Word coverage is worth at least BREVITY_FLOOR of itself; the rest rewards names with no
# words beyond the query's ("Karam Foundation" over "Karam Foundation for Relief and …").
BREVITY_FLOOR = 0.85
MIN_WORD_SIMILARITY = 75  # rapidfuzz ratio below which two words are different words
ACRONYM = re.compile(r"[A-Z]{2,8}")


@dataclass
class OrganizationHit:
    organization: Organization
    score: float
    matched: str  # the spelling that matched best
    statement_count: int = 0
    reasons: list[str] = field(default_factory=list)


def clean_query(text: str | None) -> str:
    """Whitespace collapsed, control characters (NUL, which PostgreSQL refuses) dropped."""
    text = "".join(c for c in (text or "") if c.isprintable() or c.isspace())
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def name_score(query_key: str, name: str, acronym: bool = False) -> tuple[float, str]:
    """0–100: how well a folded query matches a name, and why. Same on every backend.

    `acronym`: the query was typed as one (capitals, "SAMS"), so initials may match."""
    key = fold_key(name)
    if not key or not query_key:
        return 0.0, ""
    if key == query_key:
        return EXACT_SCORE, "exact"
    if f" {query_key} " in f" {key} ":
        return WORDS_SCORE, "words"  # "SEMA" in "Syrian Expatriate Medical Association (SEMA)"
    if acronym:
        initials = "".join(word[0] for word in key.split() if word not in STOPWORDS)
        if query_key in (initials, "".join(word[0] for word in key.split())):
            return ACRONYM_SCORE, "acronym"
    if key.startswith(query_key) and len(query_key) >= MIN_PREFIX_LENGTH:
        return PREFIX_SCORE, "prefix"
    # Every query word should find a close word in the name ("Fondation" ~ "Foundation");
    # a name sharing only one of two words ("Idlib Health …" for "Idlib massacre") stays low.
    query_words, words = query_key.split(), key.split()
    coverage = sum(_word_score(word, words) for word in query_words) / len(query_words)
    brevity = BREVITY_FLOOR + (1 - BREVITY_FLOOR) * len(query_words) / max(
        len(words), len(query_words)
    )
    fuzzy = max(coverage * brevity, fuzz.ratio(query_key, key))
    return round(FUZZY_SCALE * fuzzy, 1), "similar"


def _word_score(query_word: str, words: list[str]) -> float:
    best = 0.0
    for word in words:
        if word == query_word or (
            len(query_word) >= MIN_PREFIX_LENGTH and word.startswith(query_word)
        ):
            return 100.0
        best = max(best, fuzz.ratio(query_word, word))
    return best if best >= MIN_WORD_SIMILARITY else 0.0


def _candidate_names(query: str) -> list[tuple[str, int, int | None]]:
    """(spelling, organisation id, merged-into id) worth scoring: display names and variants."""
    variant_fields = ("name", "organization_id", "organization__merged_into_id")
    org_fields = ("name", "pk", "merged_into_id")
    if connection.vendor != "postgresql":
        return list(NameVariant.objects.values_list(*variant_fields)) + list(
            Organization.objects.values_list(*org_fields)
        )
    # `%>` (word similarity) also covers substrings of 3+ letters ("SEMA" in "… (SEMA)").
    similar = Q(name__trigram_word_similar=query)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                [str(WORD_SIMILARITY_THRESHOLD)],
            )
        variants = list(NameVariant.objects.filter(similar).order_by().values_list(*variant_fields))
        names = list(Organization.objects.filter(similar).order_by().values_list(*org_fields))
    if ACRONYM.fullmatch(query):
        # An acronym typed in capitals and never printed in the name ("SAMS"): names whose
        # words start with its letters in order. No index serves this scan (50–100 ms on
        # 20,000 names), so it runs only for such queries.
        initials = Q(name__iregex="^\\W*" + ".*\\m".join(query.casefold()))
        names += list(Organization.objects.filter(initials).order_by().values_list(*org_fields))
    return variants + names


def search_organizations(text: str, limit: int = 20) -> list[OrganizationHit]:
    """Active organisations best matching `text` by any spelling, best first.

    A match on a merged record's spelling counts for the organisation it was merged into.
    Queries: 2–3 for candidates, 1 to follow merge chains, 1 for the records with their
    statement counts.
    """
    query = clean_query(text)
    query_key = fold_key(query)
    if not query_key:
        return []
    best: dict[int, tuple[float, str, str]] = {}
    acronym = bool(ACRONYM.fullmatch(query))
    scored = []
    for name, org_id, merged_into_id in _candidate_names(query):
        score, reason = name_score(query_key, name, acronym)
        if score >= MIN_SCORE:
            scored.append((score, reason, name, org_id, merged_into_id))
    merged = {merged_into_id for *_rest, merged_into_id in scored if merged_into_id}
    survivors = Organization.objects.filter(pk__in=merged).survivor_ids() if merged else {}
    for score, reason, name, org_id, merged_into_id in scored:
        target = survivors[merged_into_id] if merged_into_id else org_id
        if target not in best or score > best[target][0]:
            best[target] = (score, name, reason)
    if not best:
        return []
    ranked_ids = sorted(best, key=lambda pk: -best[pk][0])[: limit * 2]
    organizations = Organization.objects.active().with_counts().in_bulk(ranked_ids)
    hits = [
        OrganizationHit(
            organization=organizations[pk],
            score=best[pk][0],
            matched=best[pk][1],
            reasons=[best[pk][2]],
            statement_count=organizations[pk].statement_count,
        )
        for pk in ranked_ids
        if pk in organizations
    ]
    hits.sort(key=lambda hit: (-hit.score, -hit.statement_count, hit.organization.name))
    return hits[:limit]


def search_statements(text: str, limit: int = 20):
    """Statements whose title or body contain the words of `text` (as word prefixes), best first.

    PostgreSQL: the stored `search_document` (statements/migrations/0003), title weighted above
    body; one query. SQLite: substring match, title hits ranked first.
    """
    query = clean_query(text)
    words = fold_key(query).split()
    if not words:
        return []
    fields = ["title", "slug", "published_on", "date_precision", "publisher__name"]
    statements = Statement.objects.select_related("publisher")
    if connection.vendor == "postgresql":
        # Words are letters and digits only after fold_key, so a raw prefix query is safe.
        tsquery = " & ".join(f"{word}:*" for word in words)
        matches = RawSQL(
            "search_document @@ to_tsquery('simple'::regconfig, %s)",
            (tsquery,),
            output_field=BooleanField(),
        )
        rank = RawSQL(
            "ts_rank(search_document, to_tsquery('simple'::regconfig, %s))",
            (tsquery,),
            output_field=FloatField(),
        )
        # Statements with every word in the title (weight A) first, as in the fallback below.
        in_title = RawSQL(
            "search_document @@ to_tsquery('simple'::regconfig, %s)",
            (" & ".join(f"{word}:*A" for word in words),),
            output_field=BooleanField(),
        )
        return list(
            statements.only(*fields, "publisher__slug")
            .filter(matches)
            .annotate(in_title=in_title, rank=rank)
            .order_by("-in_title", "-rank", F("published_on").desc(nulls_last=True), "pk")[:limit]
        )
    found = statements.all()
    for word in words:
        found = found.filter(Q(title__icontains=word) | Q(body__icontains=word))
    # Match and rank like the PostgreSQL branch: each word a word prefix; title hits first.
    ranked = []
    for statement in found:
        title_words = fold_key(statement.title).split()
        body_words = fold_key(statement.body).split()
        title_hits = all(any(w.startswith(word) for w in title_words) for word in words)
        body_hits = sum(sum(w.startswith(word) for w in body_words) for word in words)
        if all(any(w.startswith(word) for w in title_words + body_words) for word in words):
            day = statement.published_on.toordinal() if statement.published_on else 0
            ranked.append(((-title_hits, -body_hits, -day, statement.pk), statement))
    ranked.sort(key=lambda pair: pair[0])
    return [statement for _key, statement in ranked[:limit]]


# A–Z navigation ---------------------------------------------------------------------------

OTHER = "#"


def letter_of(initial: str) -> str:
    """The navigation letter of a name's first character: NFKD without marks, casefolded.

    "É" files under E, "أ" and "إ" under "ا"; digits and punctuation under "#".
    """
    text = unicodedata.normalize("NFKD", initial or "").casefold()
    base = unicodedata.normalize("NFKC", "".join(c for c in text if not unicodedata.combining(c)))
    return base[:1].upper() if base[:1].isalpha() else OTHER


def _letter_order(letter: str):
    return (letter == OTHER, not ("A" <= letter <= "Z"), letter)


def letter_groups() -> dict[str, list[str]]:
    """Navigation letter -> the raw first characters filed under it (one aggregate query)."""
    groups: dict[str, list[str]] = {}
    for initial in Organization.objects.active().initials():
        groups.setdefault(letter_of(initial), []).append(initial)
    return {letter: sorted(groups[letter]) for letter in sorted(groups, key=_letter_order)}


def starting_with(initials: list[str]) -> Q:
    query = Q(pk__in=[])
    for initial in initials:
        query |= Q(name__startswith=initial)
    return query
