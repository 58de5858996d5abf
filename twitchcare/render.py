"""Turns knowledge entries, intake questions and triage results into words and buttons."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence, Tuple

from twitchcare.clinic import Clinic
from twitchcare.intake import QUESTION_BY_SLOT, SCREEN_SIGNS, buttons, triggers_said
from twitchcare.intake import QUESTIONS as QUESTIONS_SPEC
from twitchcare.knowledge import Entry, KnowledgeBase
from twitchcare.safety import SIGN_LABELS, EmergencySign

MAX_RELATED_BUTTONS = 3
NO_DIAGNOSIS_NOTE = (
    "I can't tell whether you have this: only a clinician who examines you can. " "Here is what the articles say."
)


HELP_TEXT = (
    "You can ask me anything about twitching in your own words, tell me about your twitch "
    "for a quick check of what to do next, or pick a topic:"
)
HELP_TOPICS = ("what_is_twitching", "causes_overview", "when_to_see_doctor", "treatment_overview", "is_it_serious")
CHECK_MY_TWITCH = {"title": "Check my twitch", "payload": "/start_assessment"}
# Topics offered when the assistant cannot place a question.
FALLBACK_TOPICS = ("causes_overview", "when_to_see_doctor", "treatment_overview")

# Asked before any other answer when a message reads like a personal problem the assistant
# could not place: it may be an emergency in words nobody foresaw.
SAFETY_CHECK = (
    "Before anything else, a quick safety check. Is any of this happening right now: trouble "
    "breathing or swallowing, chest pain, slurred speech, weakness or drooping on one side, a "
    "seizure or fainting, new confusion, a recent head injury, weakness spreading fast, a severe "
    "allergic reaction, an overdose or poisoning, or thoughts of harming yourself?"
)
# "Yes, one of these": an emergency wherever it is tapped (addons/emergency_policy.py).
REPORT_EMERGENCY_PAYLOAD = "/report_emergency"
SAFETY_CHECK_BUTTONS = (("Yes, one of these", REPORT_EMERGENCY_PAYLOAD), ("No, none of these", "/deny"))
CANNOT_ANSWER = (
    "Sorry, I don't have a good answer to that. I know about muscle twitching: what it is, "
    "causes (stress, caffeine, sleep, exercise, nutrients, medicines), where it happens, when "
    "to see a doctor, tests and treatment. Could you rephrase, or pick a topic?"
)
LOST_TRACK = (
    "Sorry, I lost track there. Could you say that again in other words? "
    "You can also type \"help\" to see what I can do."
)


RESTARTED = "OK, we're starting again: I've cleared this conversation."


def emergency_hint(emergency_number: str) -> str:
    """The one sentence, said in the greeting and every technical-problem reply, on when to call."""
    return (
        "If you have trouble breathing or swallowing, slurred speech, weakness or drooping on one "
        f"side, a seizure or fainting, call {emergency_number} now."
    )


def with_emergency_hint(text: str, emergency_number: str) -> str:
    return f"{text}\n\n{emergency_hint(emergency_number)}"


def technical_problem_text(emergency_number: str) -> str:
    """What the person reads when the assistant cannot answer because of a technical problem."""
    return with_emergency_hint(
        "Sorry, I can't answer right now because of a technical problem on our side. "
        "Please try again in a few minutes.",
        emergency_number,
    )


# -- replies to messages the assistant cannot read (channels/screening.py) ----------------
EMPTY_MESSAGE = (
    "I didn't get any text there. Type your question about muscle twitching in your own "
    "words, or \"help\" to see what I can do."
)


def too_long_text(length: int, limit: int, emergency_number: str) -> str:
    return with_emergency_hint(
        f"Sorry, that message is too long for me: it has {length} characters and I can read up to "
        f"{limit}. Please send a shorter message, for example your main question in a sentence or two.",
        emergency_number,
    )


def unreadable_payload_text(emergency_number: str) -> str:
    return with_emergency_hint(
        "Sorry, I couldn't read that message: it is built in a way I can't follow. Please type your "
        "question in your own words.",
        emergency_number,
    )


def greeting_parts(clinic_name: str, emergency_number: str, retention_days: int, privacy_url: str = "") -> List[str]:
    """What the assistant is, the emergency line and the privacy notice (the greeting's paragraphs;
    the widget shows them on its first screen before anything is typed)."""
    privacy = (
        f"Privacy: this conversation is stored for {retention_days} days to run and improve the service "
        "(phone numbers and e-mail addresses are masked). Type \"delete my data\" at any time to erase it."
    )
    if privacy_url:
        privacy += f" Privacy policy: {privacy_url}"
    return [
        f"Hi, I'm {clinic_name}'s assistant for questions about muscle twitching. I explain what vetted "
        "articles say and point you to the right care. I'm not a doctor and I can't diagnose you.",
        emergency_hint(emergency_number),
        privacy,
    ]


def greeting(clinic_name: str, emergency_number: str, retention_days: int, privacy_url: str = "") -> str:
    return "\n\n".join(greeting_parts(clinic_name, emergency_number, retention_days, privacy_url))


def handoff_text(clinic: Clinic, open_now: bool, next_opening: Optional[datetime]) -> str:
    """Who to contact, how to book, and whether the clinic is open right now."""
    lines = [f"You can talk to the team at {clinic.name}."]
    if clinic.phone:
        when = (
            "We're open now"
            if open_now
            else (
                f"We're closed right now; we open again {next_opening.strftime('%A at %H:%M')}"
                if next_opening
                else "We're closed right now"
            )
        )
        lines.append(f"{when}. Phone: {clinic.phone}.")
    if clinic.booking_url:
        lines.append(f"Book an appointment online: {clinic.booking_url}")
    if clinic.address:
        lines.append(f"Address: {clinic.address}")
    if not clinic.phone and not clinic.booking_url:
        lines.append("Please contact the clinic's reception by phone or in person to speak to someone.")
    return "\n".join(lines)


DATA_DELETED = (
    "Done: I've deleted this conversation from our records. If you write again, " "it starts a new conversation."
)


def topic_buttons(kb: KnowledgeBase, entry_ids: Sequence[str]) -> List[Dict[str, str]]:
    return [{"title": kb.entries[i].title, "payload": topic_payload(i)} for i in entry_ids]


def topic_payload(entry_id: str) -> str:
    return '/ask_topic{"topic": "%s"}' % entry_id


def sources_line(kb: KnowledgeBase, entry: Entry) -> str:
    cited = [f"\u201c{s.title}\u201d ({s.publisher})" for s in kb.sources_of(entry)]
    return ("Source: " if len(cited) == 1 else "Sources: ") + "; ".join(cited)


def source_records(kb: KnowledgeBase, entry: Entry) -> List[Dict[str, str]]:
    return [{"id": s.id, "title": s.title, "publisher": s.publisher} for s in kb.sources_of(entry)]


def related_buttons(kb: KnowledgeBase, entry: Entry) -> List[Dict[str, str]]:
    return topic_buttons(kb, entry.related[:MAX_RELATED_BUTTONS])


# Facts of the asked aspect this short (characters) are followed by the entry's short answer.
SHORT_LEAD_CHARS = 240
ALWAYS_WITH_SUMMARY = {"warnings", "see_doctor"}


def answer_text(
    kb: KnowledgeBase, entry: Entry, *, more: bool = False, no_diagnosis: bool = False, aspects: Sequence[str] = ()
) -> str:
    """Title, then the facts that answer the asked `aspects` (a food list for a food question),
    then the short answer where the facts alone are brief (or the detail when the person asked
    for more), then sources."""
    parts = [entry.title]
    if no_diagnosis:
        parts.append(NO_DIAGNOSIS_NOTE)
    lead = [f for aspect in aspects for f in entry.facts_for(aspect)] if not more else []
    if more:
        parts.append(entry.detail or f"That is all my sources say about this. {entry.answer}")
    elif lead:
        facts = " ".join(f.text for f in lead)
        parts.append(facts)
        # The short answer carries the entry's safety advice (when to call for help): always
        # kept for questions about warning signs or seeing a doctor.
        if len(facts) < SHORT_LEAD_CHARS or ALWAYS_WITH_SUMMARY & set(aspects):
            parts.append(entry.answer)
    else:
        parts.append(entry.answer)
    parts.append(sources_line(kb, entry))
    return "\n\n".join(parts)


def emergency_text(
    signs: Sequence[EmergencySign], emergency_number: str, *, poison_control: str = "", crisis_line: str = ""
) -> str:
    """The emergency reply: what was heard, call now, and the right extra help for poisoning or
    thoughts of self-harm. `signs` may be empty ("yes, one of these is happening")."""
    labels = [s.label for s in signs]
    if not labels:
        heard = "You told me one of these signs is happening."
    else:
        because = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        heard = f"You mentioned {because}."
    parts = [
        f"\u26a0\ufe0f This could be a medical emergency. {heard}",
        f"Call {emergency_number} now, or have someone take you to the nearest emergency department. "
        "Do not drive yourself and do not wait to see if it passes.",
    ]
    ids = {s.id for s in signs}
    if "overdose_poisoning" in ids and poison_control:
        parts.append(
            f"For a poisoning or an overdose you can also call {poison_control}, but if the person "
            "is drowsy, fitting or struggling to breathe, call the emergency number first. Keep the "
            "packet or bottle to show the paramedics."
        )
    if "suicidal" in ids and crisis_line:
        parts.append(
            f"If you are thinking about ending your life or harming yourself, you are not alone: you "
            f"can talk to {crisis_line}. If you might act on these thoughts now, call {emergency_number}."
        )
    parts.append("If you were asking in general and are not having this right now, tell me and we can carry on.")
    return "\n\n".join(parts)


def sign_note(sign_ids: Sequence[str], emergency_number: str, crisis_line: str = "") -> str:
    """For signs mentioned without an emergency (long past, resolved, a general question):
    plain lines on when to call, without taking over the conversation."""
    labels = [SIGN_LABELS[sid] for sid in sign_ids if sid in SIGN_LABELS and sid not in NOTE_SEPARATELY]
    lines = []
    if labels:
        named = (
            f"{labels[0]} can be an emergency sign"
            if len(labels) == 1
            else ", ".join(labels[:-1]) + ", and " + labels[-1] + ", can be emergency signs"
        )
        lines.append(f"Good to know: {named}. If it happens now or comes back, " f"call {emergency_number} at once.")
    if "suicidal" in sign_ids and crisis_line:
        lines.append(
            f"If thoughts of ending your life or harming yourself come up, you can talk to {crisis_line}; "
            f"if you might act on them, call {emergency_number}."
        )
    return "\n\n".join(lines)


NOTE_SEPARATELY = {"suicidal", "other_emergency"}


# -- symptom intake -------------------------------------------------------------------
# slot -> (question, ((button title, payload), ...)): the intake's own spec (twitchcare/intake.py).
QUESTIONS: Dict[str, Tuple[str, Tuple[Tuple[str, str], ...]]] = {q.slot: (q.text, q.buttons) for q in QUESTIONS_SPEC}
# Asked again (once) when an answer mid-intake came close to reading as an emergency.
SCREEN_RECHECK = "Before we go on, one more safety check about what you just wrote. " + SCREEN_SIGNS
ASSESSMENT_INTRO = (
    "I'll ask a few quick questions, like a doctor would, and then suggest the right "
    "next step. You can say \"stop\" at any time."
)

LEVEL_HEADLINES = {
    "emergency": "\U0001f6a8 Emergency: call {number} now.",
    "urgent": "\u26a0\ufe0f See a doctor today: contact your doctor's office or an urgent care service.",
    "doctor": "\U0001f4c5 Book an appointment with a doctor in the next few days.",
    "self_care": "\u2705 This sounds like a common, harmless twitch that you can look after yourself.",
}
WHEN_TO_ESCALATE = {
    "emergency": "Do not drive yourself and do not wait to see if it passes.",
    "urgent": (
        "Call {number} instead if you get trouble breathing or swallowing, slurred speech, "
        "one-sided weakness or drooping, a seizure or fainting."
    ),
    "doctor": (
        "Go today instead if weakness gets worse day by day, and call {number} for trouble "
        "breathing or swallowing, slurred speech, one-sided weakness or a seizure."
    ),
    "self_care": (
        "See a doctor if it lasts more than 2 weeks, spreads, or comes with weakness, "
        "numbness, pain or muscle shrinking. Call {number} at once for trouble breathing or "
        "swallowing, slurred speech or one-sided weakness."
    ),
}


# The button key that marks options which may be picked together (channels/choices.py reads it).
MULTIPLE_KEY = "multiple"


def question(
    slot: str, filled: Optional[Dict[str, Any]] = None, reasked: bool = False
) -> Tuple[str, List[Dict[str, Any]]]:
    """A question with its buttons; asked again after an answer that was not understood, it
    first says so and shows an answer that works. Options that may be picked together (the
    symptom question) carry "multiple": true, which the channels render as a multi-select."""
    spec = QUESTION_BY_SLOT[slot]
    text = spec.text
    said = triggers_said(filled or {}) if slot == "triggers" else []
    if said:
        # Asked although a trigger was named already (it also asks about medicines): say so.
        text = f"You mentioned {_join([t.lower() for t in said])}. Anything else? {text}"
    if reasked:
        text = (
            f"Sorry, I didn't quite get that. An answer like \"{spec.example}\" works, " f"or tap a button.\n\n{text}"
        )
    return text, [
        {"title": title, "payload": payload, **({MULTIPLE_KEY: True} if title in spec.multiple else {})}
        for title, payload in buttons(slot, filled or {})
    ]


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def first_sentences(text: str, count: int = 2) -> str:
    return " ".join(re.split(r"(?<=[.!?])\s+", text)[:count])


# The parts of a triage result, as headed in its text and on the widget's card.
TRIAGE_HEADINGS = {
    "why": "Why",
    "advice": "What may help meanwhile",
    "sources": "Sources",
    "when": "When to come back",
    "summary": "Summary for your doctor",
}


def triage_text(
    kb: KnowledgeBase, level: str, reasons: Sequence[str], advice_ids: Sequence[str], emergency_number: str
) -> str:
    parts = [LEVEL_HEADLINES[level].format(number=emergency_number), f"{TRIAGE_HEADINGS['why']}: {_join(reasons)}."]
    if level in ("self_care", "doctor"):
        tips = [f"\u2022 {kb.entries[i].title}: {first_sentences(kb.entries[i].answer)}" for i in advice_ids]
        parts.append(f"{TRIAGE_HEADINGS['advice']}:\n" + "\n".join(tips))
        parts.append(" ".join(sources_line(kb, kb.entries[i]) for i in advice_ids))
    parts.append(WHEN_TO_ESCALATE[level].format(number=emergency_number))
    parts.append("This is guidance, not a diagnosis.")
    return "\n\n".join(parts)


SUMMARY_LABELS = (
    ("location", "Where"),
    ("onset", "How long"),
    ("frequency", "How often"),
    ("other_symptoms", "Other symptoms"),
    ("triggers", "Possible triggers"),
    ("medicines", "Medicines"),
    ("age_group", "Age group"),
)


def _show(value: object) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def summary_text(summary: Dict[str, object]) -> str:
    return f"{TRIAGE_HEADINGS['summary']}:\n" + "\n".join(
        f"\u2022 {label}: {_show(summary[key])}" for key, label in SUMMARY_LABELS
    )


def level_headline(level: str, emergency_number: str) -> str:
    """A level's headline without its emoji (a card shows the level by colour and words)."""
    return LEVEL_HEADLINES[level].format(number=emergency_number).split(" ", 1)[1]


