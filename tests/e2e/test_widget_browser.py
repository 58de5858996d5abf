"""The website widget in a real (headless) Chromium against the real servers.

Covers the one-tag embed on the demo page, the intake over socket.io with quick replies,
persistence across a reload, the emergency card, the phone layout, and the socket.io
origin check. The multi-select question is checked against a fake socket.io server inside
the browser (no Rasa needed), with axe-core for accessibility. Screenshots go to
tests/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import contextlib
import json
import re

import pytest
import requests

from channels.widget import messages_with_quick_replies
from tests.e2e.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e import axe
from tests.e2e.conftest import ROOT, TEST_EMERGENCY_NUMBER, running_servers
from twitchcare import render
from twitchcare.clinic import Clinic
from twitchcare.widget_config import DEFAULT_TITLE, widget_config

BOT_TIMEOUT_MS = 30_000
EMERGENCY_RED = "rgb(179, 38, 30)"  # .tw-level-emergency border colour in widget.css


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with running_servers(tmp_path_factory.mktemp("widget")) as (client, ports, logs):
        yield client, ports, logs


def _last_bot_text(page) -> str:
    return page.locator(".tw-bot .tw-msg").last.inner_text()


BRAND_ENV = {
    "CLINIC_NAME": "Maplebrook Family Clinic",
    "CLINIC_BRAND_COLOR": "#2f5d50",
    "CLINIC_LOGO_URL": "/webhooks/widget/demo-logo.svg",
    "CLINIC_PRIVACY_URL": "https://maplebrook.example/privacy",
    "RETENTION_DAYS": "14",
}
VIEWPORTS = {
    1280: {"viewport": {"width": 1280, "height": 820}},
    360: {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}
# Answers to the intake questions, by button title (the first that is offered is tapped).
PREFER = ("No, none of these", "None of these", "None of those", "No", "Adult", "Every now and then")
# Watches the conversation (the live region): class names of the nodes added and removed.
WATCH_LOG = """() => { const m = window.__twMut = {added: [], removed: []};
  new MutationObserver(list => list.forEach(r => {
    r.addedNodes.forEach(n => m.added.push(n.nodeType === 1 ? n.className : '#text'));
    r.removedNodes.forEach(n => m.removed.push(n.nodeType === 1 ? n.className : '#text'));
  })).observe(document.querySelector('.tw-log'), {childList: true, subtree: true}); }"""
# True once the server has acknowledged the last message sent: it acknowledges after handling the
# message, so every bot message of that turn has arrived (the typing dots hide at the first one).
TURN_DONE = """() => { const key = Object.keys(localStorage).find(k => k.startsWith('twitch-widget:'));
  const users = key ? (JSON.parse(localStorage.getItem(key)).messages || []).filter(m => m.from === 'user') : [];
  return users.length > 0 && !users[users.length - 1].pending; }"""


def no_violations(page, where: str) -> None:
    """axe-core, default and experimental rules, every impact: nothing on the open widget."""
    found = axe.violations(page, ".tw-root", axe.ALL_IMPACTS, experimental=True)
    assert found == [], (where, found)


def _rgb(css: str) -> tuple:
    return tuple(int(x) for x in re.findall(r"\d+", css)[:3])


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two computed CSS colours (an oracle independent of widget.js)."""

    def lum(c):
        v = [x / 255 for x in _rgb(c)]
        v = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in v]
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]

    hi, lo = sorted((lum(fg), lum(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def colours(locator) -> tuple:
    return tuple(locator.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]"))


@pytest.fixture(scope="module")
def branded(tmp_path_factory):
    with running_servers(tmp_path_factory.mktemp("widget-brand"), env_overrides=BRAND_ENV) as (client, ports, _):
        yield client, ports


def _press(page, locator, touch: bool) -> None:
    locator.tap() if touch else locator.click()


def _send(page, text: str) -> None:
    page.get_by_label("Your message").fill(text)
    page.get_by_label("Your message").press("Enter")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
@pytest.mark.parametrize("width", [1280, 360])
def test_widget_first_screen_conversation_and_result(branded, width):
    """Branding and the first screen from the profile, a live region that only gains the new
    messages, focus after a tap, and the result as one card; axe-core at 0 at each step."""
    from playwright.sync_api import expect, sync_playwright

    _, ports = branded
    url = f"http://127.0.0.1:{ports['rasa']}/webhooks/widget/"
    touch = width == 360
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(**VIEWPORTS[width])
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.split("/webhooks")[0])
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url)
            _press(page, page.get_by_role("button", name=re.compile("Open chat")), touch)
            dialog = page.get_by_role("dialog")
            expect(page.locator(".tw-status")).to_have_text("Online", timeout=BOT_TIMEOUT_MS)

            # Branding from the profile; the default title is about twitching, not streaming.
            expect(dialog.get_by_role("heading", name=DEFAULT_TITLE)).to_be_visible()
            expect(page.locator(".tw-clinic")).to_have_text("Maplebrook Family Clinic")
            expect(page.locator(".tw-logo")).to_be_visible()
            assert page.locator(".tw-logo").evaluate("e => e.naturalWidth") > 0
            header_fg, header_bg = colours(page.locator(".tw-header .tw-title"))
            assert _rgb(colours(page.locator(".tw-header"))[1]) == (47, 93, 80)
            assert contrast(header_fg, colours(page.locator(".tw-header"))[1]) >= 4.5
            # The first screen, before anything is typed: what it is, the emergency line, privacy.
            intro = page.locator(".tw-intro")
            expect(intro).to_contain_text("Maplebrook Family Clinic's assistant")
            expect(intro).to_contain_text(f"call {TEST_EMERGENCY_NUMBER} now")
            expect(intro).to_contain_text("stored for 14 days")
            expect(intro.get_by_role("link", name="Read the privacy policy")).to_have_attribute(
                "href", BRAND_ENV["CLINIC_PRIVACY_URL"]
            )
            expect(page.locator(".tw-row")).to_have_count(0)
            no_violations(page, f"open {width}")
            page.screenshot(path=str(ARTIFACTS / f"widget-open-{width}.png"))

            _send(page, "my left eyelid has been twitching for 3 days")
            none_of_these = page.get_by_role("button", name="No, none of these")
            expect(none_of_these).to_be_visible(timeout=BOT_TIMEOUT_MS)
            page.wait_for_function(TURN_DONE, timeout=BOT_TIMEOUT_MS)

            # A quick reply: the live region gains the new messages and loses only the old buttons.
            page.evaluate(WATCH_LOG)
            rows_before = page.locator(".tw-row").count()
            _press(page, none_of_these, touch)
            expect(page.locator(".tw-user .tw-msg").last).to_have_text("No, none of these")
            expect(page.locator(".tw-replies")).to_have_count(1, timeout=BOT_TIMEOUT_MS)
            page.wait_for_function(TURN_DONE, timeout=BOT_TIMEOUT_MS)
            mut = page.evaluate("window.__twMut")
            added_rows = [c for c in mut["added"] if "tw-row" in c]
            assert not [c for c in mut["removed"] if c != "tw-replies"], mut
            assert len(added_rows) == page.locator(".tw-row").count() - rows_before >= 2, mut
            # A tap keeps the on-screen keyboard down; a click puts focus in the text box.
            focused_input = page.evaluate("document.activeElement === document.getElementById('tw-input')")
            assert focused_input is (not touch)
            no_violations(page, f"mid-conversation {width}")
            page.screenshot(path=str(ARTIFACTS / f"widget-mid-{width}.png"))

            # The rest of the intake; the last answer brings the result as ONE card, verdict first.
            for _ in range(20):
                if page.locator(".tw-triage").count():
                    break
                rows_before = page.locator(".tw-row").count()
                page.evaluate(WATCH_LOG)
                titles = [b.inner_text() for b in page.locator(".tw-replies > .tw-reply").all()]
                pick = next((t for t in PREFER if t in titles), None)
                if pick:
                    _press(page, page.locator(".tw-replies").get_by_role("button", name=pick, exact=True), touch)
                else:
                    _send(page, "no")
                page.wait_for_function(
                    f"document.querySelectorAll('.tw-row').length > {rows_before + 1}", timeout=BOT_TIMEOUT_MS
                )
                expect(page.locator(".tw-typing")).to_be_hidden(timeout=BOT_TIMEOUT_MS)
                page.wait_for_function(TURN_DONE, timeout=BOT_TIMEOUT_MS)  # no late row of this turn
            card = page.locator(".tw-triage")
            expect(card).to_have_count(1)
            mut = page.evaluate("window.__twMut")
            assert [c for c in mut["added"] if "tw-row" in c] == ["tw-row tw-user", "tw-row tw-bot tw-row-card"], mut
            expect(page.locator(".tw-row").last).to_have_class(re.compile("tw-row-card"))
            headline = card.locator("h3")
            expect(headline).to_have_text(re.compile("harmless twitch|Book an appointment"))
            assert card.evaluate("c => c.firstElementChild.tagName") == "H3"
            expect(card.locator("h4")).to_have_text(["Why", "What may help meanwhile", "When to come back"])
            expect(card.locator(".tw-sources li").first).to_be_visible()
            expect(page.locator(".tw-msg", has_text=re.compile(r"^(Sources?|Why): "))).to_have_count(0)
            expect(card).not_to_contain_text("Because of")
            expect(headline).to_be_in_viewport()  # the verdict is what shows first
            page.screenshot(path=str(ARTIFACTS / f"widget-result-{width}.png"))
            summary = card.locator("details.tw-summary")
            expect(summary.locator("dl")).to_be_hidden()
            _press(page, summary.locator("summary"), touch)
            expect(summary.locator("dd").nth(1)).to_have_text("3 days")
            expect(page.locator(".tw-log")).not_to_contain_text("day(s)")
            _press(page, summary.get_by_role("button", name="Copy summary"), touch)
            expect(summary.get_by_role("status")).to_have_text("Copied")
            copied = page.evaluate("navigator.clipboard.readText()")
            assert copied.startswith("Summary for your doctor:") and "How long: 3 days" in copied
            no_violations(page, f"result {width}")
            page.screenshot(path=str(ARTIFACTS / f"widget-summary-{width}.png"))

            if not touch:
                _keyboard_and_emergency(page, url)
        finally:
            browser.close()
    assert not errors, errors


def _keyboard_and_emergency(page, url) -> None:
    from playwright.sync_api import expect

    # Tab and Shift+Tab never leave the open dialog.
    page.get_by_label("Your message").focus()
    for key in ["Tab"] * 14 + ["Shift+Tab"] * 14:
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('tw-panel').contains(document.activeElement)"), key

    # Reload: the history comes back, and the same session carries on.
    page.reload()
    expect(page.locator(".tw-triage")).to_have_count(1)
    expect(page.locator(".tw-status")).to_have_text("Online", timeout=BOT_TIMEOUT_MS)

    # A red flag: the emergency card with the number as a tel: link.
    _send(page, "I suddenly can't breathe")
    card = page.locator(".tw-triage.tw-level-emergency")
    expect(card).to_be_visible(timeout=BOT_TIMEOUT_MS)
    expect(card.locator("h3")).to_have_text(f"Emergency: call {TEST_EMERGENCY_NUMBER} now.")
    expect(card.get_by_role("link", name=f"Call {TEST_EMERGENCY_NUMBER}")).to_have_attribute(
        "href", f"tel:{TEST_EMERGENCY_NUMBER}"
    )
    assert card.evaluate("e => getComputedStyle(e).borderLeftColor") == EMERGENCY_RED
    no_violations(page, "emergency 1280")

    # Esc closes the panel and gives focus back to the bubble.
    page.keyboard.press("Escape")
    expect(page.locator(".tw-panel")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile("Open chat"))).to_be_focused()
    page.keyboard.press("Enter")

    # Text is never parsed as HTML.
    _send(page, "<b>bold</b> & <img src=x>")
    expect(page.locator(".tw-user .tw-msg").last).to_have_text("<b>bold</b> & <img src=x>")
    assert page.locator(".tw-log b, .tw-log img").count() == 0

    # "New chat" (named by its visible text) forgets the conversation; an answer's sources are a list.
    page.get_by_role("button", name="New chat", exact=True).click()
    expect(page.locator(".tw-row")).to_have_count(0)
    expect(page.locator(".tw-status")).to_have_text("Online", timeout=BOT_TIMEOUT_MS)
    _send(page, "What causes muscle twitching?")
    sources = page.locator(".tw-sources").first
    expect(sources).to_be_visible(timeout=BOT_TIMEOUT_MS)
    expect(sources).to_contain_text("Sources")
    expect(page.locator(".tw-msg", has_text=re.compile(r"^Sources?: "))).to_have_count(0)
    assert "safety check" not in page.locator(".tw-log").inner_text()


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
FAKE_ORIGIN = "http://clinic.test"  # never resolved: Playwright answers every request of the page
STATIC = ROOT / "channels" / "widget_static"
# The intake's own symptom question (twitchcare/intake.py), as asked about a calf.
SYMPTOM_QUESTION, SYMPTOM_BUTTONS = render.question("symptoms", {"body_parts": ["calf"]})
SYMPTOM_OPTIONS = [b["title"] for b in SYMPTOM_BUTTONS if b.get("multiple")]


