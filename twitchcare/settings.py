"""Settings read once from the environment. Everything configurable lives here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Tuple

from twitchcare import clinic as clinic_profile
from twitchcare import json_limits

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Wording used when a deployment has not set EMERGENCY_NUMBER: it must be right in any country.
GENERIC_EMERGENCY_NUMBER = "your local emergency number (for example 911 in the US, 999 in the UK, 112 in the EU)"
# Defaults of the input limits (overridable with the environment variables of the same name).
MAX_MESSAGE_CHARS = 2000  # characters of one user message
MAX_REQUEST_BYTES = 65536  # bytes of one HTTP request body or socket.io packet
HTTP_RECEIVE_DEADLINE_S = 10.0  # seconds to receive one whole HTTP request (head and body)


def _list(env: Mapping[str, str], name: str, default: str) -> Tuple[str, ...]:
    return tuple(x.strip() for x in env.get(name, default).split(",") if x.strip())


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    try:
        return float(env.get(name, default))
    except ValueError:
        return default


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        value = int(env.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    clinic: clinic_profile.Clinic
    clinic_faq_path: Path
    # Where the handoff outbox (undelivered clinic webhooks) is kept.
    handoff_outbox_path: Path
    handoff_retry_interval_s: float
    emergency_number: str
    # BM25 score a free-text match needs before it is offered as an answer.
    retrieval_min_score: float
    # Web pages allowed to embed the chat widget (CORS and socket.io origins).
    allowed_origins: Tuple[str, ...]
    # Timeout for every call to a channel's API (Telegram, Slack), in seconds.
    channel_timeout_s: float
    # Telegram: enabled when token, webhook URL and secret are all set.
    telegram_token: str
    telegram_bot_name: str
    telegram_webhook_url: str
    telegram_secret_token: str
    telegram_api_base: str
    # Slack: enabled when bot token and signing secret are set.
    slack_bot_token: str
    slack_signing_secret: str
    slack_api_base: str
    # -- hardening (docs/security.md); defaults so code building Settings by hand keeps working --
    # Longest user message (in characters) the assistant reads; longer ones get a polite
    # "too long" reply on every channel (channels/rest.py) and never reach the model.
    max_message_chars: int = MAX_MESSAGE_CHARS
    # Largest HTTP request body / socket.io packet the Rasa server accepts (413 above it).
    max_request_bytes: int = MAX_REQUEST_BYTES
    # Shared secret between the Rasa server (endpoints.yml action_endpoint token) and the
    # action server (actions/server.py), which refuses calls without it.
    action_server_token: str = ""
    # Interface the action server listens on (loopback: only this machine can call it).
    action_server_host: str = "127.0.0.1"
    # How long the Rasa server waits for one custom action before apologising
    # (rasa_patches/action_fallback.py); Rasa's own default is 300 s.
    action_timeout_s: float = 15.0
    # Redis for Rasa's lock store (redis://[:password@]host:port/db), e.g. to run several Sanic
    # workers (SANIC_WORKERS) or replicas; empty: Rasa's in-memory lock store, one process.
    lock_store_url: str = ""
    # Seconds from the first byte of an HTTP request to its last (rasa_patches/sanic_http.py):
    # slower requests get 408, however slowly they trickle in (slowloris).
    http_receive_deadline_s: float = HTTP_RECEIVE_DEADLINE_S
    # Shape limits of JSON from the outside (twitchcare/json_limits.py): 400 above them.
    max_json_depth: int = json_limits.MAX_DEPTH
    max_json_keys: int = json_limits.MAX_KEYS
    # -- serving (launcher/): where and how `make run` starts the servers --
    # SQLAlchemy URL of the tracker store (e.g. PostgreSQL); empty: SQLite var/conversations.db.
    tracker_db_url: str = ""
    # Interface and ports `make run` serves on (loopback unless HOST is set).
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    action_port: int = 5055
    model_path: Path = PROJECT_ROOT / "models" / "twitch-assistant.tar.gz"
    # Rasa's own SANIC_WORKERS (server processes); more than 1 needs LOCK_STORE_URL.
    sanic_workers: int = 1
    # The Rasa HTTP API (/conversations, /model...) is on only with this token.
    rasa_api_token: str = ""
    # Keep the scale-out's logs and generated configs after it stops (launcher/scale.py).
    scale_keep_workdir: bool = False
    # -- clinic console (/console/, channels/console.py): on once a staff account exists --
    # A session ends after this many seconds unused, and this many after sign-in at the latest.
    console_session_idle_s: float = 1800.0
    console_session_max_s: float = 12 * 3600.0
    # Wrong passwords in a row that lock an account, and for how many seconds.
    console_max_failures: int = 5
    console_lockout_s: float = 900.0
    # Sign-in attempts allowed per client address per minute (each replica counts its own).
    console_login_rate: int = 10

    @property
    def database_url(self) -> str:
        """The tracker database as an SQLAlchemy URL: TRACKER_DB_URL, else the SQLite file of
        endpoints.yml. The clinic console's tables and the clinic FAQs live there too."""
        return self.tracker_db_url or f"sqlite:///{PROJECT_ROOT / 'var' / 'conversations.db'}"

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token and self.telegram_webhook_url and self.telegram_secret_token)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token and self.slack_signing_secret)


