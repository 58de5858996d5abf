"""Reading the deflection report's rows from Rasa's SQL tracker store (SQLite or
PostgreSQL), for `make report` (scripts/report.py) and the clinic console."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import sqlalchemy as sa

EVENT_COLUMNS = ("id", "sender_id", "type_name", "timestamp", "intent_name", "action_name", "data")
RELEVANT_TYPES = ("user", "bot", "action", "slot", "active_loop")


class ReportError(Exception):
    pass


def open_engine(db_url: str) -> sa.engine.Engine:
    url = sa.engine.make_url(db_url)
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or not Path(database).is_file():
            raise ReportError(f"no SQLite tracker store at {database or '(empty path)'!r}")
    engine = sa.create_engine(url)
    try:
        has_events = sa.inspect(engine).has_table("events")
    except sa.exc.SQLAlchemyError as e:
        raise ReportError(f"cannot open the tracker store: {e}") from None
    if not has_events:
        raise ReportError("the database has no 'events' table (is it Rasa's SQL tracker store?)")
    return engine


def read_rows(
    engine: sa.engine.Engine, since: Optional[datetime] = None, until: Optional[datetime] = None
) -> Iterator[Dict[str, Any]]:
    """The events rows the report needs, in store order (by sender, then id).

    With a window, only senders whose first user message is inside it are read (the same
    rule compute_report applies)."""
    events = sa.table("events", *(sa.column(c) for c in EVENT_COLUMNS))
    query = sa.select(*(events.c[c] for c in EVENT_COLUMNS)).where(events.c.type_name.in_(RELEVANT_TYPES))
    if since is not None or until is not None:
        first = events.alias("first_user")
        started = sa.func.min(first.c.timestamp)
        conditions = []
        if since is not None:
            conditions.append(started >= since.timestamp())
        if until is not None:
            conditions.append(started < until.timestamp())
        senders = (
            sa.select(first.c.sender_id)
            .where(first.c.type_name == "user")
            .group_by(first.c.sender_id)
            .having(sa.and_(*conditions))
        )
        query = query.where(events.c.sender_id.in_(senders))
    query = query.order_by(events.c.sender_id, events.c.id)
    with engine.connect() as conn:
        for row in conn.execution_options(stream_results=True).execute(query):
            yield dict(row._mapping)


def read_conversation(engine: sa.engine.Engine, sender_id: str) -> List[Dict[str, Any]]:
    """Every stored event row of one conversation, in store order."""
    events = sa.table("events", *(sa.column(c) for c in EVENT_COLUMNS))
    query = (
        sa.select(*(events.c[c] for c in EVENT_COLUMNS)).where(events.c.sender_id == sender_id).order_by(events.c.id)
    )
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def topic_titles(engine: Optional[sa.engine.Engine] = None) -> Dict[str, str]:
    """What to call each entry of top_topics: knowledge-base ids -> their titles, and clinic
    FAQs ("faq:<id>") -> their question (from the FAQ table, when `engine` has one)."""
    from twitchcare.console_store import FAQS
    from twitchcare.knowledge import default_kb
    from twitchcare.report import FAQ_TOPIC_PREFIX

    titles = {entry_id: entry.title for entry_id, entry in default_kb().entries.items()}
    if engine is not None and sa.inspect(engine).has_table(FAQS.name):
        with engine.connect() as conn:
            titles.update(
                {
                    FAQ_TOPIC_PREFIX + str(r.id): str(r.question)
                    for r in conn.execute(sa.select(FAQS.c.id, FAQS.c.question))
                }
            )
    return titles
