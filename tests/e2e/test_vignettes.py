"""Triage vignettes, run end-to-end over REST; reports exact-level accuracy, under-triage and the
number of questions per assessment. Tuning suites are a gate (no under-triage, no unfinished
intake, >= 97% exact); suites named *heldout* are scored and reported only, so nothing is tuned
on them (results/vignettes.json has every outcome)."""

import json
import statistics
import uuid

import pytest
import yaml

from twitchcare import intake
from twitchcare.triage import LEVELS
from twitchcare.settings import PROJECT_ROOT as ROOT

# vignettes.yml was written alongside the intake; vignettes_blind*.yml by helpers who never saw
# the code or its data, to measure how the triage generalises to new wording. Suites named
# *heldout* are scored and reported but are not a gate: nothing is tuned on them.
VIGNETTES = [
    dict(v, suite=path.stem)
    for path in sorted((ROOT / "tests" / "data").glob("vignettes*.yml"))
    for v in yaml.safe_load(path.read_text())["vignettes"]
]
TUNING = [v for v in VIGNETTES if "heldout" not in v["suite"]]
RESULTS = ROOT / "results" / "vignettes.json"
MAX_TURNS = 20
MIN_EXACT = 0.97
DEFAULT_ANSWERS = intake.PLAIN_ANSWERS
OUTCOMES: list = []


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    if not OUTCOMES:
        return

    def figures(outcomes):
        exact = sum(o["got"] == o["expected"] for o in outcomes)
        under = [
            o["id"] for o in outcomes if o["got"] is not None and LEVELS.index(o["got"]) > LEVELS.index(o["expected"])
        ]
        over = [
            o["id"] for o in outcomes if o["got"] is not None and LEVELS.index(o["got"]) < LEVELS.index(o["expected"])
        ]
        unfinished = [o["id"] for o in outcomes if o["got"] is None]
        emergencies = [o for o in outcomes if o["expected"] == "emergency"]
        complete = [len(o["asked"]) for o in outcomes if o["got"] not in (None, "emergency")]
        return {
            "vignettes": len(outcomes),
            "exact": exact,
            "exact_rate": round(exact / len(outcomes), 3),
            "under_triage": under,
            "over_triage": over,
            "unfinished": unfinished,
            "emergencies_missed": sum(o["got"] != "emergency" for o in emergencies),
            "emergencies": len(emergencies),
            # questions per complete (non-emergency) assessment, re-asks included
            "questions_mean": round(statistics.mean(complete), 2) if complete else None,
            "questions_median": statistics.median(complete) if complete else None,
        }

    tuning = [o for o in OUTCOMES if "heldout" not in o["suite"]]
    heldout = [o for o in OUTCOMES if "heldout" in o["suite"]]
    summary = {
        "tuning": figures(tuning) if tuning else None,
        "heldout": figures(heldout) if heldout else None,
        "per_suite": {
            suite: figures([o for o in OUTCOMES if o["suite"] == suite])
            for suite in sorted({o["suite"] for o in OUTCOMES})
        },
        "outcomes": OUTCOMES,
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1))
    for name, f in summary["per_suite"].items():
        print(
            f"\nvignettes {name}: {f['exact']}/{f['vignettes']} exact ({f['exact_rate']:.1%}), under-triage "
            f"{len(f['under_triage'])}, over-triage {len(f['over_triage'])}, unfinished {len(f['unfinished'])}, "
            f"emergencies missed {f['emergencies_missed']}/{f['emergencies']}, questions per complete "
            f"assessment mean {f['questions_mean']} median {f['questions_median']}"
        )
    for name in ("tuning", "heldout"):
        if summary[name]:
            f = summary[name]
            print(
                f"vignettes {name.upper()}: {f['exact']}/{f['vignettes']} exact ({f['exact_rate']:.1%}), "
                f"under-triage {len(f['under_triage'])}, unfinished {len(f['unfinished'])}, questions mean "
                f"{f['questions_mean']} median {f['questions_median']} -> {RESULTS}"
            )


def test_suite_covers_every_level():
    counts = {level: sum(v["level"] == level for v in TUNING) for level in LEVELS}
    assert len(VIGNETTES) >= 40 and min(counts.values()) >= 5, counts


def run_vignette(bot, vignette):
    user = uuid.uuid4().hex
    replies = bot.send(vignette["opening"], user)
    asked = []
    for _ in range(MAX_TURNS):
        custom = bot.custom(replies)
        if "triage" in custom:
            return custom["triage"]["level"], asked
        slot = custom.get("asking")
        assert slot, f"neither a question nor a result after {asked}: {bot.text(replies)!r}"
        asked.append(slot)
        assert asked.count(slot) <= 2, f"asked {slot} three times: {asked}"
        answer = vignette.get("answers", {}).get(slot) or DEFAULT_ANSWERS.get(slot)
        assert answer, f"vignette gives no answer for {slot}"
        replies = bot.send(answer, user)
    pytest.fail(f"no result after {MAX_TURNS} turns: {asked}")


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette_gets_the_right_level(bot, vignette):
    got, asked, heldout = None, [], "heldout" in vignette["suite"]
    try:
        got, asked = run_vignette(bot, vignette)
    except (AssertionError, pytest.fail.Exception):
        if not heldout:
            raise
    finally:
        OUTCOMES.append(
            {
                "id": vignette["id"],
                "suite": vignette["suite"],
                "expected": vignette["level"],
                "got": got,
                "asked": asked,
            }
        )
    if heldout:
        return  # scored and reported by the module fixture, never a gate
    # Never under-triaged (an emergency always caught); a level more cautious than the policy's
    # counts against the exact-level rate below.
    assert LEVELS.index(got) <= LEVELS.index(vignette["level"]), f"under-triaged as {got}, asked {asked}"
    repeated = set(vignette.get("not_asked", [])) & set(asked)
    assert not repeated, f"asked again for what the opening said: {sorted(repeated)}"


def test_tuning_vignettes_get_the_exact_level_at_least_97_percent():
    # Runs after the vignettes above (pytest keeps file order); held-out suites are not a gate.
    assert len(OUTCOMES) == len(VIGNETTES)
    tuning = [o for o in OUTCOMES if "heldout" not in o["suite"]]
    exact = sum(o["got"] == o["expected"] for o in tuning)
    wrong = [(o["id"], o["expected"], o["got"]) for o in tuning if o["got"] != o["expected"]]
    assert exact / len(tuning) >= MIN_EXACT, wrong
