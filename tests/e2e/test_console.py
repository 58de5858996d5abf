"""The clinic console (/console/) on the real servers: refusals without a session, sign-in,
lock-out, CSRF, and in a real Chromium the dashboard, a transcript, writing an answer the
assistant then uses over REST, and the handoff queue (axe-core, 360 and 1280 px screenshots
in tests/artifacts/).

The session cookie is Secure, so `requests` (which never sends Secure cookies over http)
gets it passed by hand; Chromium keeps Secure cookies for http://127.0.0.1 (a secure context).
"""

from __future__ import annotations

import re
import subprocess
import sys
import uuid

import pytest
import requests

from launcher import processes
from tests.e2e.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS
from tests.e2e import axe
from tests.e2e.conftest import ROOT, running_servers
from twitchcare.console_store import ConsoleStore

STAFF, PASSWORD = "reception", "maple-brook-staff-2024"
LOCKED_USER = "locum"
MAX_FAILURES = 3
CARD_QUESTION = "do you accept payment by credit card"
CARD_ANSWER = "Yes: we take all major credit and debit cards at reception."

# Every console page and form; each must refuse a request without a session.
GET_PAGES = [
    "/console/",
    "/console/?range=30d",
    "/console/conversations",
    "/console/conversations/someone",
    "/console/unanswered",
    "/console/faqs",
    "/console/handoffs",
    "/console/audit",
]
POST_FORMS = [
    "/console/logout",
    "/console/faqs",
    "/console/faqs/parking",
    "/console/faqs/parking/retire",
    "/console/faqs/parking/restore",
    "/console/conversations/someone/delete",
    "/console/handoffs/1/handled",
]


def create_account(db_url: str, name: str, password: str) -> subprocess.CompletedProcess:
    """The documented command (`python -m scripts.console_user NAME`), password on stdin."""
    return subprocess.run(
        [sys.executable, "-m", "scripts.console_user", name, "--password-stdin"],
        input=password + "\n",
        text=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        env=processes.server_env(TRACKER_DB_URL=db_url),
    )


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("console")
    db_url = f"sqlite:///{tmp / 'conversations.db'}"
    made = create_account(db_url, STAFF, PASSWORD)
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr
    assert create_account(db_url, LOCKED_USER, PASSWORD + "!").returncode == 0
    assert create_account(db_url, "short", "tooshort").returncode == 1  # 12 characters at least
    env = {"TRACKER_DB_URL": db_url, "CONSOLE_MAX_FAILURES": str(MAX_FAILURES), "CONSOLE_LOGIN_RATE": "40"}
    with running_servers(tmp, env) as (bot, ports, logs):
        yield {"bot": bot, "base": bot.base_url, "db_url": db_url, "logs": logs, "tmp": tmp}


class Staff:
    """A signed-in staff member over plain HTTP (cookies passed by hand)."""

    def __init__(self, base: str, name: str = STAFF, password: str = PASSWORD):
        self.base = base
        form = requests.get(f"{base}/console/login", timeout=10)
        login_csrf = hidden_csrf(form.text)
        r = requests.post(
            f"{base}/console/login",
            data={"csrf": login_csrf, "username": name, "password": password},
            cookies={"console_login": form.cookies["console_login"]},
            allow_redirects=False,
            timeout=30,
        )
        assert r.status_code == 303, r.text
        cookie = r.headers["Set-Cookie"]
        assert all(flag in cookie for flag in ("HttpOnly", "Secure", "SameSite=Strict", "Path=/console"))
        self.cookies = {"console_session": r.cookies["console_session"]}
        self.csrf = hidden_csrf(self.get("/console/faqs").text)

    def on(self, base: str) -> "Staff":
        """The same session, used on another server (a replica, or nginx in front of them)."""
        other = object.__new__(Staff)
        other.base, other.cookies, other.csrf = base, self.cookies, self.csrf
        return other

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.base + path, cookies=self.cookies, allow_redirects=False, timeout=30, **kwargs)

    def post(self, path: str, data: dict, csrf: bool = True) -> requests.Response:
        return requests.post(
            self.base + path,
            data={**data, **({"csrf": self.csrf} if csrf else {})},
            cookies=self.cookies,
            allow_redirects=False,
            timeout=30,
        )


