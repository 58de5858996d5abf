"""Multi-select questions in the channels (channels/choices.py): the pure rendering and reading.

A symptom question's options carry "multiple": true; the channels show them as toggles /
checkboxes with a confirm button and send ONE message, the ticked titles joined with ", ".
Buttons without the key, and so every other question, must render exactly as before.
The end-to-end checks are in tests/e2e (test_widget_browser, test_telegram, test_slack).
"""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa.core.channels.socketio import SocketIOOutput

from channels import slack, telegram
from channels.choices import answer_text, is_option, split_options
from channels.widget import WidgetSocketOutput, messages_with_quick_replies

OPTIONS = [
    "Weakness or stiffness",
    "Numbness or tingling",
    "Pain",
    "Spreading or getting worse",
    "The muscle looks smaller",
    "Vomiting or diarrhoea",
]
SYMPTOM_BUTTONS = [{"title": t, "payload": t.lower(), "multiple": True} for t in OPTIONS] + [
    {"title": "None of these", "payload": "none of these"},
    {"title": "Not sure", "payload": "/dont_know"},
]
SCREEN_BUTTONS = [
    {"title": "No, none of these", "payload": "/deny"},
    {"title": "Yes", "payload": "/affirm"},
    {"title": "Not sure", "payload": "/dont_know"},
]
TOPIC_BUTTONS = [
    {"title": "Eye irritation and twitching", "payload": '/ask_topic{"topic": "cause_eye_irritation"}'},
    {"title": "Caffeine", "payload": '/ask_topic{"topic": "trigger_caffeine"}'},
]


# -- shared -------------------------------------------------------------------------------
def test_only_a_literal_true_makes_an_option():
    assert is_option({"title": "Pain", "payload": "pain", "multiple": True})
    for button in (
        {"title": "Pain"},
        {"title": "Pain", "multiple": "true"},
        {"title": "Pain", "multiple": 1},
        {"title": "Pain", "multiple": False},
        "Pain",
        None,
    ):
        assert not is_option(button)
    options, singles = split_options(SYMPTOM_BUTTONS)
    assert [b["title"] for b in options] == OPTIONS
    assert [b["title"] for b in singles] == ["None of these", "Not sure"]


def test_answer_is_the_titles_joined():
    assert answer_text(["Weakness or stiffness", "Pain"]) == "Weakness or stiffness, Pain"
    assert answer_text([]) == "" and answer_text(["  ", ""]) == ""


# -- widget (socket.io) -------------------------------------------------------------------
class RecordingSio:
    def __init__(self):
        self.emitted = []

    async def emit(self, event, data=None, room=None, **kwargs):
        self.emitted.append((event, data, room))


def _emitted(output_class, text, buttons):
    sio = RecordingSio()
    asyncio.run(output_class(sio, "bot_uttered").send_response("room1", {"text": text, "buttons": buttons}))
    return sio.emitted


@pytest.mark.parametrize("buttons", [SCREEN_BUTTONS, TOPIC_BUTTONS], ids=["screen", "topics"])
@pytest.mark.parametrize("text", ["One line?", "First paragraph.\n\nSecond paragraph?"])
def test_widget_sends_ordinary_buttons_exactly_as_rasa_does(text, buttons):
    assert _emitted(WidgetSocketOutput, text, buttons) == _emitted(SocketIOOutput, text, buttons)


def test_widget_keeps_the_multiple_flag_on_options_only():
    text = "Do you have any of these with the twitch?\n\nPick all that apply, or type them."
    emitted = _emitted(WidgetSocketOutput, text, SYMPTOM_BUTTONS)
    assert [e[0] for e in emitted] == ["bot_uttered", "bot_uttered"]
    assert emitted[0][1] == {"text": "Do you have any of these with the twitch?", "quick_replies": []}
    replies = emitted[1][1]["quick_replies"]
    assert [r["title"] for r in replies] == [b["title"] for b in SYMPTOM_BUTTONS]
    assert [r.get("multiple") for r in replies] == [True] * len(OPTIONS) + [None, None]
    assert messages_with_quick_replies("Q?", SYMPTOM_BUTTONS) == [{"text": "Q?", "quick_replies": replies}]


