"""Handing a conversation to the clinic's staff: the POST to their webhook, with timeouts
and retries, and an outbox (SQLite) so that a handoff is never lost while it is down."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

import aiohttp

logger = logging.getLogger(__name__)
ATTEMPTS = 3
BACKOFF_S = 0.5


class Outbox:
    """Handoffs waiting for delivery, kept on disk until the webhook accepts them."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._db() as db:
            db.execute("create table if not exists outbox (id integer primary key, created real, payload text)")

    def _db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=10)

    def add(self, payload: Dict[str, Any]) -> None:
        with self._db() as db:
            db.execute("insert into outbox (created, payload) values (?, ?)", (time.time(), json.dumps(payload)))

    def pending(self) -> List[Tuple[int, Dict[str, Any]]]:
        with self._db() as db:
            return [(i, json.loads(p)) for i, p in db.execute("select id, payload from outbox order by id")]

    def pending_times(self) -> List[float]:
        """When each waiting handoff was queued (unix time), oldest first."""
        with self._db() as db:
            return [float(t) for (t,) in db.execute("select created from outbox order by id")]

    def remove(self, item_id: int) -> None:
        with self._db() as db:
            db.execute("delete from outbox where id = ?", (item_id,))


async def post(url: str, payload: Dict[str, Any], timeout_s: float, attempts: int = ATTEMPTS) -> bool:
    """POST the handoff; True once the clinic's server answers 2xx."""
    for attempt in range(attempts):
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout_s)) as session:
                async with session.post(url, json=payload) as resp:
                    if 200 <= resp.status < 300:
                        return True
                    logger.warning("Clinic webhook answered %s", resp.status)
        except (aiohttp.ClientError, asyncio.TimeoutError) as e:
            logger.warning("Clinic webhook unreachable (%s), attempt %d/%d", type(e).__name__, attempt + 1, attempts)
        await asyncio.sleep(BACKOFF_S * (attempt + 1))
    return False


Delivered = Optional[Callable[[Dict[str, Any]], None]]


async def deliver(
    outbox: Outbox, url: str, payload: Dict[str, Any], timeout_s: float, on_delivered: Delivered = None
) -> bool:
    """Queue first, then try to send everything waiting: a crash never loses a handoff.
    True when this payload (and everything queued before it) was delivered."""
    outbox.add(payload)
    return await flush(outbox, url, timeout_s, on_delivered) == 0


async def flush(outbox: Outbox, url: str, timeout_s: float, on_delivered: Delivered = None) -> int:
    """Try to deliver every queued handoff in order; returns how many are still waiting.
    `on_delivered(payload)` is called for each one the webhook accepted."""
    waiting = 0
    for item_id, payload in outbox.pending():
        if await post(url, payload, timeout_s, attempts=1 if waiting else ATTEMPTS):
            outbox.remove(item_id)
            if on_delivered is not None:
                on_delivered(payload)
        else:
            waiting += 1
    return waiting