def load_settings(environ: Optional[Mapping[str, str]] = None) -> Settings:
    """The settings of `environ` (default: this process's environment)."""
    env = os.environ if environ is None else environ
    clinic = clinic_profile.load(Path(env.get("CLINIC_PROFILE", PROJECT_ROOT / "clinic" / "profile.yml")), env)
    return Settings(
        knowledge_dir=Path(env.get("KNOWLEDGE_DIR", PROJECT_ROOT / "knowledge")),
        clinic=clinic,
        clinic_faq_path=Path(env.get("CLINIC_FAQ", PROJECT_ROOT / "clinic" / "faq.yml")),
        handoff_outbox_path=Path(env.get("HANDOFF_OUTBOX", PROJECT_ROOT / "var" / "handoff_outbox.db")),
        handoff_retry_interval_s=_float(env, "HANDOFF_RETRY_INTERVAL_S", 60.0),
        # EMERGENCY_NUMBER, else the clinic profile's, else wording right in any country.
        emergency_number=clinic.emergency_number or GENERIC_EMERGENCY_NUMBER,
        retrieval_min_score=_float(env, "RETRIEVAL_MIN_SCORE", 4.0),
        allowed_origins=_list(env, "ALLOWED_ORIGINS", "http://localhost:5005,http://127.0.0.1:5005"),
        channel_timeout_s=_float(env, "CHANNEL_TIMEOUT_S", 10.0),
        telegram_token=env.get("TELEGRAM_TOKEN", ""),
        telegram_bot_name=env.get("TELEGRAM_BOT_NAME", ""),
        telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", ""),
        telegram_secret_token=env.get("TELEGRAM_SECRET_TOKEN", ""),
        telegram_api_base=env.get("TELEGRAM_API_BASE", "https://api.telegram.org").rstrip("/"),
        slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
        slack_api_base=env.get("SLACK_API_BASE", "https://slack.com/api/"),
        max_message_chars=_int(env, "MAX_MESSAGE_CHARS", MAX_MESSAGE_CHARS),
        max_request_bytes=_int(env, "MAX_REQUEST_BYTES", MAX_REQUEST_BYTES),
        action_server_token=env.get("ACTION_SERVER_TOKEN", ""),
        action_server_host=env.get("ACTION_SERVER_HOST", "127.0.0.1"),
        action_timeout_s=_float(env, "ACTION_TIMEOUT_S", 15.0),
        lock_store_url=env.get("LOCK_STORE_URL", ""),
        http_receive_deadline_s=_float(env, "HTTP_RECEIVE_DEADLINE_S", HTTP_RECEIVE_DEADLINE_S),
        max_json_depth=_int(env, "MAX_JSON_DEPTH", json_limits.MAX_DEPTH),
        max_json_keys=_int(env, "MAX_JSON_KEYS", json_limits.MAX_KEYS),
        tracker_db_url=env.get("TRACKER_DB_URL", ""),
        host=env.get("HOST", "127.0.0.1"),
        rasa_port=_int(env, "RASA_PORT", 5005),
        action_port=_int(env, "ACTION_PORT", 5055),
        model_path=Path(env.get("MODEL", PROJECT_ROOT / "models" / "twitch-assistant.tar.gz")),
        sanic_workers=_int(env, "SANIC_WORKERS", 1),
        rasa_api_token=env.get("RASA_API_TOKEN", ""),
        scale_keep_workdir=env.get("SCALE_KEEP_WORKDIR", "") not in ("", "0"),
        console_session_idle_s=_float(env, "CONSOLE_SESSION_IDLE_S", 1800.0),
        console_session_max_s=_float(env, "CONSOLE_SESSION_MAX_S", 12 * 3600.0),
        console_max_failures=_int(env, "CONSOLE_MAX_FAILURES", 5),
        console_lockout_s=_float(env, "CONSOLE_LOCKOUT_S", 900.0),
        console_login_rate=_int(env, "CONSOLE_LOGIN_RATE", 10),
    )


SETTINGS = load_settings()
