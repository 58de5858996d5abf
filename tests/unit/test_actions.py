"""Custom actions: messages sent and events returned, as in rasa-sdk's tests."""

import asyncio
import re

import pytest

from rasa_sdk.events import ActiveLoop, FollowupAction, SlotSet

import actions.actions as actions_module
from actions.actions import ActionAnswerQuestion, ActionEmergency, ActionGreet
from twitchcare import faq, intake, knowledge
from twitchcare.console_store import ConsoleStore
from twitchcare.settings import SETTINGS


@pytest.fixture(autouse=True)
def faqs_in_a_throwaway_database(tmp_path, monkeypatch):
    """The clinic FAQs from a fresh SQLite file seeded from clinic/faq.yml, never var/."""
    store = ConsoleStore(f"sqlite:///{tmp_path / 'faqs.db'}")
    book = faq.FaqBook(store.faq_source(SETTINGS.clinic_faq_path), knowledge.default_kb())
    monkeypatch.setattr(actions_module, "_clinic_faqs", book)
    return store


def run(action, dispatcher, tracker, domain):
    return asyncio.run(action.run(dispatcher, tracker, domain))


def test_answer_sends_text_buttons_sources_and_custom_payload(dispatcher, make_tracker, domain):
    tracker = make_tracker("does coffee make my eyelid twitch", "ask_question", aspect="cause")
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert events == [SlotSet("last_topic", "cause_caffeine")]
    text_msg, custom_msg = dispatcher.messages
    assert "Source" in text_msg["text"]
    assert text_msg["buttons"] and all(b["payload"].startswith("/ask_topic{") for b in text_msg["buttons"])
    assert custom_msg["custom"]["topic"] == "cause_caffeine"
    assert {s["id"] for s in custom_msg["custom"]["sources"]}


def test_tell_me_more_gives_detail_of_last_topic(dispatcher, make_tracker, domain):
    tracker = make_tracker("tell me more", "ask_topic", slots={"last_topic": "cond_als"})
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[1]["custom"]["topic"] == "cond_als"


def test_button_topic_is_answered(dispatcher, make_tracker, domain):
    tracker = make_tracker(
        '/ask_topic{"topic": "test_emg"}', "ask_topic", entities=[{"entity": "topic", "value": "test_emg"}]
    )
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[1]["custom"]["topic"] == "test_emg"


def test_dose_question_is_declined_then_the_topic_answered_without_amounts(dispatcher, make_tracker, domain):
    tracker = make_tracker("how much magnesium should I take a day", "ask_question", aspect="foods")
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["response"] == "utter_decline_dose"
    topics = [m["custom"]["topic"] for m in dispatcher.messages if "topic" in (m.get("custom") or {})]
    assert topics and "magnesium" in topics[0]
    amount = re.compile(r"\b\d+(\.\d+)?\s?(mg|mcg|iu|milligrams?)\b", re.I)
    assert not any(amount.search(m.get("text") or "") for m in dispatcher.messages)


def test_a_dose_question_out_of_scope_is_declined_and_told_the_scope(dispatcher, make_tracker, domain):
    tracker = make_tracker("what dose of calcium for osteoporosis", "out_of_scope")
    assert run(ActionAnswerQuestion(), dispatcher, tracker, domain) == []
    assert [m.get("response") for m in dispatcher.messages][:2] == ["utter_decline_dose", "utter_out_of_scope"]


def test_unanswerable_question_admits_it(dispatcher, make_tracker, domain):
    tracker = make_tracker("what is the best pizza topping", "nlu_fallback", confidence=0.3)
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert "don't have a good answer" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["buttons"]


def test_diagnosis_question_gets_no_diagnosis_note(dispatcher, make_tracker, domain):
    tracker = make_tracker("do I have ALS", "ask_question", aspect="prognosis")
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert "can't tell whether you have" in dispatcher.messages[0]["text"]


