"""scripts/report.py on a real SQLite tracker store written by Rasa's own SQLTrackerStore."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore

from tests.e2e.report_fixtures import (
    ALS_QUESTION,
    EXPECTED_2024_03_05,
    INSURANCE_QUESTION,
    generate_conversations,
)
from twitchcare.settings import PROJECT_ROOT as ROOT

SCRIPT = ROOT / "scripts" / "report.py"
META_KEYS = {"generated_at", "source", "window", "topic_titles"}


@pytest.fixture(scope="module")
def store_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("tracker") / "conversations.db"
    store = SQLTrackerStore(dialect="sqlite", db=str(db))
    expected = generate_conversations(store)
    store.engine.dispose()
    return db, expected


def run_report(out: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def metrics(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in META_KEYS}


def test_rows_look_like_production(store_db):
    db, _ = store_db
    with sqlite3.connect(db) as conn:
        types = dict(conn.execute("SELECT type_name, count(*) FROM events GROUP BY type_name"))
        senders = conn.execute("SELECT count(DISTINCT sender_id) FROM events").fetchone()[0]
        slot = conn.execute(
            "SELECT action_name, data FROM events WHERE type_name = 'slot' "
            "AND action_name = 'handoff_requested' LIMIT 1"
        ).fetchone()
        bot = conn.execute(
            "SELECT data FROM events WHERE type_name = 'bot' " "AND data LIKE '%\"topic\"%' LIMIT 1"
        ).fetchone()
    assert senders == 21 and types["user"] == 27
    assert {"action", "bot", "slot", "session_started", "user_featurization", "rewind"} <= set(types)
    assert json.loads(slot[1])["name"] == "handoff_requested"
    assert json.loads(bot[0])["data"]["custom"]["topic"]


def test_report_numbers_and_html(store_db, tmp_path):
    db, expected = store_db
    out = tmp_path / "out"
    result = run_report(out, "--db-url", f"sqlite:///{db}")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))

    assert metrics(report) == expected
    assert report["window"] == {"since": None, "until": None}
    # spelled out, so a failure names the number
    assert report["conversations"] == 20
    assert report["handoffs"] == 4 and report["deflection_rate"] == 0.65 and report["no_handoff_rate"] == 0.8
    assert report["escalations"]["conversations"] == {"emergency": 2, "urgent": 3, "doctor": 2, "self_care": 5}
    assert report["escalations"]["results"] == {"emergency": 2, "urgent": 3, "doctor": 4, "self_care": 5}
    assert report["unanswered_rate"] == 0.3
    assert (report["fallback_turns"], report["user_turns"]) == (6, 27)
    assert report["unanswered_questions"][0] == {"text": INSURANCE_QUESTION, "count": 3}
    assert report["top_topics"][0] == {"topic": "loc_eyelid", "count": 5}
    assert report["daily"] == {"2024-03-04": 8, "2024-03-05": 7, "2024-03-06": 5}

    # top topics are shown by title, not by id ("bfs" is no knowledge-base entry: shown as is)
    assert report["topic_titles"] == {
        "loc_eyelid": "Eyelid twitching",
        "cause_caffeine": "Caffeine",
        "loc_calf": "Calf twitching",
    }
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Eyelid twitching" in page and ">loc_eyelid<" not in page and ">bfs<" in page
    assert page.count("<svg") == 4  # triage, topics, days, hours
    assert "Where conversations got stuck" in page
    assert INSURANCE_QUESTION in page
    assert "is it &lt;ALS&gt; &amp; MS?" in page and ALS_QUESTION not in page
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page


def test_window_selects_conversations_by_start(store_db, tmp_path):
    db, _ = store_db
    out = tmp_path / "day"
    result = run_report(
        out, "--since", "2024-03-05", "--until", "2024-03-05", env={"TRACKER_DB_URL": f"sqlite:///{db}"}
    )
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert metrics(report) == EXPECTED_2024_03_05
    assert report["window"] == {"since": "2024-03-05T00:00:00+00:00", "until": "2024-03-06T00:00:00+00:00"}


def test_empty_window(store_db, tmp_path):
    db, _ = store_db
    out = tmp_path / "empty"
    result = run_report(out, "--db-url", f"sqlite:///{db}", "--since", "2025-01-01")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["conversations"] == 0 and report["deflection_rate"] is None
    assert report["daily"] == {} and report["unanswered_questions"] == []
    assert "No conversations in this period" in (out / "report.html").read_text(encoding="utf-8")


def test_missing_sqlite_file_is_an_error_and_not_created(tmp_path):
    missing = tmp_path / "nope.db"
    result = run_report(tmp_path / "out", "--db-url", f"sqlite:///{missing}")
    assert result.returncode == 2
    assert "no SQLite tracker store" in result.stderr
    assert not missing.exists() and not (tmp_path / "out").exists()
