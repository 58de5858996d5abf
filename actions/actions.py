"""Rasa glue: each action reads the tracker, calls twitchcare, and sends the result."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from sqlalchemy.exc import SQLAlchemyError

from twitchcare import console_store, faq, intake, knowledge, nlp, render, retrieval, safety
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)

# Entity types that only come up when someone asks about twitching: a message the
# classifier calls out of scope but that names one of these is answered ("what is SMA").
TOPIC_ENTITIES = {"condition", "test", "treatment", "twitch_type"}
_clinic_faqs: Optional[faq.FaqBook] = None


def clinic_faqs() -> faq.FaqBook:
    """The clinic FAQs of the tracker database (shared by every replica, edited in the clinic
    console; seeded from clinic/faq.yml), re-read whenever an entry changes."""
    global _clinic_faqs
    if _clinic_faqs is None:
        store = console_store.ConsoleStore(SETTINGS.database_url)
        _clinic_faqs = faq.FaqBook(store.faq_source(SETTINGS.clinic_faq_path), knowledge.default_kb())
    return _clinic_faqs


def match_clinic_faq(text: str) -> Optional[Tuple[faq.Faq, float]]:
    """The clinic FAQ a question asks, if any; a database that cannot be read means none
    (the knowledge base still answers)."""
    try:
        return clinic_faqs().match(text)
    except SQLAlchemyError:
        logger.exception("Clinic FAQs unavailable")
        return None


INFO_REQUEST = re.compile(r"^\W*(tell me|explain|info|information|describe|define|more about|details)\b")
# Below this intent confidence the question kind is only a hint for ranking.
CONFIDENT_INTENT = 0.6
# A dose question is declined when its wording says so, or when the classifier is this sure.
CONFIDENT_DOSE = 0.8
NEGATED_ROLE = "negated"


def mentioned_entities(tracker: Tracker) -> List[Tuple[str, str]]:
    """(entity, canonical value) pairs the person mentioned without denying them."""
    return [
        (e["entity"], str(e["value"]))
        for e in tracker.latest_message.get("entities", [])
        if e.get("role") != NEGATED_ROLE
    ]


def question_intent(tracker: Tracker) -> Tuple[Optional[str], float]:
    """The intent, looking past nlu_fallback to the classifier's best guess."""
    message = tracker.latest_message
    intent = message.get("intent") or {}
    if intent.get("name") == "nlu_fallback":
        ranking = [i for i in message.get("intent_ranking", []) if i.get("name") != "nlu_fallback"]
        intent = ranking[0] if ranking else {}
    return intent.get("name"), float(intent.get("confidence") or 0.0)


def send_answer(
    dispatcher: CollectingDispatcher,
    kb: knowledge.KnowledgeBase,
    selection: knowledge.Selection,
    *,
    more: bool = False,
    no_diagnosis: bool = False,
    with_buttons: bool = True,
    aspects: Sequence[str] = (),
) -> None:
    """The answer text with sources (and related-topic buttons), then its machine-readable twin.
    `aspects`: what the question asks about the entry; the answer leads with those facts."""
    entry = selection.entry
    dispatcher.utter_message(
        text=render.answer_text(kb, entry, more=more, no_diagnosis=no_diagnosis, aspects=aspects),
        buttons=render.related_buttons(kb, entry) if with_buttons else [],
    )
    twin: Dict[Text, Any] = {"topic": entry.id, "sources": render.source_records(kb, entry), "method": selection.method}
    led = [a for a in aspects if entry.facts_for(a)] if not more else []
    if led:
        twin["aspects"] = led
    dispatcher.utter_message(json_message=twin)


def question_kind(tracker: Tracker) -> Tuple[str, float]:
    """What kind of question the latest message asks (knowledge.question_kind), and how sure."""
    intent, confidence = question_intent(tracker)
    ranking = (tracker.latest_message.get("knowledge") or {}).get("aspects") or []
    return knowledge.question_kind(intent, confidence, [(str(a), float(p)) for a, p in ranking])