# -- Telegram -----------------------------------------------------------------------------
def _rows(markup) -> list:
    """The keyboard as Telegram stores it and sends it back with a tap (plain JSON)."""
    return json.loads(json.dumps(markup.to_python()))["inline_keyboard"]


def _tapped(rows: list) -> dict:
    return {
        "message_id": 7,
        "chat": {"id": 42, "type": "private"},
        "text": "Do you have any of these?",
        "reply_markup": {"inline_keyboard": rows},
    }


def test_telegram_ordinary_keyboards_are_unchanged():
    # Short titles share rows of three; a long one puts every button on its own row.
    assert _rows(telegram.inline_keyboard(SCREEN_BUTTONS)) == [
        [{"text": "No, none of these", "callback_data": "/deny"}],
        [{"text": "Yes", "callback_data": "/affirm"}],
        [{"text": "Not sure", "callback_data": "/dont_know"}],
    ]
    short = [{"title": t, "payload": t.lower()} for t in ("Eyelid", "Face", "Arm", "Leg")]
    assert [[k["text"] for k in row] for row in _rows(telegram.inline_keyboard(short))] == [
        ["Eyelid", "Face", "Arm"],
        ["Leg"],
    ]


def test_telegram_multi_select_keyboard():
    rows = _rows(telegram.inline_keyboard(SYMPTOM_BUTTONS))
    # Options one per row, Done, then the one-tap buttons laid out as always.
    assert [[k["text"] for k in row] for row in rows] == [[t] for t in OPTIONS] + [
        ["Done"],
        ["None of these"],
        ["Not sure"],
    ]
    assert rows[len(OPTIONS) + 1 :] == _rows(telegram.inline_keyboard(SYMPTOM_BUTTONS[-2:]))
    datas = [k["callback_data"] for row in rows for k in row]
    assert len(set(datas)) == len(datas)
    assert all(len(d.encode("utf-8")) <= telegram.MAX_CALLBACK_BYTES for d in datas)
    toggles = [d for d in datas if telegram.is_multi_select_data(d)]
    assert len(toggles) == len(OPTIONS) + 1  # the options and Done; the one-tap buttons are ordinary
    assert not any(telegram.is_multi_select_data(b["payload"]) for b in SYMPTOM_BUTTONS + SCREEN_BUTTONS)


def test_telegram_toggles_tick_and_done_sends_the_ticked_titles():
    rows = _rows(telegram.inline_keyboard(SYMPTOM_BUTTONS))
    pain, weakness = rows[2][0]["callback_data"], rows[0][0]["callback_data"]

    # Nothing ticked yet: Done sends nothing and says why.
    done = telegram.multi_select_step(telegram.DONE_DATA, _tapped(rows))
    assert done.answer is None and done.notice == telegram.NOTHING_TICKED and done.keyboard is None

    # Each toggle is answered with the same keyboard, the tapped option's tick flipped.
    for data in (pain, weakness, rows[1][0]["callback_data"], rows[1][0]["callback_data"]):
        step = telegram.multi_select_step(data, _tapped(rows))
        assert step.answer is None and step.keyboard is not None
        rows = json.loads(json.dumps(step.keyboard))
    assert [k["text"] for row in rows for k in row][:3] == [
        "\u2713 Weakness or stiffness",
        "Numbness or tingling",
        "\u2713 Pain",
    ]
    assert telegram.ticked_titles(rows) == ["Weakness or stiffness", "Pain"]  # keyboard order, not tap order

    done = telegram.multi_select_step(telegram.DONE_DATA, _tapped(rows))
    assert done.answer == "Weakness or stiffness, Pain" and done.keyboard is None and done.notice is None
    assert telegram.answered_text("Do you have any of these?", done.answer) == (
        "Do you have any of these?\n\nYou chose: Weakness or stiffness, Pain"
    )


