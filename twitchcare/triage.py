"""Triage engine: facts about a twitch -> one of four levels, with the reasons.

The policy table below is the single source of truth for escalation. The most
urgent level with a matching row wins; every matching row at that level is given
as a reason. Unsure answers ("I don't know") are treated cautiously.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Dict, List, Optional, Tuple

from twitchcare import durations

EMERGENCY, URGENT, DOCTOR, SELF_CARE = "emergency", "urgent", "doctor", "self_care"
LEVELS = (EMERGENCY, URGENT, DOCTOR, SELF_CARE)  # most urgent first

YES, NO, UNKNOWN = "yes", "no", "unknown"
UNKNOWN_DURATION = -1.0
PERSISTENT_DAYS = 14  # a twitch lasting longer than this needs a doctor
CHILD_PERSISTENT_DAYS = 7  # for a child, a week or more counts as persistent
MEDICINE_TRIGGERS = {"medicine"}


@dataclass(frozen=True)
class Facts:
    emergency_signs: Tuple[str, ...] = ()  # plain-word labels from twitchcare.safety
    emergency_screen: Optional[str] = None  # yes / no / unknown
    body_parts: Tuple[str, ...] = ()
    duration_days: Optional[float] = None  # UNKNOWN_DURATION when the person doesn't know
    frequency: Optional[str] = None  # occasional / frequent / constant / unknown
    weakness: Optional[str] = None
    worsening_weakness: Optional[str] = None
    numbness: Optional[str] = None
    pain: Optional[str] = None
    spreading: Optional[str] = None
    wasting: Optional[str] = None
    fluid_loss: Optional[str] = None
    eye_signs: Optional[str] = None
    triggers: Tuple[str, ...] = ()
    age_group: Optional[str] = None


@dataclass(frozen=True)
class Rule:
    level: str
    reason: str
    applies: Callable[[Facts], bool]


def _several_places(f: Facts) -> bool:
    places = set(f.body_parts) - {UNKNOWN}
    return len(places) > 1 or "whole_body" in places


def _long(f: Facts) -> bool:
    return f.duration_days is not None and f.duration_days > PERSISTENT_DAYS


def _child_persistent(f: Facts) -> bool:
    if f.age_group != "child" or f.duration_days is None:
        return False
    return f.duration_days == UNKNOWN_DURATION or f.duration_days >= CHILD_PERSISTENT_DAYS


def _maybe_child_persistent(f: Facts) -> bool:
    """Unsure whether it is a child: read cautiously, as a child."""
    return f.age_group == UNKNOWN and _child_persistent(replace(f, age_group="child"))


POLICY: Tuple[Rule, ...] = (
    Rule(EMERGENCY, "you said you have one of the emergency signs", lambda f: f.emergency_screen == YES),
    Rule(URGENT, "weakness that is getting worse day by day", lambda f: f.worsening_weakness == YES),
    Rule(
        URGENT, "vomiting or diarrhoea, which can upset the body's salts (electrolytes)", lambda f: f.fluid_loss == YES
    ),
    Rule(URGENT, "you weren't sure about the emergency signs", lambda f: f.emergency_screen == UNKNOWN),
    Rule(DOCTOR, "it has lasted more than 2 weeks", _long),
    Rule(DOCTOR, "it is in more than one place", _several_places),
    Rule(DOCTOR, "it is spreading or getting worse", lambda f: f.spreading == YES),
    Rule(DOCTOR, "you mentioned weakness or stiffness", lambda f: f.weakness == YES),
    Rule(DOCTOR, "you mentioned numbness or tingling", lambda f: f.numbness == YES),
    Rule(DOCTOR, "you mentioned pain", lambda f: f.pain == YES),
    Rule(DOCTOR, "the muscle seems to be shrinking or wasting", lambda f: f.wasting == YES),
    Rule(DOCTOR, "it may be linked to a medicine", lambda f: bool(MEDICINE_TRIGGERS & set(f.triggers))),
    Rule(DOCTOR, "a child's twitch that has gone on for a week or more", _child_persistent),
    Rule(DOCTOR, "a twitch of a week or more in someone who may be under 18", _maybe_child_persistent),
    Rule(
        DOCTOR,
        "the eyelid closes fully or droops, or the eye is red, swollen or discharging",
        lambda f: f.eye_signs == YES,
    ),
    Rule(DOCTOR, "twitching of the tongue", lambda f: "tongue" in f.body_parts),
    Rule(DOCTOR, "you weren't sure how long it has lasted", lambda f: f.duration_days == UNKNOWN_DURATION),
    Rule(
        DOCTOR,
        "you weren't sure about weakness, numbness, spreading or muscle shrinking",
        lambda f: UNKNOWN in (f.weakness, f.numbness, f.spreading, f.wasting, f.worsening_weakness),
    ),
    Rule(DOCTOR, "you weren't sure about vomiting or diarrhoea", lambda f: f.fluid_loss == UNKNOWN),
    Rule(DOCTOR, "you weren't sure about changes to the eye", lambda f: f.eye_signs == UNKNOWN),
)
SELF_CARE_REASON = "a single twitch for under 2 weeks with no warning signs"


@dataclass(frozen=True)
class Assessment:
    level: str
    reasons: Tuple[str, ...]
    also_noted: Tuple[str, ...] = field(default=())  # matching rows at less urgent levels


def assess(facts: Facts) -> Assessment:
    if facts.emergency_signs:
        reasons = tuple(f"you mentioned {label}" for label in facts.emergency_signs)
        return Assessment(EMERGENCY, reasons)
    matched = [rule for rule in POLICY if rule.applies(facts)]
    if not matched:
        return Assessment(SELF_CARE, (SELF_CARE_REASON,))
    level = min((r.level for r in matched), key=LEVELS.index)
    return Assessment(
        level,
        tuple(r.reason for r in matched if r.level == level),
        tuple(r.reason for r in matched if r.level != level),
    )


# Self-care advice: which knowledge entry speaks to each reported trigger or place.
ADVICE_FOR_TRIGGER: Dict[str, str] = {
    "caffeine": "prevent_caffeine_smoking",
    "nicotine": "prevent_caffeine_smoking",
    "stress": "prevent_stress",
    "poor_sleep": "prevent_sleep",
    "exercise": "cause_exercise",
    "dehydration": "cause_dehydration",
    "alcohol": "cause_alcohol",
    "medicine": "prevent_review_medicines",
}
ADVICE_FOR_PLACE: Dict[str, str] = {"eyelid": "loc_eyelid"}
GENERAL_ADVICE = "home_remedies"


def advice_entries(facts: Facts) -> List[str]:
    """Knowledge entry ids with advice matched to what was reported, most specific first."""
    ids: List[str] = []
    for trigger in facts.triggers:
        entry = ADVICE_FOR_TRIGGER.get(trigger)
        if entry and entry not in ids:
            ids.append(entry)
    for place in facts.body_parts:
        entry = ADVICE_FOR_PLACE.get(place)
        if entry and entry not in ids:
            ids.append(entry)
    if not ids:
        ids.append(GENERAL_ADVICE)
    return ids


def summary(facts: Facts) -> Dict[str, object]:
    """What a doctor would want to read first."""

    def yes(name: str, value: Optional[str]) -> List[str]:
        return [name] if value == YES else ([f"{name} (not sure)"] if value == UNKNOWN else [])

    if facts.duration_days is None:
        onset = "not given"
    elif facts.duration_days == UNKNOWN_DURATION:
        onset = "not sure"
    else:
        onset = durations.in_words(facts.duration_days)
    symptoms = (
        yes("weakness or stiffness", facts.weakness)
        + yes("weakness getting worse", facts.worsening_weakness)
        + yes("numbness or tingling", facts.numbness)
        + yes("pain", facts.pain)
        + yes("spreading or getting worse", facts.spreading)
        + yes("muscle shrinking", facts.wasting)
        + yes("vomiting or diarrhoea", facts.fluid_loss)
        + yes("eye changes", facts.eye_signs)
    )
    return {
        "location": [p.replace("_", " ") for p in facts.body_parts] or ["not given"],
        "onset": onset,
        "frequency": (facts.frequency or "not given").replace("_", " "),
        "other_symptoms": symptoms or ["none reported"],
        "triggers": [t.replace("_", " ") for t in facts.triggers if t != "medicine"] or ["none reported"],
        "medicines": "a new or current medicine may be involved" if "medicine" in facts.triggers else "none reported",
        "age_group": "not sure" if facts.age_group == UNKNOWN else facts.age_group or "not given",
    }
