"""Command lines of the assistant's two servers, free ports and waiting for readiness.

Every caller (`launcher.run`, `launcher.scale`, the end-to-end tests, the benchmark) starts
the servers with these command lines, so each process gets the same set-up:
- the action server: `actions/server.py` (rasa-sdk's server on loopback, token-checked);
- the Rasa server: `launcher/rasa_server.py` (Rasa's CLI after log masking and rasa_patches).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple, Type


# Environment every server process gets (quiet TensorFlow, no telemetry, no .pyc in the tree).
QUIET_ENV: Dict[str, str] = {
    "RASA_TELEMETRY_ENABLED": "false",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}


def server_env(**overrides: str) -> Dict[str, str]:
    """This process's environment with QUIET_ENV and `overrides` applied."""
    return {**os.environ, **QUIET_ENV, **overrides}


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def action_server_command(port: int, host: str = "127.0.0.1", quiet: bool = False) -> List[str]:
    command = [sys.executable, "-m", "actions.server", "--actions", "actions", "--port", str(port), "--host", host]
    return command + (["--quiet"] if quiet else [])


def rasa_command(*args: str) -> List[str]:
    """Any Rasa CLI command (run, shell) through the launcher: patches and log masking first."""
    return [sys.executable, "-m", "launcher.rasa_server", *args]


def rasa_server_command(
    model: Path,
    endpoints: Path,
    credentials: Path,
    port: int,
    interface: str = "127.0.0.1",
    api_token: str = "",
    quiet: bool = False,
    extra: Sequence[str] = (),
) -> List[str]:
    """`rasa run` as the product serves: the HTTP API only with a token."""
    command = rasa_command(
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--port",
        str(port),
        "--interface",
        interface,
    )
    if api_token:
        command += ["--enable-api", "--auth-token", api_token]
    return command + (["--quiet"] if quiet else []) + list(extra)


def stop_all(processes: Sequence["subprocess.Popen[bytes]"], timeout: float = 20) -> None:
    """SIGTERM every process still running, then wait; SIGKILL those that outlive `timeout`."""
    for p in processes:
        if p.poll() is None:
            p.terminate()
    for p in processes:
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def tail(path: Path, lines: int = 40) -> str:
    """The end of a log file ('' when there is none)."""
    return "\n".join(path.read_text(errors="ignore").splitlines()[-lines:]) if path.exists() else ""


def wait_until(
    ready: Callable[[], bool],
    timeout: float,
    what: str,
    exited: Optional[Callable[[], Optional[str]]] = None,
    interval: float = 0.5,
    not_yet: Tuple[Type[BaseException], ...] = (Exception,),
) -> float:
    """Poll `ready()` until it is true; return the seconds waited.

    `exited()` returns a message when a process it watches has ended (stop waiting at once).
    Exceptions of the `not_yet` types from `ready()` count as "not yet". Raises TimeoutError or
    RuntimeError.
    """
    started = time.monotonic()
    while True:
        message = exited() if exited else None
        if message:
            raise RuntimeError(message)
        try:
            if ready():
                return time.monotonic() - started
        except not_yet:  # not ready yet (connection refused, 5xx...)
            pass
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"{what} not ready after {timeout:.0f}s")
        time.sleep(interval)
