"""Benchmark the twitching assistant against a stock `rasa init` bot, in one run.

What it measures, for the project and for the stock moodbot (`rasa init --no-prompt`):
  - training time (project: `rasa train --out TMP --fixed-model-name bench` with a cold
    cache; stock: the training `rasa init` does), never touching models/;
  - cold start: Rasa server process start -> first non-empty REST reply;
  - peak memory (VmHWM from /proc/<pid>/status) of the Rasa server and the action server;
  - latency and throughput under load: simulated users hold real multi-turn REST
    conversations (project: knowledge questions from tests/data/question_set.yml and full
    intakes from tests/data/vignettes.yml until a triage result; stock: greet/mood
    conversations of the same lengths) at 1, 10 and 50 concurrent users.
Prints tables with the targets (PASS/MISS) and writes results/bench.json.

The project is served as a clinic would run it on one machine: the token-checked action
server, the SQLite tracker store, and `--workers` Sanic worker processes (default: one per
CPU) sharing a Redis lock store (a loopback redis-server started for the run, as
launcher/scale.py does). `--workers 1` serves it as `make run` does (one process,
in-memory lock store). The stock bot is served exactly as `rasa init` leaves it.

Usage: .venv/bin/python scripts/bench.py [--duration 20] [--turns N] [--levels 1,10,50]
[--workers N] (`make bench`). The project is served from models/twitch-assistant.tar.gz
(copied first).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

import aiohttp
import requests
import yaml

from launcher import config, processes, scale
from launcher.processes import free_port, tail
from twitchcare import intake
from twitchcare.settings import PROJECT_ROOT, load_settings

ROOT = PROJECT_ROOT
MODEL = ROOT / "models" / "twitch-assistant.tar.gz"
RASA = str(Path(sys.executable).with_name("rasa"))
RESULTS = ROOT / "results" / "bench.json"
REQUEST_TIMEOUT_S = 10
STARTUP_TIMEOUT_S = 300
MAX_INTAKE_TURNS = 20
CLK_TCK = os.sysconf("SC_CLK_TCK")
DEFAULT_ANSWERS = intake.PLAIN_ANSWERS
# Targets printed next to the numbers (never asserted).
TARGET_P95_MS = 1000
TARGET_RSS_MB = 1536
TARGET_COLD_START_S = 30
TARGET_TRAIN_S = 300
TARGET_THROUGHPUT_RATIO = 2.0


# ----------------------------------------------------------------------------- processes


def base_env(cache_dir: Path) -> Dict[str, str]:
    # A cold, private training cache: the timing is a real first training and the project's
    # .rasa/cache is left alone.
    return processes.server_env(RASA_CACHE_DIRECTORY=str(cache_dir))


def busy_cpu_seconds() -> float:
    """CPU time the whole machine has been busy (all processes, all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    return (user + nice + system + irq + softirq + steal) / CLK_TCK


def run_timed(cmd: List[str], cwd: Path, env: Dict[str, str], log: Path) -> Dict[str, Any]:
    """Run a command to completion; wall time and the peak RSS of its process (wait4), and how
    much CPU other processes on the machine used meanwhile (in cores: 0 on a quiet machine)."""
    started = time.monotonic()
    busy_before = busy_cpu_seconds()
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            os.killpg(proc.pid, signal.SIGTERM)
            raise
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail(log)}")
    others = busy_cpu_seconds() - busy_before - usage.ru_utime - usage.ru_stime
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "background_cpu_cores": round(max(others, 0) / seconds, 2),
    }