class FakeSocketIO:
    """The server's side of the widget's socket.io link (Engine.IO v4 over a mocked WebSocket).

    Confirms a session, records what the widget sends as user_uttered, and sends bot messages
    in the shape channels/widget.py emits them.
    """

    def __init__(self) -> None:
        self.ws = None
        self.sent: list = []  # the "message" of every user_uttered
        self.up = True  # False: the server is down (every connection is closed at once)
        self.ack = True  # False: messages are received but never acknowledged (hung turn)

    def connect(self, ws) -> None:  # page.route_web_socket handler; no real server behind it
        if not self.up:
            ws.close()
            return
        self.ws = ws
        ws.on_message(self._receive)
        ws.send(
            "0"
            + json.dumps(
                {"sid": "fake", "upgrades": [], "pingInterval": 600000, "pingTimeout": 600000, "maxPayload": 1000000}
            )
        )

    def _receive(self, raw) -> None:
        if raw == "40":
            self.ws.send('40{"sid": "fake-namespace"}')
        elif isinstance(raw, str) and raw.startswith("42"):
            ack_id = re.match(r"42(\d*)", raw).group(1)  # "42<id>[...]": the client wants an ack
            name, data = json.loads(raw[2 + len(ack_id) :])[:2]
            if name == "session_request":
                self.emit("session_confirm", "fake-session")
            elif name == "user_uttered":
                self.sent.append(data["message"])
                if ack_id and self.ack:
                    self.ws.send(f"43{ack_id}[]")

    def go_down(self) -> None:
        self.up = False
        self.ws.close()

    def emit(self, event: str, data) -> None:
        self.ws.send("42" + json.dumps([event, data]))

    def ask(self, text: str, buttons: list) -> None:
        for message in messages_with_quick_replies(text, buttons):
            self.emit("bot_uttered", message)


