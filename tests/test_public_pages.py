"""Public pages on the seed statements: content, navigation, redirects, errors and escaping."""

import re

import pytest
from django.urls import reverse

from dedup.merging import merge_organizations
from signatories.models import Organization
from statements.importing import save_statement
from statements.models import Signature, Statement
from statements.reader.result import ParsedSignatory, ParsedStatement

CESSATION = "a-statement-from-101-syrian-regional-and-international-humanitarian-and-human-ri"


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PUBLIC_CACHE_SECONDS = 0


def text_of(response) -> str:
    return response.content.decode()


def test_home_shows_counts_latest_and_a_search_box(client, seeded):
    response = client.get("/")
    assert response.status_code == 200
    html = text_of(response)
    counts = dict(re.findall(r"<dt>(\w+)</dt><dd>(\d+)</dd>", html))
    assert counts == {
        "Statements": "5",
        "Organisations": str(Organization.objects.active().count()),
        "Signatures": str(120 + 59 + 99),
    }
    assert 'role="search"' in html and 'name="q"' in html
    assert "Letter from Syrian civil society organisations to world leaders on Idlib" in html


def test_statement_list_is_newest_first_and_filters_by_year_and_publisher(client, seeded):
    html = text_of(client.get("/statements/"))
    titles = re.findall(r'class="statement-title">([^<]+)<', html)
    assert len(titles) == 5
    assert titles[0].startswith("Letter from Syrian civil society")  # 6 February 2020
    assert titles[1].startswith("A statement from 101 Syrian")  # 2016

    html = text_of(client.get("/statements/", {"year": 2016}))
    assert re.findall(r'class="statement-title">([^<]+)<', html) == [
        Statement.objects.get(slug=CESSATION).title.replace("’", "’")
    ]
    html = text_of(client.get("/statements/", {"publisher": "dawlaty"}))
    assert re.findall(r'class="statement-title">([^<]+)<', html) == [
        "Bear witness and take action on what is happening in Idlib, Syria"
    ]
    assert text_of(client.get("/statements/", {"year": "junk"})).count("statement-title") == 5


def test_statement_page_lists_signatories_in_printed_order_with_counts(client, seeded):
    statement = Statement.objects.get(slug=CESSATION)
    response = client.get(reverse("statement-detail", kwargs={"slug": CESSATION}))
    html = text_of(response)
    assert '<h1 dir="auto">A statement from 101 Syrian' in html
    assert "<time>2016</time>" in html  # year precision only
    assert "99 printed signatories, 99 distinct organisations." in html
    assert "The text itself claims 101." in html
    items = re.findall(r'<li value="(\d+)"><a href="([^"]+)" dir="auto">([^<]+)</a>', html)
    expected = list(
        statement.signatures.order_by("position").values_list(
            "position", "organization__slug", "organization__name"
        )
    )
    assert len(items) == 99
    assert [(int(p), href, name) for p, href, name in items] == [
        (p, reverse("organization-detail", kwargs={"slug": slug}), name.replace("&", "&amp;"))
        for p, slug, name in expected
    ]
    for paragraph in statement.paragraphs()[:2]:
        assert paragraph[:40] in html.replace("&#x27;", "'")


def test_printed_spelling_is_shown_where_it_differs_from_the_organisation_name(client, seeded):
    signature = (
        Signature.objects.filter(statement__slug=CESSATION)
        .select_related("organization")
        .get(name_as_printed="Karam Foundation, NFP")
    )
    signature.organization.name = "Karam Foundation"  # a reviewer renamed the record
    signature.organization.save()
    html = text_of(client.get(reverse("statement-detail", kwargs={"slug": CESSATION})))
    assert (
        '>Karam Foundation</a> <span class="printed">printed as '
        '<q dir="auto">Karam Foundation, NFP</q></span>'
    ) in html


def test_statement_without_signatories_says_so(client, seeded):
    html = text_of(client.get("/statements/urgent-actions-needed-to-stop-the-massacre-in-idlib/"))
    assert "The text prints no list of signatories." in html
    assert "Syrian British Council" in html  # publisher


def test_organization_page_shows_spellings_statements_and_co_signers(client, seeded):
    karam = Organization.objects.get(slug="karam-foundation")
    html = text_of(client.get(reverse("organization-detail", kwargs={"slug": karam.slug})))
    assert '<h1 dir="auto">Karam foundation</h1>' in html
    assert "signed 1 statement." in html
    assert "Statement By Civil Society Organizations And Individuals" in html
    co_signers = re.findall(r'<h2 id="cosigners-h">.*?</ol>', html, re.S)[0]
    assert co_signers.count("<li>") == 10
    assert "1 statement together" in co_signers


