"""The clinic console behind nginx with 2 replicas on one PostgreSQL database: a session made on
one replica works on the other, and a clinic answer written through one replica is used by the
assistant on the next REST message through the other replica and through nginx."""

from __future__ import annotations

import uuid

import pytest
import requests

from launcher import scale as scale_up
from tests.e2e.postgres import new_database, postgres_url  # noqa: F401
from tests.e2e.test_console import CARD_ANSWER, CARD_QUESTION, PASSWORD, STAFF, Staff, create_account


@pytest.fixture(scope="module")
def console_cluster(postgres_url):  # noqa: F811
    url = new_database(postgres_url, f"console_scale_{uuid.uuid4().hex[:8]}")
    made = create_account(url, STAFF, PASSWORD)  # before the start: the console is on for every replica
    assert made.returncode == 0, made.stderr
    try:
        with scale_up.scale_out(url, replicas=2) as running:
            yield running
    except scale_up.ScaleUpError as e:
        pytest.fail(str(e))


def send(base: str, text: str) -> list:
    r = requests.post(f"{base}/webhooks/rest/webhook", json={"sender": uuid.uuid4().hex, "message": text}, timeout=60)
    r.raise_for_status()
    return r.json()


def test_an_answer_written_on_one_replica_is_used_through_the_other(console_cluster):
    first, second = console_cluster.replica_urls
    staff = Staff(first)  # signed in on replica 0
    before = send(second, CARD_QUESTION)
    assert not any("clinic_faq" in (m.get("custom") or {}) for m in before)
    other = staff.on(second)  # the same session, used on replica 1
    assert other.get("/console/").status_code == 200
    saved = other.post("/console/faqs", {"question": CARD_QUESTION, "answer": CARD_ANSWER, "also": ""})
    assert saved.status_code == 303
    for base in (first, second, console_cluster.nginx_url):
        reply = send(base, CARD_QUESTION)
        assert any(CARD_ANSWER in (m.get("text") or "") for m in reply), base
    # the console through nginx: refused without a session, served with it
    assert requests.get(f"{console_cluster.nginx_url}/console/", allow_redirects=False, timeout=10).status_code == 303
    assert CARD_ANSWER in staff.on(console_cluster.nginx_url).get("/console/faqs").text
