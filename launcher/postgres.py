"""A throwaway PostgreSQL cluster (Debian's `postgresql` package, never a download).

`throwaway_postgres()` makes sure the server binaries are installed
(scripts/ensure_system_packages.sh, as `make e2e` does), initdb's a fresh cluster in a
temporary directory, starts it on a free 127.0.0.1 port and yields
`postgresql://twitch:<password>@127.0.0.1:<port>/twitch`. The role may create databases. The
cluster is stopped and deleted at the end. Used by the tests (tests/e2e/postgres.py) and by
the scale-out demo (`python -m launcher.scale` without TRACKER_DB_URL).

As root the server runs as the `postgres` OS user (initdb refuses root). Startup is kept
fast, durability is not wanted: initdb --no-sync, fsync/full_page_writes/synchronous_commit
off, small shared_buffers.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator, List, NoReturn, Optional

from launcher.processes import free_port
from twitchcare.settings import PROJECT_ROOT

ENSURE = PROJECT_ROOT / "scripts" / "ensure_system_packages.sh"
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


class PostgresError(RuntimeError):
    """PostgreSQL could not be installed, initialised or started (the message says why)."""


def find_bindir() -> Optional[Path]:
    """The newest Debian PostgreSQL server bindir (/usr/lib/postgresql/<version>/bin)."""
    found = [
        Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb") if Path(p).with_name("pg_ctl").exists()
    ]
    found.sort(key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0)
    return found[-1] if found else None


def ensure_installed() -> Path:
    bindir = find_bindir()
    if bindir is None:
        result = subprocess.run(["bash", str(ENSURE), PACKAGE_PAIR], capture_output=True, text=True)
        bindir = find_bindir()
        if bindir is None:
            raise PostgresError(
                "PostgreSQL server is not installed and could not be installed "
                f"(scripts/ensure_system_packages.sh {PACKAGE_PAIR}; needs root and apt-get):\n"
                f"{result.stdout}{result.stderr}".rstrip()
            )
    return bindir


class Cluster:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        account = None
        if self.as_root:
            try:
                account = pwd.getpwnam(SUPERUSER)
            except KeyError:
                raise PostgresError(
                    f"running as root but there is no `{SUPERUSER}` OS user to run "
                    "PostgreSQL (the Debian package creates it)"
                )
        # mkdtemp (0700) directly in /tmp: a test's own tmp dirs are not reachable by `postgres`.
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
        return subprocess.run(
            cmd,
            cwd=self.base,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "LC_ALL": "C", "LANG": "C"},
        )

    def fail(self, what: str, result: Optional[subprocess.CompletedProcess] = None) -> NoReturn:
        out = f"{result.stdout}{result.stderr}" if result is not None else ""
        log = self.log.read_text(errors="ignore")[-3000:] if self.log.exists() else ""
        raise PostgresError(f"PostgreSQL {what} failed ({self.bindir}):\n{out}\n{log}".rstrip())

    def init(self) -> None:
        result = self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
        )
        if result.returncode != 0:
            self.fail("initdb", result)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# launcher/postgres.py\n")
            for key, value in {**SETTINGS, "unix_socket_directories": f"'{self.base}'"}.items():
                conf.write(f"{key} = {value}\n")

    def start(self) -> None:
        result = None
        for _ in range(3):  # another process may grab the free port first
            self.port = free_port()
            result = self.run(
                "pg_ctl",
                "start",
                "-D",
                str(self.data),
                "-l",
                str(self.log),
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "-o",
                f"-p {self.port}",
                timeout=START_TIMEOUT_S + 30,
            )
            if result.returncode == 0:
                self.started = True
                return
        self.fail("start (pg_ctl start)", result)

    def create_database(self, password: str) -> None:
        import psycopg2

        try:
            conn = psycopg2.connect(
                host=str(self.base), port=self.port, user=SUPERUSER, dbname="postgres", connect_timeout=10
            )
            try:
                conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute(f"CREATE ROLE {DB_USER} LOGIN CREATEDB PASSWORD %s", (password,))
                    cur.execute(f"CREATE DATABASE {DB_NAME} OWNER {DB_USER}")
            finally:
                conn.close()
        except psycopg2.Error as e:
            raise PostgresError(f"PostgreSQL is running but creating the test database failed: {e}")

    def stop(self) -> None:
        try:
            if self.started:
                self.run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", "-w", timeout=60)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str]:
    """A fresh cluster with the `twitch` role and database; yields its URL."""
    cluster = Cluster(ensure_installed())
    try:
        cluster.init()
        cluster.start()
        password = secrets.token_hex(12)
        cluster.create_database(password)
        yield f"postgresql://{DB_USER}:{password}@127.0.0.1:{cluster.port}/{DB_NAME}"
    finally:
        cluster.stop()
