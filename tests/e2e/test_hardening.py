"""Hostile input at every public endpoint, the HTTP API's token, the action server's token and outage.

One set of servers (REST, widget, Telegram and Slack on, fake Telegram/Slack APIs on
127.0.0.1) takes hypothesis-generated text (any code point, emoji, RTL, control
characters, very long strings) and a table of hostile payloads (invalid JSON, wrong
types, missing fields, binary bytes, 1 MB bodies, script tags, SQL) at each endpoint:
nothing may answer 5xx, a reply must come where one is expected (an answer, or the
"too long"/"no text" notice), and both servers must still be healthy afterwards.
A second set runs with RASA_API_TOKEN (HTTP API on) and a short ACTION_TIMEOUT_S, for
the API token and for an action server that hangs, dies and comes back.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import logging
import os
import queue
import signal
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, List, Optional

import pytest
import requests
import socketio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twitchcare.screening import clean_text
from tests.e2e.conftest import (
    REQUEST_TIMEOUT_S,
    ROOT,
    TEST_EMERGENCY_NUMBER,
    Bot,
    tail,
    action_server_command,
    running_servers,
)
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.fake_telegram import FakeTelegram
from twitchcare.settings import MAX_MESSAGE_CHARS, MAX_REQUEST_BYTES

JSON = {"Content-Type": "application/json"}
TELEGRAM_TOKEN, TELEGRAM_SECRET = "123456:hardening", "hardening-secret"
SLACK_SECRET, SLACK_TOKEN = "hardening-signing-secret", "xoxb-hardening"
API_TOKEN = "api-" + uuid.uuid4().hex
OUTAGE_ACTION_TIMEOUT_S = 4
TOO_LONG, NO_TEXT = "too long", "didn't get any text"
_ids = itertools.count(int(time.time()) % 100000 * 1000)
logging.getLogger("engineio.client").setLevel(logging.CRITICAL)  # quiet about aborted test sockets

# -- generated text ------------------------------------------------------------------------
SPICY = [
    "\U0001f600",
    "\U0001f44d\U0001f3fd",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1fa\U0001f1e6",
    "\u202e",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\u05e9\u05dc\u05d5\u05dd",
    "\u0645\u0631\u062d\u0628\u0627",
    "\U0001d518",
    "<script>alert(1)</script>",
    "'; DROP TABLE events; --",
    "\" OR 1=1 --",
    "\x00",
    "\x1b[31m",
    "\n",
    "\t",
    "{",
    "}",
    "%s",
    "${HOME}",
    "\\",
    "twitch",
    "eyelid",
    " ",
]
TEXTS = st.one_of(
    st.text(max_size=150),  # any code point, control characters included
    st.lists(st.sampled_from(SPICY), max_size=40).map("".join),
    # long strings around and far past MAX_MESSAGE_CHARS
    st.builds(lambda unit, n: unit * n, st.text(min_size=1, max_size=6), st.integers(min_value=300, max_value=1000)),
    st.builds(lambda n: "a" * n, st.integers(min_value=MAX_MESSAGE_CHARS - 2, max_value=MAX_MESSAGE_CHARS + 2)),
)
BOUNDED = dict(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def expected_kind(text: str) -> str:
    """What the assistant must do with `text`: "empty", "too_long", "command" (a /payload) or "answer"."""
    cleaned = clean_text(text).strip()
    if not cleaned:
        return "empty"
    if len(cleaned) > MAX_MESSAGE_CHARS:
        return "too_long"
    return "command" if cleaned.startswith("/") else "answer"


def last_intent(db_path: Path, sender: str) -> Optional[str]:
    with sqlite3.connect(db_path) as db:
        row = db.execute(
            "select intent_name from events where sender_id = ? and type_name = 'user' " "order by id desc limit 1",
            (sender,),
        ).fetchone()
    return row[0] if row else None


def check_reply(text: str, replies: List[str], db_path: Path, sender: str) -> None:
    """The reply (all texts of one turn) is what `text` calls for."""
    joined = "\n".join(replies)
    kind = expected_kind(text)
    if kind == "too_long":
        assert TOO_LONG in joined and TEST_EMERGENCY_NUMBER in joined, (text[:80], joined)
    elif kind == "empty":
        assert NO_TEXT in joined, (text, joined)
    elif kind == "answer":
        # Every message gets a reply, except a restart ("restart" classified), which Rasa answers with nothing.
        assert joined.strip() or last_intent(db_path, sender) == "restart", (text, replies)


# -- servers -------------------------------------------------------------------------------
def telegram_env(api_base: str) -> dict:
    return {
        "TELEGRAM_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": "twitchbot",
        "TELEGRAM_WEBHOOK_URL": "https://clinic.example/webhooks/telegram/webhook",
        "TELEGRAM_SECRET_TOKEN": TELEGRAM_SECRET,
        "TELEGRAM_API_BASE": api_base,
    }


def channels_env(telegram: FakeTelegram, slack: FakeSlack) -> dict:
    """Settings that switch Telegram and Slack on, against the fake APIs."""
    return {
        **telegram_env(telegram.base_url),
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_BASE": slack.api_base,
    }


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with FakeTelegram() as telegram, FakeSlack() as slack:
        env = channels_env(telegram, slack)
        # RASA_API_TOKEN="" keeps the HTTP API off even if the developer's shell sets it.
        with running_servers(tmp_path_factory.mktemp("hardening"), {**env, "RASA_API_TOKEN": ""}) as (bot, ports, logs):
            yield SimpleNamespace(
                bot=bot,
                base=bot.base_url,
                ports=ports,
                logs=logs,
                telegram=telegram,
                slack=slack,
                actions=f"http://127.0.0.1:{ports['actions']}",
            )


def assert_alive(s: SimpleNamespace) -> None:
    for name, process in s.bot.processes.items():
        assert process.poll() is None, f"the {name} server died:\n{tail(s.logs[name])}"
    assert requests.get(s.base + "/", timeout=10).status_code == 200
    assert requests.get(s.actions + "/health", timeout=10).status_code == 200
    answer = s.bot.send("what causes eyelid twitching")
    assert "eyelid" in Bot.text(answer).lower(), answer


# -- REST ----------------------------------------------------------------------------------
def test_rest_takes_any_text(servers):
    @settings(max_examples=60, **BOUNDED)
    @given(text=TEXTS)
    def check(text):
        sender = "hyp-" + uuid.uuid4().hex
        body = json.dumps({"sender": sender, "message": text}, ensure_ascii=False).encode("utf-8")
        r = requests.post(servers.bot.url, data=body, headers=JSON, timeout=REQUEST_TIMEOUT_S)
        if len(body) > MAX_REQUEST_BYTES:
            assert r.status_code == 413
            return
        assert r.status_code == 200, (text[:80], r.status_code, r.text[:300])
        messages = r.json()
        assert all(m["recipient_id"] == sender for m in messages)
        check_reply(text, [m.get("text") or "" for m in messages], servers.bot.db_path, sender)

    check()
    assert_alive(servers)


def _rest_case(data: bytes, headers: Optional[dict] = None) -> dict:
    return {"data": data, "headers": {**JSON, **(headers or {})}}


def _j(payload) -> bytes:
    return json.dumps(payload).encode("utf-8")


REST_BAD = {  # name: request -> always 400 {"error": ...}
    "invalid JSON": _rest_case(b'{"sender": "a", "message": '),
    "not JSON at all": _rest_case(b"hello there"),
    "empty body": _rest_case(b""),
    "binary bytes": _rest_case(bytes(range(256)) * 4),
    "invalid UTF-8 inside JSON": _rest_case(b'{"sender": "a", "message": "\xff\xfe"}'),
    "JSON list": _rest_case(_j(["sender", "message"])),
    "JSON string": _rest_case(_j("hello")),
    "JSON null": _rest_case(b"null"),
    "missing message": _rest_case(_j({"sender": "a"})),
    "missing sender": _rest_case(_j({"message": "hello"})),
    "empty object": _rest_case(b"{}"),
    "message is a number": _rest_case(_j({"sender": "a", "message": 42})),
    "message is a list": _rest_case(_j({"sender": "a", "message": ["hi"]})),
    "message is an object": _rest_case(_j({"sender": "a", "message": {"text": "hi"}})),
    "message is null": _rest_case(_j({"sender": "a", "message": None})),
    "sender is an object": _rest_case(_j({"sender": {"id": 1}, "message": "hi"})),
    "sender is true": _rest_case(_j({"sender": True, "message": "hi"})),
    "sender is empty": _rest_case(_j({"sender": "", "message": "hi"})),
    "sender too long": _rest_case(_j({"sender": "s" * 256, "message": "hi"})),
    "sender with NUL": _rest_case(_j({"sender": "a\u0000b", "message": "hi"})),
    "metadata is a string": _rest_case(_j({"sender": "a", "message": "hi", "metadata": "x"})),
    "form-encoded body": _rest_case(b"sender=a&message=hi", {"Content-Type": "application/x-www-form-urlencoded"}),
}
REST_ANSWERED = {  # name: message text -> 200 with a friendly reply
    "script tag": "<script>alert('x')</script> my eyelid twitches",
    "img onerror": '<img src=x onerror="alert(1)">',
    "SQL drop": "'; DROP TABLE events; --",
    "SQL or": "1' OR '1'='1",
    "SQL union": "eyelid UNION SELECT sender_id, data FROM events --",
    "emoji": "\U0001f62b\U0001f441\ufe0f twitching \U0001f440\U0001f44d\U0001f3fd",
    "RTL Hebrew": "\u05d4\u05e2\u05e4\u05e2\u05e3 \u05e9\u05dc\u05d9 \u05e8\u05d5\u05e2\u05d3",
    "RTL Arabic with override": "\u202e\u0639\u064a\u0646\u064a \u062a\u0631\u062a\u0639\u0634 twitch",
    "zero-width and BOM": "\ufeffeye\u200blid \u200dtwitch",
    "NUL and escapes": "eyelid\u0000twitch\u001b[31m\u0007",
    "lone surrogate": "\ud800 twitch",
    "malformed payload": '/ask_topic{"topic": ',
    "payload with wrong type": '/ask_topic{"topic": 5}',
    "unknown intent payload": "/no_such_intent",
    "format strings": "%s %n {0} ${HOME} {{7*7}}",
    "empty": "",
    "only whitespace": " \n\t ",
    "only controls": "\u0000\u0001\u0002",
    "at the limit": "a" * MAX_MESSAGE_CHARS,
    "one over the limit": "a" * (MAX_MESSAGE_CHARS + 1),
    "very long": "my eyelid twitches " * 1500,
}


@pytest.mark.parametrize("name", list(REST_BAD))
def test_rest_refuses_malformed_requests(servers, name):
    r = requests.post(servers.bot.url, timeout=REQUEST_TIMEOUT_S, **REST_BAD[name])
    assert r.status_code == 400, (r.status_code, r.text[:300])
    assert r.json()["error"]


@pytest.mark.parametrize("name", list(REST_ANSWERED))
def test_rest_answers_hostile_text(servers, name):
    text = REST_ANSWERED[name]
    sender = "hostile-" + uuid.uuid4().hex
    # json.dumps keeps a lone surrogate as the escape \ud800, as a hostile client would send it.
    r = requests.post(
        servers.bot.url, data=_j({"sender": sender, "message": text}), headers=JSON, timeout=REQUEST_TIMEOUT_S
    )
    assert r.status_code == 200, (r.status_code, r.text[:300])
    texts = [m.get("text") or "" for m in r.json()]
    assert any(t.strip() for t in texts), r.json()
    check_reply(text, texts, servers.bot.db_path, sender)
    assert not any("<script" in t or "onerror" in t for t in texts)  # user input is never echoed as text


def test_rest_limits_size_and_methods(servers):
    big = _j({"sender": "big", "message": "x" * 1_000_000})
    assert requests.post(servers.bot.url, data=big, headers=JSON, timeout=REQUEST_TIMEOUT_S).status_code == 413
    streamed = requests.post(
        servers.bot.url + "?stream=true",
        data=_j({"sender": "s", "message": "x" * 5000}),
        headers=JSON,
        timeout=REQUEST_TIMEOUT_S,
    )
    assert streamed.status_code == 200 and TOO_LONG in streamed.text
    assert requests.get(servers.bot.url, timeout=REQUEST_TIMEOUT_S).status_code == 405
    # The SQL-looking messages above were stored as text: the table is still there.
    with sqlite3.connect(servers.bot.db_path) as db:
        assert db.execute("select count(*) from events").fetchone()[0] > 0
    assert_alive(servers)


# -- website widget: socket.io and assets -----------------------------------------------------
class WidgetClient:
    """One socket.io connection (polling transport) in one new widget session."""

    def __init__(self, base: str, origin: Optional[str] = None) -> None:
        self.replies: "queue.Queue" = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("bot_uttered", lambda data: self.replies.put(data))
        confirmed: "queue.Queue" = queue.Queue()
        self.sio.on("session_confirm", lambda data: confirmed.put(data))
        self.sio.connect(base, headers={"Origin": origin or base}, transports=["polling"], wait_timeout=10)
        self.sio.emit("session_request", {"session_id": uuid.uuid4().hex})
        self.session_id = confirmed.get(timeout=REQUEST_TIMEOUT_S)

    def texts_until(self, done: Callable[[List[str]], bool], timeout: float = REQUEST_TIMEOUT_S) -> List[str]:
        texts: List[str] = []
        deadline = time.monotonic() + timeout
        while not done(texts) and time.monotonic() < deadline:
            try:
                data = self.replies.get(timeout=0.2)
            except queue.Empty:
                continue
            if isinstance(data, dict) and data.get("text"):
                texts.append(data["text"])
        return texts

    def close(self) -> None:
        # abort=True: don't wait (up to the 25 s ping interval) for the pending long-poll to return.
        self.sio.eio.disconnect(abort=True)


def _widget_done(text: str) -> Callable[[List[str]], bool]:
    kind = expected_kind(text)
    if kind == "too_long":
        return lambda texts: TEST_EMERGENCY_NUMBER in "\n".join(texts)
    return lambda texts: bool(texts)


def test_widget_takes_any_text(servers):
    @settings(max_examples=60, **BOUNDED)
    @given(text=TEXTS)
    def check(text):
        client = WidgetClient(servers.base)
        try:
            client.sio.emit("user_uttered", {"message": text, "session_id": client.session_id})
            texts = client.texts_until(_widget_done(text), timeout=3 if expected_kind(text) == "command" else 20)
        finally:
            client.close()
        check_reply(text, texts, servers.bot.db_path, client.session_id)

    check()
    assert_alive(servers)


def test_widget_survives_hostile_events(servers):
    client = WidgetClient(servers.base)
    sid = client.session_id
    try:
        for data in [
            "just a string",
            ["a", "list"],
            None,
            42,
            {"message": "hi"},
            {"message": "hi", "session_id": {"x": 1}},
            {"message": "hi", "session_id": "s" * 10_000},
            {"message": "hi", "session_id": ["a"]},
        ]:
            client.sio.emit("user_uttered", data)  # no usable session: ignored, no crash
        client.sio.emit("session_request", {"session_id": {"not": "a string"}})
        client.sio.emit("no_such_event", {"message": "hi"})
        for message in [42, None, ["hi"], {"text": "hi"}, b"\x00\xff binary"]:  # not text: "no text" notice
            client.sio.emit("user_uttered", {"message": message, "session_id": sid})
            assert NO_TEXT in "\n".join(client.texts_until(lambda t: bool(t)))
        client.sio.emit("user_uttered", {"message": "x" * 5000, "session_id": sid})
        assert TOO_LONG in "\n".join(client.texts_until(lambda t: TEST_EMERGENCY_NUMBER in "\n".join(t)))
        client.sio.emit(
            "user_uttered", {"message": "what causes eyelid twitching", "session_id": sid, "customData": "{not json"}
        )
        assert "eyelid" in "\n".join(client.texts_until(lambda t: bool(t))).lower()
    finally:
        client.close()
    with pytest.raises(socketio.exceptions.ConnectionError):
        WidgetClient(servers.base, origin="https://evil.example")
    assert_alive(servers)


@pytest.mark.parametrize(
    "method,path,data,allowed",
    [
        ("GET", "/socket.io/", None, {400}),
        ("GET", "/socket.io/?EIO=4&transport=carrier-pigeon", None, {400}),
        ("GET", "/socket.io/?EIO=99&transport=polling", None, {400}),
        ("POST", "/socket.io/?EIO=4&transport=polling&sid=nope", bytes(range(256)), {400}),
        ("POST", "/socket.io/?EIO=4&transport=polling&sid=nope", b"x" * 1_000_000, {413}),
        ("GET", "/webhooks/widget/%00", None, {404}),
        ("GET", "/webhooks/widget/%2e%2e%2f%2e%2e%2fendpoints.yml", None, {404}),
        ("GET", "/webhooks/widget/..%5c..%5cendpoints.yml", None, {404}),
        ("GET", "/webhooks/widget/" + "a" * 5000 + ".js", None, {404}),
        ("GET", "/webhooks/widget/%F0%9F%98%80.js", None, {404}),
        ("GET", "/webhooks/widget/<script>.html", None, {404}),
        ("POST", "/webhooks/widget/", b"x" * 1_000_000, {405, 413}),
        ("GET", "/webhooks/widget/widget.js", None, {200}),
    ],
)
def test_widget_http_paths(servers, method, path, data, allowed):
    r = requests.request(method, servers.base + path, data=data, timeout=REQUEST_TIMEOUT_S)
    assert r.status_code in allowed, (r.status_code, r.text[:200])


# -- Telegram ------------------------------------------------------------------------------
def telegram_post(servers, body: bytes, secret: Optional[str] = TELEGRAM_SECRET) -> requests.Response:
    headers = {**JSON, **({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {})}
    return requests.post(
        servers.base + "/webhooks/telegram/webhook", data=body, headers=headers, timeout=REQUEST_TIMEOUT_S
    )


def telegram_update(chat_id: int, text) -> dict:
    n = next(_ids)
    return {
        "update_id": n,
        "message": {
            "message_id": n,
            "date": int(time.time()),
            "text": text,
            "chat": {"id": chat_id, "type": "private", "first_name": "Sam"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Sam"},
        },
    }


def telegram_texts(servers, chat_id: int) -> List[str]:
    return [
        c["body"].get("text", "")
        for c in servers.telegram.calls("sendMessage")
        if str(c["body"].get("chat_id")) == str(chat_id)
    ]


def test_telegram_takes_any_text(servers):
    @settings(max_examples=60, **BOUNDED)
    @given(text=TEXTS)
    def check(text):
        chat_id = next(_ids)
        r = telegram_post(servers, json.dumps(telegram_update(chat_id, text), ensure_ascii=False).encode("utf-8"))
        assert r.status_code == 200, (text[:80], r.status_code, r.text[:200])
        if text.strip() and expected_kind(text) != "command":  # Telegram ignores blank texts
            check_reply(text, telegram_texts(servers, chat_id), servers.bot.db_path, str(chat_id))

    check()
    assert_alive(servers)


@pytest.mark.parametrize(
    "name,body,secret,status",
    [
        pytest.param(*row, id=row[0])  # ids by name: the bodies hold the time, and pytest-xdist
        for row in [  # needs the same ids on every worker
            ("no secret", _j(telegram_update(1, "hi")), None, 403),
            ("wrong secret", _j(telegram_update(1, "hi")), "guess", 403),
            ("invalid JSON", b'{"update_id": ', TELEGRAM_SECRET, 400),
            ("binary", bytes(range(256)), TELEGRAM_SECRET, 400),
            ("JSON list", b"[1, 2]", TELEGRAM_SECRET, 400),
            ("no update_id", _j({"message": {"text": "hi"}}), TELEGRAM_SECRET, 400),
            ("update_id is text", _j({"update_id": "1"}), TELEGRAM_SECRET, 400),
            ("text is a number", _j(telegram_update(2, 5)), TELEGRAM_SECRET, 400),
            (
                "chat id is text",
                _j(
                    {
                        **telegram_update(3, "hi"),
                        "message": {**telegram_update(3, "hi")["message"], "chat": {"id": "x", "type": "private"}},
                    }
                ),
                TELEGRAM_SECRET,
                400,
            ),
            ("1 MB", _j(telegram_update(4, "x" * 1_000_000)), TELEGRAM_SECRET, 413),
        ]
    ],
)
def test_telegram_refuses_malformed_updates(servers, name, body, secret, status):
    assert telegram_post(servers, body, secret).status_code == status


def test_telegram_long_and_hostile_text_get_replies(servers):
    for text in [
        "x" * 3000,
        "<script>alert(1)</script>",
        "'; DROP TABLE events; --",
        "\u05e9\u05dc\u05d5\u05dd \U0001f600 twitch",
    ]:
        chat_id = next(_ids)
        assert telegram_post(servers, _j(telegram_update(chat_id, text))).status_code == 200
        check_reply(text, telegram_texts(servers, chat_id), servers.bot.db_path, str(chat_id))
    assert_alive(servers)


# -- Slack ---------------------------------------------------------------------------------
def slack_post(servers, body: bytes, content_type: str = "application/json", sign: bool = True) -> requests.Response:
    ts = str(int(time.time()))
    digest = hmac.new(SLACK_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {
        "Content-Type": content_type,
        **({"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"} if sign else {}),
    }
    return requests.post(
        servers.base + "/webhooks/slack/webhook", data=body, headers=headers, timeout=REQUEST_TIMEOUT_S
    )


def slack_event(channel: str, text, **event) -> dict:
    return {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": "Ev" + uuid.uuid4().hex[:10],
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
        "event": {
            "type": "message",
            "channel_type": "im",
            "channel": channel,
            "user": "U" + channel,
            "text": text,
            "ts": f"{time.time():.6f}",
            **event,
        },
    }


def slack_texts(servers, channel: str, done: Callable[[List[str]], bool], timeout: float) -> List[str]:
    deadline = time.monotonic() + timeout
    while True:
        texts = [c["args"].get("text", "") for c in servers.slack.calls_to("chat.postMessage", channel)]
        if done(texts) or time.monotonic() > deadline:
            return texts
        time.sleep(0.1)


def test_slack_takes_any_text(servers):
    @settings(max_examples=60, **BOUNDED)
    @given(text=TEXTS)
    def check(text):
        channel = f"D{next(_ids)}"
        r = slack_post(servers, json.dumps(slack_event(channel, text), ensure_ascii=False).encode("utf-8"))
        assert r.status_code == 200, (text[:80], r.status_code, r.text[:200])
        if text.strip() and expected_kind(text) != "command":  # Slack ignores blank texts
            done = _widget_done(text)
            check_reply(text, slack_texts(servers, channel, done, 20), servers.bot.db_path, "U" + channel)

    check()
    assert_alive(servers)


@pytest.mark.parametrize(
    "name,body,content_type,sign,status",
    [
        pytest.param(*row, id=row[0])  # ids by name: the bodies hold the time, and pytest-xdist
        for row in [  # needs the same ids on every worker
            ("unsigned", _j(slack_event("D1", "hi")), "application/json", False, 401),
            ("invalid JSON", b'{"type": ', "application/json", True, 400),
            ("binary", bytes(range(256)), "application/json", True, 400),
            ("JSON list", b"[]", "application/json", True, 400),
            ("event not an object", _j({"type": "event_callback", "event": "hi"}), "application/json", True, 400),
            ("text is a number", _j(slack_event("D2", 7)), "application/json", True, 400),
            (
                "no user",
                _j(
                    {
                        **slack_event("D3", "hi"),
                        "event": {"type": "message", "channel_type": "im", "channel": "D3", "text": "hi"},
                    }
                ),
                "application/json",
                True,
                400,
            ),
            ("form without payload", b"a=b", "application/x-www-form-urlencoded", True, 400),
            ("form with bad payload", b"payload=%7Bnot+json", "application/x-www-form-urlencoded", True, 400),
            ("form binary", b"\xff\xfe\x00", "application/x-www-form-urlencoded", True, 400),
            ("1 MB", _j(slack_event("D4", "x" * 1_000_000)), "application/json", True, 413),
        ]
    ],
)
def test_slack_refuses_malformed_requests(servers, name, body, content_type, sign, status):
    assert slack_post(servers, body, content_type, sign).status_code == status


def test_slack_long_and_hostile_text_get_replies(servers):
    for text in ["x" * 3000, "<script>alert(1)</script>", "1' OR '1'='1"]:
        channel = f"D{next(_ids)}"
        assert slack_post(servers, _j(slack_event(channel, text))).status_code == 200
        check_reply(text, slack_texts(servers, channel, _widget_done(text), 20), servers.bot.db_path, "U" + channel)
    assert_alive(servers)


# -- HTTP API off by default; action server on loopback with a token ----------------------------
def test_http_api_is_off_by_default(servers):
    for method, path in [
        ("GET", "/conversations/someone/tracker"),
        ("POST", "/conversations/someone/messages"),
        ("GET", "/status"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
    ]:
        r = requests.request(method, servers.base + path, json={"text": "hi"}, timeout=REQUEST_TIMEOUT_S)
        assert r.status_code in (404, 405), (method, path, r.status_code)


def _listening_addresses(port: int) -> List[str]:
    """Local addresses (hex, /proc/net/tcp*) of the sockets listening on `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if os.path.exists(table):
            for line in Path(table).read_text().splitlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.append(address)
    return found


def test_action_server_listens_on_loopback_and_needs_the_token(servers):
    # Warm before it listens (the fixture waited for /health): a cold first message waited for the readers.
    assert "Readers and knowledge loaded in" in servers.logs["actions"].read_text(), tail(servers.logs["actions"])
    addresses = _listening_addresses(servers.ports["actions"])
    if addresses:  # Linux: 0100007F is 127.0.0.1
        assert addresses == ["0100007F"], addresses
    token = servers.bot.env["ACTION_SERVER_TOKEN"]
    call = {"next_action": "action_help", "sender_id": "x", "tracker": {}, "domain": {}, "version": "3.6.2"}
    for params, headers in [
        ({}, {}),
        ({"token": "wrong"}, {}),
        ({}, {"Authorization": "Bearer wrong"}),
        ({"token": token[:-1]}, {}),
    ]:
        r = requests.post(
            servers.actions + "/webhook", json=call, params=params, headers=headers, timeout=REQUEST_TIMEOUT_S
        )
        assert r.status_code == 401, (params, headers, r.status_code)
        assert (
            requests.get(
                servers.actions + "/actions", params=params, headers=headers, timeout=REQUEST_TIMEOUT_S
            ).status_code
            == 401
        )
    assert requests.get(servers.actions + "/actions", params={"token": token}, timeout=REQUEST_TIMEOUT_S).ok
    listed = requests.get(
        servers.actions + "/actions", headers={"Authorization": f"Bearer {token}"}, timeout=REQUEST_TIMEOUT_S
    )
    assert {"name": "action_answer_question"} in listed.json()
    bad = requests.post(
        servers.actions + "/webhook",
        data=b"{not json",
        params={"token": token},
        headers=JSON,
        timeout=REQUEST_TIMEOUT_S,
    )
    assert bad.status_code == 400
    # The Rasa server sends the token: the normal flow (custom actions) works.
    assert_alive(servers)


def test_action_server_refuses_to_start_without_a_token():
    env = {**os.environ, "ACTION_SERVER_TOKEN": ""}
    done = subprocess.run(action_server_command(1), cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "ACTION_SERVER_TOKEN" in done.stderr


# -- HTTP API with a token; action server outage ---------------------------------------------------
@pytest.fixture(scope="module")
def api_servers(tmp_path_factory):
    env = {"RASA_API_TOKEN": API_TOKEN, "ACTION_TIMEOUT_S": str(OUTAGE_ACTION_TIMEOUT_S)}
    with running_servers(tmp_path_factory.mktemp("api"), env) as (bot, ports, logs):
        yield SimpleNamespace(
            bot=bot, base=bot.base_url, ports=ports, logs=logs, actions=f"http://127.0.0.1:{ports['actions']}"
        )


def test_http_api_needs_the_token(api_servers):
    url = api_servers.base + "/conversations/someone/tracker"
    assert requests.get(url, timeout=REQUEST_TIMEOUT_S).status_code == 401
    assert requests.get(url, params={"token": "wrong"}, timeout=REQUEST_TIMEOUT_S).status_code == 401
    assert (
        requests.post(
            api_servers.base + "/conversations/someone/messages",
            json={"text": "hi", "sender": "user"},
            timeout=REQUEST_TIMEOUT_S,
        ).status_code
        == 401
    )
    assert (
        requests.post(api_servers.base + "/model/parse", json={"text": "hi"}, timeout=REQUEST_TIMEOUT_S).status_code
        == 401
    )
    assert requests.get(url, params={"token": API_TOKEN}, timeout=REQUEST_TIMEOUT_S).status_code == 200


def _assert_apology(messages: list) -> None:
    text = Bot.text(messages)
    assert "technical problem" in text and TEST_EMERGENCY_NUMBER in text, messages
    assert Bot.custom(messages).get("error") == "actions_unavailable", messages


def _assert_answered(messages: list) -> None:
    assert "technical problem" not in Bot.text(messages), messages
    assert Bot.custom(messages).get("topic"), messages  # a knowledge answer, from the action server


def test_action_server_slow_or_down_gets_an_apology_then_recovers(api_servers):
    bot, actions = api_servers.bot, api_servers.bot.processes["actions"]
    sender = "outage-" + uuid.uuid4().hex
    _assert_answered(bot.send("what causes eyelid twitching", sender))

    # Slow: the action server stops answering (SIGSTOP) -> apology after ACTION_TIMEOUT_S.
    os.kill(actions.pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        _assert_apology(bot.send("is muscle twitching serious", sender))
        assert time.monotonic() - started < OUTAGE_ACTION_TIMEOUT_S + 10
    finally:
        os.kill(actions.pid, signal.SIGCONT)
    _assert_answered(bot.send("how is twitching treated", sender))

    # Down: the action server process is gone -> apology at once, also for an emergency.
    actions.kill()
    actions.wait(timeout=20)
    _assert_apology(bot.send("what causes eyelid twitching", sender))
    emergency = bot.send("my calf twitches and now I can't breathe", "outage-" + uuid.uuid4().hex)
    assert TEST_EMERGENCY_NUMBER in Bot.text(emergency), emergency

    # Back: the same conversation carries on normally.
    log = api_servers.logs["actions"].with_name("actions-restarted.log")
    restarted = subprocess.Popen(
        action_server_command(api_servers.ports["actions"]),
        cwd=ROOT,
        env=bot.env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert restarted.poll() is None, tail(log)
            try:
                if requests.get(api_servers.actions + "/health", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the action server did not come back:\n" + tail(log)
            time.sleep(0.5)
        _assert_answered(bot.send("what causes eyelid twitching", sender))
        assert api_servers.bot.processes["rasa"].poll() is None
    finally:
        restarted.terminate()
        try:
            restarted.wait(timeout=20)
        except subprocess.TimeoutExpired:
            restarted.kill()
