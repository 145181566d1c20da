"""The W3C Entity Reconciliation API, version 0.2 (the one OpenRefine speaks), over the registry.

Only protocol here: reading a query batch, writing candidates, the manifest. Which organisations
match a name, and how surely, is `dedup.matching.find_matches_many` — never a second copy of it.
"""

import json
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from dedup.matching import find_matches_many  # the dedup module owns matching
from public import links
from signatories.names import MAX_NAME_LENGTH

VERSION = "0.2"
MAX_QUERIES = 50
MAX_LIMIT = 25
DEFAULT_LIMIT = 5
ORGANIZATION_TYPE = {"id": "Organization", "name": "Organisation"}
SCHEMA_SPACE = "http://schema.org/"
QUERY_KEYS = {"query", "type", "limit", "properties", "type_strict"}
PREVIEW_WIDTH, PREVIEW_HEIGHT = 420, 200


class BadBatch(ValueError):
    """A query batch we cannot answer; the message says which query and why."""


@dataclass(frozen=True)
class Query:
    key: str
    text: str
    limit: int
    wants_organizations: bool


def parse_batch(raw) -> list[Query]:
    """Read a batch given as JSON text or an already decoded object; raise BadBatch if malformed."""
    if isinstance(raw, str | bytes):
        try:
            raw = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise BadBatch(f"queries is not valid JSON: {error}") from None
        except RecursionError:
            raise BadBatch("queries is nested too deeply") from None
    if not isinstance(raw, dict):
        raise BadBatch('queries must be a JSON object such as {"q0": {"query": "Karam"}}')
    if not raw:
        raise BadBatch("queries is empty: send at least one query")
    if len(raw) > MAX_QUERIES:
        raise BadBatch(f"too many queries: {len(raw)} in one batch, at most {MAX_QUERIES}")
    return [_parse_query(key, value) for key, value in raw.items()]


def _parse_query(key: str, value) -> Query:
    where = f"query {key!r}"
    if not isinstance(value, dict):
        raise BadBatch(f"{where} must be an object with a 'query' string")
    unknown = sorted(set(value) - QUERY_KEYS)
    if unknown:
        raise BadBatch(
            f"{where} has unknown field(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(sorted(QUERY_KEYS))}"
        )
    text = value.get("query")
    if not isinstance(text, str) or not text.strip():
        raise BadBatch(f"{where}: 'query' must be a non-empty string (this service matches names)")
    if len(text) > MAX_NAME_LENGTH:
        raise BadBatch(f"{where}: 'query' is longer than {MAX_NAME_LENGTH} characters")
    limit = value.get("limit", DEFAULT_LIMIT)
    whole = isinstance(limit, int) or (isinstance(limit, float) and limit.is_integer())
    if isinstance(limit, bool) or not whole:
        raise BadBatch(f"{where}: 'limit' must be a whole number")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadBatch(f"{where}: 'limit' must be between 1 and {MAX_LIMIT}, not {limit}")
    types = value.get("type")
    if types is None:
        types = []
    elif isinstance(types, str):
        types = [types]
    elif not (isinstance(types, list) and all(isinstance(t, str) for t in types)):
        raise BadBatch(f"{where}: 'type' must be a type id or a list of type ids")
    type_strict = value.get("type_strict", "any")
    if not isinstance(type_strict, str) or type_strict not in {"any", "should", "all"}:
        raise BadBatch(f"{where}: 'type_strict' must be one of any, should, all")
    if not isinstance(value.get("properties", []), list):
        raise BadBatch(f"{where}: 'properties' must be a list")
    return Query(
        key=str(key),
        text=text.strip(),
        limit=int(limit),
        wants_organizations=not types or ORGANIZATION_TYPE["id"] in types,
    )


def run_batch(queries: list[Query]) -> dict:
    """Candidates for every query, best first. `match` is true only for a certain, unambiguous
    candidate: if the matcher is certain of two records, it is certain of neither. One
    candidate more than asked is fetched so that a cut-off second certain one still counts."""
    asked = [query for query in queries if query.wants_organizations]
    fetch = max((query.limit for query in asked), default=0) + 1
    found = dict(
        zip(
            (query.key for query in asked),
            find_matches_many([query.text for query in asked], limit=fetch),
            strict=True,
        )
    )
    results = {}
    for query in queries:
        if not query.wants_organizations:
            results[query.key] = {"result": []}
            continue
        fetched = found[query.key][: query.limit + 1]
        certain = [m for m in fetched if m.certain]
        matches = fetched[: query.limit]
        results[query.key] = {
            "result": [
                {
                    "id": m.organization.slug,
                    "name": m.organization.name,
                    "score": float(m.score),
                    "match": len(certain) == 1 and m is certain[0],
                    "type": [ORGANIZATION_TYPE],
                    "description": "; ".join(m.reasons),
                }
                for m in matches
            ]
        }
    return results


def manifest(request: HttpRequest) -> dict:
    """The service manifest (GET /reconcile/ without queries)."""

    def absolute_template(path: str) -> str:
        absolute = request.build_absolute_uri(path)
        return absolute.replace(links.ID_PLACEHOLDER, "{{id}}")

    preview = f"{reverse('reconcile-preview')}?id={links.ID_PLACEHOLDER}"
    return {
        "versions": [VERSION],
        "name": "Undersigned: organisations signing joint statements",
        "identifierSpace": request.build_absolute_uri(
            links.organization_page(links.ID_PLACEHOLDER).replace(f"{links.ID_PLACEHOLDER}/", "")
        ),
        "schemaSpace": SCHEMA_SPACE,
        "defaultTypes": [ORGANIZATION_TYPE],
        "view": {"url": absolute_template(links.organization_page(links.ID_PLACEHOLDER))},
        "preview": {
            "url": absolute_template(preview),
            "width": PREVIEW_WIDTH,
            "height": PREVIEW_HEIGHT,
        },
    }
