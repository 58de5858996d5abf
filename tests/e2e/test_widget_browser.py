"""The website widget in a real (headless) Chromium against the real servers.

Covers the one-tag embed on the demo page, the intake over socket.io with quick replies,
persistence across a reload, the emergency card, the phone layout, and the socket.io
origin check. The multi-select question is checked against a fake socket.io server inside
the browser (no Rasa needed), with axe-core for accessibility. Screenshots go to
tests/artifacts/ (git-ignored) for a human to look at.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import requests

from channels.widget import messages_with_quick_replies
from tests.e2e import axe
from tests.e2e.conftest import ROOT, TEST_EMERGENCY_NUMBER, running_servers
from twitchcare import render

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"]
BOT_TIMEOUT_MS = 30_000
EMERGENCY_RED = "rgb(179, 38, 30)"  # .tw-level-emergency border colour in widget.css


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with running_servers(tmp_path_factory.mktemp("widget")) as (client, ports, logs):
        yield client, ports, logs


def _last_bot_text(page) -> str:
    return page.locator(".tw-bot .tw-msg").last.inner_text()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
def test_widget_conversation_in_browser(servers):
    from playwright.sync_api import expect, sync_playwright

    _, ports, _ = servers
    url = f"http://127.0.0.1:{ports['rasa']}/webhooks/widget/"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 820})
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            expect(page.get_by_role("heading", name="Maplebrook Family Clinic")).to_be_visible()

            # Open the bubble: focus goes to the input, Enter sends.
            page.get_by_role("button", name=re.compile("Open chat")).click()
            log = page.get_by_role("log")
            expect(log).to_have_attribute("aria-live", "polite")
            expect(page.get_by_label("Your message")).to_be_focused()
            expect(page.locator(".tw-status")).to_have_text("Online", timeout=BOT_TIMEOUT_MS)
            page.keyboard.type("my eyelid keeps twitching")
            page.keyboard.press("Enter")
            expect(log).to_contain_text("First, a quick safety check", timeout=BOT_TIMEOUT_MS)
            none_of_these = page.get_by_role("button", name="No, none of these")
            expect(none_of_these).to_be_visible()
            expect(page.get_by_role("button", name="Not sure")).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "widget-intake.png"))

            none_of_these.click()
            # The title is shown as the person's message; the payload (/deny) is not.
            expect(page.locator(".tw-user .tw-msg").last).to_have_text("No, none of these")
            expect(page.locator(".tw-bot .tw-msg").last).to_have_text(
                re.compile("Where is the twitching|How long"), timeout=BOT_TIMEOUT_MS)
            expect(page.locator(".tw-replies")).to_have_count(1)  # old quick replies are gone
            question = _last_bot_text(page)

            # Reload: the history comes back, and the same session carries on.
            page.reload()
            expect(log).to_contain_text("my eyelid keeps twitching")
            expect(log).to_contain_text("First, a quick safety check")
            expect(page.locator(".tw-bot .tw-msg").last).to_have_text(question)
            expect(page.locator(".tw-status")).to_have_text("Online", timeout=BOT_TIMEOUT_MS)
            page.locator(".tw-replies .tw-reply").first.click()
            expect(page.locator(".tw-bot .tw-msg").last).not_to_have_text(question, timeout=BOT_TIMEOUT_MS)
            expect(page.locator(".tw-bot .tw-msg").last).to_have_text(re.compile(r"\?$"), timeout=BOT_TIMEOUT_MS)
            assert "safety check" not in _last_bot_text(page), "the intake restarted after the reload"

            # A red flag mid-intake: the emergency card with the number as a tel: link.
            page.get_by_label("Your message").fill("I suddenly can't breathe")
            page.get_by_label("Your message").press("Enter")
            card = page.locator(".tw-triage.tw-level-emergency")
            expect(card).to_be_visible(timeout=BOT_TIMEOUT_MS)
            expect(card).to_contain_text(TEST_EMERGENCY_NUMBER)
            expect(card.get_by_role("link", name=f"Call {TEST_EMERGENCY_NUMBER}")).to_have_attribute(
                "href", f"tel:{TEST_EMERGENCY_NUMBER}")
            assert card.evaluate("e => getComputedStyle(e).borderLeftColor") == EMERGENCY_RED
            expect(page.locator(".tw-typing")).to_be_hidden()
            page.screenshot(path=str(ARTIFACTS / "widget.png"))

            # Esc closes the panel and gives focus back to the bubble.
            page.keyboard.press("Escape")
            expect(page.locator(".tw-panel")).to_be_hidden()
            expect(page.get_by_role("button", name=re.compile("Open chat"))).to_be_focused()

            # Phone: same stored conversation, the open panel fills the 375px screen.
            state = context.storage_state()
            phone = browser.new_context(viewport={"width": 375, "height": 740}, storage_state=state,
                                        is_mobile=True, has_touch=True, device_scale_factor=2)
            mobile = phone.new_page()
            mobile.on("pageerror", lambda e: errors.append(str(e)))
            mobile.goto(url)
            mobile.get_by_role("button", name=re.compile("Open chat")).click()
            expect(mobile.locator(".tw-triage.tw-level-emergency")).to_be_visible()
            box = mobile.locator(".tw-panel").bounding_box()
            assert box and box["x"] == 0 and box["width"] == 375, box
            mobile.screenshot(path=str(ARTIFACTS / "widget-mobile.png"))

            # Text is never parsed as HTML.
            mobile.get_by_label("Your message").fill("<b>bold</b> & <img src=x>")
            mobile.get_by_label("Your message").press("Enter")
            expect(mobile.locator(".tw-user .tw-msg").last).to_have_text("<b>bold</b> & <img src=x>")
            assert mobile.locator(".tw-log b, .tw-log img").count() == 0

            # "New chat" forgets the conversation; an answer shows its sources as a list.
            mobile.get_by_role("button", name=re.compile("Start a new conversation")).click()
            expect(mobile.locator(".tw-row")).to_have_count(0)
            mobile.get_by_label("Your message").fill("What causes muscle twitching?")
            mobile.get_by_label("Your message").press("Enter")
            sources = mobile.locator(".tw-sources").first
            expect(sources).to_be_visible(timeout=BOT_TIMEOUT_MS)
            expect(sources).to_contain_text("Sources")
            expect(mobile.locator(".tw-msg", has_text=re.compile(r"^Sources?: "))).to_have_count(0)
            assert "safety check" not in mobile.locator(".tw-log").inner_text()
        finally:
            browser.close()
    assert not errors, errors


def test_socketio_rejects_other_origins(servers):
    _, ports, _ = servers
    base = f"http://127.0.0.1:{ports['rasa']}"
    url = f"{base}/socket.io/?EIO=4&transport=polling"

    evil = requests.get(url, headers={"Origin": "http://evil.example"}, timeout=10)
    assert evil.status_code in (400, 403) or "Access-Control-Allow-Origin" not in evil.headers

    own = requests.get(url, headers={"Origin": base}, timeout=10)
    assert own.status_code == 200
    assert own.headers.get("Access-Control-Allow-Origin") == base
    assert own.text.startswith("0{") and '"sid"' in own.text  # Engine.IO open packet


# -- multi-select question, against a fake server ------------------------------------------
FAKE_ORIGIN = "http://clinic.test"   # never resolved: Playwright answers every request of the page
STATIC = ROOT / "channels" / "widget_static"
# The intake's own symptom question (twitchcare/intake.py), as asked about a calf.
SYMPTOM_QUESTION, SYMPTOM_BUTTONS = render.question("symptoms", {"body_parts": ["calf"]})
SYMPTOM_OPTIONS = [b["title"] for b in SYMPTOM_BUTTONS if b.get("multiple")]
SEVERE = ("serious", "critical")


class FakeSocketIO:
    """The server's side of the widget's socket.io link (Engine.IO v4 over a mocked WebSocket).

    Confirms a session, records what the widget sends as user_uttered, and sends bot messages
    in the shape channels/widget.py emits them.
    """

    def __init__(self) -> None:
        self.ws = None
        self.sent: list = []   # the "message" of every user_uttered

    def connect(self, ws) -> None:   # page.route_web_socket handler; no real server behind it
        self.ws = ws
        ws.on_message(self._receive)
        ws.send("0" + json.dumps({"sid": "fake", "upgrades": [], "pingInterval": 600000,
                                  "pingTimeout": 600000, "maxPayload": 1000000}))

    def _receive(self, raw) -> None:
        if raw == "40":
            self.ws.send('40{"sid": "fake-namespace"}')
        elif isinstance(raw, str) and raw.startswith("42"):
            name, data = json.loads(raw[2:])[:2]
            if name == "session_request":
                self.emit("session_confirm", "fake-session")
            elif name == "user_uttered":
                self.sent.append(data["message"])

    def emit(self, event: str, data) -> None:
        self.ws.send("42" + json.dumps([event, data]))

    def ask(self, text: str, buttons: list) -> None:
        for message in messages_with_quick_replies(text, buttons):
            self.emit("bot_uttered", message)


def _serve_widget(route) -> None:
    name = route.request.url.split("?")[0].rsplit("/", 1)[-1] or "demo.html"
    types = {".html": "text/html", ".js": "application/javascript", ".css": "text/css"}
    path = STATIC / name
    if path.is_file() and path.suffix in types:
        route.fulfill(status=200, content_type=types[path.suffix], body=path.read_text(encoding="utf-8"))
    else:
        route.fulfill(status=404, body="not found")


def _wait_until(page, condition, timeout_s: float = 10) -> None:
    """Let the page run (and the fake server's handlers fire) until condition() holds."""
    for _ in range(int(timeout_s * 10)):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
def test_widget_multi_select_question():
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = FakeSocketIO()
    errors: list = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route(f"{FAKE_ORIGIN}/**", _serve_widget)
            page.route_web_socket(re.compile(r"/socket\.io/"), server.connect)
            page.goto(f"{FAKE_ORIGIN}/webhooks/widget/")
            page.get_by_role("button", name=re.compile("Open chat")).click()
            expect(page.locator(".tw-status")).to_have_text("Online")

            # Buttons without "multiple" are one-tap quick replies, as before.
            server.ask("First, a quick safety check.", [{"title": "No, none of these", "payload": "/deny"}])
            expect(page.get_by_role("button", name="No, none of these")).to_be_visible()
            expect(page.locator(".tw-multi, [aria-pressed]")).to_have_count(0)
            page.get_by_role("button", name="No, none of these").click()
            _wait_until(page, lambda: server.sent == ["/deny"])

            server.ask(SYMPTOM_QUESTION, SYMPTOM_BUTTONS)
            options = page.get_by_role("group", name="Pick all that apply")
            expect(options).to_be_visible()
            toggles = options.locator("[aria-pressed]")
            expect(toggles).to_have_count(len(SYMPTOM_OPTIONS))
            expect(toggles).to_have_text(SYMPTOM_OPTIONS)
            for i in range(len(SYMPTOM_OPTIONS)):
                expect(toggles.nth(i)).to_have_attribute("aria-pressed", "false")
            send = page.get_by_role("button", name="Send choices")
            # "None of these" and "Not sure" stay one-tap buttons, outside the options.
            for name in ("None of these", "Not sure"):
                expect(page.get_by_role("button", name=name, exact=True)).to_be_visible()
                expect(options.get_by_role("button", name=name, exact=True)).to_have_count(0)
                assert page.get_by_role("button", name=name, exact=True).get_attribute("aria-pressed") is None

            # Nothing picked: Send is marked unavailable and sends nothing.
            expect(send).to_have_attribute("aria-disabled", "true")
            send.click(force=True)   # Playwright itself refuses to click an aria-disabled button
            send.focus()
            page.keyboard.press("Enter")
            page.wait_for_timeout(300)
            assert server.sent == ["/deny"]

            # Pick Pain with the mouse, then Weakness and Numbness with the keyboard; untick Numbness.
            options.get_by_role("button", name="Pain").click()
            options.get_by_role("button", name="Weakness or stiffness").focus()
            page.keyboard.press("Space")
            page.keyboard.press("Tab")
            expect(options.get_by_role("button", name="Numbness or tingling")).to_be_focused()
            page.keyboard.press("Enter")
            expect(options.get_by_role("button", name="Numbness or tingling")).to_have_attribute("aria-pressed", "true")
            page.keyboard.press("Enter")
            pressed = options.locator('[aria-pressed="true"]')
            expect(pressed).to_have_text(["Weakness or stiffness", "Pain"])
            expect(send).to_have_attribute("aria-disabled", "false")
            # A ticked option looks ticked (filled), not only to assistive technology.
            pain, numb = (options.get_by_role("button", name=n) for n in ("Pain", "Numbness or tingling"))
            assert pain.evaluate("e => getComputedStyle(e).backgroundColor") != numb.evaluate(
                "e => getComputedStyle(e).backgroundColor")
            page.screenshot(path=str(ARTIFACTS / "widget-multiselect.png"))

            severe = axe.violations(page, ".tw-root", SEVERE)
            assert not severe, severe

            # Send (by keyboard): ONE message with both titles, in the order shown; the options go.
            send.focus()
            page.keyboard.press("Enter")
            _wait_until(page, lambda: len(server.sent) == 2)
            assert server.sent == ["/deny", "Weakness or stiffness, Pain"]
            expect(page.locator(".tw-user .tw-msg").last).to_have_text("Weakness or stiffness, Pain")
            expect(page.locator(".tw-multi, .tw-replies")).to_have_count(0)
            expect(page.get_by_label("Your message")).to_be_focused()

            # Asked again: "Not sure" is one tap and sends its payload at once.
            server.ask(SYMPTOM_QUESTION, SYMPTOM_BUTTONS)
            page.get_by_role("button", name="Not sure", exact=True).click()
            _wait_until(page, lambda: len(server.sent) == 3)
            assert server.sent[-1] == "/dont_know"
            expect(page.locator(".tw-user .tw-msg").last).to_have_text("Not sure")
        finally:
            browser.close()
    assert not errors, errors
