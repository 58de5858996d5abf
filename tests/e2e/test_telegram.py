"""The Telegram channel end to end: real Rasa + action servers, a fake Bot API on 127.0.0.1.

Each Telegram turn is compared with the same turn over REST (a fresh REST sender),
so the test pins exactly what Telegram receives: the same texts, the buttons as an
inline keyboard, and custom payloads only as their channel_text rendering.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
import time
import uuid
from pathlib import Path

import pytest
import requests

from tests.e2e.conftest import TEST_EMERGENCY_NUMBER, free_port, running_servers
from channels.telegram import DONE_DATA, NOTHING_TICKED, TelegramOutput
from tests.e2e.fake_telegram import FakeTelegram
from twitchcare import knowledge, render

TOKEN = "123:abc"
SECRET = "s3cret"
WEBHOOK_URL = "https://clinic.example/webhooks/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
_ids = itertools.count(int(time.time()) % 100000 * 100)


def telegram_env(api_base: str) -> dict:
    return {
        "TELEGRAM_TOKEN": TOKEN,
        "TELEGRAM_BOT_NAME": "twitchbot",
        "TELEGRAM_WEBHOOK_URL": WEBHOOK_URL,
        "TELEGRAM_SECRET_TOKEN": SECRET,
        "TELEGRAM_API_BASE": api_base,
    }


def user(user_id: int) -> dict:
    return {"id": user_id, "is_bot": False, "first_name": "Sam", "language_code": "en"}


def chat(chat_id: int) -> dict:
    return {"id": chat_id, "first_name": "Sam", "type": "private"}


def message_update(user_id: int, text: str) -> dict:
    """A text message update as Telegram sends it."""
    n = next(_ids)
    return {
        "update_id": n,
        "message": {
            "message_id": n,
            "from": user(user_id),
            "chat": chat(user_id),
            "date": int(time.time()),
            "text": text,
        },
    }


def callback_update(user_id: int, data: str, question: dict) -> dict:
    """A tapped inline button, on the bot message `question` (a recorded sendMessage body)."""
    n = next(_ids)
    bot_message = {
        "message_id": n,
        "from": {"id": 123, "is_bot": True, "first_name": "Twitch assistant", "username": "twitchbot"},
        "chat": chat(user_id),
        "date": int(time.time()),
        "text": question["text"],
        "reply_markup": question["reply_markup"],
    }
    return {
        "update_id": n,
        "callback_query": {
            "id": f"cbq{n}",
            "from": user(user_id),
            "message": bot_message,
            "chat_instance": "-8675309",
            "data": data,
        },
    }


def post(url: str, body, secret: str | None = SECRET) -> requests.Response:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[SECRET_HEADER] = secret
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return requests.post(url, data=data, headers=headers, timeout=60)


def keyboard(body: dict) -> list:
    """[(text, callback_data), ...] of a sendMessage's inline keyboard ([] without one)."""
    markup = body.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def sent_to(api: FakeTelegram, chat_id: int, since: int = 0) -> list:
    """Bodies of the sendMessage calls to chat_id among the calls recorded after index `since`."""
    return [
        c["body"]
        for c in api.calls()[since:]
        if c["method"] == "sendMessage" and str(c["body"].get("chat_id")) == str(chat_id)
    ]


def _paragraphs(text: str, buttons: list) -> list:
    """(paragraph, buttons) for each paragraph of a message; its buttons go with the last one."""
    parts = text.strip().split("\n\n")
    return [(p, buttons if i == len(parts) - 1 else []) for i, p in enumerate(parts)]


def expected_from_rest(replies: list) -> list:
    """What Telegram must receive for these REST replies, paragraph by paragraph.

    REST cuts a text without buttons into one message per paragraph; Telegram gets it
    as one message, so both sides are compared per paragraph (buttons on the last one).
    """
    expected = []
    for m in replies:
        if m.get("text"):
            expected += _paragraphs(m["text"], [(b["title"], b["payload"]) for b in m.get("buttons") or []])
        if m.get("custom") and render.channel_text(m["custom"]):
            expected += _paragraphs(render.channel_text(m["custom"]), [])
    return expected


def received(bodies: list) -> list:
    return [pair for b in bodies for pair in _paragraphs(b["text"], keyboard(b))]


# -- Telegram unreachable (runs first, so only one pair of servers runs at a time) ---------
def test_server_starts_and_serves_when_telegram_is_unreachable(tmp_path):
    closed = free_port()  # nothing listens there: connection refused
    with running_servers(tmp_path, telegram_env(f"http://127.0.0.1:{closed}")) as (bot, ports, logs):
        replies = bot.send("what causes eyelid twitching?")
        assert "Source" in bot.text(replies)
        deadline = time.monotonic() + 30
        while "Could not register the Telegram webhook" not in logs["rasa"].read_text(errors="ignore"):
            assert time.monotonic() < deadline, "no warning about the unreachable Bot API in the log"
            time.sleep(0.5)
        # A valid update is still accepted (its answer cannot be delivered, which is logged) ...
        url = f"http://127.0.0.1:{ports['rasa']}/webhooks/telegram/webhook"
        assert post(url, message_update(77, "hello")).status_code == 200
        assert "Telegram sendMessage to 77 failed" in logs["rasa"].read_text(errors="ignore")
        # ... and the server keeps answering REST.
        assert "Source" in bot.text(bot.send("what causes eyelid twitching?"))


