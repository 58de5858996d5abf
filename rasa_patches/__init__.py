"""Every change this project makes to the behaviour of Rasa or a library Rasa pins (Sanic,
rasa-sdk) where no public extension point exists. Nothing else in the tree patches them.

Fenced:
- nothing is changed on import: `install(server)` is the one explicit call, made at process
  start by the launcher (`launcher/rasa_server.py` for the Rasa server, `actions/server.py`
  for the action server);
- `install` refuses to run (`UnsupportedVersion`, with what to do) when an installed version
  differs from the one the patches were written and tested against (`PINNED`, the same pins
  as requirements.lock): a newer release may have fixed a flaw differently or renamed what a
  patch relies on;
- each patch is a `Patch` record stating what it replaces, why, and its measured gain
  (`make bench-patches` re-measures them); it keeps the live original, which the tests
  (tests/unit/test_rasa_patches.py, tests/unit/test_http_guard.py) run on the same inputs.

The patches (`describe()` prints this table):
- `sanic_http`: guarded HTTP/1.1 request framing (both servers): malformed framing hung or
  crashed the server.
- `socketio_json`: socket.io packets parsed with JSON shape limits (the widget's channel).
- `internals`: private names used without replacing them (a tested list).
- `action_fallback`: `RemoteAction.run` with a time limit and an apology carrying the
  emergency number, instead of silence, when the action server fails.
- `speedups`: three hot spots of Rasa 3.6 replaced by equivalent code (action response
  validation, event class lookup, the prediction graph runner); a fourth (kept-alive action
  server connections) was dropped: 0.25 ms per call did not justify its risk.
- `inference_load`: the intent model (DIET) loaded to answer without first running a training
  step on one example, its prediction traced without AutoGraph: about 3 s, and 4 s of CPU, of
  every Rasa start and in-process model load.
- `model_package` (training only: `install("train")`): the trained model's archive written at
  gzip level 1 instead of 9: 82 s -> 3.5 s at the end of every `make train`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, Dict, List, Text

# The versions the patches were written for (requirements.lock pins the same; a unit test checks).
PINNED: Dict[str, str] = {"rasa": "3.6.21", "rasa-sdk": "3.6.2", "sanic": "21.12.2", "python-socketio": "5.18.1"}

# Which libraries each kind of process patches (the action server has no Rasa core).
SERVERS: Dict[str, tuple] = {
    "rasa": ("rasa", "sanic", "python-socketio"),
    "actions": ("rasa-sdk", "sanic"),
    "train": ("rasa",),  # `rasa train` (make train): only the model's packing
}


class UnsupportedVersion(RuntimeError):
    """A patched library is not at the version its patches were written for."""


@dataclass
class Patch:
    """One attribute of a library replaced by this project's code."""

    name: Text
    owner: Any  # the class or module whose attribute is replaced
    attribute: Text
    replacement: Any  # what is stored on `owner` (a staticmethod stays wrapped)
    replaces: Text
    why: Text
    gain: Text
    original: Any = field(init=False)  # what `owner` held when this record was made

    def __post_init__(self) -> None:
        self.original = vars(self.owner)[self.attribute]

    def apply(self) -> None:
        setattr(self.owner, self.attribute, self.replacement)

    def installed(self) -> bool:
        return vars(self.owner).get(self.attribute) is self.replacement

    def restore(self) -> None:
        """Put the original back (tests only)."""
        setattr(self.owner, self.attribute, self.original)


def check_version(distribution: str) -> None:
    installed = metadata.version(distribution)
    wanted = PINNED[distribution]
    if installed != wanted:
        raise UnsupportedVersion(
            f"rasa_patches was written for {distribution}=={wanted} but {installed} is installed. "
            f"Re-check each patch in rasa_patches/ against {distribution} {installed} (the tests in "
            "tests/unit/test_rasa_patches.py and test_http_guard.py compare them with the live code), "
            "then update rasa_patches.PINNED and requirements.lock together."
        )


def patches(server: str) -> List[Patch]:
    """The patches a server process installs, in order."""
    from rasa_patches import sanic_http

    if server == "actions":
        return [sanic_http.PATCH]
    if server == "train":
        from rasa_patches import model_package

        return [model_package.PATCH]
    if server != "rasa":
        raise ValueError(f"server must be one of {sorted(SERVERS)}, not {server!r}")
    from rasa_patches import action_fallback, inference_load, socketio_json, speedups

    return [sanic_http.PATCH, socketio_json.PATCH, action_fallback.PATCH, *speedups.PATCHES, inference_load.PATCH]


def install(server: str) -> List[Patch]:
    """Check the pinned versions, then install every patch of `server` (idempotent)."""
    for distribution in SERVERS.get(server, ()):
        check_version(distribution)
    from rasa_patches import sanic_http
    from twitchcare.settings import SETTINGS

    sanic_http.configure(receive_deadline_s=SETTINGS.http_receive_deadline_s)
    chosen = patches(server)
    for patch in chosen:
        patch.apply()
    return chosen


def install_at_start(server: str) -> bool:
    """`install` for a process entry point: False (with the reason on stderr) when it must not start."""
    import sys

    try:
        install(server)
    except UnsupportedVersion as error:
        print(f"Not starting: {error}", file=sys.stderr)
        return False
    return True


def describe(server: str = "rasa") -> str:
    """A plain-text table of the patches: what each replaces, why, and its measured gain."""
    lines = []
    for patch in patches(server):
        lines += [f"{patch.name}: replaces {patch.replaces}", f"  why: {patch.why}", f"  gain: {patch.gain}"]
    return "\n".join(lines)
