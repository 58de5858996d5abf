"""Clinic profile, opening hours, FAQs, handoff outbox and the handoff action without a webhook."""

import asyncio
from pathlib import Path
from datetime import datetime, timezone

import pytest

from actions.clinic import ActionHandoff
from twitchcare import clinic, faq, handoff, knowledge

PROFILE = """
name: Test Clinic
phone: "0123"
timezone: Europe/London
opening_hours: {monday: ["09:00-17:00"], saturday: ["09:00-12:00"]}
"""


def load(tmp_path, env=None, text=PROFILE):
    path = tmp_path / "profile.yml"
    path.write_text(text)
    return clinic.load(path, env or {})


def test_environment_overrides_the_file(tmp_path):
    c = load(tmp_path, {"CLINIC_NAME": "Other", "EMERGENCY_NUMBER": "999", "RETENTION_DAYS": "7"})
    assert (c.name, c.emergency_number, c.retention_days, c.phone) == ("Other", "999", 7, "0123")


@pytest.mark.parametrize(
    "utc,open_now",
    [
        ("2026-11-23T10:00:00", True),  # Monday 10:00 London (UTC in winter)
        ("2026-11-23T17:30:00", False),
        ("2026-11-24T10:00:00", False),  # Tuesday: not listed, closed
        ("2026-11-28T11:59:00", True),  # Saturday morning
    ],
)
def test_opening_hours_in_the_clinic_time_zone(tmp_path, utc, open_now):
    now = datetime.fromisoformat(utc).replace(tzinfo=timezone.utc)
    assert load(tmp_path).is_open(now) is open_now


def test_next_opening(tmp_path):
    now = datetime(2026, 11, 23, 18, 0, tzinfo=timezone.utc)
    assert load(tmp_path).next_opening(now).strftime("%A %H:%M") == "Saturday 09:00"


def test_unknown_time_zone_falls_back_to_utc(tmp_path):
    assert load(tmp_path, {"CLINIC_TIMEZONE": "Mars/Olympus"}).tzinfo() == timezone.utc


def test_faq_match_and_reload(tmp_path):
    path = tmp_path / "faq.yml"
    path.write_text("faqs:\n  - id: parking\n    question: Is there parking?\n    answer: Yes, behind the clinic.\n")
    book = faq.FaqBook(path, knowledge.default_kb())
    assert book.match("where do I park")[0].id == "parking"
    assert book.match("what causes eyelid twitching") is None
    path.write_text(
        path.read_text() + "  - id: prices\n    question: How much does a visit cost?\n"
        "    also: [price, fees]\n    answer: See our price list.\n"
    )
    assert book.match("what are your fees")[0].id == "prices"


def test_outbox_keeps_handoffs_until_delivered(tmp_path):
    box = handoff.Outbox(tmp_path / "outbox.db")
    handoff.BACKOFF_S = 0
    delivered = asyncio.run(handoff.deliver(box, "http://127.0.0.1:9/nowhere", {"id": 1}, timeout_s=0.5))
    assert delivered is False and [p for _, p in box.pending()] == [{"id": 1}]


def test_handoff_without_webhook_gives_contact_and_records_it(dispatcher, make_tracker, domain):
    events = asyncio.run(ActionHandoff().run(dispatcher, make_tracker("talk to a person", "handoff"), domain))
    assert "talk to the team" in dispatcher.messages[0]["text"]
    assert events[0]["event"] == "slot" and events[0]["name"] == "handoff_requested"
    assert events[0]["value"]["webhook_delivered"] is None


@pytest.mark.parametrize(
    "text,matched",
    [
        ("where can I park", "parking"),
        ("is there parking near your clinic", "parking"),
        ("what are your opening hours", "opening_hours"),
        ("are you open on sundays", "opening_hours"),
        # somewhere else than the clinic, or one shared word in a longer message
        ("coffee shop near me open now", None),
        ("what time does the supermarket close on sunday", None),
        ("best muscle cars of the 70s", None),
        ("how do I get this jar lid open", None),
    ],
)
def test_clinic_faqs_answer_only_about_the_clinic(text, matched):
    book = faq.FaqBook(Path("clinic/faq.yml"), knowledge.default_kb())
    found = book.match(text)
    assert (found[0].id if found else None) == matched
