"""Guarded HTTP/1.1 request framing for Sanic 21.12 (the version Rasa 3.6 pins).

Replaces: the `Http` class that `sanic.server.protocols.http_protocol` instantiates for
every connection (one module attribute), with `GuardedHttp`, a subclass that keeps all of
Sanic's parsing and adds checks around it. Nothing else in Sanic is touched.

Why (each found against the running servers, each in tests/e2e/test_http_fuzz.py):
- `Content-Length: -5` is accepted by `int()`; `Http.read` then slices the buffer with a
  negative length forever without awaiting: the event loop spins at 100% CPU and the
  process answers nothing again (SIGTERM cannot stop it). Also `+5`, `5_0`, ` 5`.
- a non-numeric `Content-Length`, or a `Transfer-Encoding` other than exactly `chunked`
  without a length, raised ValueError/KeyError outside Sanic's parse guard: HTTP 500.
- several differing `Content-Length` values, or both `Content-Length` and
  `Transfer-Encoding` (request smuggling behind a proxy), were accepted.
- a request line with bytes outside ASCII (`\\x80ET /`, `GET /\\x80`) gave HTTP 500 "An error
  occurred while handling an error", or a dropped connection and an "uncaught" log record.
- chunk sizes like `0x10`, `+1f`, `1_0` were accepted (Python's `int(..., 16)`).
- `Expect: 100-continue` was answered "continue" before the size limit was checked.
- an unknown `Expect` value with bytes outside UTF-8 (`Expect:\\x800`) is echoed in Sanic's 417
  message, which then could not be written: HTTP 500 "An error occurred while handling an error".
- time limits were idle timeouts reset by every byte: a client sending a byte every few
  seconds (slowloris) held a request open for hours.

What `GuardedHttp` adds, all answered with a 4xx and the connection closed:
- the method must be a token and the target visible ASCII (400);
- `Content-Length` must be digits only, with one value (400), at most the server's
  REQUEST_MAX_SIZE (413, before any "100 Continue");
- `Transfer-Encoding` must be exactly one `chunked` and never come with `Content-Length`
  (400); chunk sizes must be 1-8 hex digits (400);
- at most `max_header_count` header lines (431);
- Sanic's own 4xx for the head keeps its status, with undecodable bytes in its message replaced;
- the whole head and body must arrive within `receive_deadline_s` of the first byte of the
  request (408), however slowly they trickle in.
Measured gain: a single 40-byte request no longer takes the server down (before: 100% CPU
until SIGKILL); cost: one regular-expression check per header value and one timer per read.
"""

from __future__ import annotations

import asyncio
import re
from time import monotonic
from typing import Optional

from sanic.exceptions import InvalidUsage, PayloadTooLarge, RequestTimeout, SanicException
from sanic.http import Http
from sanic.server.protocols import http_protocol

_CONTENT_LENGTH = re.compile(r"[0-9]{1,15}")
_METHOD = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]{1,20}")  # an RFC 9110 token
_TARGET = re.compile(r"[\x21-\x7e]{1,8192}")  # visible ASCII, no spaces
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,8}")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes Sanic decoded with errors="surrogateescape"
MAX_CHUNK_LINE = 64  # Sanic's own limit on a chunk-size line


class HeaderFieldsTooLarge(SanicException):
    """**Status**: 431 Request Header Fields Too Large"""

    status_code = 431
    quiet = True


