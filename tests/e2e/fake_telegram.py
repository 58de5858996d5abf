"""A tiny fake Telegram Bot API on 127.0.0.1 that records every call.

    with FakeTelegram(bot_username="twitchbot") as api:
        ... point TELEGRAM_API_BASE at api.base_url ...
        api.calls("sendMessage")  # [{"method", "token", "body"}, ...]

It answers like Telegram ({"ok": true, "result": ...}) for setWebhook, sendMessage,
editMessageText, editMessageReplyMarkup, answerCallbackQuery and getMe, and with a 404
error for any other method. Bodies sent as JSON, urlencoded or multipart forms are all
recorded as a dict; form fields holding JSON (reply_markup, allowed_updates) are decoded.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any, Callable, Dict, List, Optional

from aiohttp import web


class FakeTelegram:
    def __init__(self, bot_username: str = "twitchbot"):
        self.bot_username = bot_username
        self.port: Optional[int] = None
        self._calls: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: Optional[web.AppRunner] = None
        self._message_id = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> "FakeTelegram":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)  # a free port, chosen by the OS
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self) -> "FakeTelegram":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- what was called ---------------------------------------------------------------
    def calls(self, method: Optional[str] = None) -> List[Dict[str, Any]]:
        with self._lock:
            return [dict(c) for c in self._calls if method is None or c["method"] == method]

    def wait_for(self, predicate: Callable[[List[Dict[str, Any]]], Any], timeout: float = 30) -> Any:
        """Wait until predicate(all calls) is truthy; return its value (or fail with the calls)."""
        deadline = time.monotonic() + timeout
        while True:
            result = predicate(self.calls())
            if result:
                return result
            if time.monotonic() > deadline:
                raise AssertionError(f"fake Telegram: condition not met in {timeout}s; calls: {self.calls()}")
            time.sleep(0.1)

    # -- the API -----------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await self._body(request)
        with self._lock:
            self._calls.append({"method": method, "token": request.match_info["token"], "body": body})
        result = self._result(method, body)
        if result is None:
            return web.json_response(
                {"ok": False, "error_code": 404, "description": "Not Found: method not found"}, status=404
            )
        return web.json_response({"ok": True, "result": result})

    @staticmethod
    async def _body(request: web.Request) -> Dict[str, Any]:
        if request.content_type == "application/json":
            data = await request.json()
            return data if isinstance(data, dict) else {"_json": data}
        form = await request.post()
        body: Dict[str, Any] = {}
        for key, value in form.items():
            value = value if isinstance(value, str) else "<file>"
            if value[:1] in ("{", "["):
                try:
                    value = json.loads(value)
                except ValueError:
                    pass
            body[key] = value
        return body

    def _result(self, method: str, body: Dict[str, Any]) -> Any:
        if method in ("setWebhook", "answerCallbackQuery", "deleteWebhook"):
            return True
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return True  # Telegram returns the edited message (True for inline ones); the channel ignores it
        if method == "getMe":
            return {"id": 123, "is_bot": True, "first_name": "Twitch assistant", "username": self.bot_username}
        if method == "sendMessage":
            with self._lock:
                self._message_id += 1
                message_id = self._message_id
            chat_id = body.get("chat_id")
            message = {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(chat_id) if str(chat_id).lstrip("-").isdigit() else chat_id, "type": "private"},
                "from": {"id": 123, "is_bot": True, "first_name": "Twitch assistant", "username": self.bot_username},
                "text": body.get("text", ""),
            }
            if isinstance(body.get("reply_markup"), dict):
                message["reply_markup"] = body["reply_markup"]
            return message
        return None
