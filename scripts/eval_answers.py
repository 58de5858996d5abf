"""Typed answers to the symptom check's questions as the product reads them (issue 12).

`tests/unit/test_intake_answers.py` scores the intake's readers alone. In a conversation each
answer is first parsed by the trained model (models/twitch-assistant.tar.gz, loaded once,
in-process): its intent ("yes, one of these" to the safety question, affirm, deny, a question
instead of an answer) and its emergency verdict (addons/emergency_detector.py) decide too. This
scores that whole path, the way the policy and the form apply it:
- the emergency screen takes over (the verdict for an answer inside the intake, or the
  report_emergency intent right after the safety question): the answer reads as "yes" to the
  safety question, and as a false alarm to any other question;
- otherwise `intake.step` with the model's intent: a message that is not an answer, or an answer
  re-asked, reads as "unknown" (after one re-ask the intake records it so).

Tuning halves have a floor with --check; held-out halves are printed only, never tuned on
(`--no-held-out`, as `make test` runs it, reads the tuning halves alone).
Run it from the project root as a module (`python -m scripts.eval_answers`, as `make eval-answers`
does), so the scoring it shares with the unit test (tests/support) is importable.
"""

from __future__ import annotations

import argparse
import logging
import asyncio
import sys
from collections import Counter, defaultdict
from typing import Any, Dict, List, Optional, Tuple

from tests.support.writers_date import writers_today
from tests.support.intake_answers import DATA, MATCHER, SLOT_FOR, expected, load, value_of
from twitchcare import intake
from twitchcare.emergency_detector import takes_over_as_answer
from twitchcare.settings import PROJECT_ROOT as ROOT

FLOOR = 0.92  # the tuning halves; the target on held-out answers is 95%
TAKEOVER = "emergency takeover"
SCREEN = "emergency_screen"
REPORT_EMERGENCY = "report_emergency"
HELD_OUT = "intake_answers*heldout.yml"


def product_reading(question: str, text: str, parsed: Dict[str, Any]) -> Any:
    """What the assistant records for `text` typed as the answer to `question`."""
    intent: Optional[str] = (parsed.get("intent") or {}).get("name")
    verdict = parsed.get("emergency") or {}
    slot = SLOT_FOR[question]
    if question == SCREEN and (intent == REPORT_EMERGENCY or verdict.get("as_answer")):
        return intake.YES
    if question != SCREEN and takes_over_as_answer(verdict, slot, text):  # as the policy decides
        return TAKEOVER
    step = intake.step(text, MATCHER.find(text), intent, slot, {}, None)
    if step is None or step.reasked == slot:
        return value_of(question, {})
    return value_of(question, step.updates)


async def parse_all(texts: List[str]) -> List[Dict[str, Any]]:
    import rasa_patches
    from rasa.core.agent import load_agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # unconfigured, Rasa logs every parse (the text too) at debug
    rasa_patches.install("rasa")  # as the server runs (launcher/rasa_server.py): the same answers, sooner

    agent = await load_agent(str(ROOT / "models" / "twitch-assistant.tar.gz"))
    return [await agent.parse_message(text) for text in texts]


def score(items: List[dict], parsed: Dict[str, Dict[str, Any]]) -> Tuple[float, Counter, Counter, Dict]:
    right, total, misses = Counter(), Counter(), defaultdict(list)
    for item in items:
        question = item["question"]
        got, want = product_reading(question, item["text"], parsed[item["text"]]), expected(item)
        total[question] += 1
        if got == want:
            right[question] += 1
        else:
            misses[question].append((item["text"], want, got))
    return sum(right.values()) / max(1, len(items)), right, total, misses


def report(name: str, items: List[dict], parsed: Dict[str, Dict[str, Any]], listing: int) -> float:
    overall, right, total, misses = score(items, parsed)
    per = ", ".join(f"{q} {right[q]}/{total[q]}" for q in sorted(total))
    print(f"\n{name}: {overall:.1%} of {len(items)} answers read right ({per})")
    takeovers = sum(got == TAKEOVER for q in misses for _, _, got in misses[q])
    print(f"  answers to other questions taken over as an emergency: {takeovers}")
    for question in sorted(misses) if listing else ():
        for text, want, got in misses[question][:listing]:
            print(f"  {question}: {text!r} | expected {want} | got {got}")
    return overall


def main(argv: List[str] | None = None) -> int:
    with writers_today():  # answers are read on the day the writers were given, whatever day this runs
        return _main(argv)


def _main(argv: List[str] | None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when the tuning halves are below the floor")
    parser.add_argument("--misses", type=int, default=0, help="held-out misses to list per question")
    parser.add_argument("--tuning-misses", type=int, default=0, help="tuning misses to list per question")
    parser.add_argument(
        "--no-held-out", action="store_true", help="read the tuning halves only (make test; held-out: eval-answers)"
    )
    args = parser.parse_args(argv)
    if not (ROOT / "models" / "twitch-assistant.tar.gz").exists():
        print("No trained model: run `make train` first.")
        return 1
    tuning = load("intake_answers*tuning.yml")
    held_out = {} if args.no_held_out else {path.name: load(path.name) for path in sorted(DATA.glob(HELD_OUT))}
    texts = sorted({item["text"] for items in [tuning, *held_out.values()] for item in items})
    parsed = dict(zip(texts, asyncio.run(parse_all(texts))))  # the model is loaded once
    tuned = report("typed answers as the product reads them, tuning halves", tuning, parsed, args.tuning_misses)
    for name, items in held_out.items():
        report(f"typed answers as the product reads them, HELD OUT {name} (report only)", items, parsed, args.misses)
    every = [item for items in held_out.values() for item in items]
    if every:
        report("typed answers as the product reads them, HELD OUT, all", every, parsed, 0)
    if args.check and tuned < FLOOR:
        print(f"\nFAIL: the tuning halves must be read right at least {FLOOR:.0%}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
