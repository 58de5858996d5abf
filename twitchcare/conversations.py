"""Stored conversations for the clinic console: one summary per conversation (for the
searchable list) and a transcript of what the person saw (texts, buttons, cards).

Input: rows of the tracker store's `events` table as dicts (see twitchcare/report.py), already
masked by the tracker store (addons/tracker_store.py): this module shows text as stored.
The outcome of a conversation (resolved, handoff, unanswered, most urgent level) uses the
definitions of twitchcare/report.py, so the list and the dashboard agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional

from twitchcare import nlp
from twitchcare.report import ANSWER, HANDOFF, TRIAGE, UNANSWERED, FALLBACK, USER, custom_payload, event_data, parse_row
from twitchcare.triage import LEVELS


@dataclass
class Summary:
    sender_id: str
    start: Optional[float] = None
    last: Optional[float] = None
    user_turns: int = 0
    level: Optional[str] = None  # most urgent triage result
    handoff: bool = False
    unanswered: bool = False
    resolved: bool = False
    channel: str = ""
    first_text: str = ""
    texts: List[str] = field(default_factory=list)

    def as_dict(self) -> Dict[str, Any]:
        return {
            "sender_id": self.sender_id,
            "start": self.start,
            "last": self.last,
            "user_turns": self.user_turns,
            "level": self.level,
            "handoff": self.handoff,
            "unanswered": self.unanswered,
            "resolved": self.resolved,
            "channel": self.channel,
            "first_text": self.first_text,
        }


def _sorted(rows: Iterable[Mapping[str, Any]]) -> List[Mapping[str, Any]]:
    listed = list(rows)
    if all(r.get("id") is not None for r in listed):
        return sorted(listed, key=lambda r: int(r["id"]))
    return sorted(listed, key=lambda r: float(r.get("timestamp") or 0.0))


def summarise(rows: Iterable[Mapping[str, Any]]) -> List[Summary]:
    """One summary per conversation with a user message, newest first."""
    by_sender: Dict[str, List[Mapping[str, Any]]] = {}
    for row in rows:
        if row.get("sender_id") is not None:
            by_sender.setdefault(str(row["sender_id"]), []).append(row)
    summaries = []
    for sender, events in by_sender.items():
        s = Summary(sender)
        levels = set()
        answered = False
        for row in _sorted(events):
            ts = row.get("timestamp")
            for kind, value in parse_row(row):
                if kind == USER:
                    s.user_turns += 1
                    s.texts.append(value)
                    if ts is not None:
                        s.start = float(ts) if s.start is None else min(s.start, float(ts))
                    if not s.first_text:
                        s.first_text = value
                    channel = event_data(row).get("input_channel")
                    if isinstance(channel, str) and channel and not s.channel:
                        s.channel = channel
                elif kind == HANDOFF:
                    s.handoff = True
                elif kind == ANSWER:
                    answered = True
                elif kind == TRIAGE:
                    levels.add(value)
                elif kind in (UNANSWERED, FALLBACK) and s.user_turns:
                    s.unanswered = True
            if ts is not None:
                s.last = float(ts) if s.last is None else max(s.last, float(ts))
        if not s.user_turns:
            continue
        s.level = min(levels, key=LEVELS.index) if levels else None
        s.resolved = answered or bool(levels)
        summaries.append(s)
    summaries.sort(key=lambda s: (-(s.start or 0.0), s.sender_id))
    return summaries


def matches(
    s: Summary,
    query: str = "",
    level: str = "",
    handoff: Optional[bool] = None,
    unanswered: Optional[bool] = None,
    channel: str = "",
    since: Optional[float] = None,
    until: Optional[float] = None,
) -> bool:
    """Whether a conversation passes the console's filters (empty/None: any)."""
    if level and (s.level or "none") != level:
        return False
    if handoff is not None and s.handoff != handoff:
        return False
    if unanswered is not None and s.unanswered != unanswered:
        return False
    if channel and s.channel != channel:
        return False
    if since is not None and (s.start is None or s.start < since):
        return False
    if until is not None and (s.start is None or s.start >= until):
        return False
    if query:
        needle = query.casefold()
        return needle in s.sender_id.casefold() or any(needle in t.casefold() for t in s.texts)
    return True


def transcript(rows: Iterable[Mapping[str, Any]]) -> List[Dict[str, Any]]:
    """What the person saw, in order: {"who": "user"|"bot", "at", "text", "buttons", "card"}.

    `buttons` are the titles offered; `card` is a triage result ({"level", "reasons"}), a
    knowledge answer ({"topic"}), a clinic FAQ ({"faq"}), or an unanswered marker."""
    items: List[Dict[str, Any]] = []
    for row in _sorted(rows):
        kind = row.get("type_name")
        if kind not in ("user", "bot"):
            continue
        data = event_data(row)
        text = data.get("text")
        item: Dict[str, Any] = {
            "who": kind,
            "at": row.get("timestamp"),
            "text": text if isinstance(text, str) else "",
            "buttons": [],
            "card": None,
        }
        if kind == "bot":
            payload = data.get("data")
            buttons = payload.get("buttons") if isinstance(payload, dict) else None
            if isinstance(buttons, list):
                item["buttons"] = [str(b.get("title", "")) for b in buttons if isinstance(b, dict)]
            custom = custom_payload(data)
            triage = custom.get("triage")
            if isinstance(triage, dict) and triage.get("level") in LEVELS:
                reasons = triage.get("reasons")
                item["card"] = {
                    "level": triage["level"],
                    "reasons": [str(r) for r in reasons] if isinstance(reasons, list) else [],
                }
            elif isinstance(custom.get("topic"), str):
                item["card"] = {"topic": custom["topic"]}
            elif isinstance(custom.get("clinic_faq"), str):
                item["card"] = {"faq": custom["clinic_faq"]}
            elif custom.get("unanswered") is True:
                item["card"] = {"unanswered": True}
            if not item["text"] and not item["buttons"] and item["card"] is None:
                continue
        items.append(item)
    return items


def group_similar(questions: Iterable[Mapping[str, Any]], threshold: float = 0.5) -> List[Dict[str, Any]]:
    """Unanswered questions ({"text", "count"}, as in the report) grouped when their content
    words (lemmas) overlap by at least `threshold` (Jaccard), most frequent group first.

    Each group: {"text": its most frequent wording, "count": total, "variants": [texts]}."""
    groups: List[Dict[str, Any]] = []
    ordered = sorted(questions, key=lambda q: (-int(q["count"]), str(q["text"]).casefold()))
    for question in ordered:
        text = str(question["text"])
        words = set(nlp.lemmas(text)) or {text.casefold()}
        best, best_score = None, 0.0
        for group in groups:
            score = len(words & group["_words"]) / len(words | group["_words"])
            if score > best_score:
                best, best_score = group, score
        if best is not None and best_score >= threshold:
            best["count"] += int(question["count"])
            best["variants"].append(text)
            best["_words"] |= words
        else:
            groups.append({"text": text, "count": int(question["count"]), "variants": [text], "_words": words})
    groups.sort(key=lambda g: (-g["count"], g["text"].casefold()))
    return [{k: v for k, v in g.items() if k != "_words"} for g in groups]
