"""How long `import_statements FILE.csv` takes for a 10,000-row file (target: ≤ 10 s).

Run against a throwaway database (the import writes; the script creates and drops nothing else):

    export DATABASE_URL=sqlite:////tmp/us_bench.sqlite3 DJANGO_DEBUG=1
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python benchmarks/csv_import_benchmark.py [--rows 10000] [--statements 10]

It writes a CSV of realistic names (one row per signatory; a share of near-duplicate spellings so
the dedup suggester has work), times the first import (everything new), then the same file
again (must report "unchanged"), through the same command staff use. Wall time depends on what
else the machine runs; the CPU time of this process (which, on SQLite, includes the database
work) is printed too.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

WORDS = (
    "Syrian Women Network Civil Defence Relief Association Doctors Independent Media Center "
    "Rights Human Justice Families Freedom Peace Development Humanitarian Foundation Youth "
    "Legal Aid Kurdish Arab Alliance Coalition Forum Institute Observatory Education Health"
).split()


def make_csv(rows: int, statements: int, seed: int = 4) -> str:
    rng = random.Random(seed)
    names = []
    for i in range(rows):
        words = rng.sample(WORDS, rng.randint(2, 4))
        name = f"{' '.join(words)} {i}"
        if i % 25 == 0 and names:  # a near-duplicate of an earlier name
            name = names[rng.randrange(len(names))].replace("a", "e", 1)
        names.append(name)
    lines = ["statement_title,statement_date,publisher,signatory_name,signatory_type"]
    per = rows // statements
    for i, name in enumerate(names):
        s = min(i // per, statements - 1)
        lines.append(
            f'Benchmark statement {s},2024-0{1 + s % 9},Publisher {s},"{name}",organization'
        )
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--statements", type=int, default=10)
    args = parser.parse_args()
    path = Path(tempfile.mkdtemp()) / "benchmark.csv"
    path.write_text(make_csv(args.rows, args.statements), encoding="utf-8")
    for attempt in ("first import", "same file again"):
        out = StringIO()
        started, cpu = time.perf_counter(), time.process_time()
        call_command("import_statements", str(path), stdout=out)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        statuses = sorted({line.split()[0] for line in out.getvalue().splitlines()})
        print(
            f"{attempt:<16} {args.rows} rows, {args.statements} statements: "
            f"{elapsed:.2f} s wall, {cpu:.2f} s CPU of this process {statuses}"
        )


if __name__ == "__main__":
    main()