def test_organization_page_lists_other_spellings_and_co_signers_across_statements(client, seeded):
    # Merge the two SEMA records through the dedup service: the survivor then has both.
    sema = Organization.objects.get(slug="syrian-expatriate-medical-association-sema")
    other = Organization.objects.get(slug="syrian-expatriates-medical-association-sema")
    merge_organizations(sema, other)
    html = text_of(client.get(reverse("organization-detail", kwargs={"slug": sema.slug})))
    assert "signed 2 statements." in html
    assert '<li dir="auto">Syrian Expatriates MEDICAL Association (SEMA)</li>' in html
    assert "Letter from Syrian civil society organisations" in html
    assert "A statement from 101 Syrian" in html


def test_merged_organization_answers_301_to_the_survivor(client, seeded):
    survivor = Organization.objects.get(slug="karam-foundation")
    merged = Organization.objects.get(slug="karam-foundation-nfp")
    merge_organizations(survivor, merged)
    response = client.get("/organizations/karam-foundation-nfp/")
    assert response.status_code == 301
    assert response["Location"] == "/organizations/karam-foundation/"
    # …and the merged record leaves the A–Z list.
    html = text_of(client.get("/organizations/", {"letter": "K"}))
    assert "karam-foundation-nfp" not in html and "/organizations/karam-foundation/" in html


def test_a_chain_of_merges_redirects_to_the_last_survivor(client, seeded):
    a, b, c = Organization.objects.filter(name__icontains="karam").order_by("pk")[:3]
    merge_organizations(b, c)
    merge_organizations(a, b)
    response = client.get(f"/organizations/{c.slug}/")
    assert response.status_code == 301
    assert response["Location"] == f"/organizations/{a.slug}/"


def test_organization_list_has_letters_including_arabic(client, seeded):
    html = text_of(client.get("/organizations/"))
    letters = re.findall(r'<li><a href="\?letter=[^"]*" dir="auto"[^>]*>([^<]+)</a></li>', html)
    assert letters[:3] == ["A", "B", "C"]
    assert "S" in letters and "Ś" not in letters  # "Ś…" files under S
    for arabic in ["ا", "ج", "ل", "م"]:
        assert arabic in letters
    assert "أ" not in letters  # "ألفة …" files under ا
    assert letters.index("Z") < letters.index("ا")

    html = text_of(client.get("/organizations/", {"letter": "ا"}))
    names = re.findall(r'<li><a href="/organizations/[^"]+" dir="auto">([^<]+)</a>', html)
    assert "ألفة للإغاثة الانسانية" in names
    assert "المنظمة الدولية للإغاثة والتنمية" in names
    assert all(name[0] in "اأإآ" for name in names)


def test_organization_list_is_alphabetical_and_paginated(client, db):
    Organization.objects.bulk_create(
        Organization(name=f"Org {i:03d}", slug=f"org-{i:03d}") for i in range(150)
    )
    first = text_of(client.get("/organizations/"))
    second = text_of(client.get("/organizations/", {"page": 2}))
    assert "Page 1 of 2" in first and "Page 2 of 2" in second
    assert "Org 000" in first and "Org 099" in first and "Org 100" not in first
    assert "Org 149" in second


def test_arabic_slugs_resolve(client, seeded):
    organization = Organization.objects.get(name="منظمة كريمات")
    url = reverse("organization-detail", kwargs={"slug": organization.slug})
    response = client.get(url)
    assert response.status_code == 200
    assert '<h1 dir="auto">منظمة كريمات</h1>' in text_of(response)


@pytest.mark.parametrize(
    "url",
    ["/statements/no-such-statement/", "/organizations/no-such-org/", "/no/such/page/"],
)
def test_unknown_urls_give_a_plain_404_without_debug_output(client, seeded, settings, url):
    settings.DEBUG = False
    response = client.get(url)
    assert response.status_code == 404
    html = text_of(response)
    assert "<h1>Not found</h1>" in html
    assert "Traceback" not in html and "URLconf" not in html and "DEBUG" not in html


