"""Score the statement reader against the hand-written answer keys of a corpus directory.

    python -m tests.reader_scoring tests/data/statements [-v]

Every `<name>.key.json` names its file; the file is read with
`statements.reader.read_statement(data, filename)` and compared with the key:

- a signatory is read *exactly* when name_as_printed, kind, country and affiliation (and, for a
  person, person_name) all equal the key, matched as multisets (order does not matter, a name
  printed twice must be read twice);
- an *extra* is a read signatory whose name_as_printed is not (or no longer) in the key: a line
  the reader took for a signatory that is none. A key name read with a wrong kind, country or
  affiliation is not exact but not an extra either; -v shows what differs;
- the title, the date (ISO) and the stated count of unnamed signatories must equal the key. When
  the reader flags its title as proposed (the text has no title line), the title is judged by
  prefix: the key holds the opening words of the first sentence, and the proposed title must
  begin with them, or be a shortened form of them (ending in "…" or "...") at least
  PROPOSED_TITLE_MIN_CHARS long.

The figures are printed per layout family, per format and in total.
"""

import argparse
import datetime
import json
import os
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# A proposed title shortened below this many characters says too little to count as the title.
PROPOSED_TITLE_MIN_CHARS = 20
PERSON = "person"
TITLE_PROPOSED = "title proposed"
KEY_SUFFIX = ".key.json"


def _normal(text):
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def key_entry(entry):
    """The comparable form of one key signatory."""
    person = entry["kind"] == PERSON
    return (
        _normal(entry["name_as_printed"]),
        entry["kind"],
        entry.get("country", "") or "",
        _normal(entry.get("affiliation", "")),
        _normal(entry.get("person_name", "")) if person else "",
    )


def read_entry(signatory):
    """The comparable form of one signatory as the reader returned it (a ParsedSignatory)."""
    person = signatory.kind == PERSON
    return (
        _normal(signatory.name),
        signatory.kind,
        signatory.country or "",
        _normal(signatory.affiliation),
        _normal(signatory.person_name) if person else "",
    )


def titles_match(key_title, read_title, proposed):
    key_title, read_title = _normal(key_title), _normal(read_title)
    if key_title == read_title:
        return True
    if not proposed or not read_title:
        return False
    if read_title.startswith(key_title):
        return True
    shortened = read_title.rstrip(".…").rstrip()
    return (
        read_title != shortened
        and len(shortened) >= PROPOSED_TITLE_MIN_CHARS
        and key_title.startswith(shortened)
    )


@dataclass
class FileScore:
    file: str
    layout: str
    format: str
    key_total: int
    exact: int = 0
    extras: list = field(default_factory=list)  # names read that are not in the key
    missed: list = field(default_factory=list)  # key entries not read exactly
    wrong: list = field(default_factory=list)  # (key entry, read entry) same name, fields differ
    title_ok: bool = False
    date_ok: bool = False
    unnamed_ok: bool = False
    title_read: str = ""
    error: str = ""
    seconds: float = 0.0


def score_statement(key, parsed, seconds=0.0):
    """Compare one parsed statement (a ParsedStatement) with its key (a dict)."""
    expected = [key_entry(e) for e in key["signatories"]]
    got = [read_entry(s) for s in parsed.signatories]
    score = FileScore(
        file=key["file"],
        layout=key["layout"],
        format=key["file"].rsplit(".", 1)[-1].lower(),
        key_total=len(expected),
        seconds=seconds,
    )
    exact = Counter(expected) & Counter(got)
    score.exact = sum(exact.values())
    expected_left = Counter(expected) - exact
    got_left = Counter(got) - exact
    # Pair the remaining entries by name: same name with other fields = wrong, not extra.
    by_name = {}
    for entry in got_left.elements():
        by_name.setdefault(entry[0], []).append(entry)
    for entry in expected_left.elements():
        candidates = by_name.get(entry[0])
        if candidates:
            score.wrong.append((entry, candidates.pop()))
        else:
            score.missed.append(entry)
    score.extras = [entry for entries in by_name.values() for entry in entries]
    proposed = TITLE_PROPOSED in (getattr(parsed, "flags", None) or [])
    score.title_read = parsed.title or ""
    score.title_ok = titles_match(key["title"], parsed.title, proposed)
    read_date = parsed.published_on.isoformat() if parsed.published_on else None
    score.date_ok = read_date == key.get("published_on")
    score.unnamed_ok = getattr(parsed, "unnamed_count", None) == key.get("unnamed_count")
    return score


