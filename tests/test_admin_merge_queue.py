"""The merge review queue: compare, approve/reject/defer, cluster, bulk approve, history, undo,
and who may do what (Reviewers decide; other staff only look; 403 and CSRF on every POST)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dedup.models import MergeRecord, MergeSuggestion
from signatories.models import Organization
from statements.csv_import import import_csv
from statements.models import Signature

QUEUE = "admin:dedup_mergesuggestion_changelist"


def org(name: str) -> Organization:
    return Organization.objects.get(name=name)


def suggest(a: Organization, b: Organization, score=90.0, reasons=None, together=False):
    a, b = sorted((a, b), key=lambda o: o.pk)
    return MergeSuggestion.objects.create(
        organization_a=a,
        organization_b=b,
        score=score,
        reasons=reasons or [f"names {score:.0f}% alike"],
        signed_same_statement=together,
        cluster=a.pk,
    )


@pytest.fixture
def registry(db):
    csv = """statement_title,statement_date,signatory_name
Hospitals,2021-03-02,Syrian Civil Defence
Hospitals,2021-03-02,Women Now For Development
Hospitals,2021-03-02,Horrya Press
Detainees,2019-05,Syrian Civil Defense
Detainees,2019-05,Women Now for Developement
Detainees,2019-05,Horrya Press Office
Detainees,2019-05,Horrya Pres
"""
    import_csv(csv.encode(), "registry.csv")
    MergeSuggestion.objects.all().delete()  # the tests set up their own suggestions
    return {
        "defence": suggest(org("Syrian Civil Defence"), org("Syrian Civil Defense"), 96),
        "women": suggest(
            org("Women Now For Development"),
            org("Women Now for Developement"),
            88,
            ["names 88% alike", "spelling differs by 1 letter (typo?)"],
        ),
        "horrya": suggest(org("Horrya Press"), org("Horrya Press Office"), 78, together=True),
    }


def make_user(username, *, reviewer):
    user = get_user_model().objects.create_user(username, password="pw", is_staff=True)
    if reviewer:
        user.groups.add(Group.objects.get(name="Reviewers"))
    return user


@pytest.fixture
def reviewer(db):
    return make_user("reviewer", reviewer=True)


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def staff_client(db):
    client = Client()
    client.force_login(make_user("looker", reviewer=False))
    return client


def queue_rows(client, **params):
    response = client.get(reverse(QUEUE), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_reviewers_group_has_the_decide_permission(db):
    group = Group.objects.get(name="Reviewers")
    assert group.permissions.filter(codename="decide_merge").exists()


def test_queue_shows_pending_highest_score_first(reviewer_client, registry):
    assert queue_rows(reviewer_client) == [
        registry["defence"],
        registry["women"],
        registry["horrya"],
    ]
    page = reviewer_client.get(reverse(QUEUE)).content.decode()
    assert "signed the same statement" in page
    assert "<mark>" in page  # the differing words are highlighted


def test_queue_filters_by_score_band_and_reason(reviewer_client, registry):
    assert queue_rows(reviewer_client, score="95") == [registry["defence"]]
    assert queue_rows(reviewer_client, score="80") == [registry["women"]]
    assert queue_rows(reviewer_client, reason="typo") == [registry["women"]]
    assert queue_rows(reviewer_client, reason="together") == [registry["horrya"]]


def test_review_page_compares_names_variants_statements_and_warns(reviewer_client, registry):
    suggestion = registry["horrya"]
    response = reviewer_client.get(
        reverse("admin:dedup_mergesuggestion_review", args=[suggestion.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Horrya Press<mark> Office</mark>" in page
    assert "Both signed the same statement" in page
    assert "Detainees" in page and "May 2019" in page
    assert 'id="approve-form"' in page and 'name="reject"' in page and 'name="defer"' in page
    # The plain admin change URL shows the same review page.
    change = reverse("admin:dedup_mergesuggestion_change", args=[suggestion.pk])
    assert "approve-form" in reviewer_client.get(change).content.decode()


def test_approve_merges_with_the_chosen_survivor_and_name_and_records_the_user(
    reviewer_client, reviewer, registry
):
    suggestion = registry["women"]
    survivor, merged = org("Women Now for Developement"), org("Women Now For Development")
    response = reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_approve", args=[suggestion.pk]),
        {"survivor": survivor.pk, "display_name": "Women Now For Development"},
    )
    assert response.status_code == 302
    messages = [str(m) for m in reviewer_client.get(response["Location"]).context["messages"]]
    assert any("Merged “Women Now For Development” into" in m for m in messages), messages
    merged.refresh_from_db()
    survivor.refresh_from_db()
    assert merged.merged_into == survivor
    assert survivor.name == "Women Now For Development"
    assert Signature.objects.filter(organization=survivor).count() == 2
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decided_by) == ("approved", reviewer)
    record = MergeRecord.objects.get()
    assert (record.survivor, record.merged, record.decided_by) == (survivor, merged, reviewer)
    assert suggestion not in queue_rows(reviewer_client)


def test_approve_needs_a_survivor_of_the_pair(reviewer_client, registry):
    suggestion = registry["women"]
    other = org("Horrya Press")
    response = reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_approve", args=[suggestion.pk]),
        {"survivor": other.pk},
    )
    assert response.status_code == 302
    assert not Organization.objects.merged().exists()


def test_reject_is_remembered_and_defer_moves_out_of_the_queue(reviewer_client, reviewer, registry):
    reject = reverse("admin:dedup_mergesuggestion_reject", args=[registry["defence"].pk])
    defer = reverse("admin:dedup_mergesuggestion_defer", args=[registry["horrya"].pk])
    assert reviewer_client.post(reject).status_code == 302
    assert reviewer_client.post(defer).status_code == 302
    registry["defence"].refresh_from_db()
    registry["horrya"].refresh_from_db()
    assert (registry["defence"].status, registry["defence"].decided_by) == ("rejected", reviewer)
    assert registry["horrya"].status == "deferred"
    assert queue_rows(reviewer_client) == [registry["women"]]
    assert queue_rows(reviewer_client, status="deferred") == [registry["horrya"]]
    assert queue_rows(reviewer_client, status="rejected") == [registry["defence"]]
    assert not Organization.objects.merged().exists()
    # Rejected stays rejected when the dedup suggester runs again.
    from dedup.suggesting import suggest_for_organizations

    suggest_for_organizations([org("Syrian Civil Defence"), org("Syrian Civil Defense")])
    assert registry["defence"] not in queue_rows(reviewer_client)


def test_staff_without_the_permission_can_look_but_not_decide(staff_client, registry):
    suggestion = registry["women"]
    assert len(queue_rows(staff_client)) == 3
    queue = staff_client.get(reverse(QUEUE)).content.decode()
    assert "Approve selected" not in queue
    page = staff_client.get(
        reverse("admin:dedup_mergesuggestion_review", args=[suggestion.pk])
    ).content.decode()
    assert "approve-form" not in page and 'name="reject"' not in page and 'name="defer"' not in page
    assert "look but not decide" in page
    urls = [
        reverse(f"admin:dedup_mergesuggestion_{action}", args=[suggestion.pk])
        for action in ("approve", "reject", "defer")
    ]
    for url in urls:
        response = staff_client.post(url, {"survivor": suggestion.organization_a_id})
        assert response.status_code == 403, url
    bulk = reverse("admin:dedup_mergesuggestion_bulk_approve")
    assert (
        staff_client.post(bulk, {"suggestion": [suggestion.pk], "confirmed": "yes"}).status_code
        == 403
    )
    action = staff_client.post(
        reverse(QUEUE), {"action": "bulk_approve", "_selected_action": [suggestion.pk]}
    )
    # Without the permission the action does not exist for this user: the admin shows the
    # queue again, not the confirmation page.
    assert action.status_code == 200
    assert action.templates[0].name == "admin/dedup/mergesuggestion/change_list.html"
    assert "Yes, merge" not in action.content.decode()
    assert "bulk_approve" not in action.content.decode()
    history = staff_client.get(reverse("admin:dedup_mergesuggestion_history"))
    assert history.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert not Organization.objects.merged().exists()


def test_undo_is_refused_without_the_permission(staff_client, reviewer, registry):
    from dedup.merging import approve_suggestion

    record = approve_suggestion(registry["defence"], user=reviewer)
    history = staff_client.get(reverse("admin:dedup_mergesuggestion_history")).content.decode()
    assert "Syrian Civil Defense" in history and 'value="Undo"' not in history
    url = reverse("admin:dedup_mergesuggestion_undo", args=[record.pk])
    assert staff_client.post(url).status_code == 403
    record.refresh_from_db()
    assert record.undone_at is None


def test_decisions_need_csrf_and_post(reviewer, registry):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    suggestion = registry["women"]
    for action in ("approve", "reject", "defer"):
        url = reverse(f"admin:dedup_mergesuggestion_{action}", args=[suggestion.pk])
        assert client.post(url, {"survivor": suggestion.organization_a_id}).status_code == 403
        assert client.get(url).status_code == 405
    assert client.post(reverse("admin:dedup_mergesuggestion_bulk_approve")).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_bulk_approve_asks_for_confirmation_first(reviewer_client, reviewer, registry):
    ids = [registry["defence"].pk, registry["women"].pk]
    page = reviewer_client.post(reverse(QUEUE), {"action": "bulk_approve", "_selected_action": ids})
    assert page.status_code == 200
    assert "Yes, merge 2 pairs" in page.content.decode()
    assert not Organization.objects.merged().exists()
    done = reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_bulk_approve"), {"suggestion": ids, "confirmed": "yes"}
    )
    assert done.status_code == 302
    assert Organization.objects.merged().count() == 2
    assert set(MergeRecord.objects.values_list("decided_by", flat=True)) == {reviewer.pk}
    assert queue_rows(reviewer_client) == [registry["horrya"]]


def test_cluster_view_and_bulk_approve_of_a_chain(reviewer_client, registry):
    a, b, c = org("Horrya Press"), org("Horrya Press Office"), org("Horrya Pres")
    chain = suggest(b, c, 85)
    chain.cluster = registry["horrya"].cluster
    chain.save()
    page = reviewer_client.get(
        reverse("admin:dedup_mergesuggestion_cluster", args=[registry["horrya"].cluster])
    )
    content = page.content.decode()
    assert page.status_code == 200
    for name in (a.name, b.name, c.name):
        assert name in content
    assert content.count('name="suggestion"') == 2
    # The cluster's "Approve selected…" leads to the confirmation page first.
    asked = reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_bulk_approve"),
        {"suggestion": [registry["horrya"].pk, chain.pk]},
    )
    assert "Yes, merge 2 pairs" in asked.content.decode()
    assert not Organization.objects.merged().exists()
    done = reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_bulk_approve"),
        {"suggestion": [registry["horrya"].pk, chain.pk], "confirmed": "yes"},
        follow=True,
    )
    assert [str(m) for m in done.context["messages"]] == ["Approved 2 suggestions: 2 merges."]
    survivors = set(Organization.objects.filter(pk__in=[a.pk, b.pk, c.pk]).survivor_ids().values())
    assert survivors == {a.pk}
    # Both confirmed suggestions end approved, each named by its own merge record.
    for suggestion in (registry["horrya"], chain):
        suggestion.refresh_from_db()
        assert suggestion.status == "approved"
    # Highest score first: C into B (85), then B, holding C, into A (78).
    records = MergeRecord.objects.order_by("pk")
    assert [(r.survivor_id, r.merged_id, r.suggestion_id) for r in records] == [
        (b.pk, c.pk, chain.pk),
        (a.pk, b.pk, registry["horrya"].pk),
    ]


def test_history_lists_merges_and_undo_puts_everything_back(reviewer_client, reviewer, registry):
    suggestion = registry["defence"]
    before = dict(Signature.objects.values_list("pk", "organization_id"))
    reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_approve", args=[suggestion.pk]),
        {"survivor": suggestion.organization_a_id},
    )
    history = reviewer_client.get(reverse("admin:dedup_mergesuggestion_history"))
    (record,) = history.context["records"]
    assert record.decided_by == reviewer
    assert 'value="Undo"' in history.content.decode()
    response = reviewer_client.post(reverse("admin:dedup_mergesuggestion_undo", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.undone_at is not None and record.undone_by == reviewer
    assert dict(Signature.objects.values_list("pk", "organization_id")) == before
    assert not Organization.objects.merged().exists()
    assert suggestion in queue_rows(reviewer_client)
    again = reviewer_client.post(reverse("admin:dedup_mergesuggestion_undo", args=[record.pk]))
    assert again.status_code == 302  # refused with a message, nothing changes
    assert "already been undone" in str(
        list(reviewer_client.get(reverse(QUEUE)).context["messages"])
    )


def test_queue_and_history_queries_do_not_grow(
    reviewer_client, reviewer, registry, django_assert_max_num_queries
):
    from dedup.merging import approve_suggestion

    approve_suggestion(registry["defence"], user=reviewer)
    urls = [
        reverse(QUEUE),
        reverse("admin:dedup_mergesuggestion_history"),
        reverse("admin:dedup_mergesuggestion_review", args=[registry["women"].pk]),
        reverse("admin:dedup_mergesuggestion_cluster", args=[registry["women"].cluster]),
    ]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert reviewer_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    lines = ["statement_title,signatory_name"]
    lines += [f"S{i % 7},Collective number {i}" for i in range(120)]
    lines += [f"S{i % 7},Women Now For Development" for i in range(7)]
    import_csv("\n".join(lines).encode(), "more.csv")
    orgs = list(Organization.objects.filter(name__startswith="Collective").order_by("pk"))
    for first, second in zip(orgs[::2], orgs[1::2], strict=False):
        suggest(first, second, 80)
    for i in range(0, 40, 2):
        MergeRecord.objects.create(
            survivor=orgs[i],
            merged=orgs[i + 1],
            decided_by=reviewer,
            previous_display_name=orgs[i].name,
            display_name=orgs[i].name,
        ).__class__.objects.filter(merged=orgs[i + 1]).update(undone_at="2024-01-01T00:00Z")
    for url, count in zip(urls, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert reviewer_client.get(url).status_code == 200


def test_bulk_approve_is_all_or_nothing(reviewer_client, registry):
    # An inconsistent suggestion (marked approved, both records still active) makes the merge
    # service refuse; the good pair of the same batch must not be merged either.
    broken = registry["women"]
    MergeSuggestion.objects.filter(pk=broken.pk).update(status="approved")
    done = reviewer_client.post(
        reverse("admin:dedup_mergesuggestion_bulk_approve"),
        {"suggestion": [registry["defence"].pk, broken.pk], "confirmed": "yes"},
    )
    assert done.status_code == 302
    assert not Organization.objects.merged().exists()
    assert not MergeRecord.objects.exists()
    registry["defence"].refresh_from_db()
    assert registry["defence"].status == "pending"
    messages = [str(m) for m in reviewer_client.get(done["Location"]).context["messages"]]
    assert any(
        m.startswith("Nothing was merged:") and "already been approved" in m for m in messages
    )


def test_names_from_public_text_are_escaped_in_the_queue_and_review(reviewer_client, db):
    csv = (
        "statement_title,signatory_name\n"
        'T,"<script>alert(1)</script> Relief Network"\n'
        'U,"<script>alert(2)</script> Relief Network"\n'
    )
    import_csv(csv.encode(), "xss.csv")
    a = org("<script>alert(1)</script> Relief Network")
    b = org("<script>alert(2)</script> Relief Network")
    suggestion = MergeSuggestion.objects.for_pair(a, b).first() or suggest(a, b, 90)
    pages = [
        reviewer_client.get(reverse(QUEUE)).content.decode(),
        reviewer_client.get(
            reverse("admin:dedup_mergesuggestion_review", args=[suggestion.pk])
        ).content.decode(),
    ]
    for page in pages:
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page
