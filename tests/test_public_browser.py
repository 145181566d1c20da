"""A visitor in a real headless Chromium: statement -> organisation -> search."""

import pytest

pytestmark = pytest.mark.browser

CESSATION = "a-statement-from-101-syrian-regional-and-international-humanitarian-and-human-ri"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 0


@pytest.fixture
def site(transactional_db, seeded, live_server):
    return live_server.url


def test_statement_to_organisation_to_search(site, page):
    page.goto(f"{site}/statements/")
    page.get_by_role("link", name="A statement from 101 Syrian").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("A statement from 101")
    assert page.locator("ol.signatories > li").count() == 99
    assert "The text itself claims 101." in page.locator("#signatories").inner_text()

    # The stylesheet is served and applied (two columns need CSS).
    assert (
        page.evaluate("getComputedStyle(document.querySelector('ol.signatories')).columnCount")
        == "2"
        or page.viewport_size["width"] < 700
    )

    page.locator("ol.signatories").get_by_role("link", name="Karam Foundation, NFP").click()
    assert page.url.endswith("/organizations/karam-foundation-nfp/")
    assert page.get_by_role("heading", level=1).inner_text() == "Karam Foundation, NFP"
    assert page.get_by_role("link", name="A statement from 101 Syrian").is_visible()

    search = page.get_by_role("searchbox", name="Search organisations and statements")
    search.fill("Karam Fondation")
    search.press("Enter")
    page.wait_for_url("**/search/?q=Karam+Fondation")
    results = page.locator("ul.org-list.results > li > a")
    assert results.first.inner_text() == "Karam foundation"
    results.first.click()
    assert page.url.endswith("/organizations/karam-foundation/")


def test_keyboard_focus_is_visible_and_arabic_names_are_right_to_left(site, page):
    slug = "letter-from-syrian-civil-society-organisations-to-world-leaders-on-idlib"
    page.goto(f"{site}/statements/{slug}/")
    page.keyboard.press("Tab")  # the skip link
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    arabic = page.locator("ol.signatories a", has_text="جمعية سلسبيل الخيرية")
    assert arabic.evaluate("el => getComputedStyle(el).direction") == "rtl"
    english = page.locator("ol.signatories a", has_text="Jana Watan")
    assert english.evaluate("el => getComputedStyle(el).direction") == "ltr"


def test_phone_width_has_no_horizontal_scroll(site, chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        for path in ["/", f"/statements/{CESSATION}/", "/organizations/", "/search/?q=sema"]:
            page.goto(site + path)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
    finally:
        context.close()