FAKE_CLINIC = Clinic(name="Maplebrook Family Clinic", privacy_url="https://maplebrook.example/privacy")


def _serve_widget(route, host_page: str = "") -> None:
    """The widget's files, its config.json (from the real twitchcare/widget_config.py) and a host page."""
    name = route.request.url.split("?")[0].rsplit("/", 1)[-1] or "demo.html"
    types = {".html": "text/html", ".js": "application/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
    path = STATIC / name
    if name == "config.json":
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps(widget_config(FAKE_CLINIC, TEST_EMERGENCY_NUMBER)),
        )
    elif name == "demo.html" and host_page:
        route.fulfill(status=200, content_type="text/html", body=host_page)
    elif path.is_file() and path.suffix in types:
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
    from playwright.sync_api import expect

    server = FakeSocketIO()
    with fake_widget_page(1280, server) as (page, errors):
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
        send.click(force=True)  # Playwright itself refuses to click an aria-disabled button
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
            "e => getComputedStyle(e).backgroundColor"
        )
        page.screenshot(path=str(ARTIFACTS / "widget-multiselect.png"))

        no_violations(page, "multi-select 1280")

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
    assert not errors, errors


@contextlib.contextmanager
def fake_widget_page(width: int, server: FakeSocketIO, host_page: str = "", route=None):
    """A chromium page whose widget assets and socket.io are served by the test (no real server);
    yields (page, errors): page errors collected, checked empty by the caller."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(**VIEWPORTS[width]).new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.route(f"{FAKE_ORIGIN}/**", route or (lambda r: _serve_widget(r, host_page)))
            page.route_web_socket(re.compile(r"/socket\.io/"), server.connect)
            yield page, errors
        finally:
            browser.close()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
@pytest.mark.parametrize("width", [1280, 360])
def test_widget_offline_marks_undelivered_and_retries(width):
    """Server down: the message is marked not delivered with Retry, the emergency line shows,
    and what waited is sent once the connection is back (Retry reconnects at once)."""
    from playwright.sync_api import expect

    server = FakeSocketIO()
    with fake_widget_page(width, server) as (page, errors):
        page.goto(f"{FAKE_ORIGIN}/webhooks/widget/")
        page.get_by_role("button", name=re.compile("Open chat")).click()
        expect(page.locator(".tw-status")).to_have_text("Online")
        offline = page.locator(".tw-offline-note")
        expect(offline).to_be_hidden()

        # Delivered: the server acknowledges, nothing is marked.
        _send(page, "first")
        _wait_until(page, lambda: server.sent == ["first"])
        expect(page.locator(".tw-delivery").first).to_be_hidden()

        # Sent, then the server goes away before handling it: not delivered.
        server.ack = False
        _send(page, "second")
        _wait_until(page, lambda: server.sent == ["first", "second"])
        server.go_down()
        expect(offline).to_be_visible()
        expect(offline).to_contain_text(f"call {TEST_EMERGENCY_NUMBER} now")
        expect(page.locator(".tw-status")).to_contain_text("Offline")
        expect(page.locator(".tw-typing")).to_be_hidden()
        # Written while offline: waits, marked, never silently lost.
        _send(page, "third")
        undelivered = page.locator(".tw-row.tw-failed")
        expect(undelivered).to_have_count(2)
        expect(undelivered.last).to_contain_text("Not delivered yet.")
        expect(undelivered.last.get_by_role("button", name="Retry")).to_be_visible()
        no_violations(page, f"offline {width}")
        page.screenshot(path=str(ARTIFACTS / f"widget-offline-{width}.png"))
        # Kept across a reload too.
        page.reload()
        expect(page.locator(".tw-row.tw-failed")).to_have_count(2)
        expect(page.locator(".tw-offline-note")).to_contain_text(f"call {TEST_EMERGENCY_NUMBER} now")

        # Back online: Retry reconnects now, and both go out in the order written.
        server.up, server.ack = True, True
        page.locator(".tw-row.tw-failed").last.get_by_role("button", name="Retry").click()
        _wait_until(page, lambda: server.sent == ["first", "second", "second", "third"])
        expect(page.locator(".tw-status")).to_have_text("Online")
        expect(page.locator(".tw-row.tw-failed")).to_have_count(0)
        expect(page.locator(".tw-offline-note")).to_be_hidden()
    assert not errors, errors


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
def test_embed_never_holds_up_the_host_page():
    """The assistant's server does not answer widget.js: the clinic's page is parsed and usable
    (DOMContentLoaded) all the same; the widget appears once the script arrives."""
    from playwright.sync_api import expect

    held: list = []

    def route(r):
        if r.request.url.endswith("/widget.js"):
            held.append(r)  # never answered while the test looks at the page
        else:
            _serve_widget(r)

    server = FakeSocketIO()
    with fake_widget_page(1280, server, route=route) as (page, errors):
        page.add_init_script("document.addEventListener('DOMContentLoaded', () => { window.__ready = true; })")
        page.goto(f"{FAKE_ORIGIN}/webhooks/widget/", wait_until="commit")
        page.wait_for_function("window.__ready === true")
        expect(page.get_by_role("heading", name="Opening hours")).to_be_visible()
        assert len(held) == 1 and page.locator(".tw-root").count() == 0
        script = page.locator('script[src$="/webhooks/widget/widget.js"]')
        assert script.evaluate("s => s.async && !s.defer")
        held[0].fulfill(
            status=200, content_type="application/javascript", body=(STATIC / "widget.js").read_text(encoding="utf-8")
        )
        expect(page.get_by_role("button", name=re.compile("Open chat"))).to_be_visible()


BRANDED_HOST = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host</title></head>
<body><main><h1>Host page</h1></main>
<script>window.TwitchWidgetConfig = {title: "Ask the nurse team", clinicName: "Maplebrook Clinic",
  color: "#7fd1ae", logoUrl: "/webhooks/widget/demo-logo.svg", greeting: "Hello from Maplebrook!",
  position: "left", startOpen: true};</script>
<script src="/webhooks/widget/widget.js" async></script></body></html>"""


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
@pytest.mark.parametrize("width", [1280, 360])
def test_embed_config_branding_stays_readable(width):
    """A light brand colour from the embed config is darkened until white text on it (and it as
    text on white) reads at 4.5:1; title, name, logo, greeting and position follow the config;
    the emergency line and privacy notice stay the server's. A result card from the real
    render.triage_card is checked too."""
    from playwright.sync_api import expect

    from twitchcare import knowledge
    from twitchcare.triage import Facts, advice_entries, assess, summary

    server = FakeSocketIO()
    with fake_widget_page(width, server, BRANDED_HOST) as (page, errors):
        page.goto(f"{FAKE_ORIGIN}/webhooks/widget/")
        expect(page.locator(".tw-status")).to_have_text("Online")
        expect(page.get_by_role("dialog").get_by_role("heading", name="Ask the nurse team")).to_be_visible()
        expect(page.locator(".tw-clinic")).to_have_text("Maplebrook Clinic")
        expect(page.locator(".tw-logo")).to_be_visible()
        expect(page.locator(".tw-intro")).to_contain_text("Hello from Maplebrook!")
        expect(page.locator(".tw-intro")).to_contain_text(f"call {TEST_EMERGENCY_NUMBER} now")
        expect(page.locator(".tw-intro").get_by_role("link", name="Read the privacy policy")).to_be_visible()
        header_bg = colours(page.locator(".tw-header"))[1]
        assert _rgb(header_bg) != (127, 209, 174)  # too light for white text: darkened
        assert contrast(colours(page.locator(".tw-title"))[0], header_bg) >= 4.5

        server.ask("First, a quick safety check.", [{"title": "No, none of these", "payload": "/deny"}])
        reply = page.get_by_role("button", name="No, none of these")
        expect(reply).to_be_visible()
        assert contrast(*colours(reply)) >= 4.5
        reply.click()
        _wait_until(page, lambda: server.sent == ["/deny"])
        expect(page.locator(".tw-user .tw-msg")).to_have_count(1)
        assert contrast(*colours(page.locator(".tw-user .tw-msg"))) >= 4.5
        if width == 1280:  # on a phone the open panel fills the screen
            box = page.locator(".tw-panel").bounding_box()
            assert box and box["x"] < 100, box
        else:
            box = page.locator(".tw-panel").bounding_box()
            assert box and box["x"] == 0 and box["width"] == 360, box

        kb = knowledge.default_kb()
        f = Facts(
            body_parts=("calf",),
            duration_days=15.35,
            triggers=("caffeine",),
            emergency_screen="no",
            weakness="no",
            numbness="no",
            pain="no",
            spreading="no",
            wasting="no",
            age_group="adult",
        )
        result, advice, s = assess(f), advice_entries(f), summary(f)
        server.emit(
            "bot_uttered",
            {
                "triage": {
                    "level": result.level,
                    "reasons": list(result.reasons),
                    "card": render.triage_card(kb, result.level, result.reasons, advice, TEST_EMERGENCY_NUMBER, s),
                }
            },
        )
        card = page.locator(".tw-triage")
        expect(card.locator("h3")).to_have_text(render.level_headline(result.level, TEST_EMERGENCY_NUMBER))
        card.locator("summary").click()
        expect(card.locator("dd").nth(1)).to_have_text("about 2 weeks")
        no_violations(page, f"branded {width}")
        page.screenshot(path=str(ARTIFACTS / f"widget-branded-{width}.png"))
    assert not errors, errors
