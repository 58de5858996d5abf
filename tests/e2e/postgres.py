"""PostgreSQL for the tests: the throwaway cluster of launcher/postgres.py as a session fixture.

Missing or broken PostgreSQL is a test failure, not a skip: CI runs as root and installs it.
"""

from __future__ import annotations

import time

import pytest

from launcher.postgres import PostgresError, throwaway_postgres


@pytest.fixture(scope="session")
def postgres_url():
    started = time.monotonic()
    try:
        with throwaway_postgres() as url:
            print(f"\nPostgreSQL ready in {time.monotonic() - started:.1f}s")
            yield url
    except PostgresError as error:
        pytest.fail(str(error))


def new_database(url: str, name: str) -> str:
    """Create an empty database on the test server (same role); return its URL."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return sa.engine.make_url(url).set(database=name).render_as_string(hide_password=False)
