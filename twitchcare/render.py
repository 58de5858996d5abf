"""Turns knowledge entries and safety results into the words and buttons people see."""
from __future__ import annotations

from typing import Dict, List, Sequence

from twitchcare.knowledge import Entry, KnowledgeBase
from twitchcare.safety import EmergencySign

MAX_RELATED_BUTTONS = 3
NO_DIAGNOSIS_NOTE = ("I can't tell whether you have this: only a clinician who examines you can. "
                     "Here is what the articles say.")


# Topics offered when the assistant cannot place a question.
FALLBACK_TOPICS = ("causes_overview", "when_to_see_doctor", "treatment_overview")

CANNOT_ANSWER = (
    "Sorry, I don't have a good answer to that. I know about muscle twitching: what it is, "
    "causes (stress, caffeine, sleep, exercise, nutrients, medicines), where it happens, when "
    "to see a doctor, tests and treatment. Could you rephrase, or pick a topic?"
)
LOST_TRACK = ("Sorry, I lost track there. Could you say that again in other words? "
              "You can also type \"help\" to see what I can do.")


def greeting(emergency_number: str) -> str:
    return (
        "Hi, I'm an assistant for questions about muscle twitching. I explain what vetted "
        "articles say and point you to the right care. I'm not a doctor and I can't diagnose you.\n\n"
        "If you have trouble breathing or swallowing, slurred speech, weakness or drooping on one "
        f"side, a seizure or fainting, call {emergency_number} now."
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


def answer_text(kb: KnowledgeBase, entry: Entry, *, more: bool = False,
                no_diagnosis: bool = False) -> str:
    """Title, the short answer (or the detail when the person asked for more), then sources."""
    parts = [entry.title]
    if no_diagnosis:
        parts.append(NO_DIAGNOSIS_NOTE)
    if more:
        parts.append(entry.detail or f"That is all my sources say about this. {entry.answer}")
    else:
        parts.append(entry.answer)
    parts.append(sources_line(kb, entry))
    return "\n\n".join(parts)


def emergency_text(signs: Sequence[EmergencySign], emergency_number: str) -> str:
    labels = [s.label for s in signs]
    because = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return (
        f"\u26a0\ufe0f This could be a medical emergency. You mentioned {because}.\n\n"
        f"Call {emergency_number} now, or have someone take you to the nearest emergency department. "
        "Do not drive yourself and do not wait to see if it passes.\n\n"
        "If you were asking in general and are not having this right now, tell me and we can carry on."
    )
