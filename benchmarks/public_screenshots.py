"""Screenshots of the public pages in Debian's headless Chromium, for docs/screenshots/.

    .venv/bin/python benchmarks/public_screenshots.py

Serves the five seed statements from a throwaway SQLite file with `runserver` on 127.0.0.1
(DEBUG on, so the stylesheet is served from static/), then saves desktop and phone captures.
"""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
OUT = ROOT / "docs" / "screenshots"
LETTER = "/statements/letter-from-syrian-civil-society-organisations-to-world-leaders-on-idlib/"
PAGES = {
    "public-statement": LETTER,
    "public-statement-signatories": LETTER + "#signatories-h",
    "public-organization": "/organizations/syrian-expatriate-medical-association-sema/",
    "public-search": "/search/?q=Karam+Fondation",
    "public-organizations-az": "/organizations/?letter=%D8%A7",
}


def main():
    with tempfile.TemporaryDirectory() as tmp, socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/screens.sqlite3",
            "DJANGO_DEBUG": "1",
            "PUBLIC_CACHE_SECONDS": "0",
        }
        seeds = sorted(str(p) for p in (ROOT / "fixtures" / "seeds").glob("*.txt"))
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [PYTHON, "manage.py", "import_statements", *seeds],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        server = subprocess.Popen(
            [PYTHON, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)
                    break
                except OSError:
                    time.sleep(0.2)
            shoot(base)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)


def shoot(base: str):
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        for name, path in PAGES.items():
            for suffix, viewport in (("", (1280, 900)), ("-phone", (390, 844))):
                context = browser.new_context(
                    viewport={"width": viewport[0], "height": viewport[1]}
                )
                page = context.new_page()
                response = page.goto(base + path)
                if response.status != 200:
                    sys.exit(f"{path}: HTTP {response.status}")
                page.screenshot(path=OUT / f"{name}{suffix}.png", full_page=False)
                context.close()
                print("saved", OUT / f"{name}{suffix}.png")
        browser.close()


if __name__ == "__main__":
    main()
