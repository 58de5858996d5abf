"""Symptom intake (a Rasa form) and the triage result. Logic: twitchcare.intake/triage."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    NEGATED_ROLE,
    asked_aspects,
    detector_verdict,
    learned_entry,
    mentioned_entities,
    question_kind,
    send_answer,
)
from twitchcare import intake, knowledge, render, triage
from twitchcare.emergency_detector import takes_over_as_answer
from twitchcare.nlp import TermMatch
from twitchcare.settings import SETTINGS

FORM = "twitch_assessment_form"
RECHECKED = "safety_rechecked"
REASKED = "reasked_slot"
SCREEN = "emergency_screen"


def terms_from_entities(tracker: Tracker) -> List[TermMatch]:
    """The lay terms the NLU pipeline found (LayTermExtractor), with their negation and the words
    as written (the readers look at them: "back" in "years back", "calves" for both sides)."""
    text = tracker.latest_message.get("text") or ""
    return [
        TermMatch(
            e["entity"],
            str(e["value"]),
            text[e.get("start", 0) : e.get("end", 0)],
            e.get("start", 0),
            e.get("end", 0),
            e.get("role") == NEGATED_ROLE,
        )
        for e in tracker.latest_message.get("entities", [])
        if e.get("entity") != "topic"
    ]


def facts_from_slots(tracker: Tracker) -> triage.Facts:
    return intake.facts(tracker.slots)


def questions_asked(tracker: Tracker) -> List[str]:
    """The questions this intake has asked, one per asking: their machine-readable twin
    ({"asking": slot}, sent by the ask action) since the intake began (the form runs ask actions
    without logging them)."""
    asked: List[str] = []
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_start_assessment":
            break
        slot = event.get("event") == "bot" and ((event.get("data") or {}).get("custom") or {}).get("asking")
        if slot:
            asked.append(slot)
    return asked


class ActionStartAssessment(Action):
    """Clears any earlier assessment, answers about the place named, says what comes next."""

    def name(self) -> Text:
        return "action_start_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [
            SlotSet(slot, None) for slot in intake.FACT_SLOTS + (RECHECKED, REASKED, "triage_level")
        ]
        entities = mentioned_entities(tracker)
        text = tracker.latest_message.get("text") or ""
        kb = knowledge.default_kb()
        # "...is it the tablets?": a question inside the story is answered first, from the entry
        # the learned retriever picked, and so is a report that names more than a place ("eyelid
        # twitching after an all nighter", "snus twitch legs"); else the answer is about the place.
        asks = "?" in text or intake.is_question(text, knowledge.QUESTION_INTENT)
        names_more_than_a_place = any(entity != "body_part" for entity, _ in entities)
        learned = learned_entry(tracker, kb) if asks or names_more_than_a_place else None
        if isinstance(learned, knowledge.Selection) or any(entity == "body_part" for entity, _ in entities):
            kind = question_kind(tracker)[0] or "report_twitch"
            if any(entity == "condition" for entity, _ in entities):
                kind = "ask_serious"
            selection = learned if isinstance(learned, knowledge.Selection) else kb.select(text, kind, entities)
            if selection:
                # Buttons stay free for the intake's questions.
                send_answer(dispatcher, kb, selection, with_buttons=False, aspects=asked_aspects(tracker))
                events.append(SlotSet("last_topic", selection.entry.id))
        dispatcher.utter_message(text=render.ASSESSMENT_INTRO)
        return events


class ValidateTwitchAssessmentForm(FormValidationAction):
    """The intake through rasa-sdk's form hooks: `required_slots` lists every slot the form fills,
    one `extract_<slot>` per slot takes its value from the turn's reading of the message
    (twitchcare.intake.step, computed once per turn), `validate_<slot>` keeps values the domain
    allows, and `next_requested_slot` asks the next question worth asking (or ends the form)."""

    def __init__(self) -> None:
        super().__init__()
        # The turn's reading for each run in progress, by tracker identity (the tracker is kept so
        # its id cannot be reused); computed by the first extract_<slot>, dropped by the last hook.
        self._turns: Dict[int, Tuple[Tracker, Optional[intake.Step]]] = {}

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Text]:
        return list(intake.FACT_SLOTS) + [REASKED, RECHECKED]

    def turn(self, tracker: Tracker) -> Dict[str, Any]:
        """What this message sets: the slots it answers, the re-ask mark, the safety re-check."""
        if id(tracker) not in self._turns:
            message = tracker.latest_message
            requested = tracker.get_slot("requested_slot")
            asked = questions_asked(tracker)  # one walk of the events for both figures below
            step = intake.step(
                message.get("text") or "",
                terms_from_entities(tracker),
                (message.get("intent") or {}).get("name"),
                requested,
                dict(tracker.slots),
                tracker.get_slot(REASKED),
                max(asked.count(requested), 1),  # at least once: it is being answered
                frozenset(asked),
            )
            self._turns[id(tracker)] = (tracker, step)
        step = self._turns[id(tracker)][1]
        if step is None:
            # Not an answer (a question, thanks...): the form's rules reply, then ask again.
            return {}
        if self.needs_recheck(tracker) and step.updates.get(SCREEN) != intake.YES:
            # The emergency screen read this answer as an emergency, but not surely enough to
            # take over from inside the intake: ask the safety question again, once.
            return {**step.updates, SCREEN: None, RECHECKED: True}
        return {**step.updates, REASKED: step.reasked}

    @staticmethod
    def needs_recheck(tracker: Tracker) -> bool:
        verdict = detector_verdict(tracker)
        slot = tracker.get_slot("requested_slot")
        return (
            bool(verdict.get("emergency"))
            and not takes_over_as_answer(verdict, slot, tracker.latest_message.get("text") or "")
            and slot not in (None, SCREEN)
            and not tracker.get_slot(RECHECKED)
        )

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Optional[EventType]:
        self._turns.pop(id(tracker), None)
        return SlotSet("requested_slot", intake.next_question(tracker.slots, frozenset(questions_asked(tracker))))


def _extractor(slot: str):
    def extract(
        self: ValidateTwitchAssessmentForm, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> Dict[Text, Any]:
        turn = self.turn(tracker)
        return {slot: turn[slot]} if slot in turn else {}

    return extract


def _validator(slot: str):
    def validate(
        self: ValidateTwitchAssessmentForm,
        value: Any,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> Dict[Text, Any]:
        return {slot: value if intake.valid(slot, value) else None}

    return validate


# extract_<slot> and validate_<slot> for every slot the form fills.
for _slot in intake.FACT_SLOTS + (REASKED, RECHECKED):
    setattr(ValidateTwitchAssessmentForm, f"extract_{_slot}", _extractor(_slot))
    setattr(ValidateTwitchAssessmentForm, f"validate_{_slot}", _validator(_slot))


class AskIntakeQuestion(Action):
    """Asks one intake question, with buttons, and names the slot for clients."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        text, buttons = render.question(self.slot, tracker.slots, reasked=tracker.get_slot(REASKED) == self.slot)
        if self.slot == SCREEN and tracker.get_slot(RECHECKED) and not tracker.get_slot(SCREEN):
            text = render.SCREEN_RECHECK
        dispatcher.utter_message(text=text, buttons=buttons)
        dispatcher.utter_message(json_message={"asking": self.slot})
        return []