def test_emergency_action_stops_everything(dispatcher, make_tracker, domain):
    tracker = make_tracker("my face is drooping and I can't swallow", "inform")
    events = run(ActionEmergency(), dispatcher, tracker, domain)
    assert ActiveLoop(None) in events
    assert SETTINGS.emergency_number in dispatcher.messages[0]["text"]
    triage = dispatcher.messages[1]["custom"]["triage"]
    assert triage["level"] == "emergency"
    assert "trouble swallowing or choking" in triage["reasons"]


def test_greeting_names_the_emergency_number(dispatcher, make_tracker, domain):
    run(ActionGreet(), dispatcher, make_tracker("hi", "greet"), domain)
    assert SETTINGS.emergency_number in dispatcher.messages[0]["text"]
    assert "not a doctor" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["buttons"][0]["payload"] == "/start_assessment"


def test_unsure_twitch_description_starts_the_intake(dispatcher, make_tracker, domain):
    tracker = make_tracker("my dad's thighs keep twitching and he is getting weaker", "nlu_fallback", confidence=0.4)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "inform", "confidence": 0.44},
    ]
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert events == [FollowupAction("action_start_assessment")]


def test_unsure_statement_naming_a_place_starts_the_intake(dispatcher, make_tracker, domain):
    tracker = make_tracker("twitchy thumb", "nlu_fallback", confidence=0.3)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_question", "confidence": 0.3},
    ]
    assert run(ActionAnswerQuestion(), dispatcher, tracker, domain) == [FollowupAction("action_start_assessment")]


def test_unsure_question_naming_a_place_is_answered(dispatcher, make_tracker, domain):
    tracker = make_tracker("why does my thumb twitch?", "nlu_fallback", confidence=0.3)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "ask_question", "confidence": 0.3},
    ]
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[1]["custom"]["topic"] == "loc_fingers"


def test_out_of_scope_request_gets_scope_statement(dispatcher, make_tracker, domain):
    run(ActionAnswerQuestion(), dispatcher, make_tracker("best pizza in town", "out_of_scope"), domain)
    assert dispatcher.messages[0]["response"] == "utter_out_of_scope"


def test_out_of_scope_guess_naming_a_condition_is_answered(dispatcher, make_tracker, domain):
    run(ActionAnswerQuestion(), dispatcher, make_tracker("what is SMA", "out_of_scope"), domain)
    assert dispatcher.messages[1]["custom"]["topic"] == "cond_sma"


def test_misread_dose_intent_without_dose_wording_is_answered(dispatcher, make_tracker, domain):
    tracker = make_tracker("how many hours of sleep to stop twitching", "ask_dose", confidence=0.54)
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[1]["custom"]["topic"] in ("cause_sleep", "prevent_sleep")


def test_confident_dose_intent_is_declined(dispatcher, make_tracker, domain):
    run(ActionAnswerQuestion(), dispatcher, make_tracker("gabapentin amount for me?", "ask_dose"), domain)
    assert dispatcher.messages[0]["response"] == "utter_decline_dose"


@pytest.mark.parametrize(
    "text,intent",
    [
        ("eye jumping for 3 weeks now, it's driving me mad", "ask_question"),
        ("calf twitching after the gym", "ask_question"),
    ],
)
def test_statements_about_own_twitch_start_the_intake(dispatcher, make_tracker, domain, text, intent):
    assert run(ActionAnswerQuestion(), dispatcher, make_tracker(text, intent), domain) == [
        FollowupAction("action_start_assessment")
    ]


@pytest.mark.parametrize(
    "text,intent",
    [
        ("why does my eyelid twitch", "ask_question"),
        ("tell me about eyelid twitching", "ask_question"),
    ],
)
def test_questions_naming_a_place_are_answered(dispatcher, make_tracker, domain, text, intent):
    run(ActionAnswerQuestion(), dispatcher, make_tracker(text, intent), domain)
    assert dispatcher.messages[1]["custom"]["topic"] == "loc_eyelid"


