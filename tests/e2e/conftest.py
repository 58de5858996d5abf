"""Start the real action server and Rasa server on free loopback ports, talk over REST."""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "twitch-assistant.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
TEST_EMERGENCY_NUMBER = "112"
STARTUP_TIMEOUT_S = 240
REQUEST_TIMEOUT_S = 30


def action_server_command(port: int) -> list:
    """The action server as scripts/run.sh starts it: actions/server.py, on 127.0.0.1, token-checked."""
    return [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", str(port)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Bot:
    def __init__(self, base_url: str, db_path: Path):
        self.base_url = base_url
        self.url = f"{base_url}/webhooks/rest/webhook"
        self.db_path = db_path

    def send(self, text: str, sender: str | None = None) -> list:
        sender = sender or uuid.uuid4().hex
        r = requests.post(self.url, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT_S)
        r.raise_for_status()
        return r.json()

    @staticmethod
    def text(messages: list) -> str:
        return "\n".join(m.get("text", "") for m in messages)

    @staticmethod
    def custom(messages: list) -> dict:
        merged: dict = {}
        for m in messages:
            merged.update(m.get("custom") or {})
        return merged


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="ignore").splitlines()[-lines:]) if path.exists() else ""


@contextlib.contextmanager
def running_servers(tmp: Path, env_overrides: dict | None = None, rasa_args: tuple = (), action_args: tuple = ()):
    """Start the action server and the Rasa server on free ports; yield (Bot, ports, logs).

    The channels are chosen from the environment exactly as `make run` does
    (scripts/credentials.py), so channel tests pass their settings in `env_overrides`.
    As in scripts/run.sh, the action server gets a fresh ACTION_SERVER_TOKEN (the Rasa
    server sends it), and the HTTP API is on only when RASA_API_TOKEN is given.
    The Bot also carries `processes` ({"actions": Popen, "rasa": Popen}) and `env`, so a
    test can stop the action server and start it again (`action_server_command`).
    `rasa_args` and `action_args` are added to each server's command line (e.g. "--debug").
    """
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (make test does it).")
    action_port, rasa_port = free_port(), free_port()
    db_path = tmp / "conversations.db"
    endpoints = tmp / "endpoints.yml"
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "EMERGENCY_NUMBER": TEST_EMERGENCY_NUMBER,
           "ALLOWED_ORIGINS": f"http://127.0.0.1:{rasa_port},http://localhost:{rasa_port}",
           "ACTION_SERVER_TOKEN": secrets.token_hex(16),
           **(env_overrides or {})}
    endpoints.write_text(json.dumps({
        "action_endpoint": {"url": f"http://127.0.0.1:{action_port}/webhook", "token": env["ACTION_SERVER_TOKEN"]},
        "tracker_store": {"type": "addons.tracker_store.PrivacySQLTrackerStore", "dialect": "sqlite",
                          "db": str(db_path)},
    }))
    api_args = ["--enable-api", "--auth-token", env["RASA_API_TOKEN"]] if env.get("RASA_API_TOKEN") else []
    credentials = tmp / "credentials.yml"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "credentials.py"), str(credentials)],
                   env=env, check=True)
    logs = {name: tmp / f"{name}.log" for name in ("actions", "rasa")}
    procs = [
        subprocess.Popen([*action_server_command(action_port), *action_args],
                         cwd=ROOT, env=env, stdout=logs["actions"].open("w"), stderr=subprocess.STDOUT),
        subprocess.Popen([RASA, "run", "--model", str(MODEL), "--endpoints", str(endpoints),
                          "--credentials", str(credentials), "--port", str(rasa_port),
                          "--interface", "127.0.0.1", *api_args, *rasa_args],
                         cwd=ROOT, env=env, stdout=logs["rasa"].open("w"), stderr=subprocess.STDOUT),
    ]
    client = Bot(f"http://127.0.0.1:{rasa_port}", db_path)
    client.processes, client.env = dict(zip(logs, procs)), env
    started = time.monotonic()
    try:
        while True:
            for p, name in zip(procs, logs):
                if p.poll() is not None:
                    pytest.fail(f"{name} server exited early:\n{_tail(logs[name])}")
            try:
                health = requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2)
                if health.ok and client.send("hello", sender="startup-probe"):
                    break
            except requests.RequestException:
                pass
            if time.monotonic() - started > STARTUP_TIMEOUT_S:
                pytest.fail(f"servers not ready after {STARTUP_TIMEOUT_S}s:\n{_tail(logs['rasa'])}")
            time.sleep(1)
        print(f"\nservers ready in {time.monotonic() - started:.1f}s")
        yield client, {"rasa": rasa_port, "actions": action_port}, logs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()


@pytest.fixture(scope="session")
def bot(tmp_path_factory):
    with running_servers(tmp_path_factory.mktemp("servers")) as (client, _, _):
        yield client
