"""Slack channel: Events API messages and button clicks in, Block Kit messages out.

Configured from twitchcare.settings (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET,
SLACK_API_BASE, CHANNEL_TIMEOUT_S); the credentials file only switches it on
(launcher/config.py). Endpoint: POST /webhooks/slack/webhook, used both for
event subscriptions and for interactivity (deploy/slack-app-manifest.yml).

In: every request must carry a valid Slack signature (v0 HMAC-SHA256 with the
signing secret, timestamp within 5 minutes) or it is refused with 401 and not
read. Answers url_verification; takes direct messages (message.im) and mentions
(app_mention), ignoring bot messages, edits and Slack's retries; takes button
clicks (block_actions) as user messages. Bodies that are not what Slack sends get
400. Slack is acknowledged at once and the message handled in the background.

Out: text as mrkdwn sections, buttons as an actions block (value = payload), the
custom twins through twitchcare.render.channel_text (nothing for "" and never raw
JSON), an emergency triage headline as a header block. When Slack cannot be
reached the failure is logged and the server carries on.

Multi-select questions (buttons with "multiple": true, channels/choices.py): the options
become checkboxes with a "Send" button in one actions block, the other buttons stay
buttons. Ticking a box sends nothing; Send reads the ticked boxes from the click's
state.values and sends their titles as one user message (so no state is kept here).
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Coroutine, Dict, List, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.shared.exceptions import InvalidConfigException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.choices import answer_text, split_options
from channels.connection import reply_if_client_gone
from twitchcare.screening import screen_message
from twitchcare import json_limits
from twitchcare.render import channel_text
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)

# Block Kit limits (https://api.slack.com/reference/block-kit/blocks).
MAX_SECTION_CHARS = 3000
MAX_HEADER_CHARS = 150
MAX_BUTTON_TITLE_CHARS = 75
MAX_BUTTON_VALUE_CHARS = 2000
MAX_ACTIONS_PER_BLOCK = 25
MAX_CHECKBOX_OPTIONS = 10
MAX_OPTION_TEXT_CHARS = 75
MAX_OPTION_VALUE_CHARS = 150
# The multi-select's actions block and its elements (one checkboxes element per 10 options).
MULTI_SELECT_BLOCK = "multi_select"
CHECKBOXES_ACTION = "multi_select_options"
SEND_ACTION = "multi_select_send"
SEND_TITLE = "Send"
NOTHING_TICKED = "Tick one or more boxes first, or click another answer."
# Recent (channel, ts) pairs, so a message delivered twice is answered once.
REMEMBERED_MESSAGES = 1000


class BadRequest(ValueError):
    """The body is not something Slack sends; answered with 400."""


# -- Block Kit ----------------------------------------------------------------------------
def escape(text: Text) -> Text:
    """Slack's three control characters in mrkdwn and fallback text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: Text, limit: int) -> Text:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _chunks(text: Text, limit: int) -> List[Text]:
    """Paragraphs packed into pieces of at most `limit` characters."""
    pieces: List[Text] = []
    for paragraph in text.strip().split("\n\n"):
        while len(paragraph) > limit:
            cut = paragraph.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            pieces.append(paragraph[:cut])
            paragraph = paragraph[cut:].lstrip()
        if pieces and len(pieces[-1]) + 2 + len(paragraph) <= limit:
            pieces[-1] += "\n\n" + paragraph
        elif paragraph.strip():
            pieces.append(paragraph)
    return pieces


def text_blocks(text: Text) -> List[Dict[Text, Any]]:
    return [
        {"type": "section", "text": {"type": "mrkdwn", "text": piece}}
        for piece in _chunks(escape(text), MAX_SECTION_CHARS)
    ]


