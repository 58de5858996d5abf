"""The website chat widget: a socket.io channel limited to allowed origins, and its assets.

- WidgetSocketInput: Rasa's socket.io channel, with CORS/socket origins taken from
  ALLOWED_ORIGINS and a working session persistence (a reloaded page keeps its
  conversation: the browser sends its stored session id and rejoins that room).
  Buttons keep their `"multiple": true` flag, so the widget shows a multi-select question
  as options to tick plus a Send button (channels/choices.py).
- WidgetAssetsInput: serves widget.js, widget.css, the demo clinic page (and its logo) at
  /webhooks/widget/ (no CDN: the widget has no third-party dependencies), and config.json:
  the clinic's name, branding, first screen and emergency line (twitchcare/widget_config.py).
- A triage result that carries its card is sent as the card alone (the widget draws it as one
  result); its text twin is for the channels that show text.
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.choices import MULTIPLE_KEY, is_option
from twitchcare.screening import screen_message, valid_sender_id
from twitchcare.settings import SETTINGS
from twitchcare.widget_config import widget_config

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "widget_static"
CONTENT_TYPES = {
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
}


class WidgetSocketOutput(SocketIOOutput):
    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        await super().send_response(recipient_id, without_card_text(message))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # Rasa 3.6 calls emit(evt, **json_message): a TypeError on python-socketio 5 for any
        # custom dict ({"topic"...}, {"triage"...}) that cut the turn short. Send the dict as the payload.
        await self.sio.emit(self.bot_message_evt, json_message, room=recipient_id)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        for message in messages_with_quick_replies(text, buttons):
            await self._send_message(recipient_id, message)


def without_card_text(message: Dict[Text, Any]) -> Dict[Text, Any]:
    """A bot message as the widget gets it: a triage result with its card loses its text (the
    card holds the same words, verdict first); any other message is left as it is."""
    custom = message.get("custom")
    triage = custom.get("triage") if isinstance(custom, dict) else None
    if isinstance(triage, dict) and isinstance(triage.get("card"), dict) and message.get("text"):
        return {key: value for key, value in message.items() if key != "text"}
    return message


def messages_with_quick_replies(text: Text, buttons: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """The socket.io messages for a text with buttons: Rasa 3.6's, plus the multi-select flag.

    As in Rasa, one message per paragraph and the buttons (as quick_replies) on the last one.
    Rasa keeps only title and payload; `"multiple": true` is kept so the widget can show the
    options as a multi-select (channels/choices.py).
    """
    messages: List[Dict[Text, Any]] = [{"text": part, "quick_replies": []} for part in text.strip().split("\n\n")]
    replies = []
    for button in buttons:
        reply = {"content_type": "text", "title": button.get("title", ""), "payload": button.get("payload", "")}
        if is_option(button):
            reply[MULTIPLE_KEY] = True
        replies.append(reply)
    messages[-1]["quick_replies"] = replies
    return messages


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
        # Hardening: no socket.io packet larger than an HTTP request may be (MAX_REQUEST_BYTES).
        sio.eio.max_http_buffer_size = SETTINGS.max_request_bytes
        # socket.io packets are parsed with the JSON shape limits of REST bodies: rasa_patches.socketio_json.

        # (data=None, *_: a client may send no argument or several; hardening, never a TypeError)
        async def session_request(sid: Text, data: Optional[Dict] = None, *_: Any) -> None:
            # Rasa 3.6 calls enter_room without await on python-socketio 5, so the
            # browser never joins its session room; this handler replaces it.
            data = data if isinstance(data, dict) else {}
            # Hardening: a session id that is not a sane string gets a new one (never a crash).
            session_id = _session_id(data.get("session_id")) or uuid.uuid4().hex
            if self.session_persistence:
                await sio.enter_room(sid, session_id, namespace=self.namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def handle_message(sid: Text, data: Optional[Dict] = None, *_: Any) -> None:
            # Rasa's handler, with the output channel that can send custom messages.
            data = data if isinstance(data, dict) else {}
            if self.session_persistence and not _session_id(data.get("session_id")):
                logger.warning("socket.io message without a valid session_id ignored")
                return
            sender_id = data["session_id"] if self.session_persistence else sid
            out = WidgetSocketOutput(sio, self.bot_message_evt)
            # Hardening (channels/rest.py): only text, cleaned; empty or too long gets a friendly reply.
            message = data.get("message", "")
            screened = screen_message(message if isinstance(message, str) else "")
            if screened.notice:
                await out.send_text_message(sender_id, screened.notice)
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            metadata = metadata if isinstance(metadata, dict) else {}
            await on_new_message(
                UserMessage(screened.text, out, sender_id, input_channel=self.name(), metadata=metadata)
            )

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

        @bp.route("/config.json", methods=["GET"])
        async def config(request: Request) -> HTTPResponse:
            # Public wording and branding, read by the widget on the clinic's own pages.
            headers = {"Cache-Control": "no-cache", "Vary": "Origin"}
            origin = request.headers.get("origin", "")
            if origin in SETTINGS.allowed_origins:
                headers["Access-Control-Allow-Origin"] = origin
            return response.json(widget_config(SETTINGS.clinic, SETTINGS.emergency_number), headers=headers)

        @bp.route("/<name>", methods=["GET"])
        async def asset(_: Request, name: Text) -> HTTPResponse:
            # "/webhooks/widget/" reaches this route with an empty name: that is the demo page too.
            return await _file(name or "demo.html")

        return bp


def _session_id(value: Any) -> Optional[Text]:
    """The session id when it is a usable string (a room name and the conversation id), else None."""
    if valid_sender_id(value):
        return value  # type: ignore[return-value]
    return None


async def _file(name: Text) -> HTTPResponse:
    try:
        path = (STATIC_DIR / name).resolve()
        found = path.parent == STATIC_DIR and path.is_file() and path.suffix in CONTENT_TYPES
    except (OSError, ValueError):  # hardening: NUL bytes, over-long names... are simply not found
        found = False
    if not found:
        return response.json({"error": "not found"}, status=404)
    return response.text(
        path.read_text(encoding="utf-8"), content_type=CONTENT_TYPES[path.suffix], headers={"Cache-Control": "no-cache"}
    )
