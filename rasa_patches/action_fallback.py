"""Never silence when the action server is down or slow: apologise, with the emergency number.

Why a patch: in Rasa 3.6 every custom action is a `RemoteAction`, whose `run` raises
(`RasaException` for a refused connection or an HTTP error, `asyncio.TimeoutError` after
Rasa's fixed 300 s `DEFAULT_REQUEST_TIMEOUT`); `MessageProcessor._run_action` logs the
exception, drops the action's events and carries on, so the person gets no reply at
all. Rasa offers no hook for this (no per-endpoint timeout either), so `install()`
wraps `RemoteAction.run` (the smallest place that sees every custom action, including
the form's validation and "ask" actions):

- each call gets a time limit of ACTION_TIMEOUT_S (twitchcare.settings, default 15 s);
- when the call fails or times out, the action returns one bot message instead of
  raising: a short apology that still gives the emergency number (`render.technical_problem_text`), with
  a machine-readable twin `{"custom": {"error": "actions_unavailable", ...}}`;
- at most one apology per user message: once a call failed, the turn's further custom
  actions (a form calls several) are skipped rather than waited for again;
- `ActionExecutionRejection` (an action server's deliberate 400) is re-raised untouched.

Nothing else changes: the turn is logged as usual, so the next message, once the action
server answers again, continues the conversation normally.

Installed by `rasa_patches.install("rasa")` (the launcher calls it at start); the record is
`PATCH` at the end of this module.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from typing import Any, List, Optional, Text, Tuple

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event, UserUttered

from rasa_patches import Patch
from twitchcare.render import technical_problem_text
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)

UNAVAILABLE_ERROR = "actions_unavailable"
_REMEMBERED_TURNS = 1000
_apologised: "OrderedDict[Tuple[Text, Text], None]" = OrderedDict()


def apology_event() -> BotUttered:
    return BotUttered(
        text=technical_problem_text(SETTINGS.emergency_number),
        data={"custom": {"error": UNAVAILABLE_ERROR, "emergency_number": SETTINGS.emergency_number}},
    )


def _turn_key(tracker: Any) -> Optional[Tuple[Text, Text]]:
    """(conversation, id of the latest user message), or None when there is no such id."""
    message_id = getattr(getattr(tracker, "latest_message", None), "message_id", None)
    return (tracker.sender_id, message_id) if message_id else None


def _already_apologised(tracker: Any) -> bool:
    """True when this user message already got the apology (from an earlier action of the turn)."""
    key = _turn_key(tracker)
    if key is not None and key in _apologised:
        return True
    for event in reversed(getattr(tracker, "events", [])):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.data.get("custom") or {}).get("error") == UNAVAILABLE_ERROR:
            return True
    return False


def _remember(tracker: Any) -> None:
    key = _turn_key(tracker)
    if key is None:
        return
    _apologised[key] = None
    while len(_apologised) > _REMEMBERED_TURNS:
        _apologised.popitem(last=False)


_original_run = RemoteAction.run


async def _run_with_fallback(
    self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any
) -> List[Event]:
    if _already_apologised(tracker):
        # This turn already failed: don't wait for a slow server again for its next action.
        logger.warning("Skipping custom action '%s': the action server failed earlier in this turn.", self.name())
        return []
    try:
        return await asyncio.wait_for(
            _original_run(self, output_channel, nlg, tracker, domain), timeout=SETTINGS.action_timeout_s
        )
    except ActionExecutionRejection:
        raise
    except asyncio.TimeoutError:
        logger.error(
            "Custom action '%s' took longer than %.0f s (ACTION_TIMEOUT_S); " "apologising instead.",
            self.name(),
            SETTINGS.action_timeout_s,
        )
    except Exception as error:  # noqa: BLE001 - any failure would otherwise mean silence
        logger.error(
            "Custom action '%s' failed (%s: %s); is the action server running? " "Apologising instead.",
            self.name(),
            type(error).__name__,
            error,
        )
    _remember(tracker)
    return [apology_event()]


PATCH = Patch(
    name="action_fallback",
    owner=RemoteAction,
    attribute="run",
    replacement=_run_with_fallback,
    replaces="rasa.core.actions.action.RemoteAction.run (every custom action call)",
    why="a refused, failing or slow (300 s) action server meant no reply at all; Rasa has no hook "
    "or per-endpoint timeout for it",
    gain="a reply with the emergency number within ACTION_TIMEOUT_S instead of silence "
    "(tests/e2e/test_hardening.py); no cost when the action server answers",
)
