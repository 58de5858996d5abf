"""Personal data typed into the chat: phone numbers and e-mail addresses are masked
before anything is stored or logged."""
from __future__ import annotations

import logging
import re
from typing import Any

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


def mask(value: Any) -> Any:
    """Mask every string inside a JSON-like value (event dicts, log arguments)."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(mask(v) for v in value)
    return value


class MaskPersonalData(logging.Filter):
    """Masks phone numbers and e-mail addresses in every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = mask_text(record.msg)
        if record.args:
            record.args = mask(record.args)
        return True


def install_log_masking() -> None:
    """Adds the filter to the root logger and its handlers (idempotent)."""
    root = logging.getLogger()
    for target in [root, *root.handlers]:
        if not any(isinstance(f, MaskPersonalData) for f in target.filters):
            target.addFilter(MaskPersonalData())
