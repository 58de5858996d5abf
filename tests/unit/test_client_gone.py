"""A webhook request whose client has already closed the connection is not handled
(channels/connection.py): behind nginx it is a turn to a hung replica that was retried and
answered on another one, and handling it again would store the turn twice.

`client_gone` is checked on real loopback TCP connections; each channel's webhook on a real
in-process Sanic server: a request sent and abandoned while the server's event loop could not
run (as in a hung replica) never reaches Rasa, the same request kept open does. The scale-out
version, with a SIGSTOPped replica behind nginx, is tests/scale's
test_turn_abandoned_on_a_hung_replica_is_not_handled_when_it_resumes.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import socket
import struct
import time
import uuid
from contextlib import contextmanager
from typing import Callable, Iterator, List, Optional, Tuple

import pytest
from sanic import Sanic
from sanic.touchup import TouchUp

from channels import rest, slack, telegram
from channels.connection import client_gone
from tests.support import raw_http


class FakeTransport:
    def __init__(self, sock: Optional[socket.socket], closing: bool = False) -> None:
        self.sock, self.closing = sock, closing

    def is_closing(self) -> bool:
        return self.closing

    def get_extra_info(self, name: str):
        return self.sock if name == "socket" else None


class FakeRequest:
    def __init__(self, transport: Optional[FakeTransport]) -> None:
        self.transport = transport


@contextmanager
def tcp_pair() -> Iterator[Tuple[socket.socket, socket.socket]]:
    """(server side, client side) of one loopback TCP connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    server, _ = listener.accept()
    listener.close()
    try:
        yield server, client
    finally:
        server.close()
        client.close()


def _nothing(client: socket.socket) -> None:
    pass


def _close(client: socket.socket) -> None:
    client.close()


def _half_close(client: socket.socket) -> None:
    client.shutdown(socket.SHUT_WR)


def _reset(client: socket.socket) -> None:
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


def _next_request(client: socket.socket) -> None:
    client.sendall(b"GET / HTTP/1.1\r\n\r\n")


def _next_request_then_close(client: socket.socket) -> None:
    client.sendall(b"GET / HTTP/1.1\r\n\r\n")
    client.close()


