"""Symptom intake: which questions to ask, and what a message already answers.

`extract` reads one user message (text, lay-term matches, intent) and returns the
slot values it states, so "my left eyelid has twitched for 3 days and I drink a lot
of coffee" fills the place, the duration and the trigger at once. Later messages
overwrite earlier values, which is how corrections work.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional

from twitchcare import durations
from twitchcare.nlp import TermMatch
from twitchcare.safety import is_denied, normalise
from twitchcare.triage import NO, UNKNOWN, UNKNOWN_DURATION, YES

# Asked in this order; worsening_weakness only after weakness, eye_signs only for the eyelid.
SLOTS = ("emergency_screen", "body_parts", "duration_days", "frequency", "weakness", "worsening_weakness",
         "numbness", "pain", "spreading", "wasting", "fluid_loss", "eye_signs", "triggers", "age_group")
YES_NO_SLOTS = {"emergency_screen", "weakness", "worsening_weakness", "numbness", "pain", "spreading",
                "wasting", "fluid_loss", "eye_signs"}
FOLLOW_UPS = {"worsening_weakness": lambda f: f.get("weakness") == YES,
              "eye_signs": lambda f: "eyelid" in (f.get("body_parts") or [])}
NONE_MARKER = "none"
OTHER_TRIGGER = "other"
BOTH_SIDES = "both_sides"

SYMPTOM_TO_SLOT = {"weakness": "weakness", "stiffness": "weakness", "numbness": "numbness",
                   "tingling": "numbness", "pain": "pain", "spreading": "spreading",
                   "worsening": "spreading", "wasting": "wasting"}
CAUSE_TO_TRIGGER = {
    "caffeine": "caffeine", "stress": "stress", "anxiety": "stress", "sleep": "poor_sleep",
    "fatigue": "poor_sleep", "exercise": "exercise", "dehydration": "dehydration",
    "nicotine": "nicotine", "alcohol": "alcohol", "medicine": "medicine",
    "corticosteroids": "medicine", "stimulants": "medicine", "psychiatric_medicine": "medicine",
    "asthma_medicine": "medicine", "parkinsons_medicine": "medicine", "estrogen": "medicine",
}
QUESTION_INTENTS = {"ask_definition", "ask_cause", "ask_serious", "ask_when_doctor", "ask_doctor_visit",
                    "ask_test", "ask_treatment", "ask_home_remedy", "ask_prevention", "ask_nutrition",
                    "ask_medicine", "ask_exercise", "ask_topic", "ask_dose"}

YES_WORDS = re.compile(r"^\W*(yes|yeah|yep|yup|ya|y|sure|correct|right|i do|it does|it is|they do|definitely|a bit|a little|slightly|kind of|sort of)\b")
NO_WORDS = re.compile(r"^\W*(no|nope|nah|n|none|not really|not at all|never|i don't|it doesn't|it isn't|neither|nothing)\b")
UNSURE_WORDS = re.compile(r"\b(don't know|dont know|not sure|unsure|no idea|dunno|can't tell|cant tell|hard to say|maybe)\b")
# Answers that say "yes" by describing it: "it's moving to my cheek", "a bit worse each day".
DESCRIBED_YES = {
    "spreading": re.compile(r"\b(worse|spread\w*|moving|moved|other places|more places|new places|elsewhere|as well|too)\b"),
    "worsening_weakness": re.compile(r"\b(worse|weaker|spreading)\b"),
}
QUESTION_START = re.compile(r"^\W*(what|why|how|when|where|which|who|is|are|can|could|does|do|should|will|would)\b")

# (value, phrases that always mean it, phrases that mean it only as an answer to "how often?")
FREQUENCY = (
    ("constant", re.compile(r"\b(constant\w*|all the time|non ?stop|continuous\w*|every (few )?(second|minute)s?|never stops)\b"),
     re.compile(r"\b(all day|almost always)\b")),
    ("frequent", re.compile(r"\b(several times a day|many times a day|lots of times a day|few times a day|every hour|hourly)\b"),
     re.compile(r"\b(a lot|often|frequent\w*|every day|daily|several times|many times)\b")),
    ("occasional", re.compile(r"\b(now and (then|again)|occasional\w*|once in a while|every so often|few times a week|comes and goes)\b"),
     re.compile(r"\b(sometimes|rarely|once a day|not often|on and off)\b")),
)
WORSENING_WEAKNESS = re.compile(r"\b(weaker (and weaker|every|each|by the)|getting weaker|weak\w*\b.{0,25}\b(worse|weaker)\b"
                                r"|worse (every|each) day|worse day by day|worse by the day)")
FLUID_LOSS = re.compile(r"\b(vomit\w*|throw(ing)? up|threw up|being sick|been sick|diarrh\w*|the runs|can't keep (anything|fluids|water|food) down)")
EYE_SIGNS = re.compile(r"\b(clos\w* (completely|fully|all the way|shut)|shuts (completely|fully)|droop\w*|red|redness|bloodshot|swollen|swelling|discharg\w*|pus|sticky|gunk\w*|crust\w*)\b")
AGE = re.compile(r"\b(i'm|i am|im|he's|she's|he is|she is|they're|aged?|is)\s+(\d{1,3})\b|\b(\d{1,3})\s*(years?|yrs?|y/?o)\b")
ADULT_SELF = re.compile(r"\b(me|myself|i'm an adult|adult|grown[- ]?up|for me)\b")


def is_question(text: str, intent: Optional[str]) -> bool:
    """A knowledge question asked mid-intake, to be answered before the intake goes on."""
    t = normalise(text)
    return intent in QUESTION_INTENTS and ("?" in t or bool(QUESTION_START.search(t)))


# "I've got a twitchy muscle, is that normal?" or "...my calf keeps twitching, is it the
# tablets?": a question that also tells the person's own story.
OWN_TWITCH = re.compile(
    r"\b(i've got|ive got|i have|i've had|ive had|i got|got a|i'm having|im having|been having|has been|have been|"
    r"keeps?|kept|started|been)\b.{0,40}\btwitch"
    r"|\btwitch\w*\b.{0,40}\b(for|since)\b.{0,25}\b(days?|weeks?|wks?|months?|yesterday|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|weekend)\b")


def tells_own_story(text: str) -> bool:
    """A message that reports the person's (or someone's) own twitch, even inside a question."""
    t = normalise(text)
    if OWN_TWITCH.search(t):
        return True
    personal = re.search(r"\b(my|i|i'm|i've|me|his|her|he|she|he's|she's)\b", t)
    return bool(personal) and "twitch" in t and durations.parse_days(t) is not None


def required_slots(filled: Dict[str, Any]) -> List[str]:
    """The intake's questions for what is known so far (an emergency ends it at once)."""
    if filled.get("emergency_screen") == YES:
        return []
    return [s for s in SLOTS if s not in FOLLOW_UPS or FOLLOW_UPS[s](filled)]


