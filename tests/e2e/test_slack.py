"""The Slack channel end to end: signed webhooks into the real servers, replies to a fake Slack API.

Starts tests/e2e/fake_slack.py, then the action server and Rasa server with the Slack
settings pointing at it (channels/slack.py is switched on by launcher/config.py).
All traffic stays on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import time
import uuid
from typing import Dict, List, Optional
from urllib.parse import urlencode

import pytest
import requests

from channels.slack import MULTI_SELECT_BLOCK, NOTHING_TICKED, SEND_ACTION, SlackOutput
from tests.e2e.conftest import REQUEST_TIMEOUT_S, TEST_EMERGENCY_NUMBER, running_servers
from tests.e2e.fake_slack import FakeSlack
from twitchcare import render

SECRET = "shh"
TOKEN = "xoxb-test"
BOT_USER = "UBOT"
REPLY_TIMEOUT_S = 60


@pytest.fixture(scope="module")
def slack(tmp_path_factory):
    with FakeSlack() as fake:
        env = {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_BASE": fake.api_base}
        with running_servers(tmp_path_factory.mktemp("slack"), env) as (bot, ports, logs):
            fake.bot, fake.logs = bot, logs
            fake.webhook = f"http://127.0.0.1:{ports['rasa']}/webhooks/slack/webhook"
            yield fake


# -- helpers ------------------------------------------------------------------------------
def signature_headers(body: bytes, secret: str = SECRET, timestamp: Optional[int] = None) -> Dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}"}


def post(
    slack: FakeSlack,
    body: bytes,
    content_type: str = "application/json",
    *,
    secret: str = SECRET,
    timestamp: Optional[int] = None,
    headers: Optional[Dict] = None,
) -> requests.Response:
    all_headers = {"Content-Type": content_type, **signature_headers(body, secret, timestamp), **(headers or {})}
    return requests.post(slack.webhook, data=body, headers=all_headers, timeout=REQUEST_TIMEOUT_S)


def event_body(text: str, channel: str, user: Optional[str] = None, **event) -> bytes:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": "Ev" + uuid.uuid4().hex[:10],
            "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": BOT_USER, "is_bot": True}],
            "event": {
                "type": "message",
                "channel_type": "im",
                "channel": channel,
                "user": user or "U" + channel,
                "text": text,
                "ts": f"{time.time():.6f}",
                **event,
            },
        }
    ).encode()


def send_message(slack: FakeSlack, text: str, channel: str, **event) -> None:
    r = post(slack, event_body(text, channel, **event))
    assert r.status_code == 200, r.text


def click_body(button: Dict, clicked: Dict, channel: str, user: str, state: Optional[Dict] = None) -> bytes:
    """A block_actions interaction on the posted message `clicked`; `state` is Slack's state of its inputs."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "team_id": "T1"},
        "team": {"id": "T1"},
        "container": {"type": "message", "message_ts": clicked["ts"], "channel_id": channel},
        "channel": {"id": channel},
        "trigger_id": "1.2.3",
        "response_url": "https://hooks.invalid/x",
        "message": {
            "type": "message",
            "ts": clicked["ts"],
            "text": clicked["args"]["text"],
            "blocks": clicked["args"]["blocks"],
        },
        "actions": [{**button, "block_id": "b1", "action_ts": f"{time.time():.6f}"}],
    }
    if state is not None:
        payload["state"] = state
    return urlencode({"payload": json.dumps(payload)}).encode()


def shown_text(call: Dict) -> str:
    """Everything a person reads in a posted message: fallback text and block texts (unescaped)."""
    args = call["args"]
    parts: List[str] = [args.get("text", "")]
    for block in args.get("blocks", []):
        if "text" in block:
            parts.append(block["text"]["text"])
        for element in block.get("elements", []):
            text = element.get("text")
            parts.append(text["text"] if isinstance(text, dict) else str(text or ""))
    return html.unescape("\n".join(parts))


