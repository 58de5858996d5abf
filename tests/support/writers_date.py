"""The day the blind writers were told it was (Thursday 3 December 2026): "since Monday", "last
Friday" and "the 29th" in their answers count from it, so the tests and the evaluations read them
on that day, whatever day they run."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Iterator

from twitchcare import durations, intake

WRITERS_TODAY = date(2026, 12, 3)


class _WritersDate(date):
    @classmethod
    def today(cls) -> date:
        return WRITERS_TODAY


@contextmanager
def writers_today() -> Iterator[date]:
    """Within the block, the readers' "today" (durations' and intake's) is WRITERS_TODAY."""
    saved = durations.date, intake.date
    durations.date = intake.date = _WritersDate  # type: ignore[misc]
    try:
        yield WRITERS_TODAY
    finally:
        durations.date, intake.date = saved  # type: ignore[misc]
