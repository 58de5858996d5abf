"""Generated conversations for the deflection report, written through Rasa's own tracker store.

`generate_conversations(store)` saves 20 conversations (plus one sender who never wrote) to
any Rasa TrackerStore (SQLTrackerStore on SQLite or PostgreSQL) with the events the assistant
emits, and returns the report.json numbers expected for them (`EXPECTED`). The numbers are
written out by hand from CONVERSATIONS below, not computed by the code under test.

The mix, over 3 UTC days (2024-03-04: 8 conversations, 03-05: 7, 03-06: 5):
  12 knowledge answers (loc_eyelid 5, cause_caffeine 3, bfs 2, loc_calf 2);
  triage results emergency 2, urgent 3, doctor 4, self_care 5 in 12 conversations, most urgent
    per conversation emergency 2, urgent 3, doctor 2, self_care 5;
  4 handoffs (plus one handoff slot reset to null, which does not count);
  6 unanswered turns in 6 conversations: 3 knowledge-base misses ({"unanswered": true}),
    2 action_default_fallback, 1 turn with both (counted once);
  27 user messages; s03 comes back the next day in a new session (still one conversation).
"""

from __future__ import annotations

import asyncio
import copy
from datetime import datetime, timezone
from typing import Any, Dict, List, Sequence, Tuple

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
    UserUtteranceReverted,
)
from rasa.shared.core.slots import AnySlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker

DAY0 = datetime(2024, 3, 4, tzinfo=timezone.utc).timestamp()
DAY = 86400.0
METADATA = {"model_id": "report-fixture", "assistant_id": "twitching-assistant"}
ALS_QUESTION = "is it <ALS> & MS?"  # escaped in the HTML
INSURANCE_QUESTION = "does insurance cover an EMG"
MAGNESIUM_QUESTION = "can I get magnesium on prescription"
EMERGENCY_TEXT = "Call 112 now"

# (sender, day index, steps). Steps: ("user", text, intent), ("answer", topic),
# ("triage", level), ("unanswered", question), ("fallback",), ("handoff", slot value),
# ("say", text), ("next_day",) = the sender comes back a day later in a new session.
Step = Tuple[Any, ...]
CONVERSATIONS: List[Tuple[str, int, List[Step]]] = [
    # ---- 2024-03-04: 8 conversations, 11 user messages
    ("s01", 0, [("user", "why is my eyelid twitching", "ask_question"), ("answer", "loc_eyelid")]),
    ("s02", 0, [("user", "my calf twitches", "inform"), ("answer", "loc_calf"), ("triage", "self_care")]),
    (
        "s03",
        0,
        [
            ("user", "eyelid twitch", "inform"),
            ("answer", "loc_eyelid"),
            ("next_day",),
            ("user", "too much coffee?", "ask_question"),
            ("answer", "cause_caffeine"),
        ],
    ),
    (
        "s04",
        0,
        [("user", "my arm twitches and I can't breathe", "inform"), ("triage", "emergency"), ("handoff", True)],
    ),
    (
        "s05",
        0,
        [
            ("user", MAGNESIUM_QUESTION, "nlu_fallback"),
            ("fallback",),
            ("user", "talk to a human", "request_human"),
            ("handoff", True),
        ],
    ),
    (
        "s06",
        0,
        [
            ("user", "my thumb twitches", "inform"),
            ("triage", "doctor"),
            ("user", "and now my face is drooping", "report_symptom"),
            ("triage", "emergency"),
        ],
    ),
    ("s07", 0, [("user", INSURANCE_QUESTION, "ask_info"), ("unanswered", INSURANCE_QUESTION)]),
    ("s08", 0, [("user", "what is BFS", "ask_info"), ("answer", "bfs"), ("triage", "doctor")]),
    # ---- 2024-03-05: 7 conversations, 9 user messages
    (
        "s09",
        1,
        [("user", "eyelid twitching again", "inform"), ("answer", "loc_eyelid"), ("triage", "self_care")],
    ),
    (
        "s10",
        1,
        [("user", "twitching for 3 weeks", "inform"), ("triage", "doctor"), ("handoff", {"channel": "rest"})],
    ),
    (
        "s11",
        1,
        [
            ("user", INSURANCE_QUESTION, "ask_info"),
            ("unanswered", INSURANCE_QUESTION),
            ("user", "ok what about caffeine", "ask_question"),
            ("answer", "cause_caffeine"),
        ],
    ),
    ("s12", 1, [("user", MAGNESIUM_QUESTION, "nlu_fallback"), ("unanswered", MAGNESIUM_QUESTION), ("fallback",)]),
    ("s13", 1, [("user", "vomiting and twitching", "inform"), ("triage", "urgent")]),
    (
        "s14",
        1,
        [
            ("user", "weakness getting worse", "inform"),
            ("triage", "urgent"),
            ("user", "it spread to my other leg", "report_symptom"),
            ("triage", "doctor"),
        ],
    ),
    ("s15", 1, [("user", "hello", "greet"), ("say", "Hi! Tell me about your twitch.")]),
    # ---- 2024-03-06: 5 conversations, 7 user messages
    (
        "s16",
        2,
        [
            ("user", "eyelid", "inform"),
            ("answer", "loc_eyelid"),
            ("user", "bfs?", "ask_info"),
            ("answer", "bfs"),
            ("triage", "self_care"),
        ],
    ),
    (
        "s17",
        2,
        [("user", INSURANCE_QUESTION, "ask_info"), ("unanswered", INSURANCE_QUESTION), ("handoff", "requested")],
    ),
    ("s18", 2, [("user", "calf twitch after gym", "inform"), ("answer", "loc_calf"), ("triage", "self_care")]),
    (
        "s19",
        2,
        [
            ("user", "my eye twitches with coffee", "inform"),
            ("answer", "loc_eyelid"),
            ("answer", "cause_caffeine"),
            ("triage", "self_care"),
            ("handoff", None),
        ],
    ),
    (
        "s20",
        2,
        [
            ("user", "twitching and I threw up twice", "inform"),
            ("triage", "urgent"),
            ("user", ALS_QUESTION, "nlu_fallback"),
            ("fallback",),
        ],
    ),
    # a sender who opened the chat but never wrote: not a conversation
    ("s21-silent", 2, []),
]

