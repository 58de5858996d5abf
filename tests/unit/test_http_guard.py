"""rasa_patches.sanic_http against the live Sanic it patches.

Two bare Sanic apps run side by side (tests/support/echo_server.py), one with Sanic's own
`Http`, one with `GuardedHttp`: every well-formed request gets the same answer from both,
every malformed framing is refused by the guarded one, and the original still has the flaws
the patch exists for (if a Sanic release fixed them, this says the patch can go).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from typing import Dict, Iterator

import pytest

import rasa_patches
from launcher.processes import free_port
from rasa_patches import sanic_http
from twitchcare.settings import SETTINGS
from tests.support.echo_server import MAX_BODY
from tests.support.raw_http import CRLF, REFUSED, attacks, exchange, post, request
from twitchcare.settings import PROJECT_ROOT as ROOT


# A deadline, not a count of tries: on a busy machine (two cores shared with a training run) the
# echo server's imports alone took longer than 200 short tries.
START_DEADLINE_S = 60.0


def _wait_listening(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_DEADLINE_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, "echo server exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("echo server did not start")


@pytest.fixture(scope="module")
def servers() -> Iterator[Dict[str, int]]:
    ports, procs = {}, []
    for mode in ("original", "guarded"):
        ports[mode] = free_port()
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.support.echo_server", str(ports[mode]), mode],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        for mode, proc in zip(ports, procs):
            _wait_listening(ports[mode], proc)
        yield ports
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


BODY = json.dumps({"sender": "a", "message": "my eyelid twitches"}).encode()
WELL_FORMED = {
    "GET": request("GET", "/x", {"Host": "h"}),
    "GET with a query": request("GET", "/x?a=1&b=%20", {"Host": "h"}),
    "POST with Content-Length": post("/webhook", BODY),
    "POST with an empty body": post("/webhook", b""),
    "POST with Content-Length padded by spaces": request(
        "POST", "/w", {"Host": "h", "Content-Length": f" {len(BODY)} "}, BODY
    ),
    "POST chunked": request(
        "POST",
        "/w",
        {"Host": "h", "Transfer-Encoding": "chunked"},
        b"5\r\nhello\r\n1A;ext=1\r\n" + b"z" * 26 + b"\r\n0\r\n\r\n",
    ),
    "POST chunked in pieces": request(
        "POST", "/w", {"Host": "h", "Transfer-Encoding": "chunked"}, b"3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n"
    ),
    "POST at the size limit": post("/w", b"x" * MAX_BODY),
    "Expect 100-continue within the limit": post("/w", BODY, Expect="100-continue"),
    "HTTP/1.0": request("GET", "/x", {"Host": "h"}, version="HTTP/1.0"),
    "many headers within the limit": request("GET", "/x", {"Host": "h", **{f"X-{i}": "v" for i in range(90)}}),
    "mixed-case header names": request("POST", "/w", {"HOST": "h", "content-LENGTH": str(len(BODY))}, BODY),
}


@pytest.mark.parametrize("name", WELL_FORMED)
def test_well_formed_requests_are_answered_exactly_as_sanic_does(servers, name):
    original = exchange(servers["original"], WELL_FORMED[name])
    guarded = exchange(servers["guarded"], WELL_FORMED[name])
    assert original.status == 200, original
    assert (guarded.status, guarded.body) == (original.status, original.body)


def test_pipelined_requests_on_one_connection_are_answered_in_order(servers):
    two = post("/first", BODY) + post("/second", b"{}")
    for port in servers.values():
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(two)
            received = b""
            while received.count(b'"path"') < 2:
                chunk = sock.recv(65536)
                assert chunk, received
                received += chunk
        assert received.index(b'"first"') < received.index(b'"second"')


ATTACKS = attacks("/webhook", BODY, MAX_BODY)


@pytest.mark.parametrize("name", ATTACKS)
def test_malformed_framing_is_refused_and_the_server_keeps_answering(servers, name):
    data, expected = ATTACKS[name]
    result = exchange(servers["guarded"], data, timeout=5)
    assert not result.timed_out, f"{name}: no answer in 5 s"
    assert result.status in expected, (name, result)
    follow_up = exchange(servers["guarded"], post("/after", BODY), timeout=2)
    assert follow_up.status == 200, follow_up


def test_the_original_still_has_the_flaws_the_patch_is_for(servers):
    """Sanic 21.12 as pinned: a non-numeric length is a 500, and a negative one hangs the
    process for good. Run last on the original server: it never answers again."""
    assert exchange(servers["original"], ATTACKS["non-numeric Content-Length"][0], timeout=3).status == 500
    assert exchange(servers["original"], b"\x80ET /webhook HTTP/1.1\r\n\r\n", timeout=3).status == 500
    assert (
        exchange(servers["original"], ATTACKS["unknown Expect with a byte outside UTF-8"][0], timeout=3).status == 500
    )
    assert exchange(servers["original"], ATTACKS["control character in the target"][0], timeout=3).status is None
    exchange(servers["original"], ATTACKS["negative Content-Length"][0], timeout=1)
    assert exchange(servers["original"], post("/after", BODY), timeout=2).timed_out


def test_a_request_trickling_in_is_cut_off_at_the_deadline(servers):
    """One header byte every 0.5 s never trips an idle timeout; the 3 s deadline does."""
    head = post("/slow", BODY)

    def trickle(sock: socket.socket) -> None:
        for i in range(len(head)):
            try:
                sock.sendall(head[i : i + 1])
            except OSError:
                return  # closed by the server: the deadline worked
            time.sleep(0.5)

    started = time.monotonic()
    result = exchange(servers["guarded"], b"", timeout=10, send=trickle)
    assert result.status in REFUSED and time.monotonic() - started < 8, result
    assert exchange(servers["guarded"], post("/after", BODY), timeout=2).status == 200


def test_a_stalled_body_is_cut_off(servers):
    def stall(sock: socket.socket) -> None:
        sock.sendall(post("/slow", BODY)[:-10])  # head and most of the body, then nothing

    result = exchange(servers["guarded"], b"", timeout=10, send=stall)
    assert result.status == 408 and result.seconds < 6, result


def test_install_refuses_another_sanic_version(monkeypatch):
    monkeypatch.setitem(rasa_patches.PINNED, "sanic", "0.0.1")
    with pytest.raises(rasa_patches.UnsupportedVersion, match="sanic==0.0.1"):
        rasa_patches.install("actions")


def test_install_replaces_only_the_connection_class(monkeypatch):
    from sanic.http import Http
    from sanic.server.protocols import http_protocol

    monkeypatch.setattr(http_protocol, "Http", Http)
    monkeypatch.setattr(sanic_http.GuardedHttp, "receive_deadline_s", sanic_http.GuardedHttp.receive_deadline_s)
    assert rasa_patches.install("actions") == [sanic_http.PATCH]
    assert http_protocol.Http is sanic_http.GuardedHttp and sanic_http.installed()
    assert sanic_http.PATCH.original is Http
    assert issubclass(sanic_http.GuardedHttp, Http)
    assert sanic_http.GuardedHttp.receive_deadline_s == SETTINGS.http_receive_deadline_s
    assert "__touchup__" not in vars(sanic_http.GuardedHttp)  # Sanic must not recompile our methods


def test_chunk_line_constant_matches_sanic():
    """GuardedHttp waits for a chunk-size line as long as Sanic's read() does (64 bytes)."""
    import inspect

    from sanic.http import Http

    assert f"len(buf) > {sanic_http.MAX_CHUNK_LINE}" in inspect.getsource(Http.read)
    assert CRLF == b"\r\n"


@pytest.mark.parametrize("pause_s", [0.0, 0.05, 0.5])
def test_head_and_body_sent_separately_on_a_kept_alive_connection(servers, pause_s):
    """HTTP clients (aiohttp: Rasa's calls to the action server) write the head and the body
    separately and reuse the connection; the body arriving just after the head must be read."""
    answers = {}
    for mode, port in servers.items():
        if mode == "original":
            continue
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for turn in range(3):
                message = post(f"/turn{turn}", BODY)
                head, _, body = message.partition(CRLF * 2)
                sock.sendall(head + CRLF * 2)
                time.sleep(pause_s)
                sock.sendall(body)
                received = b""
                while not received.endswith(b"}"):
                    chunk = sock.recv(65536)
                    assert chunk, received
                    received += chunk
                answers[(mode, turn)] = received.partition(CRLF * 2)[2]
                assert received.startswith(b"HTTP/1.1 200"), received
    assert all(f'"turn{t}"'.encode() in answers[("guarded", t)] for t in range(3))
