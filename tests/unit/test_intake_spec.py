"""The intake spec (twitchcare/intake.py QUESTIONS) is the one source for the questions:
domain.yml, the ask actions and the channels' buttons agree with it; and the intake can never
get stuck, whatever is typed (a property-based test drives it with random and garbage answers)."""

import yaml
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions import assessment
from twitchcare import intake, render
from twitchcare.nlp import default_matcher
from twitchcare.settings import PROJECT_ROOT as ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
MATCHER = default_matcher()
QUESTION_SLOTS = [q.slot for q in intake.QUESTIONS]


def test_the_form_asks_exactly_the_specs_questions_in_order():
    assert DOMAIN["forms"]["twitch_assessment_form"]["required_slots"] == QUESTION_SLOTS


def test_every_question_has_a_slot_an_ask_action_and_its_buttons():
    actions = set(DOMAIN["actions"])
    for q in intake.QUESTIONS:
        assert q.slot in DOMAIN["slots"], q.slot
        assert f"action_ask_{q.slot}" in actions
        assert getattr(assessment, f"AskIntake_{q.slot}")().name() == f"action_ask_{q.slot}"
        assert render.QUESTIONS[q.slot] == (q.text, q.buttons)
        assert q.example and q.buttons
    # No ask action for a question the spec does not have.
    assert {a for a in actions if a.startswith("action_ask_")} == {f"action_ask_{s}" for s in QUESTION_SLOTS}


def test_every_fact_the_intake_fills_is_a_domain_slot():
    assert set(intake.SLOTS) <= set(DOMAIN["slots"])


def test_a_question_asked_again_shows_an_answer_that_works():
    text, buttons = render.question("duration_days", reasked=True)
    assert "about 5 days" in text and text.endswith(render.QUESTIONS["duration_days"][0]) and buttons


def run_intake(answers, opening=""):
    """Drives the intake's pure step logic like the form does; returns (questions asked, filled)."""
    filled = dict(intake.extract(opening, MATCHER.find(opening), "inform", None, {})) if opening else {}
    asked, reasked = [], None
    ask = intake.next_question(filled)
    for answer, intent in answers:
        if ask is None:
            break
        asked.append(ask)
        step = intake.step(answer, MATCHER.find(answer), intent, ask, filled, reasked, asked.count(ask), set(asked))
        if step is None:  # not an answer: the form's rules reply, then ask again
            continue
        # validate_<slot> keeps only the values the domain allows: a value it would drop is a loop
        assert all(intake.valid(slot, value) for slot, value in step.updates.items()), step.updates
        filled.update(step.updates)
        ask, reasked = step.ask, step.reasked
    return asked, filled, ask


# Any text, with any intent the classifier may give it (questions and thanks included: the form's
# rules answer them, and the question comes back, but at most twice).
ANSWER = st.tuples(
    st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "yes",
                "no",
                "not sure",
                "asdf",
                "???",
                "",
                "my calf",
                "3 days",
                "idk lol",
                "🙂",
                "maybe",
                "none of these",
                "what?",
                "the weather is nice",
                "42",
                "both",
                "it hurts",
                "what causes twitching?",
                "thanks",
                "is it ALS?",
            ]
        ),
    ),
    st.sampled_from(
        ["inform", "affirm", "deny", "dont_know", "ask_question", "thank", "bot_challenge", "nlu_fallback"]
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ANSWER, min_size=2 * len(QUESTION_SLOTS), max_size=2 * len(QUESTION_SLOTS)))
def test_the_intake_always_finishes_within_two_tries_per_question(answers):
    asked, filled, ask = run_intake(answers)
    assert ask is None, f"still asking {ask} after {asked}"
    assert all(asked.count(slot) <= 2 for slot in asked), asked
    assert len(asked) <= 2 * len(QUESTION_SLOTS)


def test_not_understood_twice_is_recorded_as_not_sure_and_the_intake_moves_on():
    asked, filled, ask = run_intake([("no", "deny"), ("asdf", "inform"), ("qwerty", "inform")], opening="")
    assert asked == ["emergency_screen", "body_parts", "body_parts"]
    assert filled["body_parts"] == [intake.UNKNOWN] and ask == "duration_days"


def test_what_the_opening_said_is_not_asked_again():
    asked, _, _ = run_intake([("no", "deny")] * 10, opening="my left eyelid has twitched for 3 days")
    assert "body_parts" not in asked and "duration_days" not in asked


def test_slot_values_agree_with_the_domain():
    for slot, values in intake.CATEGORIES.items():
        assert DOMAIN["slots"][slot]["type"] == "categorical" and set(DOMAIN["slots"][slot]["values"]) == set(values)
    for slot in intake.LIST_SLOTS:
        assert DOMAIN["slots"][slot]["type"] == "list"
    assert set(intake.FACT_SLOTS) <= set(DOMAIN["slots"])


