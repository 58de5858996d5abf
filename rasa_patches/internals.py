"""Private parts of Rasa and its pinned libraries that this project uses without replacing them.

Subclassing a public extension point (a channel, a tracker store) sometimes still needs a
private name of the parent. Each use is listed here with the text it relies on in the live
library source; tests/unit/test_rasa_patches.py checks every one against the installed
version, so an upgrade that renames or removes one fails a test instead of the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Text


@dataclass(frozen=True)
class Internal:
    owner: Any  # the class or function whose source must still contain `needle`
    needle: Text
    used_by: Text
    why: Text


def relied_on() -> List[Internal]:
    from aiogram.bot.base import BaseBot
    from rasa.core.channels.socketio import SocketIOInput
    from rasa.core.channels.telegram import TelegramOutput
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.engine.runner.dask import DaskGraphRunner

    return [
        Internal(
            SQLTrackerStore,
            "def _event_query(",
            "addons/tracker_store.py",
            "counts a conversation's stored events with Rasa's own query",
        ),
        Internal(
            DaskGraphRunner.__init__,
            "self._graph_schema = graph_schema",
            "rasa_patches/speedups.py",
            "SequentialGraphRunner plans the nodes of the graph schema Rasa's runner keeps",
        ),
        Internal(
            DaskGraphRunner.__init__,
            "self._instantiated_nodes",
            "rasa_patches/speedups.py",
            "SequentialGraphRunner calls the nodes Rasa's runner instantiated",
        ),
        Internal(
            SocketIOInput.blueprint,
            '@sio.on("session_request", namespace=self.namespace)',
            "channels/widget.py",
            "the widget registers its own session_request handler in place of Rasa's, which calls "
            "enter_room without await on python-socketio 5 (the browser never joined its room)",
        ),
        Internal(
            SocketIOInput.blueprint,
            "@sio.on(self.user_message_evt, namespace=self.namespace)",
            "channels/widget.py",
            "the widget's message handler (screening, multi-select) replaces Rasa's",
        ),
        Internal(
            TelegramOutput.__init__,
            "super().__init__(access_token)",
            "channels/telegram.py",
            "TelegramOutput calls aiogram's Bot.__init__ itself to pass the API server and a timeout, "
            "which Rasa's TelegramOutput.__init__ does not take; it must do nothing else",
        ),
        Internal(
            BaseBot,
            "self._session: Optional[aiohttp.ClientSession] = None",
            "channels/telegram.py",
            "closes aiogram's HTTP session at server stop only when one was opened",
        ),
    ]
