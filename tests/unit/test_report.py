"""twitchcare.report on hand-made tracker-store rows with exactly known numbers."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from twitchcare.report import compute_report, parse_row, says_not_helpful

T0 = datetime(2024, 3, 4, 10, 0, tzinfo=timezone.utc).timestamp()  # Monday 10:00 UTC
HOUR, DAY = 3600.0, 86400.0


# ---- row builders: the columns SQLTrackerStore writes, `data` as JSON text


def row(sender, type_name, ts, data, action_name=None, intent_name=None):
    return {
        "sender_id": sender,
        "type_name": type_name,
        "timestamp": ts,
        "intent_name": intent_name,
        "action_name": action_name,
        "data": json.dumps({"event": type_name, "timestamp": ts, **data}),
    }


def user(sender, text, ts=T0, intent="ask_info"):
    return row(sender, "user", ts, {"text": text, "parse_data": {"intent": {"name": intent}}}, intent_name=intent)


def bot(sender, custom, ts=T0, text=None):
    return row(sender, "bot", ts, {"text": text, "data": {"buttons": None, "custom": custom}})


def answer(sender, topic, ts=T0):
    return bot(sender, {"topic": topic, "sources": [], "method": "entities"}, ts)


def triage(sender, level, ts=T0):
    return bot(sender, {"triage": {"level": level, "reasons": []}}, ts)


def unanswered(sender, question, ts=T0):
    return bot(sender, {"unanswered": True, "question": question}, ts)


def reasked(sender, ts=T0):
    return row(
        sender,
        "bot",
        ts,
        {
            "text": "Sorry, I didn't catch that.",
            "data": {},
            "metadata": {"utter_action": "utter_not_understood_in_form"},
        },
    )


def action(sender, name, ts=T0):
    return row(sender, "action", ts, {"name": name}, action_name=name)


def fallback(sender, ts=T0):
    return action(sender, "action_default_fallback", ts)


def slot(sender, name, value, ts=T0):
    return row(sender, "slot", ts, {"name": name, "value": value}, action_name=name)


def handoff(sender, value=True, ts=T0):
    return slot(sender, "handoff_requested", value, ts)


def numbered(rows):
    """Give rows increasing ids, as the store does."""
    return [{**r, "id": i} for i, r in enumerate(rows, 1)]


def pick(report, keys):
    out = {}
    for key in keys:
        value = report
        for part in key.split("."):
            value = value[part]
        out[key] = value
    return out


LEVELS0 = {"emergency": 0, "urgent": 0, "doctor": 0, "self_care": 0}

CASES = [
    (
        "empty store",
        [],
        {},
        {
            "conversations": 0,
            "handoffs": 0,
            "deflected": 0,
            "deflection_rate": None,
            "unanswered_conversations": 0,
            "unanswered_rate": None,
            "user_turns": 0,
            "fallback_turns": 0,
            "fallback_turn_rate": None,
            "unanswered_questions": [],
            "knowledge_answers": 0,
            "top_topics": [],
            "daily": {},
            "escalations": {"conversations": LEVELS0, "results": LEVELS0, "conversations_with_triage": 0},
        },
    ),
    (
        "only senders with a user message are conversations",
        [
            action("a", "action_session_start"),
            user("a", "hi"),
            action("b", "action_session_start"),
            handoff("b"),
            triage("b", "urgent"),
        ],
        {},
        {"conversations": 1, "handoffs": 0, "escalations.results.urgent": 0, "user_turns": 1},
    ),
    (
        "handoff: any non-null value, once per conversation",
        [
            user("a", "q"),
            handoff("a", True),
            handoff("a", "again"),
            user("b", "q"),
            handoff("b", None),
            user("c", "q"),
            handoff("c", False),
            user("d", "q"),
            slot("d", "triage_level", "doctor"),
            user("e", "q"),
            handoff("e", {"channel": "rest"}),
        ],
        {},
        {
            "conversations": 5,
            "handoffs": 3,
            "no_handoff": 2,
            "no_handoff_rate": 2 / 5,
            # none of them reached an answer or a result: nothing was deflected
            "resolved": 0,
            "deflected": 0,
            "deflection_rate": 0.0,
        },
    ),
    (
        "resolved: an answer, a clinic FAQ or a triage result; deflected: resolved without handoff",
        [
            user("a", "q"),
            answer("a", "bfs"),
            user("b", "q"),
            bot("b", {"clinic_faq": "parking"}),
            user("c", "q"),
            triage("c", "doctor"),
            handoff("c"),
            user("d", "q"),
            fallback("d"),
            user("d", "q2"),
            fallback("d"),
            user("e", "my eye twitches"),
            action("e", "action_start_assessment"),
        ],
        {},
        {
            "conversations": 5,
            "resolved": 3,
            "resolution_rate": 3 / 5,
            "deflected": 2,
            "deflection_rate": 2 / 5,
            "no_handoff": 4,
            "top_topics": [{"topic": "bfs", "count": 1}, {"topic": "faq:parking", "count": 1}],
        },
    ),
    (
        "friction: abandoned checks, re-asked questions, not-helpful replies, repeated questions",
        [
            # started the check (form loop), re-asked twice, left without a result
            user("a", "twitch"),
            row("a", "active_loop", T0, {"name": "twitch_assessment_form"}),
            reasked("a"),
            user("a", "asdf"),
            reasked("a"),
            user("a", "qwer"),
            # started the check and got a result: not abandoned
            user("b", "twitch"),
            action("b", "action_start_assessment"),
            triage("b", "self_care"),
            # started the check and asked for a person: not abandoned
            user("c", "twitch"),
            action("c", "action_start_assessment"),
            handoff("c"),
            # an answer, then "that didn't help", then the same question again (other spelling)
            user("d", "Is it serious?"),
            answer("d", "serious"),
            user("d", "That didn’t help."),
            user("d", "is it   serious"),
            # "not helpful" before any answer is not counted; one-word repeats ("yes") are not questions
            user("e", "not helpful"),
            user("e", "yes"),
            user("e", "Yes"),
        ],
        {},
        {
            "friction": {
                "abandoned_checks": {"count": 1, "conversations": 1},
                "reasked": {"count": 2, "conversations": 1},
                "not_helpful": {"count": 1, "conversations": 1},
                "repeated_questions": {"count": 1, "conversations": 1},
            }
        },
    ),
    (
        "hours: conversations per UTC hour of their first message",
        [
            user("a", "q", ts=T0),
            user("a", "q", ts=T0 + 2 * HOUR),
            user("b", "q", ts=T0 + 30 * 60),
            user("c", "q", ts=T0 + DAY + 3 * HOUR),
        ],
        {},
        {"hours.10": 2, "hours.13": 1, "hours.11": 0, "hours.00": 0},
    ),
    (
        "escalation: most urgent level per conversation, every result counted",
        [
            user("a", "q"),
            triage("a", "doctor"),
            triage("a", "emergency"),
            triage("a", "doctor"),
            user("b", "q"),
            triage("b", "self_care"),
            triage("b", "urgent"),
            user("c", "q"),
            triage("c", "self_care"),
            user("d", "q"),
            triage("d", "unknown"),
            bot("d", {"triage": "emergency"}),
            user("e", "q"),
        ],
        {},
        {
            "escalations.conversations": {"emergency": 1, "urgent": 1, "doctor": 0, "self_care": 1},
            "escalations.results": {"emergency": 1, "urgent": 1, "doctor": 2, "self_care": 2},
            "escalations.conversations_with_triage": 3,
        },
    ),
    (
        "unanswered: payload question, fallback takes the preceding user text",
        [
            user("a", "what is the EMG price"),
            unanswered("a", "what is the EMG price"),
            user("a", "ok thanks"),
            answer("a", "bfs"),
            user("b", "blah blah"),
            fallback("b"),
            user("b", "still blah"),
            fallback("b"),
            user("c", "fine"),
            answer("c", "bfs"),
        ],
        {},
        {
            "unanswered_conversations": 2,
            "unanswered_rate": 2 / 3,
            "user_turns": 5,
            "fallback_turns": 3,
            "fallback_turn_rate": 3 / 5,
            "unanswered_questions": [
                {"text": "blah blah", "count": 1},
                {"text": "still blah", "count": 1},
                {"text": "what is the EMG price", "count": 1},
            ],
        },
    ),
    (
        "unanswered: both signals on one turn count once; payload question wins",
        [
            user("a", "raw text"),
            unanswered("a", "cleaned question"),
            fallback("a"),
        ],
        {},
        {"fallback_turns": 1, "user_turns": 1, "unanswered_questions": [{"text": "cleaned question", "count": 1}]},
    ),
    (
        "unanswered: no payload question -> user text; signal before any user message ignored",
        [
            fallback("a"),
            user("a", "hmm"),
            bot("a", {"unanswered": True}),
        ],
        {},
        {"fallback_turns": 1, "unanswered_questions": [{"text": "hmm", "count": 1}]},
    ),
    (
        "unanswered: grouped ignoring case/spaces, most frequent spelling, count then text order",
        [
            user("a", "Is it ALS"),
            fallback("a"),
            user("b", "is  it als"),
            fallback("b"),
            user("c", "is it als"),
            fallback("c"),
            user("g", "is it als"),
            fallback("g"),
            user("d", "zinc?"),
            fallback("d"),
            user("d", "zinc?"),
            fallback("d"),
            user("e", "Apple"),
            fallback("e"),
            user("e", "apple"),
            fallback("e"),
            user("f", "  "),
            fallback("f"),
        ],
        {},
        {
            "fallback_turns": 9,
            "unanswered_conversations": 7,
            "user_turns": 9,
            "unanswered_questions": [
                {"text": "is it als", "count": 4},
                {"text": "Apple", "count": 2},
                {"text": "zinc?", "count": 2},
            ],
        },
    ),
    (
        "top topics: answers per entry, count then id order",
        [
            user("a", "q"),
            answer("a", "loc_eyelid"),
            answer("a", "cause_caffeine"),
            user("b", "q"),
            answer("b", "loc_eyelid"),
            answer("b", "bfs"),
            user("c", "q"),
            answer("c", "cause_stress"),
            bot("c", {"asking": "duration_days"}),
            bot("c", None, text="plain text"),
        ],
        {},
        {
            "knowledge_answers": 5,
            "top_topics": [
                {"topic": "loc_eyelid", "count": 2},
                {"topic": "bfs", "count": 1},
                {"topic": "cause_caffeine", "count": 1},
                {"topic": "cause_stress", "count": 1},
            ],
        },
    ),
    (
        "daily: first user message, UTC dates, gaps filled with 0",
        [
            user("a", "q", ts=T0 + 13 * HOUR + 59 * 60 + 59),  # 2024-03-04 23:59:59
            user("b", "q", ts=T0 + 14 * HOUR),  # 2024-03-05 00:00:00
            user("c", "q", ts=T0 + 3 * DAY),
            user("c", "q", ts=T0 - DAY),  # starts 03-03
            user("d", "q", ts=T0 + 3 * DAY),
        ],
        {},
        {"daily": {"2024-03-03": 1, "2024-03-04": 1, "2024-03-05": 1, "2024-03-06": 0, "2024-03-07": 1}},
    ),
    (
        "window selects by start and keeps later events",
        [
            user("early", "q", ts=T0 - DAY),
            handoff("early", ts=T0 + HOUR),
            user("in", "q", ts=T0),
            user("in", "later", ts=T0 + 2 * DAY),
            fallback("in", ts=T0 + 2 * DAY),
            handoff("in", ts=T0 + 2 * DAY),
            user("edge", "q", ts=T0 + DAY),  # == until: excluded
        ],
        {"since": T0, "until": T0 + DAY},
        {
            "conversations": 1,
            "handoffs": 1,
            "user_turns": 2,
            "fallback_turns": 1,
            "unanswered_questions": [{"text": "later", "count": 1}],
            "daily": {"2024-03-04": 1},
        },
    ),
    (
        "window bounds may be datetimes (naive = UTC)",
        [
            user("a", "q", ts=T0),
            user("b", "q", ts=T0 + DAY),
        ],
        {"since": datetime(2024, 3, 5), "until": None},
        {"conversations": 1, "daily": {"2024-03-05": 1}},
    ),
]


@pytest.mark.parametrize("rows, kwargs, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_compute_report(rows, kwargs, expected):
    report = compute_report(numbered(rows), **kwargs)
    assert pick(report, expected) == expected


def test_order_comes_from_row_ids_not_input_order():
    rows = numbered([user("a", "first"), fallback("a"), user("a", "second"), answer("a", "bfs")])
    report = compute_report(reversed(rows))
    assert report["unanswered_questions"] == [{"text": "first", "count": 1}]


def test_without_ids_order_comes_from_timestamps():
    rows = [
        user("a", "second", ts=T0 + 10),
        answer("a", "bfs", ts=T0 + 11),
        user("a", "first", ts=T0),
        fallback("a", ts=T0 + 1),
    ]
    report = compute_report(rows)
    assert report["unanswered_questions"] == [{"text": "first", "count": 1}]


@pytest.mark.parametrize(
    "raw, expected",
    [
        (user("a", "hello"), [("user", "hello")]),
        (answer("a", "bfs"), [("answer", "bfs")]),
        (triage("a", "urgent"), [("triage", "urgent")]),
        (unanswered("a", "why?"), [("unanswered", "why?")]),
        (bot("a", {"unanswered": True, "question": "  "}), [("unanswered", None)]),
        (bot("a", {"unanswered": "yes"}), []),
        (fallback("a"), [("fallback", None)]),
        (action("a", "action_listen"), []),
        (handoff("a", "x"), [("handoff", None)]),
        (handoff("a", None), []),
        # columns stand in when the JSON lacks the name; data may already be decoded
        (
            {"sender_id": "a", "type_name": "action", "action_name": "action_default_fallback", "data": "{}"},
            [("fallback", None)],
        ),
        ({"sender_id": "a", "type_name": "bot", "data": {"data": {"custom": {"topic": "bfs"}}}}, [("answer", "bfs")]),
        ({"sender_id": "a", "type_name": "bot", "data": "not json"}, []),
        ({"sender_id": "a", "type_name": "session_started", "data": "{}"}, []),
    ],
)
def test_parse_row(raw, expected):
    assert parse_row(raw) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("that didn't help", True),
        ("That didn’t help at all!", True),
        ("not helpful", True),
        ("this was not helpful", True),
        ("that's not what I asked", True),
        ("it helps", False),
        ("did it help to rest", False),
        ("usefulness of magnesium", False),
        ("", False),
    ],
)
def test_says_not_helpful(text, expected):
    assert says_not_helpful(text) is expected