def test_unsure_gibberish_does_not_start_the_intake(dispatcher, make_tracker, domain):
    tracker = make_tracker("qwerty zxcv plonk", "nlu_fallback", confidence=0.3)
    tracker.latest_message["intent_ranking"] = [
        {"name": "nlu_fallback", "confidence": 0.45},
        {"name": "inform", "confidence": 0.3},
    ]
    events = run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert FollowupAction("action_start_assessment") not in events


def verdict(emergency, signs=(), mentioned=(), check=False):
    return {
        "emergency": emergency,
        "probability": 0.9 if emergency else 0.1,
        "check": check,
        "signs": list(signs),
        "mentioned": list(mentioned),
    }


@pytest.mark.parametrize(
    "text,signs,expected,absent",
    [
        # The detector named the sign the rules could not read: the reply says what it heard.
        (
            "my little one got into the cupboard under the sink",
            ["overdose_poisoning"],
            [SETTINGS.clinic.poison_control, "an overdose or poisoning"],
            [SETTINGS.clinic.crisis_line],
        ),
        (
            "everyone would be better off if I wasn't around",
            ["suicidal"],
            [SETTINGS.clinic.crisis_line, "thoughts of ending your life"],
            [SETTINGS.clinic.poison_control],
        ),
        (
            "my chest feels crushed",
            ["chest_pain"],
            ["chest pain"],
            [SETTINGS.clinic.poison_control, SETTINGS.clinic.crisis_line],
        ),
    ],
)
def test_emergency_reply_names_the_sign_and_the_right_help_line(
    dispatcher, make_tracker, domain, text, signs, expected, absent
):
    tracker = make_tracker(text, "nlu_fallback", emergency=verdict(True, signs))
    run(ActionEmergency(), dispatcher, tracker, domain)
    reply = dispatcher.messages[0]["text"]
    assert SETTINGS.emergency_number in reply
    for phrase in expected:
        assert phrase in reply
    for phrase in absent:
        assert phrase not in reply


def test_emergency_from_the_safety_check_button_needs_no_sign(dispatcher, make_tracker, domain):
    run(ActionEmergency(), dispatcher, make_tracker("/report_emergency", "report_emergency"), domain)
    assert "You told me one of these signs is happening" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["custom"]["triage"]["level"] == "emergency"


def test_a_sign_mentioned_in_the_past_gets_an_answer_and_a_when_to_call_line(dispatcher, make_tracker, domain):
    tracker = make_tracker(
        "could fainting at my wedding years ago cause twitching later?",
        "ask_question",
        emergency=verdict(False, mentioned=["fainting"]),
    )
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    texts = [m.get("text") or "" for m in dispatcher.messages]
    assert "Sources" in texts[0] or len(texts[0]) > 80  # the answer comes first
    assert texts[-1].startswith("Good to know: fainting or losing consciousness can be an emergency sign")
    assert SETTINGS.emergency_number in texts[-1]


def test_a_question_without_any_sign_gets_no_note(dispatcher, make_tracker, domain):
    tracker = make_tracker("what causes eyelid twitching", "ask_question", emergency=verdict(False), aspect="cause")
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert not any("Good to know" in (m.get("text") or "") for m in dispatcher.messages)


@pytest.mark.parametrize(
    "text,intent,asked",
    [
        ("something is really wrong with my dad, he is not himself", "nlu_fallback", True),
        ("my whole body feels weird and I'm scared", "nlu_fallback", True),
        ("what is a fasciculation", "nlu_fallback", False),  # a question, not a personal problem
        ("my eyelid twitches", "inform", False),  # placed: no check
        ("qwerty zxcv", "nlu_fallback", False),
    ],
)
def test_safety_check_comes_first_for_unplaced_personal_problems(dispatcher, make_tracker, domain, text, intent, asked):
    run(ActionAnswerQuestion(), dispatcher, make_tracker(text, intent, emergency=verdict(False)), domain)
    first = dispatcher.messages[0] if dispatcher.messages else {}
    assert (first.get("text", "").startswith("Before anything else, a quick safety check")) is asked
    if asked:
        assert [b["payload"] for b in first["buttons"]] == ["/report_emergency", "/deny"]


