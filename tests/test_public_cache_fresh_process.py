"""A merge made by another process (a management command) retires the cached public pages of a
process that never heard of it: the command's merge service bumps the registry revision, which
the page cache keys on. Both processes are real and share one SQLite file database."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted(str(path) for path in (ROOT / "fixtures" / "seeds").glob("*.txt"))
TIMEOUT = 120  # seconds for one subprocess step, generous for a loaded 2-core machine

# The "app server": fetches a page with the page cache on, then again each time it is told to,
# printing one JSON line per fetch (status, Location, revision).
PAGE_PROCESS = """
import json, sys
import django
django.setup()
from django.test import Client
from statements.revision import current_revision
client = Client()
for _line in sys.stdin:
    response = client.get(sys.argv[1])
    print(json.dumps({
        "status": response.status_code,
        "location": response.get("Location", ""),
        "revision": current_revision(),
    }), flush=True)
"""


def run(args, env):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_merge_by_a_command_in_another_process_shows_at_once(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "registry.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'registry.sqlite3'}",
        "PUBLIC_CACHE_SECONDS": "600",  # far longer than the test: only the revision retires it
    }
    run(["migrate", "-v0"], env)
    run(["import_statements", *SEEDS], env)
    pages = subprocess.Popen(
        [sys.executable, "-c", PAGE_PROCESS, "/organizations/karam-foundation-nfp/"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:

        def fetch():
            pages.stdin.write("get\n")
            pages.stdin.flush()
            return json.loads(pages.stdout.readline())

        before = fetch()
        assert before["status"] == 200
        assert fetch() == before  # now served from that process's cache

        printed = run(["merge_organizations", "karam-foundation", "karam-foundation-nfp"], env)
        assert "merged" in printed

        after = fetch()
        assert after["revision"] > before["revision"]
        assert after["status"] == 301
        assert after["location"] == "/organizations/karam-foundation/"
    finally:
        pages.stdin.close()
        pages.wait(timeout=TIMEOUT)
