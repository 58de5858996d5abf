"""The assistant scaled out: Rasa replicas sharing PostgreSQL (tracker store) and Redis (lock
store) behind nginx, all real Debian services on 127.0.0.1 (launcher/scale.py, conftest.py).

Each conversation is a full intake (opening, safety screen, duration, symptoms, triggers, age) that
ends in a triage result; the checks after every run are the same: each turn's reply asks the
next expected question, the last one is the expected triage level, and PostgreSQL holds every
user turn once, in order, each answered and followed by the wait for the next message (no turn
lost or duplicated, no second session, no leftover lock in Redis).

Tests run in file order. The replica-hanging tests (SIGSTOP, then SIGCONT) run before the
replica-killing one, which runs last: it leaves the module's cluster with one replica.
"""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List

import pytest
import redis
import requests
import sqlalchemy as sa
import yaml

from tests.scale.conftest import FAIL_TIMEOUT_S, PROXY_READ_TIMEOUT_S, pid_exists, scale_up
from tests.support import raw_http

REQUEST_TIMEOUT_S = 60
SENDERS = 12
TURNS = 6
# The same questions lead to three different results, decided by the last answer (each script
# is exactly TURNS turns; 10 days is when a child's twitch needs a doctor, so age is asked).
ANSWERS = ["none of these", "about 10 days", "none of these", "none of those"]
SCRIPTS = {
    "self_care": ["my left calf has been twitching", *ANSWERS, "I'm an adult"],
    "doctor": ["my left calf has been twitching", *ANSWERS, "a child, she's 12"],
    "urgent": ["my left calf has been twitching", *ANSWERS, "an adult, but I keep vomiting"],
}
# What the replies to turns 1..5 ask (custom "asking"); the reply to turn 6 is the result.
ASKED = ["emergency_screen", "duration_days", "symptoms", "triggers", "age_group"]
# Two questions for one conversation sent to different replicas, the second while the first
# holds the conversation's lock (lock store test).
LOCK_PAIRS = 5
LOCK_KEY_PREFIX = "lock:"  # rasa.core.lock_store.DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
LOCK_QUESTIONS = ("what causes eyelid twitching?", "can caffeine cause twitching?")
NGINX_LINE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) '
    r'upstream=(?P<upstream>.*?) upstream_status=(?P<upstream_status>.*?) '
    r'rt=(?P<rt>[\d.]+)(?: urt=(?P<urt>.*?) t=(?P<t>[\d.]+))?'
)
# Hung replica test: people pause between messages, so the replica to hang is often idle.
THINK_S = 2.0
HEALTH_TIMEOUT_S = 2


@dataclass
class Conversation:
    sender: str
    level: str
    script: List[str]
    replies: List[list] = field(default_factory=list)  # the bot messages of each turn
    latencies: List[float] = field(default_factory=list)

    def send(self, url: str, turn: int) -> None:
        assert turn == len(self.replies), f"{self.sender}: turn {turn} sent out of order"
        started = time.monotonic()
        r = requests.post(
            f"{url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": self.script[turn]},
            timeout=REQUEST_TIMEOUT_S,
        )
        assert r.status_code == 200, f"{self.sender} turn {turn} via {url}: HTTP {r.status_code} {r.text[:300]}"
        self.replies.append(r.json())
        self.latencies.append(time.monotonic() - started)


def custom(messages: list) -> dict:
    merged: dict = {}
    for m in messages:
        merged.update(m.get("custom") or {})
    return merged


def new_conversations(tag: str) -> List[Conversation]:
    levels = list(SCRIPTS)
    run = uuid.uuid4().hex[:6]
    return [
        Conversation(f"scale-{tag}-{run}-{i:02d}", levels[i % len(levels)], SCRIPTS[levels[i % len(levels)]])
        for i in range(SENDERS)
    ]


def drive(conversations: List[Conversation], turns: range, url_for: Callable[[int, int], str]) -> None:
    """All conversations at once (one thread each), each one's turns in order."""

    def run(index: int, conversation: Conversation) -> None:
        for turn in turns:
            conversation.send(url_for(index, turn), turn)

    with ThreadPoolExecutor(max_workers=len(conversations)) as pool:
        for future in [pool.submit(run, i, c) for i, c in enumerate(conversations)]:
            future.result(timeout=REQUEST_TIMEOUT_S * len(turns) + 30)


