"""SQL tracker store with the privacy rules: masked personal data, deletion on request.

- Every event is stored with phone numbers and e-mail addresses masked
  (twitchcare.privacy); log records are masked too (filter installed on import).
- When a turn sets the slot `delete_my_data`, the conversation's rows are deleted
  instead of saved.
- SQLite by default (endpoints.yml); TRACKER_DB_URL (an SQLAlchemy URL such as
  postgresql://user:pass@host:5432/db) switches the database with one setting.
"""
from __future__ import annotations

import itertools
import logging
import os
from typing import Any, Dict, Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from twitchcare.privacy import install_log_masking, mask

logger = logging.getLogger(__name__)
DELETE_SLOT = "delete_my_data"


class _MaskedEvent:
    """What SQLTrackerStore.save needs of an event, with personal data masked."""

    def __init__(self, event: Any) -> None:
        self.type_name = event.type_name
        self._data = mask(event.as_dict())

    def as_dict(self) -> Dict[Text, Any]:
        return self._data


class PrivacySQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, **kwargs: Any) -> None:
        url = os.environ.get("TRACKER_DB_URL")
        if url:
            from sqlalchemy.engine import make_url

            parsed = make_url(url)
            kwargs.update(dialect=parsed.drivername, host=parsed.host, port=parsed.port,
                          db=parsed.database, username=parsed.username, password=parsed.password)
        super().__init__(domain, **kwargs)

    def _new_events(self, session: Any, tracker: DialogueStateTracker) -> list:
        stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        return list(itertools.islice(tracker.events, stored, len(tracker.events)))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        return iter([_MaskedEvent(e) for e in self._new_events(session, tracker)])

    async def save(self, tracker: DialogueStateTracker) -> None:
        with self.session_scope() as session:
            wants_deletion = any(isinstance(e, SlotSet) and e.key == DELETE_SLOT and e.value
                                 for e in self._new_events(session, tracker))
            if wants_deletion:
                deleted = session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker.sender_id).delete()
                session.commit()
                logger.info(f"Deleted a conversation on request ({deleted} events).")
                return
        await super().save(tracker)

    def delete_conversation(self, sender_id: Text) -> int:
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
            return deleted


install_log_masking()
