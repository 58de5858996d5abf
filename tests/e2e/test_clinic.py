"""Clinic deployment over REST: profile in replies, handoff webhook (up, down-then-up),
clinic FAQs picked up without retraining, data deletion, masking and retention."""

import json
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.e2e.conftest import ROOT, free_port, running_servers
from twitchcare.console_store import ConsoleStore

TRIAGE_DEFAULTS = {
    "emergency_screen": "none of these",
    "symptoms": "none of these",
    "triggers": "none of those",
    "age_group": "adult",
}


class Receiver:
    """The clinic's webhook: records every handoff POSTed to it."""

    def __init__(self, port):
        self.port, self.received, self.server = port, [], None

    def start(self):
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()


def wait_until(check, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clinic")
    webhook_port = free_port()
    profile = tmp / "profile.yml"
    profile.write_text(f"""
name: Maplebrook Family Clinic
phone: "+44 20 7946 0000"
booking_url: https://maplebrook.example/book
address: 14 Orchard Lane
timezone: Europe/London
retention_days: 14
webhook_url: http://127.0.0.1:{webhook_port}/handoff
opening_hours: {{monday: ["00:00-23:59"], tuesday: ["00:00-23:59"], wednesday: ["00:00-23:59"],
  thursday: ["00:00-23:59"], friday: ["00:00-23:59"], saturday: ["00:00-23:59"], sunday: ["00:00-23:59"]}}
""")
    faq = tmp / "faq.yml"
    faq.write_text(
        "faqs:\n  - id: parking\n    question: Is there parking?\n    also: [where can I park]\n"
        "    answer: Free parking behind the clinic on Orchard Lane.\n"
    )
    outbox = tmp / "outbox.db"
    env = {
        "CLINIC_PROFILE": str(profile),
        "CLINIC_FAQ": str(faq),
        "HANDOFF_OUTBOX": str(outbox),
        "HANDOFF_RETRY_INTERVAL_S": "1",
    }
    with running_servers(tmp, env) as (bot, ports, logs):
        yield {"bot": bot, "faq": faq, "outbox": outbox, "receiver": Receiver(webhook_port), "logs": logs}


def pending(outbox):
    if not outbox.exists():
        return 0
    # Wait for the server's own writes like the outbox does (twitchcare/handoff.py), with room for a
    # loaded CI machine: a busy database is "not yet", never an error.
    with sqlite3.connect(outbox, timeout=30) as db:
        return db.execute("select count(*) from outbox").fetchone()[0]


def console_delivery(bot, conversation_id):
    """The webhook delivery state of a conversation's handoff in the console's queue."""
    rows = [h for h in ConsoleStore(bot.env["TRACKER_DB_URL"]).handoffs() if h["conversation_id"] == conversation_id]
    return rows[0]["delivery"] if rows else None


def test_profile_shows_in_greeting(clinic):
    text = clinic["bot"].text(clinic["bot"].send("hello"))
    assert "Maplebrook Family Clinic" in text and "14 days" in text and "delete my data" in text


def test_handoff_with_webhook_down_then_up_loses_nothing(clinic):
    bot, receiver, outbox = clinic["bot"], clinic["receiver"], clinic["outbox"]
    user = uuid.uuid4().hex
    text = bot.text(bot.send("can I talk to a person please", user))
    assert "+44 20 7946 0000" in text and "maplebrook.example/book" in text and "open now" in text
    assert "saved and will be passed on" in text and pending(outbox) == 1
    # the clinic console's handoff queue shows it as failed (retrying)...
    assert console_delivery(bot, user) == "failed"
    receiver.start()
    try:
        assert wait_until(lambda: receiver.received), "queued handoff was not retried"
        assert receiver.received[0]["conversation_id"] == user
        assert wait_until(lambda: pending(outbox) == 0)
        # ...then delivered once the retry got through
        assert wait_until(lambda: console_delivery(bot, user) == "delivered")
    finally:
        receiver.stop()


def test_handoff_with_webhook_up_sends_the_doctor_summary(clinic):
    bot, receiver = clinic["bot"], clinic["receiver"]
    receiver.received.clear()
    receiver.start()
    try:
        user = uuid.uuid4().hex
        replies = bot.send("my left eyelid has been twitching for 3 days", user)
        for _ in range(15):
            custom = bot.custom(replies)
            if "triage" in custom:
                break
            replies = bot.send(TRIAGE_DEFAULTS.get(custom["asking"], "no"), user)
        assert bot.custom(replies)["triage"]["level"] == "self_care"
        text = bot.text(bot.send("I'd like to book an appointment", user))
        assert "Summary for your doctor" in text and "eyelid" in text
        assert wait_until(lambda: any(r["conversation_id"] == user for r in receiver.received))
        record = next(r for r in receiver.received if r["conversation_id"] == user)
        assert record["triage_level"] == "self_care" and record["summary"]["location"] == ["eyelid"]
        assert pending(clinic["outbox"]) == 0
        assert console_delivery(bot, user) == "delivered"
        [queued] = [h for h in ConsoleStore(bot.env["TRACKER_DB_URL"]).handoffs() if h["conversation_id"] == user]
        assert queued["triage_level"] == "self_care" and queued["summary"]["location"] == ["eyelid"]
    finally:
        receiver.stop()


def test_clinic_faq_is_answered_and_edits_need_no_retraining(clinic):
    bot, faq = clinic["bot"], clinic["faq"]
    assert "Free parking behind the clinic" in bot.text(bot.send("where can I park my car?"))
    faq.write_text(
        faq.read_text() + "  - id: insurance\n    question: Do you accept health insurance?\n"
        "    also: [insurance, is it covered by insurance]\n"
        "    answer: We accept most major insurers; bring your card.\n"
    )
    replies = bot.send("do you take my health insurance?")
    assert "We accept most major insurers" in bot.text(replies)
    assert bot.custom(replies)["clinic_faq"] == "insurance"


def test_delete_my_data_removes_the_conversation(clinic):
    bot = clinic["bot"]
    user = uuid.uuid4().hex
    bot.send("what causes eyelid twitching?", user)

    def rows():
        with sqlite3.connect(bot.db_path) as db:
            return db.execute("select count(*) from events where sender_id = ?", (user,)).fetchone()[0]

    assert rows() > 0
    assert "deleted this conversation" in bot.text(bot.send("please delete my data", user))
    assert rows() == 0


def test_phone_numbers_and_emails_are_masked_in_storage_and_logs(clinic):
    bot = clinic["bot"]
    user = uuid.uuid4().hex
    bot.send("my number is 07700 900123 and my mail is jo@example.com", user)
    with sqlite3.connect(bot.db_path) as db:
        stored = " ".join(r[0] for r in db.execute("select data from events where sender_id = ?", (user,)))
    assert "[phone]" in stored and "[email]" in stored
    assert "900123" not in stored and "jo@example.com" not in stored
    logs = " ".join(p.read_text(errors="ignore") for p in clinic["logs"].values())
    assert "900123" not in logs and "jo@example.com" not in logs


def test_retention_purge_deletes_only_old_conversations(tmp_path):
    db = tmp_path / "store.db"
    with sqlite3.connect(db) as conn:
        conn.execute(
            "create table events (id integer primary key, sender_id text, type_name text, "
            "timestamp real, intent_name text, action_name text, data text)"
        )
        now = time.time()
        conn.executemany(
            "insert into events (sender_id, type_name, timestamp, data) values (?, 'user', ?, '{}')",
            [("old", now - 40 * 86400), ("old", now - 35 * 86400), ("recent", now - 86400)],
        )
    console = ConsoleStore(f"sqlite:///{db}")  # the console's queue keeps contact details: purged too
    for sender in ("old", "recent"):
        console.add_handoff(sender, now - 36 * 86400, None, None, "rest", "not_sent", ["07700 900123"])
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "purge_conversations.py"),
            "--days",
            "30",
            "--db-url",
            f"sqlite:///{db}",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Deleted 1 conversation" in done.stdout
    with sqlite3.connect(db) as conn:
        assert [r[0] for r in conn.execute("select distinct sender_id from events")] == ["recent"]
    assert [h["conversation_id"] for h in console.handoffs()] == ["recent"]
