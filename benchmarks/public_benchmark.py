"""Benchmark of the public pages on a large generated registry, served by gunicorn on loopback.

    .venv/bin/python benchmarks/public_benchmark.py [--duration 5] [--connections 4]

Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/us_public_bench;
the database is created, migrated and filled by `generate_large_registry` when empty) and `wrk`
(installed with apt-get when missing and running as root). Each page is driven by wrk for
--duration seconds right after the trivial view /healthz, in the same run and server. Two
passes: with the public page cache (the default settings) and without it
(PUBLIC_CACHE_SECONDS=0), so the figures show what the code itself costs. Results: a markdown
table on stdout and in benchmarks/out/.
Everything runs on 127.0.0.1 and stops within about (2 x pages x passes x duration) + 2 minutes
(about 6 minutes with the defaults).
"""

import argparse
import datetime
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/us_public_bench"
BIG = "large-registry-the-statement-with-the-most-signatories"
BUSY = "large-registry-busy-organisation"
TRIVIAL = "/healthz"
TARGET_P50_MS = 150.0
TARGET_RATIO = 1 / 3


def env(database_url: str, cache_seconds: int | None = None) -> dict:
    values = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_SETTINGS_MODULE": "registry.settings",
        "LOG_LEVEL": "ERROR",
    }
    if cache_seconds is not None:
        values["PUBLIC_CACHE_SECONDS"] = str(cache_seconds)
    return values


def run(args, environment, **kwargs):
    return subprocess.run(args, cwd=ROOT, env=environment, check=True, **kwargs)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, timeout=300)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install wrk")
    return found


def ensure_database(database_url: str):
    import psycopg2  # from the project's venv

    name = database_url.rsplit("/", 1)[1]
    admin = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    environment = env(database_url)
    run([PYTHON, "manage.py", "migrate", "--noinput", "-v0"], environment)
    check = (
        "from statements.models import Statement;"
        f"print(Statement.objects.filter(slug='{BIG}').exists())"
    )
    out = run([PYTHON, "manage.py", "shell", "-c", check], environment, capture_output=True)
    if out.stdout.decode().strip().splitlines()[-1] != "True":
        print("generating the large registry …", flush=True)
        run([PYTHON, "manage.py", "generate_large_registry"], environment)
    run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], environment)


def pages(database_url: str) -> list[tuple[str, str]]:
    script = (
        "from statements.models import Statement;from signatories.models import Organization;"
        "s=Statement.objects.exclude(slug__startswith='large-').order_by('pk')[10];"
        "o=Organization.objects.exclude(slug__startswith='large-').order_by('pk')[10];"
        "print(s.slug);print(o.slug)"
    )
    out = run([PYTHON, "manage.py", "shell", "-c", script], env(database_url), capture_output=True)
    statement, organization = out.stdout.decode().strip().splitlines()[-2:]
    return [
        ("home", "/"),
        ("statement list", "/statements/"),
        ("statement list, year", "/statements/?year=2018&page=2"),
        ("statement, 2,000 signatories", f"/statements/{BIG}/"),
        ("statement, ordinary", f"/statements/{statement}/"),
        ("organisations A–Z", "/organizations/"),
        ("organisations, letter ج", "/organizations/?letter=%D8%AC"),
        ("organisation, 500 statements", f"/organizations/{BUSY}/"),
        ("organisation, ordinary", f"/organizations/{organization}/"),
        ("search", "/search/?q=Karam+Fondation"),
        ("signatories CSV (2,000)", f"/statements/{BIG}/signatories.csv"),
        ("signatories JSON (2,000)", f"/statements/{BIG}/signatories.json"),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(environment, port: int, workers: int):
    process = subprocess.Popen(
        [
            GUNICORN,
            "registry.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    sys.exit("gunicorn did not start")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def to_ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def drive(wrk: str, url: str, duration: int, connections: int) -> dict:
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=duration + 30,
        check=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"\n\s+50%\s+(\S+)", out).group(1)),
        "p99": to_ms(re.search(r"\n\s+99%\s+(\S+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def check_page(base: str, path: str):
    with urllib.request.urlopen(base + path, timeout=30) as response:
        assert response.status == 200, (path, response.status)
        response.read()


def measure(args, wrk, database_url, cache_seconds, label) -> list[str]:
    """Each page right after the trivial view, so both see the same machine load."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_gunicorn(env(database_url, cache_seconds), port, args.workers)
    try:
        page_list = pages(database_url)
        for _name, path in page_list:
            check_page(base, path)  # fails loudly on any error; also warms the cache
        results = []
        for name, path in page_list:
            trivial = drive(wrk, base + TRIVIAL, args.duration, args.connections)
            page = drive(wrk, base + path, args.duration, args.connections)
            results.append((name, trivial, page))
    finally:
        stop(process)
    rows = [f"\n##### {label}\n"]
    rows.append(
        "| page | requests/s | p50 ms | p99 ms | trivial view requests/s (p50 ms) "
        "| share of trivial | errors |"
    )
    rows.append("|---|---:|---:|---:|---:|---:|---:|")
    for name, trivial, r in results:
        share = r["rps"] / trivial["rps"]
        flags = []
        if not name.startswith("signatories") and share < TARGET_RATIO:
            flags.append("below 1/3")
        if name.startswith(("statement, 2,000", "organisation, 500")) and r["p50"] > TARGET_P50_MS:
            flags.append("p50 over 150 ms")
        rows.append(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
            f"| {trivial['rps']:.0f} ({trivial['p50']:.1f}) | {share:.2f}"
            f"{' ⚠ ' + ', '.join(flags) if flags else ''} | {r['errors'] + trivial['errors']} |"
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--only", choices=["cached", "uncached"], help="run one pass only")
    args = parser.parse_args()
    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    if "127.0.0.1" not in database_url and "localhost" not in database_url:
        sys.exit("the benchmark database must be on this machine")
    wrk = ensure_wrk()
    ensure_database(database_url)
    lines = [
        f"#### Benchmark run, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"gunicorn {args.workers} sync workers on 127.0.0.1, wrk 2 threads, "
        f"{args.connections} connections, {args.duration} s per page, {os.cpu_count()} CPUs; "
        "registry: 20,000 organisations, 2,000 statements, 52k signatures.",
    ]
    if args.only != "uncached":
        lines += measure(args, wrk, database_url, None, "With the public page cache (default)")
    if args.only != "cached":
        lines += measure(args, wrk, database_url, 0, "Without cache (PUBLIC_CACHE_SECONDS=0)")
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    (out / "public_benchmark.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
