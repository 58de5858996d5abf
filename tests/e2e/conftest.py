"""Start the real action server and Rasa server on free loopback ports, talk over REST."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests

from launcher import config, processes
from launcher.processes import free_port, tail  # noqa: F401  (free_port: used by the e2e tests)
from tests.support import replies
from twitchcare.settings import PROJECT_ROOT, load_settings

ROOT = PROJECT_ROOT
MODEL = ROOT / "models" / "twitch-assistant.tar.gz"
TEST_EMERGENCY_NUMBER = "112"
STARTUP_TIMEOUT_S = 240
REQUEST_TIMEOUT_S = 30


def action_server_command(port: int) -> list:
    """The action server as `make run` starts it: actions/server.py, on 127.0.0.1, token-checked."""
    return processes.action_server_command(port)


class Bot:
    def __init__(self, base_url: str, db_path: Path):
        self.base_url = base_url
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.db_path = db_path
        self.logs: dict = {}  # name -> log file, set by running_servers

    def send(self, text: str, sender: str | None = None) -> list:
        sender = sender or uuid.uuid4().hex
        r = requests.post(self.url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT_S)
        if not r.ok:  # say why: the status line alone ("400 Bad Request") cannot be diagnosed
            log = self.logs.get("rasa")
            raise AssertionError(
                f"HTTP {r.status_code} for {text!r} (sender {sender}): {r.text[:500]}"
                + (f"\nRasa server log (end):\n{tail(log)}" if log else "")
            )
        return r.json()

    text = staticmethod(replies.text)
    custom = staticmethod(replies.custom)


@contextlib.contextmanager
def running_servers(tmp: Path, env_overrides: dict | None = None, rasa_args: tuple = (), action_args: tuple = ()):
    """Start the action server and the Rasa server on free ports; yield (Bot, ports, logs).

    The configuration files and command lines are the launcher's (launcher/), as for `make run`;
    the channels are chosen from the environment, so channel tests pass their settings in
    `env_overrides`. As with `make run`, the action server gets a fresh ACTION_SERVER_TOKEN (the Rasa
    server sends it), and the HTTP API is on only when RASA_API_TOKEN is given.
    The Bot also carries `processes` ({"actions": Popen, "rasa": Popen}) and `env`, so a
    test can stop the action server and start it again (`action_server_command`).
    `rasa_args` and `action_args` are added to each server's command line (e.g. "--debug").
    """
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (make test does it).")
    action_port, rasa_port = free_port(), free_port()
    db_path = tmp / "conversations.db"
    env = processes.server_env(
        EMERGENCY_NUMBER=TEST_EMERGENCY_NUMBER,
        ALLOWED_ORIGINS=f"http://127.0.0.1:{rasa_port},http://localhost:{rasa_port}",
        ACTION_SERVER_TOKEN=secrets.token_hex(16),
        # The tracker database of this run, for both servers (clinic FAQs, the console's tables).
        **{"TRACKER_DB_URL": f"sqlite:///{db_path}", **(env_overrides or {})},
    )
    endpoints, credentials = config.write(
        tmp, action_port, config.sqlite_tracker_store(db_path), settings=load_settings(env)
    )
    logs = {name: tmp / f"{name}.log" for name in ("actions", "rasa")}
    procs = [
        subprocess.Popen(
            [*action_server_command(action_port), *action_args],
            cwd=ROOT,
            env=env,
            stdout=logs["actions"].open("w"),
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            processes.rasa_server_command(
                MODEL, endpoints, credentials, rasa_port, api_token=env.get("RASA_API_TOKEN", ""), extra=rasa_args
            ),
            cwd=ROOT,
            env=env,
            stdout=logs["rasa"].open("w"),
            stderr=subprocess.STDOUT,
        ),
    ]
    client = Bot(f"http://127.0.0.1:{rasa_port}", db_path)
    client.processes, client.env, client.logs = dict(zip(logs, procs)), env, logs
    started = time.monotonic()
    try:
        while True:
            for p, name in zip(procs, logs):
                if p.poll() is not None:
                    pytest.fail(f"{name} server exited early:\n{tail(logs[name])}")
            try:
                health = requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2)
                if health.ok and client.send("hello", sender="startup-probe"):
                    break
            except requests.RequestException:
                pass
            if time.monotonic() - started > STARTUP_TIMEOUT_S:
                pytest.fail(f"servers not ready after {STARTUP_TIMEOUT_S}s:\n{tail(logs['rasa'])}")
            time.sleep(1)
        print(f"\nservers ready in {time.monotonic() - started:.1f}s")
        yield client, {"rasa": rasa_port, "actions": action_port}, logs
    finally:
        processes.stop_all(procs)


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    with running_servers(tmp_path_factory.mktemp("servers")) as (client, _, _):
        yield client
