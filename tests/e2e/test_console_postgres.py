"""The clinic console on PostgreSQL (TRACKER_DB_URL): accounts, the dashboard's figures, a
clinic answer written in the console and used by the assistant on the next REST message,
the handoff queue and deleting a conversation, against a throwaway cluster (tests/e2e/postgres.py)."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa

from tests.e2e.conftest import running_servers
from tests.e2e.postgres import new_database, postgres_url  # noqa: F401
from tests.e2e.test_console import CARD_ANSWER, CARD_QUESTION, PASSWORD, STAFF, Staff, create_account


def kpi(page: str, name: str) -> str:
    return re.search(rf'data-kpi="{name}"><div class="k">[^<]*</div><div class="v">([^<]*)<', page).group(1)


def test_console_on_postgres(postgres_url, tmp_path):  # noqa: F811
    url = new_database(postgres_url, f"console_{uuid.uuid4().hex[:8]}")
    made = create_account(url, STAFF, PASSWORD)
    assert made.returncode == 0, made.stderr
    with running_servers(tmp_path, {"TRACKER_DB_URL": url}) as (bot, _, _):
        staff = Staff(bot.base_url)
        answered, unanswered, handed_off = (f"pg-{uuid.uuid4().hex}" for _ in range(3))
        assert bot.custom(bot.send("what is benign fasciculation syndrome", answered)).get("topic")
        assert bot.custom(bot.send(CARD_QUESTION, unanswered)).get("unanswered") is True
        bot.send("can I talk to a person please", handed_off)

        page = staff.get("/console/?range=today").text
        # this test's three conversations and the servers' start-up probe
        assert (kpi(page, "conversations"), kpi(page, "handoffs"), kpi(page, "resolved")) == ("4", "1", "25.0%")
        listed = staff.get("/console/conversations?unanswered=yes").text
        assert CARD_QUESTION in listed and 'data-count="1"' in listed
        assert "benign fasciculation syndrome" in staff.get(f"/console/conversations/{answered}").text

        assert CARD_QUESTION in staff.get("/console/unanswered?range=today").text
        saved = staff.post(
            "/console/faqs", {"question": CARD_QUESTION, "answer": CARD_ANSWER, "also": "", "back": "unanswered"}
        )
        assert saved.status_code == 303
        reply = bot.send(CARD_QUESTION)
        assert CARD_ANSWER in bot.text(reply) and bot.custom(reply).get("clinic_faq")

        queue = staff.get("/console/handoffs").text
        handoff_id = re.search(r'data-handoff="(\d+)"', queue).group(1)
        assert staff.post(f"/console/handoffs/{handoff_id}/handled", {"note": "Rang back"}).status_code == 303
        assert "Nobody is waiting." in staff.get("/console/handoffs").text

        assert staff.post(f"/console/conversations/{unanswered}/delete", {}).status_code == 303
        assert staff.get(f"/console/conversations/{unanswered}").status_code == 404

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            assert (
                conn.execute(sa.text("select count(*) from events where sender_id = :s"), {"s": unanswered}).scalar()
                == 0
            )
            assert (
                conn.execute(
                    sa.text("select updated_by from clinic_faqs where answer = :a"), {"a": CARD_ANSWER}
                ).scalar()
                == STAFF
            )
            actions = {r[0] for r in conn.execute(sa.text("select action from console_audit"))}
            assert {"user.create", "login", "faq.create", "handoff.handled", "conversation.delete"} <= actions
            assert conn.execute(sa.text("select count(*) from console_users")).scalar() == 1
            stored = conn.execute(sa.text("select password_hash from console_users")).scalar()
            assert PASSWORD not in stored and stored.startswith("scrypt$")
    finally:
        engine.dispose()