def hidden_csrf(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def test_every_page_and_form_refuses_without_a_session(console):
    base = console["base"]
    for path in GET_PAGES:
        r = requests.get(base + path, allow_redirects=False, timeout=10)
        assert r.status_code == 303 and r.headers["Location"].endswith("/console/login"), path
        assert "Dashboard" not in r.text and "Conversation" not in r.text, path
    for path in POST_FORMS:
        r = requests.post(
            base + path,
            data={"note": "x", "question": "q", "answer": "a", "csrf": "guess"},
            allow_redirects=False,
            timeout=10,
        )
        assert r.status_code == 403, path
    forged = {"console_session": "forged-token"}
    assert requests.get(base + "/console/", cookies=forged, allow_redirects=False, timeout=10).status_code == 303
    # only the sign-in form and its stylesheet/script are public
    assert requests.get(base + "/console/login", timeout=10).status_code == 200
    assert requests.get(base + "/console/static/console.css", timeout=10).status_code == 200
    assert requests.get(base + "/console/static/..%2Fconsole.py", timeout=10).status_code == 404


def test_forms_need_the_csrf_token_and_sign_in_needs_its_cookie(console):
    base = console["base"]
    staff = Staff(base)
    assert staff.get("/console/").status_code == 200
    before = staff.get("/console/faqs").text
    for path in ["/console/faqs", "/console/faqs/parking/retire", "/console/logout"]:
        assert staff.post(path, {"question": "Evil?", "answer": "Evil."}, csrf=False).status_code == 403
        r = requests.post(
            base + path,
            data={"csrf": "not-the-token", "question": "Evil?", "answer": "Evil."},
            cookies=staff.cookies,
            allow_redirects=False,
            timeout=10,
        )
        assert r.status_code == 403
    assert "Evil?" not in staff.get("/console/faqs").text and before.count("retired") == staff.get(
        "/console/faqs"
    ).text.count("retired")
    # sign-in without the form's cookie (cross-site login): refused
    form = requests.get(f"{base}/console/login", timeout=10)
    r = requests.post(
        f"{base}/console/login",
        data={"csrf": hidden_csrf(form.text), "username": STAFF, "password": PASSWORD},
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 403
    # headers: no caching, no framing, scripts only from the server itself
    page = staff.get("/console/")
    assert page.headers["Cache-Control"] == "no-store" and page.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    # signing out ends the session on the server, not just in the browser
    assert staff.post("/console/logout", {}).status_code == 303
    assert staff.get("/console/").status_code == 303


def test_wrong_passwords_lock_the_account(console):
    base = console["base"]
    form = requests.get(f"{base}/console/login", timeout=10)
    jar, csrf = {"console_login": form.cookies["console_login"]}, hidden_csrf(form.text)

    def attempt(password: str) -> requests.Response:
        return requests.post(
            f"{base}/console/login",
            data={"csrf": csrf, "username": LOCKED_USER, "password": password},
            cookies=jar,
            allow_redirects=False,
            timeout=30,
        )

    statuses = [attempt(f"wrong-{i}").status_code for i in range(MAX_FAILURES)]
    assert statuses == [401] * MAX_FAILURES
    locked = attempt(PASSWORD + "!")  # the right password, but locked now
    assert locked.status_code == 401 and "locked" in locked.text and "console_session" not in locked.cookies
    actions = [a["action"] for a in ConsoleStore(console["db_url"]).audit_log(action_prefix="login")]
    assert "login.locked" in actions


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")
def test_console_in_the_browser(console):
    from playwright.sync_api import expect, sync_playwright

    bot, base = console["bot"], console["base"]
    staff = Staff(base)
    baseline = int(re.search(r'data-count="(\d+)"', staff.get("/console/conversations").text).group(1))

    # Conversations made by this test: an answer, an unanswered question, a handoff, a stuck one.
    answered, unanswered, handed_off, stuck = (uuid.uuid4().hex for _ in range(4))
    assert bot.custom(bot.send("what is benign fasciculation syndrome", answered)).get("topic")
    assert bot.custom(bot.send(CARD_QUESTION, unanswered)).get("unanswered") is True
    assert "clinic_faq" not in bot.custom(bot.send(CARD_QUESTION, uuid.uuid4().hex))
    bot.send("can I talk to a person please? my number is 07700 900123", handed_off)
    bot.send("my eyelid keeps twitching", stuck)
    bot.send("qwxz plmk", stuck)
    created = 5  # answered, unanswered, the second card asker, handed_off, stuck

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors: list = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # bypass_csp: only so that axe-core can be injected; the page itself runs under its CSP.
            context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(str(e)))

            # Logged out: the console sends the browser to the sign-in page.
            page.goto(f"{base}/console/handoffs")
            expect(page).to_have_url(re.compile(r"/console/login$"))
            page.get_by_label("User name").fill(STAFF)
            page.get_by_label("Password").fill(PASSWORD)
            page.keyboard.press("Enter")  # keyboard only

            # Dashboard: today's figures are this test's conversations (and the start-up probe's).
            expect(page.get_by_role("heading", name="Dashboard", level=1)).to_be_visible()
            # keyboard: the first Tab reaches "Skip to content", the next ones the navigation
            page.keyboard.press("Tab")
            expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            expect(page.get_by_role("link", name="Dashboard")).to_be_focused()
            page.get_by_label("Period").select_option("today")
            page.get_by_role("button", name="Show").click()
            kpi = lambda name: page.locator(f'[data-kpi="{name}"] .v')  # noqa: E731
            expect(kpi("conversations")).to_have_text(str(baseline + created))
            expect(kpi("handoffs")).to_have_text("1")
            assert page.locator("svg").count() >= 3
            assert axe.violations(page, "body") == []
            page.screenshot(path=str(ARTIFACTS / "console-dashboard-1280.png"), full_page=True)
            page.set_viewport_size({"width": 360, "height": 780})
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.screenshot(path=str(ARTIFACTS / "console-dashboard-360.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})

            # Conversations: filter to the unanswered ones, open a transcript.
            page.get_by_role("link", name="Conversations").click()
            page.get_by_label("Unanswered").select_option("yes")
            page.get_by_role("button", name="Filter").click()
            expect(page.locator("table.conversations")).to_contain_text(CARD_QUESTION)
            page.get_by_label("Search").fill("fasciculation")
            page.get_by_label("Unanswered").select_option("")
            page.get_by_role("button", name="Filter").click()
            expect(page.locator("table.conversations tbody tr")).to_have_count(1)
            page.locator("table.conversations tbody a").first.click()
            expect(page.get_by_role("heading", name="Transcript")).to_be_visible()
            expect(page.locator(".msg.user").first).to_contain_text("benign fasciculation syndrome")
            expect(page.locator(".msg.bot .buttons li").first).to_be_visible()  # the buttons the person saw
            assert axe.violations(page, "body") == []
            page.screenshot(path=str(ARTIFACTS / "console-transcript-1280.png"), full_page=True)

            # Unanswered: write an answer; the assistant uses it on the next REST message.
            page.get_by_role("link", name="Unanswered").click()
            group = page.locator("li.card.unanswered", has_text=CARD_QUESTION)
            expect(group.locator(".count")).to_have_text("×2")
            if not group.locator("details").get_attribute("open") == "":
                group.locator("summary").click()
            group.get_by_label("Answer").fill(CARD_ANSWER)
            group.get_by_role("button", name="Save answer").click()
            expect(page.get_by_role("status")).to_contain_text("from the next message")
            assert axe.violations(page, "body") == []
            page.screenshot(path=str(ARTIFACTS / "console-unanswered-1280.png"), full_page=True)
            reply = bot.send(CARD_QUESTION)
            assert CARD_ANSWER in bot.text(reply) and bot.custom(reply).get("clinic_faq")
            page.get_by_role("link", name="Clinic answers").click()
            expect(page.locator("li.card.faq", has_text=CARD_ANSWER)).to_contain_text(f"by {STAFF}")

            # Handoff queue: mark the request handled with a note.
            page.get_by_role("link", name="Handoffs").click()
            waiting = page.locator("li.card.handoff")
            expect(waiting).to_have_count(1)
            # the number the person typed, for the call back (masked in the stored conversation)
            expect(waiting.locator(".contact")).to_have_text("Contact given: 07700 900123")
            waiting.get_by_label("Note").fill("Called back, booked Tuesday")
            waiting.get_by_role("button", name="Mark handled").click()
            expect(page.get_by_role("status")).to_have_text("Marked handled.")
            expect(page.get_by_text("Nobody is waiting.")).to_be_visible()
            expect(page.get_by_text("Called back, booked Tuesday")).to_be_visible()
            assert axe.violations(page, "body") == []
            page.set_viewport_size({"width": 360, "height": 780})
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.screenshot(path=str(ARTIFACTS / "console-handoffs-360.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})

            page.goto(f"{base}/console/conversations/{handed_off}")
            expect(page.locator(".msg.user").first).to_contain_text("[phone]")
            assert "07700" not in page.locator(".transcript").inner_text()

            # Delete a conversation (data request), then sign out: everything is refused again.
            page.goto(f"{base}/console/conversations/{stuck}")
            page.once("dialog", lambda dialog: dialog.accept())
            page.get_by_role("button", name="Delete this conversation").click()
            expect(page.get_by_role("status")).to_have_text("The conversation was deleted.")
            assert staff.get(f"/console/conversations/{stuck}").status_code == 404
            page.get_by_role("button", name="Sign out").click()
            expect(page).to_have_url(re.compile(r"/console/login$"))
            for path in GET_PAGES:
                page.goto(base + path)
                expect(page).to_have_url(re.compile(r"/console/login$"))
            assert axe.violations(page, "body") == []
            page.screenshot(path=str(ARTIFACTS / "console-login-360.png"))
        finally:
            browser.close()
    assert errors == []
    audit = [a["action"] for a in ConsoleStore(console["db_url"]).audit_log()]
    for action in ("faq.create", "handoff.handled", "conversation.delete", "conversation.read", "logout"):
        assert action in audit


def test_sign_in_attempts_are_rate_limited(console):
    """Last in this file: it spends the address's sign-in budget (CONSOLE_LOGIN_RATE=40 a minute)."""
    base = console["base"]
    form = requests.get(f"{base}/console/login", timeout=10)
    jar, csrf = {"console_login": form.cookies["console_login"]}, hidden_csrf(form.text)
    statuses = [
        requests.post(
            f"{base}/console/login",
            data={"csrf": csrf, "username": "nobody", "password": "x"},
            cookies=jar,
            allow_redirects=False,
            timeout=30,
        ).status_code
        for _ in range(41)
    ]
    assert statuses[-1] == 429 and set(statuses) <= {401, 429}
