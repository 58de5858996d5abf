"""Triage vignettes, whole conversations in-process: exact level, under-triage, questions asked.

Every vignette of tests/data/vignettes*.yml is played against the trained model loaded once in
this process, with the custom actions run in-process (tests/support/inprocess_bot.py): the same
model, policies, forms and actions as a served conversation, without the HTTP hop. The end-to-end
test (tests/e2e/test_vignettes.py) plays a sample of them over REST against the real servers.

With --check, the tuning suites are a gate: no vignette unfinished or under-triaged, none asked
again for what its opening said, and at least 97% at the exact level. Suites named *heldout*
are scored and printed only, never a gate and never tuned on. Every outcome is written to
results/vignettes.json. Run from the project root as a module (`python -m scripts.eval_vignettes`,
as `make vignettes` does).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
from typing import Any, Dict, List

from tests.support import vignettes
from tests.support.writers_date import writers_today
from tests.support.inprocess_bot import MODEL, InProcessBot


def play_all(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    loop = asyncio.new_event_loop()
    try:
        bot = loop.run_until_complete(InProcessBot.load())  # the model is loaded once

        def send(text: str, sender: str) -> List[Dict[str, Any]]:
            return loop.run_until_complete(bot.send(text, sender))

        return [vignettes.play(send, v) for v in items]
    finally:
        loop.close()


def _play_shard(items: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    with writers_today():  # a fresh process: the writers' day is set again here
        return play_all(items)


def play_sharded(items: List[Dict[str, Any]], shards: int) -> List[Dict[str, Any]]:
    """`play_all` over `shards` processes (each loads the model once), outcomes in `items`' order.

    Each conversation is independent, so the outcomes are the same as in one process; on two cores
    beside another check, the vignettes (the longest check) then share both cores instead of
    holding one while the other lane runs out of work (make test's model-check phase)."""
    if shards <= 1 or len(items) < 2 * shards:
        return play_all(items)
    parts = [items[i::shards] for i in range(shards)]
    # spawn, not fork: TensorFlow's threads do not survive a fork
    with multiprocessing.get_context("spawn").Pool(shards) as pool:
        played = pool.map(_play_shard, parts)
    outcomes: List[Dict[str, Any]] = [{} for _ in items]
    for i, part in enumerate(played):
        outcomes[i::shards] = part
    return outcomes


def main(argv: List[str] | None = None) -> int:
    with writers_today():  # answers are read on the day the writers were given, whatever day this runs
        return _main(argv)


def _main(argv: List[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a tuning vignette fails or below 97%% exact")
    parser.add_argument("--misses", type=int, default=0, help="held-out vignettes off the level to list")
    parser.add_argument(
        "--tuning-only",
        action="store_true",
        help="play the tuning suites only (make test; held-out: make eval-vignettes)",
    )
    parser.add_argument("--shards", type=int, default=1, help="play the vignettes in this many processes")
    args = parser.parse_args(argv)
    if not MODEL.exists():
        print("No trained model: run `make train` first.")
        return 1
    items = [v for v in vignettes.load() if not (args.tuning_only and vignettes.is_heldout(v))]
    outcomes = play_sharded(items, args.shards)
    summary = vignettes.summary(outcomes)
    vignettes.RESULTS.parent.mkdir(exist_ok=True)
    vignettes.RESULTS.write_text(json.dumps(summary, indent=1))
    for name, figures in summary["per_suite"].items():
        print(vignettes.describe(name, figures))
    for name in ("tuning", "heldout"):
        if summary[name]:
            print(vignettes.describe(name.upper() + ("" if name == "tuning" else " (report only)"), summary[name]))
    held_out_off = [o for o in outcomes if vignettes.is_heldout(o) and o["got"] != o["expected"]]
    for o in held_out_off[: args.misses]:
        print(f"  held out {o['id']}: expected {o['expected']}, got {o['got']} after {o['asked']} {o.get('why', '')}")
    print(f"every outcome -> {vignettes.RESULTS.relative_to(vignettes.PROJECT_ROOT)}")
    if not args.check:
        return 0
    failed = [
        (v["id"], fault)
        for v, o in zip(items, outcomes)
        if not vignettes.is_heldout(v)
        for fault in vignettes.faults(v, o)
    ]
    for vignette_id, fault in failed:
        print(f"FAIL {vignette_id}: {fault}")
    tuning = summary["tuning"]
    if tuning and tuning["exact_rate"] < vignettes.MIN_EXACT:
        off = [
            (o["id"], o["expected"], o["got"])
            for o in outcomes
            if not vignettes.is_heldout(o) and o["got"] != o["expected"]
        ]
        print(
            f"FAIL: tuning vignettes at the exact level {tuning['exact_rate']:.1%} < {vignettes.MIN_EXACT:.0%}: {off}"
        )
        return 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
