"""A tiny fake of the Slack Web API on 127.0.0.1, for the Slack channel's end-to-end tests.

Every call to /api/<method> (chat.postMessage, chat.update, ...) is recorded with its
arguments and token and answered like Slack: {"ok": true, "channel": ..., "ts": ...}.
`down = True` makes it hang up without answering, as if Slack were unreachable.

    with FakeSlack() as slack:   # slack.api_base == "http://127.0.0.1:<port>/api/"
        ...
        call = slack.wait_for(lambda c: c["method"] == "chat.postMessage")
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, List, Optional
from urllib.parse import parse_qsl


class FakeSlack:
    def __init__(self) -> None:
        self.calls: List[Dict] = []
        self.dropped: List[str] = []  # methods called while down
        self.down = False
        self._changed = threading.Condition()
        self._ts = itertools.count(1)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.api_base = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> "FakeSlack":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()

    def calls_to(self, method: str, channel: Optional[str] = None) -> List[Dict]:
        with self._changed:
            return [
                c
                for c in self.calls
                if c["method"] == method and (channel is None or c["args"].get("channel") == channel)
            ]

    def wait_for(self, predicate: Callable[[Dict], bool], timeout: float = 60.0, after: int = 0) -> Dict:
        """The first recorded call (from index `after`) matching `predicate`; AssertionError on timeout."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for call in self.calls[after:]:
                    if predicate(call):
                        return call
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching Slack call in {timeout}s; calls: {self.calls[after:]}")
                self._changed.wait(left)

    def _record(self, call: Dict) -> Dict:
        with self._changed:
            call["ts"] = f"{int(time.time())}.{next(self._ts):06d}"
            self.calls.append(call)
            self._changed.notify_all()
        return call

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                method = self.path.split("?")[0].rsplit("/", 1)[-1]
                if fake.down:
                    fake.dropped.append(method)
                    self.close_connection = True  # hang up without an answer
                    return
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
                if (self.headers.get("Content-Type") or "").startswith("application/json"):
                    args = json.loads(raw or "{}")
                else:
                    args = dict(parse_qsl(raw))
                call = fake._record(
                    {"method": method, "args": args, "authorization": self.headers.get("Authorization", "")}
                )
                answer = {"ok": True, "channel": args.get("channel"), "ts": args.get("ts") or call["ts"]}
                if method in ("chat.postMessage", "chat.update"):
                    answer["message"] = {
                        "type": "message",
                        "text": args.get("text", ""),
                        "blocks": args.get("blocks", []),
                        "ts": answer["ts"],
                    }
                body = json.dumps(answer).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        return Handler


if __name__ == "__main__":
    with FakeSlack() as slack:
        print(f"fake Slack Web API at {slack.api_base} (Ctrl-C to stop)", flush=True)
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            print(json.dumps(slack.calls, indent=1))