# -- with the fake Bot API -----------------------------------------------------------------
@pytest.fixture(scope="module")
def tg(tmp_path_factory):
    with FakeTelegram(bot_username="twitchbot") as api:
        tmp = Path(tmp_path_factory.mktemp("telegram"))
        with running_servers(tmp, telegram_env(api.base_url)) as (bot, ports, logs):
            url = f"http://127.0.0.1:{ports['rasa']}/webhooks/telegram/webhook"
            yield api, bot, url


def test_webhook_registered_with_url_and_secret(tg):
    api, _, _ = tg
    calls = api.wait_for(lambda calls: [c for c in calls if c["method"] == "setWebhook"])
    assert len(calls) == 1
    assert calls[0]["token"] == TOKEN
    assert calls[0]["body"]["url"] == WEBHOOK_URL
    assert calls[0]["body"]["secret_token"] == SECRET


def test_question_gets_the_answer_with_sources(tg):
    api, bot, url = tg
    question = "what causes eyelid twitching?"
    since = len(api.calls())
    update = message_update(42, question)
    assert post(url, update).status_code == 200
    bodies = sent_to(api, 42, since)
    reference = bot.send(question)  # the same first turn over REST
    assert received(bodies) == expected_from_rest(reference)
    entry = knowledge.default_kb().entries[bot.custom(reference)["topic"]]
    answer = [b for b in bodies if b["text"].startswith(entry.title)]  # the answer leads with its title
    assert len(answer) == 1 and "Source" in answer[0]["text"]
    assert all(str(b["chat_id"]) == "42" for b in bodies)
    # Telegram re-delivering the same update does not answer twice.
    since = len(api.calls())
    assert post(url, update).status_code == 200
    assert sent_to(api, 42, since) == []


def test_buttons_become_an_inline_keyboard_and_a_tap_is_the_next_answer(tg):
    api, bot, url = tg
    rest_user = uuid.uuid4().hex
    since = len(api.calls())
    assert post(url, message_update(43, "my calf keeps twitching")).status_code == 200
    bodies = sent_to(api, 43, since)
    assert received(bodies) == expected_from_rest(bot.send("my calf keeps twitching", rest_user))
    screen = [b for b in bodies if ("No, none of these", "/deny") in keyboard(b)]
    assert len(screen) == 1 and screen[0]["text"] == render.QUESTIONS["emergency_screen"][0]

    since = len(api.calls())
    tap = callback_update(43, "/deny", screen[0])
    assert post(url, tap).status_code == 200
    answered = [c["body"] for c in api.calls()[since:] if c["method"] == "answerCallbackQuery"]
    assert answered == [{"callback_query_id": tap["callback_query"]["id"]}]
    bodies = sent_to(api, 43, since)
    assert received(bodies) == expected_from_rest(bot.send("/deny", rest_user))
    other_questions = {text for slot, (text, _) in render.QUESTIONS.items() if slot != "emergency_screen"}
    assert any(b["text"] in other_questions for b in bodies), [b["text"] for b in bodies]


@pytest.mark.parametrize("secret", ["wrong", "", None], ids=["wrong", "empty", "missing"])
def test_update_without_the_secret_is_refused_and_not_processed(tg, secret):
    api, bot, url = tg
    chat_id = 4400 + next(_ids) % 100
    since = len(api.calls())
    r = post(url, message_update(chat_id, "what causes eyelid twitching?"), secret=secret)
    assert r.status_code == 403
    time.sleep(1)
    assert sent_to(api, chat_id, since) == []
    with sqlite3.connect(bot.db_path) as db:
        events = db.execute("select count(*) from events where sender_id = ?", (str(chat_id),)).fetchone()[0]
    assert events == 0


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 5, "message": ',
        b"not json",
        b"",
        b"[1, 2]",
        b'{"message": {"text": "hi"}}',
        b'{"update_id": 6, "message": "hi"}',
    ],
    ids=["truncated", "text", "empty", "array", "no-update-id", "message-not-object"],
)
def test_malformed_update_gets_400(tg, body):
    api, _, url = tg
    since = len(api.calls())
    assert post(url, body).status_code == 400
    assert post(url, body, secret="wrong").status_code == 403  # the secret is checked first
    assert [c for c in api.calls()[since:] if c["method"] == "sendMessage"] == []


