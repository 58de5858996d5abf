"""Limits on the shape of JSON from the outside, checked before it is parsed.

Python's json module recurses once per nesting level: a 64 KB body of `[[[[...` raises
RecursionError (not ValueError), which became HTTP 500s and lost turns, and Rasa re-parses
button payloads such as `/ask_topic{"topic": [[[...]]]}` the same way. `check_shape` looks at
the raw text in one pass (strings skipped) and names the first limit that is exceeded.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any, Optional, Union

MAX_DEPTH = 20  # nesting levels of objects and arrays; real payloads here use 3 or 4
MAX_KEYS = 500  # object keys in one document
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class JsonTooComplex(ValueError):
    """The JSON is nested too deeply or has too many keys (answered with 400, never parsed)."""


def check_shape(text: Union[str, bytes], max_depth: int = MAX_DEPTH, max_keys: int = MAX_KEYS) -> Optional[str]:
    """What is wrong with the shape of `text` as JSON, or None when it is within the limits."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    outside_strings = _STRING.sub('""', text)
    brackets = _NOT_BRACKET.sub("", outside_strings)
    depth = max(accumulate(1 if ch in "[{" else -1 for ch in brackets), default=0)
    if depth > max_depth:
        return f"nested more than {max_depth} levels deep"
    if outside_strings.count(":") > max_keys:
        return f"more than {max_keys} keys"
    return None


def loads(text: Union[str, bytes], max_depth: int = MAX_DEPTH, max_keys: int = MAX_KEYS) -> Any:
    """json.loads after the shape check; JsonTooComplex (a ValueError) when over a limit."""
    problem = check_shape(text, max_depth, max_keys)
    if problem:
        raise JsonTooComplex(f"the JSON is {problem}")
    return json.loads(text)


class LimitedJson:
    """A `json`-like module for libraries that take one (python-socketio's packets)."""

    dumps = staticmethod(json.dumps)
    loads = staticmethod(loads)
