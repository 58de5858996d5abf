"""launcher/: the configuration files and command lines every server start uses."""

from pathlib import Path

import pytest
import yaml

from launcher import config, processes
from twitchcare.settings import PROJECT_ROOT, load_settings

BASE = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())


@pytest.mark.parametrize(
    "url,expected",
    [
        ("redis://127.0.0.1:6379/1", {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 1, "use_ssl": False}),
        ("redis://cache", {"type": "redis", "url": "cache", "port": 6379, "db": 1, "use_ssl": False}),
        (
            "rediss://:s3cret@redis.internal:6380/3",
            {"type": "redis", "url": "redis.internal", "port": 6380, "db": 3, "use_ssl": True, "password": "s3cret"},
        ),
    ],
)
def test_lock_store_from_url(url, expected):
    assert config.lock_store(url) == expected


@pytest.mark.parametrize("url", ["http://host:6379/1", "redis://", "redis://host/zero", "localhost:6379"])
def test_bad_urls_are_refused_with_a_clear_message(url):
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        config.lock_store(url)


def test_without_a_url_the_endpoints_are_unchanged():
    assert config.endpoints(BASE, "") == BASE
    assert "lock_store" not in BASE


def test_with_a_url_only_the_lock_store_is_added():
    result = config.endpoints(BASE, "redis://127.0.0.1:6379/2")
    assert result["lock_store"]["db"] == 2
    assert {k: v for k, v in result.items() if k != "lock_store"} == BASE


def test_the_action_port_and_tracker_store_are_applied(tmp_path):
    result = config.endpoints(BASE, "", action_port=6055, tracker_store=config.sqlite_tracker_store(tmp_path / "x.db"))
    assert result["action_endpoint"]["url"] == "http://127.0.0.1:6055/webhook"
    assert result["action_endpoint"]["token"] == BASE["action_endpoint"]["token"]
    assert result["tracker_store"] == {
        "type": "addons.tracker_store.PrivacySQLTrackerStore",
        "dialect": "sqlite",
        "db": str(tmp_path / "x.db"),
    }


def test_written_files_keep_the_token_placeholder_and_follow_the_settings(tmp_path):
    env = {"LOCK_STORE_URL": "redis://127.0.0.1:6390/4", "SLACK_BOT_TOKEN": "x", "SLACK_SIGNING_SECRET": "y"}
    endpoints, credentials = config.write(tmp_path, 6055, settings=load_settings(env))
    written = yaml.safe_load(endpoints.read_text())
    assert "${ACTION_SERVER_TOKEN}" in endpoints.read_text()
    assert written["lock_store"]["port"] == 6390 and written["tracker_store"] == BASE["tracker_store"]
    channels = yaml.safe_load(credentials.read_text())
    assert "channels.slack.SlackChannel" in channels and "channels.telegram.TelegramChannel" not in channels


def test_rest_and_the_widget_always_run_other_channels_only_when_configured():
    assert set(config.credentials(load_settings({}))) == {
        "channels.rest.HardenedRestInput",
        "channels.widget.WidgetSocketInput",
        "channels.widget.WidgetAssetsInput",
    }


@pytest.mark.parametrize("token,api_on", [("", False), ("s3cret", True)])
def test_the_http_api_is_on_only_with_a_token(token, api_on):
    command = processes.rasa_server_command(Path("m.tar.gz"), Path("e.yml"), Path("c.yml"), 5005, api_token=token)
    assert ("--enable-api" in command) is api_on
    assert ("--auth-token" in command) is api_on and (token in command) is api_on


def test_the_rasa_server_starts_through_the_launcher_and_the_actions_through_actions_server():
    assert processes.rasa_command("run")[1:3] == ["-m", "launcher.rasa_server"]
    action = processes.action_server_command(5055)
    assert action[1:3] == ["-m", "actions.server"] and action[action.index("--host") + 1] == "127.0.0.1"


def test_free_ports_are_free_and_on_loopback():
    import socket

    port = processes.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


def test_the_clinic_console_is_listed_only_once_a_staff_account_exists(tmp_path):
    from twitchcare.console_store import ConsoleStore
    from twitchcare.settings import load_settings

    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    settings = load_settings({"TRACKER_DB_URL": url})
    console = "channels.console.ConsoleInput"
    assert not config.console_enabled(settings) and console not in config.credentials(settings)
    assert not (tmp_path / "conversations.db").exists()  # checking creates nothing
    ConsoleStore(url)
    assert console not in config.credentials(settings)  # tables, but nobody to sign in
    ConsoleStore(url).set_user("reception", "a long enough password")
    assert config.console_enabled(settings) and console in config.credentials(settings)
    assert console not in config.credentials(settings, console=False)


@pytest.mark.parametrize(
    "enabled, expected",
    [
        (True, "Clinic console (staff): http://127.0.0.1:5005/console/"),
        (False, "python -m scripts.console_user NAME"),
    ],
)
def test_make_run_prints_the_console_url_or_how_to_switch_it_on(monkeypatch, enabled, expected):
    from launcher import run

    monkeypatch.setattr(config, "console_enabled", lambda settings=None: enabled)
    assert expected in run.console_line(5005)
    assert ("/console/" in run.console_line(5005)) is enabled
