"""/metrics: for Prometheus only, the fixed names, counted by route, read from the database."""

from datetime import UTC, date, datetime, timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families

from core.models import Duty, OutboundMessage
from tests.factories import make_complaint

FIXED_NAMES = ("layanan_http_requests_total", "layanan_http_request_seconds",
               "layanan_ussd_hop_seconds", "layanan_outbox_depth", "layanan_outbox_oldest_seconds",
               "layanan_sms_messages", "layanan_tickets_open", "layanan_tickets_overdue",
               "layanan_duty_last_success_timestamp")
ELSEWHERE = {"REMOTE_ADDR": "203.0.113.9"}
HOP = {"sessionId": "ATUid_metrics", "serviceCode": "*123#", "phoneNumber": "+6281234500009",
       "networkCode": "99999", "text": ""}


def samples(client) -> dict[tuple[str, tuple], float]:
    """Every sample of a scrape from the loopback address: (name, sorted labels) -> value."""
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def requests_total(client, route: str, status: str = "200", method: str = "GET") -> float:
    labels = (("method", method), ("route", route), ("status", status))
    return samples(client).get(("layanan_http_requests_total", labels), 0.0)


def test_metrics_is_a_404_for_anyone_but_loopback(client):
    """A scraper elsewhere without the token sees no such page: nothing is advertised."""
    assert client.get("/metrics", environ_base=ELSEWHERE).status_code == 404
    assert client.get("/metrics").status_code == 200


def test_metrics_through_a_proxy_is_a_404_even_from_loopback(make_app):
    """nginx on the same host connects from 127.0.0.1: the client it names is what counts."""
    for proxies in (0, 1):
        client = make_app(TRUSTED_PROXIES=proxies).test_client()
        forwarded = {"X-Forwarded-For": "203.0.113.9"}
        assert client.get("/metrics", headers=forwarded).status_code == 404
        spoofed = {"X-Forwarded-For": "127.0.0.1"}
        assert client.get("/metrics", headers=spoofed, environ_base=ELSEWHERE).status_code == 404


def test_metrics_answers_the_bearer_token_from_anywhere(make_app):
    """With METRICS_TOKEN set, a remote Prometheus presents it; a wrong one is a 404."""
    client = make_app(METRICS_TOKEN="s3cret-token-for-prometheus").test_client()
    good = {"Authorization": "Bearer s3cret-token-for-prometheus"}
    assert client.get("/metrics", headers=good, environ_base=ELSEWHERE).status_code == 200
    for wrong in ("Bearer s3cret", "s3cret-token-for-prometheus", "Basic x"):
        headers = {"Authorization": wrong}
        assert client.get("/metrics", headers=headers, environ_base=ELSEWHERE).status_code == 404


def test_requests_are_counted_by_route_pattern_and_status(client):
    """The route is the rule's pattern (not the path, with its ids); unknown paths share one."""
    before = (requests_total(client, "/healthz"), requests_total(client, "unmatched", "404"))
    for _ in range(3):
        client.get("/healthz")
    client.get("/no-such-page-1")
    client.get("/no-such-page-2")
    after = (requests_total(client, "/healthz"), requests_total(client, "unmatched", "404"))
    assert (after[0] - before[0], after[1] - before[1]) == (3, 2)


def test_a_ussd_hop_is_timed_in_its_histogram(client):
    """The gateways' app is counted too, and each USSD callback lands in the hop histogram."""
    count = ("layanan_ussd_hop_seconds_count", ())
    before = samples(client).get(count, 0.0)
    assert client.post("/ussd", data=HOP).status_code == 200
    after = samples(client)
    assert after[count] == before + 1
    assert after[("layanan_ussd_hop_seconds_bucket", (("le", "0.005"),))] <= after[count]
    assert requests_total(client, "/ussd", method="POST") >= 1


@pytest.fixture
def figures(session):
    """One open complaint overdue, one waiting message, one duty that succeeded."""
    ticket = make_complaint(session)
    ticket.due_on = date(2020, 1, 6)
    old = datetime.now(UTC) - timedelta(minutes=5)
    session.add(OutboundMessage(phone="+6281234500001", language="id", text="Tes",
                                purpose="reply", created_at=old, next_attempt_at=old))
    success = datetime(2026, 11, 28, 0, 5, tzinfo=UTC)
    session.add(Duty(name="retention", next_run_at=success, last_success_at=success))
    session.commit()
    return ticket.unit_id, success


def test_the_database_figures_are_read_at_scrape_time(client, figures):
    """Outbox, tickets by unit and the duties' last success: every fixed name is there."""
    unit_id, success = figures
    client.post("/ussd", data=HOP)
    response = client.get("/metrics").get_data(as_text=True)
    for name in FIXED_NAMES:
        assert f"# TYPE {name} " in response, name
    found = samples(client)
    unit = (("unit", str(unit_id)),)
    assert found[("layanan_tickets_open", unit)] == 1
    assert found[("layanan_tickets_overdue", unit)] == 1
    assert found[("layanan_outbox_depth", ())] >= 1
    assert found[("layanan_outbox_oldest_seconds", ())] >= 300
    assert found[("layanan_sms_messages", (("gateway", "none"), ("status", "queued")))] >= 1
    assert found[("layanan_duty_last_success_timestamp", (("duty", "retention"),))] == (
        success.timestamp())
    assert found[("layanan_metrics_database_up", ())] == 1


def test_a_scrape_with_the_database_down_still_answers(make_app, unreachable_url):
    """The process's own figures are served; the database's are missing, and say so."""
    client = make_app(DATABASE_URL=unreachable_url).test_client()
    found = samples(client)
    assert found[("layanan_metrics_database_up", ())] == 0
    assert ("layanan_outbox_depth", ()) not in found
