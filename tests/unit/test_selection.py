"""Question kind + mentioned entities pick the right knowledge entry (table-driven)."""

import pytest

from twitchcare import knowledge, nlp

KB = knowledge.default_kb()
MATCHER = nlp.default_matcher()


def select(text, intent, confident=True, topic=None):
    entities = [(m.entity, m.value) for m in MATCHER.find(text) if not m.negated]
    return KB.select(text, intent, entities, confident=confident, topic=topic)


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        ("does coffee make my eyelid twitch", "ask_cause", "cause_caffeine"),
        ("why is my eyelid twitching", "ask_cause", "loc_eyelid"),
        ("my calf keeps twitching", "report_twitch", "loc_calf"),
        ("what is ALS", "ask_serious", "cond_als"),
        ("could this be multiple sclerosis", "ask_serious", "cond_ms"),
        ("what is an EMG", "ask_definition", "test_emg"),
        ("do I need blood tests", "ask_test", "test_blood"),
        ("how do I stop twitching", "ask_treatment", "treatment_overview"),
        ("does botox help twitching", "ask_treatment", "treat_botox"),
        ("which foods have magnesium", "ask_nutrition", "nutrient_magnesium"),
        ("can prednisone cause twitching", "ask_medicine", "med_corticosteroids"),
        ("is yoga good for twitching", "ask_exercise", "exercise_yoga_pilates"),
        ("my toddler twitches a lot", "ask_cause", "children_twitching"),
        ("when should I see a doctor", "ask_when_doctor", "when_to_see_doctor"),
        ("what will the doctor ask me", "ask_doctor_visit", "doctor_questions"),
        ("what is myoclonus", "ask_definition", "type_myoclonus"),
    ],
)
def test_entities_and_intent_select_entry(text, intent, expected):
    selection = select(text, intent)
    assert selection is not None and selection.entry.id == expected, selection


def test_overview_when_nothing_specific_is_named():
    selection = select("how can I prevent it", "ask_prevention")
    assert (selection.entry.id, selection.method) == ("prevention_overview", "overview")


def test_unsure_classifier_falls_back_to_retrieval():
    selection = select("build up of lactic acid after running", None, confident=False)
    assert selection is not None and selection.entry.id == "cause_exercise"


def test_unrelated_text_finds_nothing():
    assert select("what is the capital of France", None, confident=False) is None


def test_explicit_topic_wins():
    selection = select("anything", "ask_cause", topic="cond_isaacs")
    assert (selection.entry.id, selection.method) == ("cond_isaacs", "topic")


def test_denied_terms_do_not_select():
    entities = [(m.entity, m.value) for m in MATCHER.find("not from coffee") if not m.negated]
    assert ("cause", "caffeine") not in entities
