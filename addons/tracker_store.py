"""SQL tracker store with the privacy rules: masked personal data, deletion on request.

- Every event is stored with phone numbers and e-mail addresses masked
  (twitchcare.privacy); log records are masked too (filter installed on import).
- When a turn sets the slot `delete_my_data`, the conversation's rows are deleted
  instead of saved.
- SQLite by default (endpoints.yml); TRACKER_DB_URL (an SQLAlchemy URL such as
  postgresql://user:pass@host:5432/db) switches the database with one setting.

Speed: Rasa's SQLTrackerStore reads and deserialises every event of the conversation on each
turn and counts the stored events (an aggregate with a subquery) on each save; together about
a third of the server's CPU per turn (docs/benchmark.md). This store keeps the latest session's
events of recent conversations in memory and checks them against the database with an
indexed aggregate (once per read, before and after the inserts of a save): (number of rows,
highest row id, latest timestamp) of the conversation. Any change made elsewhere (another replica or Sanic worker, a deletion, a
purge) changes that triple, and the conversation is then read from the database as before,
so the database stays the source of truth and several replicas can share it.
"""

from __future__ import annotations

import itertools
import json
import logging
import weakref
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from twitchcare.console_store import HANDOFFS
from twitchcare.settings import SETTINGS

from twitchcare.privacy import install_log_masking, mask

logger = logging.getLogger(__name__)
DELETE_SLOT = "delete_my_data"
# Conversations whose latest session is kept in memory (least recently used dropped first).
CACHED_CONVERSATIONS = 500

# (number of stored rows, highest row id, latest timestamp) of one conversation.
StoredState = Tuple[int, Optional[int], Optional[float]]


@dataclass
class _CachedSession:
    state: StoredState  # of the database when `events` were known to be exactly what it holds
    events: List[Event]  # the latest session's events, as `retrieve` would rebuild them
    handed_out: Any = None  # weak reference to the last tracker built from them
    handed_out_length: int = 0  # how many of that tracker's events are stored


class PrivacySQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain: Optional[Domain] = None, **kwargs: Any) -> None:
        url = SETTINGS.tracker_db_url
        if url:
            from sqlalchemy.engine import make_url

            parsed = make_url(url)
            kwargs.update(
                dialect=parsed.drivername,
                host=parsed.host,
                port=parsed.port,
                db=parsed.database,
                username=parsed.username,
                password=parsed.password,
            )
        super().__init__(domain, **kwargs)

        self._sessions: "OrderedDict[Text, _CachedSession]" = OrderedDict()
        self._raw: Optional[_RawStatements] = None

    # -- reading -------------------------------------------------------------------------------

    def _statements(self) -> "_RawStatements":
        if self._raw is None:
            self._raw = _RawStatements(self.SQLEvent.__table__, self.engine.dialect)
        return self._raw

    def _stored_state(self, session: Any, sender_id: Text) -> StoredState:
        count, last_id, last_time = self._statements().state(session.connection(), sender_id)
        return int(count or 0), last_id, last_time

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The latest session, from memory when the database still holds exactly that."""
        if self.max_event_history is not None or self.domain is None:
            return await super().retrieve(sender_id)
        with self.session_scope() as session:
            state = self._stored_state(session, sender_id)
        cached = self._sessions.get(sender_id)
        if cached is not None and cached.state == state:
            self._sessions.move_to_end(sender_id)
            tracker = DialogueStateTracker.from_events(sender_id, list(cached.events), self.domain.slots)
        else:
            tracker = await super().retrieve(sender_id)
            if tracker is None:
                self._sessions.pop(sender_id, None)
                return None
            cached = self._remember(sender_id, state, list(tracker.events))
        cached.handed_out, cached.handed_out_length = weakref.ref(tracker), len(tracker.events)
        return tracker

    # -- writing -------------------------------------------------------------------------------

    def _stored_count(self, session: Any, tracker: DialogueStateTracker, state: StoredState) -> int:
        """How many of the tracker's events are in the database already."""
        cached = self._sessions.get(tracker.sender_id)
        if (
            cached is not None
            and cached.state == state
            and cached.handed_out is not None
            and cached.handed_out() is tracker
            and len(tracker.events) >= cached.handed_out_length
        ):
            return cached.handed_out_length
        if state[0] == 0:
            return 0
        # Rasa's own rule: the tracker holds the latest session, whose stored events it starts with.
        return self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        sender_id = tracker.sender_id
        with self.session_scope() as session:
            state = self._stored_state(session, sender_id)
            new_events = list(
                itertools.islice(tracker.events, self._stored_count(session, tracker, state), len(tracker.events))
            )
            if any(isinstance(e, SlotSet) and e.key == DELETE_SLOT and e.value for e in new_events):
                deleted = self._delete_rows(session, sender_id)
                logger.info(f"Deleted a conversation on request ({deleted} events).")
                return
            rows = []
            for event in new_events:
                data = mask(event.as_dict())
                rows.append(
                    {
                        "sender_id": sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                self._statements().insert(session.connection(), rows)
            # Read inside the transaction. When it counts exactly the rows read before plus this
            # save's, nobody else wrote in between and memory matches the database; otherwise
            # the conversation is simply not kept in memory and the next read uses the database.
            after = self._stored_state(session, sender_id)
            session.commit()
        if after[0] != state[0] + len(rows):
            self._sessions.pop(sender_id, None)
            return
        events = list(tracker.events)
        cached = self._remember(sender_id, after, _latest_session(events))
        cached.handed_out, cached.handed_out_length = weakref.ref(tracker), len(events)
        logger.debug(f"Tracker with sender_id '{sender_id}' stored to database")

    def _remember(self, sender_id: Text, state: StoredState, events: List[Event]) -> _CachedSession:
        cached = self._sessions[sender_id] = _CachedSession(state, events)
        self._sessions.move_to_end(sender_id)
        while len(self._sessions) > CACHED_CONVERSATIONS:
            self._sessions.popitem(last=False)
        return cached

    def delete_conversation(self, sender_id: Text) -> int:
        with self.session_scope() as session:
            return self._delete_rows(session, sender_id)

    def _delete_rows(self, session: Any, sender_id: Text) -> int:
        """Every stored event of the conversation, its copy in memory, and its handoffs in the
        clinic console's queue (twitchcare/console_store.py)."""
        self._sessions.pop(sender_id, None)
        deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
        if sa.inspect(session.connection()).has_table(HANDOFFS.name):
            session.execute(HANDOFFS.delete().where(HANDOFFS.c.conversation_id == sender_id))
        session.commit()
        return deleted


class _RawStatements:
    """The two statements of every turn, compiled once for the database's dialect.

    Run as plain driver SQL: building them through SQLAlchemy's ORM (statement cache keys,
    unit of work) cost about as much as the database work itself.
    """

    COLUMNS = ("sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")

    def __init__(self, table: Any, dialect: Any) -> None:
        state = sa.select(sa.func.count(table.c.id), sa.func.max(table.c.id), sa.func.max(table.c.timestamp)).where(
            table.c.sender_id == sa.bindparam("sender_id")
        )
        self._state = state.compile(dialect=dialect)
        # inline(): no RETURNING of the new ids (PostgreSQL), which an executemany cannot use.
        self._insert = table.insert().inline().compile(dialect=dialect, column_keys=list(self.COLUMNS))

    @staticmethod
    def _params(compiled: Any, values: Dict[Text, Any]) -> Any:
        if compiled.positional:
            return tuple(values[name] for name in compiled.positiontup)
        return values

    def state(self, connection: Any, sender_id: Text) -> Tuple[Any, Any, Any]:
        return connection.exec_driver_sql(self._state.string, self._params(self._state, {"sender_id": sender_id})).one()

    def insert(self, connection: Any, rows: List[Dict[Text, Any]]) -> None:
        connection.exec_driver_sql(self._insert.string, [self._params(self._insert, row) for row in rows])


def _latest_session(events: List[Event]) -> List[Event]:
    """The events `retrieve` would load: from the latest SessionStarted on (all when none)."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], SessionStarted):
            return events[index:]
    return events


install_log_masking()