def test_safety_check_comes_first_when_the_screen_is_close_to_its_bar(dispatcher, make_tracker, domain):
    tracker = make_tracker(
        "my words come out a bit odd", "ask_question", emergency=verdict(False, check=True), aspect="definition"
    )
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith("Before anything else, a quick safety check")


def validate(dispatcher, make_tracker, domain, text, verdict, slots):
    from actions.assessment import ValidateTwitchAssessmentForm

    tracker = make_tracker(text, "inform", slots=slots, emergency=verdict)
    return run(ValidateTwitchAssessmentForm(), dispatcher, tracker, domain)


INTAKE_SO_FAR = {
    "emergency_screen": "no",
    "body_parts": ["calf"],
    "duration_days": 3.0,
    "frequency": "occasional",
    "weakness": "yes",
    "requested_slot": "worsening_weakness",
}


@pytest.mark.parametrize(
    "verdict,slots,rechecked",
    [
        # Nearly an emergency, answering a question: the safety question comes again, once.
        (verdict(True) | {"as_answer": False}, INTAKE_SO_FAR, True),
        (verdict(True) | {"as_answer": False}, {**INTAKE_SO_FAR, "safety_rechecked": True}, False),
        (verdict(False), INTAKE_SO_FAR, False),
        # The answer to the safety question itself is never re-asked.
        (verdict(True) | {"as_answer": False}, {"requested_slot": "emergency_screen"}, False),
    ],
)
def test_an_answer_that_nearly_reads_as_an_emergency_brings_the_safety_question_back(
    dispatcher, make_tracker, domain, verdict, slots, rechecked
):
    events = validate(dispatcher, make_tracker, domain, "yes it's worse every day", verdict, slots)
    assert (SlotSet("requested_slot", "emergency_screen") in events) is rechecked
    if rechecked:
        assert SlotSet("safety_rechecked", True) in events and SlotSet("emergency_screen", None) in events
        # what the answer said is still kept
        assert SlotSet("worsening_weakness", "yes") in events


def test_the_safety_question_asked_again_says_why(dispatcher, make_tracker, domain):
    from actions.assessment import AskIntake_emergency_screen
    from twitchcare import render

    run(AskIntake_emergency_screen(), dispatcher, make_tracker("x", "inform", slots={"safety_rechecked": True}), domain)
    assert dispatcher.messages[0]["text"] == render.SCREEN_RECHECK


def test_a_restart_says_so_and_shows_where_to_start(dispatcher, make_tracker, domain):
    from rasa_sdk.events import Restarted

    from actions.actions import ActionRestart

    events = run(ActionRestart(), dispatcher, make_tracker("start over", "restart"), domain)
    assert events == [Restarted()]
    assert dispatcher.messages[0]["text"].startswith("OK, we're starting again") and dispatcher.messages[1]["buttons"]


@pytest.mark.parametrize(
    "verdict,expected",
    [
        (
            {"entry": "nutrient_potassium", "probability": 0.6, "ranking": [["nutrient_potassium", 0.6]]},
            "nutrient_potassium",
        ),
        ({"entry": "nutrient_potassium", "probability": 0.05}, None),  # too unsure: the entity rules decide
        ({"entry": "out_of_scope", "probability": 0.9}, "out_of_scope"),
        ({"entry": "out_of_scope", "probability": 0.3}, None),
        ({"entry": "no_such_entry", "probability": 0.9}, None),
        ({}, None),
    ],
)
def test_the_learned_entry_is_used_when_sure_enough(make_tracker, verdict, expected):
    from actions.actions import learned_entry
    from twitchcare import knowledge

    tracker = make_tracker("which foods have potassium", "ask_question", aspect="foods")
    tracker.latest_message["knowledge"] = verdict
    got = learned_entry(tracker, knowledge.default_kb())
    assert (got.entry.id if isinstance(got, knowledge.Selection) else got) == expected