def stored_events(db_url: str, senders: List[str]) -> Dict[str, list]:
    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT id, sender_id, type_name, action_name, timestamp, data FROM events "
                    "WHERE sender_id IN :senders ORDER BY id"
                ).bindparams(sa.bindparam("senders", expanding=True)),
                {"senders": senders},
            ).fetchall()
    finally:
        engine.dispose()
    by_sender: Dict[str, list] = {s: [] for s in senders}
    for row in rows:
        by_sender[row.sender_id].append(row)
    return by_sender


def bot_output(messages: list) -> tuple:
    """The texts and the custom payloads, in order: what the REST channel delivered."""
    return ([m["text"] for m in messages if m.get("text")], [m["custom"] for m in messages if m.get("custom")])


def stored_bot_output(rows: list) -> tuple:
    """The same from the stored bot events: Rasa's REST channel sends an event's text (split at
    blank lines unless it has buttons), then its custom part."""
    texts, customs = [], []
    for bot in (json.loads(r.data) for r in rows if r.type_name == "bot"):
        data = bot.get("data") or {}
        if bot.get("text"):
            buttons = data.get("buttons") or data.get("quick_replies")
            texts += [bot["text"]] if buttons else bot["text"].strip().split("\n\n")
        if data.get("custom"):
            customs.append(data["custom"])
    return texts, customs


def check_turns_stored(rows: list, user_texts: List[str], replies: list, sender: str) -> None:
    """The stored conversation: these user turns once each, in order, none overlapping another."""
    users = [r for r in rows if r.type_name == "user"]
    assert [json.loads(r.data)["text"] for r in users] == user_texts, f"{sender}: stored user turns differ"
    stamps = [r.timestamp for r in users]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps), f"{sender}: user turns out of order"
    kinds = [r.type_name if r.type_name != "action" else r.action_name for r in rows]
    assert kinds.count("session_started") == 1, f"{sender}: the conversation was restarted: {kinds}"
    turns = [
        kinds[i:j]
        for i, j in zip(
            [k for k, t in enumerate(kinds) if t == "user"],
            [k for k, t in enumerate(kinds) if t == "user"][1:] + [len(kinds)],
        )
    ]
    for n, turn in enumerate(turns):
        # every turn is answered and ends waiting for the user before the next one starts
        assert (
            "bot" in turn and turn[-1] == "action_listen" and turn.count("action_listen") == 1
        ), f"{sender}: turn {n} stored interleaved or unfinished: {turn}"
    # every bot message received is stored once, in order (no turn processed twice)
    for kind, stored, received in zip(("texts", "custom messages"), stored_bot_output(rows), bot_output(replies)):
        first = next((i for i, (a, b) in enumerate(zip(stored, received)) if a != b), min(len(stored), len(received)))
        assert stored == received, (
            f"{sender}: {len(stored)} bot {kind} stored, {len(received)} received; first "
            f"difference at {first}: {stored[first:first + 1]} != {received[first:first + 1]}"
        )


def check_conversations(cluster, conversations: List[Conversation]) -> None:
    for c in conversations:
        assert len(c.replies) == TURNS, f"{c.sender}: {len(c.replies)} of {TURNS} turns answered"
        for turn, messages in enumerate(c.replies[:-1]):
            got = custom(messages)
            assert (
                got.get("asking") == ASKED[turn] and "triage" not in got
            ), f"{c.sender} turn {turn} ({c.script[turn]!r}): expected the {ASKED[turn]} question, got {got}"
        result = custom(c.replies[-1]).get("triage") or {}
        assert result.get("level") == c.level, f"{c.sender}: expected {c.level}, got {result or c.replies[-1]}"
    stored = stored_events(cluster.db_url, [c.sender for c in conversations])
    for c in conversations:
        check_turns_stored(stored[c.sender], c.script, [m for turn in c.replies for m in turn], c.sender)
    assert not lock_keys(cluster), f"locks left in Redis: {lock_keys(cluster)}"


def redis_client(cluster) -> redis.Redis:
    # db 0 for the checks themselves; the replicas' locks live in db 1
    return redis.Redis(host="127.0.0.1", port=cluster.redis_port, db=0, socket_timeout=10)


