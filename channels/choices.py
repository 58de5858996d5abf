"""Multi-select questions, as every channel shows them.

A bot message's buttons may carry `"multiple": true` (the intake's symptom question,
twitchcare/intake.py): those are options the person ticks, then confirms. The channel
then sends ONE user message, the ticked options' titles joined with ", ", which the
server reads like typed text. Buttons without the key stay one-tap buttons that send
their payload at once, and a message without any such button renders as before.
channels/widget_static/widget.js does the same in the browser.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Text, Tuple

from twitchcare.render import MULTIPLE_KEY

ANSWER_SEPARATOR = ", "


def is_option(button: Any) -> bool:
    """True for a button that belongs to a multi-select (only a literal true counts)."""
    return isinstance(button, dict) and button.get(MULTIPLE_KEY) is True


def split_options(buttons: Iterable[Dict[Text, Any]]) -> Tuple[List[Dict[Text, Any]], List[Dict[Text, Any]]]:
    """(multi-select options, one-tap buttons), each in the order given."""
    options: List[Dict[Text, Any]] = []
    singles: List[Dict[Text, Any]] = []
    for button in buttons:
        (options if is_option(button) else singles).append(button)
    return options, singles


def answer_text(titles: Iterable[Text]) -> Text:
    """The user message for the ticked titles; "" when nothing was ticked (then nothing is sent)."""
    return ANSWER_SEPARATOR.join(t.strip() for t in titles if isinstance(t, str) and t.strip())