def triage_card(
    kb: KnowledgeBase,
    level: str,
    reasons: Sequence[str],
    advice_ids: Sequence[str],
    emergency_number: str,
    summary: Dict[str, object],
) -> Dict[str, Any]:
    """The triage result as one card, for a channel that draws it (the website widget): the
    verdict first, then why, what may help with its sources, when to come back, and the doctor
    summary (also as copyable text). The same words as triage_text and summary_text."""
    card: Dict[str, Any] = {"headline": level_headline(level, emergency_number), "why": [str(r) for r in reasons]}
    if level in ("self_care", "doctor"):
        card["advice"] = [
            {"title": kb.entries[i].title, "text": first_sentences(kb.entries[i].answer)} for i in advice_ids
        ]
        sources = [s for i in advice_ids for s in source_records(kb, kb.entries[i])]
        card["sources"] = [s for n, s in enumerate(sources) if s["id"] not in {x["id"] for x in sources[:n]}]
    card["when"] = WHEN_TO_ESCALATE[level].format(number=emergency_number)
    card["note"] = "This is guidance, not a diagnosis."
    card["summary"] = [{"label": label, "value": _show(summary[key])} for key, label in SUMMARY_LABELS]
    card["summary_text"] = summary_text(summary)
    return card


# -- chat channels ----------------------------------------------------------------------
LEVEL_LABELS = {
    "emergency": "EMERGENCY",
    "urgent": "See a doctor today",
    "doctor": "Book a doctor",
    "self_care": "Self-care",
}


def channel_text(custom: Dict[str, Any]) -> str:
    """How a channel without custom rendering shows a machine-readable message.

    Answers and questions already carry their text (with sources); the custom
    twins only add something for a triage result: a short headline card. Returns
    "" when there is nothing to show, never raw JSON.
    """
    triage = custom.get("triage") if isinstance(custom, dict) else None
    if not isinstance(triage, dict) or triage.get("level") not in LEVEL_LABELS:
        return ""
    label = LEVEL_LABELS[triage["level"]]
    reasons = [str(r) for r in triage.get("reasons", [])]
    line = f"{label}" + (f": {_join(reasons)}" if reasons else "")
    if triage["level"] == "emergency":
        line += f". Call {triage.get('emergency_number', 'your local emergency number')} now."
    return line
