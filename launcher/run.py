"""What `make run` and `make shell` start: the action server and the Rasa server together.

    python -m launcher.run          REST on http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook
    python -m launcher.run shell    chat in this terminal instead

Ctrl-C stops both. Security (docs/security.md): the action server listens on 127.0.0.1 only
and answers only calls carrying ACTION_SERVER_TOKEN (a random one is made per start when
unset); the Rasa HTTP API is off unless RASA_API_TOKEN is set, and then every call needs it.
The Rasa server listens on 127.0.0.1 (this machine only) unless HOST is set, e.g.
HOST=0.0.0.0 behind the nginx of deploy/ (README: "Serving to the internet").
"""

from __future__ import annotations

import secrets
import signal
import subprocess
import sys
import time
from typing import List, Optional

import requests
from sqlalchemy.exc import SQLAlchemyError

from launcher import config, processes
from twitchcare.settings import PROJECT_ROOT, SETTINGS

VAR = PROJECT_ROOT / "var"  # the SQLite tracker store (endpoints.yml) and generated configs
STARTUP_TIMEOUT_S = 120


def banner() -> str:
    local = SETTINGS.host == "127.0.0.1"
    port = SETTINGS.rasa_port
    return f"""
The twitching assistant is running (Ctrl-C stops it).
  Listening on {SETTINGS.host}:{port}{" (this machine only; set HOST to serve others)" if local else ""}
  REST:  curl -s -XPOST http://127.0.0.1:{port}/webhooks/rest/webhook \\
           -H 'Content-Type: application/json' -d '{{"sender": "me", "message": "hi"}}'
  Widget demo page: http://127.0.0.1:{port}/webhooks/widget/
  Actions server: http://127.0.0.1:{SETTINGS.action_port}/health (this machine only; calls need ACTION_SERVER_TOKEN)
  HTTP API: {"on, every call needs RASA_API_TOKEN" if SETTINGS.rasa_api_token else "off (set RASA_API_TOKEN to enable it)"}
  Conversations are stored in {"TRACKER_DB_URL" if SETTINGS.tracker_db_url else "var/conversations.db (SQLite)"}.
{console_line(port)}"""


def console_line(port: int) -> str:
    """Where the clinic console is, or how to switch it on."""
    try:
        enabled = config.console_enabled()
    except SQLAlchemyError as error:
        return f"  Clinic console: cannot read the tracker database ({type(error).__name__})."
    if enabled:
        return f"  Clinic console (staff): http://127.0.0.1:{port}/console/"
    return (
        "  Clinic console: off until a staff account exists. Create one with\n"
        "    .venv/bin/python -m scripts.console_user NAME   (asks for a password; stores a salted hash)\n"
        "  then restart `make run`."
    )


def main(argv: Optional[List[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    shell = args[:1] == ["shell"]
    if not SETTINGS.model_path.exists():
        print(f"No model at {SETTINGS.model_path}: run 'make run' (it trains first).", file=sys.stderr)
        return 1
    # Shared secret between the Rasa server (endpoints.yml reads it) and the action server.
    env = processes.server_env(ACTION_SERVER_TOKEN=SETTINGS.action_server_token or secrets.token_hex(24))
    try:
        tracker_store = config.database_tracker_store() if SETTINGS.tracker_db_url else None
        endpoints, credentials = config.write(VAR, SETTINGS.action_port, tracker_store=tracker_store)
    except ValueError as error:  # a malformed LOCK_STORE_URL
        print(f"Not starting: {error}", file=sys.stderr)
        return 1
    if SETTINGS.sanic_workers > 1 and not SETTINGS.lock_store_url:
        print(
            f"SANIC_WORKERS={SETTINGS.sanic_workers} needs LOCK_STORE_URL (redis://host:6379/1); "
            "Rasa will run one worker.",
            file=sys.stderr,
        )

    started: List[subprocess.Popen] = []

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        started.append(
            subprocess.Popen(
                processes.action_server_command(SETTINGS.action_port, quiet=True), cwd=PROJECT_ROOT, env=env
            )
        )
        if shell:
            return subprocess.call(
                processes.rasa_command(
                    "shell", "--model", str(SETTINGS.model_path), "--endpoints", str(endpoints), "--quiet"
                ),
                cwd=PROJECT_ROOT,
                env=env,
            )
        rasa = subprocess.Popen(
            processes.rasa_server_command(
                SETTINGS.model_path,
                endpoints,
                credentials,
                SETTINGS.rasa_port,
                interface=SETTINGS.host,
                api_token=SETTINGS.rasa_api_token,
                quiet=True,
            ),
            cwd=PROJECT_ROOT,
            env=env,
        )
        started.append(rasa)

        def exited() -> Optional[str]:
            gone = [p for p in started if p.poll() is not None]
            return f"a server exited with code {gone[0].returncode}" if gone else None

        health = f"http://127.0.0.1:{SETTINGS.rasa_port}/webhooks/rest/health"
        try:
            processes.wait_until(
                lambda: requests.get(health, timeout=2).ok,
                STARTUP_TIMEOUT_S,
                "the Rasa server",
                exited=exited,
                interval=1,
            )
            print(banner(), flush=True)
        except TimeoutError as error:
            print(f"{error}; still waiting (see the log above).", file=sys.stderr)
        while exited() is None:
            time.sleep(1)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...")
        return 0
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        # A second Ctrl-C or SIGTERM while stopping (a process manager repeating itself) must not
        # leave servers behind: it kills them at once instead of waiting.
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        try:
            processes.stop_all(started)
        except KeyboardInterrupt:
            for p in started:
                p.kill()
        print("Stopped.")


if __name__ == "__main__":
    sys.exit(main())
