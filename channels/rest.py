"""REST channel with input checks, and the request size limits of the whole server.

`HardenedRestInput` replaces Rasa's stock `rest` channel (launcher/config.py) at the
same URL, POST /webhooks/rest/webhook, with the same reply format (the list of bot
messages, or newline-delimited JSON with ?stream=true). What it adds:

- The body must be a JSON object with a string `sender` (the conversation id: 1-255
  letters, digits and `_ . : = -`, and nothing that reads as a phone number or e-mail,
  which would then be stored and logged as the id) and a string `message`; `metadata`,
  when present, must be an object. Anything else (invalid JSON, binary, wrong types,
  missing fields, JSON nested deeper than MAX_JSON_DEPTH or with more than MAX_JSON_KEYS
  keys) gets 400 `{"error": "..."}`, never a 500.
- `input_channel` is this channel's name: a client cannot claim to be another channel.
- The message is cleaned and screened (twitchcare/screening.py): an empty message, one
  longer than MAX_MESSAGE_CHARS (twitchcare.settings, default 2000), or a button payload
  (`/intent{...}`) whose JSON is over the shape limits gets a friendly reply saying so
  and never reaches the model (REST answers the last with 400).
- Bodies larger than MAX_REQUEST_BYTES (default 64 KiB) are refused by Sanic with 413
  before they are read. The limit is set on the whole Rasa server from this channel's
  blueprint (`apply_server_limits`), because REST always runs: it covers every channel,
  the widget's socket.io path and the HTTP API when enabled.
- A turn whose client has already closed the connection is not handled (channels/connection.py):
  behind nginx it was a turn to a hung replica, retried and answered on another one.
- If handling the message raises before anything was said, the person gets the
  "technical problem" apology with the emergency number (twitchcare.render), not [].
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Text, Union

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse, ResponseStream

from channels.connection import reply_if_client_gone
from twitchcare import json_limits
from twitchcare.render import technical_problem_text
from twitchcare.screening import MAX_SENDER_CHARS, screen_message, valid_sender_id
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)


def apply_server_limits(app: Any) -> None:
    """The request body and websocket frame limits of the whole Rasa server."""
    app.config.REQUEST_MAX_SIZE = SETTINGS.max_request_bytes
    app.config.WEBSOCKET_MAX_SIZE = SETTINGS.max_request_bytes
    # Sanic's idle timeout while a request arrives (the total is HTTP_RECEIVE_DEADLINE_S).
    app.config.REQUEST_TIMEOUT = SETTINGS.http_receive_deadline_s
    # Sanic's access log is formatted from fields the log masking cannot reach (full URLs with
    # their query strings); the reverse proxy in front logs requests (deploy/).
    app.config.ACCESS_LOG = False


class BadRequest(ValueError):
    """Answered with 400 and the message."""


def _read_request(request: Request) -> Dict[Text, Any]:
    """sender, message, metadata and input_channel of a REST request; BadRequest if malformed."""
    try:
        body = json_limits.loads(request.body or b"", SETTINGS.max_json_depth, SETTINGS.max_json_keys)
    except json_limits.JsonTooComplex as e:
        raise BadRequest(
            f"Sorry, I couldn't read that request: {e}. Send {{\"sender\": \"<conversation id>\", "
            "\"message\": \"<text>\"}."
        ) from e
    except (ValueError, TypeError) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BadRequest("the body must be JSON: {\"sender\": \"<conversation id>\", \"message\": \"<text>\"}") from e
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object with \"sender\" and \"message\"")
    sender = body.get("sender")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not valid_sender_id(sender):
        raise BadRequest(
            f"\"sender\" must be the conversation id: 1-{MAX_SENDER_CHARS} letters, digits or "
            "_ . : = - (an opaque id, never a phone number or e-mail address)"
        )
    message = body.get("message")
    if not isinstance(message, str):
        raise BadRequest("\"message\" must be a string (the text the person typed)")
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest("\"metadata\" must be a JSON object when given")
    return {"sender": sender, "message": message, "metadata": metadata}


class HardenedRestInput(RestInput):
    """Rasa's REST channel (name "rest", same URL and replies) with the checks above."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        bp = Blueprint("custom_webhook_HardenedRestInput", __name__)

        # main_process_start runs before Sanic builds its protocol (the websocket frame limit
        # is read then); before_server_start covers servers started without it.
        @bp.listener("main_process_start")
        async def limits_main(app: Any, _: Any) -> None:
            apply_server_limits(app)

        @bp.listener("before_server_start")
        async def limits(app: Any, _: Any) -> None:
            apply_server_limits(app)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/health", methods=["GET"])
        async def liveness(request: Request) -> HTTPResponse:
            """Liveness and readiness for probes: answered by the event loop itself (a hung or
            busy-looping process cannot answer it), 503 until the model is loaded."""
            agent = getattr(request.app.ctx, "agent", None)
            ready = bool(agent is not None and agent.is_ready())
            return response.json(
                {"status": "ok" if ready else "loading", "model_loaded": ready}, status=200 if ready else 503
            )

        @bp.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> Union[ResponseStream, HTTPResponse]:
            try:
                fields = _read_request(request)
            except BadRequest as e:
                # The reason is the project's own fixed wording (never the body): safe to log.
                logger.warning("REST request refused (400): %s", e)
                return response.json({"error": str(e)}, status=400)
            sender = fields["sender"]
            stream = request.args.get("stream", "false").lower() == "true"
            screened = screen_message(fields["message"])
            if screened.error == "payload_too_complex":
                return response.json({"error": screened.notice}, status=400)
            if screened.notice:
                collector = CollectingOutputChannel()
                await collector.send_response(
                    sender,
                    {
                        "text": screened.notice,
                        "custom": {"error": screened.error, "max_chars": SETTINGS.max_message_chars},
                    },
                )
                return _reply(collector.messages, stream)
            if (gone := reply_if_client_gone(request, "REST turn")) is not None:
                return gone
            input_channel = self.name()
            if stream:
                return response.stream(
                    self.stream_response(on_new_message, screened.text, sender, input_channel, fields["metadata"]),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        screened.text, collector, sender, input_channel=input_channel, metadata=fields["metadata"]
                    )
                )
            except (Exception, asyncio.CancelledError):  # noqa: BLE001 - an apology, never a 500 or silence
                logger.exception("Error while handling a REST message from %s", sender)
                if not collector.messages:
                    await collector.send_text_message(sender, technical_problem_text(SETTINGS.emergency_number))
            return response.json(collector.messages)

        return bp


def _reply(messages: List[Dict[Text, Any]], stream: bool) -> HTTPResponse:
    if stream:  # what ?stream=true clients read: one JSON message per line
        return response.text("".join(json.dumps(m) + "\n" for m in messages), content_type="text/event-stream")
    return response.json(messages)