def proc_tree(pid: int) -> List[int]:
    """pid and all its descendants (from /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo.extend(int(c) for c in (task / "children").read_text().split())
            except OSError:
                pass
    return out


def memory_mb(pid: int) -> Dict[str, float]:
    """VmHWM (peak RSS) and VmRSS of the process; `tree_*` sums over its descendants too, and
    `largest_peak_rss_mb` is the largest single process (a Sanic worker when there are several)."""
    result = {"peak_rss_mb": 0.0, "rss_mb": 0.0, "tree_peak_rss_mb": 0.0, "largest_peak_rss_mb": 0.0, "processes": 0}
    for i, p in enumerate(proc_tree(pid)):
        try:
            fields = dict(line.split(":", 1) for line in Path(f"/proc/{p}/status").read_text().splitlines())
        except OSError:
            continue
        hwm = int(fields["VmHWM"].split()[0]) / 1024
        rss = int(fields["VmRSS"].split()[0]) / 1024
        if i == 0:
            result["peak_rss_mb"], result["rss_mb"] = round(hwm, 1), round(rss, 1)
        result["tree_peak_rss_mb"] = round(result["tree_peak_rss_mb"] + hwm, 1)
        result["largest_peak_rss_mb"] = max(result["largest_peak_rss_mb"], round(hwm, 1))
        result["processes"] += 1
    return result


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process tree so far."""
    total = 0
    for p in proc_tree(pid):
        try:
            stat = Path(f"/proc/{p}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLK_TCK


class Server:
    """One server process in its own process group, stopped by its own id."""

    def __init__(self, name: str, cmd: List[str], cwd: Path, env: Dict[str, str], log: Path):
        self.name, self.log = name, log
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
        )

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited early ({self.proc.returncode}):\n{tail(self.log)}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
            except ProcessLookupError:
                pass


def wait_until(ready: Callable[[], bool], servers: List[Server], what: str) -> float:
    """Poll until ready(); seconds since the first server's start."""
    while True:
        for s in servers:
            s.check_alive()
        try:
            if ready():
                return time.monotonic() - servers[0].started
        except requests.RequestException:
            pass
        if time.monotonic() - servers[0].started > STARTUP_TIMEOUT_S:
            raise RuntimeError(f"{what} not ready after {STARTUP_TIMEOUT_S}s:\n{tail(servers[0].log)}")
        time.sleep(0.1)


def rest_reply(port: int, text: str) -> bool:
    r = requests.post(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        json={"sender": f"coldstart-{uuid.uuid4().hex[:8]}", "message": text},
        timeout=5,
    )
    return r.status_code == 200 and bool(r.json())


def http_up(port: int) -> bool:
    return requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200


# ----------------------------------------------------------------------------- conversations


def merged_custom(messages: List[dict]) -> dict:
    merged: dict = {}
    for m in messages:
        merged.update(m.get("custom") or {})
    return merged


class Stats:
    def __init__(self) -> None:
        self.latencies_ms: List[float] = []
        self.errors: Counter = Counter()
        self.turns_in_window = 0
        self.conversation_turns: List[int] = []
        self.flow_problems: Counter = Counter()


class Sender:
    """One simulated user's REST session: sends a turn, records latency or the error."""

    def __init__(self, session: aiohttp.ClientSession, url: str, stats: Stats, deadline: float):
        self.session, self.url, self.stats, self.deadline = session, url, stats, deadline

    async def send(self, sender: str, text: str) -> Optional[List[dict]]:
        started = time.monotonic()
        try:
            async with self.session.post(
                self.url,
                json={"sender": sender, "message": text},
                timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S),
            ) as r:
                body = await r.read()
                status = r.status
        except asyncio.TimeoutError:
            self.stats.errors["timeout"] += 1
            return None
        except aiohttp.ClientError as e:
            self.stats.errors[type(e).__name__] += 1
            return None
        finished = time.monotonic()
        if status != 200:
            self.stats.errors[f"http_{status}"] += 1
            return None
        try:
            messages = json.loads(body)
        except ValueError:
            self.stats.errors["bad_json"] += 1
            return None
        if not messages:
            self.stats.errors["empty_reply"] += 1
            return None
        problem = merged_custom(messages).get("error")  # e.g. the apology when actions fail
        if problem:
            self.stats.errors[f"reply_error_{problem}"] += 1
            return None
        self.stats.latencies_ms.append((finished - started) * 1000)
        if finished <= self.deadline:
            self.stats.turns_in_window += 1
        return messages


class Workload:
    """Builds and plays one conversation at a time for a simulated user."""

    name = ""

    def __init__(self, rng: random.Random):
        self.rng = rng

    async def converse(self, s: Sender, sender: str, more: Callable[[], bool]) -> int:
        raise NotImplementedError