def lock_deletions(cluster) -> int:
    """DEL calls: Rasa deletes a conversation's lock after each turn when nobody is waiting."""
    return int(redis_client(cluster).info("commandstats").get("cmdstat_del", {}).get("calls", 0))


def lock_store_clients(cluster) -> int:
    return sum(c.get("db") == "1" for c in redis_client(cluster).client_list())


def lock_keys(cluster) -> list:
    return redis.Redis(host="127.0.0.1", port=cluster.redis_port, db=1, socket_timeout=10).keys("*")


def nginx_requests(cluster, start: int = 0) -> List[dict]:
    lines = cluster.nginx_access_log.read_text().splitlines()[start:]
    return [
        m.groupdict()
        for m in map(NGINX_LINE.search, lines)
        if m and m["method"] == "POST" and m["path"] == "/webhooks/rest/webhook"
    ]


def nginx_log_size(cluster) -> int:
    return len(cluster.nginx_access_log.read_text().splitlines())


def require_all_replicas(cluster) -> None:
    dead = [r.name for r in cluster.replicas if not r.alive()]
    if dead:
        pytest.fail(f"replicas not running: {dead} (the kill test must run last)")


def latency_summary(conversations: List[Conversation]) -> str:
    times = sorted(t for c in conversations for t in c.latencies)
    return f"{len(times)} turns, median {times[len(times) // 2]:.2f}s, max {times[-1]:.2f}s"


def _upstream_settings(conf: str) -> tuple:
    """The passive-health-check settings of an nginx.conf: the timeout and retry directives, in
    order, and the upstream servers' max_fails/fail_timeout."""
    found = re.findall(r"^\s*((?:proxy_(?:connect|send|read)_timeout|proxy_next_upstream\w*) [^;]+);", conf, re.M)
    servers = set(re.findall(r"^\s*server \S+ .*?(max_fails=\S+ fail_timeout=[^\s;]+)", conf, re.M))
    return [setting for setting in found if setting != "proxy_read_timeout 1h"], servers  # 1h: socket.io's


def test_deploy_nginx_conf_has_the_tested_settings(tmp_path):
    """deploy/docker-compose.yml's nginx.conf routes around dead and hung replicas exactly as the
    one these tests run (launcher/scale.py, with its production timeouts)."""
    tested = _upstream_settings(scale_up.nginx_conf(tmp_path, 8080, [5005, 5006]))
    compose = yaml.safe_load((scale_up.ROOT / "deploy" / "docker-compose.yml").read_text())
    deployed = _upstream_settings(compose["configs"]["nginx_conf"]["content"].replace("$$", "$"))
    directives, servers = tested
    assert {
        "proxy_next_upstream error timeout non_idempotent",
        "proxy_next_upstream_tries 2",
        f"proxy_read_timeout {scale_up.PROXY_READ_TIMEOUT_S}s",
    } <= set(directives), directives
    assert servers == {f"max_fails={scale_up.MAX_FAILS} fail_timeout={scale_up.FAIL_TIMEOUT_S}s"}, servers
    assert deployed == tested


def test_turns_alternate_between_replicas(cluster):
    """12 conversations at once, each turn sent straight to the other replica (A, B, A, B...)."""
    require_all_replicas(cluster)
    conversations = new_conversations("alternate")
    urls = cluster.replica_urls
    deletions = lock_deletions(cluster)
    started = time.monotonic()
    drive(conversations, range(TURNS), lambda i, turn: urls[(i + turn) % len(urls)])
    print(f"\nalternating replicas: {latency_summary(conversations)} in {time.monotonic() - started:.1f}s")
    check_conversations(cluster, conversations)
    # every turn took (and released) the conversation's lock in the shared Redis, from both replicas
    assert lock_deletions(cluster) - deletions == SENDERS * TURNS
    assert lock_store_clients(cluster) >= len(urls)


