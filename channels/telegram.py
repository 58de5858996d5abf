"""Telegram channel: Rasa's TelegramInput/TelegramOutput, hardened and configured from SETTINGS.

- Every update must carry the secret Telegram sends in X-Telegram-Bot-Api-Secret-Token
  (registered with setWebhook); anything else gets 403 and is not processed.
  Malformed bodies get 400. Errors while answering are logged, never a 500 (a
  non-2xx answer makes Telegram resend the update over and over).
- The Bot API base URL (TELEGRAM_API_BASE) and the request timeout (CHANNEL_TIMEOUT_S)
  come from the settings; the credentials file values are ignored.
- Buttons become inline keyboards; a tapped button (callback_query) is answered and
  handled as the user's message (its payload).
- A multi-select question (buttons with "multiple": true, channels/choices.py) gets one
  toggle button per option and a "Done" button. A toggle only edits the keyboard (a tick
  before the title); Done sends the ticked titles as one user message and replaces the
  keyboard by the choice. The ticks live in the message's own keyboard, which Telegram sends
  back with every tap, so the server keeps no state.
- Custom payloads are shown with twitchcare.render.channel_text (or not at all), never
  as raw JSON. Text is sent as plain text (no parse mode), so nothing needs escaping.
- The webhook is registered in the background once the server has started; if Telegram
  cannot be reached, a warning is logged and everything else keeps serving.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, NamedTuple, Optional, Text

import aiohttp
from aiogram import Bot
from aiogram.bot.api import TelegramAPIServer, check_token
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.choices import answer_text, split_options
from channels.connection import reply_if_client_gone
from twitchcare.screening import screen_message
from twitchcare import json_limits
from twitchcare.render import channel_text
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ["message", "callback_query"]
MAX_TEXT_UNITS = 4096  # Telegram's limit for a message, in UTF-16 code units
MAX_CALLBACK_BYTES = 64  # Telegram's limit for callback_data
SHORT_BUTTON_TITLE = 12  # buttons this short share a row (up to 3), longer ones get their own
SEEN_UPDATES = 1000  # update_ids remembered to drop Telegram's re-deliveries
# Telegram sends these commands; they mean the same as these assistant inputs.
COMMANDS = {"/start": "/greet", "/help": "/help"}
API_ERRORS = (TelegramAPIError, aiohttp.ClientError, asyncio.TimeoutError, OSError)
# Multi-select keyboards. Payloads are "/intent..." or plain words, never "#...", so these
# callback_data values cannot be mistaken for a button's payload (and fit in 64 bytes).
TOGGLE_PREFIX = "#toggle:"  # + the option's index
DONE_DATA = "#done"
DONE_TITLE = "Done"
TICK = "\u2713 "  # before a ticked option's title
NOTHING_TICKED = "Tick one or more options first, or tap another answer."


class TelegramOutput(RasaTelegramOutput):
    """Sends plain-text messages with inline keyboards through the configured Bot API server."""

    def __init__(self, token: Text, api_base: Text, timeout_s: float) -> None:
        Bot.__init__(self, token, server=TelegramAPIServer.from_base(api_base), timeout=timeout_s)

    async def _send(self, recipient_id: Text, text: Text, reply_markup: Any = None) -> None:
        chunks = split_text(text)
        for i, chunk in enumerate(chunks):
            markup = reply_markup if i == len(chunks) - 1 else None
            try:
                await self.send_message(recipient_id, chunk, reply_markup=markup)
            except API_ERRORS as error:
                # One lost message must not abort the turn (the tracker would not be saved).
                logger.error("Telegram sendMessage to %s failed: %r", recipient_id, error)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, text)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        await self._send(recipient_id, text, inline_keyboard(buttons))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        text = channel_text(json_message)
        if text:
            await self._send(recipient_id, text)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self._send(recipient_id, f"Image: {image}")


def inline_keyboard(buttons: List[Dict[Text, Any]]) -> InlineKeyboardMarkup:
    """One button per row, or up to three per row when every title is short.

    The options of a multi-select question come first, one per row, then "Done"; the
    one-tap buttons follow as above.
    """
    options, singles = split_options(buttons)
    keys = [
        InlineKeyboardButton(str(b.get("title", "")), callback_data=_callback_data(b))
        for b in singles
        if b.get("title")
    ]
    width = 3 if all(len(k.text) <= SHORT_BUTTON_TITLE for k in keys) else 1
    markup = InlineKeyboardMarkup(row_width=width)
    for row in option_rows(options):
        markup.row(*(InlineKeyboardButton(**key) for key in row))
    markup.add(*keys)
    return markup


def option_rows(options: List[Dict[Text, Any]]) -> List[List[Dict[Text, Text]]]:
    """Keyboard rows for multi-select options (none ticked yet) and Done; [] without options."""
    rows = [
        [{"text": str(b["title"]), "callback_data": f"{TOGGLE_PREFIX}{i}"}]
        for i, b in enumerate(options)
        if b.get("title")
    ]
    return (rows + [[{"text": DONE_TITLE, "callback_data": DONE_DATA}]]) if rows else []


def is_multi_select_data(data: Any) -> bool:
    return isinstance(data, str) and (data == DONE_DATA or data.startswith(TOGGLE_PREFIX))


def keyboard_of(message: Any) -> List[List[Dict[Text, Any]]]:
    """The inline keyboard rows of a message as Telegram sends it ([] when it has none or is odd)."""
    markup = message.get("reply_markup") if isinstance(message, dict) else None
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        return []
    return [
        [key for key in row if isinstance(key, dict) and isinstance(key.get("text"), str)]
        for row in rows
        if isinstance(row, list)
    ]


def toggled(rows: List[List[Dict[Text, Any]]], data: Text) -> List[List[Dict[Text, Any]]]:
    """The keyboard with the option whose callback_data is `data` ticked or unticked."""

    def flip(key: Dict[Text, Any]) -> Dict[Text, Any]:
        if key.get("callback_data") != data:
            return dict(key)
        text = key["text"]
        return {**key, "text": text[len(TICK) :] if text.startswith(TICK) else TICK + text}

    return [[flip(key) for key in row] for row in rows]


def ticked_titles(rows: List[List[Dict[Text, Any]]]) -> List[Text]:
    """The titles of the ticked options, in keyboard order."""
    return [
        key["text"][len(TICK) :]
        for row in rows
        for key in row
        if str(key.get("callback_data", "")).startswith(TOGGLE_PREFIX) and key["text"].startswith(TICK)
    ]


class MultiSelectStep(NamedTuple):
    """What a tap on a multi-select keyboard does (multi_select_step)."""

    keyboard: Optional[List[List[Dict[Text, Any]]]] = None  # edit the keyboard to this (a toggle)
    answer: Optional[Text] = None  # send this as the user's message (Done)
    notice: Optional[Text] = None  # show this in the tap's toast


def multi_select_step(data: Text, message: Any) -> MultiSelectStep:
    """A toggle edits the tapped message's keyboard; Done sends its ticked titles, if any."""
    rows = keyboard_of(message)
    if data != DONE_DATA:
        after = toggled(rows, data)
        # An unknown option (a tampered or outdated tap) changes nothing, so nothing is edited.
        return MultiSelectStep(keyboard=after) if after != rows else MultiSelectStep()
    answer = answer_text(ticked_titles(rows))
    return MultiSelectStep(answer=answer) if answer else MultiSelectStep(notice=NOTHING_TICKED)