async def send_all(s: "Sender", sender: str, texts, more: Callable[[], bool]) -> int:
    """Send scripted turns until time is up or a turn fails; returns the turns sent."""
    turns = 0
    for text in texts:
        if not more():
            break
        turns += 1
        if await s.send(sender, text) is None:
            break
    return turns


class ProjectWorkload(Workload):
    """Half knowledge conversations (2-6 questions), half full intakes until a triage result."""

    name = "project"

    def __init__(self, rng: random.Random):
        super().__init__(rng)
        data = ROOT / "tests" / "data"
        self.questions = [q["text"] for q in yaml.safe_load((data / "question_set.yml").read_text())["questions"]]
        self.vignettes = yaml.safe_load((data / "vignettes.yml").read_text())["vignettes"]

    async def converse(self, s: Sender, sender: str, more: Callable[[], bool]) -> int:
        if self.rng.random() < 0.5:
            return await self.knowledge(s, sender, more)
        return await self.intake(s, sender, more)

    async def knowledge(self, s: Sender, sender: str, more: Callable[[], bool]) -> int:
        return await send_all(s, sender, self.rng.sample(self.questions, self.rng.randint(2, 6)), more)

    async def intake(self, s: Sender, sender: str, more: Callable[[], bool]) -> int:
        vignette = self.rng.choice(self.vignettes)
        text, turns = vignette["opening"], 0
        while turns < MAX_INTAKE_TURNS and more():
            turns += 1
            replies = await s.send(sender, text)
            if replies is None:
                break
            custom = merged_custom(replies)
            if "triage" in custom:
                break
            slot = custom.get("asking")
            text = (vignette.get("answers") or {}).get(slot) or DEFAULT_ANSWERS.get(slot or "")
            if not text:
                s.stats.flow_problems["intake_without_question"] += 1
                break
        else:
            if turns >= MAX_INTAKE_TURNS:
                s.stats.flow_problems["intake_too_long"] += 1
        return turns


class StockWorkload(Workload):
    """The moodbot's own stories (greet/mood/help?/bot challenge/goodbye), length-matched."""

    name = "stock"
    GREET = ["hi", "hello", "hey there", "good morning", "hello there"]
    GREAT = ["I am great", "amazing", "feeling like a king", "so good", "wonderful"]
    SAD = ["I am sad", "my day was horrible", "not very good", "I don't feel very well", "super sad"]
    YES = ["yes", "of course", "indeed", "that sounds good"]
    NO = ["no", "not really", "I don't think so", "never"]
    BOT = ["are you a bot?", "am I talking to a human?", "are you a human?"]
    BYE = ["bye", "goodbye", "see you later", "have a nice day"]

    def __init__(self, rng: random.Random, lengths: List[int]):
        super().__init__(rng)
        self.lengths = lengths or list(range(2, 11))

    def script(self, length: int) -> List[str]:
        """Stories back to back, then a goodbye. The sad-and-unhelped story ("did that help?" -
        "no" -> "Bye") is only ever a whole conversation: after any other story the moodbot
        answers that "no" with action_default_fallback, i.e. an empty reply."""
        pick = self.rng.choice
        stories = [
            lambda: [pick(self.GREET), pick(self.GREAT)],
            lambda: [pick(self.GREET), pick(self.SAD), pick(self.YES)],
            lambda: [pick(self.BOT)],
        ]
        if length == 3 and self.rng.random() < 0.5:
            ending = [pick(self.GREET), pick(self.SAD), pick(self.NO)]
        else:
            ending = [pick(self.BYE)]
        body: List[str] = []
        while len(body) < length - len(ending):
            body += pick(stories)()
        return body[: max(length - len(ending), 0)] + ending

    async def converse(self, s: Sender, sender: str, more: Callable[[], bool]) -> int:
        return await send_all(s, sender, self.script(self.rng.choice(self.lengths)), more)


def percentile(sorted_values: List[float], q: float) -> Optional[float]:
    if not sorted_values:
        return None
    if len(sorted_values) == 1:
        return round(sorted_values[0], 1)
    cuts = statistics.quantiles(sorted_values, n=100, method="inclusive")
    return round(cuts[int(q) - 1], 1)


