"""The clinic console's pure parts: passwords, tokens, lock-out, rate limits, sessions, the
console tables (on a throwaway SQLite file), conversation summaries and transcripts."""

from __future__ import annotations

import json
import os

import pytest
import sqlalchemy as sa

from twitchcare import console_auth as auth
from twitchcare import knowledge
from twitchcare.conversations import matches, summarise, transcript
from twitchcare.console_store import ConsoleStore, LoginResult
from twitchcare.faq import Faq, FaqBook

PASSWORD = "correct horse battery"


# ---- passwords and tokens


def test_hash_is_salted_and_verifies():
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first != second and PASSWORD not in first
    assert first.startswith("scrypt$") and len(first.split("$")) == 6
    assert auth.verify_password(PASSWORD, first) and auth.verify_password(PASSWORD, second)


@pytest.mark.parametrize("candidate", ["correct horse batterY", "", PASSWORD + " ", "x" * 5000])
def test_wrong_passwords_fail(candidate):
    assert not auth.verify_password(candidate, auth.hash_password(PASSWORD))


@pytest.mark.parametrize("stored", ["", "plain", "md5$1$2$3$aa$bb", "scrypt$x$8$1$aa$bb", "scrypt$16384$8$1$zz$bb"])
def test_malformed_hashes_never_verify(stored):
    assert auth.verify_password(PASSWORD, stored) is False


@pytest.mark.parametrize("password", ["short", "x" * 11, "y" * 1025])
def test_new_passwords_need_a_sane_length(password):
    with pytest.raises(auth.PasswordError):
        auth.hash_password(password)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Reception", "reception"),
        (" dr.smith@clinic ", "dr.smith@clinic"),
        ("", None),
        ("a b", None),
        ("<script>", None),
        ("x" * 65, None),
        ("anna-maria_2", "anna-maria_2"),
    ],
)
def test_usernames(name, expected):
    assert auth.normalise_username(name) == expected


def test_tokens_are_random_and_compared_safely():
    a, b = auth.new_token(), auth.new_token()
    assert a != b and len(a) >= 40
    assert auth.same_token(a, a) and not auth.same_token(a, b)
    assert not auth.same_token(None, a) and not auth.same_token("", "") and not auth.same_token(a, "")
    assert auth.token_digest(a) != a and len(auth.token_digest(a)) == 64


# ---- policies


@pytest.mark.parametrize("failures, expected", [(0, (1, None)), (3, (4, None)), (4, (0, 1900.0))])
def test_lockout_after_max_failures(failures, expected):
    assert auth.LockoutPolicy(max_failures=5, lockout_s=900).after_failure(failures, now=1000.0) == expected


@pytest.mark.parametrize("locked_until, now, locked", [(None, 5.0, False), (10.0, 5.0, True), (10.0, 10.0, False)])
def test_is_locked(locked_until, now, locked):
    assert auth.LockoutPolicy.is_locked(locked_until, now) is locked


@pytest.mark.parametrize(
    "created, last_seen, now, valid",
    [
        (0, 0, 10, True),
        (0, 0, 1800, False),
        (0, 1000, 2000, True),
        (0, 43000, 43200, False),
    ],
)
def test_session_expiry(created, last_seen, now, valid):
    assert auth.SessionPolicy(idle_s=1800, max_s=43200).is_valid(created, last_seen, now) is valid


