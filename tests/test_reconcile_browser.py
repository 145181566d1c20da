"""A real cross-origin client: headless Chromium on another origin calls the reconciliation
service and the API over HTTP, so the browser itself enforces CORS (preflight included)."""

import pytest

from dedup.matching import clear_cache

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def cold_matcher_index():
    """Start like a fresh process: the matcher's per-process index is rebuilt from this test's
    database (see test_reconcile_matching for why rolled-back rows matter)."""
    clear_cache()


BATCH = {"q0": {"query": "Karam Fondation", "limit": 3}, "q1": {"query": "Syria Relief"}}


@pytest.fixture
def other_origin(transactional_db, seeded, live_server, page):
    """A page served from 127.0.0.1 while the service is addressed as localhost: two origins."""
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://127.0.0.1:{port}/reconcile/")
    return page, f"http://localhost:{port}"


def test_browser_on_another_origin_can_reconcile_by_form_and_json(other_origin):
    page, service = other_origin
    answers = page.evaluate(
        """async ([service, batch]) => {
            const form = new URLSearchParams({queries: JSON.stringify(batch)});
            const byForm = await fetch(service + "/reconcile/", {method: "POST", body: form});
            const byJson = await fetch(service + "/reconcile/", {
                method: "POST",
                headers: {"Content-Type": "application/json"},
                body: JSON.stringify({queries: batch}),
            });
            const manifest = await fetch(service + "/reconcile/");
            const bad = await fetch(service + "/reconcile/", {method: "POST",
                body: new URLSearchParams({queries: "{oops"})});
            return {
                form: await byForm.json(), json: await byJson.json(),
                manifest: await manifest.json(), bad: [bad.status, await bad.json()],
            };
        }""",
        [service, BATCH],
    )
    assert answers["form"] == answers["json"]
    assert answers["form"]["q0"]["result"][0]["id"] == "karam-foundation"
    assert answers["form"]["q1"]["result"][0]["match"] is True
    assert answers["manifest"]["versions"] == ["0.2"]
    assert answers["bad"][0] == 400 and "not valid JSON" in answers["bad"][1]["error"]


def test_browser_on_another_origin_can_read_the_api(other_origin):
    page, service = other_origin
    listing = page.evaluate(
        "async (service) => (await fetch(service + '/api/v1/statements/')).json()", service
    )
    assert listing["count"] == 5


def test_browser_refuses_what_cors_does_not_allow(other_origin):
    """Sanity check that the browser does enforce CORS here: a non-CORS path is blocked."""
    page, service = other_origin
    outcome = page.evaluate(
        """async (service) => {
            try { await fetch(service + "/statements/"); return "read"; }
            catch (error) { return "blocked"; }
        }""",
        service,
    )
    assert outcome == "blocked"


def test_preview_renders_in_an_iframe_of_another_origin(other_origin):
    page, service = other_origin
    page.set_content(
        f'<iframe id="p" src="{service}/reconcile/preview?id=karam-foundation" '
        'width="420" height="200"></iframe>'
    )
    frame = page.frame_locator("#p")
    assert frame.locator("h1").inner_text() == "Karam foundation"
