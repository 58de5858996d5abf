"""The intake spec (twitchcare/intake.py QUESTIONS) is the one source for the questions:
domain.yml, the ask actions and the channels' buttons agree with it; and the intake can never
get stuck, whatever is typed (a property-based test drives it with random and garbage answers)."""
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from actions import assessment
from twitchcare import intake, render
from twitchcare.nlp import default_matcher

ROOT = Path(__file__).resolve().parents[2]
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
    filled = dict(intake.extract(opening, MATCHER.find(opening), "report_twitch", None, {})) if opening else {}
    asked, reasked = [], None
    ask = intake.next_question(filled)
    for answer in answers:
        if ask is None:
            break
        asked.append(ask)
        step = intake.step(answer, MATCHER.find(answer), "inform", ask, filled, reasked)
        if step is None:            # not an answer: the form's rules reply, then ask again
            continue
        filled.update(step.updates)
        ask, reasked = step.ask, step.reasked
    return asked, filled, ask


ANSWER = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["yes", "no", "not sure", "asdf", "???", "", "my calf", "3 days", "idk lol", "🙂", "maybe",
                     "none of these", "what?", "the weather is nice", "42", "both", "it hurts"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ANSWER, min_size=2 * len(QUESTION_SLOTS), max_size=2 * len(QUESTION_SLOTS)))
def test_the_intake_always_finishes_within_two_tries_per_question(answers):
    asked, filled, ask = run_intake(answers)
    assert ask is None, f"still asking {ask} after {asked}"
    assert all(asked.count(slot) <= 2 for slot in asked), asked
    assert len(asked) <= 2 * len(QUESTION_SLOTS)


def test_not_understood_twice_is_recorded_as_not_sure_and_the_intake_moves_on():
    asked, filled, ask = run_intake(["no", "asdf", "qwerty"], opening="")
    assert asked == ["emergency_screen", "body_parts", "body_parts"]
    assert filled["body_parts"] == [intake.UNKNOWN] and ask == "duration_days"


def test_what_the_opening_said_is_not_asked_again():
    asked, _, _ = run_intake(["no"] * 10, opening="my left eyelid has twitched for 3 days")
    assert "body_parts" not in asked and "duration_days" not in asked