def test_an_out_of_scope_question_gets_the_scope_statement(dispatcher, make_tracker, domain):
    tracker = make_tracker("book me a table for two", "ask_topic", confidence=0.5)
    tracker.latest_message["knowledge"] = {"entry": "out_of_scope", "probability": 0.8}
    run(ActionAnswerQuestion(), dispatcher, tracker, domain)
    assert [m.get("response") for m in dispatcher.messages] == ["utter_out_of_scope", None]
    # listed for the clinic console's "unanswered questions" (a clinic answer may cover it)
    assert dispatcher.messages[1]["custom"] == {
        "unanswered": True,
        "question": "book me a table for two",
        "out_of_scope": True,
    }


@pytest.mark.parametrize(
    "text,starts_intake",
    [
        ("knee pain when running downhill", False),  # a body part, but another topic
        ("hand soap refill", False),
        ("my calf keeps twitching when running downhill", True),  # a twitch word: a report
    ],
)
def test_a_body_part_the_retriever_reads_as_another_topic_starts_no_symptom_check(
    text, starts_intake, dispatcher, make_tracker, domain
):
    tracker = make_tracker(text, "inform", confidence=0.5)
    tracker.latest_message["knowledge"] = {"entry": "out_of_scope", "probability": 0.8}
    events = ActionAnswerQuestion().answer(dispatcher, tracker)
    started = any(isinstance(e, dict) and e.get("name") == "action_start_assessment" for e in events)
    assert started is starts_intake
    if not starts_intake:
        assert dispatcher.messages[0]["response"] == "utter_out_of_scope"


@pytest.mark.parametrize(
    "text,entry,answered",
    [
        ("can I take vitamin D for twitching while pregnant", "nutrient_vitamin_d", True),  # names twitching
        ("can I take cold medicine while pregnant", "nutrient_vitamin_d", False),  # no twitch word
        ("too much coffee and twitches while pregnant", "out_of_scope", False),  # the retriever says not ours
    ],
)
def test_an_out_of_scope_intent_with_a_twitch_word_and_a_placed_entry_is_answered(
    text, entry, answered, dispatcher, make_tracker, domain
):
    tracker = make_tracker(text, "out_of_scope", confidence=0.9)
    tracker.latest_message["knowledge"] = {"entry": entry, "probability": 0.7, "ranking": [[entry, 0.7]]}
    ActionAnswerQuestion().answer(dispatcher, tracker)
    topics = [(m.get("custom") or {}).get("topic") for m in dispatcher.messages]
    assert (entry in topics) is answered
    assert (dispatcher.messages[0].get("response") == "utter_out_of_scope") is not answered


def test_a_faq_written_in_the_console_answers_the_next_question(
    dispatcher, make_tracker, domain, faqs_in_a_throwaway_database
):
    question = "do you accept payment by credit card"
    run(ActionAnswerQuestion(), dispatcher, make_tracker(question, "out_of_scope"), domain)
    assert not any("clinic_faq" in (m.get("custom") or {}) for m in dispatcher.messages)
    faqs_in_a_throwaway_database.save_faq(
        "cards",
        "Do you accept credit card payment?",
        "Yes, we take all major credit cards.",
        ["pay by card"],
        "anna",
        create=True,
    )
    dispatcher.messages.clear()
    run(ActionAnswerQuestion(), dispatcher, make_tracker(question, "out_of_scope"), domain)
    assert dispatcher.messages[0]["text"].startswith("Yes, we take all major credit cards.")
    assert dispatcher.messages[1]["custom"]["clinic_faq"] == "cards"


# -- the answer leads with the facts of what was asked -----------------------------------------


