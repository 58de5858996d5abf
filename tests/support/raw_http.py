"""HTTP/1.1 over a raw socket, for tests that send what no HTTP client library would.

`exchange` sends bytes exactly as given and reads one response (or notices that the server
closed the connection or said nothing in time). `ATTACKS` is the table of malformed framings
the servers must refuse with a 4xx or a closed connection (docs/security.md lists them).
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Callable, Dict, Optional, Set, Tuple

CRLF = b"\r\n"


@dataclass
class Exchange:
    status: Optional[int]  # None: no status line (connection closed, or nothing in time)
    seconds: float  # from the last byte sent to the end of the response (or giving up)
    timed_out: bool  # the server neither answered nor closed within the timeout
    body: bytes = b""


def _read_response(sock: socket.socket, deadline: float) -> Tuple[Optional[int], bytes, bool]:
    data = b""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return _status(data), data, True
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return _status(data), data, True
        except (ConnectionResetError, BrokenPipeError):
            return _status(data), data, False
        if not chunk:
            return _status(data), data, False
        data += chunk
        while data.startswith(b"HTTP/1.1 100"):  # interim "100 Continue": the real answer follows
            end = data.find(CRLF * 2)
            if end == -1:
                break
            data = data[end + 4 :]
        if _complete(data):
            return _status(data), data, False


def _status(data: bytes) -> Optional[int]:
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def _complete(data: bytes) -> bool:
    head_end = data.find(CRLF * 2)
    if head_end == -1:
        return False
    head = data[:head_end].lower()
    body = data[head_end + 4 :]
    for line in head.split(CRLF):
        if line.startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    if b"transfer-encoding: chunked" in head:
        return body.endswith(b"0\r\n\r\n")
    return True  # no body announced


def exchange(
    port: int,
    data: bytes,
    timeout: float = 5.0,
    host: str = "127.0.0.1",
    send: Optional[Callable[[socket.socket], None]] = None,
) -> Exchange:
    """Send `data` (or run `send` on the socket) and read one response within `timeout` s."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        try:
            if send is not None:
                send(sock)
            else:
                sock.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed early (a refusal); what it said is still readable
        started = time.monotonic()
        status, raw, timed_out = _read_response(sock, started + timeout)
        return Exchange(status, time.monotonic() - started, timed_out, raw.partition(CRLF * 2)[2])


def request(method: str, path: str, headers: Dict[str, str], body: bytes = b"", version: str = "HTTP/1.1") -> bytes:
    head = f"{method} {path} {version}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    return head.encode("latin-1") + CRLF + body


def post(path: str, body: bytes, **extra: str) -> bytes:
    headers = {"Host": "127.0.0.1", "Content-Type": "application/json", "Content-Length": str(len(body))}
    headers.update({k.replace("_", "-"): v for k, v in extra.items()})
    return request("POST", path, headers, body)


# Status codes that count as a refusal: any 4xx, or None when the server closed the connection.
REFUSED = set(range(400, 500)) | {None}


