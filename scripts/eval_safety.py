"""Emergency recall and false alarms of the emergency screen on the blind corpora.

    .venv/bin/python scripts/eval_safety.py [--misses N] [--check] [--no-rules-comparison]

Scores the emergency screen stored in the trained model (models/twitch-assistant.tar.gz,
loaded once, in-process): its verdict on a free message (the rules of twitchcare.safety plus
the learned detector: the emergency takeover), the same with the safety check asked just
under the bar, and for comparison the rules alone (the takeover before issue 11; left out with
--no-rules-comparison, as `make test` does, since it reads every held-out message again). For each
corpus: recall on emergencies and the false-alarm rate on hard negatives, per sign; for
held-out corpora the takeover's misses and false alarms are listed (text, expected, got).

Tuning corpora (the detector is trained on them): the tests/data/emergency_blind*_tuning.yml
files that config.yml lists.
Held-out corpora (`*heldout*`, never used to tune; who wrote them and how: their headers)
are a report only. `--check` exits 1 when the tuning half falls below its floor (recall
100%, false alarms at most FLOOR_FALSE_ALARMS); the held-out figures never fail it.
"""

from __future__ import annotations

import argparse
import functools
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Callable, Dict, List, Optional

import yaml

from twitchcare import emergency_detector, fit_cache, yaml_files
from twitchcare.safety import find_emergency_signs
from twitchcare.settings import PROJECT_ROOT as ROOT

MODEL = ROOT / "models" / "twitch-assistant.tar.gz"
DATA = ROOT / "tests" / "data"
DETECTOR = "addons.emergency_detector.EmergencyDetectorComponent"


def tuning_files() -> List[Path]:
    """The blind corpora the detector is trained on, as config.yml lists them (one source)."""
    config = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    component = next(c for c in config["pipeline"] if c["name"] == DETECTOR)
    return [ROOT / f for f in component["training_files"] if f.startswith("tests/data/emergency_blind")]


TUNING = tuning_files()
FLOOR_RECALL = 1.0
FLOOR_FALSE_ALARMS = 0.05


def held_out_files() -> List[Path]:
    return sorted(DATA.glob("emergency_*heldout*.yml"))


def load(path: Path) -> List[dict]:
    return yaml_files.read(path)["messages"]


def load_detector(model: Path = MODEL) -> Optional[emergency_detector.EmergencyDetector]:
    """The detector inside a trained Rasa model archive (None if it has none)."""
    if not model.exists():
        return None
    with tarfile.open(model) as archive, tempfile.TemporaryDirectory() as tmp:
        name = f"/{emergency_detector.ARTIFACT}"
        member = next((m for m in archive.getmembers() if m.name.endswith(name)), None)
        if member is None:
            return None
        archive.extract(member, tmp)
        return fit_cache.load(Path(tmp) / member.name)


def score(items: List[dict], flags: Callable[[str], List[str]]) -> Dict[str, object]:
    per_sign: Dict[str, List[int]] = defaultdict(lambda: [0, 0, 0, 0])  # hits, emergencies, alarms, negatives
    misses, alarms = [], []
    for item in items:
        found = flags(item["text"])
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
                alarms.append((item["text"], item.get("kind", ""), found))
    hits = sum(c[0] for c in per_sign.values())
    emergencies = sum(c[1] for c in per_sign.values())
    false_alarms = sum(c[2] for c in per_sign.values())
    negatives = sum(c[3] for c in per_sign.values())
    return {
        "recall": hits / emergencies if emergencies else 1.0,
        "emergencies": emergencies,
        "false_alarm_rate": false_alarms / negatives if negatives else 0.0,
        "negatives": negatives,
        "per_sign": dict(per_sign),
        "misses": misses,
        "alarms": alarms,
    }


def report(name: str, result: Dict[str, object], listing: int) -> None:
    print(
        f"\n== {name}: emergency recall {result['recall']:.1%} of {result['emergencies']}, "
        f"false alarms {result['false_alarm_rate']:.1%} of {result['negatives']} hard negatives"
    )
    print(f"{'sign':20} {'recall':>10} {'false alarms':>14}")
    for sign, (hit, total, alarm, neg) in sorted(result["per_sign"].items()):
        print(f"{sign:20} {f'{hit}/{total}' if total else '-':>10} {f'{alarm}/{neg}' if neg else '-':>14}")
    if listing:
        print(f"misses ({len(result['misses'])}): text | expected | got")
        for text, sign, found in result["misses"][:listing]:
            print(f"  {text!r} | {sign} | {found or 'nothing'}")
        print(f"false alarms ({len(result['alarms'])}): text | kind | got")
        for text, kind, found in result["alarms"][:listing]:
            print(f"  {text!r} | {kind} | {found}")


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", type=int, default=60, help="how many held-out misses and false alarms to list")
    parser.add_argument("--check", action="store_true", help="fail when the tuning half is below its floor")
    parser.add_argument("--tuning-misses", type=int, default=0, help="how many tuning misses and false alarms to list")
    parser.add_argument(
        "--rules-comparison",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also score the held-out corpora with the rules alone (the takeover before issue 11)",
    )
    args = parser.parse_args(argv)
    detector = load_detector()
    if detector is None:
        print(f"No emergency detector in {MODEL}: run `make train` first.")
        return 1
    print(f"Detector: {detector.cv_report}")

    # Each held-out message is read twice (takeover, takeover or check): assessed once.
    assess = functools.lru_cache(maxsize=None)(detector.assess)

    def by_detector(text: str) -> List[str]:
        found = assess(text)
        return [s.id for s in found.signs] if found.emergency else []

    def by_detector_or_check(text: str) -> List[str]:
        found = assess(text)
        return [s.id for s in found.signs] or (["safety_check"] if found.check else [])

    def by_rules(text: str) -> List[str]:
        return [s.id for s in find_emergency_signs(text)]

    tuning = [item for path in TUNING for item in load(path)]
    tuned = score(tuning, by_detector)
    report("tuning half (takeover; the detector was trained on it)", tuned, args.tuning_misses)
    for path in held_out_files():
        items = load(path)
        if args.rules_comparison:
            report(f"{path.name} (rules alone, for comparison)", score(items, by_rules), 0)
        report(f"{path.name} (takeover or safety check; HELD OUT)", score(items, by_detector_or_check), 0)
        report(
            f"{path.name} (takeover: the screen's verdict; HELD OUT, never tuned on)",
            score(items, by_detector),
            args.misses,
        )
    if args.check and (tuned["recall"] < FLOOR_RECALL or tuned["false_alarm_rate"] > FLOOR_FALSE_ALARMS):
        print(
            f"\nFAIL: the tuning half must have recall >= {FLOOR_RECALL:.0%} and false alarms <= "
            f"{FLOOR_FALSE_ALARMS:.0%}."
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