class GuardedHttp(Http):
    """Sanic's `Http` with strict request framing and a deadline for receiving a request."""

    # No __touchup__ here: Sanic's TouchUp recompiles the methods a class lists from their
    # source, and only Http's own list is meant for that (the parent methods we call are).
    __slots__ = ("receive_deadline",)
    receive_deadline_s = 10.0
    max_header_count = 100

    def __init__(self, protocol) -> None:  # type: ignore[no-untyped-def]
        super().__init__(protocol)
        self.receive_deadline: Optional[float] = None
        self._receive_more = self._receive_more_before_deadline

    def init_for_request(self) -> None:
        super().init_for_request()
        self.receive_deadline = None  # idle keep-alive waits are Sanic's KEEP_ALIVE_TIMEOUT

    async def _receive_more_before_deadline(self) -> None:
        if self.receive_deadline is None:
            await self.protocol.receive_more()
            return
        remaining = self.receive_deadline - monotonic()
        if remaining <= 0:
            self._refuse()
            raise RequestTimeout("Request Timeout: the request did not arrive in time")
        # As Sanic's own timeouts do (HttpProtocol.check_timeouts): set the exception to answer
        # with, then cancel the connection's task. Awaiting receive_more() in this task keeps
        # its clear-then-wait atomic (wrapping it in asyncio.wait_for would start it one loop
        # turn late, and data arriving in between would be missed).
        timer = self.protocol.loop.call_later(remaining, self._expire, asyncio.current_task())
        try:
            await self.protocol.receive_more()
        finally:
            timer.cancel()

    def _expire(self, task: "Optional[asyncio.Task]") -> None:
        self._refuse()
        self.exception = RequestTimeout("Request Timeout: the request did not arrive in time")
        if task is not None:
            task.cancel()

    async def http1_request_header(self) -> None:
        # The first bytes of this request are in the buffer: the deadline starts now.
        self.receive_deadline = monotonic() + self.receive_deadline_s
        try:
            await Http.http1_request_header(self)
        except SanicException as e:
            self._refuse()
            if self.request is None:
                self._forget_request_line()
            if _UNDECODED.search(str(e)):
                # Sanic echoes a header in its message ("Unknown Expect: <value>"); bytes that are not
                # UTF-8 (kept as surrogates) made writing the answer itself fail (HTTP 500).
                raise type(e)(_UNDECODED.sub("\ufffd", str(e))) from e
            raise
        except Exception as e:  # int("abc"), "gzip" without a length, an undecodable or
            self._refuse()  # unparsable target (httptools' HttpParserInvalidURLError)
            self._forget_request_line()
            raise InvalidUsage("Bad Request: malformed request head") from e
        if not (_METHOD.fullmatch(self.request.method) and _TARGET.fullmatch(self.url or "")):
            self._refuse()
            self._forget_request_line()
            raise InvalidUsage("Bad Request: malformed request line")
        try:
            self._check_framing()
        except SanicException:
            self._refuse()
            raise

    def _refuse(self) -> None:
        """After a framing error nothing more can be read from this connection reliably."""
        self.keep_alive = False
        self.request_body = None
        self.expecting_continue = False

    def _forget_request_line(self) -> None:
        """Sanic answers errors through a stand-in request built from `self.url` (and the
        request, when one was made); undecodable bytes there made that answer itself fail
        (HTTP 500 "An error occurred while handling an error", or no answer at all)."""
        self.request = None
        self.url = None

    def _check_framing(self) -> None:
        headers = self.request.headers
        if len(headers) > self.max_header_count:
            raise HeaderFieldsTooLarge("Request Header Fields Too Large")
        lengths = [v.strip() for v in headers.getall("content-length", [])]
        encodings = [v.strip() for v in headers.getall("transfer-encoding", [])]
        if lengths and encodings:
            raise InvalidUsage("Bad Request: both Content-Length and Transfer-Encoding")
        if encodings and encodings != ["chunked"]:
            raise InvalidUsage("Bad Request: only Transfer-Encoding: chunked is supported")
        if lengths:
            if not all(_CONTENT_LENGTH.fullmatch(v) for v in lengths) or len(set(lengths)) != 1:
                raise InvalidUsage("Bad Request: invalid Content-Length")
            if int(lengths[0]) > self.protocol.request_max_size:
                raise PayloadTooLarge("Request body exceeds the size limit")

    async def read(self) -> Optional[bytes]:
        if self.request_bytes_left == 0 and self.request_body == "chunked":
            await self._check_chunk_size_line()
        return await Http.read(self)

    async def _check_chunk_size_line(self) -> None:
        """The next chunk-size line is CRLF, 1-8 hex digits, optional extensions, CRLF."""
        buf = self.recv_buffer
        while (end := buf.find(b"\r\n", 2)) == -1:
            if len(buf) > MAX_CHUNK_LINE:
                break  # Sanic's read() refuses it
            await self._receive_more()
        if end == -1:
            return
        size = bytes(buf[2:end]).split(b";", 1)[0].strip()
        if buf[:2] != b"\r\n" or not _CHUNK_SIZE.fullmatch(size):
            self._refuse()
            raise InvalidUsage("Bad chunked encoding")


def configure(receive_deadline_s: float, max_header_count: int = 100) -> None:
    """The limits GuardedHttp applies (the settings HTTP_RECEIVE_DEADLINE_S; 100 header lines)."""
    GuardedHttp.receive_deadline_s = float(receive_deadline_s)
    GuardedHttp.max_header_count = int(max_header_count)


def installed() -> bool:
    return http_protocol.Http is GuardedHttp


from rasa_patches import Patch  # noqa: E402  (the package imports this module lazily)

PATCH = Patch(
    name="sanic_http",
    owner=http_protocol,
    attribute="Http",
    replacement=GuardedHttp,
    replaces="sanic.server.protocols.http_protocol.Http (the per-connection HTTP/1.1 parser)",
    why="malformed request framing (Content-Length: -5, smuggling, slowloris, non-ASCII request "
    "lines) put the event loop into a busy loop, gave 500s or held requests open for hours",
    gain="a 40-byte request no longer takes a server down (before: 100% CPU until SIGKILL); "
    "cost: one regular-expression check per header and one timer per read",
)
