"""Whether the HTTP client of a webhook request has already gone.

Behind nginx (deploy/, launcher/scale.py), a turn sent to a replica that hangs is retried on
another replica once nginx's read timeout passes, and nginx closes the first connection. The
request still sits in the hung replica's socket; when the replica resumes, Sanic reads it and
would handle it, storing the turn a second time (a turn answered without any wait, such as a
reply from a response template, is handled before Sanic notices the closed connection and
cancels). The webhooks call `reply_if_client_gone` before handing a message to Rasa and drop a
request nobody is waiting for: the retry has answered it.
"""

from __future__ import annotations

import logging
import socket
from typing import Any, Optional

from sanic import response
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def reply_if_client_gone(request: Any, what: str) -> Optional[HTTPResponse]:
    """The empty reply for a request whose client has gone (its message is not handled; logged
    without any content, `what` names the kind of request), or None when it is to be handled."""
    if not client_gone(request):
        return None
    logger.info("%s not handled: its client closed the connection first (a retried delivery)", what)
    return response.empty()


def client_gone(request: Any) -> bool:
    """True when the request's connection is closed or its peer has closed it (FIN or reset
    already received); False when the client may still read the reply or this cannot be told.

    The check peeks at the socket without consuming anything: the request itself has been read,
    so an empty read means end of stream. A client that pipelines its next request has bytes
    waiting and is still there. Sanic treats a half-closed connection as gone too (it cancels
    the handler when the end of stream arrives); this only tells it before the handler starts.
    """
    transport = getattr(request, "transport", None)
    if transport is None:
        return False
    if transport.is_closing():
        return True
    sock = transport.get_extra_info("socket")
    if sock is None:
        return False
    try:
        # a duplicate of the descriptor: the transport's own socket object is not for reading
        with socket.fromfd(sock.fileno(), sock.family, sock.type) as peek:
            return peek.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False  # nothing to read: the client is waiting for the reply
    except ConnectionError:
        return True  # reset by the peer
    except OSError:
        return False
