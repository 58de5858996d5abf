"""The Rasa configuration files a server starts with: endpoints and credentials.

Built from the committed `endpoints.yml` (the defaults: SQLite tracker store, the action
server on 127.0.0.1:5055) and the settings (`twitchcare.settings`: channels, lock store).
The action server's token stays a `${ACTION_SERVER_TOKEN}` placeholder that Rasa expands from
the environment when it reads the file, so no secret is written to disk.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import urlsplit, urlunsplit

import yaml

from twitchcare import console_store
from twitchcare.settings import PROJECT_ROOT, SETTINGS, Settings

TRACKER_STORE_CLASS = "addons.tracker_store.PrivacySQLTrackerStore"


def console_enabled(settings: Settings = SETTINGS) -> bool:
    """The clinic console is on once a staff account exists (`python -m scripts.console_user`)."""
    return console_store.has_staff(settings.database_url)


def credentials(settings: Settings = SETTINGS, console: Optional[bool] = None) -> Dict[str, Any]:
    """The channels to run: REST and the widget always; Telegram and Slack when configured;
    the clinic console (/console/) when a staff account exists (`console`: decided by the caller)."""
    channels: Dict[str, Any] = {
        # Rasa's REST channel with input checks and limits (same URL /webhooks/rest/webhook,
        # same replies); it also sets the request size limit of the whole server.
        "channels.rest.HardenedRestInput": None,
        # socket.io for the widget, limited to ALLOWED_ORIGINS, with session persistence.
        "channels.widget.WidgetSocketInput": {
            "user_message_evt": "user_uttered",
            "bot_message_evt": "bot_uttered",
            "session_persistence": True,
        },
        # Serves the widget script and a demo clinic page under /webhooks/widget/.
        "channels.widget.WidgetAssetsInput": None,
    }
    if settings.telegram_enabled:
        channels["channels.telegram.TelegramChannel"] = None
    if settings.slack_enabled:
        channels["channels.slack.SlackChannel"] = None
    if console_enabled(settings) if console is None else console:
        # Staff web page at /console/ (not under /webhooks/): dashboard, conversations, FAQs, handoffs.
        channels["channels.console.ConsoleInput"] = None
    return channels


def lock_store(url: str) -> Dict[str, Any]:
    """Rasa's RedisLockStore settings for redis://[:password@]host[:port][/db] (rediss:// for TLS)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise ValueError(f"LOCK_STORE_URL must look like redis://host:6379/1, not {url!r}")
    db = parts.path.strip("/") or "1"
    if not db.isdigit():
        raise ValueError(f"LOCK_STORE_URL: the database must be a number, not {db!r}")
    config: Dict[str, Any] = {
        "type": "redis",
        "url": parts.hostname,
        "port": parts.port or 6379,
        "db": int(db),
        "use_ssl": parts.scheme == "rediss",
    }
    if parts.password:
        config["password"] = parts.password
    return config


def sqlite_tracker_store(db_path: Path) -> Dict[str, Any]:
    return {"type": TRACKER_STORE_CLASS, "dialect": "sqlite", "db": str(db_path)}


def database_tracker_store() -> Dict[str, Any]:
    """The tracker store of TRACKER_DB_URL (PostgreSQL); the URL stays in the environment."""
    return {"type": TRACKER_STORE_CLASS, "dialect": "postgresql"}


def base_endpoints() -> Dict[str, Any]:
    return yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text(encoding="utf-8"))


def endpoints(
    base: Dict[str, Any],
    lock_store_url: str = "",
    action_port: Optional[int] = None,
    tracker_store: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """`base` with the action server's port, another tracker store and a Redis lock store applied."""
    result = dict(base)
    if action_port:
        action = dict(result["action_endpoint"])
        parts = urlsplit(action["url"])
        action["url"] = urlunsplit(parts._replace(netloc=f"{parts.hostname}:{action_port}"))
        result["action_endpoint"] = action
    if tracker_store is not None:
        result["tracker_store"] = tracker_store
    if lock_store_url:
        result["lock_store"] = lock_store(lock_store_url)
    return result


def write(
    directory: Path,
    action_port: Optional[int] = None,
    tracker_store: Optional[Dict[str, Any]] = None,
    settings: Settings = SETTINGS,
) -> Tuple[Path, Path]:
    """Write endpoints.yml and credentials.yml into `directory`; return their paths.

    The channels and the lock store (LOCK_STORE_URL) come from `settings`; a server started with
    other environment variables passes `load_settings(its_environment)`.
    """
    directory.mkdir(parents=True, exist_ok=True)
    config = endpoints(base_endpoints(), settings.lock_store_url, action_port, tracker_store)
    endpoints_path = directory / "endpoints.yml"
    endpoints_path.write_text(
        "# Generated by launcher/config.py from endpoints.yml and the settings.\n"
        + yaml.safe_dump(config, sort_keys=False),
        encoding="utf-8",
    )
    credentials_path = directory / "credentials.yml"
    write_credentials(credentials_path, settings)
    return endpoints_path, credentials_path


def write_credentials(path: Path, settings: Settings = SETTINGS) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Generated by launcher/config.py from the settings; do not edit.\n"
        + yaml.safe_dump(credentials(settings), sort_keys=False),
        encoding="utf-8",
    )


def main(argv: Optional[List[str]] = None) -> int:
    """`python -m launcher.config credentials PATH`: the credentials file alone, for container
    start-up commands (deploy/) whose endpoints file is mounted instead."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "credentials":
        print("usage: python -m launcher.config credentials OUTPUT_PATH", file=sys.stderr)
        return 2
    write_credentials(Path(args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
