"""The bot's reply to one message, as the REST channel returns it (a list of messages with "text",
"buttons", "custom"), read the way every test reads it: the end-to-end `Bot` and the in-process one."""

from __future__ import annotations

from typing import Any, Dict, List


def text(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") or "" for m in messages)


def custom(messages: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The custom payloads merged (`asking`, `triage`, ...)."""
    merged: Dict[str, Any] = {}
    for m in messages:
        merged.update(m.get("custom") or {})
    return merged