def test_server_error_page_shows_no_traceback(client, db, settings, monkeypatch):
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("public.views.search_organizations", broken)
    client.raise_request_exception = False
    response = client.get("/search/", {"q": "anything"})
    assert response.status_code == 500
    html = text_of(response)
    assert "Something went wrong" in html
    assert "secret internal detail" not in html and "Traceback" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/statements/",
        f"/statements/{CESSATION}/",
        "/organizations/",
        "/organizations/karam-foundation/",
        "/search/?q=karam",
        f"/statements/{CESSATION}/signatories.csv",
        f"/statements/{CESSATION}/signatories.json",
        "/registry.csv",
    ],
)
def test_only_safe_methods_are_allowed(client, seeded, url):
    assert client.head(url).status_code == 200
    for method in (client.post, client.put, client.delete, client.patch):
        assert method(url).status_code == 405


def _hostile_statement():
    parsed = ParsedStatement(
        title="<img src=x onerror=alert(1)> statement",
        body="Body with <b>markup</b> & <script>alert('body')</script>",
        publisher="<i>Publisher</i>",
        signatories=[
            ParsedSignatory(position=1, name="<script>alert(1)</script>", line=1),
            ParsedSignatory(position=2, name='"><svg onload=alert(2)>', line=2),
            ParsedSignatory(position=3, name='=HYPERLINK("http://evil")', line=3),
        ],
    )
    save_statement(parsed, source_file="hostile.txt", report_file="hostile.txt")
    return Statement.objects.get(source_file="hostile.txt")


def test_names_and_texts_are_escaped_everywhere(client, db):
    statement = _hostile_statement()
    organization = Organization.objects.get(name="<script>alert(1)</script>")
    pages = [
        "/",
        "/statements/",
        f"/statements/{statement.slug}/",
        "/organizations/",
        f"/organizations/{organization.slug}/",
        "/search/?q=script",
        "/search/?q=<script>alert(1)</script>",
    ]
    for url in pages:
        html = text_of(client.get(url))
        assert "<script>alert" not in html, url
        assert "<svg onload" not in html and "<img src=x" not in html, url
        assert "<b>markup</b>" not in html and "<i>Publisher</i>" not in html, url
    html = text_of(client.get(f"/statements/{statement.slug}/"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;markup&lt;/b&gt;" in html


def test_public_pages_show_nothing_from_the_admin(client, seeded):
    statement = Statement.objects.get(slug=CESSATION)
    urls = ["/", "/statements/", f"/statements/{CESSATION}/", "/organizations/karam-foundation/"]
    for url in urls:
        html = text_of(client.get(url))
        assert "/admin" not in html
        assert statement.source_file not in html  # import bookkeeping stays internal
        assert statement.fingerprint not in html
        assert "csrfmiddlewaretoken" not in html
        assert "Set-Cookie" not in str(client.get(url).headers)


def test_pages_have_landmarks_labels_and_the_stylesheet(client, seeded):
    html = text_of(client.get(f"/statements/{CESSATION}/"))
    assert '<html lang="en">' in html
    assert "<header" in html and '<main id="main"' in html and "<footer" in html
    assert '<nav aria-label="Main">' in html
    assert '<label for="site-q"' in html and 'id="site-q"' in html
    assert 'href="/static/css/site.css"' in html
    assert 'name="viewport"' in html
    assert html.count("<h1") == 1


def test_every_seed_statement_and_organisation_can_be_found_read_and_downloaded(client, seeded):
    from public.search import search_organizations, search_statements

    for statement in Statement.objects.all():
        assert client.get(f"/statements/{statement.slug}/").status_code == 200
        assert client.get(f"/statements/{statement.slug}/signatories.csv").status_code == 200
        assert client.get(f"/statements/{statement.slug}/signatories.json").status_code == 200
        assert statement in search_statements(statement.title), statement.title
    listed = set()
    for page in range(1, 4):
        listed |= set(
            re.findall(
                r'href="/organizations/([^"/]+)/"',
                text_of(client.get("/organizations/", {"page": page})),
            )
        )
    for organization in Organization.objects.active():
        assert client.get(f"/organizations/{organization.slug}/").status_code == 200
        found = [hit.organization for hit in search_organizations(organization.name)]
        assert organization in found, organization.name
    assert len(listed) == Organization.objects.active().count()


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/statements/bad%00slug/", 404),
        ("/statements/bad%00slug/signatories.csv", 404),
        ("/organizations/bad%00slug/", 404),
        ("/statements/?publisher=a%00b", 400),
        ("/search/?q=karam%00", 400),
    ],
)
def test_nul_bytes_are_refused_not_crashing(client, seeded, url, status):
    assert client.get(url).status_code == status


