"""JSON with shape limits for python-socketio's packets (the widget's socket.io channel).

Replaces: `socketio.packet.Packet.json`, the `json`-like module python-socketio 5 parses every
packet's payload with (a class attribute; python-socketio documents assigning it), with
`twitchcare.json_limits.LimitedJson`, whose `loads` checks the shape first.

Why: Python's json recurses once per nesting level; a socket.io packet of `[[[[...` raised
RecursionError inside python-socketio's packet decoder instead of being dropped as malformed.
"""

from __future__ import annotations

from socketio import packet

from rasa_patches import Patch
from twitchcare.json_limits import LimitedJson

PATCH = Patch(
    name="socketio_json",
    owner=packet.Packet,
    attribute="json",
    replacement=LimitedJson,
    replaces="socketio.packet.Packet.json (the JSON module socket.io packets are parsed with)",
    why="a deeply nested socket.io packet raised RecursionError in the packet decoder instead of "
    "being dropped as malformed (tests/e2e/test_hardening.py)",
    gain="deeply nested packets are dropped; cost: one linear scan of each packet before parsing",
)
