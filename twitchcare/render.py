"""Turns knowledge entries and safety results into the words and buttons people see."""
from __future__ import annotations

from typing import Dict, List, Sequence

from twitchcare.knowledge import Entry, KnowledgeBase
from twitchcare.safety import EmergencySign

MAX_RELATED_BUTTONS = 3
NO_DIAGNOSIS_NOTE = ("I can't tell whether you have this: only a clinician who examines you can. "
                     "Here is what the articles say.")


def topic_payload(entry_id: str) -> str:
    return '/ask_topic{"topic": "%s"}' % entry_id


def sources_line(kb: KnowledgeBase, entry: Entry) -> str:
    cited = [f"\u201c{s.title}\u201d ({s.publisher})" for s in kb.sources_of(entry)]
    return ("Source: " if len(cited) == 1 else "Sources: ") + "; ".join(cited)


def source_records(kb: KnowledgeBase, entry: Entry) -> List[Dict[str, str]]:
    return [{"id": s.id, "title": s.title, "publisher": s.publisher} for s in kb.sources_of(entry)]


def related_buttons(kb: KnowledgeBase, entry: Entry) -> List[Dict[str, str]]:
    return [{"title": kb.entries[r].title, "payload": topic_payload(r)}
            for r in entry.related[:MAX_RELATED_BUTTONS]]


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
