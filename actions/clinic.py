"""Clinic features: handoff to a person (with the webhook outbox) and deleting one's data."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.assessment import facts_from_slots
from sqlalchemy.exc import SQLAlchemyError

from twitchcare import handoff, privacy, render, triage
from twitchcare.console_store import ConsoleStore
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)
_retry_task: Optional[asyncio.Task] = None


def _outbox() -> handoff.Outbox:
    return handoff.Outbox(SETTINGS.handoff_outbox_path)


def contacts_given(tracker: Tracker) -> List[str]:
    """Phone numbers and e-mail addresses the person typed in this conversation (the texts
    the action server receives; stored events are masked), for the clinic to call back."""
    found: List[str] = []
    for event in tracker.events:
        if event.get("event") == "user":
            found += [c for c in privacy.find_contacts(event.get("text") or "") if c not in found]
    return found


def _record(record: Dict[str, Any], delivery: str) -> None:
    """The handoff in the clinic console's queue (console_handoffs of the tracker database)."""
    try:
        ConsoleStore(SETTINGS.database_url).add_handoff(
            record["conversation_id"],
            datetime.fromisoformat(record["at"]).timestamp(),
            record["triage_level"],
            record["summary"],
            record["channel"],
            delivery,
            record["contact"],
        )
    except SQLAlchemyError:
        logger.exception("Could not add the handoff to the console's queue")


def _delivered(record: Dict[str, Any]) -> None:
    """A queued handoff the webhook accepted later: shown as delivered in the console."""
    try:
        ConsoleStore(SETTINGS.database_url).set_delivery(
            str(record.get("conversation_id")), datetime.fromisoformat(str(record.get("at"))).timestamp(), "delivered"
        )
    except (SQLAlchemyError, ValueError):
        logger.exception("Could not update the handoff's delivery in the console's queue")


def _failed(record: Dict[str, Any]) -> None:
    try:
        ConsoleStore(SETTINGS.database_url).set_delivery(
            record["conversation_id"], datetime.fromisoformat(record["at"]).timestamp(), "failed", only_if="pending"
        )
    except SQLAlchemyError:
        logger.exception("Could not update the handoff's delivery in the console's queue")


async def _retry_forever(url: str) -> None:
    """Keeps retrying queued handoffs while the action server runs."""
    while True:
        await asyncio.sleep(SETTINGS.handoff_retry_interval_s)
        try:
            await handoff.flush(_outbox(), url, SETTINGS.channel_timeout_s, _delivered)
        except Exception:  # never let the retry loop die
            logger.exception("Retrying queued handoffs failed")


def _ensure_retry_loop(url: str) -> None:
    global _retry_task
    if _retry_task is None or _retry_task.done():
        _retry_task = asyncio.get_running_loop().create_task(_retry_forever(url))


class ActionHandoff(Action):
    def name(self) -> Text:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        clinic = SETTINGS.clinic
        now = datetime.now(timezone.utc)
        dispatcher.utter_message(text=render.handoff_text(clinic, clinic.is_open(now), clinic.next_opening(now)))
        level = tracker.get_slot("triage_level")
        summary = triage.summary(facts_from_slots(tracker)) if level else None
        if summary:
            dispatcher.utter_message(text="You can share this with them:\n\n" + render.summary_text(summary))
        record = {
            "conversation_id": tracker.sender_id,
            "at": now.isoformat(),
            "triage_level": level,
            "summary": summary,
            "channel": (tracker.get_latest_input_channel() or "unknown"),
            "contact": contacts_given(tracker),
        }
        delivered = None
        if clinic.webhook_url:
            _ensure_retry_loop(clinic.webhook_url)
            _record(record, "pending")
            delivered = await handoff.deliver(
                _outbox(), clinic.webhook_url, record, SETTINGS.channel_timeout_s, _delivered
            )
            if not delivered:
                _failed(record)
                dispatcher.utter_message(
                    text="I couldn't reach the clinic's system just now; your request is "
                    "saved and will be passed on automatically."
                )
        else:
            _record(record, "not_sent")
        return [
            SlotSet("handoff_requested", {"at": record["at"], "triage_level": level, "webhook_delivered": delivered})
        ]


class ActionDeleteMyData(Action):
    """Sets delete_my_data; the tracker store (addons/tracker_store.py) then erases the conversation."""

    def name(self) -> Text:
        return "action_delete_my_data"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=render.DATA_DELETED)
        return [ActiveLoop(None), SlotSet("delete_my_data", True)]