# One ask action per question: action_ask_emergency_screen, action_ask_body_parts, ...
for _slot in (q.slot for q in intake.QUESTIONS):
    globals()[f"AskIntake_{_slot}"] = type(f"AskIntake_{_slot}", (AskIntakeQuestion,), {"slot": _slot})


class ActionTriage(Action):
    """Turns the answers into a level, reasons, matched advice and a doctor summary."""

    def name(self) -> Text:
        return "action_triage"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        kb = knowledge.default_kb()
        facts = facts_from_slots(tracker)
        result = triage.assess(facts)
        advice = triage.advice_entries(facts)
        summary = triage.summary(facts)
        # One message: the result in words (channels that show text) and as data with its card
        # (the website widget draws the card alone: verdict first, one result, not seven bubbles).
        text = render.triage_text(kb, result.level, result.reasons, advice, SETTINGS.emergency_number)
        dispatcher.utter_message(
            text=text + "\n\n" + render.summary_text(summary),
            json_message={
                "triage": {
                    "level": result.level,
                    "reasons": list(result.reasons),
                    "summary": summary,
                    "advice": advice,
                    "emergency_number": SETTINGS.emergency_number,
                    "sources": sorted({s for i in advice for s in kb.entries[i].sources}),
                    "card": render.triage_card(
                        kb, result.level, result.reasons, advice, SETTINGS.emergency_number, summary
                    ),
                }
            },
        )
        return [SlotSet("triage_level", result.level)]