@pytest.mark.parametrize(
    "message",
    [
        None,
        {},
        {"reply_markup": "x"},
        {"reply_markup": {"inline_keyboard": 5}},
        {"reply_markup": {"inline_keyboard": [[1, {"text": 2}], "row"]}},
    ],
)
def test_telegram_odd_tapped_messages_change_nothing(message):
    assert telegram.multi_select_step("#toggle:0", message) == telegram.MultiSelectStep()
    assert telegram.multi_select_step(telegram.DONE_DATA, message).answer is None


def test_telegram_unknown_toggle_edits_nothing():
    rows = _rows(telegram.inline_keyboard(SYMPTOM_BUTTONS))
    assert telegram.multi_select_step("#toggle:99", _tapped(rows)) == telegram.MultiSelectStep()


# -- Slack --------------------------------------------------------------------------------
def test_slack_ordinary_buttons_are_unchanged():
    for buttons in (SCREEN_BUTTONS, TOPIC_BUTTONS):
        assert slack.question_blocks(buttons) == slack.button_blocks(buttons)


def test_slack_multi_select_blocks():
    blocks = slack.question_blocks(SYMPTOM_BUTTONS)
    multi, singles = blocks
    assert multi["type"] == "actions" and multi["block_id"] == slack.MULTI_SELECT_BLOCK
    checkboxes, send = multi["elements"]
    assert checkboxes["type"] == "checkboxes"
    assert [o["text"]["text"] for o in checkboxes["options"]] == OPTIONS
    assert [o["value"] for o in checkboxes["options"]] == OPTIONS
    assert send["type"] == "button" and send["action_id"] == slack.SEND_ACTION and send["text"]["text"] == "Send"
    assert [singles] == slack.button_blocks(SYMPTOM_BUTTONS[-2:])
    ids = [e["action_id"] for b in blocks for e in b["elements"]]
    assert len(set(ids)) == len(ids)


def test_slack_multi_select_stays_within_limits():
    many = [{"title": f"Option {i} " + "x" * 200, "payload": "p", "multiple": True} for i in range(23)]
    (block,) = slack.multi_select_blocks(many)
    boxes = [e for e in block["elements"] if e["type"] == "checkboxes"]
    assert [len(e["options"]) for e in boxes] == [10, 10, 3]
    assert len({e["action_id"] for e in boxes}) == 3
    assert all(len(o["text"]["text"]) <= 75 and len(o["value"]) <= 150 for e in boxes for o in e["options"])
    assert slack.multi_select_blocks([]) == []


def _state(*ticked, action_id="multi_select_options_0"):
    options = [{"text": {"type": "plain_text", "text": t, "emoji": True}, "value": t} for t in ticked]
    return {"values": {slack.MULTI_SELECT_BLOCK: {action_id: {"type": "checkboxes", "selected_options": options}}}}


def test_slack_send_reads_the_ticked_boxes_in_the_order_shown():
    blocks = slack.question_blocks(SYMPTOM_BUTTONS)
    assert slack.ticked_titles(_state("Pain", "Weakness or stiffness"), blocks) == ["Weakness or stiffness", "Pain"]
    assert slack.ticked_titles(_state("Pain", "Weakness or stiffness"), None) == ["Pain", "Weakness or stiffness"]
    assert slack.ticked_titles(_state(), blocks) == []
    for odd in (
        None,
        {},
        {"values": []},
        {"values": {"b": {"a": {"type": "checkboxes", "selected_options": 3}}}},
        {"values": {"b": {"a": "x", "c": {"type": "button"}}}},
    ):
        assert slack.ticked_titles(odd, blocks) == []
    odd_blocks = [None, {"elements": 5}, {"block_id": ["x"], "elements": [{"action_id": {}}]}]
    assert slack.ticked_titles(_state("Pain"), odd_blocks) == ["Pain"]
