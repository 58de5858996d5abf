"""The clinic console at /console/ on the Rasa server: a staff web page (not a chat channel).

Thin glue: sessions, CSRF and HTTP here; the pages (twitchcare/console_pages.py), the figures
(twitchcare/report.py, the same as `make report`), the conversation list
(twitchcare/conversations.py) and the tables (twitchcare/console_store.py) are pure modules.
launcher/config.py lists this channel only when a staff account exists
(`python -m scripts.console_user NAME` creates one).

Security (docs/security.md): every page but the sign-in form and its stylesheet/script needs
a session (GET without one: 303 to the sign-in page; POST: 403); the session cookie is
HttpOnly, Secure, SameSite=Strict, limited to /console, and only its SHA-256 is stored;
sessions end when idle or old (CONSOLE_SESSION_*); every form carries the session's CSRF
token (sign-in: a double-submit cookie); sign-ins are rate-limited per address and accounts
lock after CONSOLE_MAX_FAILURES wrong passwords; every staff action goes to the audit log.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

import sqlalchemy as sa
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from twitchcare import console_auth, console_pages, knowledge
from twitchcare.console_store import ConsoleStore, LoginResult
from twitchcare.conversations import group_similar, matches, summarise, transcript
from twitchcare.faq import FaqBook
from twitchcare.handoff import Outbox
from twitchcare.report import compute_report
from twitchcare.report_db import read_conversation, read_rows, topic_titles
from twitchcare.settings import SETTINGS

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).resolve().parent / "console_static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "application/javascript; charset=utf-8", ".png": "image/png"}
SESSION_COOKIE, LOGIN_COOKIE = "console_session", "console_login"
LIST_LIMIT = 200
HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
}

Handler = Callable[..., Awaitable[HTTPResponse]]


def store() -> ConsoleStore:
    return ConsoleStore(
        SETTINGS.database_url,
        lockout=console_auth.LockoutPolicy(SETTINGS.console_max_failures, SETTINGS.console_lockout_s),
        sessions=console_auth.SessionPolicy(SETTINGS.console_session_idle_s, SETTINGS.console_session_max_s),
    )


def html(body: str, status: int = 200) -> HTTPResponse:
    return response.html(body, status=status, headers=HEADERS)


def not_saved(error: Exception, session: Any) -> HTTPResponse:
    """A clinic answer that could not be saved: why, on the FAQ page, with 400."""
    body = f'<p class="error" role="alert">{error}</p>'
    return html(console_pages.page("Not saved", body, session.username, session.csrf, "faqs"), status=400)


def redirect(path: str) -> HTTPResponse:
    return response.redirect(console_pages.BASE + path, status=303, headers=HEADERS)


def refused(status: int = 403) -> HTTPResponse:
    return response.text("Not found" if status == 404 else "Forbidden", status=status, headers=HEADERS)


def set_cookie(resp: HTTPResponse, name: str, value: str, max_age: int) -> None:
    resp.cookies[name] = value
    cookie = resp.cookies[name]
    cookie["path"] = console_pages.BASE
    cookie["httponly"] = True
    cookie["secure"] = True
    cookie["samesite"] = "Strict"
    cookie["max-age"] = max_age


async def blocking(fn: Callable[..., Any], *args: Any) -> Any:
    """Database calls and scrypt off the event loop."""
    return await asyncio.get_running_loop().run_in_executor(None, functools.partial(fn, *args))


def window(args: Any) -> Tuple[str, Optional[datetime], Optional[datetime], str, str, str]:
    """(range key, since, until, since text, until text, description) of the ?range= filter (UTC)."""
    key = args.get("range") or "7d"
    today = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    since_text, until_text = args.get("since") or "", args.get("until") or ""
    if key == "custom":
        since, until = _day(since_text), _day(until_text)
        until = until + timedelta(days=1) if until else None
        what = f"Conversations started from {since_text or 'the beginning'} to {until_text or 'now'} (UTC)"
        return key, since, until, since_text, until_text, what
    days = {"today": 1, "30d": 30}.get(key, 7)
    key = key if key in ("today", "30d") else "7d"
    since = today - timedelta(days=days - 1)
    what = "Conversations started today (UTC)" if days == 1 else f"Conversations started in the last {days} days (UTC)"
    return key, since, None, since.date().isoformat(), "", what


def _day(text: str) -> Optional[datetime]:
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return None
    return day.replace(tzinfo=timezone.utc)


def _has_events(engine: sa.engine.Engine) -> bool:
    return bool(sa.inspect(engine).has_table("events"))


def report_for(console: ConsoleStore, since: Optional[datetime], until: Optional[datetime]) -> Dict[str, Any]:
    if not _has_events(console.engine):
        return compute_report([], since, until)
    return compute_report(read_rows(console.engine, since, until), since=since, until=until)


class ConsoleInput(InputChannel):
    """Serves the clinic console; never receives chat messages."""

    @classmethod
    def name(cls) -> Text:
        return "console"

    def url_prefix(self) -> Text:
        return console_pages.BASE  # /console, not /webhooks/console

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        bp = Blueprint("clinic_console", __name__)
        limiter = console_auth.RateLimiter(SETTINGS.console_login_rate, 60.0)

        def staff(handler: Handler) -> Handler:
            """Only with a live session; POSTs also need the session's CSRF token."""

            @functools.wraps(handler)
            async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
                console = await blocking(store)
                session = await blocking(console.session, request.cookies.get(SESSION_COOKIE))
                if session is None:
                    return refused() if request.method != "GET" else redirect("/login")
                if request.method != "GET" and not console_auth.same_token(
                    (request.form or {}).get("csrf"), session.csrf
                ):
                    return refused()
                return await handler(request, console, session, *args, **kwargs)

            return guarded

        @bp.route("/login", methods=["GET"])
        async def login_form(request: Request) -> HTTPResponse:
            token = console_auth.new_token()
            resp = html(console_pages.login_page(token))
            set_cookie(resp, LOGIN_COOKIE, token, 3600)
            return resp

        @bp.route("/login", methods=["POST"])
        async def login(request: Request) -> HTTPResponse:
            form = request.form or {}
            if not console_auth.same_token(form.get("csrf"), request.cookies.get(LOGIN_COOKIE, "")):
                return refused()
            if not limiter.allow(request.ip or "unknown", time.monotonic()):
                return html(
                    console_pages.login_page(form.get("csrf", ""), "Too many attempts: wait a minute."), status=429
                )
            console = await blocking(store)
            result, token = await blocking(console.login, str(form.get("username", "")), str(form.get("password", "")))
            if result != LoginResult.OK or token is None:
                message = (
                    "This account is locked for a while after too many wrong passwords."
                    if result == LoginResult.LOCKED
                    else "Wrong user name or password."
                )
                return html(console_pages.login_page(form.get("csrf", ""), message), status=401)
            resp = redirect("/")
            set_cookie(resp, SESSION_COOKIE, token, int(SETTINGS.console_session_max_s))
            set_cookie(resp, LOGIN_COOKIE, "", 0)
            return resp

        @bp.route("/logout", methods=["POST"])
        @staff
        async def logout(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            await blocking(console.logout, request.cookies.get(SESSION_COOKIE, ""), session.username)
            resp = redirect("/login")
            set_cookie(resp, SESSION_COOKIE, "", 0)
            return resp

        @bp.route("/static/<name>", methods=["GET"])
        async def static(request: Request, name: Text) -> HTTPResponse:
            try:
                path = (STATIC_DIR / name).resolve()
                found = path.parent == STATIC_DIR and path.is_file() and path.suffix in STATIC_TYPES
            except (OSError, ValueError):
                found = False
            if not found:
                return response.text("Not found", status=404, headers=HEADERS)
            return response.raw(
                path.read_bytes(),
                content_type=STATIC_TYPES[path.suffix],
                headers={**HEADERS, "Cache-Control": "no-cache"},
            )

        @bp.route("/", methods=["GET"])
        @staff
        async def dashboard(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            key, since, until, since_text, until_text, what = window(request.args)
            report = await blocking(report_for, console, since, until)
            titles = await blocking(topic_titles, console.engine)
            form = console_pages.range_form("/", key, since_text, until_text)
            return html(console_pages.dashboard(report, titles, what, form, session.username, session.csrf))

        @bp.route("/conversations", methods=["GET"])
        @staff
        async def conversations(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            args = {
                k: request.args.get(k) or ""
                for k in ("q", "level", "handoff", "unanswered", "channel", "since", "until")
            }
            since, until = _day(args["since"]), _day(args["until"])
            until = until + timedelta(days=1) if until else None

            def load() -> List[Any]:
                if not _has_events(console.engine):
                    return []
                return summarise(read_rows(console.engine, since, until))

            summaries = await blocking(load)
            flag = {"yes": True, "no": False}
            chosen = [
                s
                for s in summaries
                if matches(
                    s,
                    args["q"][:200],
                    args["level"],
                    flag.get(args["handoff"]),
                    flag.get(args["unanswered"]),
                    args["channel"],
                )
            ]
            channels = sorted({s.channel for s in summaries if s.channel})
            flash = "The conversation was deleted." if request.args.get("deleted") else ""
            return html(
                console_pages.conversation_list(
                    [s.as_dict() for s in chosen[:LIST_LIMIT]],
                    len(chosen),
                    args,
                    channels,
                    session.username,
                    session.csrf,
                    flash,
                )
            )

        @bp.route("/conversations/<sender_id>", methods=["GET"])
        @staff
        async def conversation(request: Request, console: ConsoleStore, session: Any, sender_id: str) -> HTTPResponse:
            rows = await blocking(read_conversation, console.engine, sender_id) if _has_events(console.engine) else []
            if not rows:
                return html(
                    console_pages.page(
                        "Not found",
                        '<p class="empty">No such conversation.</p>',
                        session.username,
                        session.csrf,
                        "conversations",
                    ),
                    status=404,
                )
            titles = await blocking(topic_titles, console.engine)
            await blocking(console.audit, session.username, "conversation.read", sender_id)
            return html(
                console_pages.transcript_page(sender_id, transcript(rows), titles, session.username, session.csrf)
            )

        @bp.route("/conversations/<sender_id>/delete", methods=["POST"])
        @staff
        async def delete(request: Request, console: ConsoleStore, session: Any, sender_id: str) -> HTTPResponse:
            await blocking(console.delete_conversation, sender_id, session.username)
            return redirect("/conversations?deleted=1")

        @bp.route("/unanswered", methods=["GET"])
        @staff
        async def unanswered(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            key, since, until, since_text, until_text, _ = window(request.args)
            report = await blocking(report_for, console, since, until)
            groups = group_similar(report["unanswered_questions"])
            book = FaqBook(console.faq_source(SETTINGS.clinic_faq_path), knowledge.default_kb())

            def answered() -> Dict[str, str]:
                found = {}
                for group in groups:
                    match = book.match(group["text"])
                    if match:
                        found[group["text"]] = match[0].question
                return found

            answered_by = await blocking(answered)
            form = console_pages.range_form("/unanswered", key, since_text, until_text)
            flash = "Saved: the assistant uses this answer from the next message." if request.args.get("saved") else ""
            return html(console_pages.unanswered_page(groups, answered_by, form, session.username, session.csrf, flash))

        @bp.route("/faqs", methods=["GET"])
        @staff
        async def faqs(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            def load() -> Tuple[Any, Any]:
                console.faq_source(SETTINGS.clinic_faq_path).version()  # seeds clinic/faq.yml the first time
                return console.faq_rows(), console.audit_log(100, "faq.")

            rows, history = await blocking(load)
            flash = "Saved." if request.args.get("saved") else ""
            return html(console_pages.faqs_page(rows, history, session.username, session.csrf, flash))

        @bp.route("/faqs", methods=["POST"])
        @staff
        async def add_faq(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            form = request.form
            question, answer = str(form.get("question", "")), str(form.get("answer", ""))
            also = console_pages.split_lines(str(form.get("also", "")))

            def save() -> None:
                console.faq_source(SETTINGS.clinic_faq_path).version()
                console.save_faq(console.new_faq_id(question), question, answer, also, session.username, create=True)

            try:
                await blocking(save)
            except ValueError as error:
                return not_saved(error, session)
            back = "/unanswered" if form.get("back") == "unanswered" else "/faqs"
            return redirect(back + "?saved=1")

        @bp.route("/faqs/<faq_id>", methods=["POST"])
        @staff
        async def edit_faq(request: Request, console: ConsoleStore, session: Any, faq_id: str) -> HTTPResponse:
            form = request.form
            try:
                await blocking(
                    console.save_faq,
                    faq_id,
                    str(form.get("question", "")),
                    str(form.get("answer", "")),
                    console_pages.split_lines(str(form.get("also", ""))),
                    session.username,
                )
            except KeyError:
                return refused(404)
            except ValueError as error:
                return not_saved(error, session)
            return redirect("/faqs?saved=1")

        @bp.route("/faqs/<faq_id>/<change>", methods=["POST"])
        @staff
        async def retire_faq(
            request: Request, console: ConsoleStore, session: Any, faq_id: str, change: str
        ) -> HTTPResponse:
            if change not in ("retire", "restore"):
                return refused(404)
            try:
                await blocking(console.retire_faq, faq_id, session.username, change == "restore")
            except KeyError:
                return refused(404)
            return redirect("/faqs?saved=1")

        @bp.route("/handoffs", methods=["GET"])
        @staff
        async def handoffs(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            def load() -> Tuple[Any, Any, Optional[Dict[str, Any]]]:
                outbox = None
                if SETTINGS.handoff_outbox_path.is_file():
                    pending = Outbox(SETTINGS.handoff_outbox_path).pending_times()
                    outbox = {"waiting": len(pending), "oldest": min(pending) if pending else None}
                return console.handoffs(handled=False), console.handoffs(handled=True, limit=50), outbox

            waiting, handled, outbox = await blocking(load)
            flash = "Marked handled." if request.args.get("handled") else ""
            return html(console_pages.handoffs_page(waiting, handled, outbox, session.username, session.csrf, flash))

        @bp.route("/handoffs/<handoff_id:int>/handled", methods=["POST"])
        @staff
        async def handled(request: Request, console: ConsoleStore, session: Any, handoff_id: int) -> HTTPResponse:
            try:
                await blocking(console.mark_handled, handoff_id, session.username, str(request.form.get("note", "")))
            except KeyError:
                return refused(404)
            return redirect("/handoffs?handled=1")

        @bp.route("/audit", methods=["GET"])
        @staff
        async def audit(request: Request, console: ConsoleStore, session: Any) -> HTTPResponse:
            entries = await blocking(console.audit_log, 300)
            return html(console_pages.audit_page(entries, session.username, session.csrf))

        return bp