def buttons(call: Dict) -> List[Dict]:
    return [e for b in call["args"].get("blocks", []) if b["type"] == "actions" for e in b["elements"]]


def posts(channel: str):
    return lambda c: c["method"] == "chat.postMessage" and c["args"].get("channel") == channel


def wait_post(slack: FakeSlack, channel: str, contains: str = "", after: int = 0, predicate=None) -> Dict:
    return slack.wait_for(
        lambda c: posts(channel)(c) and contains in shown_text(c) and (predicate is None or predicate(c)),
        REPLY_TIMEOUT_S,
        after,
    )


def barrier(slack: FakeSlack) -> str:
    """A good message answered: anything sent before it has had its chance to be processed."""
    channel = "DBARRIER" + uuid.uuid4().hex[:6]
    send_message(slack, "hello", channel)
    wait_post(slack, channel)
    time.sleep(2)
    return channel


# -- tests --------------------------------------------------------------------------------
def test_url_verification_returns_the_challenge(slack):
    body = json.dumps(
        {
            "token": "legacy",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    r = post(slack, body)
    assert r.status_code == 200
    assert r.json()["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"


def test_question_is_answered_in_that_channel_with_its_source(slack):
    expected = slack.bot.send("what causes eyelid twitching?")[0]["text"]  # same model over REST
    send_message(slack, "what causes eyelid twitching?", "DQUESTION")
    call = wait_post(slack, "DQUESTION", "Source")
    shown = shown_text(call)
    assert expected.split("\n\n")[0] in shown and expected.split("\n\n")[1] in shown  # title and answer
    assert call["authorization"] == f"Bearer {TOKEN}"
    sections = [b for b in call["args"]["blocks"] if b["type"] == "section"]
    assert sections and all(b["text"]["type"] == "mrkdwn" for b in sections)
    assert "thread_ts" not in call["args"]  # a direct message is answered in place


def test_twitch_report_gets_buttons_and_a_click_moves_on(slack):
    rest_user = uuid.uuid4().hex
    slack.bot.send("my calf keeps twitching", rest_user)
    next_question = next(m["text"] for m in slack.bot.send("/deny", rest_user) if m.get("buttons"))

    send_message(slack, "my calf keeps twitching", "DCALF", user="UCALF")
    asked = wait_post(
        slack,
        "DCALF",
        predicate=lambda c: any(b["text"]["text"] == "No, none of these" and b["value"] == "/deny" for b in buttons(c)),
    )
    assert [b["type"] for b in asked["args"]["blocks"]][-1] == "actions"
    assert all(b["type"] == "button" for b in buttons(asked))

    mark = len(slack.calls)
    button = next(b for b in buttons(asked) if b["value"] == "/deny")
    r = post(slack, click_body(button, asked, "DCALF", "UCALF"), "application/x-www-form-urlencoded")
    assert r.status_code == 200, r.text
    after_click = wait_post(slack, "DCALF", next_question, after=mark)
    assert buttons(after_click), "the next question comes with its buttons"
    # The clicked question shows the choice instead of its buttons.
    update = slack.wait_for(lambda c: c["method"] == "chat.update", REPLY_TIMEOUT_S, mark)
    assert update["args"]["ts"] == asked["ts"] and update["args"]["channel"] == "DCALF"
    assert not any(b["type"] == "actions" for b in update["args"]["blocks"])
    assert "No, none of these" in shown_text(update)


def test_emergency_is_prominent_and_never_raw_json(slack):
    mark = len(slack.calls)
    send_message(slack, "I can't swallow and my speech is slurred", "DEMERGENCY")
    card = wait_post(
        slack,
        "DEMERGENCY",
        TEST_EMERGENCY_NUMBER,
        mark,
        predicate=lambda c: any(b["type"] == "header" for b in c["args"]["blocks"]),
    )
    header = next(b for b in card["args"]["blocks"] if b["type"] == "header")["text"]["text"]
    assert "EMERGENCY" in header and TEST_EMERGENCY_NUMBER in header
    time.sleep(2)  # let anything else of this reply arrive
    sent = [c for c in slack.calls[mark:] if posts("DEMERGENCY")(c)]
    assert any("Call 112 now" in shown_text(c) for c in sent if c is not card)  # the full advice too
    for call in sent:
        assert '{"' not in shown_text(call) and "triage" not in shown_text(call)


def test_forged_stale_and_unsigned_requests_are_refused_and_not_processed(slack):
    forged = event_body("what causes eyelid twitching?", "DFORGED")
    assert post(slack, forged, secret="not-the-secret").status_code in (401, 403)
    stale = event_body("what causes eyelid twitching?", "DSTALE")
    assert post(slack, stale, timestamp=int(time.time()) - 6 * 60).status_code in (401, 403)
    unsigned = event_body("what causes eyelid twitching?", "DUNSIGNED")
    r = requests.post(
        slack.webhook, data=unsigned, headers={"Content-Type": "application/json"}, timeout=REQUEST_TIMEOUT_S
    )
    assert r.status_code in (401, 403)
    body = event_body("what causes eyelid twitching?", "DTAMPERED")
    headers = signature_headers(body)
    r = requests.post(
        slack.webhook,
        data=body.replace(b"eyelid", b"calf"),
        headers={"Content-Type": "application/json", **headers},
        timeout=REQUEST_TIMEOUT_S,
    )
    assert r.status_code in (401, 403)
    challenge = json.dumps({"type": "url_verification", "challenge": "x"}).encode()
    assert post(slack, challenge, secret="not-the-secret").status_code in (401, 403)
    click = urlencode(
        {
            "payload": json.dumps(
                {
                    "type": "block_actions",
                    "user": {"id": "UF"},
                    "channel": {"id": "DFORGEDCLICK"},
                    "actions": [{"type": "button", "value": "/deny"}],
                }
            )
        }
    ).encode()
    assert post(slack, click, "application/x-www-form-urlencoded", secret="nope").status_code in (401, 403)

    barrier(slack)
    refused = {"DFORGED", "DSTALE", "DUNSIGNED", "DTAMPERED", "DFORGEDCLICK"}
    assert not [c for c in slack.calls if c["args"].get("channel") in refused]


def test_malformed_bodies_get_400(slack):
    bad = [
        (b'{"type": "event_callback", "event": ', "application/json"),
        (b"not json at all", "application/json"),
        (b"[1, 2, 3]", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        (json.dumps({"type": "event_callback", "event": "text"}).encode(), "application/json"),
        (
            json.dumps(
                {
                    "type": "event_callback",
                    "event": {"type": "message", "channel_type": "im", "channel": "DX", "user": "UX", "text": 5},
                }
            ).encode(),
            "application/json",
        ),
        (json.dumps({"type": "url_verification"}).encode(), "application/json"),
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
        (b"nopayload=1", "application/x-www-form-urlencoded"),
        (
            urlencode({"payload": json.dumps({"type": "block_actions", "actions": "x"})}).encode(),
            "application/x-www-form-urlencoded",
        ),
        (
            urlencode(
                {
                    "payload": json.dumps(
                        {
                            "type": "block_actions",
                            "channel": {"id": "DX"},
                            "actions": [{"type": "button", "value": "/deny"}],
                        }
                    )
                }
            ).encode(),
            "application/x-www-form-urlencoded",
        ),
    ]
    for body, content_type in bad:
        r = post(slack, body, content_type)
        assert r.status_code == 400, (body, r.status_code, r.text)
    # and the server is still fine
    assert post(slack, json.dumps({"type": "url_verification", "challenge": "ok"}).encode()).json() == {
        "challenge": "ok"
    }


def test_bot_messages_edits_and_retries_are_ignored(slack):
    send_message(slack, "what causes eyelid twitching?", "DBOTMSG", bot_id="B1", subtype="bot_message")
    send_message(slack, "what causes eyelid twitching?", "DEDITED", subtype="message_changed")
    send_message(slack, "what causes eyelid twitching?", "DOWNBOT", user=BOT_USER)
    send_message(slack, "what causes eyelid twitching?", "CPUBLIC", channel_type="channel")
    r = post(
        slack,
        event_body("what causes eyelid twitching?", "DRETRY"),
        headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"},
    )
    assert r.status_code == 200 and r.headers.get("X-Slack-No-Retry") == "1"
    twice = event_body("hello", "DTWICE")
    assert post(slack, twice).status_code == 200 and post(slack, twice).status_code == 200
    fresh = barrier(slack)
    ignored = {"DBOTMSG", "DEDITED", "DOWNBOT", "CPUBLIC", "DRETRY"}
    assert not [c for c in slack.calls if c["args"].get("channel") in ignored]
    # The same delivery twice is answered once: as many posts as the barrier's own "hello".
    assert len(slack.calls_to("chat.postMessage", "DTWICE")) == len(slack.calls_to("chat.postMessage", fresh))


def test_mention_in_a_channel_is_answered_in_its_thread(slack):
    ts = f"{time.time():.6f}"
    body = event_body(f"<@{BOT_USER}> what causes eyelid twitching?", "CGENERAL", type="app_mention", ts=ts)
    body = json.loads(body)
    del body["event"]["channel_type"]
    assert post(slack, json.dumps(body).encode()).status_code == 200
    call = wait_post(slack, "CGENERAL", "Source")
    assert call["args"]["thread_ts"] == ts


def test_slack_unreachable_is_logged_and_serving_goes_on(slack):
    slack.down = True
    try:
        send_message(slack, "what causes eyelid twitching?", "DDOWN")
        deadline = time.monotonic() + REPLY_TIMEOUT_S
        while "Slack API unreachable" not in slack.logs["rasa"].read_text(errors="ignore"):
            assert time.monotonic() < deadline, "the failure was not logged"
            time.sleep(0.5)
        assert slack.dropped
    finally:
        slack.down = False
    assert post(slack, json.dumps({"type": "url_verification", "challenge": "up"}).encode()).json() == {
        "challenge": "up"
    }
    assert "Source" in slack.bot.text(slack.bot.send("what causes eyelid twitching?"))
    send_message(slack, "what causes eyelid twitching?", "DBACKUP")
    wait_post(slack, "DBACKUP", "Source")


def test_block_kit_stays_within_slack_limits():
    from channels.slack import MAX_HEADER_CHARS, MAX_SECTION_CHARS, button_blocks, headline_blocks, text_blocks

    long_text = "\n\n".join(["word " * 500] * 4) + "\n\n" + "x" * 7000 + " <b>&"
    sections = text_blocks(long_text)
    assert all(len(b["text"]["text"]) <= MAX_SECTION_CHARS for b in sections)
    assert "&lt;b&gt;&amp;" in sections[-1]["text"]["text"]
    many = button_blocks([{"title": "t" * 100, "payload": f"/p{i}"} for i in range(30)])
    assert [len(b["elements"]) for b in many] == [25, 5]
    assert all(len(e["text"]["text"]) <= 75 for b in many for e in b["elements"])
    assert len({e["action_id"] for b in many for e in b["elements"]}) == 30
    long_headline = "EMERGENCY: " + " and ".join(["trouble breathing"] * 12) + ". Call 112 now."
    blocks = headline_blocks(long_headline, emergency=True)
    assert blocks[0]["type"] == "header" and len(blocks[0]["text"]["text"]) <= MAX_HEADER_CHARS
    assert "Call 112 now." in blocks[1]["text"]["text"]  # nothing is lost


# -- multi-select question ----------------------------------------------------------------
# The intake's own symptom question (twitchcare/intake.py), as asked about a calf.
SYMPTOM_QUESTION, SYMPTOM_BUTTONS = render.question("symptoms", {"body_parts": ["calf"]})
SYMPTOM_OPTIONS = [b["title"] for b in SYMPTOM_BUTTONS if b.get("multiple")]
FORM = "application/x-www-form-urlencoded"


def ask_with_channel(slack: FakeSlack, channel: str, text: str, buttons: List[Dict]) -> Dict:
    """Post a question through the channel's own output (as Rasa would); the recorded chat.postMessage."""
    out = SlackOutput(TOKEN, None, None, slack.api_base, 10)
    mark = len(slack.calls)
    asyncio.run(out.send_response(channel, {"text": text, "buttons": buttons}))
    return slack.wait_for(posts(channel), REPLY_TIMEOUT_S, mark)


def checkbox_state(element: Dict, ticked: List[str]) -> Dict:
    """Slack's state.values of the multi-select with these options ticked."""
    selected = [o for o in element["options"] if o["value"] in ticked]
    return {
        "values": {MULTI_SELECT_BLOCK: {element["action_id"]: {"type": "checkboxes", "selected_options": selected}}}
    }


def test_multi_select_checkboxes_then_send_posts_the_ticked_titles(slack):
    channel, user = "DMULTI", "UMULTI"
    asked = ask_with_channel(slack, channel, SYMPTOM_QUESTION, SYMPTOM_BUTTONS)
    checkboxes, send = next(b for b in asked["args"]["blocks"] if b.get("block_id") == MULTI_SELECT_BLOCK)["elements"]
    assert checkboxes["type"] == "checkboxes" and [o["value"] for o in checkboxes["options"]] == SYMPTOM_OPTIONS
    assert send["action_id"] == SEND_ACTION and send["text"]["text"] == "Send"
    assert [(b["text"]["text"], b["value"]) for b in buttons(asked) if b["type"] == "button" and "value" in b] == [
        ("None of these", "none of these"),
        ("Not sure", "/dont_know"),
    ]

    # Ticking boxes says nothing to the assistant; Send with none ticked only explains, to that person.
    tick = {"type": "checkboxes", "action_id": checkboxes["action_id"], "selected_options": [checkboxes["options"][2]]}
    r = post(slack, click_body(tick, asked, channel, user, checkbox_state(checkboxes, ["Pain"])), FORM)
    assert r.status_code == 200
    mark = len(slack.calls)
    r = post(slack, click_body(send, asked, channel, user, checkbox_state(checkboxes, [])), FORM)
    assert r.status_code == 200
    note = slack.wait_for(lambda c: c["method"] == "chat.postEphemeral", REPLY_TIMEOUT_S, mark)
    assert note["args"]["user"] == user and note["args"]["text"] == NOTHING_TICKED
    barrier(slack)
    assert slack.calls_to("chat.postMessage", channel) == [asked] and not slack.calls_to("chat.update", channel)

    # Send: ONE user message with the ticked titles (in the order shown), answered as over REST,
    # and the question shows the choice instead of its checkboxes and buttons.
    answer = "Weakness or stiffness, Pain"
    expected = slack.bot.send(answer)[0]["text"]
    mark = len(slack.calls)
    state = checkbox_state(checkboxes, ["Pain", "Weakness or stiffness"])
    r = post(slack, click_body(send, asked, channel, user, state), FORM)
    assert r.status_code == 200
    wait_post(slack, channel, expected.split("\n\n")[0], after=mark)
    update = slack.wait_for(lambda c: c["method"] == "chat.update", REPLY_TIMEOUT_S, mark)
    assert update["args"]["ts"] == asked["ts"]
    assert not any(b["type"] == "actions" for b in update["args"]["blocks"])
    assert f"You chose: *{answer}*" in shown_text(update)