def test_the_form_uses_rasa_sdk_hooks_for_every_slot_it_fills():
    form = assessment.ValidateTwitchAssessmentForm
    assert "run" not in vars(form)  # no override of the form's run: hooks only
    for slot in intake.FACT_SLOTS + (assessment.REASKED, assessment.RECHECKED):
        assert callable(getattr(form, f"extract_{slot}")) and callable(getattr(form, f"validate_{slot}"))


def test_the_symptom_question_is_one_multi_select():
    text, buttons = render.question("symptoms", {"body_parts": ["calf"]})
    multiple = [b["title"] for b in buttons if b.get("multiple")]
    assert multiple == [s.title for s in intake.SYMPTOMS if s.slot != "eye_signs"]
    assert [b["title"] for b in buttons if not b.get("multiple")] == ["None of these", "Not sure"]
    _, eyelid = render.question("symptoms", {"body_parts": ["eyelid"]})
    assert len([b for b in eyelid if b.get("multiple")]) == len(intake.SYMPTOMS)


@pytest.mark.parametrize(
    "filled,asked",
    [
        ({"emergency_screen": "no", "body_parts": ["calf"], "duration_days": 30.0}, "symptoms"),
        # even when the result is already urgent: an answer may still describe an emergency
        ({"emergency_screen": "unknown", "body_parts": ["calf"], "duration_days": 3.0}, "symptoms"),
        # what was already said is not asked again (every option of the symptom question known)
        (
            {
                "emergency_screen": "no",
                "body_parts": ["calf"],
                "duration_days": 3.0,
                **{s: "no" for s in intake.SYMPTOM_SLOTS if s != "eye_signs"},
            },
            "triggers",
        ),
        (
            {
                "emergency_screen": "no",
                "body_parts": ["eyelid"],
                "duration_days": 3.0,
                **{s: "no" for s in intake.SYMPTOM_SLOTS if s != "eye_signs"},
            },
            "symptoms",
        ),  # the eye is still open
        (
            {
                "emergency_screen": "no",
                "body_parts": ["calf"],
                "duration_days": 3.0,
                "symptoms": ["weakness"],
                "weakness": "yes",
            },
            "worsening_weakness",
        ),
    ],
)
def test_the_next_question_is_the_first_not_yet_answered(filled, asked):
    assert intake.next_question(filled) == asked


AFTER_SYMPTOMS = {
    "emergency_screen": "no",
    "body_parts": ["calf"],
    "duration_days": 3.0,
    "symptoms": ["none"],
    **{s: "no" for s in intake.SYMPTOM_SLOTS if s != "eye_signs"},
}


@pytest.mark.parametrize(
    "triggers,asked,next_slot",
    [
        # A trigger said in passing ("stressed at work") leaves the question to ask: it also
        # asks about medicines, and its answer is where tablets taken are mentioned.
        (["stress"], set(), "triggers"),
        (["caffeine", "poor_sleep"], set(), "triggers"),
        # A medicine already named, or the question already asked: it is not asked (again).
        (["medicine"], set(), "age_group"),
        (["stress"], {"triggers"}, "age_group"),
        (None, {"triggers"}, "triggers"),  # asked but not answered yet: still the question
    ],
)
def test_the_triggers_question_is_asked_unless_a_medicine_was_named(triggers, asked, next_slot):
    assert intake.next_question({**AFTER_SYMPTOMS, "triggers": triggers}, asked) == next_slot


@pytest.mark.parametrize(
    "answer,intent,expected",
    [
        ("no, nothing else", "deny", ["stress"]),  # "none" keeps what was said before
        ("started new blood pressure tablets", "inform", ["stress", "medicine"]),
        ("been painting the house", "inform", ["stress", "other"]),
    ],
)
def test_an_answer_to_the_triggers_question_adds_to_triggers_said_before(answer, intent, expected):
    filled = {**AFTER_SYMPTOMS, "triggers": ["stress"]}
    step = intake.step(answer, MATCHER.find(answer), intent, "triggers", filled, None, 1, {"triggers"})
    assert step.updates["triggers"] == expected and step.ask == "age_group"


def test_the_triggers_question_says_what_was_already_named_and_drops_its_buttons():
    text, buttons = render.question("triggers", {"triggers": ["caffeine", "poor_sleep"]})
    assert text.startswith("You mentioned lots of caffeine and poor sleep. Anything else?")
    titles = [b["title"] for b in buttons]
    assert "Lots of caffeine" not in titles and "Poor sleep" not in titles
    assert "A new or regular medicine" in titles and "None of these" in titles
    # every trigger the readers know has its button (one source: the question's own answers)
    assert all(intake.trigger_button(name) for name, _ in intake.TRIGGER_WORDS)