@pytest.mark.parametrize(
    "aspects,expected",
    [
        ([["foods", 0.7], ["test", 0.2], ["cause", 0.05]], ["foods", "test"]),
        ([["foods", 0.7], ["test", 0.05]], ["foods"]),
        ([["other", 0.7], ["foods", 0.25]], ["foods"]),  # "other" and "comparison" have no facts
        ([["foods", 0.09]], []),
        (None, []),
    ],
)
def test_the_asked_aspects_are_the_likely_ones(aspects, expected):
    from rasa_sdk import Tracker

    from actions.actions import asked_aspects
    from twitchcare import retrieval

    assert retrieval.ASPECT_TOP == 2 and retrieval.ASPECT_BAR == 0.1  # the table above assumes them
    verdict = {"entry": "nutrient_magnesium", "probability": 0.9, "aspects": aspects}
    tracker = Tracker("s", {}, {"text": "q", "knowledge": verdict}, [], False, None, {}, "action_listen")
    assert asked_aspects(tracker) == expected


def test_a_food_question_is_answered_with_the_food_facts(make_tracker, dispatcher):
    from twitchcare import knowledge

    entry = knowledge.default_kb().entries["nutrient_magnesium"]
    tracker = make_tracker("which foods have magnesium", "ask_question", aspect="foods")
    tracker.latest_message["knowledge"] = {
        "entry": entry.id,
        "probability": 0.9,
        "ranking": [[entry.id, 0.9]],
        "aspects": [["foods", 0.9]],
    }
    asyncio.run(ActionAnswerQuestion().run(dispatcher, tracker, {}))
    text = dispatcher.messages[0]["text"]
    assert text.split("\n\n")[1].startswith(entry.facts_for("foods")[0].text)
    assert dispatcher.messages[1]["custom"]["aspects"] == ["foods"]


def test_the_form_reads_the_nlu_entities_with_the_words_as_written(make_tracker):
    from actions.assessment import terms_from_entities

    tracker = make_tracker("finished my treatment years back, now both calves twitch", "inform")
    terms = terms_from_entities(tracker)
    assert [(t.value, t.text) for t in terms if t.entity == "body_part"] == [("back", "back"), ("calf", "calves")]
    # what the readers then make of them: no back ("years back"), both sides ("calves")
    got = intake.extract(tracker.latest_message["text"], terms, "inform", None, {})
    assert got["body_parts"] == ["calf", intake.BOTH_SIDES]


@pytest.mark.parametrize(
    "text,learned,expected_title",
    [
        # a report that names more than a place: the retriever's entry answers it
        ("eyelid twitching after all nighter", "cause_sleep", "Lack of sleep"),
        # a place alone: the answer is about the place, whatever the retriever guessed
        ("my eyelid keeps twitching", "cause_sleep", "Eyelid twitching"),
    ],
)
def test_the_symptom_check_opens_with_the_answer_the_report_asks_for(
    make_tracker, dispatcher, domain, text, learned, expected_title
):
    from actions.assessment import ActionStartAssessment

    tracker = make_tracker(text, "inform")
    tracker.latest_message["knowledge"] = {"entry": learned, "probability": 0.8, "ranking": [[learned, 0.8]]}
    run(ActionStartAssessment(), dispatcher, tracker, domain)
    assert dispatcher.messages[0]["text"].startswith(expected_title)


@pytest.mark.parametrize(
    "guess,text,expected",
    [
        # a question that tells the person's own story starts the check, whatever kind it reads as
        ("ask_topic", "Legs twitching and the stairs at work are getting harder. Is that normal", True),
        ("ask_cause", "my eyelid has been twitching since monday, should I worry?", True),
        ("ask_cause", "Legs twitching and the stairs at work are getting harder. Is that normal", True),
        ("ask_cause", "tongue twitching causes", False),
        ("ask_topic", "what causes eyelid twitching?", False),
        ("ask_topic", "tell me about my eyelid twitching for 3 days", False),
        # a statement read as a question (w62): a twitch that is not the person's normal
        (
            "ask_question",
            "Good evening. I have fibromyalgia, so aches and twitches aren't new to me, but this is not my normal.",
            True,
        ),
    ],
)
def test_a_question_that_tells_the_persons_story_starts_the_check(guess, text, expected):
    # Questions are decided by their words alone: the tracker is not read.
    assert actions_module.describes_own_twitch(None, guess, text) is expected