def load_keys(directory):
    directory = Path(directory)
    keys = []
    for path in sorted(directory.glob(f"*{KEY_SUFFIX}")):
        with path.open(encoding="utf-8") as handle:
            key = json.load(handle)
        key["_path"] = str(path)
        keys.append(key)
    return keys


def score_corpus(directory, read_statement=None):
    """Read every keyed file of `directory` and score it; a file the reader refuses scores 0."""
    if read_statement is None:
        from statements.reader import read_statement
    directory = Path(directory)
    scores = []
    for key in load_keys(directory):
        data = (directory / key["file"]).read_bytes()
        started = time.perf_counter()
        try:
            parsed = read_statement(data, key["file"])
        except Exception as error:  # a refusal is a result to report, not a crash of the run
            score = FileScore(
                key["file"], key["layout"], key["file"].rsplit(".", 1)[-1], len(key["signatories"])
            )
            score.missed = [key_entry(e) for e in key["signatories"]]
            score.error = f"{type(error).__name__}: {error}"
            score.seconds = time.perf_counter() - started
            scores.append(score)
            continue
        scores.append(score_statement(key, parsed, time.perf_counter() - started))
    return scores


@dataclass
class Totals:
    files: int = 0
    key_total: int = 0
    exact: int = 0
    extras: int = 0
    titles: int = 0
    dates: int = 0
    unnamed: int = 0

    def add(self, score):
        self.files += 1
        self.key_total += score.key_total
        self.exact += score.exact
        self.extras += len(score.extras)
        self.titles += score.title_ok
        self.dates += score.date_ok
        self.unnamed += score.unnamed_ok
        return self

    @property
    def exact_rate(self):
        return self.exact / self.key_total if self.key_total else 1.0

    @property
    def extra_rate(self):
        return self.extras / self.key_total if self.key_total else 0.0


def totals(scores, by=None):
    """Totals over all scores, or a dict of Totals grouped by the attribute `by`."""
    if by is None:
        result = Totals()
        for score in scores:
            result.add(score)
        return result
    grouped = {}
    for score in scores:
        grouped.setdefault(getattr(score, by), Totals()).add(score)
    return dict(sorted(grouped.items()))


def _table(title, rows):
    lines = [
        f"{title:<40} {'files':>5} {'names':>6} {'exact':>7} {'extra':>6} "
        f"{'titles':>7} {'dates':>6} {'unnamed':>7}"
    ]
    for label, t in rows:
        lines.append(
            f"{label[:40]:<40} {t.files:>5} {t.key_total:>6} {t.exact_rate:>7.1%} "
            f"{t.extra_rate:>6.1%} {t.titles:>3}/{t.files:<3} {t.dates:>2}/{t.files:<3} "
            f"{t.unnamed:>3}/{t.files:<3}"
        )
    return "\n".join(lines)


def report(scores, verbose=False):
    parts = [
        _table("layout", totals(scores, "layout").items()),
        "",
        _table("format", totals(scores, "format").items()),
        "",
        _table("TOTAL", [("all files", totals(scores))]),
    ]
    if verbose:
        for score in scores:
            problems = (
                score.error
                or score.missed
                or score.wrong
                or score.extras
                or not (score.title_ok and score.date_ok and score.unnamed_ok)
            )
            if not problems:
                continue
            parts.append(
                f"\n== {score.file} ({score.layout}): {score.exact}/{score.key_total} "
                f"exact, {len(score.extras)} extra, {score.seconds * 1000:.0f} ms"
            )
            if score.error:
                parts.append(f"   refused: {score.error}")
            if not score.title_ok:
                parts.append(f"   title read: {score.title_read!r}")
            if not score.date_ok:
                parts.append("   date differs")
            if not score.unnamed_ok:
                parts.append("   unnamed_count differs")
            parts.extend(f"   missed: {entry}" for entry in score.missed)
            parts.extend(f"   wrong:  key {k}\n           read {r}" for k, r in score.wrong)
            parts.extend(f"   extra:  {entry}" for entry in score.extras)
    return "\n".join(parts)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="list misses, wrong readings and extras per file",
    )
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        parser.error(f"{args.directory}: not a directory")
    # The reader may look at the registry's settings (limits); run it as the tests do.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings_test")
    import django

    django.setup()
    started = datetime.datetime.now()
    scores = score_corpus(args.directory)
    print(report(scores, verbose=args.verbose))
    elapsed = (datetime.datetime.now() - started).total_seconds()
    print(f"\n{len(scores)} files read in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
