"""A throwaway PostgreSQL server for the tests (Debian's `postgresql` package, never a download).

`postgres_url` (session-scoped) makes sure the server binaries are installed
(scripts/ensure_system_packages.sh, as `make e2e` does), initdb's a fresh cluster in a temporary
directory, starts it on a free 127.0.0.1 port and yields
`postgresql://twitch:<password>@127.0.0.1:<port>/twitch`. The role may create databases (a test
that needs an empty one makes its own). The cluster is stopped and deleted at the end.

Missing or broken PostgreSQL is a test failure, not a skip: CI runs as root and installs it.
As root the server runs as the `postgres` OS user (initdb refuses root). Startup is kept
fast: initdb --no-sync, fsync/full_page_writes/synchronous_commit off, small shared_buffers.
"""
from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import List, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENSURE = ROOT / "scripts" / "ensure_system_packages.sh"
# The pair `make system-packages` passes too (Debian 12 ships PostgreSQL 15).
PACKAGE_PAIR = "/usr/lib/postgresql/15/bin/initdb:postgresql"
DB_NAME = DB_USER = "twitch"
SUPERUSER = "postgres"
START_TIMEOUT_S = 60
SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "16MB",
    "max_connections": "50",
    "logging_collector": "off",
}


def _find_bindir() -> Optional[Path]:
    """The newest Debian PostgreSQL server bindir (/usr/lib/postgresql/<version>/bin)."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")
             if Path(p).with_name("pg_ctl").exists()]
    found.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    return found[-1] if found else None


def _ensure_installed() -> Path:
    bindir = _find_bindir()
    if bindir is None:
        result = subprocess.run(["bash", str(ENSURE), PACKAGE_PAIR], capture_output=True, text=True)
        bindir = _find_bindir()
        if bindir is None:
            pytest.fail("PostgreSQL server is not installed and could not be installed "
                        f"(scripts/ensure_system_packages.sh {PACKAGE_PAIR}; needs root and apt-get):\n"
                        f"{result.stdout}{result.stderr}".rstrip())
    return bindir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Cluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        account = None
        if self.as_root:
            try:
                account = pwd.getpwnam(SUPERUSER)
            except KeyError:
                pytest.fail(f"running as root but there is no `{SUPERUSER}` OS user to run "
                            "PostgreSQL (the Debian package creates it)")
        # mkdtemp (0700) directly in /tmp: pytest's own tmp dirs are not reachable by `postgres`.
        self.base = Path(tempfile.mkdtemp(prefix="twitch-pg-"))
        if account is not None:
            os.chown(self.base, account.pw_uid, account.pw_gid)
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = 0
        self.started = False

    def run(self, program: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        cmd: List[str] = [str(self.bindir / program), *args]
        if self.as_root:
            cmd = ["runuser", "-u", SUPERUSER, "--", *cmd]
        return subprocess.run(cmd, cwd=self.base, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, "LC_ALL": "C", "LANG": "C"})

    def fail(self, what: str, result: Optional[subprocess.CompletedProcess] = None) -> None:
        out = f"{result.stdout}{result.stderr}" if result is not None else ""
        log = self.log.read_text(errors="ignore")[-3000:] if self.log.exists() else ""
        pytest.fail(f"PostgreSQL {what} failed ({self.bindir}):\n{out}\n{log}".rstrip())

    def init(self) -> None:
        result = self.run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-E", "UTF8", "--no-locale",
                          "--no-sync", "--auth-local=trust", "--auth-host=scram-sha-256")
        if result.returncode != 0:
            self.fail("initdb", result)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# tests/e2e/postgres.py\n")
            for key, value in {**SETTINGS, "unix_socket_directories": f"'{self.base}'"}.items():
                conf.write(f"{key} = {value}\n")

    def start(self) -> None:
        result = None
        for _ in range(3):  # another process may grab the free port first
            self.port = _free_port()
            result = self.run("pg_ctl", "start", "-D", str(self.data), "-l", str(self.log), "-w",
                              "-t", str(START_TIMEOUT_S), "-o", f"-p {self.port}",
                              timeout=START_TIMEOUT_S + 30)
            if result.returncode == 0:
                self.started = True
                return
        self.fail("start (pg_ctl start)", result)

    def create_database(self, password: str) -> None:
        import psycopg2

        try:
            conn = psycopg2.connect(host=str(self.base), port=self.port, user=SUPERUSER,
                                    dbname="postgres", connect_timeout=10)
            try:
                conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute(f"CREATE ROLE {DB_USER} LOGIN CREATEDB PASSWORD %s", (password,))
                    cur.execute(f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")
            finally:
                conn.close()
        except psycopg2.Error as e:
            pytest.fail(f"PostgreSQL is running but creating the test database failed: {e}")

    def stop(self) -> None:
        try:
            if self.started:
                self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", timeout=60)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url():
    bindir = _ensure_installed()
    cluster = _Cluster(bindir)
    try:
        started = time.monotonic()
        cluster.init()
        cluster.start()
        password = secrets.token_hex(12)
        cluster.create_database(password)
        print(f"\nPostgreSQL {bindir.parent.name} ready on 127.0.0.1:{cluster.port} "
              f"in {time.monotonic() - started:.1f}s")
        yield f"postgresql://{DB_USER}:{password}@127.0.0.1:{cluster.port}/{DB_NAME}"
    finally:
        cluster.stop()


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