def _found(text: str, pattern: re.Pattern) -> Optional[str]:
    """YES/NO for a pattern in text, honouring a denial before it; None when absent."""
    m = pattern.search(text)
    if not m:
        return None
    return NO if is_denied(text[:m.start()]) else YES


def _age_group(text: str, terms: Iterable[TermMatch]) -> Optional[str]:
    m = AGE.search(text)
    if m:
        age = int(m.group(2) or m.group(3))
        return "child" if age < 18 else "adult"
    for term in terms:
        if term.entity == "age_group" and not term.negated:
            return term.value
    return None


def extract(text: str, terms: List[TermMatch], intent: Optional[str], requested: Optional[str],
            filled: Dict[str, Any]) -> Dict[str, Any]:
    """Slot values stated in one message. `filled` holds the current values."""
    t = normalise(text or "")
    if not t or t.startswith("/") and intent not in ("affirm", "deny", "dont_know"):
        return {}
    if is_question(t, intent):
        return {}
    out: Dict[str, Any] = {}

    # Places: add what is named, drop what is denied ("my calf, not my thigh").
    places = [p for p in (filled.get("body_parts") or []) if p != UNKNOWN]
    named = False
    for term in terms:
        if term.entity != "body_part":
            continue
        named = True
        if term.negated:
            places = [p for p in places if p != term.value]
        elif term.value not in places:
            places.append(term.value)
    if named and re.search(r"\b(both|either side|two)\b", t) and BOTH_SIDES not in places:
        places.append(BOTH_SIDES)
    if named and places:
        out["body_parts"] = places

    days = durations.parse_days(t)
    if days is not None:
        out["duration_days"] = days

    for value, always, as_answer in FREQUENCY:
        if always.search(t) or (requested == "frequency" and as_answer.search(t)):
            out["frequency"] = value
            break

    for term in terms:
        slot = SYMPTOM_TO_SLOT.get(term.value) if term.entity == "symptom" else None
        if slot:
            out[slot] = NO if term.negated else YES
    worsening = _found(t, WORSENING_WEAKNESS)
    if worsening:
        out["worsening_weakness"] = worsening
        if worsening == YES:
            out["weakness"] = YES

    fluid = _found(t, FLUID_LOSS)
    if fluid:
        out["fluid_loss"] = fluid
    if "eyelid" in (out.get("body_parts") or filled.get("body_parts") or []) or requested == "eye_signs":
        eye = _found(t, EYE_SIGNS)
        if eye:
            out["eye_signs"] = eye

    triggers = [x for x in (filled.get("triggers") or []) if x != NONE_MARKER]
    mentioned_trigger = False
    for term in terms:
        trigger = CAUSE_TO_TRIGGER.get(term.value) if term.entity == "cause" else None
        if not trigger:
            continue
        mentioned_trigger = True
        if term.negated:
            triggers = [x for x in triggers if x != trigger]
        elif trigger not in triggers:
            triggers.append(trigger)
    if mentioned_trigger:
        out["triggers"] = triggers or [NONE_MARKER]

    age = _age_group(t, terms)
    if age:
        out["age_group"] = age

    if requested and requested not in out:
        answer = _direct_answer(t, intent, requested)
        if answer is not None:
            out[requested] = answer
    return out


def _direct_answer(t: str, intent: Optional[str], requested: str) -> Any:
    """A plain answer to the question just asked: yes / no / not sure, 'none', 'me'."""
    unsure = intent == "dont_know" or bool(UNSURE_WORDS.search(t))
    no = intent == "deny" or bool(NO_WORDS.search(t))
    yes = intent == "affirm" or bool(YES_WORDS.search(t))
    if requested in YES_NO_SLOTS:
        if unsure:
            return UNKNOWN
        if no:
            return NO
        if yes or (requested in DESCRIBED_YES and DESCRIBED_YES[requested].search(t)):
            return YES
        return None
    if requested == "triggers":
        # A trigger outside the list ("lifting boxes") is still an answer: keep it as "other".
        return [NONE_MARKER] if (no or unsure) else [OTHER_TRIGGER]
    if requested == "body_parts" and unsure:
        return [UNKNOWN]
    if requested == "duration_days" and unsure:
        return UNKNOWN_DURATION
    if requested == "frequency" and unsure:
        return UNKNOWN
    if requested == "age_group":
        if ADULT_SELF.search(t):
            return "adult"
        if unsure:
            return "adult"
    return None
