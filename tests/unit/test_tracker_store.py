"""PrivacySQLTrackerStore's in-memory sessions: always what the database holds, never stale.

Each scenario runs the same operations on the project's store and on Rasa's plain
SQLTrackerStore (separate SQLite files) and compares what they return and what they store.
"""

import asyncio
import json

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered

from addons.tracker_store import DELETE_SLOT, PrivacySQLTrackerStore

DOMAIN = Domain.from_yaml(f"""
version: "3.1"
intents: [greet, inform]
slots:
  body_part: {{type: text, mappings: [{{type: custom}}]}}
  {DELETE_SLOT}: {{type: bool, influence_conversation: false, mappings: [{{type: custom}}]}}
responses:
  utter_greet: [{{text: hi}}]
""")


def run(coro):
    return asyncio.run(coro)


def turn(text, slot=None):
    events = [UserUttered(text, {"name": "inform", "confidence": 1.0}), ActionExecuted("utter_greet"), BotUttered("hi")]
    if slot:
        events.append(SlotSet("body_part", slot))
    return events + [ActionExecuted("action_listen")]


@pytest.fixture
def stores(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DB_URL", raising=False)
    ours = PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "ours.db"))
    plain = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "plain.db"))
    return ours, plain


def untimed(event_dict):
    return {k: v for k, v in event_dict.items() if k != "timestamp"}  # the two stores run apart


def dumped(tracker):
    return None if tracker is None else [untimed(e.as_dict()) for e in tracker.events]


def rows(store, sender):
    with store.session_scope() as session:
        return [(r.type_name, untimed(json.loads(r.data))) for r in store._event_query(session, sender, True).all()]


def play(store, sender, steps):
    """Retrieve (or create), append each step's events, save; returns the last retrieve's dump.

    Steps are callables, so events are created in order, as in a live conversation (Rasa finds
    the latest session by timestamp)."""
    for step in steps:
        tracker = run(store.get_or_create_tracker(sender, append_action_listen=True))
        for e in step():
            tracker.update(e)
        run(store.save(tracker))
    return dumped(run(store.retrieve(sender)))


def test_same_trackers_and_rows_as_rasa(stores):
    ours, plain = stores
    steps = [lambda: turn("my calf twitches", "calf"), lambda: turn("for three days"), lambda: turn("no weakness")]
    assert play(ours, "s1", steps) == play(plain, "s1", steps)
    assert rows(ours, "s1") == rows(plain, "s1")
    assert run(ours.retrieve("nobody")) is None


def test_reads_come_from_memory_when_the_database_is_unchanged(stores, monkeypatch):
    ours, _ = stores
    play(ours, "s1", [lambda: turn("hello")])

    async def no_database_read(*args, **kwargs):
        raise AssertionError("the conversation was read from the database again")

    monkeypatch.setattr(SQLTrackerStore, "_retrieve", no_database_read)
    tracker = run(ours.retrieve("s1"))
    for e in turn("again"):
        tracker.update(e)
    run(ours.save(tracker))
    assert [e["event"] for e in dumped(run(ours.retrieve("s1")))].count("user") == 2


def test_a_session_restart_keeps_only_the_latest_session(stores):
    ours, plain = stores

    def restart():
        return [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
            *turn("new session"),
        ]

    steps = [lambda: turn("first"), restart, lambda: turn("second")]
    assert play(ours, "s1", steps) == play(plain, "s1", steps)
    assert rows(ours, "s1") == rows(plain, "s1")


def test_a_turn_that_was_never_saved_leaves_no_trace(stores):
    ours, _ = stores
    play(ours, "s1", [lambda: turn("first")])
    failed = run(ours.retrieve("s1"))
    for e in turn("lost in a crash"):
        failed.update(e)  # ... and never saved
    texts = [e.get("text") for e in dumped(run(ours.retrieve("s1"))) if e["event"] == "user"]
    assert texts == ["first"]


def test_another_replica_writing_is_seen(tmp_path):
    db = str(tmp_path / "shared.db")
    a = PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    b = PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    play(a, "s1", [lambda: turn("one")])
    play(b, "s1", [lambda: turn("two")])  # b reads a's turn from the database and adds its own
    play(a, "s1", [lambda: turn("three")])  # a's memory is out of date: it must read b's turn first
    texts = [e.get("text") for e in dumped(run(b.retrieve("s1"))) if e["event"] == "user"]
    assert texts == ["one", "two", "three"]
    assert [t for t, _ in rows(a, "s1")].count("user") == 3  # each turn stored once


def test_deletion_elsewhere_is_seen(tmp_path):
    db = str(tmp_path / "shared.db")
    a = PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    b = PrivacySQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    play(a, "s1", [lambda: turn("one")])
    assert b.delete_conversation("s1") > 0
    assert run(a.retrieve("s1")) is None


def test_deletion_on_request_removes_every_row(stores):
    ours, _ = stores
    play(ours, "s1", [lambda: turn("my number is 0612345678")])
    tracker = run(ours.retrieve("s1"))
    tracker.update(SlotSet(DELETE_SLOT, True))
    run(ours.save(tracker))
    assert rows(ours, "s1") == [] and run(ours.retrieve("s1")) is None


def test_personal_data_is_masked_in_rows_but_not_in_the_live_tracker(stores):
    ours, _ = stores
    play(ours, "s1", [lambda: turn("call me on 0612345678 or mail a.b@example.org")])
    stored = json.dumps(rows(ours, "s1"))
    assert "0612345678" not in stored and "a.b@example.org" not in stored


def test_saving_one_tracker_twice_stores_each_event_once(stores):
    ours, plain = stores
    for store in (ours, plain):
        tracker = run(store.get_or_create_tracker("s1", append_action_listen=True))
        for e in turn("first"):
            tracker.update(e)
        run(store.save(tracker))
        tracker.update(ActionExecuted("action_listen"))
        run(store.save(tracker))
        run(store.save(tracker))
    assert rows(ours, "s1") == rows(plain, "s1")
    assert len(rows(ours, "s1")) == 6  # listen, the turn (4), listen
