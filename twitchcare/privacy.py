"""Personal data typed into the chat: phone numbers and e-mail addresses are masked
before anything is stored or logged."""

from __future__ import annotations

import logging
import re
from typing import Any, List

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# 7+ digits, allowing spaces, dots, dashes, brackets and a leading +: phone numbers, not "3 days".
PHONE = re.compile(r"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")
EMAIL_MASK, PHONE_MASK = "[email]", "[phone]"


def _is_phone(candidate: str) -> bool:
    return sum(ch.isdigit() for ch in candidate) >= 7


def mask_text(text: str) -> str:
    if not text:
        return text
    text = EMAIL.sub(EMAIL_MASK, text)
    return PHONE.sub(lambda m: PHONE_MASK if _is_phone(m.group(0)) else m.group(0), text)


def find_contacts(text: str) -> List[str]:
    """The e-mail addresses and phone numbers in a text, in order, each once (what a person
    gave to be called back: kept only with their handoff, never in the conversation)."""
    found: List[str] = []
    for match in sorted([*EMAIL.finditer(text or ""), *PHONE.finditer(text or "")], key=lambda m: m.start()):
        value = match.group(0).strip()
        if (
            (EMAIL.fullmatch(value) or _is_phone(value))
            and value not in found
            and not any(value in other for other in found)
        ):
            found.append(value)
    return found


def mask(value: Any) -> Any:
    """Mask every string inside a JSON-like value (event dicts, log arguments)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask(v) for v in value)
    return value


# Secrets that travel in URLs (the action server's `token` query parameter) are masked too.
SECRET_QUERY = re.compile(r"(?i)\b(token|auth_token|secret)=[^&\s\"']+")
SECRET_MASK = r"\1=[secret]"


def mask_log_text(text: str) -> str:
    return SECRET_QUERY.sub(SECRET_MASK, mask_text(text))


def mask_log_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask_log_text(value)
    if isinstance(value, dict):
        return {k: mask_log_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask_log_value(v) for v in value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return mask_log_text(str(value))  # exceptions, requests...: their text is what gets logged


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    """Masks the message, its arguments and any traceback of one log record, in place."""
    if getattr(record, "_masked", False):
        return record
    record.msg = mask_log_text(record.msg) if isinstance(record.msg, str) else mask_log_value(record.msg)
    if record.args:
        record.args = mask_log_value(record.args)
    if record.exc_info and not record.exc_text:
        record.exc_text = mask_log_text(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = mask_log_text(record.stack_info)
    record._masked = True
    return record


class MaskPersonalData(logging.Filter):
    """Masks phone numbers and e-mail addresses in every log record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install_log_masking() -> None:
    """Masks every log record of this process, whichever logger made it (idempotent).

    A filter on the root logger only sees records logged on the root logger itself, and
    handlers that Rasa, Sanic or rasa-sdk add later come without it; so the masking is done
    where every record is made: the standard library's log record factory. The filter on the
    root logger and its handlers stays for records made elsewhere (logging.makeLogRecord).
    """
    current = logging.getLogRecordFactory()
    if not getattr(current, "masks_personal_data", False):

        def masked_record_factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return mask_record(current(*args, **kwargs))

        masked_record_factory.masks_personal_data = True  # type: ignore[attr-defined]
        logging.setLogRecordFactory(masked_record_factory)
    # Python warnings (Rasa's "Failed to parse arguments in line '<the message>'") are printed
    # to stderr by the warnings module itself; routed through logging they are masked too.
    logging.captureWarnings(True)
    root = logging.getLogger()
    for target in [root, *root.handlers]:
        if not any(isinstance(f, MaskPersonalData) for f in target.filters):
            target.addFilter(MaskPersonalData())
