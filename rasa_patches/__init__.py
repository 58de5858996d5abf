"""Changes to the behaviour of libraries Rasa pins, where no public extension point exists.

Every patch here is fenced: it is installed only by an explicit call at process start
(`install_http_guard()`), states what it replaces and why, and refuses to run on a version
of the library other than the one it was written and tested against (a newer release may
have fixed the flaw differently, or renamed what the patch relies on). Tests compare each
patch with the live original (tests/unit/test_http_guard.py).

- `sanic_http`: Sanic 21.12's HTTP/1.1 request framing (used by both the Rasa server and
  the action server). One request with `Content-Length: -5` put the server's only event
  loop into an endless busy loop; other malformed framing gave 500s or slow-drip stalls.
"""
from __future__ import annotations

from importlib import metadata
from typing import Dict

# The versions each patch was written for (requirements.lock pins the same).
PINNED: Dict[str, str] = {"sanic": "21.12.2"}


class UnsupportedVersion(RuntimeError):
    """A patched library is not at the version its patch was written for."""


def check_version(distribution: str) -> None:
    installed = metadata.version(distribution)
    wanted = PINNED[distribution]
    if installed != wanted:
        raise UnsupportedVersion(
            f"rasa_patches was written for {distribution}=={wanted} but {installed} is installed. "
            f"Re-check each patch in rasa_patches/ against {distribution} {installed} (the tests in "
            "tests/unit/test_http_guard.py compare them with the live code), then update PINNED.")


def install_http_guard(receive_deadline_s: float = 10.0, max_header_count: int = 100) -> None:
    """Guarded HTTP/1.1 framing for every Sanic server started after this call (idempotent)."""
    check_version("sanic")
    from rasa_patches import sanic_http

    sanic_http.install(receive_deadline_s=receive_deadline_s, max_header_count=max_header_count)