def button_blocks(buttons: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    elements = []
    for i, button in enumerate(buttons):
        payload = str(button.get("payload") or "")
        element = {
            "type": "button",
            "action_id": f"button_{i}",
            "text": {
                "type": "plain_text",
                "emoji": True,
                "text": _clip(str(button.get("title") or payload), MAX_BUTTON_TITLE_CHARS),
            },
        }
        if payload:
            element["value"] = payload[:MAX_BUTTON_VALUE_CHARS]
        elements.append(element)
    return [
        {"type": "actions", "elements": elements[i : i + MAX_ACTIONS_PER_BLOCK]}
        for i in range(0, len(elements), MAX_ACTIONS_PER_BLOCK)
    ]


def question_blocks(buttons: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """A question's answers: the multi-select (if any), then the one-tap buttons as button_blocks."""
    options, singles = split_options(buttons)
    return multi_select_blocks(options) + button_blocks(singles)


def multi_select_blocks(options: List[Dict[Text, Any]]) -> List[Dict[Text, Any]]:
    """One actions block: checkboxes for the options (value = title) and a Send button; [] without options."""
    titles = [str(b.get("title") or "") for b in options]
    items = [
        {
            "text": {"type": "plain_text", "emoji": True, "text": _clip(title, MAX_OPTION_TEXT_CHARS)},
            "value": title[:MAX_OPTION_VALUE_CHARS],
        }
        for title in titles
        if title
    ]
    if not items:
        return []
    elements: List[Dict[Text, Any]] = [
        {"type": "checkboxes", "action_id": f"{CHECKBOXES_ACTION}_{n}", "options": items[i : i + MAX_CHECKBOX_OPTIONS]}
        for n, i in enumerate(range(0, len(items), MAX_CHECKBOX_OPTIONS))
    ]
    elements.append(
        {
            "type": "button",
            "action_id": SEND_ACTION,
            "style": "primary",
            "text": {"type": "plain_text", "emoji": True, "text": SEND_TITLE},
        }
    )
    return [{"type": "actions", "block_id": MULTI_SELECT_BLOCK, "elements": elements}]


def _ticked_by_element(state: Any) -> Dict[tuple, List[Text]]:
    """{(block_id, action_id): ticked values} for every checkboxes element in a click's state.values."""
    values = state.get("values") if isinstance(state, dict) else None
    ticked: Dict[tuple, List[Text]] = {}
    for block_id, elements in values.items() if isinstance(values, dict) else ():
        for action_id, element in elements.items() if isinstance(elements, dict) else ():
            chosen = element.get("selected_options") if isinstance(element, dict) else None
            if isinstance(chosen, list) and element.get("type") == "checkboxes":
                ticked[(block_id, action_id)] = [
                    o["value"] for o in chosen if isinstance(o, dict) and isinstance(o.get("value"), str)
                ]
    return ticked


def ticked_titles(state: Any, blocks: Any = None) -> List[Text]:
    """The ticked options' values (their titles) from a click's state, in the order the message shows them."""
    ticked = _ticked_by_element(state)
    titles: List[Text] = []
    for block in blocks if isinstance(blocks, list) else ():
        elements = block.get("elements") if isinstance(block, dict) else None
        for element in elements if isinstance(elements, list) else ():
            key = (block.get("block_id"), element.get("action_id")) if isinstance(element, dict) else None
            chosen = ticked.pop(key, None) if key and all(isinstance(k, str) for k in key) else None
            if chosen:
                options = element.get("options") if isinstance(element.get("options"), list) else []
                shown = [o["value"] for o in options if isinstance(o, dict) and o.get("value") in chosen]
                titles += shown or chosen
    # Boxes the message's blocks do not show (Slack sent none): in the order Slack gave them.
    return titles + [value for rest in ticked.values() for value in rest]


def headline_blocks(line: Text, emergency: bool) -> List[Dict[Text, Any]]:
    """A triage headline: a header block for an emergency, bold text otherwise."""
    if not emergency:
        return text_blocks(f"*{line}*")
    header = "\U0001f6a8 " + line
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "emoji": True, "text": _clip(header, MAX_HEADER_CHARS)}}
    ]
    return blocks if len(header) <= MAX_HEADER_CHARS else blocks + text_blocks(line)