def asked_aspects(tracker: Tracker) -> List[str]:
    """What the question asks about its entry (definition, cause, foods...): the aspect model's
    most likely aspects (at most ASPECT_TOP) that reach ASPECT_BAR; [] gives the short answer."""
    verdict = tracker.latest_message.get("knowledge") or {}
    ranking = verdict.get("aspects") or []
    return [
        str(a)
        for a, p in ranking[: retrieval.ASPECT_TOP]
        if float(p) >= retrieval.ASPECT_BAR and a in knowledge.ASPECTS
    ]


def describes_own_twitch(tracker: Tracker, best_guess: Optional[str], text: str) -> bool:
    """A statement (not a question or a request for information) that reads like a twitch report.

    "eye jumping for 3 weeks now" may be classified as a question kind; it still
    describes the person's own twitch, so the intake starts.
    """
    if INFO_REQUEST.search(text.lower()):
        return False
    # "Legs twitching and the stairs at work are getting harder. Is that normal": a question that
    # tells the person's own story starts the check, whatever kind of question it reads as.
    if intake.asks_something(text) or best_guess == "ask_topic":
        return intake.tells_own_story(text)
    if intake.asks_in_general(text):  # "tongue twitching causes", but not a report in fragments
        return intake.opens_with_a_report(text)
    # A statement about one's own twitch changing, whatever the classifier makes of it: "aches and
    # twitches aren't new to me, but this is not my normal" (read as a question, it got an article).
    if intake.says_not_my_normal(text):
        return True
    entities = mentioned_entities(tracker)
    names_twitch = bool(nlp.TWITCH_WORDS.search(text.lower()))
    # A body part alone is no twitch report when the retriever reads the message as another topic:
    # "knee pain when running downhill", "hand soap refill", "eye of the tiger lyrics".
    if not names_twitch and learned_entry(tracker, knowledge.default_kb()) == retrieval.OUT_OF_SCOPE:
        return False
    names_a_place = any(entity == "body_part" for entity, _ in entities)
    unsure = (tracker.latest_message.get("intent") or {}).get("name") == "nlu_fallback"
    # An unsure guess needs some sign it is about a twitch: "qwerty zxcv" must not start an intake.
    about_twitching = bool(entities) or names_twitch
    return names_a_place or (unsure and about_twitching and best_guess in ("inform", "start_assessment"))


class ActionGreet(Action):
    def name(self) -> Text:
        return "action_greet"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(
            text=render.greeting(
                SETTINGS.clinic.name,
                SETTINGS.emergency_number,
                SETTINGS.clinic.retention_days,
                SETTINGS.clinic.privacy_url,
            )
        )
        send_help(dispatcher)
        return []


def send_help(dispatcher: CollectingDispatcher) -> None:
    buttons = [render.CHECK_MY_TWITCH] + render.topic_buttons(knowledge.default_kb(), render.HELP_TOPICS)
    dispatcher.utter_message(text=render.HELP_TEXT, buttons=buttons)


class ActionRestart(Action):
    """Replaces Rasa's default action_restart: the chat is wiped, but the person is told so and
    shown where to start (a restart never answers with silence)."""

    def name(self) -> Text:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=render.RESTARTED)
        send_help(dispatcher)
        return [Restarted()]


class ActionHelp(Action):
    def name(self) -> Text:
        return "action_help"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        send_help(dispatcher)
        return []