async def run_level(
    port: int,
    workload: Workload,
    users: int,
    duration: float,
    max_turns: Optional[int],
    label: str,
    pids: Dict[str, int],
) -> Dict[str, Any]:
    """`users` simulated users talk at once, back to back, until the duration (or turn budget) is used."""
    stats = Stats()
    url = f"http://127.0.0.1:{port}/webhooks/rest/webhook"
    started_turns = 0
    start = time.monotonic()
    deadline = start + (duration if max_turns is None else 10 * 3600)
    cpu_before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    client_cpu_before = time.process_time()
    busy_before = busy_cpu_seconds()

    def more() -> bool:
        nonlocal started_turns
        if time.monotonic() >= deadline or (max_turns is not None and started_turns >= max_turns):
            return False
        started_turns += 1
        return True

    async def user(i: int, session: aiohttp.ClientSession) -> None:
        s = Sender(session, url, stats, deadline)
        await asyncio.sleep(workload.rng.random() * 0.2)  # avoid a thundering herd at t=0
        n = 0
        while time.monotonic() < deadline and (max_turns is None or started_turns < max_turns):
            n += 1
            sender = f"bench-{label}-{users}u-{i}-{n}-{uuid.uuid4().hex[:6]}"
            turns = await workload.converse(s, sender, more)
            if turns and time.monotonic() < deadline and (max_turns is None or started_turns < max_turns):
                stats.conversation_turns.append(turns)  # only conversations the level did not cut short

    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(user(i, session) for i in range(users)))
    ended = time.monotonic()
    busy = busy_cpu_seconds() - busy_before
    client_cpu = time.process_time() - client_cpu_before
    window = duration if max_turns is None else ended - start
    if max_turns is not None:
        stats.turns_in_window = len(stats.latencies_ms)
    lat = sorted(stats.latencies_ms)
    cpu = {name: cpu_seconds(pid) - cpu_before[name] for name, pid in pids.items()}
    ok = len(lat)
    return {
        "users": users,
        "seconds": round(window, 1),
        "turns_ok": ok,
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
        "flow_problems": dict(stats.flow_problems),
        "p50_ms": percentile(lat, 50),
        "p95_ms": percentile(lat, 95),
        "p99_ms": percentile(lat, 99),
        "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
        "max_ms": round(lat[-1], 1) if lat else None,
        "throughput_tps": round(stats.turns_in_window / window, 2) if window else None,
        "conversations": len(stats.conversation_turns),
        "mean_turns_per_conversation": round(statistics.fmean(stats.conversation_turns), 2)
        if stats.conversation_turns
        else None,
        # Server CPU per successful turn: where the time goes, process by process.
        "cpu_ms_per_turn": {name: round(1000 * c / ok, 1) if ok else None for name, c in cpu.items()},
        "cpu_utilisation": {name: round(c / (ended - start), 2) for name, c in cpu.items()},
        "client_cpu_utilisation": round(client_cpu / (ended - start), 2),
        # CPU used by anything else on the machine meanwhile, in cores (0 when it is quiet).
        "background_cpu_cores": round(max(busy - client_cpu - sum(cpu.values()), 0) / (ended - start), 2),
        "_conversation_lengths": stats.conversation_turns,
    }


# ----------------------------------------------------------------------------- the two bots


