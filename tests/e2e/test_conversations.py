"""Conversation basics and safety over the REST channel of the running server."""

import sqlite3
import uuid

import pytest

from tests.e2e.conftest import TEST_EMERGENCY_NUMBER


def test_greeting_says_what_it_is_and_the_emergency_number(bot):
    text = bot.text(bot.send("hello there"))
    assert "not a doctor" in text and TEST_EMERGENCY_NUMBER in text


def test_help_lists_topics_as_buttons(bot):
    replies = bot.send("what can you do?")
    assert any(m.get("buttons") for m in replies)


def test_bot_challenge(bot):
    assert "bot" in bot.text(bot.send("am I talking to a real person?")).lower()


def test_thanks_and_goodbye(bot):
    user = uuid.uuid4().hex
    assert "welcome" in bot.text(bot.send("thanks a lot", user)).lower()
    assert "take care" in bot.text(bot.send("bye", user)).lower()


def test_out_of_scope_gets_scope_statement_without_twitching_content(bot):
    replies = bot.send("what's the weather like in Paris tomorrow?")
    assert "only help with muscle twitching" in bot.text(replies)
    assert "topic" not in bot.custom(replies)


def test_dose_request_is_declined(bot):
    for question in ("how much magnesium should I take for twitching", "what dose of gabapentin should I use"):
        text = bot.text(bot.send(question))
        assert "pharmacist" in text and "mg" not in text


def test_answer_has_sources_buttons_and_machine_readable_topic(bot):
    replies = bot.send("can too much coffee make my eye twitch?")
    custom = bot.custom(replies)
    assert custom["topic"] == "cause_caffeine"
    assert custom["sources"] and all({"id", "title", "publisher"} <= set(s) for s in custom["sources"])
    assert any(m.get("buttons") for m in replies)


def test_tell_me_more_and_related_button(bot):
    user = uuid.uuid4().hex
    assert bot.custom(bot.send("what is ALS?", user))["topic"] == "cond_als"
    assert bot.custom(bot.send("tell me more", user))["topic"] == "cond_als"
    assert bot.custom(bot.send('/ask_topic{"topic": "test_emg"}', user))["topic"] == "test_emg"


def test_gibberish_gets_no_knowledge_answer_but_says_what_it_can_do(bot):
    replies = bot.send("qwerty zxcv plonk")
    assert "topic" not in bot.custom(replies)
    assert "twitching" in bot.text(replies)


def test_emergency_in_first_message(bot):
    replies = bot.send("my arm is twitching and now I can't breathe properly")
    assert bot.custom(replies)["triage"]["level"] == "emergency"
    assert f"Call {TEST_EMERGENCY_NUMBER} now" in bot.text(replies)


def test_emergency_in_the_middle_of_a_knowledge_question(bot):
    user = uuid.uuid4().hex
    assert bot.custom(bot.send("why does my eyelid twitch?", user))["topic"] == "loc_eyelid"
    replies = bot.send("what causes it? also my face is drooping on one side since an hour ago", user)
    custom = bot.custom(replies)
    assert custom["triage"]["level"] == "emergency"
    assert "topic" not in custom
    # and the conversation carries on afterwards
    assert bot.custom(bot.send("what is an EMG test?", user))["topic"] == "test_emg"


@pytest.mark.parametrize(
    "text",
    [
        # Signs described, not named (no rule reads these): the learned detector must take over.
        "my words come out as nonsense and my hand is twitching",
        "he went rigid and jerked and didn't answer us",
    ],
)
def test_emergency_described_in_own_words_is_escalated(bot, text):
    replies = bot.send(text)
    assert bot.custom(replies)["triage"]["level"] == "emergency"


def test_a_past_event_is_answered_not_escalated(bot):
    replies = bot.send("I passed out at my wedding in 2009, could that be why my calf twitches now?")
    assert bot.custom(replies).get("triage", {}).get("level") != "emergency"


def test_poisoning_reply_adds_the_poison_line(bot):
    replies = bot.send("my toddler swallowed a dishwasher tablet a minute ago")
    assert bot.custom(replies)["triage"]["level"] == "emergency"
    assert "1-800-222-1222" in bot.text(replies)


def test_a_long_past_sign_gets_an_answer_and_when_to_call(bot):
    replies = bot.send("is a seizure the same thing as a twitch?")  # general: the rules do not take over
    assert bot.custom(replies).get("triage", {}).get("level") != "emergency"
    assert f"call {TEST_EMERGENCY_NUMBER} at once" in bot.text(replies)


def test_yes_to_the_safety_check_escalates_and_no_carries_on(bot):
    user = uuid.uuid4().hex
    replies = bot.send("/report_emergency", user)
    assert bot.custom(replies)["triage"]["level"] == "emergency"
    no = bot.send("/deny", user)
    assert "triage" not in bot.custom(no) and "anything else comes up about twitching" in bot.text(no)


def test_conversation_is_stored_in_sqlite(bot):
    user = uuid.uuid4().hex
    bot.send("what causes twitching?", user)
    with sqlite3.connect(bot.db_path) as db:
        count = db.execute("select count(*) from events where sender_id = ?", (user,)).fetchone()[0]
    assert count > 0


def test_an_answer_not_understood_is_asked_again_once_with_an_example_then_the_intake_moves_on(bot):
    user = uuid.uuid4().hex
    assert bot.custom(bot.send("my calf has been twitching for 3 days", user))["asking"] == "emergency_screen"
    first = bot.custom(bot.send("no", user))["asking"]
    again = bot.send("qwerty zxcv", user)
    assert bot.custom(again)["asking"] == first and "didn't quite get that" in bot.text(again)
    moved_on = bot.custom(bot.send("qwerty zxcv", user))
    assert moved_on.get("asking") != first


def test_the_symptoms_are_one_multi_select_question_and_a_pick_of_two_is_read(bot):
    user = uuid.uuid4().hex
    bot.send("my left calf has been twitching for 3 days", user)
    replies = bot.send("no", user)
    assert bot.custom(replies)["asking"] == "symptoms"
    buttons = next(m["buttons"] for m in replies if m.get("buttons"))
    ticked = [b["title"] for b in buttons if b.get("multiple")][:3:2]  # as a channel sends two picks
    assert len([b for b in buttons if b.get("multiple")]) == 6 and {"None of these", "Not sure"} <= {
        b["title"] for b in buttons
    }
    replies = bot.send(", ".join(ticked), user)
    assert bot.custom(replies)["asking"] == "worsening_weakness"  # the weakness pick needs its follow-up
    replies = bot.send("no, about the same", user)
    assert bot.custom(replies)["asking"] == "triggers"


def test_a_question_answered_with_questions_moves_on_after_the_second_time(bot):
    user = uuid.uuid4().hex
    bot.send("my left calf has been twitching for 3 days", user)
    asked = [bot.custom(bot.send("what causes twitching?", user)).get("asking") for _ in range(2)]
    # the second time the safety question is recorded as "not sure" (urgent) and the intake goes on
    assert asked == ["emergency_screen", "symptoms"]
