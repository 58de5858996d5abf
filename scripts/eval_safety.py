"""Emergency recall and false alarms of the safety screen on the blind corpus, both halves.

    .venv/bin/python scripts/eval_safety.py [--misses N]

Reads tests/data/emergency_blind_tuning.yml and tests/data/emergency_blind_heldout.yml (who
wrote them and how: their headers) and scores `twitchcare.safety.find_emergency_signs`, the
screen every message goes through. Prints, for each half: recall on emergencies, the
false-alarm rate on hard negatives, both per sign, and the held-out misses (text, expected,
got). The held-out half is a report only: nothing may be tuned on it.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from twitchcare.safety import find_emergency_signs  # noqa: E402

HALVES = {"tuning": ROOT / "tests" / "data" / "emergency_blind_tuning.yml",
          "held-out": ROOT / "tests" / "data" / "emergency_blind_heldout.yml"}


def load(path: Path) -> List[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["messages"]


def score(items: List[dict]) -> Dict[str, object]:
    per_sign: Dict[str, List[int]] = defaultdict(lambda: [0, 0, 0, 0])   # hits, emergencies, alarms, negatives
    misses, alarms = [], []
    for item in items:
        found = [s.id for s in find_emergency_signs(item["text"])]
        counts = per_sign[item["sign"]]
        if item["emergency"]:
            counts[1] += 1
            if found:
                counts[0] += 1
            else:
                misses.append((item["text"], item["sign"], found))
        else:
            counts[3] += 1
            if found:
                counts[2] += 1
                alarms.append((item["text"], item["kind"], found))
    hits = sum(c[0] for c in per_sign.values())
    emergencies = sum(c[1] for c in per_sign.values())
    false_alarms = sum(c[2] for c in per_sign.values())
    negatives = sum(c[3] for c in per_sign.values())
    return {"recall": hits / emergencies if emergencies else 1.0, "emergencies": emergencies,
            "false_alarm_rate": false_alarms / negatives if negatives else 0.0, "negatives": negatives,
            "per_sign": dict(per_sign), "misses": misses, "alarms": alarms}


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=40, help="how many held-out misses and false alarms to list")
    args = parser.parse_args(argv)
    for half, path in HALVES.items():
        result = score(load(path))
        print(f"\n== {half} half ({path.name}): emergency recall {result['recall']:.1%} of "
              f"{result['emergencies']}, false alarms {result['false_alarm_rate']:.1%} of {result['negatives']} "
              "hard negatives")
        print(f"{'sign':20} {'recall':>14} {'false alarms':>14}")
        for sign, (hit, total, alarm, neg) in sorted(result["per_sign"].items()):
            recall = f"{hit}/{total}" if total else "-"
            alarmed = f"{alarm}/{neg}" if neg else "-"
            print(f"{sign:20} {recall:>14} {alarmed:>14}")
        if half == "held-out":
            print(f"\nheld-out misses (first {args.misses} of {len(result['misses'])}): text | expected | got")
            for text, sign, found in result["misses"][:args.misses]:
                print(f"  {text!r} | {sign} | {found or 'nothing'}")
            print(f"\nheld-out false alarms (first {args.misses} of {len(result['alarms'])}): text | kind | got")
            for text, kind, found in result["alarms"][:args.misses]:
                print(f"  {text!r} | {kind} | {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
