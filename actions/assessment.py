"""Symptom intake (a Rasa form) and the triage result. Logic: twitchcare.intake/triage."""
from __future__ import annotations

from abc import abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import NEGATED_ROLE, detector_verdict, mentioned_entities, question_intent, send_answer
from twitchcare import intake, knowledge, render, triage
from twitchcare.nlp import TermMatch
from twitchcare.settings import SETTINGS

FORM = "twitch_assessment_form"
RECHECKED = "safety_rechecked"
REASKED = "reasked_slot"
SCREEN = "emergency_screen"


def terms_from_entities(tracker: Tracker) -> List[TermMatch]:
    """The lay terms the NLU pipeline found (LayTermExtractor), with their negation."""
    return [TermMatch(e["entity"], str(e["value"]), "", e.get("start", 0), e.get("end", 0),
                      e.get("role") == NEGATED_ROLE)
            for e in tracker.latest_message.get("entities", []) if e.get("entity") != "topic"]


def facts_from_slots(tracker: Tracker) -> triage.Facts:
    def listed(name: str) -> tuple:
        return tuple(v for v in (tracker.get_slot(name) or []) if v not in (intake.NONE_MARKER, triage.UNKNOWN))

    return triage.Facts(
        emergency_screen=tracker.get_slot("emergency_screen"),
        body_parts=tuple(tracker.get_slot("body_parts") or ()),
        duration_days=tracker.get_slot("duration_days"),
        frequency=tracker.get_slot("frequency"),
        weakness=tracker.get_slot("weakness"),
        worsening_weakness=tracker.get_slot("worsening_weakness"),
        numbness=tracker.get_slot("numbness"),
        pain=tracker.get_slot("pain"),
        spreading=tracker.get_slot("spreading"),
        wasting=tracker.get_slot("wasting"),
        fluid_loss=tracker.get_slot("fluid_loss"),
        eye_signs=tracker.get_slot("eye_signs"),
        triggers=listed("triggers"),
        age_group=tracker.get_slot("age_group"),
    )


class ActionStartAssessment(Action):
    """Clears any earlier assessment, answers about the place named, says what comes next."""

    def name(self) -> Text:
        return "action_start_assessment"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [SlotSet(slot, None) for slot in intake.SLOTS + (RECHECKED, REASKED, "triage_level")]
        entities = mentioned_entities(tracker)
        if any(entity == "body_part" for entity, _ in entities):
            kb = knowledge.default_kb()
            # "...is it the tablets?": a question inside the story decides what to answer first.
            intent, _ = question_intent(tracker)
            kind = intent if intent in knowledge.INTENT_KINDS else "report_twitch"
            if any(entity == "condition" for entity, _ in entities):
                kind = "ask_serious"
            selection = kb.select(tracker.latest_message.get("text") or "", kind, entities)
            if selection:
                # Buttons stay free for the intake's questions.
                send_answer(dispatcher, kb, selection, with_buttons=False)
                events.append(SlotSet("last_topic", selection.entry.id))
        dispatcher.utter_message(text=render.ASSESSMENT_INTRO)
        return events


class ValidateTwitchAssessmentForm(FormValidationAction):
    """Fills every slot the latest message answers, then picks the next question."""

    def name(self) -> Text:
        return f"validate_{FORM}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        message = tracker.latest_message
        requested = tracker.get_slot("requested_slot")
        step = intake.step(message.get("text") or "", terms_from_entities(tracker),
                           (message.get("intent") or {}).get("name"), requested, tracker.slots,
                           tracker.get_slot(REASKED))
        if step is None:
            # Not an answer (a question, thanks...): the form's rules reply, then ask again.
            return [SlotSet("requested_slot", requested)]
        events: List[EventType] = [SlotSet(k, v) for k, v in step.updates.items()]
        if self.needs_recheck(tracker):
            # The emergency screen read this answer as an emergency, but not surely enough to
            # take over from inside the intake: ask the safety question again, once.
            return events + [SlotSet(SCREEN, None), SlotSet(RECHECKED, True), SlotSet("requested_slot", SCREEN)]
        return events + [SlotSet(REASKED, step.reasked), SlotSet("requested_slot", step.ask)]

    @staticmethod
    def needs_recheck(tracker: Tracker) -> bool:
        verdict = detector_verdict(tracker)
        return (bool(verdict.get("emergency")) and not verdict.get("as_answer", True)
                and tracker.get_slot("requested_slot") not in (None, SCREEN) and not tracker.get_slot(RECHECKED))


class AskIntakeQuestion(Action):
    """Asks one intake question, with buttons, and names the slot for clients."""

    @property
    @abstractmethod
    def slot(self) -> str: ...

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        text, buttons = render.question(self.slot, reasked=tracker.get_slot(REASKED) == self.slot)
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

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[EventType]:
        kb = knowledge.default_kb()
        facts = facts_from_slots(tracker)
        result = triage.assess(facts)
        advice = triage.advice_entries(facts)
        summary = triage.summary(facts)
        dispatcher.utter_message(text=render.triage_text(kb, result.level, result.reasons, advice,
                                                         SETTINGS.emergency_number))
        dispatcher.utter_message(text=render.summary_text(summary))
        dispatcher.utter_message(json_message={"triage": {
            "level": result.level, "reasons": list(result.reasons), "summary": summary,
            "advice": advice, "emergency_number": SETTINGS.emergency_number,
            "sources": sorted({s for i in advice for s in kb.entries[i].sources}),
        }})
        return [SlotSet("triage_level", result.level)]
