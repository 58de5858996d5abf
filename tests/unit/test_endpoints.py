"""scripts/endpoints.py: LOCK_STORE_URL becomes Rasa's Redis lock store settings."""
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import endpoints  # noqa: E402

BASE = yaml.safe_load((Path(__file__).resolve().parents[2] / "endpoints.yml").read_text())


@pytest.mark.parametrize("url,expected", [
    ("redis://127.0.0.1:6379/1", {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 1, "use_ssl": False}),
    ("redis://cache", {"type": "redis", "url": "cache", "port": 6379, "db": 1, "use_ssl": False}),
    ("rediss://:s3cret@redis.internal:6380/3",
     {"type": "redis", "url": "redis.internal", "port": 6380, "db": 3, "use_ssl": True, "password": "s3cret"}),
])
def test_lock_store_from_url(url, expected):
    assert endpoints.lock_store(url) == expected


@pytest.mark.parametrize("url", ["http://host:6379/1", "redis://", "redis://host/zero", "localhost:6379"])
def test_bad_urls_are_refused_with_a_clear_message(url):
    with pytest.raises(ValueError, match="LOCK_STORE_URL"):
        endpoints.lock_store(url)


def test_without_a_url_the_endpoints_are_unchanged():
    assert endpoints.endpoints(BASE, "") == BASE
    assert "lock_store" not in BASE


def test_with_a_url_only_the_lock_store_is_added():
    config = endpoints.endpoints(BASE, "redis://127.0.0.1:6379/2")
    assert config["lock_store"]["db"] == 2
    assert {k: v for k, v in config.items() if k != "lock_store"} == BASE


def test_the_written_file_keeps_the_token_placeholder(tmp_path, monkeypatch):
    out = tmp_path / "endpoints.yml"
    assert endpoints.main(["endpoints.py", str(out)]) == 0
    assert "${ACTION_SERVER_TOKEN}" in out.read_text()


def test_the_action_port_is_applied():
    config = endpoints.endpoints(BASE, "", action_port=6055)
    assert config["action_endpoint"]["url"] == "http://127.0.0.1:6055/webhook"
    assert config["action_endpoint"]["token"] == BASE["action_endpoint"]["token"]