def answered_text(question: Any, answer: Text) -> Optional[Text]:
    """The question's text with the choice below it (shown once Done is tapped), if it fits."""
    if not isinstance(question, str) or not question.strip():
        return None
    text = f"{question}\n\nYou chose: {answer}"
    return text if _units(text) <= MAX_TEXT_UNITS else None


def _callback_data(button: Dict[Text, Any]) -> Text:
    payload = str(button.get("payload") or button.get("title", ""))
    if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return payload
    # Too long for Telegram: the title, read as typed text, is the best remaining choice.
    logger.warning("Button payload longer than %d bytes, sending its title instead: %s", MAX_CALLBACK_BYTES, payload)
    return str(button.get("title", "")).encode("utf-8")[:MAX_CALLBACK_BYTES].decode("utf-8", "ignore")


def _units(text: Text) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: Text, limit: int = MAX_TEXT_UNITS) -> List[Text]:
    """The text in as few messages as Telegram allows, cut between paragraphs when possible."""
    text = (text or "").strip()
    chunks: List[Text] = []
    current = ""
    for paragraph in text.split("\n\n"):
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if _units(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        while _units(paragraph) > limit:
            cut = limit // 2  # a safe length in characters whatever the characters are
            chunks.append(paragraph[:cut])
            paragraph = paragraph[cut:]
        current = paragraph
    if current:
        chunks.append(current)
    return chunks


class TelegramChannel(TelegramInput):
    """Webhook at /webhooks/telegram/webhook."""

    @classmethod
    def name(cls) -> Text:
        return "telegram"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        # Everything comes from the environment (twitchcare.settings), not the credentials file.
        return cls(SETTINGS.telegram_token, SETTINGS.telegram_bot_name, SETTINGS.telegram_webhook_url, debug_mode=False)

    def __init__(
        self,
        access_token: Optional[Text],
        verify: Optional[Text],
        webhook_url: Optional[Text],
        debug_mode: bool = False,
        secret_token: Optional[Text] = None,
    ) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=debug_mode)
        self.secret_token = SETTINGS.telegram_secret_token if secret_token is None else secret_token
        self._seen: "OrderedDict[int, None]" = OrderedDict()

    def get_output_channel(self) -> Optional[TelegramOutput]:
        """The output channel; None (with an error logged) when the token is malformed."""
        try:
            check_token(self.access_token or "")
        except ValidationError as error:
            logger.error("Telegram channel disabled: TELEGRAM_TOKEN is malformed (%s).", error)
            return None
        return TelegramOutput(self.access_token, SETTINGS.telegram_api_base, SETTINGS.channel_timeout_s)

    def _authorized(self, request: Request) -> bool:
        given = request.headers.get(SECRET_HEADER, "")
        return bool(self.secret_token) and hmac.compare_digest(given.encode("utf-8"), self.secret_token.encode("utf-8"))

    def _first_delivery(self, update_id: Optional[int]) -> bool:
        if update_id is None:
            return True
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        while len(self._seen) > SEEN_UPDATES:
            self._seen.popitem(last=False)
        return True

    def _user_text(self, text: Text) -> Text:
        """The text as the assistant should read it: no @botname, Telegram commands translated."""
        text = text.strip()
        mention = f"@{self.verify}".lower() if self.verify else None
        if mention and text.lower().startswith(mention):  # "@twitchbot hi" in groups
            text = text[len(mention) :].strip()
        command, _, rest = text.partition(" ")
        if mention and command.lower().endswith(mention):  # "/start@twitchbot" in groups
            command = command[: -len(mention)]
            text = f"{command} {rest}".strip()
        return COMMANDS.get(command, text)

    def _read_update(self, body: Any) -> tuple:
        """(update_id, text, chat_id, callback_query_id, tapped_message) of an update; ValueError if malformed.

        tapped_message is the bot message whose inline button was tapped, as sent (a dict), or None.
        """
        if not isinstance(body, dict) or not isinstance(body.get("update_id"), int):
            raise ValueError("an update is a JSON object with an integer update_id")
        update = Update.to_object(body)
        text, chat_id, callback_id, tapped = None, None, None, None
        if update.callback_query is not None:
            query = update.callback_query
            callback_id = query.id
            text = query.data
            chat_id = query.message.chat.id if query.message else query.from_user.id
            tapped = body["callback_query"].get("message") if query.message else None
        elif update.message is not None:
            text = update.message.text
            chat_id = update.message.chat.id
        if (text is not None and not isinstance(text, str)) or (chat_id is not None and not isinstance(chat_id, int)):
            raise ValueError("text must be a string and the chat id an integer")
        if text is not None and update.callback_query is None:
            text = self._user_text(text)
        return body["update_id"], text, chat_id, callback_id, tapped if isinstance(tapped, dict) else None

    @staticmethod
    async def _update_tapped(out: TelegramOutput, tapped: Dict[Text, Any], step: MultiSelectStep) -> None:
        """Show a toggle's tick, or, after Done, the choice instead of the keyboard (so it is not sent twice)."""
        chat, message_id = tapped.get("chat"), tapped.get("message_id")
        chat_id = chat.get("id") if isinstance(chat, dict) else None
        if not isinstance(chat_id, int) or not isinstance(message_id, int):
            return
        try:
            if step.keyboard:
                await out.edit_message_reply_markup(
                    chat_id, message_id, reply_markup={"inline_keyboard": step.keyboard}
                )
                return
            text = answered_text(tapped.get("text"), step.answer or "")
            if text:  # an edited text without reply_markup loses its keyboard
                await out.edit_message_text(text, chat_id, message_id)
            else:
                await out.edit_message_reply_markup(chat_id, message_id, reply_markup={"inline_keyboard": []})
        except API_ERRORS as error:
            logger.warning("Telegram could not update the tapped message: %r", error)

    async def register_webhook(self, out: TelegramOutput) -> bool:
        try:
            await out.request(
                "setWebhook",
                {
                    "url": self.webhook_url,
                    "secret_token": self.secret_token,
                    "allowed_updates": json.dumps(ALLOWED_UPDATES),
                },
            )
        except API_ERRORS as error:
            logger.warning(
                "Could not register the Telegram webhook (%s); Telegram messages will "
                "not arrive until it is registered. Everything else keeps serving. Error: %r",
                SETTINGS.telegram_api_base,
                error,
            )
            return False
        logger.info("Telegram webhook registered: %s", self.webhook_url)
        return True

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("telegram_webhook", __name__)
        out = self.get_output_channel()

        @bp.listener("after_server_start")
        async def start(app: Any, _: Any) -> None:
            if out is not None:
                # In the background: a slow or unreachable Telegram never delays the server.
                app.add_task(self.register_webhook(out))

        @bp.listener("after_server_stop")
        async def stop(_: Any, __: Any) -> None:
            if out is not None and out._session is not None:
                await out.close()

        @bp.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if out is not None else "misconfigured"})

        @bp.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self._authorized(request):
                return response.json({"error": "forbidden"}, status=403)
            if out is None:
                return response.json({"error": "telegram channel misconfigured"}, status=503)
            try:
                body = json_limits.loads(request.body or b"")
                update_id, text, chat_id, callback_id, tapped = self._read_update(body)
            except Exception as error:  # noqa: BLE001 - any unreadable body is the sender's fault
                logger.debug("Malformed Telegram update: %r", error)
                return response.json({"error": "malformed update"}, status=400)
            if (gone := reply_if_client_gone(request, "Telegram update")) is not None:  # a retried delivery
                return gone
            if not self._first_delivery(update_id):
                return response.json({"status": "duplicate"})
            step = MultiSelectStep()
            if callback_id is not None and is_multi_select_data(text):
                step = multi_select_step(text, tapped)
                text = step.answer  # a toggle, or Done with nothing ticked, says nothing to the assistant
            if callback_id is not None:
                try:  # stops the spinner on the tapped button
                    await out.answer_callback_query(callback_id, text=step.notice)
                except API_ERRORS as error:
                    logger.warning("Telegram answerCallbackQuery failed: %r", error)
            if tapped is not None and (step.keyboard or step.answer):
                await self._update_tapped(out, tapped, step)
            if not text or chat_id is None:
                return response.json({"status": "ignored"})  # edits, stickers, joins, toggles...
            # Hardening (channels/rest.py): cleaned text; an over-long one gets a friendly reply instead.
            screened = screen_message(text)
            if screened.notice:
                await out.send_text_message(str(chat_id), screened.notice)
                return response.json({"status": "ok"})
            text = screened.text

            try:
                await on_new_message(
                    UserMessage(text, out, str(chat_id), input_channel=self.name(), metadata=self.get_metadata(request))
                )
            except Exception:  # noqa: BLE001 - answer 200 so Telegram does not resend it forever
                logger.exception("Error while handling a Telegram message from chat %s", chat_id)
            return response.json({"status": "ok"})

        return bp
