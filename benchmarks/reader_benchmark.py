"""How long the statement reader takes for a 5,000-signatory statement in each format
(target: under 1 s each).

    .venv/bin/python benchmarks/reader_benchmark.py [--signatories 5000] [--repeat 3]

It builds the same statement as plain text, Markdown, HTML, DOCX and PDF (tests/statement_files.py:
a title, a date, body paragraphs, a cue, the list, a contact line), with organisations, persons
with affiliations and "Org, Country" lines, then reads each file with `read_statement` (the
function the command, the admin and the tests call) and prints the best CPU time of the runs
and the number of signatories read. Nothing is written to a database.
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from statements.reader import countries, persons, read_statement  # noqa: E402
from statements.reader.reading import split_cells  # noqa: E402
from tests.statement_files import BUILDERS  # noqa: E402

TARGET_SECONDS = 1.0
FIRST = ["Amina", "Jorge", "Li", "Fatima", "Olena", "Kwame", "Sofia", "Omar", "Ingrid", "Ravi"]
LAST = ["Haddad", "García", "Chen", "Okafor", "Kowalska", "Novak", "Yılmaz", "Dubois", "Singh"]
ORG_HEAD = ["Centre for", "Association for", "Network for", "Foundation for", "Coalition for"]
ORG_TOPIC = ["Human Rights", "Press Freedom", "Digital Rights", "Climate Justice", "Public Health"]
PLACES = ["Kenya", "Colombia", "Lebanon", "Germany", "Philippines", "Brazil", "Türkiye", "Poland"]


def signatory_names(count: int, seed: int = 5000) -> list[str]:
    rng = random.Random(seed)
    names = []
    for number in range(count):
        roll = rng.random()
        org = f"{rng.choice(ORG_HEAD)} {rng.choice(ORG_TOPIC)} {number}"
        if roll < 0.5:
            names.append(org)
        elif roll < 0.75:
            names.append(f"{org}, {rng.choice(PLACES)}")
        else:
            person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            names.append(f"{person}, Director, {org}")
    return names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--signatories", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    names = signatory_names(args.signatories)
    failed = False
    print(f"{args.signatories:,} signatories; best of {args.repeat} runs (CPU time)")
    for extension, build in BUILDERS.items():
        data = build(names)
        best, read = float("inf"), 0
        for _ in range(args.repeat):
            for cached in (persons.split_person, persons.looks_like_person_name, split_cells):
                cached.cache_clear()  # every run reads the names afresh
            countries.split_country.cache_clear()
            started = time.process_time()
            parsed = read_statement(data, f"benchmark.{extension}")
            best = min(best, time.process_time() - started)
            read = len(parsed.signatories)
        verdict = "ok" if best < TARGET_SECONDS and read == len(names) else "SLOW OR INCOMPLETE"
        failed = failed or verdict != "ok"
        print(
            f"{extension:5s} {len(data) / 1024:8.0f} KB  {best:6.3f} s  "
            f"{read:,} signatories read  {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