NO_FRICTION = {
    name: {"count": 0, "conversations": 0}
    for name in ("abandoned_checks", "reasked", "not_helpful", "repeated_questions")
}
HOURS0 = {f"{h:02d}": 0 for h in range(24)}

EXPECTED: Dict[str, Any] = {
    "conversations": 20,
    "handoffs": 4,  # s04, s05, s10, s17 (s19 set the slot to null)
    "no_handoff": 16,
    "no_handoff_rate": 16 / 20,
    # an answer or a triage result: all but s05, s07, s12, s15, s17
    "resolved": 15,
    "resolution_rate": 15 / 20,
    # resolved without a handoff: s04 and s10 asked for a person after their result
    "deflected": 13,
    "deflection_rate": 13 / 20,
    "friction": NO_FRICTION,
    # every half hour from 08:30 each day: 8, 7 and 5 conversations
    "hours": {**HOURS0, "08": 3, "09": 6, "10": 6, "11": 4, "12": 1},
    "escalations": {
        "conversations": {"emergency": 2, "urgent": 3, "doctor": 2, "self_care": 5},
        "results": {"emergency": 2, "urgent": 3, "doctor": 4, "self_care": 5},
        "conversations_with_triage": 12,
    },
    "unanswered_conversations": 6,  # s05, s07, s11, s12, s17, s20
    "unanswered_rate": 6 / 20,
    "user_turns": 27,
    "fallback_turns": 6,
    "fallback_turn_rate": 6 / 27,
    "unanswered_questions": [
        {"text": INSURANCE_QUESTION, "count": 3},
        {"text": MAGNESIUM_QUESTION, "count": 2},
        {"text": ALS_QUESTION, "count": 1},
    ],
    "knowledge_answers": 12,
    "top_topics": [
        {"topic": "loc_eyelid", "count": 5},
        {"topic": "cause_caffeine", "count": 3},
        {"topic": "bfs", "count": 2},
        {"topic": "loc_calf", "count": 2},
    ],
    "daily": {"2024-03-04": 8, "2024-03-05": 7, "2024-03-06": 5},
}

# --since 2024-03-05 --until 2024-03-05: the conversations that started that day (s09-s15);
# s03's second visit that day does not bring it in.
EXPECTED_2024_03_05: Dict[str, Any] = {
    "conversations": 7,
    "handoffs": 1,
    "no_handoff": 6,
    "no_handoff_rate": 6 / 7,
    "resolved": 5,  # not s12, s15
    "resolution_rate": 5 / 7,
    "deflected": 4,  # s09, s11, s13, s14 (s10 asked for a person)
    "deflection_rate": 4 / 7,
    "friction": NO_FRICTION,
    "hours": {**HOURS0, "08": 1, "09": 2, "10": 2, "11": 2},
    "escalations": {
        "conversations": {"emergency": 0, "urgent": 2, "doctor": 1, "self_care": 1},
        "results": {"emergency": 0, "urgent": 2, "doctor": 2, "self_care": 1},
        "conversations_with_triage": 4,
    },
    "unanswered_conversations": 2,
    "unanswered_rate": 2 / 7,
    "user_turns": 9,
    "fallback_turns": 2,
    "fallback_turn_rate": 2 / 9,
    "unanswered_questions": [
        {"text": MAGNESIUM_QUESTION, "count": 1},
        {"text": INSURANCE_QUESTION, "count": 1},
    ],
    "knowledge_answers": 2,
    "top_topics": [{"topic": "cause_caffeine", "count": 1}, {"topic": "loc_eyelid", "count": 1}],
    "daily": {"2024-03-05": 7},
}