def test_turns_through_nginx(cluster):
    """The same through nginx: round robin spreads each conversation over the replicas."""
    require_all_replicas(cluster)
    conversations = new_conversations("nginx")
    start = nginx_log_size(cluster)
    started = time.monotonic()
    drive(conversations, range(TURNS), lambda i, turn: cluster.nginx_url)
    print(f"\nthrough nginx: {latency_summary(conversations)} in {time.monotonic() - started:.1f}s")
    check_conversations(cluster, conversations)
    logged = nginx_requests(cluster, start)
    assert len(logged) == SENDERS * TURNS and all(r["status"] == "200" for r in logged), logged
    served = {u: sum(r["upstream"] == u for r in logged) for u in (url.split("//")[1] for url in cluster.replica_urls)}
    assert all(n >= SENDERS * TURNS // 4 for n in served.values()), f"nginx did not spread the turns: {served}"


def test_lock_serialises_one_conversation_across_replicas(cluster):
    """Two messages of one conversation on two replicas, the second sent while the first turn
    holds the conversation's lock in Redis: the lock makes the second wait for the first, and
    both turns are stored whole, one after the other.

    (The second message waits for the lock key to appear rather than for a fixed delay: turns
    take ~30 ms, so any fixed stagger is either too short to be safe or too long to overlap.
    Rasa Open Source's RedisLockStore issues tickets with a non-atomic read-then-write, so two
    messages arriving at the very same instant could still overlap; see deploy/README.md.)
    """
    require_all_replicas(cluster)
    locks = redis.Redis(host="127.0.0.1", port=cluster.redis_port, db=1, socket_timeout=10)
    waited = []
    for pair in range(LOCK_PAIRS):
        sender = f"scale-lock-{uuid.uuid4().hex[:6]}-{pair}"
        results: Dict[int, tuple] = {}

        def post(index: int) -> None:
            sent = time.monotonic()
            r = requests.post(
                f"{cluster.replica_urls[index]}/webhooks/rest/webhook",
                json={"sender": sender, "message": LOCK_QUESTIONS[index]},
                timeout=REQUEST_TIMEOUT_S,
            )
            results[index] = (r.status_code, r.json() if r.ok else r.text, sent, time.monotonic())

        first = threading.Thread(target=post, args=(0,))
        first.start()
        deadline = time.monotonic() + 10
        while not locks.exists(LOCK_KEY_PREFIX + sender) and 0 not in results and time.monotonic() < deadline:
            time.sleep(0.0005)
        second = threading.Thread(target=post, args=(1,))
        second.start()
        for t in (first, second):
            t.join(REQUEST_TIMEOUT_S + 5)
        assert set(results) == {0, 1} and all(r[0] == 200 and r[1] for r in results.values()), results
        (_, first_reply, sent0, done0), (_, second_reply, sent1, done1) = results[0], results[1]
        assert sent1 < done0 and sent0 < done1, "the two requests did not overlap: nothing was tested"
        rows = stored_events(cluster.db_url, [sender])[sender]
        order = [json.loads(r.data)["text"] for r in rows if r.type_name == "user"]
        assert order == list(LOCK_QUESTIONS), f"{sender}: stored user turns {order}"
        check_turns_stored(rows, order, first_reply + second_reply, sender)
        waited.append(done1 - sent1)
    print(f"\nlock: the second message of each pair took {', '.join(f'{w:.2f}s' for w in waited)}")
    # Rasa's lock store polls once a second: a message that had to wait takes at least that long
    assert max(waited) >= 0.9, f"no message ever waited for the lock: {waited}"
    assert not lock_keys(cluster)


def _listening_sockets(pid: int) -> Dict[int, str]:
    """inode -> address of the TCP sockets in LISTEN state, from /proc/PID/net/tcp{,6}."""
    found = {}
    for name, v6 in (("tcp", False), ("tcp6", True)):
        path = Path(f"/proc/{pid}/net/{name}")
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if fields[3] != "0A":
                continue
            ip_hex, port_hex = fields[1].split(":")
            if v6:
                ip = socket.inet_ntop(
                    socket.AF_INET6, b"".join(struct.pack("<I", int(ip_hex[i : i + 8], 16)) for i in range(0, 32, 8))
                )
            else:
                ip = socket.inet_ntoa(struct.pack("<I", int(ip_hex, 16)))
            found[int(fields[9])] = f"{ip}:{int(port_hex, 16)}"
    return found


def _socket_inodes(pid: int) -> set:
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        m = re.fullmatch(r"socket:\[(\d+)\]", target)
        if m:
            inodes.add(int(m.group(1)))
    return inodes


def test_every_service_listens_on_loopback_only(cluster):
    for name, pid in cluster.pids.items():
        listening = _listening_sockets(pid)
        addresses = sorted(listening[i] for i in _socket_inodes(pid) if i in listening)
        assert addresses, f"{name} (pid {pid}) listens nowhere"
        assert all(a.startswith("127.0.0.1:") for a in addresses), f"{name} listens on {addresses}"
    engine = sa.create_engine(cluster.db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SHOW listen_addresses")).scalar() == "127.0.0.1"
    finally:
        engine.dispose()


TCP_STATES = {"01": "ESTABLISHED", "03": "SYN_RECV", "08": "CLOSE_WAIT"}


def connections_to(port: int) -> List[str]:
    """The states of the TCP connections accepted (or queued by the kernel) on 127.0.0.1:port
    that are not finished: ESTABLISHED, SYN_RECV, CLOSE_WAIT (the client gave up, the server
    has not). nginx closes its upstream connection after every request (no keepalive)."""
    found = []
    for name in ("tcp", "tcp6"):
        path = Path(f"/proc/net/{name}")
        for line in path.read_text().splitlines()[1:] if path.exists() else []:
            fields = line.split()
            if int(fields[1].split(":")[1], 16) == port and fields[3] in TCP_STATES:
                found.append(TCP_STATES[fields[3]])
    return found


def hang_between_turns(cluster, index: int, timeout: float = 20) -> float:
    """SIGSTOP the replica at a moment when it has no request at all (the others keep going);
    return that time (epoch). A replica stopped in the middle of a turn is the other case of
    deploy/README.md: it holds the conversation's lock for TICKET_LOCK_LIFETIME (60 s, which
    production's 60 s read timeout outlasts, this test's 8 s does not) and may finish the turn
    when it resumes, so that turn could be stored twice; that is the documented trade-off of
    `non_idempotent`, not something a test can assert on."""
    port = cluster.replicas[index].port
    deadline = time.monotonic() + timeout
    while True:
        cluster.hang_replica(index)
        stopped_at = time.time()
        if not connections_to(port):
            return stopped_at
        cluster.resume_replica(index)
        if time.monotonic() > deadline:
            pytest.fail(f"replica {index} was never idle for {timeout}s: {connections_to(port)}")
        time.sleep(0.005)


def resume_when_quiet(cluster, index: int, timeout: float) -> float:
    """SIGCONT once nginx waits for no request on the hung replica (every one it sent there has
    timed out and been retried: CLOSE_WAIT only, which the replica drops unhandled when it
    resumes, channels/connection.py). A request whose read timeout expires just as the replica
    resumes could otherwise be both answered there and retried elsewhere."""
    port = cluster.replicas[index].port
    deadline = time.monotonic() + timeout
    while any(state != "CLOSE_WAIT" for state in connections_to(port)):
        if time.monotonic() > deadline:
            break  # resume anyway (finally), the assertions below tell what happened
        time.sleep(0.05)
    cluster.resume_replica(index)
    return time.time()


def drive_paced(pool: ThreadPoolExecutor, conversations: List[Conversation], turns: range, url: str) -> List[Future]:
    """Like drive(), but in the background and at a person's pace: THINK_S between a reply and
    the next message, the conversations' start spread over THINK_S."""

    def run(index: int, conversation: Conversation) -> None:
        time.sleep(THINK_S * index / len(conversations))
        for n, turn in enumerate(turns):
            if n:
                time.sleep(THINK_S)
            conversation.send(url, turn)

    return [pool.submit(run, i, c) for i, c in enumerate(conversations)]


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not after {timeout:.0f}s")
        time.sleep(0.05)


def health(url: str, timeout: float) -> requests.Response:
    return requests.get(f"{url}/webhooks/rest/health", timeout=timeout)


def _abandoned_turn(port: int, sender: str, message: str) -> None:
    """Send one turn over a raw connection and close it without reading the reply: what nginx
    does to a turn once its read timeout has passed (before retrying it on another replica)."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(raw_http.post("/webhooks/rest/webhook", body))


@pytest.mark.parametrize("level", ["doctor", "self_care"])
def test_turn_abandoned_on_a_hung_replica_is_not_handled_when_it_resumes(cluster, level):
    """A turn waits in a hung replica's socket while its client gives up (nginx after its read
    timeout, then retried on another replica). When the replica resumes, the turn must not be
    handled: the client is gone, and the retry has already answered it, so handling it would
    store the turn twice (the CI failure of 8ccc1fc: an old 'none of these' handled after the
    triage result, a turn answered from a response template with no wait at which Sanic's
    cancellation could stop it). Deterministic: the replica is stopped before the turn is sent."""
    require_all_replicas(cluster)
    conversation = next(c for c in new_conversations(f"abandoned-{level}") if c.level == level)
    url, port = cluster.replica_urls[1], cluster.replicas[1].port
    drive([conversation], range(TURNS), lambda i, turn: url)  # a whole intake, on this replica
    # stopped with no connection at all (a client's closing one would still be in CLOSE_WAIT)
    hang_between_turns(cluster, 1)
    try:
        _abandoned_turn(port, conversation.sender, ANSWERS[0])
        wait_for(lambda: connections_to(port) == ["CLOSE_WAIT"], 5, "the abandoned turn's connection in CLOSE_WAIT")
    finally:
        cluster.resume_replica(1)
    # the replica reads the turn, drops (or, without the fix, handles) it and closes its side
    wait_for(lambda: not connections_to(port), 15, "the resumed replica done with the abandoned connection")
    wait_for(lambda: _answers(url), 15, "health of the resumed replica")
    check_conversations(cluster, [conversation])


def test_hung_replica_is_routed_around(cluster):
    """Conversations run through nginx at a person's pace; one replica HANGS (SIGSTOP: its port
    still accepts connections, nothing answers), later resumes (SIGCONT). nginx's passive
    health checks: the turns sent to the hung replica time out (proxy_read_timeout) and are
    retried once on the other (`non_idempotent`); once it has failed, nginx sends everything to
    the other for fail_timeout. Every turn gets its normal reply, every user turn is stored once,
    in order; the hung replica's health endpoint is silent while stopped and answers after."""
    require_all_replicas(cluster)
    live, victim = (url.split("//")[1] for url in cluster.replica_urls)  # replica 1 hangs
    conversations = new_conversations("hang")
    start = nginx_log_size(cluster)
    started = time.monotonic()
    # the conversations start before the hang
    drive(conversations, range(1), lambda i, turn: cluster.nginx_url)
    assert all(health(url, 5).json() == {"status": "ok", "model_loaded": True} for url in cluster.replica_urls)

    pool = ThreadPoolExecutor(max_workers=len(conversations))
    resumed_at = None
    try:
        futures = drive_paced(pool, conversations, range(1, TURNS), cluster.nginx_url)
        wait_for(lambda: all(len(c.replies) >= 2 for c in conversations), 30, "turn 1 of every conversation")
        stopped_at = hang_between_turns(cluster, 1)
        turns_at_stop = sum(len(c.replies) for c in conversations)

        # stopped: the kernel accepts the connection, the replica never answers
        t0 = time.monotonic()
        with pytest.raises(requests.Timeout):
            health(cluster.replica_urls[1], HEALTH_TIMEOUT_S)
        silent = time.monotonic() - t0

        # hung long enough for nginx to time out on it and then route around it for a while
        time.sleep(max(0.0, stopped_at + PROXY_READ_TIMEOUT_S + 3 - time.time()))
        resumed_at = resume_when_quiet(cluster, 1, timeout=2 * PROXY_READ_TIMEOUT_S + 5)
        turns_while_hung = sum(len(c.replies) for c in conversations) - turns_at_stop

        # resumed: the health endpoint answers again
        back = time.monotonic()
        wait_for(lambda: _answers(cluster.replica_urls[1]), 15, "health of the resumed replica")
        back = time.monotonic() - back
        for future in futures:
            future.result(timeout=REQUEST_TIMEOUT_S * TURNS)
    finally:
        if resumed_at is None:
            cluster.resume_replica(1)
        pool.shutdown(wait=True)
    elapsed = time.monotonic() - started
    print(
        f"\nreplica hung {resumed_at - stopped_at:.1f}s (health silent for {silent:.1f}s, answers again "
        f"{back:.1f}s after SIGCONT), {turns_while_hung} turns answered meanwhile; "
        f"{latency_summary(conversations)} in {elapsed:.1f}s"
    )

    # every turn answered as expected, stored once, in order (no lost or repeated turn)
    check_conversations(cluster, conversations)
    assert max(t for c in conversations for t in c.latencies) < PROXY_READ_TIMEOUT_S + 5
    assert turns_while_hung >= len(conversations), f"only {turns_while_hung} turns while the replica was hung"

    # nginx: every request 200; while the replica was hung, each one ended on the live replica,
    # the ones sent to the hung one after a timeout (504, then 200), later ones straight away
    logged = nginx_requests(cluster, start)
    assert len(logged) == SENDERS * TURNS and all(r["status"] == "200" for r in logged), logged
    during = [r for r in logged if float(r["t"]) - float(r["rt"]) > stopped_at and float(r["t"]) < resumed_at]
    assert during and all(r["upstream"].split(", ")[-1] == live for r in during), during
    retried = [r for r in during if r["upstream"] == f"{victim}, {live}"]
    assert retried and all(r["upstream_status"] == "504, 200" for r in retried), during
    assert all(float(r["rt"]) >= PROXY_READ_TIMEOUT_S for r in retried), retried
    first_failure = min(float(r["t"]) for r in retried)
    direct = [r for r in during if r["upstream"] == live and float(r["t"]) - float(r["rt"]) > first_failure]
    assert direct, f"nginx did not route around the hung replica after its first timeout: {during}"
    print(
        f"while hung: {len(during)} turns through nginx, {len(retried)} retried after a "
        f"{PROXY_READ_TIMEOUT_S}s timeout on the hung replica, {len(direct)} sent straight to the live one"
    )

    # back in nginx's rotation once fail_timeout has passed
    wait_in_rotation(cluster, 1)


