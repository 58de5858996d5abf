"""The clinic console's tables, kept in the tracker database (SQLite or PostgreSQL) so every
replica shares them: staff accounts, sessions, the audit log, the clinic FAQs and handoffs.

Tables are created on first use (`ConsoleStore(url)`); nothing here reads the environment
(the URL comes from twitchcare.settings). Personal data: the FAQ and handoff tables hold what
staff wrote and the doctor summary (no free text typed by the person); the audit log records
who did what to which entry or conversation id, never message text.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Hashable, List, Optional, Sequence, Tuple, cast

import sqlalchemy as sa

from twitchcare import console_auth
from twitchcare.faq import Faq, load_yaml_faqs

META = sa.MetaData()
USERS = sa.Table(
    "console_users",
    META,
    sa.Column("username", sa.String(64), primary_key=True),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", sa.Float, nullable=True),
    sa.Column("created", sa.Float, nullable=False),
)
SESSIONS = sa.Table(
    "console_sessions",
    META,
    sa.Column("token_digest", sa.String(64), primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("last_seen", sa.Float, nullable=False),
)
AUDIT = sa.Table(
    "console_audit",
    META,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.String(255), nullable=True),
    sa.Column("detail", sa.Text, nullable=True),
)
FAQS = sa.Table(
    "clinic_faqs",
    META,
    sa.Column("id", sa.String(80), primary_key=True),
    sa.Column("question", sa.Text, nullable=False),
    sa.Column("also", sa.Text, nullable=False),  # JSON list of other wordings
    sa.Column("answer", sa.Text, nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("revision", sa.Integer, nullable=False),  # global change counter: the book's version
    sa.Column("updated_at", sa.Float, nullable=False),
    sa.Column("updated_by", sa.String(64), nullable=False),
)
HANDOFFS = sa.Table(
    "console_handoffs",
    META,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("conversation_id", sa.String(255), nullable=False, index=True),
    sa.Column("at", sa.Float, nullable=False),
    sa.Column("triage_level", sa.String(32), nullable=True),
    sa.Column("summary", sa.Text, nullable=True),  # JSON: the doctor summary
    sa.Column("channel", sa.String(64), nullable=True),
    # JSON list: the phone numbers / e-mail addresses the person typed, for the call back
    # (removed with the conversation: deletion on request, retention purge).
    sa.Column("contact", sa.Text, nullable=True),
    sa.Column("delivery", sa.String(16), nullable=False),  # DELIVERY
    sa.Column("handled_at", sa.Float, nullable=True),
    sa.Column("handled_by", sa.String(64), nullable=True),
    sa.Column("note", sa.Text, nullable=True),
)

DELIVERY = ("pending", "delivered", "failed", "not_sent")
SYSTEM = "system"
MAX_NOTE_CHARS = 2000
MAX_FAQ_CHARS = 4000

_engines: Dict[str, sa.engine.Engine] = {}
_created: set[str] = set()  # URLs whose tables this process has created or found
_engines_lock = threading.Lock()


def engine_for(url: str) -> sa.engine.Engine:
    """One engine per database URL in this process (SQLite: its directory is created)."""
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            parsed = sa.engine.make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
                Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)
            engine = _engines[url] = sa.create_engine(parsed, pool_pre_ping=True)
        return engine


def sqlite_file_missing(url: str) -> bool:
    """True for an SQLite URL whose file does not exist yet (nothing to read, nothing configured)."""
    parsed = sa.engine.make_url(url)
    return parsed.get_backend_name() == "sqlite" and not Path(str(parsed.database or "")).is_file()


def has_staff(url: str) -> bool:
    """Whether the database holds a staff account (the console is then on); creates nothing."""
    if sqlite_file_missing(url):
        return False
    engine = engine_for(url)
    if not sa.inspect(engine).has_table(USERS.name):
        return False
    with engine.connect() as conn:
        return bool(conn.execute(sa.select(sa.func.count()).select_from(USERS)).scalar())


@dataclass(frozen=True)
class Session:
    username: str
    csrf: str


@dataclass(frozen=True)
class FaqRow:
    faq: Faq
    active: bool
    updated_at: float
    updated_by: str


class LoginResult:
    OK, WRONG, LOCKED = "ok", "wrong", "locked"


def _slug(text: str) -> str:
    return "_".join(re.findall(r"[a-z0-9]+", text.lower()))[:40] or "faq"


class ConsoleStore:
    def __init__(
        self,
        url: str,
        lockout: console_auth.LockoutPolicy = console_auth.LockoutPolicy(),
        sessions: console_auth.SessionPolicy = console_auth.SessionPolicy(),
    ):
        self.engine = engine_for(url)
        self.lockout, self.session_policy = lockout, sessions
        if url not in _created:
            try:
                META.create_all(self.engine)
            except sa.exc.IntegrityError:  # another replica created them at the same moment (PostgreSQL)
                META.create_all(self.engine)
            _created.add(url)

    # -- accounts ------------------------------------------------------------------------------

    def has_users(self) -> bool:
        with self.engine.connect() as conn:
            return bool(conn.execute(sa.select(sa.func.count()).select_from(USERS)).scalar())

    def set_user(self, username: str, password: str, by: str = SYSTEM) -> str:
        """Create the account or set its password; returns the normalised user name."""
        name = console_auth.normalise_username(username)
        if name is None:
            raise console_auth.PasswordError(f"a user name is 1-{console_auth.MAX_USERNAME_CHARS} of a-z 0-9 . _ - @")
        hashed = console_auth.hash_password(password)
        now = time.time()
        with self.engine.begin() as conn:
            exists = conn.execute(sa.select(USERS.c.username).where(USERS.c.username == name)).first()
            if exists:
                conn.execute(
                    USERS.update()
                    .where(USERS.c.username == name)
                    .values(password_hash=hashed, failures=0, locked_until=None)
                )
                conn.execute(SESSIONS.delete().where(SESSIONS.c.username == name))
            else:
                conn.execute(
                    USERS.insert().values(
                        username=name, password_hash=hashed, failures=0, locked_until=None, created=now
                    )
                )
            self._audit(conn, by, "user.password" if exists else "user.create", name)
        return name

    def login(self, username: str, password: str, now: Optional[float] = None) -> Tuple[str, Optional[str]]:
        """(LoginResult, session token or None). Every outcome takes one scrypt."""
        now = time.time() if now is None else now
        name = console_auth.normalise_username(username) or ""
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(USERS).where(USERS.c.username == name)).first() if name else None
            if row is None:
                console_auth.verify_password(password, console_auth.DUMMY_HASH)
                return LoginResult.WRONG, None
            if self.lockout.is_locked(row.locked_until, now):
                console_auth.verify_password(password, console_auth.DUMMY_HASH)
                return LoginResult.LOCKED, None
            if not console_auth.verify_password(password, row.password_hash):
                failures, locked_until = self.lockout.after_failure(int(row.failures or 0), now)
                conn.execute(
                    USERS.update().where(USERS.c.username == name).values(failures=failures, locked_until=locked_until)
                )
                self._audit(conn, name, "login.locked" if locked_until else "login.failed", name, at=now)
                return (LoginResult.LOCKED if locked_until else LoginResult.WRONG), None
            conn.execute(USERS.update().where(USERS.c.username == name).values(failures=0, locked_until=None))
            token = console_auth.new_token()
            conn.execute(
                SESSIONS.insert().values(
                    token_digest=console_auth.token_digest(token),
                    username=name,
                    csrf=console_auth.new_token(),
                    created=now,
                    last_seen=now,
                )
            )
            self._audit(conn, name, "login", name, at=now)
            return LoginResult.OK, token

    def session(self, token: Optional[str], now: Optional[float] = None) -> Optional[Session]:
        """The live session of a cookie's token (its last use is updated), else None."""
        if not token or len(token) > 128:
            return None
        now = time.time() if now is None else now
        digest = console_auth.token_digest(token)
        with self.engine.begin() as conn:
            row = conn.execute(sa.select(SESSIONS).where(SESSIONS.c.token_digest == digest)).first()
            if row is None:
                return None
            if not self.session_policy.is_valid(row.created, row.last_seen, now):
                conn.execute(SESSIONS.delete().where(SESSIONS.c.token_digest == digest))
                return None
            conn.execute(SESSIONS.update().where(SESSIONS.c.token_digest == digest).values(last_seen=now))
            return Session(str(row.username), str(row.csrf))

    def logout(self, token: str, username: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(SESSIONS.delete().where(SESSIONS.c.token_digest == console_auth.token_digest(token)))
            self._audit(conn, username, "logout", username)

    # -- audit ---------------------------------------------------------------------------------

    @staticmethod
    def _audit(
        conn: Any,
        username: str,
        action: str,
        target: Optional[str] = None,
        detail: Optional[Dict[str, Any]] = None,
        at: Optional[float] = None,
    ) -> None:
        conn.execute(
            AUDIT.insert().values(
                at=time.time() if at is None else at,
                username=username,
                action=action,
                target=target,
                detail=json.dumps(detail) if detail else None,
            )
        )

    def audit(
        self, username: str, action: str, target: Optional[str] = None, detail: Optional[Dict[str, Any]] = None
    ) -> None:
        with self.engine.begin() as conn:
            self._audit(conn, username, action, target, detail)

    def audit_log(self, limit: int = 200, action_prefix: str = "") -> List[Dict[str, Any]]:
        query = sa.select(AUDIT).order_by(AUDIT.c.id.desc()).limit(limit)
        if action_prefix:
            query = query.where(AUDIT.c.action.like(action_prefix + "%"))
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    # -- clinic FAQs ---------------------------------------------------------------------------

    def seed_faqs(self, path: Path) -> int:
        """Import the entries of clinic/faq.yml whose id the database does not have yet (so a
        file edit can add entries, but never overwrites what staff changed in the console);
        returns how many were added."""
        faqs = load_yaml_faqs(path)
        with self.engine.connect() as conn:
            known = {r[0] for r in conn.execute(sa.select(FAQS.c.id))}
        return self.import_faqs([f for f in faqs if f.id not in known], SYSTEM, skip_existing=True)

    def import_faqs(self, faqs: Sequence[Faq], by: str, skip_existing: bool = False) -> int:
        added = 0
        for faq in faqs:
            try:
                self.save_faq(faq.id, faq.question, faq.answer, faq.also, by, create=True)
                added += 1
            except (KeyError, sa.exc.IntegrityError):
                if not skip_existing:
                    raise
        return added

    def faq_version(self) -> Tuple[int, int]:
        """Changes whenever an entry is added, edited or retired (cheap: one aggregate)."""
        with self.engine.connect() as conn:
            count, revision = conn.execute(sa.select(sa.func.count(), sa.func.max(FAQS.c.revision))).one()
        return int(count or 0), int(revision or 0)

    def faq_rows(self, include_retired: bool = True) -> List[FaqRow]:
        query = sa.select(FAQS).order_by(FAQS.c.question)
        if not include_retired:
            query = query.where(FAQS.c.active.is_(True))
        with self.engine.connect() as conn:
            return [
                FaqRow(
                    Faq(r.id, r.question, r.answer, tuple(json.loads(r.also or "[]"))),
                    bool(r.active),
                    float(r.updated_at),
                    str(r.updated_by),
                )
                for r in conn.execute(query)
            ]

    def active_faqs(self) -> List[Faq]:
        return [row.faq for row in self.faq_rows(include_retired=False)]

    def new_faq_id(self, question: str) -> str:
        base = _slug(question)
        with self.engine.connect() as conn:
            taken = {r[0] for r in conn.execute(sa.select(FAQS.c.id).where(FAQS.c.id.like(base + "%")))}
        if base not in taken:
            return base
        return next(f"{base}_{i}" for i in range(2, len(taken) + 3) if f"{base}_{i}" not in taken)

    def save_faq(
        self, faq_id: str, question: str, answer: str, also: Sequence[str], by: str, create: bool = False
    ) -> Faq:
        """Add (create=True) or edit an entry; raises KeyError for an unknown id to edit, and
        ValueError for an empty or over-long question or answer."""
        question, answer = " ".join(question.split()), " ".join(answer.split())
        wordings = tuple(w for w in (" ".join(a.split()) for a in also) if w)
        if not question or not answer or len(question) > MAX_FAQ_CHARS or len(answer) > MAX_FAQ_CHARS:
            raise ValueError("a FAQ needs a question and an answer (at most 4000 characters each)")
        now = time.time()
        values = {
            "question": question,
            "also": json.dumps(list(wordings)),
            "answer": answer,
            "active": True,
            "updated_at": now,
            "updated_by": by,
        }
        with self.engine.begin() as conn:
            revision = int(conn.execute(sa.select(sa.func.max(FAQS.c.revision))).scalar() or 0) + 1
            if create:
                conn.execute(FAQS.insert().values(id=faq_id, revision=revision, **values))
            elif not conn.execute(
                FAQS.update().where(FAQS.c.id == faq_id).values(revision=revision, **values)
            ).rowcount:
                raise KeyError(faq_id)
            self._audit(
                conn,
                by,
                "faq.create" if create else "faq.edit",
                faq_id,
                {"question": question, "answer": answer, "also": list(wordings)},
            )
        return Faq(faq_id, question, answer, wordings)

    def retire_faq(self, faq_id: str, by: str, active: bool = False) -> None:
        with self.engine.begin() as conn:
            revision = int(conn.execute(sa.select(sa.func.max(FAQS.c.revision))).scalar() or 0) + 1
            changed = conn.execute(
                FAQS.update()
                .where(FAQS.c.id == faq_id)
                .values(active=active, revision=revision, updated_at=time.time(), updated_by=by)
            ).rowcount
            if not changed:
                raise KeyError(faq_id)
            self._audit(conn, by, "faq.restore" if active else "faq.retire", faq_id)

    def faq_source(self, seed_path: Optional[Path] = None) -> "DatabaseFaqs":
        return DatabaseFaqs(self, seed_path)

    # -- handoffs ------------------------------------------------------------------------------

    def add_handoff(
        self,
        conversation_id: str,
        at: float,
        triage_level: Optional[str],
        summary: Optional[Dict[str, Any]],
        channel: str,
        delivery: str,
        contact: Sequence[str] = (),
    ) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                HANDOFFS.insert().values(
                    conversation_id=conversation_id,
                    at=at,
                    triage_level=triage_level,
                    summary=json.dumps(summary) if summary else None,
                    channel=channel,
                    delivery=delivery,
                    contact=json.dumps(list(contact)) if contact else None,
                )
            )
            return int(cast(Sequence[Any], result.inserted_primary_key)[0])

    def set_delivery(self, conversation_id: str, at: float, delivery: str, only_if: Optional[str] = None) -> None:
        """Set the delivery state of a handoff (only when it is `only_if`, when given)."""
        where = [HANDOFFS.c.conversation_id == conversation_id, HANDOFFS.c.at == at]
        if only_if is not None:
            where.append(HANDOFFS.c.delivery == only_if)
        with self.engine.begin() as conn:
            conn.execute(HANDOFFS.update().where(sa.and_(*where)).values(delivery=delivery))

    def handoffs(self, handled: Optional[bool] = None, limit: int = 500) -> List[Dict[str, Any]]:
        query = sa.select(HANDOFFS).order_by(HANDOFFS.c.at.desc()).limit(limit)
        if handled is True:
            query = query.where(HANDOFFS.c.handled_at.isnot(None))
        elif handled is False:
            query = query.where(HANDOFFS.c.handled_at.is_(None))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for row in rows:
            row["summary"] = json.loads(row["summary"]) if row["summary"] else None
            row["contact"] = json.loads(row["contact"]) if row["contact"] else []
        return rows

    def mark_handled(self, handoff_id: int, by: str, note: str) -> None:
        note = note.strip()[:MAX_NOTE_CHARS]
        with self.engine.begin() as conn:
            changed = conn.execute(
                HANDOFFS.update()
                .where(HANDOFFS.c.id == handoff_id)
                .values(handled_at=time.time(), handled_by=by, note=note)
            ).rowcount
            if not changed:
                raise KeyError(handoff_id)
            self._audit(conn, by, "handoff.handled", str(handoff_id))

    # -- conversations -------------------------------------------------------------------------

    def delete_conversation(self, sender_id: str, by: str) -> int:
        """Erase a conversation's events (a person's data request); returns the rows deleted."""
        events = sa.table("events", sa.column("sender_id"))
        with self.engine.begin() as conn:
            deleted = conn.execute(events.delete().where(events.c.sender_id == sender_id)).rowcount
            conn.execute(HANDOFFS.delete().where(HANDOFFS.c.conversation_id == sender_id))
            self._audit(conn, by, "conversation.delete", sender_id, {"events": deleted})
        return int(deleted or 0)


class DatabaseFaqs:
    """The FAQ table as a source for twitchcare.faq.FaqBook; new entries of `seed_path`
    (clinic/faq.yml) are imported when it is first read and whenever the file changes."""

    def __init__(self, store: ConsoleStore, seed_path: Optional[Path] = None):
        self.store, self.seed_path = store, seed_path
        self._seed_mtime: Optional[float] = None

    def version(self) -> Hashable:
        if self.seed_path is not None:
            try:
                mtime: Optional[float] = self.seed_path.stat().st_mtime
            except FileNotFoundError:
                mtime = None
            if mtime is not None and mtime != self._seed_mtime:
                self.store.seed_faqs(self.seed_path)
                self._seed_mtime = mtime
        return self.store.faq_version()

    def load(self) -> List[Faq]:
        return self.store.active_faqs()