def test_rate_limiter_sliding_window():
    limiter = auth.RateLimiter(limit=3, window_s=60)
    assert [limiter.allow("ip", t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limiter.allow("other", 3) is True
    assert limiter.allow("ip", 59.9) is False and limiter.allow("ip", 60.5) is True


def test_rate_limiter_memory_is_bounded():
    limiter = auth.RateLimiter(limit=1, window_s=10, max_keys=3)
    for i in range(10):
        limiter.allow(f"k{i}", float(i))
    assert len(limiter._events) <= 3


# ---- the store


@pytest.fixture
def store(tmp_path):
    return ConsoleStore(
        f"sqlite:///{tmp_path / 'db.sqlite'}",
        lockout=auth.LockoutPolicy(3, 60),
        sessions=auth.SessionPolicy(idle_s=100, max_s=1000),
    )


def test_accounts_sessions_and_lockout(store):
    assert not store.has_users()
    assert store.set_user("Reception", PASSWORD) == "reception"
    assert store.has_users()
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("select password_hash from console_users")).scalar()
    assert PASSWORD not in stored and auth.verify_password(PASSWORD, stored)

    assert store.login("nobody", PASSWORD, now=0) == (LoginResult.WRONG, None)
    result, token = store.login("RECEPTION", PASSWORD, now=0)
    assert result == LoginResult.OK and token
    session = store.session(token, now=50)
    assert session and session.username == "reception" and session.csrf
    assert store.session(token, now=149) is not None  # used at 50: idle until 150
    assert store.session(token, now=260) is None  # idle too long: gone for good
    assert store.session(token, now=100) is None
    assert store.session("forged", now=0) is None and store.session(None) is None

    assert store.login("reception", "wrong one", now=10)[0] == LoginResult.WRONG
    assert store.login("reception", "wrong two", now=11)[0] == LoginResult.WRONG
    assert store.login("reception", "wrong three", now=12)[0] == LoginResult.LOCKED
    assert store.login("reception", PASSWORD, now=13)[0] == LoginResult.LOCKED  # even the right one
    assert store.login("reception", PASSWORD, now=73)[0] == LoginResult.OK  # after the lock-out
    actions = [a["action"] for a in store.audit_log()]
    assert actions.count("login.failed") == 2 and "login.locked" in actions and actions.count("login") == 2
    assert all(PASSWORD not in json.dumps(a) for a in store.audit_log())


def test_new_password_ends_sessions(store):
    store.set_user("anna", PASSWORD)
    _, token = store.login("anna", PASSWORD, now=0)
    store.set_user("anna", PASSWORD + "!")
    assert store.session(token, now=1) is None


def test_faqs_seeded_once_edited_retired_and_audited(store, tmp_path):
    seed = tmp_path / "faq.yml"
    seed.write_text(
        "faqs:\n  - id: parking\n    question: Is there parking?\n    also: [car park]\n"
        "    answer: Yes, behind the clinic.\n"
    )
    source = store.faq_source(seed)
    v0 = source.version()
    assert [f.id for f in source.load()] == ["parking"]
    assert store.seed_faqs(seed) == 0  # never twice
    new_id = store.new_faq_id("Do you take   card payments?")
    assert new_id == "do_you_take_card_payments"
    store.save_faq(new_id, "Do you take card payments?", "Yes, all major cards.", ["pay by card"], "anna", create=True)
    v1 = source.version()
    assert v1 != v0 and {f.id for f in source.load()} == {"parking", new_id}
    store.save_faq(new_id, "Do you take card payments?", "Yes, and contactless.", [], "bob")
    assert source.version() != v1
    store.retire_faq("parking", "anna")
    assert [f.id for f in source.load()] == [new_id]
    assert {r.faq.id: r.active for r in store.faq_rows()} == {"parking": False, new_id: True}
    with pytest.raises(KeyError):
        store.save_faq("missing", "q", "a", [], "anna")
    with pytest.raises(ValueError):
        store.save_faq(new_id, "  ", "a", [], "anna")
    log = [(a["username"], a["action"], a["target"]) for a in store.audit_log(action_prefix="faq.")]
    assert log[:3] == [("anna", "faq.retire", "parking"), ("bob", "faq.edit", new_id), ("anna", "faq.create", new_id)]
    assert store.new_faq_id("Do you take card payments") == new_id + "_2"
    # The file is a seed: a new id in it is imported, a retired or edited entry stays as staff left it.
    seed.write_text(
        seed.read_text().replace("Yes, behind", "No, not behind")
        + "  - id: hours\n    question: When are you open?\n    answer: 8 to 6.\n"
    )
    os.utime(seed, (1, 1))
    source.version()
    assert {f.id for f in source.load()} == {new_id, "hours"}
    assert next(r for r in store.faq_rows() if r.faq.id == "parking").faq.answer == "Yes, behind the clinic."


def test_faq_book_uses_a_new_answer_at_once(store, tmp_path):
    book = FaqBook(store.faq_source(tmp_path / "none.yml"), knowledge.default_kb())
    question = "Do you accept payment by credit card at reception?"
    assert book.match(question) is None
    store.save_faq(
        "cards",
        "Do you accept credit card payment?",
        "Yes, all major cards.",
        ["pay by card", "card payment"],
        "anna",
        create=True,
    )
    found = book.match(question)
    assert found and found[0] == Faq(
        "cards", "Do you accept credit card payment?", "Yes, all major cards.", ("pay by card", "card payment")
    )
    store.retire_faq("cards", "anna")
    assert book.match(question) is None


def test_handoffs_and_deleting_a_conversation(store):
    hid = store.add_handoff("conv-1", 100.0, "doctor", {"duration": "3 weeks"}, "rest", "failed", ["07700 900123"])
    store.set_delivery("conv-1", 100.0, "delivered")
    [row] = store.handoffs(handled=False)
    assert row["id"] == hid and row["delivery"] == "delivered" and row["summary"] == {"duration": "3 weeks"}
    assert row["contact"] == ["07700 900123"]
    store.set_delivery("conv-1", 100.0, "failed", only_if="pending")  # delivered stays delivered
    assert store.handoffs()[0]["delivery"] == "delivered"
    store.mark_handled(hid, "anna", "  Called back, booked Tuesday  ")
    assert store.handoffs(handled=False) == []
    [row] = store.handoffs(handled=True)
    assert (row["handled_by"], row["note"]) == ("anna", "Called back, booked Tuesday")
    with pytest.raises(KeyError):
        store.mark_handled(999, "anna", "")

    with store.engine.begin() as conn:
        conn.execute(sa.text("create table events (id integer primary key, sender_id text)"))
        conn.execute(sa.text("insert into events (sender_id) values ('conv-1'), ('conv-1'), ('other')"))
    assert store.delete_conversation("conv-1", "anna") == 2
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from events")).scalar() == 1
    assert store.handoffs() == []
    assert store.audit_log()[0]["action"] == "conversation.delete"


# ---- conversations


def ev(i, sender, type_name, ts, data):
    return {
        "id": i,
        "sender_id": sender,
        "type_name": type_name,
        "timestamp": ts,
        "data": json.dumps({"event": type_name, "timestamp": ts, **data}),
    }


ROWS = [
    ev(1, "a", "user", 10.0, {"text": "my eyelid twitches", "input_channel": "socketio"}),
    ev(2, "a", "bot", 11.0, {"text": "Where is it?", "data": {"buttons": [{"title": "Eyelid", "payload": "/x"}]}}),
    ev(3, "a", "bot", 12.0, {"text": "", "data": {"custom": {"triage": {"level": "doctor", "reasons": ["3 weeks"]}}}}),
    ev(4, "b", "user", 20.0, {"text": "do you have parking [phone]", "input_channel": "rest"}),
    ev(5, "b", "bot", 21.0, {"text": "Sorry", "data": {"custom": {"unanswered": True, "question": "parking"}}}),
    ev(6, "b", "slot", 22.0, {"name": "handoff_requested", "value": {"at": "x"}}),
    ev(7, "c", "action", 30.0, {"name": "action_session_start"}),
]


def test_summaries_newest_first_with_outcomes():
    a, b = summarise(reversed(ROWS))[::-1]
    assert [s.sender_id for s in summarise(ROWS)] == ["b", "a"]  # c never wrote
    assert (a.level, a.resolved, a.handoff, a.unanswered, a.channel) == ("doctor", True, False, False, "socketio")
    assert (b.level, b.resolved, b.handoff, b.unanswered, b.channel) == (None, False, True, True, "rest")
    assert b.first_text == "do you have parking [phone]" and (b.start, b.last) == (20.0, 22.0)


@pytest.mark.parametrize(
    "filters, expected",
    [
        ({}, {"a", "b"}),
        ({"level": "doctor"}, {"a"}),
        ({"level": "none"}, {"b"}),
        ({"handoff": True}, {"b"}),
        ({"unanswered": False}, {"a"}),
        ({"channel": "rest"}, {"b"}),
        ({"since": 15.0}, {"b"}),
        ({"until": 15.0}, {"a"}),
        ({"query": "EYELID"}, {"a"}),
        ({"query": "zzz"}, set()),
    ],
)
def test_filters(filters, expected):
    assert {s.sender_id for s in summarise(ROWS) if matches(s, **filters)} == expected


def test_transcript_shows_buttons_and_cards():
    items = transcript([r for r in ROWS if r["sender_id"] == "a"])
    assert [(i["who"], i["text"]) for i in items] == [
        ("user", "my eyelid twitches"),
        ("bot", "Where is it?"),
        ("bot", ""),
    ]
    assert items[1]["buttons"] == ["Eyelid"]
    assert items[2]["card"] == {"level": "doctor", "reasons": ["3 weeks"]}


def test_similar_unanswered_questions_are_grouped_most_frequent_first():
    from twitchcare.conversations import group_similar

    groups = group_similar(
        [
            {"text": "where can I park my car", "count": 2},
            {"text": "does insurance cover an EMG", "count": 3},
            {"text": "is an EMG covered by my insurance", "count": 1},
            {"text": "parking for cars?", "count": 1},
            {"text": "how much does an EMG cost", "count": 1},
        ]
    )
    assert [(g["text"], g["count"]) for g in groups] == [
        ("does insurance cover an EMG", 4),
        ("where can I park my car", 3),
        ("how much does an EMG cost", 1),
    ]
    assert groups[0]["variants"] == ["does insurance cover an EMG", "is an EMG covered by my insurance"]
    assert group_similar([]) == []


# ---- pages: what people typed is shown as text, never as markup

XSS = '<script>alert(1)</script>"\'><img src=x onerror=alert(2)>'


def test_pages_escape_everything_people_or_staff_typed():
    from twitchcare import console_pages as pages
    from twitchcare.console_store import FaqRow

    items = [
        {"who": "user", "at": 1.0, "text": XSS, "buttons": [], "card": None},
        {"who": "bot", "at": 2.0, "text": "ok", "buttons": [XSS], "card": {"level": "doctor", "reasons": [XSS]}},
    ]
    rendered = [
        pages.transcript_page(XSS, items, {}, "anna", "tok"),
        pages.conversation_list(
            [
                {
                    "sender_id": XSS,
                    "start": 1.0,
                    "first_text": XSS,
                    "level": None,
                    "handoff": False,
                    "unanswered": True,
                    "resolved": False,
                    "channel": XSS,
                    "user_turns": 1,
                }
            ],
            1,
            {"q": XSS},
            [XSS],
            "anna",
            "tok",
        ),
        pages.unanswered_page([{"text": XSS, "count": 2, "variants": [XSS, XSS]}], {XSS: XSS}, "", "anna", "tok"),
        pages.faqs_page(
            [FaqRow(Faq("x", XSS, XSS, (XSS,)), True, 1.0, XSS)],
            [{"at": 1.0, "username": XSS, "action": "faq.edit", "target": XSS}],
            "anna",
            "tok",
        ),
        pages.handoffs_page(
            [
                {
                    "id": 1,
                    "conversation_id": XSS,
                    "at": 1.0,
                    "triage_level": None,
                    "summary": {XSS: XSS},
                    "channel": XSS,
                    "delivery": "failed",
                    "handled_at": None,
                    "handled_by": None,
                    "note": None,
                }
            ],
            [],
            {"waiting": 1, "oldest": 1.0},
            "anna",
            "tok",
        ),
        pages.login_page("tok", XSS),
    ]
    for html in rendered:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;" in html


def test_every_form_that_changes_something_carries_the_csrf_token():
    import re

    from twitchcare import console_pages as pages
    from twitchcare.console_store import FaqRow

    html = "".join(
        [
            pages.transcript_page("s", [], {}, "anna", "TOKEN"),
            pages.unanswered_page([{"text": "q", "count": 1, "variants": ["q"]}], {}, "", "anna", "TOKEN"),
            pages.faqs_page([FaqRow(Faq("x", "q", "a"), True, 1.0, "anna")], [], "anna", "TOKEN"),
            pages.handoffs_page(
                [
                    {
                        "id": 1,
                        "conversation_id": "c",
                        "at": 1.0,
                        "triage_level": "doctor",
                        "summary": None,
                        "channel": "rest",
                        "delivery": "delivered",
                        "handled_at": None,
                        "handled_by": None,
                        "note": None,
                    }
                ],
                [],
                None,
                "anna",
                "TOKEN",
            ),
        ]
    )
    forms = re.findall(r'<form method="post".*?</form>', html, re.S)
    assert len(forms) >= 8
    assert all('name="csrf" value="TOKEN"' in form for form in forms)
