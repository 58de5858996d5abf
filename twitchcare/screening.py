"""Screening every user message before the assistant reads it, on every channel.

REST (channels/rest.py), the widget, Telegram and Slack all call `screen_message`; REST and
the widget also check conversation ids with `valid_sender_id`. No Rasa import: plain rules.

- Text is cleaned (`clean_text`: control characters become spaces, unpaired surrogates are
  replaced); typed text that merely starts with "/" is read as text.
- An empty message, one longer than MAX_MESSAGE_CHARS (default 2000) or a button payload
  (`/intent{...}`) whose JSON is over the shape limits gets a friendly reply instead
  (wording in twitchcare/render.py) and never reaches the model. A too-long message that
  names an emergency sign gets the emergency reply.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Optional, Text

from twitchcare import json_limits, render
from twitchcare.safety import find_emergency_signs
from twitchcare.settings import SETTINGS

MAX_SENDER_CHARS = 255  # the SQL tracker store's sender_id column is VARCHAR(255)
_PHONE_CHARS = re.compile(r"\+?[\d().-]+")
_SENDER_ID = re.compile(r"[A-Za-z0-9_.:=-]{1,%d}" % MAX_SENDER_CHARS)
# What Rasa reads as a button payload instead of text: /intent, /intent@0.9, /intent{"json": ...}.
_BUTTON_PAYLOAD = re.compile(r"/[A-Za-z0-9_]+(@[0-9.]+)?(\{.*\})?", re.S)
# C0/C1 control characters except tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def valid_sender_id(value: object) -> bool:
    """A conversation id we may store and log: opaque letters, digits and `_ . : = -` only,
    and not itself a phone number (e-mail addresses already fail on `@`). Ids that merely
    contain a run of digits ("scale-run-874270-00") are opaque ids, not phone numbers."""
    return (
        isinstance(value, str)
        and _SENDER_ID.fullmatch(value) is not None
        and not (_PHONE_CHARS.fullmatch(value) and sum(ch.isdigit() for ch in value) >= 7)
    )


def clean_text(text: Text) -> Text:
    """The text with unpaired surrogates replaced and control characters turned into spaces."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return _CONTROL.sub(" ", text)


class Screened(NamedTuple):
    """A user message as the assistant may read it, or the reply to send instead."""

    text: Text  # cleaned and stripped ("" when `notice` is set)
    notice: Optional[Text]  # friendly reply instead of an answer
    error: Optional[Text]  # machine-readable reason: "empty_message", "message_too_long"
    #                              or "payload_too_complex"


def screen_message(text: Text) -> Screened:
    text = clean_text(text).strip()
    if text.startswith("/") and not _BUTTON_PAYLOAD.fullmatch(text):
        # Typed text that merely starts with "/" is read as text: Rasa would try it as a button
        # payload, fail, and log a warning that quotes it (e-mail fragments and all).
        text = text.lstrip("/").strip()
    if not text:
        return Screened("", render.EMPTY_MESSAGE, "empty_message")
    if len(text) > SETTINGS.max_message_chars:
        # Too long to read in full, but never too long to catch an emergency sign.
        signs = find_emergency_signs(text)
        notice = (
            render.emergency_text(signs, SETTINGS.emergency_number)
            if signs
            else render.too_long_text(len(text), SETTINGS.max_message_chars, SETTINGS.emergency_number)
        )
        return Screened("", notice, "message_too_long")
    # A button payload ("/intent{json}") is parsed as JSON by Rasa: same shape limits as bodies.
    if text.startswith("/") and json_limits.check_shape(text, SETTINGS.max_json_depth, SETTINGS.max_json_keys):
        return Screened("", render.unreadable_payload_text(SETTINGS.emergency_number), "payload_too_complex")
    return Screened(text, None, None)
