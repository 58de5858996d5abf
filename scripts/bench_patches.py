"""Measure what each speed patch of rasa_patches gains, against the live Rasa original.

    make bench-patches      (.venv/bin/python scripts/bench_patches.py [--repeat 300])

In one process, on the same inputs, each patched function is timed against the original
it replaces (rasa_patches.Patch.original); the median of several rounds is printed per
call and per turn. The prediction graph is timed on the trained model
(models/twitch-assistant.tar.gz), parsing real messages. Numbers only, never a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Any, Callable, Dict, List

from rasa_patches import inference_load, speedups

PATCHES = {p.name: p for p in [*speedups.PATCHES, inference_load.PATCH]}
# A typical action server response of this project: slots, a message with buttons and a custom twin.
RESPONSE = {
    "events": [
        {"event": "slot", "timestamp": None, "name": "body_parts", "value": ["eyelid"]},
        {"event": "slot", "timestamp": None, "name": "requested_slot", "value": "duration_days"},
    ],
    "responses": [
        {
            "text": "How long has it been going on?",
            "buttons": [
                {"title": "Less than a week", "payload": "/inform"},
                {"title": "1-4 weeks", "payload": "/inform"},
            ],
            "custom": {"asking": "duration_days", "options": ["a", "b"]},
        }
    ],
}
MESSAGES = [
    "my eyelid keeps twitching since monday",
    "what foods have magnesium",
    "yes",
    "none of these",
    "is it serious if my calf twitches at night?",
]


def timed(fn: Callable[[], Any], repeat: int, rounds: int = 5) -> float:
    """Median seconds per call of `fn` over `rounds` rounds of `repeat` calls."""
    per_call = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(repeat):
            fn()
        per_call.append((time.perf_counter() - started) / repeat)
    return statistics.median(per_call)


def bench_validation(repeat: int) -> Dict[str, float]:
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_x", None)
    original = PATCHES["validate_once"].original
    return {
        "original": timed(lambda: original(action, RESPONSE), max(10, repeat // 10)),
        "patched": timed(lambda: speedups._validate_action_result(action, RESPONSE), repeat),
    }


def bench_event_lookup(repeat: int) -> Dict[str, float]:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    names = sorted({c.type_name for c in all_subclasses(Event)})
    original = PATCHES["event_table"].original.__func__
    return {
        "original": timed(lambda: [original(n) for n in names], max(10, repeat // 10)) / len(names),
        "patched": timed(lambda: [speedups._resolve_by_type(n) for n in names], repeat) / len(names),
    }


def bench_graph(repeat: int) -> Dict[str, float]:
    import rasa.core.processor
    from rasa.core.agent import load_agent
    from rasa.shared.core.trackers import DialogueStateTracker

    from twitchcare.settings import SETTINGS

    patch = PATCHES["sequential_graph"]
    results = {}
    for label, runner in (("original", patch.original), ("patched", patch.replacement)):
        rasa.core.processor.DaskGraphRunner = runner
        agent = asyncio.run(load_agent(str(SETTINGS.model_path)))
        assert agent.processor is not None
        tracker = DialogueStateTracker("bench", agent.domain.slots)
        loop = asyncio.new_event_loop()

        def turn() -> None:
            for text in MESSAGES:
                loop.run_until_complete(agent.parse_message(text))  # the NLU half of the graph
                agent.processor.predict_next_with_tracker(tracker)  # the policies' half

        turn()  # warm up
        results[label] = timed(turn, max(3, repeat // 30), rounds=3) / len(MESSAGES)
        loop.close()
    rasa.core.processor.DaskGraphRunner = patch.original
    return results


def bench_model_load(repeat: int) -> Dict[str, float]:
    """Seconds to load the trained agent, Rasa's load of the intent model against the patch's
    (alternating, the best of two each; imports are paid before the first)."""
    from rasa.core.agent import load_agent

    from twitchcare.settings import SETTINGS

    patch = PATCHES["inference_load"]
    asyncio.run(load_agent(str(SETTINGS.model_path)))  # imports and file caches warm for both
    times: Dict[str, List[float]] = {"original": [], "patched": []}
    for label in ("original", "patched") * 2:
        patch.apply() if label == "patched" else patch.restore()
        started = time.perf_counter()
        asyncio.run(load_agent(str(SETTINGS.model_path)))
        times[label].append(time.perf_counter() - started)
    patch.restore()
    return {label: min(values) for label, values in times.items()}


# What a turn of this project does (docs/benchmark.md): 2-3 action calls, about 60 events read.
BENCHES = [
    ("validate_once", bench_validation, "action call", 2.5),
    ("event_table", bench_event_lookup, "event", 60),
    ("sequential_graph", bench_graph, "message (NLU + policies)", 1),
    # Paid once per process start, not per turn: its "saved" column is ms per start.
    ("inference_load", bench_model_load, "model load (per start)", 1),
]


def main(argv: List[str]) -> int:
    import logging

    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=300, help="calls per timing round (default 300)")
    parser.add_argument("--only", choices=[name for name, *_ in BENCHES], action="append")
    args = parser.parse_args(argv)
    print(f"{'patch':<18} {'unit':<26} {'original ms':>12} {'patched ms':>11} {'saved ms/turn':>14}")
    for name, bench, unit, per_turn in BENCHES:
        if args.only and name not in args.only:
            continue
        r = bench(args.repeat)
        saved = (r["original"] - r["patched"]) * per_turn * 1000
        print(
            f"{name:<18} {unit:<26} {r['original'] * 1000:>12.3f} {r['patched'] * 1000:>11.3f} {saved:>14.2f}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
