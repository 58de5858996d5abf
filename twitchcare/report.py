"""Deflection report: tracker-store event rows -> metrics (pure, no Rasa, no database).

`compute_report(rows)` takes an iterable of rows of Rasa's SQL tracker store table `events`
as dicts (id, sender_id, type_name, timestamp, intent_name, action_name, data), where
`data` is the JSON text (or the already decoded dict) of the whole event. scripts/report.py
reads the rows from the database and writes report.json / report.html.

Definitions (one sender_id = one conversation):

* conversation: a sender with at least one user message. It starts at its first user
  message; `since`/`until` select conversations that started in [since, until) and then
  count all of their events, so an outcome is never cut off by the window.
* handoff: a slot event `handoff_requested` with a non-null value. `handoffs` counts
  conversations with at least one; `no_handoff` = conversations - handoffs (what used to be
  called deflected: it counts a conversation stuck in "Sorry, I didn't catch that" or
  abandoned halfway through the questions as a success, so it is shown only for comparison).
* resolved: a conversation that reached an answer (knowledge-base or clinic FAQ) or a triage
  result. deflected = resolved conversations without a handoff;
  deflection_rate = deflected / conversations; resolution_rate = resolved / conversations.
* friction, counted per conversation and in total (`friction`):
  - abandoned_checks: conversations that started the symptom check (action_start_assessment
    or the form's active loop) and never got a triage result nor asked for a handoff;
  - reasked: the assistant asked a question again because it did not understand the reply
    (utter_not_understood_in_form);
  - not_helpful: user messages saying an answer did not help ("that didn't help"...), the
    phrases of NOT_HELPFUL, after an answer;
  - repeated_questions: user messages repeating (ignoring case, punctuation and spacing) an
    earlier message of the same conversation that had more than one word.
* triage result: a bot message whose custom payload has `triage.level` (one of LEVELS).
  escalations.results counts every result per level; escalations.conversations counts each
  conversation once, under its most urgent level.
* unanswered turn: a user message followed (before the next user message) by a bot message
  with custom `{"unanswered": true}` and/or an execution of action_default_fallback; one
  turn counts once however many of these signals it got (a signal before the conversation's
  first user message belongs to no turn and is ignored). The question is custom.question
  (else the user's text). unanswered_rate = conversations with an unanswered turn /
  conversations; fallback_turn_rate = fallback_turns / user_turns (all user messages).
  Questions are grouped ignoring case and runs of whitespace, shown in their most frequent
  spelling, most frequent first (ties alphabetically); a turn without any text is counted
  but not listed.
* top_topics: answers per entry id, most first: knowledge-base entries (bot custom `topic`)
  and clinic FAQs (custom `clinic_faq`, listed as "faq:<id>").
* hours: conversations started per UTC hour of the day ("00".."23", all 24 present).
* daily: conversations started per UTC date, every date from the first to the last
  (days without a conversation are 0).

Rates are null when their denominator is 0.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from twitchcare.text import fold
from twitchcare.triage import LEVELS

FALLBACK_ACTION = "action_default_fallback"
HANDOFF_SLOT = "handoff_requested"
START_ASSESSMENT_ACTION = "action_start_assessment"
ASSESSMENT_FORM = "twitch_assessment_form"
NOT_UNDERSTOOD_RESPONSE = "utter_not_understood_in_form"
FAQ_TOPIC_PREFIX = "faq:"
# What people write when an answer did not help (matched on the normalised message).
NOT_HELPFUL = (
    "didn t help",
    "did not help",
    "doesn t help",
    "does not help",
    "not helpful",
    "that s not what i asked",
    "not what i asked",
    "that doesn t answer",
    "useless",
    "wasn t helpful",
    "was not helpful",
    "no help",
)

Instant = Union[float, int, datetime, None]

# The friction figures, in the order they are shown.
FRICTION = ("abandoned_checks", "reasked", "not_helpful", "repeated_questions")
FRICTION_LABELS = {
    "abandoned_checks": "Abandoned symptom checks",
    "reasked": "Questions re-asked (reply not understood)",
    "not_helpful": "\"That didn't help\" replies",
    "repeated_questions": "Repeated questions",
}

# Parsed events kept per conversation (everything else is dropped while reading).
USER, ANSWER, TRIAGE, UNANSWERED, FALLBACK, HANDOFF, CHECK_STARTED, REASKED = (
    "user",
    "answer",
    "triage",
    "unanswered",
    "fallback",
    "handoff",
    "check_started",
    "reasked",
)


def to_timestamp(value: Instant) -> Optional[float]:
    """A unix timestamp from a number or a datetime (naive datetimes are taken as UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.timestamp()
    return float(value)


def utc_date(ts: float) -> date:
    return datetime.fromtimestamp(ts, tz=timezone.utc).date()


def event_data(row: Mapping[str, Any]) -> Dict[str, Any]:
    data = row.get("data")
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError:
            return {}
    return data if isinstance(data, dict) else {}


def custom_payload(data: Mapping[str, Any]) -> Dict[str, Any]:
    payload = data.get("data")
    custom = payload.get("custom") if isinstance(payload, dict) else None
    return custom if isinstance(custom, dict) else {}


def parse_row(row: Mapping[str, Any]) -> List[Tuple[str, Any]]:
    """The report-relevant events in one row, as (kind, value) pairs (usually 0 or 1)."""
    kind = row.get("type_name")
    if kind not in ("user", "bot", "action", "slot", "active_loop"):
        return []
    data = event_data(row)
    if kind == "user":
        text = data.get("text")
        return [(USER, text if isinstance(text, str) else "")]
    if kind == "active_loop":
        return [(CHECK_STARTED, None)] if data.get("name") == ASSESSMENT_FORM else []
    if kind == "action":
        name = data.get("name") or row.get("action_name")
        if name == START_ASSESSMENT_ACTION:
            return [(CHECK_STARTED, None)]
        return [(FALLBACK, None)] if name == FALLBACK_ACTION else []
    if kind == "slot":
        name = data.get("name") or row.get("action_name")
        return [(HANDOFF, None)] if name == HANDOFF_SLOT and data.get("value") is not None else []
    custom = custom_payload(data)
    found: List[Tuple[str, Any]] = []
    metadata = data.get("metadata")
    if isinstance(metadata, dict) and metadata.get("utter_action") == NOT_UNDERSTOOD_RESPONSE:
        found.append((REASKED, None))
    topic = custom.get("topic")
    if isinstance(topic, str) and topic:
        found.append((ANSWER, topic))
    faq = custom.get("clinic_faq")
    if isinstance(faq, str) and faq:
        found.append((ANSWER, FAQ_TOPIC_PREFIX + faq))
    triage = custom.get("triage")
    if isinstance(triage, dict) and triage.get("level") in LEVELS:
        found.append((TRIAGE, triage["level"]))
    if custom.get("unanswered") is True:
        question = custom.get("question")
        found.append((UNANSWERED, question if isinstance(question, str) and question.strip() else None))
    return found


@dataclass
class _Conversation:
    rows: List[Tuple[Optional[int], float, int, str, Any]] = field(default_factory=list)
    start: Optional[float] = None
    has_user: bool = False


def _ordered(conv: _Conversation) -> List[Tuple[str, Any]]:
    """Events in store order: by row id when every row has one, else by timestamp."""
    rows = conv.rows
    if all(r[0] is not None for r in rows):
        rows = sorted(rows, key=lambda r: (r[0], r[2]))
    else:
        rows = sorted(rows, key=lambda r: (r[1], r[2]))
    return [(r[3], r[4]) for r in rows]


def _question_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def says_not_helpful(text: str) -> bool:
    """True when a message says an answer did not help (one of NOT_HELPFUL)."""
    words = f" {_repeat_key(text)} "
    return any(f" {phrase} " in words for phrase in NOT_HELPFUL)


def _repeat_key(text: str) -> str:
    """Lower-case words and numbers only: "Is it serious?" and "is it  serious" are one."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def _rate(part: int, whole: int) -> Optional[float]:
    return part / whole if whole else None


def compute_report(rows: Iterable[Mapping[str, Any]], since: Instant = None, until: Instant = None) -> Dict[str, Any]:
    """The report metrics (see the module docstring) for conversations started in [since, until)."""
    lo, hi = to_timestamp(since), to_timestamp(until)
    conversations: Dict[str, _Conversation] = defaultdict(_Conversation)
    for seq, row in enumerate(rows):
        sender = row.get("sender_id")
        if sender is None:
            continue
        conv = conversations[str(sender)]
        ts = row.get("timestamp")
        ts = float(ts) if ts is not None else None
        for kind, value in parse_row(row):
            conv.rows.append((row.get("id"), ts if ts is not None else 0.0, seq, kind, value))
            if kind == USER:
                conv.has_user = True
                if ts is not None and (conv.start is None or ts < conv.start):
                    conv.start = ts

    selected = {
        sender: conv
        for sender, conv in conversations.items()
        if conv.has_user
        and (lo is None or (conv.start is not None and conv.start >= lo))
        and (hi is None or (conv.start is not None and conv.start < hi))
    }

    handoffs = 0
    level_conversations: Counter[str] = Counter()
    level_results: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    user_turns = fallback_turns = unanswered_conversations = 0
    questions: Dict[str, Counter[str]] = defaultdict(Counter)
    daily: Counter[date] = Counter()
    hours: Counter[int] = Counter()
    resolved = deflected = 0
    friction: Counter[str] = Counter()
    friction_conversations: Counter[str] = Counter()

    for conv in selected.values():
        if conv.start is not None:
            daily[utc_date(conv.start)] += 1
            hours[datetime.fromtimestamp(conv.start, tz=timezone.utc).hour] += 1
        # Each user turn: (text, question from an unanswered payload, unanswered?).
        turns: List[List[Any]] = []
        handed_off = answered = check_started = False
        levels = set()
        seen: set[str] = set()
        found: Counter[str] = Counter()
        for kind, value in _ordered(conv):
            if kind == USER:
                turns.append([value, None, False])
                key = _repeat_key(value)
                if key in seen and " " in key:
                    found["repeated_questions"] += 1
                seen.add(key)
                if answered and says_not_helpful(value):
                    found["not_helpful"] += 1
            elif kind == HANDOFF:
                handed_off = True
            elif kind == CHECK_STARTED:
                check_started = True
            elif kind == REASKED:
                found["reasked"] += 1
            elif kind == ANSWER:
                answered = True
                topics[value] += 1
            elif kind == TRIAGE:
                level_results[value] += 1
                levels.add(value)
            elif kind in (UNANSWERED, FALLBACK):
                if not turns:  # no user message before it: not a turn, ignored
                    continue
                turn = turns[-1]
                turn[2] = True
                if kind == UNANSWERED and value and turn[1] is None:
                    turn[1] = value
        handoffs += handed_off
        if check_started and not levels and not handed_off:
            found["abandoned_checks"] += 1
        is_resolved = answered or bool(levels)
        resolved += is_resolved
        deflected += is_resolved and not handed_off
        for name, count in found.items():
            friction[name] += count
            friction_conversations[name] += 1
        if levels:
            level_conversations[min(levels, key=LEVELS.index)] += 1
        user_turns += len(turns)
        unanswered = [t for t in turns if t[2]]
        fallback_turns += len(unanswered)
        unanswered_conversations += bool(unanswered)
        for text, question, _ in unanswered:
            shown = (question or text or "").strip()
            if shown:
                questions[_question_key(shown)][shown] += 1

    n = len(selected)
    question_list: List[Dict[str, Any]] = []
    for spellings in questions.values():
        count = sum(spellings.values())
        # most frequent spelling; ties: the alphabetically first
        shown = min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
        question_list.append({"text": shown, "count": count})
    question_list.sort(key=lambda q: (-q["count"], q["text"].casefold(), q["text"]))

    daily_series: Dict[str, int] = {}
    if daily:
        day, last = min(daily), max(daily)
        while day <= last:
            daily_series[day.isoformat()] = daily.get(day, 0)
            day += timedelta(days=1)

    return {
        "conversations": n,
        "handoffs": handoffs,
        "no_handoff": n - handoffs,
        "no_handoff_rate": _rate(n - handoffs, n),
        "resolved": resolved,
        "resolution_rate": _rate(resolved, n),
        "deflected": deflected,
        "deflection_rate": _rate(deflected, n),
        "friction": {
            name: {"count": friction.get(name, 0), "conversations": friction_conversations.get(name, 0)}
            for name in FRICTION
        },
        "escalations": {
            "conversations": {level: level_conversations.get(level, 0) for level in LEVELS},
            "results": {level: level_results.get(level, 0) for level in LEVELS},
            "conversations_with_triage": sum(level_conversations.values()),
        },
        "unanswered_conversations": unanswered_conversations,
        "unanswered_rate": _rate(unanswered_conversations, n),
        "user_turns": user_turns,
        "fallback_turns": fallback_turns,
        "fallback_turn_rate": _rate(fallback_turns, user_turns),
        "unanswered_questions": question_list,
        "knowledge_answers": sum(topics.values()),
        "top_topics": [
            {"topic": t, "count": c} for t, c in sorted(topics.items(), key=lambda item: (-item[1], item[0]))
        ],
        "daily": daily_series,
        "hours": {f"{hour:02d}": hours.get(hour, 0) for hour in range(24)},
    }