class ActionAnswerQuestion(Action):
    def name(self) -> Text:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if needs_safety_check(tracker):
            send_safety_check(dispatcher)
        events = self.answer(dispatcher, tracker)
        if not any(isinstance(e, dict) and e.get("event") == "followup" for e in events):
            send_sign_note(dispatcher, tracker)
        return events

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
        text = tracker.latest_message.get("text") or ""
        intent, confidence = question_intent(tracker)
        # No amount, ever; what the sources say about the topic still helps (a magnesium dose asked
        # for: the decline, then what magnesium has to do with twitching). Out of scope, or with
        # nothing of ours to say, the scope statement follows the decline.
        declined = safety.asks_for_dose(text) or (
            intent == "ask_dose" and confidence >= CONFIDENT_DOSE and not safety.names_dose_change_only(text)
        )
        if declined:
            dispatcher.utter_message(response="utter_decline_dose")
        if intake.not_about_a_person(text) or intake.says_off_topic(text):
            dispatcher.utter_message(response="utter_out_of_scope")
            send_unanswered(dispatcher, text, out_of_scope=True)
            return []
        kb = knowledge.default_kb()
        # The clinic's own answers ("do you take cards?") unless this is surely a twitching question:
        # the intent is sure and the retriever did not read it as out of scope.
        read_as = (tracker.latest_message.get("knowledge") or {}).get("entry")
        sure_question = (
            intent == knowledge.QUESTION_INTENT and confidence >= CONFIDENT_INTENT and read_as != retrieval.OUT_OF_SCOPE
        )
        clinic_faq = None if sure_question else match_clinic_faq(text)
        if clinic_faq:
            entry, _ = clinic_faq
            dispatcher.utter_message(text=f"{entry.answer}\n\nSource: {SETTINGS.clinic.name}")
            dispatcher.utter_message(
                json_message={
                    "clinic_faq": entry.id,
                    "sources": [{"id": "clinic", "title": "Clinic information", "publisher": SETTINGS.clinic.name}],
                }
            )
            return []
        if describes_own_twitch(tracker, intent, text):
            return [FollowupAction("action_start_assessment")]
        entities = mentioned_entities(tracker)
        # A question that names twitching and that the retriever places in an entry is ours, whatever
        # the intent ("too much caffeine and twitches while pregnant": pregnancy alone is out of scope).
        read_by_retriever = learned_entry(tracker, kb)
        placed = nlp.TWITCH_WORDS.search(text.lower()) and isinstance(read_by_retriever, knowledge.Selection)
        if intent == "out_of_scope" and not placed:
            if not any(entity in TOPIC_ENTITIES for entity, _ in entities):
                dispatcher.utter_message(response="utter_out_of_scope")
                send_unanswered(dispatcher, text, out_of_scope=True)
                return []
            # It names a topic of ours (a condition, a test...): say what that is.
            kind, kind_confidence = "ask_definition", 0.0
        else:
            kind, kind_confidence = question_kind(tracker)
        topic = next(tracker.get_latest_entity_values("topic"), None)
        wants_more = intent == "ask_topic" and topic is None
        if wants_more:
            topic = tracker.get_slot("last_topic")
        learned = read_by_retriever if topic is None else None
        if learned == retrieval.OUT_OF_SCOPE:
            dispatcher.utter_message(response="utter_out_of_scope")
            send_unanswered(dispatcher, text, out_of_scope=True)
            return []
        selection = learned or kb.select(
            text, kind, entities, confident=kind_confidence >= CONFIDENT_INTENT, topic=topic
        )
        if selection is None:
            if declined:  # no topic of ours: the decline, then what the assistant is for
                dispatcher.utter_message(response="utter_out_of_scope")
                return []
            dispatcher.utter_message(
                text=render.CANNOT_ANSWER, buttons=render.topic_buttons(kb, render.FALLBACK_TOPICS)
            )
            send_unanswered(dispatcher, text)
            return [SlotSet("last_topic", None)]
        entry = selection.entry
        no_diagnosis = "condition" in entry.kinds and safety.asks_for_diagnosis(text)
        send_answer(
            dispatcher, kb, selection, more=wants_more, no_diagnosis=no_diagnosis, aspects=asked_aspects(tracker)
        )
        return [SlotSet("last_topic", entry.id)]


def send_unanswered(dispatcher: CollectingDispatcher, text: str, out_of_scope: bool = False) -> None:
    """Machine-readable, so the deflection report and the clinic console can list what people
    asked and the assistant did not answer. Out-of-scope questions are listed too: "do you take
    credit cards?" is out of the assistant's scope but is what a clinic answer (FAQ) is for."""
    custom: Dict[str, Any] = {"unanswered": True, "question": text}
    if out_of_scope:
        custom["out_of_scope"] = True
    dispatcher.utter_message(json_message=custom)