# -- out ----------------------------------------------------------------------------------
class SlackOutput(SlackBot):
    """Posts to one channel (and thread) with the configured API base and timeout."""

    def __init__(
        self, token: Text, slack_channel: Optional[Text], thread_id: Optional[Text], api_base: Text, timeout: float
    ) -> None:
        super().__init__(token, slack_channel, thread_id)
        self.client = AsyncWebClient(token=token, base_url=api_base, timeout=timeout)
        self._unreachable = False

    async def _call(self, method: Text, **kwargs: Any) -> bool:
        """One Web API call; failures are logged, never raised into the dialogue."""
        if self._unreachable:  # don't wait for the timeout once per message of this reply
            return False
        try:
            await self.client.api_call(method, json=kwargs)
            return True
        except SlackApiError as e:
            logger.error("Slack refused %s to %s: %s", method, kwargs.get("channel"), e.response.get("error"))
        except Exception as e:  # network down, timeout, an answer that is not Slack's
            self._unreachable = True
            logger.error("Slack API unreachable (%s: %s); dropping the rest of this reply", type(e).__name__, e)
        return False

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self._call("chat.postMessage", channel=channel, **kwargs)

    async def _post_blocks(self, recipient_id: Text, fallback: Text, blocks: List[Dict]) -> None:
        if blocks:
            await self._post_message(
                self.slack_channel or recipient_id, text=_clip(escape(fallback), 3000), blocks=blocks
            )

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._post_blocks(recipient_id, text, text_blocks(text))

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._post_blocks(recipient_id, text, text_blocks(text) + question_blocks(buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        line = channel_text(json_message)
        if line:
            emergency = (json_message.get("triage") or {}).get("level") == "emergency"
            await self._post_blocks(recipient_id, line, headline_blocks(line, emergency))

    async def tell(self, channel: Text, user: Text, text: Text) -> None:
        """A note only `user` sees (chat.postEphemeral), e.g. why a click did nothing."""
        kwargs = {"thread_ts": self.thread_id} if self.thread_id else {}
        await self._call("chat.postEphemeral", channel=channel, user=user, text=escape(text), **kwargs)

    async def mark_chosen(self, channel: Text, ts: Text, message: Dict[Text, Any], title: Text) -> None:
        """Replace the clicked message's buttons by the choice, so old buttons can't be clicked again."""
        blocks = [b for b in message.get("blocks") or [] if isinstance(b, dict) and b.get("type") != "actions"]
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"You chose: *{escape(title)}*"}]})
        await self._call("chat.update", channel=channel, ts=ts, text=str(message.get("text") or title), blocks=blocks)


# -- in -----------------------------------------------------------------------------------
def _str(value: Any, what: Text) -> Text:
    if not isinstance(value, str) or not value:
        raise BadRequest(f"missing {what}")
    return value


def _dict(value: Any, what: Text) -> Dict[Text, Any]:
    if not isinstance(value, dict):
        raise BadRequest(f"{what} is not an object")
    return value


def _json_object(raw: Any, what: Text) -> Dict[Text, Any]:
    try:
        return _dict(json_limits.loads(raw), what)
    except (ValueError, TypeError) as e:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BadRequest(f"{what} is not JSON") from e