@pytest.mark.parametrize(
    "client_does, gone",
    [
        (_nothing, False),  # waiting for the reply
        (_close, True),  # nginx after its read timeout
        (_half_close, True),  # end of stream: Sanic cancels such a request too
        (_reset, True),
        (_next_request, False),  # pipelining: bytes wait, the client is there
        (_next_request_then_close, False),  # unread bytes first: not told apart, handled as before
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_client_gone_on_a_real_connection(client_does: Callable, gone: bool) -> None:
    with tcp_pair() as (server, client):
        client_does(client)
        time.sleep(0.05)  # let the FIN or RST arrive
        assert client_gone(FakeRequest(FakeTransport(server))) is gone
        # a peek only: whatever the client sent is still there to read
        server.setblocking(False)
        if client_does in (_next_request, _next_request_then_close):
            assert server.recv(100) == b"GET / HTTP/1.1\r\n\r\n"


@pytest.mark.parametrize(
    "request_, gone",
    [
        (FakeRequest(None), False),  # no transport: cannot tell, handled as before
        (FakeRequest(FakeTransport(None)), False),
        (FakeRequest(FakeTransport(None, closing=True)), True),
        (object(), False),
    ],
    ids=["no transport", "no socket", "transport closing", "not a request"],
)
def test_client_gone_without_a_socket(request_, gone: bool) -> None:
    assert client_gone(request_) is gone


def test_client_gone_on_a_closed_socket_cannot_tell() -> None:
    with tcp_pair() as (server, _client):
        transport = FakeTransport(server)
    assert client_gone(FakeRequest(transport)) is False  # EBADF: not a reason to drop a turn


# -- each channel's webhook on a real Sanic server ------------------------------------------
SLACK_SECRET = "test-signing-secret"
TELEGRAM_SECRET = "test-telegram-secret"


def _rest_request() -> Tuple[object, str, bytes, dict]:
    body = json.dumps({"sender": "gone-test", "message": "hello"}).encode()
    return rest.HardenedRestInput(), "rest", body, {"Content-Type": "application/json"}


def _telegram_request() -> Tuple[object, str, bytes, dict]:
    channel = telegram.TelegramChannel("123456:" + "A" * 35, "twitch_bot", None, secret_token=TELEGRAM_SECRET)
    update = {
        "update_id": int(uuid.uuid4().int % 10**9),
        "message": {
            "message_id": 1,
            "from": {"id": 42, "is_bot": False, "first_name": "T"},
            "chat": {"id": 42, "type": "private"},
            "date": int(time.time()),
            "text": "hello",
        },
    }
    headers = {"Content-Type": "application/json", telegram.SECRET_HEADER: TELEGRAM_SECRET}
    return channel, "telegram", json.dumps(update).encode(), headers


def _slack_request() -> Tuple[object, str, bytes, dict]:
    channel = slack.SlackChannel("xoxb-test", SLACK_SECRET, "http://127.0.0.1:9/api/", 1.0)
    body = json.dumps(
        {
            "type": "event_callback",
            "authorizations": [{"user_id": "UBOT", "is_bot": True}],
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": "D1",
                "user": "U1",
                "text": "hello",
                "ts": f"{time.time():.6f}",
            },
        }
    ).encode()
    ts = str(int(time.time()))
    digest = hmac.new(SLACK_SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}
    return channel, "slack", body, headers


async def _webhook_run(make: Callable, abandon: bool, caplog) -> List[str]:
    """Serve the channel's blueprint; send one webhook request, abandoned or kept open; return
    the texts that reached Rasa (on_new_message)."""
    channel, prefix, body, headers = make()
    received: List[str] = []

    async def on_new_message(message) -> None:
        received.append(message.text)

    Sanic.test_mode = True
    app = Sanic(f"gone_{prefix}_{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix=f"/webhooks/{prefix}")
    server = await app.create_server(host="127.0.0.1", port=0, return_asyncio_server=True)
    await server.startup()
    port = server.server.sockets[0].getsockname()[1]
    request = raw_http.post(f"/webhooks/{prefix}/webhook", body, Connection="close", **headers)
    try:
        if abandon:
            # blocking calls: the event loop cannot run meanwhile, like a hung replica's
            with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
                raw.sendall(request)
            deadline = time.monotonic() + 5
            while "closed the connection first" not in caplog.text and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            assert "closed the connection first" in caplog.text, "the abandoned request was not dropped"
        else:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request)
            reply = await asyncio.wait_for(reader.read(), 10)
            writer.close()
            assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
        await asyncio.sleep(0.2)  # Slack hands the message over in a background task
    finally:
        server.close()
        await server.wait_closed()
    return received


_MISSING = object()


@pytest.fixture
def sanic_classes_untouched() -> Iterator[None]:
    """Starting a Sanic app recompiles some methods of Sanic's own classes in place (TouchUp:
    Http.read and others), for the whole process. Put them back afterwards, so that the other
    tests (tests/unit/test_http_guard.py reads Http.read's source) see Sanic as installed."""
    names = {(target, n) for target, name in TouchUp._registry for n in (name, f"_{name}", "__touched__")}
    saved = {(target, n): vars(target).get(n, _MISSING) for target, n in names}
    yield
    for (target, n), value in saved.items():
        if value is _MISSING:
            if n in vars(target):
                delattr(target, n)
        else:
            setattr(target, n, value)


@pytest.mark.usefixtures("sanic_classes_untouched")
@pytest.mark.parametrize("make", [_rest_request, _telegram_request, _slack_request], ids=["rest", "telegram", "slack"])
@pytest.mark.parametrize("abandon", [True, False], ids=["abandoned", "kept open"])
def test_webhook_abandoned_by_its_client_never_reaches_rasa(make, abandon, caplog, monkeypatch) -> None:
    async def no_registration(self, out) -> bool:  # Telegram's setWebhook would leave 127.0.0.1
        return False

    monkeypatch.setattr(telegram.TelegramChannel, "register_webhook", no_registration)
    caplog.set_level(logging.INFO, logger="channels")
    received = asyncio.run(_webhook_run(make, abandon, caplog))
    assert received == ([] if abandon else ["hello"])