def serve_and_load(
    label: str,
    rasa_cmd: List[str],
    cwd: Path,
    env: Dict[str, str],
    tmp: Path,
    rasa_port: int,
    workload: Workload,
    args: argparse.Namespace,
    action_cmd: Optional[List[str]] = None,
    action_port: Optional[int] = None,
) -> Dict[str, Any]:
    servers: List[Server] = []
    result: Dict[str, Any] = {}
    try:
        if action_cmd:
            servers.append(Server("action server", action_cmd, cwd, env, tmp / f"{label}-actions.log"))
        rasa = Server("rasa server", rasa_cmd, cwd, env, tmp / f"{label}-rasa.log")
        servers.insert(0, rasa)
        cold: Dict[str, Any] = {}
        if action_cmd:
            action = servers[1]
            cold["action_server_health_s"] = round(
                wait_until(
                    lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2).ok,
                    [action, rasa],
                    "action server",
                ),
                2,
            )
        cold["http_up_s"] = round(wait_until(lambda: http_up(rasa_port), servers, "rasa server"), 2)
        probe = "hello" if label == "project" else "hi"
        cold["first_reply_s"] = round(wait_until(lambda: rest_reply(rasa_port, probe), servers, "first reply"), 2)
        result["cold_start"] = cold
        print(f"  [{label}] cold start: first REST reply after {cold['first_reply_s']} s", flush=True)
        pids = {"rasa": rasa.proc.pid}
        if action_cmd:
            pids["actions"] = servers[1].proc.pid
        result["memory_after_start"] = {name: memory_mb(pid) for name, pid in pids.items()}

        # Warm-up (not recorded): one user, a few seconds.
        asyncio.run(run_level(rasa_port, workload, 1, args.warmup, None, f"{label}-warmup", pids))
        levels = []
        for users in args.levels:
            level = asyncio.run(run_level(rasa_port, workload, users, args.duration, args.turns, label, pids))
            levels.append(level)
            print(
                f"  [{label}] {users:>3} users: p50 {level['p50_ms']} ms, p95 {level['p95_ms']} ms, "
                f"{level['throughput_tps']} turns/s, {level['errors']} errors",
                flush=True,
            )
            for s in servers:
                s.check_alive()
            time.sleep(args.pause)  # let the server drain anything still queued
        result["levels"] = levels
        result["memory"] = {name: memory_mb(pid) for name, pid in pids.items()}
    finally:
        for s in servers:
            s.stop()
    return result


def bench_project(tmp: Path, args: argparse.Namespace) -> Dict[str, Any]:
    result: Dict[str, Any] = {"model": str(MODEL.relative_to(ROOT))}
    env = base_env(tmp / "cache-project")
    if args.skip_train:
        result["training"] = None
    else:
        print("[project] training into a temporary directory (cold cache)...", flush=True)
        result["training"] = run_timed(
            [RASA, "train", "--out", str(tmp / "project-models"), "--fixed-model-name", "bench", "--quiet"],
            ROOT,
            env,
            tmp / "project-train.log",
        )
        print(f"  [project] trained in {result['training']['seconds']} s", flush=True)
    model = tmp / "twitch-assistant.tar.gz"
    shutil.copy2(MODEL, model)  # a stable copy, whatever else rewrites models/ meanwhile
    action_port, rasa_port = free_port(), free_port()
    # Served as `make run` serves: the launcher's configuration files (SQLite tracker store, the
    # channels of the settings) and command lines (token-checked action server, patched Rasa).
    env = {
        **env,
        "ALLOWED_ORIGINS": f"http://127.0.0.1:{rasa_port},http://localhost:{rasa_port}",
        "ACTION_SERVER_TOKEN": secrets.token_hex(16),
    }
    result["serving"] = {
        "sanic_workers": args.workers,
        "tracker_store": "SQLite (PrivacySQLTrackerStore)",
        "lock_store": "in-memory",
    }
    redis = None
    if args.workers > 1:
        # Several Sanic workers need a lock store they share (Rasa refuses otherwise).
        redis = scale.start_redis(tmp, env)
        env["LOCK_STORE_URL"] = f"redis://127.0.0.1:{redis.port}/1"
        env["SANIC_WORKERS"] = str(args.workers)
        result["serving"]["lock_store"] = f"Redis ({scale.program('redis-server')}, loopback)"
    endpoints, credentials = config.write(
        tmp / "project",
        action_port,
        config.sqlite_tracker_store(tmp / "project-conversations.db"),
        settings=load_settings(env),
    )
    action_cmd = processes.action_server_command(action_port, quiet=True)
    print(
        f"[project] serving (action server + rasa server, {args.workers} Sanic worker(s), "
        f"{result['serving']['lock_store']} lock store) and loading...",
        flush=True,
    )
    try:
        result.update(
            serve_and_load(
                "project",
                processes.rasa_server_command(model, endpoints, credentials, rasa_port, quiet=True),
                ROOT,
                env,
                tmp,
                rasa_port,
                ProjectWorkload(random.Random(args.seed)),
                args,
                action_cmd=action_cmd,
                action_port=action_port,
            )
        )
    finally:
        if redis is not None:
            scale.stop_services([redis])
    return result