class SlackChannel(SlackInput):
    @classmethod
    def name(cls) -> Text:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not SETTINGS.slack_enabled:
            raise InvalidConfigException("The Slack channel needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.")
        return cls(
            SETTINGS.slack_bot_token, SETTINGS.slack_signing_secret, SETTINGS.slack_api_base, SETTINGS.channel_timeout_s
        )

    def __init__(
        self,
        slack_token: Text,
        slack_signing_secret: Text,
        api_base: Text = "https://slack.com/api/",
        timeout: float = 10.0,
    ) -> None:
        super().__init__(slack_token, slack_signing_secret=slack_signing_secret)
        self.api_base = api_base if api_base.endswith("/") else api_base + "/"
        self.timeout = timeout
        self._seen: "OrderedDict[tuple, None]" = OrderedDict()

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> SlackOutput:
        return SlackOutput(self.slack_token, channel or self.slack_channel, thread_id, self.api_base, self.timeout)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("slack_webhook", __name__)

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            # Rasa's check: v0 HMAC-SHA256 of "v0:{timestamp}:{body}", timestamp within 5 minutes.
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Refused a Slack webhook request without a valid signature")
                return response.json({"error": "invalid signature"}, status=401)
            if request.headers.get("X-Slack-Retry-Num"):
                # Every delivery is acknowledged at once, so a retry is a message already taken.
                return response.text("", headers={"X-Slack-No-Retry": "1"})
            if (gone := reply_if_client_gone(request, "Slack request")) is not None:  # a retried delivery
                return gone
            try:
                return self._handle(request, on_new_message)
            except BadRequest as e:
                logger.warning("Refused a malformed Slack request: %s", e)
                return response.json({"error": str(e)}, status=400)

        return bp

    def _handle(self, request: Request, on_new_message: Callable) -> HTTPResponse:
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(request.body.decode("utf-8"), strict_parsing=True)
            except ValueError as e:
                raise BadRequest("form body is malformed") from e
            payloads = form.get("payload") or []
            if len(payloads) != 1:
                raise BadRequest("form body without one payload")
            return self._on_interaction(_json_object(payloads[0], "payload"), on_new_message)

        body = _json_object(request.body, "body")
        kind = body.get("type")
        if kind == "url_verification":
            return response.json({"challenge": _str(body.get("challenge"), "challenge")})
        if kind == "event_callback":
            self._on_event(body, on_new_message)
        return response.text("")

    def _on_event(self, body: Dict[Text, Any], on_new_message: Callable) -> None:
        event = _dict(body.get("event"), "event")
        kind = event.get("type")
        if kind not in ("message", "app_mention") or event.get("bot_id") or event.get("subtype"):
            return  # our own posts, other bots, edits, deletions, joins...
        if kind == "message" and event.get("channel_type") != "im":
            return  # in channels the assistant answers only when mentioned
        user, channel = _str(event.get("user"), "event user"), _str(event.get("channel"), "event channel")
        text = event.get("text")
        if not isinstance(text, str):
            raise BadRequest("event text is not a string")
        bot_users = [
            a.get("user_id") for a in body.get("authorizations") or [] if isinstance(a, dict) and a.get("is_bot")
        ]
        text = self._sanitize_user_message(text, bot_users)  # drops "<@BOT>" mentions
        if not text or user in bot_users or self._already_seen(channel, event.get("ts")):
            return
        # A mention in a channel is answered in its thread; a DM in place (or in its thread).
        thread = event.get("thread_ts") or (event.get("ts") if kind == "app_mention" else None)
        self._dispatch(on_new_message, text, user, channel, thread)

    def _on_interaction(self, payload: Dict[Text, Any], on_new_message: Callable) -> HTTPResponse:
        if payload.get("type") != "block_actions":
            return response.text("")
        actions = payload.get("actions")
        if not isinstance(actions, list) or not actions or not isinstance(actions[0], dict):
            raise BadRequest("block_actions without actions")
        user = _str(_dict(payload.get("user"), "user").get("id"), "user id")
        container = payload.get("container") if isinstance(payload.get("container"), dict) else {}
        channel_info = payload.get("channel") if isinstance(payload.get("channel"), dict) else {}
        channel = _str(channel_info.get("id") or container.get("channel_id"), "channel id")
        action = actions[0]
        if action.get("type") == "checkboxes":
            return response.text("")  # a box ticked or unticked: only Send says something
        message = payload.get("message") if isinstance(payload.get("message"), dict) else {}
        thread = message.get("thread_ts")
        if action.get("action_id") == SEND_ACTION:
            value = answer_text(ticked_titles(payload.get("state"), message.get("blocks")))
            if not value:  # never an empty message: say why nothing happened
                self._spawn(self.get_output_channel(channel, thread).tell(channel, user, NOTHING_TICKED))
                return response.text("")
            shown = value
        else:
            if not self._is_interactive_message(payload):
                return response.text("")
            value = self._get_interactive_response(action)
            if not isinstance(value, str) or not value:
                return response.text("")  # a link button: nothing to say to the assistant
            label = action.get("text") if isinstance(action.get("text"), dict) else {}
            shown = str(label.get("text") or value)
        ts = container.get("message_ts") or message.get("ts")
        if ts and message:
            self._spawn(self.get_output_channel(channel, thread).mark_chosen(channel, ts, message, shown))
        self._dispatch(on_new_message, value, user, channel, thread)
        return response.text("")

    def _already_seen(self, channel: Text, ts: Any) -> bool:
        if not ts:
            return False
        key = (channel, str(ts))
        if key in self._seen:
            return True
        self._seen[key] = None
        if len(self._seen) > REMEMBERED_MESSAGES:
            self._seen.popitem(last=False)
        return False

    def _dispatch(
        self, on_new_message: Callable, text: Text, user: Text, channel: Text, thread: Optional[Text]
    ) -> None:
        # Hardening (channels/rest.py): cleaned text; an over-long one gets a friendly reply instead.
        screened = screen_message(text)
        if screened.notice:
            self._spawn(self.get_output_channel(channel, thread).send_text_message(channel, screened.notice))
            return
        text = screened.text
        message = UserMessage(
            text,
            self.get_output_channel(channel, thread),
            user,
            input_channel=self.name(),
            metadata={"out_channel": channel, "thread_id": thread},
        )
        self._spawn(on_new_message(message))

    def _spawn(self, coroutine: Coroutine) -> None:
        """Run in the background (Slack wants an answer within 3 seconds); keep a reference."""
        task = asyncio.create_task(coroutine)
        self._background_tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Future) -> None:
        self._background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("Handling a Slack message failed", exc_info=task.exception())
