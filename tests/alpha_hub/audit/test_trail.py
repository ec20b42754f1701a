"""The audit log across every model: filters, keyset pages, CSV, a record's history."""

import csv
import io
from datetime import date, timedelta

from django.utils import timezone

from alpha_hub.audit.trail import TrailFilter, audited_labels, trail_iter, trail_page
from alpha_hub.history import stamp
from alpha_hub.roles import Role
from decisions.models import Decision


def test_every_domain_model_is_in_the_trail(db):
    labels = audited_labels()
    for label in ("decisions.decision", "decisions.restrictedpart", "budget.budgetline"):
        assert label in labels


def test_keyset_pages_cover_every_entry_once(demo):
    everything = list(trail_iter(TrailFilter(), batch=1000))
    paged, after = [], None
    while True:
        page, after = trail_page(TrailFilter(), after=after, size=7)
        paged += page
        if after is None:
            break
    keys = [(entry.label, entry.history_id) for entry in paged]
    assert keys == [(entry.label, entry.history_id) for entry in everything]
    assert len(set(keys)) == len(keys) > 30
    dates = [entry.at for entry in paged]
    assert dates == sorted(dates, reverse=True)


def test_filters_narrow_the_trail(demo):
    decision = Decision.objects.get(series__code="PCD", number=867)
    only = TrailFilter(label="decisions.decision", record_id=decision.pk, action="+")
    entries, _ = trail_page(only)
    assert [(e.label, e.record_id, e.action) for e in entries] == [
        ("decisions.decision", decision.pk, "+")
    ]
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert trail_page(TrailFilter(date_from=tomorrow))[0] == []
    assert trail_page(TrailFilter(user="nobody-at-all"))[0] == []


def test_the_audit_log_page_for_auditors(client_for, demo, django_assert_max_num_queries):
    client = client_for(Role.AUDITOR)
    # Per model on the page: its names, its rows and their predecessors; then the names of
    # what changed foreign keys point to. Never per row (tests/alpha_hub/audit/test_readable.py).
    with django_assert_max_num_queries(60):
        page = client.get("/staff/audit/")
    assert page.status_code == 200
    assert "Demo data (manage.py load_demo)" in page.text
    assert page.context["next_query"]
    assert client_for(Role.FINANCE).get("/staff/audit/").status_code == 403


def test_bad_filters_show_errors(client_for, db):
    page = client_for(Role.AUDITOR).get(
        "/staff/audit/?reference=%00&date_from_day=1&date_from_month=1&date_from_year=2021"
        "&date_to_day=1&date_to_month=1&date_to_year=2020&model=x.y&after=junk"
    )
    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "The end date must be the same as or after the start date" in page.text


def test_the_csv_is_streamed_and_neutralises_formulas(client_for, demo):
    decision = Decision.objects.get(series__code="PCD", number=867)
    part2 = decision.part2
    # Part 2 of a signed decision is frozen; a reason on a new record shows the neutralising.
    from alpha_hub.models import User

    user = User.objects.get(username="officer")
    stamp(user, user=user, reason='=HYPERLINK("http://evil.example","click")')
    user.save()
    response = client_for(Role.AUDITOR).get("/staff/audit/audit-log.csv?model=alpha_hub.user")
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:8] == [
        "when", "record type", "record", "record id", "action", "field", "before", "after"
    ]  # fmt: skip
    assert {row[9] for row in rows if "HYPERLINK" in row[9]} == {
        '\'=HYPERLINK("http://evil.example","click")'
    }
    assert part2.pk  # Part 2 text never goes into the log's CSV: only ids and reasons


def test_the_history_tab_shows_readable_diffs(client_for, demo):
    from alpha_hub.models import User

    user = User.objects.get(username="finance")
    stamp(user, user=demo["admin"], reason="Changed job title after restructure")
    user.job_title = "Head of Finance <script>"
    user.save()
    page = client_for(Role.AUDITOR).get(f"/staff/audit/history/alpha_hub.user/{user.pk}/")
    assert page.status_code == 200
    assert "Changed job title after restructure" in page.text
    assert "Job title" in page.text
    assert "Finance Business Partner" in page.text
    assert "Head of Finance &lt;script&gt;" in page.text
    assert "Alex Morgan" in page.text


def test_history_of_nothing_is_a_404(client_for, db):
    client = client_for(Role.AUDITOR)
    assert client.get("/staff/audit/history/nope.model/1/").status_code == 404
    assert client.get("/staff/audit/history/decisions.decision/999999/").status_code == 404
    assert client.get(f"/staff/audit/history/decisions.decision/{10**30}/").status_code == 404


def test_date_filter_includes_the_whole_last_day(demo):
    today = timezone.localdate()
    entries, _ = trail_page(TrailFilter(date_from=today, date_to=today), size=5)
    assert entries
    assert trail_page(TrailFilter(date_to=date(2000, 1, 1)))[0] == []