def attacks(path: str, body: bytes, max_body: int) -> Dict[str, Tuple[bytes, Set[Optional[int]]]]:
    """Malformed framings of a POST to `path` (each must be refused: 4xx or closed)."""
    n = len(body)
    host = "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"

    def raw(headers: str, payload: bytes = body) -> bytes:
        return f"POST {path} HTTP/1.1\r\n{host}{headers}\r\n".encode("latin-1") + payload

    chunked = "Transfer-Encoding: chunked\r\n"
    return {
        "negative Content-Length": (raw("Content-Length: -5\r\n"), {400}),
        "Content-Length -1 with no body": (raw("Content-Length: -1\r\n", b""), {400}),
        "non-numeric Content-Length": (raw("Content-Length: abc\r\n"), {400}),
        "Content-Length with a plus sign": (raw(f"Content-Length: +{n}\r\n"), {400}),
        "Content-Length with an underscore": (raw("Content-Length: 1_0\r\n"), {400}),
        "hexadecimal Content-Length": (raw(f"Content-Length: {hex(n)}\r\n"), {400}),
        "empty Content-Length": (raw("Content-Length: \r\n"), {400}),
        "two differing Content-Lengths": (raw(f"Content-Length: {n}\r\nContent-Length: {n + 1}\r\n"), {400}),
        "comma-separated Content-Lengths": (raw(f"Content-Length: {n}, {n}\r\n"), {400}),
        "huge Content-Length": (raw("Content-Length: 99999999999999999999999\r\n"), {400}),
        "Content-Length over the size limit": (raw(f"Content-Length: {max_body + 1}\r\n", b""), {413}),
        "Expect 100-continue over the size limit": (
            raw(f"Content-Length: {max_body * 10}\r\nExpect: 100-continue\r\n", b""),
            {413},
        ),
        "unknown Expect": (raw(f"Content-Length: {n}\r\nExpect: something\r\n"), {417}),
        # Sanic echoes the value in its error message; undecodable there, the answer itself failed (500).
        "unknown Expect with a byte outside UTF-8": (raw(f"Content-Length: {n}\r\nExpect:\x800\r\n"), {417}),
        "Content-Length and Transfer-Encoding": (
            raw(f"Content-Length: {n}\r\n{chunked}", f"{n:x}\r\n".encode() + body + b"\r\n0\r\n\r\n"),
            {400},
        ),
        "Transfer-Encoding gzip": (raw("Transfer-Encoding: gzip\r\n"), {400}),
        "Transfer-Encoding gzip, chunked": (raw("Transfer-Encoding: gzip, chunked\r\n"), {400}),
        "Transfer-Encoding in capitals": (raw("Transfer-Encoding: CHUNKED\r\n"), {400}),
        "two Transfer-Encodings": (raw(f"{chunked}{chunked}", b"0\r\n\r\n"), {400}),
        "chunk size 0x-prefixed": (raw(chunked, b"0x5\r\nhello\r\n0\r\n\r\n"), {400}),
        "chunk size with a sign": (raw(chunked, b"+5\r\nhello\r\n0\r\n\r\n"), {400}),
        "negative chunk size": (raw(chunked, b"-5\r\nhello\r\n0\r\n\r\n"), {400}),
        "non-hex chunk size": (raw(chunked, b"zz\r\nhello\r\n0\r\n\r\n"), {400}),
        "over-long chunk size line": (raw(chunked, b"1" * 200 + b"\r\n"), {400}),
        "chunk over the size limit": (raw(chunked, f"{max_body + 1:x}\r\n".encode()), {413}),
        "chunk data longer than its size": (raw(chunked, b"2\r\nhello\r\n0\r\n\r\n"), REFUSED),
        "header without a colon": (raw(f"Content-Length: {n}\r\nnot a header\r\n"), {400}),
        "oversized header": (raw(f"Content-Length: {n}\r\nX-Big: {'a' * 20000}\r\n"), {413}),
        "too many headers": (raw(f"Content-Length: {n}\r\n" + "".join(f"X-H{i}: 1\r\n" for i in range(150))), {431}),
        "bad request line": (b"POST\r\n\r\n", {400}),
        "non-ASCII method": (raw(f"Content-Length: {n}\r\n").replace(b"POST", b"\x80OST", 1), {400}),
        "non-ASCII request target": (raw(f"Content-Length: {n}\r\n").replace(b" HTTP/1.1", b"\x80 HTTP/1.1", 1), {400}),
        "control character in the target": (
            raw(f"Content-Length: {n}\r\n").replace(b" HTTP/1.1", b"\x01 HTTP/1.1", 1),
            {400},
        ),
        "non-ASCII target and unknown version": (
            raw(f"Content-Length: {n}\r\n").replace(b" HTTP/1.1", b"\xff HTTP/9.9", 1),
            {400},
        ),
        "unknown HTTP version": (
            f"POST {path} HTTP/9.9\r\n{host}Content-Length: {n}\r\n\r\n".encode() + body,
            {400, 505},
        ),
        "HTTP/2 preface": (b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", {400}),
        "binary garbage": (bytes(range(256)) * 4 + b"\r\n\r\n", {400}),
    }
