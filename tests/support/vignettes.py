"""Triage vignettes (tests/data/vignettes*.yml) and how a conversation is scored.

One source for the in-process scorer (scripts/eval_vignettes.py, every vignette) and the
end-to-end test over REST (tests/e2e/test_vignettes.py, a sample): the opening message starts the
intake; each question the assistant asks (it names the slot in its `asking` payload) is answered
from the vignette's `answers`, or with the intake's plain default for that slot; the level is the
`triage` payload's. Suites named *heldout* are scored and reported, never a gate and never tuned on.
"""

from __future__ import annotations

import statistics
import uuid
from typing import Any, Callable, Dict, List, Optional, Tuple


from tests.support import replies
from twitchcare import intake, yaml_files
from twitchcare.settings import PROJECT_ROOT
from twitchcare.triage import LEVELS

DATA = PROJECT_ROOT / "tests" / "data"
RESULTS = PROJECT_ROOT / "results" / "vignettes.json"
MAX_TURNS = 20
MIN_EXACT = 0.97  # the tuning suites' gate (exact level)
DEFAULT_ANSWERS = intake.PLAIN_ANSWERS


class Unfinished(Exception):
    """The conversation did not reach a level: it neither asked nor concluded, asked one question
    three times, or asked something the vignette cannot answer."""


def load() -> List[Dict[str, Any]]:
    return [
        dict(v, suite=path.stem)
        for path in sorted(DATA.glob("vignettes*.yml"))
        for v in yaml_files.read(path)["vignettes"]
    ]


def is_heldout(vignette_or_outcome: Dict[str, Any]) -> bool:
    return "heldout" in vignette_or_outcome["suite"]


def next_turn(vignette: Dict[str, Any], custom: Dict[str, Any], asked: List[str]) -> Tuple[Optional[str], str]:
    """(level, "") when the bot's last reply (its merged custom payload) concluded; otherwise
    (None, the answer to send), with the slot asked appended to `asked`."""
    if "triage" in custom:
        return custom["triage"]["level"], ""
    slot = custom.get("asking")
    if not slot:
        raise Unfinished(f"neither a question nor a result after {asked}")
    asked.append(slot)
    if asked.count(slot) > 2:
        raise Unfinished(f"asked {slot} three times: {asked}")
    answer = vignette.get("answers", {}).get(slot) or DEFAULT_ANSWERS.get(slot)
    if not answer:
        raise Unfinished(f"vignette gives no answer for {slot}")
    if len(asked) > MAX_TURNS:
        raise Unfinished(f"no result after {MAX_TURNS} turns: {asked}")
    return None, answer


def play(send: Callable[[str, str], List[Dict[str, Any]]], vignette: Dict[str, Any]) -> Dict[str, Any]:
    """One vignette as a conversation: `send(text, sender)` is the bot's reply over REST or in-process."""
    sender, asked = uuid.uuid4().hex, []  # type: ignore[var-annotated]
    messages = send(vignette["opening"], sender)
    try:
        while True:
            level, answer = next_turn(vignette, replies.custom(messages), asked)
            if level is not None:
                return outcome(vignette, level, asked)
            messages = send(answer, sender)
    except Unfinished as e:
        return outcome(vignette, None, asked, f"{e}; last reply {replies.text(messages)!r}")


def outcome(vignette: Dict[str, Any], got: Optional[str], asked: List[str], why: str = "") -> Dict[str, Any]:
    return {
        "id": vignette["id"],
        "suite": vignette["suite"],
        "expected": vignette["level"],
        "got": got,
        "asked": asked,
        **({"why": why} if why else {}),
    }


def faults(vignette: Dict[str, Any], result: Dict[str, Any]) -> List[str]:
    """What fails a tuning vignette besides a level more cautious than the policy's (which only
    counts against the exact rate): no level, a level less urgent, a question the opening answered."""
    got = result["got"]
    if got is None:
        return [f"unfinished: {result.get('why', '')}"]
    found = []
    if LEVELS.index(got) > LEVELS.index(vignette["level"]):
        found.append(f"under-triaged as {got}, asked {result['asked']}")
    repeated = set(vignette.get("not_asked", [])) & set(result["asked"])
    if repeated:
        found.append(f"asked again for what the opening said: {sorted(repeated)}")
    return found


def figures(outcomes: List[Dict[str, Any]]) -> Dict[str, Any]:
    exact = sum(o["got"] == o["expected"] for o in outcomes)
    under = [o["id"] for o in outcomes if o["got"] is not None and LEVELS.index(o["got"]) > LEVELS.index(o["expected"])]
    over = [o["id"] for o in outcomes if o["got"] is not None and LEVELS.index(o["got"]) < LEVELS.index(o["expected"])]
    emergencies = [o for o in outcomes if o["expected"] == "emergency"]
    complete = [len(o["asked"]) for o in outcomes if o["got"] not in (None, "emergency")]
    return {
        "vignettes": len(outcomes),
        "exact": exact,
        "exact_rate": round(exact / len(outcomes), 3),
        "under_triage": under,
        "over_triage": over,
        "unfinished": [o["id"] for o in outcomes if o["got"] is None],
        "emergencies_missed": sum(o["got"] != "emergency" for o in emergencies),
        "emergencies": len(emergencies),
        # questions per complete (non-emergency) assessment, re-asks included
        "questions_mean": round(statistics.mean(complete), 2) if complete else None,
        "questions_median": statistics.median(complete) if complete else None,
    }


def summary(outcomes: List[Dict[str, Any]]) -> Dict[str, Any]:
    tuning = [o for o in outcomes if not is_heldout(o)]
    heldout = [o for o in outcomes if is_heldout(o)]
    return {
        "tuning": figures(tuning) if tuning else None,
        "heldout": figures(heldout) if heldout else None,
        "per_suite": {
            suite: figures([o for o in outcomes if o["suite"] == suite])
            for suite in sorted({o["suite"] for o in outcomes})
        },
        "outcomes": outcomes,
    }


def describe(name: str, f: Dict[str, Any]) -> str:
    return (
        f"vignettes {name}: {f['exact']}/{f['vignettes']} exact ({f['exact_rate']:.1%}), under-triage "
        f"{len(f['under_triage'])}, over-triage {len(f['over_triage'])}, unfinished {len(f['unfinished'])}, "
        f"emergencies missed {f['emergencies_missed']}/{f['emergencies']}, questions per complete "
        f"assessment mean {f['questions_mean']} median {f['questions_median']}"
    )
