"""Action server entry point: rasa-sdk's server, on loopback, answering only the Rasa server.

    python -m actions.server --actions actions --port 5055 [--host 127.0.0.1] [--quiet]

Started by the launcher (launcher/processes.py) for `make run`, the tests and the scale-out instead of `rasa run actions`, which
in rasa-sdk 3.6 has no host option (it binds 0.0.0.0 unless SANIC_HOST is set) and
checks no credentials. This wraps `rasa_sdk.endpoint.create_app` and adds:

- `--host`, default ACTION_SERVER_HOST (twitchcare.settings, default 127.0.0.1), so
  only processes on this machine can reach it;
- a shared secret, ACTION_SERVER_TOKEN: every request except GET /health must carry it,
  as the `token` query parameter (what Rasa sends for `token:` in endpoints.yml's
  action_endpoint) or as `Authorization: Bearer <token>`; anything else gets 401 and
  runs no action. The server refuses to start without a token;
- malformed bodies get 400 instead of rasa-sdk's 500, and so do bodies nested deeper than
  MAX_JSON_DEPTH (checked before parsing: Python's json recurses per level);
- a warm start: the readers (spaCy's matcher, the spelling tolerance) and the knowledge base
  are loaded before the server listens, so /health answers only once the first message can be
  read at full speed (loaded lazily, the first intake message of a cold server waited for them
  and the requests queued behind it ran into the receive deadline);
- the guarded HTTP framing of rasa_patches (bad Content-Length, smuggling, slowloris: 4xx
  and the connection closed, never a hung process) and log masking on every logger,
  installed in `main` before the server starts; Sanic's access log is off (it would print
  the token from the query string).

TensorFlow is hidden from this process: spaCy's `thinc` imports it whenever it is installed
(Rasa needs it), but the actions only use spaCy's rule-based matcher and lemma tables. Without
it the action server takes about 130 MB instead of 500 MB and starts 2 s sooner
(docs/benchmark.md); the matcher's output is the same (tests/unit/test_nlp.py runs both ways).
"""

# ruff: noqa: E402  (TensorFlow must be hidden before anything imports spaCy)
from __future__ import annotations

import sys

sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]  # must precede any spaCy import

import hmac
import logging
import time
import types
from typing import List, Optional, Text, Union

from rasa_sdk import utils
from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
from rasa_sdk.endpoint import create_app as create_sdk_app
from rasa_sdk.endpoint import create_argument_parser, create_ssl_context
from rasa_sdk.plugin import plugin_manager
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

import rasa_patches
from twitchcare import json_limits
from twitchcare.privacy import install_log_masking
from twitchcare.settings import SETTINGS

logger = logging.getLogger("actions.server")  # also when run as __main__
OPEN_PATHS = {"/health"}


def presented_token(request: Request) -> Text:
    token = request.args.get("token")
    if token:
        return token
    authorization = request.headers.get("Authorization", "")
    return authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""


def create_app(
    action_package: Union[Text, types.ModuleType],
    token: Text,
    cors_origins: Union[Text, List[Text], None] = None,
    auto_reload: bool = False,
) -> Sanic:
    """rasa-sdk's app with the token check; `token` must not be empty."""
    if not token:
        raise ValueError("the action server needs a non-empty ACTION_SERVER_TOKEN")
    app = create_sdk_app(action_package, cors_origins=cors_origins, auto_reload=auto_reload)
    expected = token.encode("utf-8")

    @app.middleware("request")
    async def require_token(request: Request) -> Optional[HTTPResponse]:
        # Sanic 21.12 also runs request middleware for the error answer to a request it refused
        # before routing (a bad head: 400/413/431); that answer must keep its status.
        if request.path in OPEN_PATHS or getattr(request, "route", None) is None:
            return None
        if not hmac.compare_digest(presented_token(request).encode("utf-8"), expected):
            logger.warning(
                "Refused an action server request without the right token: %s %s", request.method, request.path
            )
            return response.json({"error": "unauthorized"}, status=401)
        # Trackers are long but shallow: only the nesting depth is limited here.
        if request.body and json_limits.check_shape(request.body, SETTINGS.max_json_depth, max_keys=10**9):
            return response.json(
                {"error": f"the JSON body is nested more than {SETTINGS.max_json_depth} " "levels deep"}, status=400
            )
        return None

    # rasa-sdk answers every exception with 500; Sanic's own 4xx (a malformed body, a request
    # over the size limit, one that arrived too slowly) keep their status.
    @app.exception(SanicException)
    async def client_error(request: Request, exception: SanicException) -> HTTPResponse:
        return response.json({"error": str(exception)}, status=getattr(exception, "status_code", 500) or 500)

    return app


def warm_up() -> float:
    """Load what the first message would otherwise wait for; the seconds it took."""
    from twitchcare import knowledge, nlp  # (after TensorFlow is hidden)

    started = time.monotonic()
    nlp.default_matcher()  # spaCy's pipeline and the readers' spelling corrector with it
    knowledge.default_kb()
    return time.monotonic() - started


def main(argv: Optional[List[Text]] = None) -> int:
    parser = create_argument_parser()
    parser.add_argument(
        "--host",
        default=SETTINGS.action_server_host,
        help="interface to listen on (default: ACTION_SERVER_HOST or 127.0.0.1)",
    )
    args = parser.parse_args(argv)
    if not SETTINGS.action_server_token:
        print(
            "ACTION_SERVER_TOKEN is not set: the action server would run actions for anyone. "
            "Set it to a random secret (`make run` generates one) and give the Rasa server the "
            "same value (endpoints.yml action_endpoint token).",
            file=sys.stderr,
        )
        return 2

    # The logging set-up of `rasa run actions` (rasa_sdk.__main__.main_from_args).
    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME), args.log_file, args.loglevel, args.logging_config_file
    )
    utils.update_sanic_log_level()

    install_log_masking()
    if not rasa_patches.install_at_start("actions"):
        return 2
    app = create_app(args.actions or "actions", SETTINGS.action_server_token, args.cors, args.auto_reload)
    app.config.REQUEST_TIMEOUT = SETTINGS.http_receive_deadline_s
    app.config.ACCESS_LOG = False
    # Before the socket is served (each Sanic worker loads its own).
    app.register_listener(
        lambda *_: logger.info("Readers and knowledge loaded in %.1f s", warm_up()), "before_server_start"
    )
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    protocol = "https" if ssl_context else "http"
    logger.info("Action endpoint is up and running on %s://%s:%s (token required)", protocol, args.host, args.port)
    app.run(args.host, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    sys.exit(main())
