"""Delete conversations whose last event is older than the retention period.

Usage: purge_conversations.py [--days N] [--db-url URL]
Defaults: the clinic profile's retention_days (RETENTION_DAYS) and the tracker store in
TRACKER_DB_URL or sqlite:///var/conversations.db. Prints how many it deleted.
"""

from __future__ import annotations

import argparse
import sys
import time

import sqlalchemy as sa

from twitchcare.settings import SETTINGS


def purge(db_url: str, days: float, now: float | None = None) -> int:
    cutoff = (now or time.time()) - days * 86400
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        if not sa.inspect(conn).has_table("events"):
            return 0
        stale = [
            row[0]
            for row in conn.execute(
                sa.text("select sender_id from events group by sender_id having max(timestamp) < :cutoff"),
                {"cutoff": cutoff},
            )
        ]
        handoffs = sa.inspect(conn).has_table("console_handoffs")
        for sender in stale:
            conn.execute(sa.text("delete from events where sender_id = :s"), {"s": sender})
            if handoffs:  # the clinic console's queue keeps contact details: they go too
                conn.execute(sa.text("delete from console_handoffs where conversation_id = :s"), {"s": sender})
    return len(stale)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=SETTINGS.clinic.retention_days)
    parser.add_argument("--db-url", default=SETTINGS.tracker_db_url or "sqlite:///var/conversations.db")
    args = parser.parse_args()
    deleted = purge(args.db_url, args.days)
    print(f"Deleted {deleted} conversation(s) with no activity in the last {args.days:g} day(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