def wait_in_rotation(cluster, index: int) -> None:
    """Wait until nginx sends requests to this replica again (after a failure nginx leaves it
    out for fail_timeout)."""
    replica = cluster.replica_urls[index].split("//")[1]
    mark = nginx_log_size(cluster)

    def served() -> bool:
        requests.get(f"{cluster.nginx_url}/", timeout=REQUEST_TIMEOUT_S).raise_for_status()
        lines = cluster.nginx_access_log.read_text().splitlines()[mark:]
        return any(f"upstream={replica} upstream_status=200 " in line for line in lines)

    wait_for(served, FAIL_TIMEOUT_S + PROXY_READ_TIMEOUT_S + 5, f"replica {index} back behind nginx")


def _answers(url: str) -> bool:
    try:
        r = health(url, HEALTH_TIMEOUT_S)
    except requests.RequestException:
        return False
    return r.status_code == 200 and r.json() == {"status": "ok", "model_loaded": True}


def test_replica_killed_mid_run_loses_no_conversation(cluster):
    """Half the turns through nginx, then SIGKILL one replica, then the rest through nginx:
    nginx passes the requests for the dead replica to the live one (proxy_next_upstream)."""
    require_all_replicas(cluster)
    # the replica to kill must be in nginx's rotation, or nginx never tries it (nothing tested)
    wait_in_rotation(cluster, 1)
    conversations = new_conversations("kill")
    half = TURNS // 2
    started = time.monotonic()
    drive(conversations, range(half), lambda i, turn: cluster.nginx_url)

    victim = cluster.replicas[1]
    survivor = cluster.replica_urls[0].split("//")[1]
    pid = cluster.kill_replica(1)
    assert not pid_exists(pid) and not victim.alive()
    with pytest.raises(requests.ConnectionError):
        requests.get(cluster.replica_urls[1], timeout=5)

    start = nginx_log_size(cluster)
    drive(conversations, range(half, TURNS), lambda i, turn: cluster.nginx_url)
    print(
        f"\nreplica killed after turn {half}: {latency_summary(conversations)} " f"in {time.monotonic() - started:.1f}s"
    )
    check_conversations(cluster, conversations)

    after = nginx_requests(cluster, start)
    assert len(after) == SENDERS * (TURNS - half), after
    assert all(r["status"] == "200" and r["upstream"].split(", ")[-1] == survivor for r in after), after
    retried = [r for r in after if ", " in r["upstream"]]
    assert retried, f"nginx never tried the killed replica: {after}"
    print(f"nginx retried {len(retried)} request(s) on the live replica, e.g. {retried[0]}")