def bench_stock(tmp: Path, args: argparse.Namespace, lengths: List[int]) -> Dict[str, Any]:
    result: Dict[str, Any] = {}
    stock = tmp / "stock"
    stock.mkdir()
    env = base_env(tmp / "cache-stock")
    print("[stock] rasa init --no-prompt (creates and trains the moodbot)...", flush=True)
    result["training"] = run_timed(
        [RASA, "init", "--no-prompt", "--init-dir", str(stock)], stock, env, tmp / "stock-init.log"
    )
    print(f"  [stock] initialised and trained in {result['training']['seconds']} s", flush=True)
    model = next((stock / "models").glob("*.tar.gz"))
    result["model"] = "rasa init moodbot (default config.yml: auto-configured pipeline and policies)"
    rasa_port = free_port()
    print("[stock] serving and loading...", flush=True)
    result.update(
        serve_and_load(
            "stock",
            [
                RASA,
                "run",
                "--model",
                str(model),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
                "--port",
                str(rasa_port),
                "--interface",
                "127.0.0.1",
                "--quiet",
            ],
            stock,
            env,
            tmp,
            rasa_port,
            StockWorkload(random.Random(args.seed), lengths),
            args,
        )
    )
    return result


# ----------------------------------------------------------------------------- report


def machine() -> Dict[str, Any]:
    meminfo = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    import rasa
    import rasa_sdk

    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gb": round(int(meminfo["MemTotal"].split()[0]) / 1024**2, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "rasa": rasa.__version__,
        "rasa_sdk": rasa_sdk.__version__,
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 2) if a is not None and b else None


def fmt(v: Any, suffix: str = "") -> str:
    return "-" if v is None else f"{v}{suffix}"


def compare(project: Dict[str, Any], stock: Dict[str, Any]) -> List[Dict[str, Any]]:
    rows = []
    stock_levels = {lv["users"]: lv for lv in stock.get("levels", [])}
    for lv in project.get("levels", []):
        st = stock_levels.get(lv["users"])
        if st:
            rows.append(
                {
                    "users": lv["users"],
                    **{k: ratio(lv[k], st[k]) for k in ("p50_ms", "p95_ms", "p99_ms", "throughput_tps")},
                }
            )
    return rows


def targets(project: Dict[str, Any], stock: Dict[str, Any], levels: List[int]) -> List[Dict[str, Any]]:
    def level(bot: Dict[str, Any], users: int) -> Dict[str, Any]:
        return next((lv for lv in bot.get("levels", []) if lv["users"] == users), {})

    def verdict(ok: Optional[bool]) -> str:
        return "N/A" if ok is None else ("PASS" if ok else "MISS")

    out = []
    p1, s1 = level(project, 1), level(stock, 1)
    ok = None if not (p1.get("p50_ms") and s1.get("p50_ms")) else p1["p50_ms"] <= s1["p50_ms"]
    out.append(
        {
            "target": "single-user p50 no slower than stock",
            "value": f"{fmt(p1.get('p50_ms'))} ms vs {fmt(s1.get('p50_ms'))} ms",
            "result": verdict(ok),
        }
    )
    top = max(levels)
    pt, st = level(project, top), level(stock, top)
    tr = ratio(pt.get("throughput_tps"), st.get("throughput_tps"))
    ok = (
        None
        if tr is None
        else (tr >= TARGET_THROUGHPUT_RATIO and (pt.get("p95_ms") or 1e9) < TARGET_P95_MS and pt.get("errors") == 0)
    )
    out.append(
        {
            "target": f"{top} users: throughput >= {TARGET_THROUGHPUT_RATIO:g}x stock, p95 < "
            f"{TARGET_P95_MS} ms, zero errors",
            "value": f"{fmt(tr)}x ({fmt(pt.get('throughput_tps'))} vs {fmt(st.get('throughput_tps'))} turns/s), "
            f"p95 {fmt(pt.get('p95_ms'))} ms, {fmt(pt.get('errors'))} errors",
            "result": verdict(ok),
        }
    )
    mem = {
        f"{bot} {name}": m.get("largest_peak_rss_mb", m["peak_rss_mb"])
        for bot, r in (("project", project), ("stock", stock))
        for name, m in r.get("memory", {}).items()
    }
    ok = None if not mem else max(mem.values()) < TARGET_RSS_MB
    out.append(
        {
            "target": f"peak memory < {TARGET_RSS_MB / 1024:g} GB per process",
            "value": ", ".join(f"{k} {v:.0f} MB" for k, v in mem.items()),
            "result": verdict(ok),
        }
    )
    cs = (project.get("cold_start") or {}).get("first_reply_s")
    out.append(
        {
            "target": f"cold start < {TARGET_COLD_START_S} s",
            "value": f"{fmt(cs)} s (stock " f"{fmt((stock.get('cold_start') or {}).get('first_reply_s'))} s)",
            "result": verdict(None if cs is None else cs < TARGET_COLD_START_S),
        }
    )
    tr_s = (project.get("training") or {}).get("seconds")
    out.append(
        {
            "target": f"training < {TARGET_TRAIN_S // 60} min",
            "value": f"{fmt(tr_s)} s (stock " f"{fmt((stock.get('training') or {}).get('seconds'))} s)",
            "result": verdict(None if tr_s is None else tr_s < TARGET_TRAIN_S),
        }
    )
    return out


