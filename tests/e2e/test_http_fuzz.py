"""Malformed HTTP at every public port, and no personal data in any log.

One set of servers, both run with --debug so that everything either could log is logged:
the Rasa server (REST, widget, Telegram and Slack on one port) and the action server.

- Protocol level, over raw sockets: the table of known framing attacks
  (tests/support/raw_http.py), slow clients (slowloris head, trickled and stalled bodies, many
  at once), and hypothesis-generated mutations of valid requests. Each is followed by a normal
  request that must be answered within 2 s; any 5xx, any stall, any process that stops
  answering fails. The longest answer time seen is printed (docs/security.md quotes it).
- JSON limits: bodies, metadata and button payloads nested too deeply are 400, never 500.
- Privacy: phone numbers and e-mail addresses are sent in every field of every channel, and
  then neither server's log may contain them.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
import uuid
from types import SimpleNamespace
from typing import Dict, List

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import tail, running_servers
from tests.e2e.fake_slack import FakeSlack
from tests.e2e.fake_telegram import FakeTelegram
from tests.e2e.test_hardening import (
    TELEGRAM_SECRET,
    WidgetClient,
    channels_env,
    slack_event,
    slack_post,
    telegram_update,
)
from tests.support.raw_http import REFUSED, attacks, exchange, post, request
from twitchcare.settings import MAX_REQUEST_BYTES

# These servers run with a shorter receive deadline than the default 10 s (HTTP_RECEIVE_DEADLINE_S
# in settings.py): the slow-client tests wait for it six times, and the guard is the same code.
HTTP_RECEIVE_DEADLINE_S = 4.0

FOLLOW_UP_LIMIT_S = 2.0
SLOW_CLIENTS = 40
# Personal data sent in every field (the logs must not contain any of it).
PHONE, PHONE_DIGITS, EMAIL = "+1 (415) 555-0134", "4155550134", "jane.doe.twitch@example.org"
LEAKS = re.compile(r"555-?0134|5550134|jane\.doe|example\.org")
SLOWEST: Dict[str, float] = {}


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with FakeTelegram() as telegram, FakeSlack() as slack:
        env = {
            **channels_env(telegram, slack),
            "RASA_API_TOKEN": "",
            "HTTP_RECEIVE_DEADLINE_S": str(HTTP_RECEIVE_DEADLINE_S),
        }
        with running_servers(
            tmp_path_factory.mktemp("fuzz"), env, rasa_args=("--debug",), action_args=("--debug",)
        ) as (bot, ports, logs):
            yield SimpleNamespace(
                bot=bot,
                base=bot.base_url,
                ports=ports,
                logs=logs,
                telegram=telegram,
                slack=slack,
                token=bot.env["ACTION_SERVER_TOKEN"],
            )


def _turn_body(text: str = "what causes eyelid twitching") -> bytes:
    return json.dumps({"sender": "fuzz-" + uuid.uuid4().hex, "message": text}).encode()


def _action_body() -> bytes:
    return json.dumps(
        {
            "next_action": "action_help",
            "sender_id": "fuzz",
            "version": "3.6.2",
            "domain": {},
            "tracker": {
                "sender_id": "fuzz",
                "slots": {},
                "latest_message": {},
                "events": [],
                "paused": False,
                "followup_action": None,
                "active_loop": {},
                "latest_action_name": None,
            },
        }
    ).encode()


def assert_answering(s: SimpleNamespace, after: str) -> None:
    """A normal request to each server is answered within FOLLOW_UP_LIMIT_S."""
    for name, process in s.bot.processes.items():
        assert process.poll() is None, f"the {name} server died after {after}:\n{tail(s.logs[name])}"
    checks = {
        "rasa": (s.ports["rasa"], post("/webhooks/rest/webhook", _turn_body())),
        "actions": (s.ports["actions"], post(f"/webhook?token={s.token}", _action_body())),
    }
    for name, (port, data) in checks.items():
        result = exchange(port, data, timeout=FOLLOW_UP_LIMIT_S)
        assert result.status == 200 and not result.timed_out, f"{name} server after {after}: {result}"
        SLOWEST[name] = max(SLOWEST.get(name, 0.0), result.seconds)


def _paths(s: SimpleNamespace) -> Dict[str, tuple]:
    return {
        "rasa": (s.ports["rasa"], "/webhooks/rest/webhook", _turn_body()),
        "actions": (s.ports["actions"], f"/webhook?token={s.token}", _action_body()),
    }


ATTACK_NAMES = list(attacks("/", b"{}", MAX_REQUEST_BYTES))


@pytest.mark.parametrize("server", ["rasa", "actions"])
@pytest.mark.parametrize("name", ATTACK_NAMES)
def test_known_framing_attacks_are_refused(servers, server, name):
    port, path, body = _paths(servers)[server]
    max_body = MAX_REQUEST_BYTES if server == "rasa" else 100_000_000  # Sanic's default on the action server
    table = attacks(path, body, max_body)
    data, expected = table[name]
    if server == "actions" and name in (
        "Content-Length over the size limit",
        "Expect 100-continue over the size limit",
        "chunk over the size limit",
    ):
        expected = {413}
    result = exchange(port, data, timeout=HTTP_RECEIVE_DEADLINE_S + 3)
    print(f"{server:7} {name:45} -> {result.status} in {result.seconds:.3f}s")
    assert not result.timed_out, f"{name}: neither answered nor closed"
    assert result.status in expected, (name, result)
    assert_answering(servers, name)


def _trickle(data: bytes, pause_s: float):
    def send(sock: socket.socket) -> None:
        for i in range(len(data)):
            try:
                sock.sendall(data[i : i + 1])
            except OSError:
                return
            time.sleep(pause_s)

    return send


@pytest.mark.parametrize("server", ["rasa", "actions"])
@pytest.mark.parametrize("kind", ["slow head", "slow body", "stalled body"])
def test_slow_clients_are_cut_off_while_others_are_answered(servers, server, kind):
    """SLOW_CLIENTS connections at once, each sending one byte a second (never idle long
    enough for an idle timeout) or stopping half-way; all are cut off by the receive
    deadline, and normal requests are answered throughout."""
    port, path, body = _paths(servers)[server]
    data = post(path, body)
    head_len = data.index(b"\r\n\r\n") + 4
    send = {
        "slow head": _trickle(data, 1.0),
        "slow body": lambda sock: (sock.sendall(data[:head_len]), _trickle(data[head_len:], 1.0)(sock)),
        "stalled body": lambda sock: sock.sendall(data[:-5]),
    }[kind]
    results: List = []

    def client() -> None:
        results.append(exchange(port, b"", timeout=HTTP_RECEIVE_DEADLINE_S + 8, send=send))

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(SLOW_CLIENTS)]
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        assert_answering(servers, f"{kind} x{SLOW_CLIENTS}")
        time.sleep(0.5)
    elapsed = time.monotonic() - started
    statuses = sorted({str(r.status) for r in results})
    print(f"{server} {kind}: {SLOW_CLIENTS} clients cut off with {statuses} within {elapsed:.1f}s")
    assert all(r.status in REFUSED and not r.timed_out for r in results), results
    assert elapsed < HTTP_RECEIVE_DEADLINE_S + 6


# -- generated requests ------------------------------------------------------------------
HEADER_NAMES = [
    "Content-Length",
    "Transfer-Encoding",
    "Content-Type",
    "Expect",
    "Connection",
    "Host",
    "Upgrade",
    "X-Forwarded-For",
    "content-length",
    "Transfer-encoding",
    "",
]
HEADER_VALUES = st.one_of(
    st.sampled_from(
        [
            "0",
            "-1",
            "5",
            "99999999999",
            "chunked",
            "gzip",
            "identity",
            "close",
            "keep-alive",
            "100-continue",
            "websocket",
            "application/json",
            " 5",
            "5 ",
            "0x10",
            "1e3",
            "\t7",
            "",
        ]
    ),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=20),
    st.integers(min_value=-10, max_value=10**6).map(str),
)
METHODS = st.sampled_from(["GET", "POST", "PUT", "HEAD", "OPTIONS", "DELETE", "POST", "POST", "G\x00T", "PO ST", ""])
PATHS = [
    "/webhooks/rest/webhook",
    "/socket.io/?EIO=4&transport=polling",
    "/webhooks/telegram/webhook",
    "/webhooks/slack/webhook",
    "/webhooks/widget/widget.js",
    "/",
    "/webhook",
    "/health",
    "*",
    "//..//..",
    "/%00",
    "/" + "a" * 3000,
]
BODIES = st.one_of(
    st.binary(max_size=300),
    st.sampled_from(
        [
            b"{}",
            b'{"sender":"a","message":"hi"}',
            b"0\r\n\r\n",
            b"5\r\nhello\r\n0\r\n\r\n",
            b"[" * 5000,
            b'{"a":' * 3000,
        ]
    ),
)


# 120 per server in `make test`; FUZZ_EXAMPLES=2000 for a longer soak before a release.
FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))


@st.composite
def mutated_requests(draw) -> bytes:
    method, path = draw(METHODS), draw(st.sampled_from(PATHS))
    version = draw(st.sampled_from(["HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2", "HTTP/1.1 extra", "http/1.1", ""]))
    headers = draw(st.lists(st.tuples(st.sampled_from(HEADER_NAMES), HEADER_VALUES), max_size=8))
    body = draw(BODIES)
    line_end = draw(st.sampled_from(["\r\n", "\r\n", "\r\n", "\n", "\r"]))
    head = f"{method} {path} {version}{line_end}" + "".join(f"{k}: {v}{line_end}" for k, v in headers)
    raw = head.encode("latin-1", "replace") + line_end.encode() + body
    # Byte-level damage: flip, drop or insert a few bytes anywhere.
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        if not raw:
            break
        at = draw(st.integers(min_value=0, max_value=len(raw) - 1))
        op = draw(st.sampled_from(["flip", "drop", "insert"]))
        byte = bytes([draw(st.integers(min_value=0, max_value=255))])
        raw = raw[:at] + (byte if op != "drop" else b"") + raw[at + (0 if op == "insert" else 1) :]
    return raw


@pytest.mark.parametrize("server", ["rasa", "actions"])
def test_generated_malformed_requests_never_get_a_5xx_or_stall_a_server(servers, server):
    port = servers.ports[server]
    seen: Dict[str, int] = {}

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=mutated_requests())
    def check(data: bytes) -> None:
        def send_then_close(sock: socket.socket) -> None:
            sock.sendall(data)
            time.sleep(0.05)
            sock.shutdown(socket.SHUT_WR)  # an incomplete request ends here instead of at the deadline

        result = exchange(port, b"", timeout=4, send=send_then_close)
        seen[str(result.status)] = seen.get(str(result.status), 0) + 1
        assert result.status is None or result.status < 500, (data[:300], result)
        assert not result.timed_out, (data[:300], result)
        assert_answering(servers, repr(data[:120]))

    check()
    print(f"{server}: status codes of generated requests {dict(sorted(seen.items()))}")


# -- JSON limits -------------------------------------------------------------------------
DEEP = 1000


@pytest.mark.parametrize(
    "name,body",
    [
        ("deep body", "[" * DEEP + "]" * DEEP),
        (
            "deep metadata",
            json.dumps({"sender": "deep-meta", "message": "hi", "metadata": json.loads("[" * 50 + "]" * 50)}),
        ),
        (
            "deep metadata (1000)",
            '{"sender": "deep-meta", "message": "hi", "metadata": {"a": ' + "[" * DEEP + "]" * DEEP + "}}",
        ),
        ("many keys", json.dumps({"sender": "keys", "message": "hi", "metadata": {f"k{i}": i for i in range(2000)}})),
        (
            "deep button payload",
            json.dumps({"sender": "deep-button", "message": '/ask_topic{"topic": ' + "[" * 500 + "]" * 500 + "}"}),
        ),
    ],
)
def test_json_over_the_limits_is_a_friendly_400(servers, name, body):
    r = requests.post(servers.bot.url, data=body.encode(), headers={"Content-Type": "application/json"}, timeout=10)
    assert r.status_code == 400, (name, r.status_code, r.text[:300])
    assert "Sorry" in r.json()["error"] or "nested" in r.json()["error"], r.text
    assert_answering(servers, name)


def test_deep_json_to_telegram_and_slack_is_a_400(servers):
    deep = b'{"update_id": 1, "message": ' + b"[" * DEEP + b"]" * DEEP + b"}"
    r = requests.post(
        servers.base + "/webhooks/telegram/webhook",
        data=deep,
        timeout=10,
        headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    assert r.status_code == 400, r.text[:300]
    r = slack_post(servers, b'{"type": "event_callback", "event": ' + b"[" * DEEP + b"]" * DEEP + b"}")
    assert r.status_code == 400, r.text[:300]
    assert_answering(servers, "deep Telegram and Slack bodies")


def test_deep_json_to_the_action_server_is_a_400(servers):
    r = requests.post(
        f"http://127.0.0.1:{servers.ports['actions']}/webhook",
        params={"token": servers.token},
        data=b'{"tracker": ' + b"[" * DEEP + b"]" * DEEP + b"}",
        timeout=10,
    )
    assert r.status_code == 400, r.text[:300]


def test_deep_json_on_the_widget_socket_is_dropped(servers):
    client = WidgetClient(servers.base)
    try:
        client.sio.emit(
            "user_uttered",
            {
                "message": "what causes eyelid twitching",
                "session_id": client.session_id,
                "customData": json.loads("[" * 100 + "]" * 100),
            },
        )
        assert client.texts_until(lambda t: bool(t), timeout=3) == []  # dropped unparsed: no answer
        client.sio.emit("user_uttered", {"message": "what causes eyelid twitching", "session_id": client.session_id})
        assert "eyelid" in "\n".join(client.texts_until(lambda t: bool(t))).lower()
    finally:
        client.close()
    assert_answering(servers, "deep widget packet")


def test_a_sender_id_that_carries_personal_data_is_refused(servers):
    for sender in [EMAIL, PHONE_DIGITS, "line\nbreak", "a b", "x" * 256, "<script>"]:
        r = requests.post(servers.bot.url, json={"sender": sender, "message": "hi"}, timeout=10)
        assert r.status_code == 400, (sender, r.text)


def test_the_client_cannot_choose_its_input_channel(servers):
    sender = "channel-" + uuid.uuid4().hex
    r = requests.post(
        servers.bot.url, json={"sender": sender, "message": "hello", "input_channel": "slack"}, timeout=30
    )
    assert r.status_code == 200
    import sqlite3

    with sqlite3.connect(servers.bot.db_path) as db:
        channels = {
            row[0]
            for row in db.execute(
                "select json_extract(data, '$.input_channel') from events where sender_id = ? and type_name = 'user'",
                (sender,),
            )
        }
    assert channels == {"rest"}


def test_no_personal_data_reaches_either_log(servers):
    """Runs last: phone numbers and e-mails in every field of every channel, then both logs."""
    pii = f"call me on {PHONE} or {PHONE_DIGITS}, or mail {EMAIL}"
    bot = servers.bot
    sender = "pii-" + uuid.uuid4().hex
    requests.post(
        bot.url,
        json={
            "sender": sender,
            "message": f"my eyelid twitches, {pii}",
            "metadata": {"phone": PHONE, "email": EMAIL, "note": pii},
        },
        timeout=30,
    )
    requests.post(bot.url, json={"sender": sender, "message": f'/ask_topic{{"topic": "{pii}"}}'}, timeout=30)
    requests.post(bot.url, json={"sender": sender, "message": f"/ask_topic{{broken {pii}"}, timeout=30)
    requests.post(bot.url, json={"sender": sender, "message": f"/{EMAIL}"}, timeout=30)
    requests.post(bot.url, json={"sender": EMAIL, "message": pii}, timeout=30)  # refused sender
    requests.post(bot.url, data=f'{{"sender": "{EMAIL}", "message": {pii}'.encode(), timeout=30)  # invalid JSON
    requests.post(
        bot.url + f"?phone={PHONE_DIGITS}&email={EMAIL}", json={"sender": sender, "message": "hi"}, timeout=30
    )
    requests.get(servers.base + f"/webhooks/widget/{EMAIL}", timeout=10)
    exchange(
        servers.ports["rasa"],
        request("POST", f"/webhooks/rest/webhook?{EMAIL}", {"Content-Length": "-5", "X-Email": EMAIL}, b"x"),
    )
    client = WidgetClient(servers.base)
    try:
        client.sio.emit(
            "user_uttered",
            {"message": pii, "session_id": client.session_id, "customData": {"email": EMAIL, "phone": PHONE}},
        )
        client.texts_until(lambda t: bool(t))
        client.sio.emit("user_uttered", {"message": pii, "session_id": EMAIL})
    finally:
        client.close()
    update = telegram_update(4242, pii)
    update["message"]["from"].update(first_name=EMAIL, last_name=PHONE, username="jane_doe")
    requests.post(
        servers.base + "/webhooks/telegram/webhook",
        json=update,
        timeout=30,
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    slack_post(servers, json.dumps(slack_event("DPII", pii)).encode())
    requests.post(
        f"http://127.0.0.1:{servers.ports['actions']}/webhook",
        params={"token": servers.token},
        json={
            "next_action": "action_help",
            "sender_id": EMAIL,
            "tracker": {"sender_id": EMAIL, "latest_message": {"text": pii}, "events": [], "slots": {"note": pii}},
            "domain": {},
        },
        timeout=10,
    )
    requests.post(
        f"http://127.0.0.1:{servers.ports['actions']}/webhook",
        params={"token": "wrong-" + EMAIL},
        data=pii.encode(),
        timeout=10,
    )
    time.sleep(3)  # replies to the Telegram and Slack messages are sent after their webhook answered
    assert_answering(servers, "the personal data run")
    for name, path in servers.logs.items():
        text = path.read_text(errors="replace")
        assert "DEBUG" in text, f"the {name} log is not at debug level: the test would prove little"
        leaks = [line for line in text.splitlines() if LEAKS.search(line)]
        assert not leaks, f"{len(leaks)} lines of the {name} log hold personal data, e.g.:\n" + "\n".join(leaks[:5])


def test_report_the_slowest_answers(servers):
    print(f"slowest follow-up answers during the attacks: {SLOWEST}")
    assert all(v < FOLLOW_UP_LIMIT_S for v in SLOWEST.values())