SLOTS = [
    AnySlot("handoff_requested", mappings=[{"type": "custom"}]),
    TextSlot("triage_level", mappings=[{"type": "custom"}], influence_conversation=False),
]


def _bot_data(custom: Any = None, buttons: Any = None) -> Dict[str, Any]:
    """`data` of a BotUttered exactly as rasa_sdk's dispatcher produces it."""
    return {
        "elements": None,
        "quick_replies": None,
        "buttons": buttons,
        "attachment": None,
        "image": None,
        "custom": custom,
    }


class _Clock:
    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        self.now += 0.25
        return self.now


def conversation_events(steps: Sequence[Step], start: float) -> List[Event]:
    """The events Rasa stores for one scripted conversation."""
    t = _Clock(start)

    def session_start() -> List[Event]:
        return [
            ActionExecuted("action_session_start", timestamp=t(), metadata=METADATA),
            SessionStarted(timestamp=t(), metadata=METADATA),
            ActionExecuted("action_listen", timestamp=t(), metadata=METADATA),
        ]

    def action(name: str) -> Event:
        return ActionExecuted(name, policy="RulePolicy", confidence=1.0, timestamp=t(), metadata=METADATA)

    events: List[Event] = session_start()
    for step in steps:
        kind = step[0]
        if kind == "user":
            if not isinstance(events[-1], ActionExecuted) or events[-1].action_name != "action_listen":
                events.append(action("action_listen"))
            text, intent = step[1], step[2]
            events.append(
                UserUttered(
                    text,
                    {"name": intent, "confidence": 0.93},
                    [],
                    timestamp=t(),
                    input_channel="rest",
                    metadata=METADATA,
                )
            )
            events.append(DefinePrevUserUtteredFeaturization(False, timestamp=t(), metadata=METADATA))
        elif kind == "answer":
            events += [
                action("action_answer_question"),
                BotUttered(f"About {step[1]}...", _bot_data(buttons=[]), timestamp=t(), metadata=METADATA),
                BotUttered(
                    None,
                    _bot_data(
                        {
                            "topic": step[1],
                            "sources": [{"id": "apollo", "title": "Muscle twitches", "publisher": "Apollo"}],
                            "method": "entities",
                        }
                    ),
                    timestamp=t(),
                    metadata=METADATA,
                ),
            ]
        elif kind == "triage":
            level = step[1]
            name = "action_emergency" if level == "emergency" else "action_triage"
            events += [
                action(name),
                BotUttered(
                    EMERGENCY_TEXT if level == "emergency" else f"Advice: {level}",
                    _bot_data(),
                    timestamp=t(),
                    metadata=METADATA,
                ),
                BotUttered(
                    None,
                    _bot_data({"triage": {"level": level, "reasons": ["fixture"]}}),
                    timestamp=t(),
                    metadata=METADATA,
                ),
                SlotSet("triage_level", level, timestamp=t(), metadata=METADATA),
            ]
        elif kind == "unanswered":
            events += [
                action("action_answer_question"),
                BotUttered("Sorry, I don't have an answer to that yet.", _bot_data(), timestamp=t(), metadata=METADATA),
                BotUttered(
                    None, _bot_data({"unanswered": True, "question": step[1]}), timestamp=t(), metadata=METADATA
                ),
            ]
        elif kind == "fallback":
            events += [
                action("action_default_fallback"),
                BotUttered(
                    "Sorry, I didn't get that. Can you rephrase?",
                    _bot_data(),
                    timestamp=t(),
                    metadata={**METADATA, "utter_action": "utter_default"},
                ),
                UserUtteranceReverted(timestamp=t(), metadata=METADATA),
            ]
        elif kind == "handoff":
            events += [
                action("action_handoff"),
                BotUttered("I'll pass this to a person.", _bot_data(), timestamp=t(), metadata=METADATA),
                SlotSet("handoff_requested", step[1], timestamp=t(), metadata=METADATA),
            ]
        elif kind == "say":
            events += [action("utter_greet"), BotUttered(step[1], _bot_data(), timestamp=t(), metadata=METADATA)]
        elif kind == "next_day":
            t.now += DAY
            events += session_start()
        else:
            raise ValueError(f"unknown step {step!r}")
    if steps:
        events.append(action("action_listen"))
    return events


async def save_conversations(store: TrackerStore) -> Dict[str, Any]:
    per_day: Dict[int, int] = {}
    for sender, day, steps in CONVERSATIONS:
        index = per_day[day] = per_day.get(day, 0) + 1
        start = DAY0 + day * DAY + 8 * 3600 + index * 1800  # 08:30, 09:00, ... UTC
        tracker = DialogueStateTracker.from_events(sender, conversation_events(steps, start), SLOTS)
        await store.save(tracker)
    return copy.deepcopy(EXPECTED)


def generate_conversations(store: TrackerStore) -> Dict[str, Any]:
    """Save the generated conversations into `store`; return the expected report numbers."""
    return asyncio.run(save_conversations(store))