def markdown(results: Dict[str, Any]) -> str:
    project, stock = results["project"], results["stock"]
    lines = [
        "| users | bot | p50 ms | p95 ms | p99 ms | turns/s | errors | turns | turns/conversation |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    stock_levels = {lv["users"]: lv for lv in stock.get("levels", [])}
    ratios = {r["users"]: r for r in results["ratios"]}
    for lv in project.get("levels", []):
        rows = [("project", lv)]
        if lv["users"] in stock_levels:
            rows.append(("stock", stock_levels[lv["users"]]))
        for bot, x in rows:
            lines.append(
                f"| {x['users']} | {bot} | {fmt(x['p50_ms'])} | {fmt(x['p95_ms'])} | {fmt(x['p99_ms'])} | "
                f"{fmt(x['throughput_tps'])} | {x['errors']} | {x['turns_ok']} | "
                f"{fmt(x['mean_turns_per_conversation'])} |"
            )
        r = ratios.get(lv["users"])
        if r:
            lines.append(
                f"| {lv['users']} | **project/stock** | {fmt(r['p50_ms'], 'x')} | {fmt(r['p95_ms'], 'x')} | "
                f"{fmt(r['p99_ms'], 'x')} | {fmt(r['throughput_tps'], 'x')} | | | |"
            )
    lines += ["", "| | project | stock |", "|---|---:|---:|"]

    def get(bot: Dict[str, Any], *path: str) -> Any:
        for p in path:
            bot = (bot or {}).get(p) if isinstance(bot, dict) else None
        return bot

    lines.append(
        f"| training (s) | {fmt(get(project, 'training', 'seconds'))} | " f"{fmt(get(stock, 'training', 'seconds'))} |"
    )
    lines.append(
        f"| training peak RSS (MB) | {fmt(get(project, 'training', 'peak_rss_mb'))} | "
        f"{fmt(get(stock, 'training', 'peak_rss_mb'))} |"
    )
    lines.append(
        f"| cold start: HTTP up (s) | {fmt(get(project, 'cold_start', 'http_up_s'))} | "
        f"{fmt(get(stock, 'cold_start', 'http_up_s'))} |"
    )
    lines.append(
        f"| cold start: first REST reply (s) | {fmt(get(project, 'cold_start', 'first_reply_s'))} | "
        f"{fmt(get(stock, 'cold_start', 'first_reply_s'))} |"
    )
    lines.append(f"| action server /health (s) | {fmt(get(project, 'cold_start', 'action_server_health_s'))} | - |")
    lines.append(f"| Rasa server: Sanic workers | {fmt(get(project, 'serving', 'sanic_workers'))} | 1 |")
    lines.append(
        f"| Rasa server peak RSS, largest process (MB) | "
        f"{fmt(get(project, 'memory', 'rasa', 'largest_peak_rss_mb'))} | "
        f"{fmt(get(stock, 'memory', 'rasa', 'largest_peak_rss_mb'))} |"
    )
    lines.append(
        f"| Rasa server peak RSS, all its processes (MB) | "
        f"{fmt(get(project, 'memory', 'rasa', 'tree_peak_rss_mb'))} | "
        f"{fmt(get(stock, 'memory', 'rasa', 'tree_peak_rss_mb'))} |"
    )
    lines.append(f"| action server peak RSS (MB) | {fmt(get(project, 'memory', 'actions', 'peak_rss_mb'))} | - |")
    for users in results["config"]["levels"]:
        p = next((lv for lv in project.get("levels", []) if lv["users"] == users), {})
        s = stock_levels.get(users, {})
        pc, sc = p.get("cpu_ms_per_turn", {}), s.get("cpu_ms_per_turn", {})
        lines.append(
            f"| CPU ms/turn at {users} users: rasa / actions | {fmt(pc.get('rasa'))} / "
            f"{fmt(pc.get('actions'))} | {fmt(sc.get('rasa'))} / - |"
        )

    def background(bot: Dict[str, Any]) -> str:
        levels = [lv.get("background_cpu_cores") for lv in bot.get("levels", [])]
        worst = max((x for x in levels if x is not None), default=None)
        return f"{fmt(get(bot, 'training', 'background_cpu_cores'))} / {fmt(worst)}"

    lines.append(
        f"| other processes' CPU (cores): training / load (worst level) | {background(project)} | "
        f"{background(stock)} |"
    )
    lines += ["", "| target | value | result |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['value']} | **{t['result']}** |" for t in results["targets"]]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=20.0, help="seconds per load level (default 20)")
    parser.add_argument(
        "--turns", type=int, default=None, help="a fixed number of turns per level instead of a duration"
    )
    parser.add_argument("--levels", default="1,10,50", help="concurrent users per level (default 1,10,50)")
    parser.add_argument("--warmup", type=float, default=4.0, help="unrecorded single-user warm-up seconds")
    parser.add_argument("--pause", type=float, default=3.0, help="seconds between levels")
    parser.add_argument(
        "--workers",
        type=int,
        default=len(os.sched_getaffinity(0)),
        help="Sanic workers serving the project (default: one per CPU; >1 adds a Redis lock store)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-train", action="store_true", help="do not measure the project's training")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs, models)")
    args = parser.parse_args()
    args.levels = sorted({int(x) for x in args.levels.split(",") if x.strip()})
    if not MODEL.exists():
        print(f"No trained model at {MODEL}: run `make train` first (make bench does).", file=sys.stderr)
        return 1
    results: Dict[str, Any] = {
        "machine": machine(),
        "config": {
            "levels": args.levels,
            "duration_s": None if args.turns else args.duration,
            "turns": args.turns,
            "warmup_s": args.warmup,
            "request_timeout_s": REQUEST_TIMEOUT_S,
            "seed": args.seed,
            "think_time_s": 0,
        },
    }
    m = results["machine"]
    print(
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB, load {m['loadavg_at_start']}; "
        f"rasa {m['rasa']}",
        flush=True,
    )
    if m["loadavg_at_start"][0] > 0.5 * m["nproc"]:
        print("WARNING: the machine is busy; the numbers will be lower than on a quiet machine.", flush=True)
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="twitch-bench-"))
    try:
        results["project"] = bench_project(tmp, args)
        lengths = [n for lv in results["project"].get("levels", []) for n in lv["_conversation_lengths"]]
        results["stock"] = bench_stock(tmp, args, lengths)
    finally:
        if args.keep:
            print(f"Temporary files kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    for bot in ("project", "stock"):
        for lv in results[bot].get("levels", []):
            lv.pop("_conversation_lengths", None)
    results["ratios"] = compare(results["project"], results["stock"])
    results["targets"] = targets(results["project"], results["stock"], args.levels)
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["bench_seconds"] = round(time.monotonic() - started, 1)
    table = markdown(results)
    results["table_markdown"] = table
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1))
    print()
    print(table)
    noisy = [lv["background_cpu_cores"] for bot in ("project", "stock") for lv in results[bot].get("levels", [])]
    noisy += [(results[bot].get("training") or {}).get("background_cpu_cores") or 0 for bot in ("project", "stock")]
    if max(noisy, default=0) > 0.25:
        print(
            f"\nWARNING: other processes used up to {max(noisy)} cores during the run; "
            "the numbers are lower than on a quiet machine."
        )
    print(f"\nbenchmark took {results['bench_seconds']:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
