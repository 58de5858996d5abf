"""The privacy tracker store and the deflection report on a real PostgreSQL server.

TRACKER_DB_URL switches addons.tracker_store.PrivacySQLTrackerStore from SQLite to
PostgreSQL; these tests run the real servers and scripts/report.py against a throwaway
cluster (tests/e2e/postgres.py).
"""

from __future__ import annotations

import json
import uuid

import pytest
import sqlalchemy as sa

from tests.e2e.conftest import running_servers
from twitchcare.settings import load_settings
from tests.e2e.postgres import new_database, postgres_url  # noqa: F401
from tests.e2e.report_fixtures import EXPECTED, EXPECTED_2024_03_05, generate_conversations
from tests.e2e.test_report_db import metrics, run_report

PHONE_TEXT = "my number is 07700 900123"


def event_rows(url: str, sender: str | None = None) -> list:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            query = "SELECT sender_id, type_name, intent_name, action_name, data FROM events"
            if sender is None:
                return list(conn.execute(sa.text(query)))
            return list(conn.execute(sa.text(query + " WHERE sender_id = :s ORDER BY id"), {"s": sender}))
    finally:
        engine.dispose()


def test_conversation_is_stored_masked_in_postgres(postgres_url, tmp_path):  # noqa: F811
    sender = f"pg-{uuid.uuid4().hex}"
    with running_servers(tmp_path, {"TRACKER_DB_URL": postgres_url}) as (bot, _, _):
        first = bot.send("what causes eyelid twitching?", sender=sender)
        second = bot.send(PHONE_TEXT, sender=sender)
    assert first and second, "the assistant did not answer"
    assert "07700" not in bot.text(first + second)

    rows = event_rows(postgres_url, sender)
    assert rows, "no events for the conversation in PostgreSQL"
    user_texts = [json.loads(r.data).get("text") for r in rows if r.type_name == "user"]
    assert len(user_texts) == 2 and user_texts[0] == "what causes eyelid twitching?"
    assert "[phone]" in user_texts[1] and "07700" not in user_texts[1]
    assert {"action", "bot", "user"} <= {r.type_name for r in rows}
    # no copy of the number anywhere in that sender's rows (parse data, slots, bot replies)
    leaked = [r for r in rows if any("07700" in str(value) for value in r)]
    assert not leaked, leaked
    # PostgreSQL, not the SQLite file the endpoints name
    assert not (tmp_path / "conversations.db").exists()


@pytest.fixture(scope="module")
def report_db(postgres_url, tmp_path_factory):  # noqa: F811
    url = new_database(postgres_url, f"report_{uuid.uuid4().hex[:8]}")
    from addons import tracker_store

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(tracker_store, "SETTINGS", load_settings({"TRACKER_DB_URL": url}))
        store = tracker_store.PrivacySQLTrackerStore()
    assert store.engine.dialect.name == "postgresql"
    try:
        expected = generate_conversations(store)
    finally:
        store.engine.dispose()
    return url, expected


def test_report_fixture_rows_are_not_altered_by_masking(report_db):
    url, expected = report_db
    assert expected == EXPECTED
    rows = event_rows(url)
    assert len({r.sender_id for r in rows}) == 21
    assert sum(r.type_name == "user" for r in rows) == EXPECTED["user_turns"]
    assert not [r for r in rows if "[phone]" in (r.data or "") or "[email]" in (r.data or "")]


def test_report_numbers_from_postgres(report_db, tmp_path):
    url, expected = report_db
    out = tmp_path / "out"
    result = run_report(out, "--db-url", url)
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["source"].startswith("postgresql")
    assert sa.engine.make_url(url).password not in (out / "report.json").read_text(encoding="utf-8")
    assert metrics(report) == expected
    assert report["window"] == {"since": None, "until": None}
    assert (report["conversations"], report["handoffs"], report["user_turns"]) == (20, 4, 27)
    assert report["daily"] == {"2024-03-04": 8, "2024-03-05": 7, "2024-03-06": 5}


def test_report_window_from_postgres(report_db, tmp_path):
    url, _ = report_db
    out = tmp_path / "day"
    result = run_report(out, "--since", "2024-03-05", "--until", "2024-03-05", env={"TRACKER_DB_URL": url})
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert metrics(report) == EXPECTED_2024_03_05