def learned_entry(tracker: Tracker, kb: knowledge.KnowledgeBase) -> Any:
    """The entry the learned retriever (addons/entry_retriever.py) picked, when sure enough:
    a Selection, retrieval.OUT_OF_SCOPE, or None (then the entity rules decide)."""
    verdict = tracker.latest_message.get("knowledge") or {}
    entry, probability = verdict.get("entry"), float(verdict.get("probability") or 0.0)
    if entry == retrieval.OUT_OF_SCOPE:
        return entry if probability >= retrieval.SCOPE_BAR else None
    if entry in kb.entries and probability >= retrieval.ENTRY_BAR:
        alternatives = tuple(e for e, _ in verdict.get("ranking", [])[1:] if e in kb.entries)
        return knowledge.Selection(kb.entries[entry], "learned", probability, alternatives)
    return None


def detector_verdict(tracker: Tracker) -> Dict[str, Any]:
    """The emergency detector's verdict on the latest message (addons/emergency_detector.py)."""
    verdict = tracker.latest_message.get("emergency")
    return verdict if isinstance(verdict, dict) else {}


def heard_signs(tracker: Tracker) -> List[safety.EmergencySign]:
    """The signs to name in the emergency reply: those the emergency screen heard (rules first,
    else the detector's best guess), or none (a "yes, one of these" button)."""
    verdict = detector_verdict(tracker)
    if verdict:
        return [
            safety.EmergencySign(sid, safety.SIGN_LABELS[sid], "")
            for sid in verdict.get("signs", [])
            if sid in safety.SIGN_LABELS
        ]
    return safety.find_emergency_signs(tracker.latest_message.get("text") or "")


def send_sign_note(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """After an answer to a message that mentions a sign without an emergency (long past,
    resolved, hypothetical): when to call for help, in one line."""
    verdict = detector_verdict(tracker)
    if verdict and not verdict.get("emergency"):
        note = render.sign_note(verdict.get("mentioned", []), SETTINGS.emergency_number, SETTINGS.clinic.crisis_line)
        if note:
            dispatcher.utter_message(text=note)


def needs_safety_check(tracker: Tracker) -> bool:
    """The emergency screen was unsure (close to its bar, below it), or the classifier could not
    place a message that reads as a personal problem: ask before answering."""
    if detector_verdict(tracker).get("check"):
        return True
    intent = (tracker.latest_message.get("intent") or {}).get("name")
    text = tracker.latest_message.get("text") or ""
    return intent == "nlu_fallback" and safety.reads_as_personal_problem(text)


def send_safety_check(dispatcher: CollectingDispatcher) -> None:
    dispatcher.utter_message(
        text=render.SAFETY_CHECK, buttons=[{"title": t, "payload": p} for t, p in render.SAFETY_CHECK_BUTTONS]
    )


class ActionEmergency(Action):
    """Predicted by addons.emergency_policy whenever a message reports an emergency sign."""

    def name(self) -> Text:
        return "action_emergency"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        signs = heard_signs(tracker)
        dispatcher.utter_message(
            text=render.emergency_text(
                signs,
                SETTINGS.emergency_number,
                poison_control=SETTINGS.clinic.poison_control,
                crisis_line=SETTINGS.clinic.crisis_line,
            )
        )
        dispatcher.utter_message(
            json_message={
                "triage": {
                    "level": "emergency",
                    "reasons": [s.label for s in signs],
                    "emergency_number": SETTINGS.emergency_number,
                }
            }
        )
        # Whatever was in progress stops here.
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionDefaultFallback(Action):
    """The dialogue could not decide what to do: say so and forget the confusing turn."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        if needs_safety_check(tracker):
            send_safety_check(dispatcher)
        dispatcher.utter_message(text=render.LOST_TRACK)
        send_sign_note(dispatcher, tracker)
        return [UserUtteranceReverted()]