def test_emergency_gets_the_number_and_no_raw_json(tg):
    api, bot, url = tg
    since = len(api.calls())
    assert post(url, message_update(46, "I can't breathe")).status_code == 200
    bodies = sent_to(api, 46, since)
    assert received(bodies) == expected_from_rest(bot.send("I can't breathe"))
    assert any(TEST_EMERGENCY_NUMBER in b["text"] for b in bodies)
    assert any(b["text"].startswith("EMERGENCY") for b in bodies)  # the triage card, rendered
    every_text = [c["body"].get("text", "") for c in api.calls("sendMessage")]
    assert every_text and not [t for t in every_text if '{"' in t]


def test_start_command_greets(tg):
    api, _, url = tg
    since = len(api.calls())
    assert post(url, message_update(47, "/start")).status_code == 200
    text = "\n".join(b["text"] for b in sent_to(api, 47, since))
    assert "not a doctor" in text and TEST_EMERGENCY_NUMBER in text


# -- multi-select question ----------------------------------------------------------------
# The intake's own symptom question (twitchcare/intake.py), as asked about a calf.
SYMPTOM_QUESTION, SYMPTOM_BUTTONS = render.question("symptoms", {"body_parts": ["calf"]})
SYMPTOM_OPTIONS = [b["title"] for b in SYMPTOM_BUTTONS if b.get("multiple")]


def ask_with_channel(api: FakeTelegram, chat_id: int, text: str, buttons: list) -> dict:
    """Send a question through the channel's own output (as Rasa would); its recorded sendMessage body."""

    async def send() -> None:
        out = TelegramOutput(TOKEN, api.base_url, 10)
        try:
            await out.send_response(str(chat_id), {"text": text, "buttons": buttons})
        finally:
            await out.close()

    since = len(api.calls())
    asyncio.run(send())
    (body,) = sent_to(api, chat_id, since)
    return body


def tap(api: FakeTelegram, url: str, chat_id: int, data: str, question: dict) -> list:
    """Tap the button with callback_data `data` on `question`; the API calls the tap caused."""
    since = len(api.calls())
    update = callback_update(chat_id, data, question)
    update["callback_query"]["message"]["message_id"] = 900
    assert post(url, update).status_code == 200
    return api.calls()[since:]


def test_multi_select_toggles_then_done_sends_the_ticked_titles(tg):
    api, bot, url = tg
    chat_id = 49
    question = ask_with_channel(api, chat_id, SYMPTOM_QUESTION, SYMPTOM_BUTTONS)
    data = dict(keyboard(question))
    assert [title for title, _ in keyboard(question)] == SYMPTOM_OPTIONS + ["Done", "None of these", "Not sure"]
    assert data["None of these"] == "none of these" and data["Not sure"] == "/dont_know"

    # Done with nothing ticked: a toast says why, and nothing reaches the assistant.
    calls = tap(api, url, chat_id, DONE_DATA, question)
    assert [c["method"] for c in calls] == ["answerCallbackQuery"]
    assert calls[0]["body"]["text"] == NOTHING_TICKED

    # Each toggle answers the tap and only edits the keyboard: a tick before the title.
    for title in ("Pain", "Weakness or stiffness"):
        calls = tap(api, url, chat_id, data[title], question)
        assert [c["method"] for c in calls] == ["answerCallbackQuery", "editMessageReplyMarkup"]
        edit = calls[1]["body"]
        assert str(edit["chat_id"]) == str(chat_id) and str(edit["message_id"]) == "900"
        question = {**question, "reply_markup": edit["reply_markup"]}
    shown = [title for title, _ in keyboard(question)]
    assert shown[:3] == ["\u2713 Weakness or stiffness", "Numbness or tingling", "\u2713 Pain"]
    assert dict(keyboard(question))["Done"] == DONE_DATA

    # Done: ONE user message with the ticked titles (keyboard order), answered as over REST,
    # and the keyboard gives way to the choice.
    answer = "Weakness or stiffness, Pain"
    calls = tap(api, url, chat_id, DONE_DATA, question)
    assert calls[0] == {
        "method": "answerCallbackQuery",
        "token": TOKEN,
        "body": {"callback_query_id": calls[0]["body"]["callback_query_id"]},
    }
    edit = next(c["body"] for c in calls if c["method"] == "editMessageText")
    assert edit["text"] == f"{SYMPTOM_QUESTION}\n\nYou chose: {answer}" and "reply_markup" not in edit
    replies = [c["body"] for c in calls if c["method"] == "sendMessage"]
    assert received(replies) == expected_from_rest(bot.send(answer))

    # "Not sure" on the same keyboard is a one-tap button, as before.
    calls = tap(api, url, chat_id, data["Not sure"], question)
    assert not [c for c in calls if c["method"].startswith("edit")]
    assert [c for c in calls if c["method"] == "sendMessage"]
