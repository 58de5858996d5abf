"""Run the assistant scaled out on 127.0.0.1: N Rasa replicas behind nginx, one shared state.

The standard Rasa scale-out, with real Debian services:

- N Rasa server replicas (default 2), each `rasa run` on its own free port, all with the same
  endpoints: the PostgreSQL tracker store (addons.tracker_store.PrivacySQLTrackerStore, the
  database given by TRACKER_DB_URL in the environment, never in a file) and a Redis lock store,
  so any replica can take any turn of any conversation;
- one action server (actions/server.py, as `make run` starts it: 127.0.0.1 only, answering
  only calls that carry ACTION_SERVER_TOKEN; the replicas send it from their environment);
- a Redis server for the locks (`redis-server --port P --save '' --appendonly no`, loopback only,
  nothing written to disk);
- nginx with a generated nginx.conf in the work directory: an upstream of the replicas,
  proxy_pass for /webhooks/ (and the widget's /socket.io/), listen 127.0.0.1:PORT, pid, logs and
  temp paths in the work directory, run with `nginx -c CONF -p DIR -g 'daemon off;'`. Passive
  health checks route around a replica that is gone or hung (open-source nginx has no active
  ones): `max_fails`/`fail_timeout` per server, bounded connect/send/read timeouts, and
  `proxy_next_upstream error timeout non_idempotent` with `proxy_next_upstream_tries 2`, so a
  request (a POST turn included) that hit a dead or hung replica is retried once on another.
  The production values are the constants below (PROXY_READ_TIMEOUT_S...); deploy/ uses the same.

Library (tests/scale/test_replicas.py):

    with scale_out(db_url, replicas=2) as cluster:
        cluster.nginx_url, cluster.replica_urls, cluster.pids, cluster.kill_replica(1)
        cluster.hang_replica(1); ...; cluster.resume_replica(1)       # SIGSTOP / SIGCONT

    # tests: shorter nginx timeouts, so a hung replica costs seconds, not a minute
    scale_out(db_url, proxy_read_timeout=8, fail_timeout=5)

CLI (prints the URLs, stops everything on Ctrl-C):

    make scale-up   (or .venv/bin/python -m launcher.scale [--replicas 2] [--db-url URL] [--port 8080]
        [--read-timeout 60] [--fail-timeout 30])

Without --db-url or TRACKER_DB_URL the CLI starts a throwaway PostgreSQL cluster
(launcher/postgres.py: Debian's postgresql package; needs root, deleted on exit).
Needs redis-server and nginx on PATH (`make test-scale` installs them with
scripts/ensure_system_packages.sh).
"""

from __future__ import annotations

import argparse
import contextlib
import grp
import os
import pwd
import shutil
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional

import requests

from launcher import config, processes
from launcher.postgres import PostgresError, throwaway_postgres
from launcher.processes import free_port, tail
from twitchcare.settings import PROJECT_ROOT, SETTINGS, load_settings

ROOT = PROJECT_ROOT
MODEL = SETTINGS.model_path
STARTUP_TIMEOUT_S = 240
REQUEST_TIMEOUT_S = 60
STOP_TIMEOUT_S = 20
LOCK_STORE_DB = 1

# nginx in front of the replicas (the same values as deploy/docker-compose.yml; deploy/README.md).
# Read timeout: the longest legitimate turn is bounded by ACTION_TIMEOUT_S (15 s per custom action
# call, rasa_patches/action_fallback.py) plus model and database time, and a message can wait for the
# previous turn of its conversation (Redis lock). 60 s is four action timeouts: only a hung
# replica trips it. It is also Rasa's TICKET_LOCK_LIFETIME (60 s), so when a turn is retried
# after it, the hung replica's lock on that conversation has already expired.
PROXY_CONNECT_TIMEOUT_S = 2  # a refused/unreachable replica: next one at once
PROXY_SEND_TIMEOUT_S = 10  # between two writes of the (<= 1 MB) request body
PROXY_READ_TIMEOUT_S = 60  # between two reads of the response: a hung replica
MAX_FAILS = 1  # one error or timeout ...
FAIL_TIMEOUT_S = 30  # ... takes a replica out for 30 s; then one request probes it
NEXT_UPSTREAM_TRIES = 2  # the first replica and one retry on another


