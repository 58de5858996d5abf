"""The scale-out topology for tests/scale: a fresh PostgreSQL database, Redis, nginx, 2 replicas.

PostgreSQL comes from the e2e fixture (tests/e2e/postgres.py over launcher/postgres.py: Debian's
package, a throwaway cluster on 127.0.0.1); everything else from launcher/scale.py. Every process is stopped at
the end, and the teardown checks that none is left.
"""

from __future__ import annotations

import os
import time
import uuid

import pytest

from launcher import scale as scale_up
from tests.e2e.postgres import new_database, postgres_url  # noqa: F401

REPLICAS = 2
# nginx's passive health checks with test-sized timeouts (production: scale_up.PROXY_READ_TIMEOUT_S
# 60 s, FAIL_TIMEOUT_S 30 s). A replica silent for 8 s is treated as hung: still far above a
# legitimate turn here (well under 2 s, even with 12 conversations on one replica), so only the
# hung replica of test_hung_replica_is_routed_around trips it, and that test takes seconds.
PROXY_READ_TIMEOUT_S = 8
FAIL_TIMEOUT_S = 5


def pid_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@pytest.fixture(scope="module")
def scale_db(postgres_url):  # noqa: F811
    """A fresh database, so the replicas create the tracker tables themselves, concurrently."""
    return new_database(postgres_url, f"scale_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="module")
def cluster(scale_db):
    """The running topology (its own /tmp directory: nginx workers must reach their temp paths;
    SCALE_KEEP_WORKDIR=1 keeps the logs and generated configs)."""
    started = time.monotonic()
    try:
        with scale_up.scale_out(
            scale_db, replicas=REPLICAS, proxy_read_timeout=PROXY_READ_TIMEOUT_S, fail_timeout=FAIL_TIMEOUT_S
        ) as running:
            print(f"\nscale-out ready in {time.monotonic() - started:.1f}s:\n{running.summary()}")
            pids = running.pids
            yield running
    except scale_up.ScaleUpError as e:
        pytest.fail(str(e))
    left = {name: pid for name, pid in pids.items() if pid_exists(pid)}
    assert not left, f"processes left running after the scale-out stopped: {left}"