def test_search_functions_drop_control_characters(seeded):
    from public.search import clean_query, search_organizations

    assert clean_query("kar\x00am\x07  foundation ") == "karam foundation"
    assert search_organizations("Karam\x00 Fondation")[0].organization.slug == "karam-foundation"


def test_stylesheet_is_served_by_whitenoise(settings):
    from django.test import Client

    settings.WHITENOISE_USE_FINDERS = True  # as with DEBUG on; collectstatic does it otherwise
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/site.css")  # a new client builds the middleware anew
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/css")
    css = b"".join(response.streaming_content).decode()
    assert ":focus-visible" in css and "Noto Sans Arabic" in css


def test_source_link_only_for_web_addresses(client, seeded):
    statement = Statement.objects.get(slug=CESSATION)
    statement.source_url = "https://example.org/statement?id=1&lang=en"
    statement.save()
    html = text_of(client.get(f"/statements/{CESSATION}/"))
    assert (
        '<a href="https://example.org/statement?id=1&amp;lang=en" rel="nofollow noopener '
        'noreferrer">'
    ) in html
    Statement.objects.filter(pk=statement.pk).update(source_url="javascript:alert(1)")
    html = text_of(client.get(f"/statements/{CESSATION}/"))
    assert "javascript:" not in html and "<dt>Source</dt>" not in html


def test_names_starting_with_digits_or_punctuation_file_under_hash(client, db):
    for name, slug in [("1st Aid Network", "1st"), ("«Quoted» Group", "quoted"), ("Beta", "b")]:
        Organization.objects.create(name=name, slug=slug)
    html = text_of(client.get("/organizations/"))
    letters = re.findall(r'<li><a href="\?letter=[^"]*" dir="auto"[^>]*>([^<]+)</a></li>', html)
    assert letters == ["B", "#"]
    html = text_of(client.get("/organizations/", {"letter": "#"}))
    names = re.findall(r'<li><a href="/organizations/[^"]+" dir="auto">([^<]+)</a>', html)
    assert sorted(names) == ["1st Aid Network", "«Quoted» Group"]


def _journalists_statement():
    parsed = ParsedStatement(
        title="Protect journalists",
        unnamed_count=14,
        signatories=[
            ParsedSignatory(
                position=1,
                name="Fundación Karisma, Colombia",
                line=5,
                organization_name="Fundación Karisma",
                country="CO",
            ),
            ParsedSignatory(
                position=2,
                name="Jane Doe, Professor of Law, University of Somewhere",
                line=6,
                kind="person",
                person_name="Jane Doe",
                affiliation="Professor of Law, University of Somewhere",
            ),
            ParsedSignatory(
                position=3,
                name="Article 19 (Kosovo)",
                line=7,
                organization_name="Article 19",
                country="XK",
            ),
        ],
    )
    save_statement(parsed, source_file="journalists.txt", report_file="journalists.txt")
    return Statement.objects.get(source_file="journalists.txt")


def test_statement_page_marks_persons_with_affiliation_and_shows_countries(client, db):
    statement = _journalists_statement()
    html = text_of(client.get(f"/statements/{statement.slug}/"))
    items = re.findall(r"<li value=.*?</li>", html, flags=re.S)
    assert len(items) == 3
    karisma, jane, article = items
    assert "Fundación Karisma" in karisma and "(Colombia)" in karisma and "Person" not in karisma
    assert 'class="person"' in jane and "Person:" in jane and ">Jane Doe</a>" in jane
    assert "Professor of Law, University of Somewhere" in jane
    assert "(Kosovo)" in article
    assert "counts 14 signatories without naming them" in html


def test_organization_page_shows_kind_and_what_its_lines_stated(client, db):
    _journalists_statement()
    jane = Organization.objects.get(name="Jane Doe")
    html = text_of(client.get(f"/organizations/{jane.slug}/"))
    assert "Individual (a person)" in html
    assert "signed as <bdi>Professor of Law, University of Somewhere</bdi>" in html
    karisma = Organization.objects.get(name="Fundación Karisma")
    html = text_of(client.get(f"/organizations/{karisma.slug}/"))
    assert "country stated: Colombia" in html and "Organisation" in html