class ScaleUpError(RuntimeError):
    """A service did not start (the message carries the end of its log)."""


def program(name: str) -> str:
    """A system program (redis-server, nginx): PATH, then the Debian sbin directories."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if not found:
        raise ScaleUpError(
            f"{name} is not installed (make test-scale installs it: "
            "scripts/ensure_system_packages.sh /usr/bin/redis-server:redis-server "
            "/usr/sbin/nginx:nginx)"
        )
    return found


@dataclass
class Service:
    name: str
    port: int
    proc: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None


@dataclass
class ScaleOut:
    """The running topology; every address is on 127.0.0.1."""

    workdir: Path
    db_url: str
    redis: Service
    actions: Service
    replicas: List[Service]
    nginx: Optional[Service] = None
    nginx_conf: Optional[Path] = None
    services: List[Service] = field(default_factory=list)
    proxy_read_timeout: int = PROXY_READ_TIMEOUT_S
    fail_timeout: int = FAIL_TIMEOUT_S

    @property
    def nginx_url(self) -> str:
        return f"http://127.0.0.1:{self.nginx.port}"

    @property
    def replica_urls(self) -> List[str]:
        return [f"http://127.0.0.1:{r.port}" for r in self.replicas]

    @property
    def action_url(self) -> str:
        return f"http://127.0.0.1:{self.actions.port}/webhook"

    @property
    def redis_port(self) -> int:
        return self.redis.port

    @property
    def nginx_access_log(self) -> Path:
        return self.workdir / "nginx" / "access.log"

    @property
    def pids(self) -> Dict[str, int]:
        return {s.name: s.pid for s in self.services}

    @property
    def ports(self) -> Dict[str, int]:
        return {s.name: s.port for s in self.services}

    def kill_replica(self, index: int, sig: int = signal.SIGKILL) -> int:
        """Kill one replica (default SIGKILL: a crash, no clean shutdown); return its pid."""
        replica = self.replicas[index]
        _signal_group(replica.proc, sig)
        replica.proc.wait(timeout=STOP_TIMEOUT_S)
        return replica.pid

    def hang_replica(self, index: int) -> int:
        """Hang one replica with SIGSTOP: it keeps its port, the kernel still accepts connections
        and buffers requests, nothing answers (a blocked event loop, seen from outside). Returns
        once every thread of it is stopped; resume_replica() undoes it."""
        replica = self.replicas[index]
        _signal_group(replica.proc, signal.SIGSTOP)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while not _stopped(replica.pid):
            if time.monotonic() > deadline or not replica.alive():
                raise ScaleUpError(f"{replica.name} (pid {replica.pid}) did not stop")
            time.sleep(0.001)
        return replica.pid

    def resume_replica(self, index: int) -> int:
        replica = self.replicas[index]
        _signal_group(replica.proc, signal.SIGCONT)
        return replica.pid

    def summary(self) -> str:
        lines = [f"nginx (load balancer): {self.nginx_url}/webhooks/rest/webhook"]
        lines += [
            f"replica {i}: {url}/webhooks/rest/webhook (pid {r.pid})"
            for i, (url, r) in enumerate(zip(self.replica_urls, self.replicas))
        ]
        lines += [
            f"action server: {self.action_url} (pid {self.actions.pid})",
            f"redis lock store: 127.0.0.1:{self.redis.port} db {LOCK_STORE_DB} (pid {self.redis.pid})",
            f"tracker store: {_hide_password(self.db_url)}",
            f"logs and generated configs: {self.workdir}",
        ]
        return "\n".join(lines)


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    """Signal the process group we created for this child (start_new_session=True)."""
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def _stopped(pid: int) -> bool:
    """Every thread of `pid` is stopped (state T in /proc/PID/task/*/stat)."""
    states = []
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        with contextlib.suppress(OSError):
            states.append(stat.read_text().rsplit(")", 1)[1].split()[0])
    return bool(states) and all(s in ("T", "t") for s in states)


def stop_services(services: List[Service]) -> None:
    for s in services:
        _signal_group(s.proc, signal.SIGCONT)  # a replica hung with SIGSTOP must see the SIGTERM
        _signal_group(s.proc, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    for s in services:
        try:
            s.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(s.proc, signal.SIGKILL)
            s.proc.wait(timeout=STOP_TIMEOUT_S)
    for s in services:  # children a service left behind in its own group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(s.proc.pid, signal.SIGKILL)


def _spawn(name: str, cmd: List[str], port: int, workdir: Path, env: dict, cwd: Path = ROOT) -> Service:
    log = workdir / f"{name}.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    return Service(name, port, proc, log)


def _wait_until(ready, services: List[Service], timeout: float, what: str) -> None:
    """Poll `ready()` (bounded, processes.wait_until); fail at once when one of `services` exits."""

    def exited() -> Optional[str]:
        gone = next((s for s in services if not s.alive()), None)
        return f"{gone.name} exited early (code {gone.proc.returncode}):\n{tail(gone.log)}" if gone else None

    try:
        processes.wait_until(ready, timeout, what, exited=exited, not_yet=(requests.RequestException, OSError))
    except RuntimeError as error:
        raise ScaleUpError(str(error)) from None
    except TimeoutError:
        logs = "\n".join(f"--- {s.name} ---\n{tail(s.log, 15)}" for s in services)
        raise ScaleUpError(f"{what} not ready after {timeout:.0f}s:\n{logs}") from None


# ---- Redis (lock store) ------------------------------------------------------------------


def _redis_ping(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
        s.sendall(b"PING\r\n")
        return s.recv(16).startswith(b"+PONG")


def start_redis(workdir: Path, env: dict) -> Service:
    redis_dir = workdir / "redis"
    redis_dir.mkdir(exist_ok=True)
    for _ in range(3):  # another process may take the free port first
        port = free_port()
        s = _spawn(
            "redis",
            [
                program("redis-server"),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "yes",
                "--dir",
                str(redis_dir),
                "--daemonize",
                "no",
            ],
            port,
            workdir,
            env,
        )
        try:
            _wait_until(lambda: _redis_ping(port), [s], 20, "redis-server")
            return s
        except ScaleUpError:
            stop_services([s])
            if "Address already in use" not in tail(s.log):
                raise
    raise ScaleUpError(f"redis-server could not get a free port:\n{tail(s.log)}")


# ---- nginx (load balancer) ---------------------------------------------------------------

NGINX_CONF = """\
# Generated by launcher/scale.py: the replicas behind one address (loopback only).
worker_processes 1;
{user}pid {dir}/nginx.pid;
error_log {dir}/error.log warn;

events {{
    worker_connections 512;
}}

http {{
    # t: when the request ended (epoch, ms); rt: how long it took (the tests read both).
    log_format upstreams '$remote_addr [$time_local] "$request" $status '
                         'upstream=$upstream_addr upstream_status=$upstream_status rt=$request_time '
                         'urt=$upstream_response_time t=$msec';
    access_log {dir}/access.log upstreams;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;

    # Passive health checks: an error or timeout (the proxy_next_upstream conditions) makes a
    # replica unavailable for fail_timeout; after that, one live request probes it again.
    upstream rasa_replicas {{
{servers}
    }}

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}

    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 1m;

        proxy_set_header Host $host;
        proxy_set_header X-Real-IP $remote_addr;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_connect_timeout {connect_timeout}s;
        proxy_send_timeout {send_timeout}s;
        # Well above the longest legitimate turn (ACTION_TIMEOUT_S is 15 s), so that only a hung
        # replica (event loop blocked, process stopped: the kernel still accepts the connection,
        # nothing answers) trips it.
        proxy_read_timeout {read_timeout}s;
        # A replica that is down (error) or hung (timeout): the request goes to another one, once.
        # `non_idempotent` includes POSTs, i.e. turns: without it, every turn sent to a hung
        # replica would fail with a 504. Trade-off: a turn retried after the read timeout is
        # processed twice if the first replica was only slow, not hung, and later finishes it;
        # the read timeout is set far above the turn time limit so that this needs a replica
        # stalled for longer than {read_timeout}s that then resumes (deploy/README.md).
        proxy_next_upstream error timeout non_idempotent;
        proxy_next_upstream_tries {tries};
        # A retry may still start after one full read timeout (not after two).
        proxy_next_upstream_timeout {next_upstream_timeout}s;

        location /webhooks/ {{
            proxy_pass http://rasa_replicas;
        }}

        # The clinic console (staff pages; sessions and FAQs live in the shared database, so
        # any replica serves any request). A staff form is never retried on another replica.
        location /console/ {{
            proxy_pass http://rasa_replicas;
            proxy_next_upstream error timeout;
        }}

        # The website widget's socket.io channel (WebSocket transport only: no sticky sessions).
        location /socket.io/ {{
            proxy_pass http://rasa_replicas;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1h;
        }}

        # Health check: Rasa answers "Hello from Rasa" on /.
        location = / {{
            proxy_pass http://rasa_replicas;
        }}

        location / {{
            return 404;
        }}
    }}
}}
"""


def nginx_conf(
    nginx_dir: Path,
    port: int,
    replica_ports: List[int],
    read_timeout: float = PROXY_READ_TIMEOUT_S,
    fail_timeout: float = FAIL_TIMEOUT_S,
) -> str:
    """The generated nginx.conf. `read_timeout` and `fail_timeout` default to the production
    values; the tests pass smaller ones (tests/scale/conftest.py) so that a hung replica costs a
    few seconds instead of a minute."""
    user = ""
    if os.geteuid() == 0:  # nginx's workers drop root; name an account that exists here
        account = pwd.getpwnam("nobody")
        user = f"user {account.pw_name} {grp.getgrgid(account.pw_gid).gr_name};\n"
    read_timeout, fail_timeout = int(read_timeout), int(fail_timeout)
    if read_timeout < 1 or fail_timeout < 1:
        raise ValueError("nginx timeouts must be at least 1 s")
    servers = "\n".join(
        f"        server 127.0.0.1:{p} max_fails={MAX_FAILS} fail_timeout={fail_timeout}s;" for p in replica_ports
    )
    return NGINX_CONF.format(
        user=user,
        dir=nginx_dir,
        port=port,
        servers=servers,
        connect_timeout=PROXY_CONNECT_TIMEOUT_S,
        send_timeout=PROXY_SEND_TIMEOUT_S,
        read_timeout=read_timeout,
        tries=NEXT_UPSTREAM_TRIES,
        next_upstream_timeout=read_timeout + PROXY_CONNECT_TIMEOUT_S + PROXY_SEND_TIMEOUT_S,
    )


def start_nginx(
    workdir: Path,
    replica_ports: List[int],
    env: dict,
    port: Optional[int] = None,
    read_timeout: float = PROXY_READ_TIMEOUT_S,
    fail_timeout: float = FAIL_TIMEOUT_S,
) -> Service:
    nginx_dir = workdir / "nginx"
    nginx_dir.mkdir(exist_ok=True)
    nginx_dir.chmod(0o755)  # workers (nobody when started as root) use the temp paths in it
    if os.geteuid() == 0:
        workdir.chmod(0o711)
    conf = nginx_dir / "nginx.conf"
    nginx = program("nginx")
    for _ in range(1 if port else 3):
        listen = port or free_port()
        conf.write_text(nginx_conf(nginx_dir, listen, replica_ports, read_timeout, fail_timeout))
        check = subprocess.run(
            [nginx, "-t", "-q", "-c", str(conf), "-p", str(nginx_dir)], capture_output=True, text=True, timeout=30
        )
        if check.returncode != 0:
            raise ScaleUpError(f"nginx rejected {conf}:\n{check.stdout}{check.stderr}")
        s = _spawn(
            "nginx",
            [nginx, "-c", str(conf), "-p", str(nginx_dir), "-g", "daemon off;"],
            listen,
            workdir,
            env,
            cwd=nginx_dir,
        )
        try:
            _wait_until(lambda: requests.get(f"http://127.0.0.1:{listen}/", timeout=5).ok, [s], 30, "nginx")
            return s
        except ScaleUpError:
            stop_services([s])
            if "Address already in use" not in tail(s.log) + tail(nginx_dir / "error.log"):
                raise
    raise ScaleUpError(f"nginx could not listen:\n{tail(nginx_dir / 'error.log')}")


# ---- Rasa --------------------------------------------------------------------------------


def _rest_ready(url: str) -> bool:
    return requests.get(f"{url}/webhooks/rest/", timeout=5).ok


def _warm_up(url: str, index: int) -> None:
    """One real turn per replica: tracker store, lock store and action server all answer."""
    sender = f"scale-warmup-{index}-{uuid.uuid4().hex[:8]}"
    r = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": "hello"}, timeout=REQUEST_TIMEOUT_S
    )
    r.raise_for_status()
    if not r.json():
        raise ScaleUpError(f"replica {index} ({url}) gave no answer to a warm-up message")


@contextlib.contextmanager
def scale_out(
    db_url: str,
    replicas: int = 2,
    workdir: Optional[Path] = None,
    env: Optional[dict] = None,
    nginx_port: Optional[int] = None,
    warm_up: bool = True,
    startup_timeout: float = STARTUP_TIMEOUT_S,
    proxy_read_timeout: float = PROXY_READ_TIMEOUT_S,
    fail_timeout: float = FAIL_TIMEOUT_S,
) -> Iterator[ScaleOut]:
    """Start Redis, the action server, `replicas` Rasa servers and nginx; stop them all on exit.

    `db_url` is the PostgreSQL tracker store (SQLAlchemy URL); it reaches the replicas as
    TRACKER_DB_URL. `env` adds environment variables for the Rasa and action servers;
    ACTION_SERVER_TOKEN is taken from there or the environment, else made up for this run.
    `proxy_read_timeout` and `fail_timeout` are nginx's (production defaults; tests use less).
    """
    if replicas < 1:
        raise ValueError("replicas must be at least 1")
    if not MODEL.exists():
        raise ScaleUpError(f"No trained model at {MODEL}: run `make train`.")
    own_dir = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="twitch-scale-")) if own_dir else Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    base_env = processes.server_env()
    services: List[Service] = []
    try:
        redis = start_redis(workdir, base_env)
        services.append(redis)

        ports = [free_port() for _ in range(replicas)]
        public = nginx_port or free_port()
        origins = ",".join(f"http://{host}:{p}" for p in [public, *ports] for host in ("127.0.0.1", "localhost"))
        app_env = {
            **base_env,
            "TRACKER_DB_URL": db_url,
            "ALLOWED_ORIGINS": origins,
            "HANDOFF_OUTBOX": str(workdir / "handoff_outbox.db"),
            **(env or {}),
        }
        app_env["ACTION_SERVER_TOKEN"] = (
            (env or {}).get("ACTION_SERVER_TOKEN") or SETTINGS.action_server_token or secrets.token_hex(24)
        )
        action_port = free_port()
        # The endpoints every replica shares: PostgreSQL through TRACKER_DB_URL (masked like every
        # store; the URL and the action token stay in the environment) and one Redis lock per
        # conversation across all replicas, so a conversation's turns never overlap.
        app_env["LOCK_STORE_URL"] = f"redis://127.0.0.1:{redis.port}/{LOCK_STORE_DB}"
        endpoints, credentials = config.write(
            workdir, action_port, config.database_tracker_store(), settings=load_settings(app_env)
        )
        actions = _spawn("actions", processes.action_server_command(action_port), action_port, workdir, app_env)
        services.append(actions)
        replica_services = []
        for i, port in enumerate(ports):
            s = _spawn(
                f"rasa-{i}", processes.rasa_server_command(MODEL, endpoints, credentials, port), port, workdir, app_env
            )
            services.append(s)
            replica_services.append(s)

        started = time.monotonic()
        _wait_until(
            lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=5).ok,
            [actions],
            startup_timeout,
            "action server",
        )
        for s in replica_services:
            remaining = max(1.0, startup_timeout - (time.monotonic() - started))
            _wait_until(lambda s=s: _rest_ready(f"http://127.0.0.1:{s.port}"), services, remaining, s.name)
        if warm_up:
            for i, s in enumerate(replica_services):
                _warm_up(f"http://127.0.0.1:{s.port}", i)

        nginx = start_nginx(
            workdir,
            ports,
            base_env,
            port=public if nginx_port else None,
            read_timeout=proxy_read_timeout,
            fail_timeout=fail_timeout,
        )
        services.append(nginx)
        cluster = ScaleOut(
            workdir=workdir,
            db_url=db_url,
            redis=redis,
            actions=actions,
            replicas=replica_services,
            nginx=nginx,
            nginx_conf=workdir / "nginx" / "nginx.conf",
            services=services,
            proxy_read_timeout=int(proxy_read_timeout),
            fail_timeout=int(fail_timeout),
        )
        yield cluster
    finally:
        stop_services(list(reversed(services)))
        if own_dir and not SETTINGS.scale_keep_workdir:
            shutil.rmtree(workdir, ignore_errors=True)


# ---- CLI ---------------------------------------------------------------------------------


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Rasa server replicas (default 2)")
    parser.add_argument(
        "--db-url",
        default=SETTINGS.tracker_db_url or None,
        help="PostgreSQL URL of the tracker store (default: $TRACKER_DB_URL, " "else a throwaway local cluster)",
    )
    parser.add_argument("--port", type=int, default=None, help="nginx port (default: a free one)")
    parser.add_argument(
        "--read-timeout",
        type=int,
        default=PROXY_READ_TIMEOUT_S,
        help=f"nginx proxy_read_timeout in s: a replica silent that long is treated as hung "
        f"and the request retried on another (default {PROXY_READ_TIMEOUT_S}, production)",
    )
    parser.add_argument(
        "--fail-timeout",
        type=int,
        default=FAIL_TIMEOUT_S,
        help=f"nginx fail_timeout in s: how long a failed replica is left out "
        f"(default {FAIL_TIMEOUT_S}, production)",
    )
    args = parser.parse_args(argv)

    def stop(signum, _frame):
        raise KeyboardInterrupt

    # Also SIGINT: a shell starting this in the background hands it SIGINT ignored.
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)
    with contextlib.ExitStack() as stack:
        try:
            db_url = args.db_url
            if not db_url:
                print("No TRACKER_DB_URL: starting a throwaway PostgreSQL cluster...", flush=True)
                db_url = stack.enter_context(throwaway_postgres())
            print(f"Starting Redis, the action server, {args.replicas} Rasa replicas and nginx...", flush=True)
            started = time.monotonic()
            cluster = stack.enter_context(
                scale_out(
                    db_url,
                    replicas=args.replicas,
                    nginx_port=args.port,
                    proxy_read_timeout=args.read_timeout,
                    fail_timeout=args.fail_timeout,
                )
            )
            print(
                f"Ready in {time.monotonic() - started:.0f}s.\n{cluster.summary()}\n\n"
                f"  curl -s -XPOST {cluster.nginx_url}/webhooks/rest/webhook "
                "-H 'Content-Type: application/json' -d '{\"sender\": \"me\", \"message\": \"hi\"}'\n\n"
                "Ctrl-C stops everything.",
                flush=True,
            )
            reported = set()
            while True:
                # A replica may die (try `kill -9 PID`) or hang (`kill -STOP PID`, then -CONT):
                # nginx sends its traffic to the others.
                # The shared services, or the last replica, going away ends the run.
                for s in cluster.services:
                    if not s.alive() and s.name not in reported:
                        reported.add(s.name)
                        print(
                            f"{s.name} (pid {s.pid}) exited with code {s.proc.returncode}; " f"log: {s.log}",
                            file=sys.stderr,
                            flush=True,
                        )
                if not any(r.alive() for r in cluster.replicas) or not all(
                    s.alive() for s in cluster.services if s not in cluster.replicas
                ):
                    print("A shared service or every replica has stopped; stopping the rest.", file=sys.stderr)
                    return 1
                time.sleep(1)
        except KeyboardInterrupt:
            print("\nStopping...", flush=True)
        except (ScaleUpError, PostgresError) as e:
            print(f"scale: {e}", file=sys.stderr)
            return 1
    print("Stopped.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
