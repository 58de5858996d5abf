"""The website chat widget: a socket.io channel limited to allowed origins, and its assets.

- WidgetSocketInput: Rasa's socket.io channel, with CORS/socket origins taken from
  ALLOWED_ORIGINS and a working session persistence (a reloaded page keeps its
  conversation: the browser sends its stored session id and rejoins that room).
- WidgetAssetsInput: serves widget.js, widget.css and a demo clinic page at
  /webhooks/widget/ (no CDN: the widget has no third-party dependencies).
"""
from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "widget_static"
CONTENT_TYPES = {".js": "application/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".html": "text/html; charset=utf-8"}


class WidgetSocketOutput(SocketIOOutput):
    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # Rasa 3.6 calls emit(evt, **json_message): a TypeError on python-socketio 5 for any
        # custom dict ({"topic"...}, {"triage"...}) that cut the turn short. Send the dict as the payload.
        await self.sio.emit(self.bot_message_evt, json_message, room=recipient_id)


class WidgetSocketInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def get_output_channel(self) -> Optional[OutputChannel]:
        return WidgetSocketOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = super().blueprint(on_new_message)
        sio = self.sio
        # Only the clinic's own pages may open a socket (browsers enforce it via CORS).
        sio.eio.cors_allowed_origins = list(SETTINGS.allowed_origins)

        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            # Rasa 3.6 calls enter_room without await on python-socketio 5, so the
            # browser never joins its session room; this handler replaces it.
            data = data if isinstance(data, dict) else {}
            session_id = data.get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: Text, data: Optional[Dict]) -> None:
            # Rasa's handler, with the output channel that can send custom messages.
            data = data if isinstance(data, dict) else {}
            if self.session_persistence and not data.get("session_id"):
                logger.warning("socket.io message without a session_id ignored")
                return
            sender_id = data["session_id"] if self.session_persistence else sid
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                metadata = json.loads(metadata)
            await on_new_message(UserMessage(data.get("message", ""), WidgetSocketOutput(sio, self.bot_message_evt),
                                             sender_id, input_channel=self.name(), metadata=metadata))

        sio.on("session_request", handler=session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, handler=handle_message, namespace=self.namespace)
        return bp


class WidgetAssetsInput(InputChannel):
    """Not a chat channel: it only serves the widget files and the demo page."""

    @classmethod
    def name(cls) -> Text:
        return "widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("widget_assets", __name__)

        @bp.route("/", methods=["GET"])
        async def demo(_: Request) -> HTTPResponse:
            return await _file("demo.html")

        @bp.route("/<name>", methods=["GET"])
        async def asset(_: Request, name: Text) -> HTTPResponse:
            # "/webhooks/widget/" reaches this route with an empty name: that is the demo page too.
            return await _file(name or "demo.html")

        return bp


async def _file(name: Text) -> HTTPResponse:
    path = (STATIC_DIR / name).resolve()
    if path.parent != STATIC_DIR or not path.is_file() or path.suffix not in CONTENT_TYPES:
        return response.json({"error": "not found"}, status=404)
    return response.text(path.read_text(encoding="utf-8"), content_type=CONTENT_TYPES[path.suffix],
                         headers={"Cache-Control": "no-cache"})
