"""Triage vignettes, run end-to-end over REST; reports exact-level accuracy and under-triage."""
import json
import uuid
from pathlib import Path

import pytest
import yaml

from twitchcare.triage import LEVELS

ROOT = Path(__file__).resolve().parents[2]
# vignettes.yml was written alongside the intake; vignettes_blind.yml by someone who never saw
# the code or its data, to measure how the triage generalises to new wording.
VIGNETTES = [dict(v, suite=path.stem) for path in sorted((ROOT / "tests" / "data").glob("vignettes*.yml"))
             for v in yaml.safe_load(path.read_text())["vignettes"]]
RESULTS = ROOT / "results" / "vignettes.json"
MAX_TURNS = 20
MIN_EXACT = 0.97
# Plain answers for questions a vignette does not script.
DEFAULT_ANSWERS = {
    "emergency_screen": "none of these", "frequency": "now and then", "weakness": "no",
    "worsening_weakness": "no", "numbness": "no", "pain": "no", "spreading": "no", "wasting": "no",
    "fluid_loss": "no", "eye_signs": "no", "triggers": "none of those", "age_group": "adult",
}
OUTCOMES: list = []


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    if not OUTCOMES:
        return
    exact = sum(o["got"] == o["expected"] for o in OUTCOMES)
    under = [o for o in OUTCOMES if o["got"] is not None and LEVELS.index(o["got"]) > LEVELS.index(o["expected"])]
    over = [o for o in OUTCOMES if o["got"] is not None and LEVELS.index(o["got"]) < LEVELS.index(o["expected"])]
    emergencies = [o for o in OUTCOMES if o["expected"] == "emergency"]
    missed = [o for o in emergencies if o["got"] != "emergency"]
    per_suite = {suite: f"{sum(o['got'] == o['expected'] for o in OUTCOMES if o['suite'] == suite)}/"
                        f"{sum(o['suite'] == suite for o in OUTCOMES)}" for suite in sorted({o["suite"] for o in OUTCOMES})}
    summary = {"vignettes": len(OUTCOMES), "exact": exact, "exact_rate": round(exact / len(OUTCOMES), 3),
               "per_suite": per_suite,
               "under_triage": len(under), "over_triage": len(over),
               "emergencies": len(emergencies), "emergencies_missed": len(missed), "outcomes": OUTCOMES}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=1))
    print(f"\nvignettes: {exact}/{len(OUTCOMES)} exact level ({summary['exact_rate']:.1%}), "
          f"under-triage {len(under)}, over-triage {len(over)}, "
          f"emergencies missed {len(missed)}/{len(emergencies)}, per suite {per_suite} -> {RESULTS}")


def test_suite_covers_every_level():
    counts = {level: sum(v["level"] == level for v in VIGNETTES) for level in LEVELS}
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
    got, asked = None, []
    try:
        got, asked = run_vignette(bot, vignette)
    finally:
        OUTCOMES.append({"id": vignette["id"], "suite": vignette["suite"], "expected": vignette["level"],
                         "got": got, "asked": asked})
    # Never under-triaged (an emergency always caught); a level more cautious than the policy's
    # counts against the exact-level rate below.
    assert LEVELS.index(got) <= LEVELS.index(vignette["level"]), f"under-triaged as {got}, asked {asked}"
    repeated = set(vignette.get("not_asked", [])) & set(asked)
    assert not repeated, f"asked again for what the opening said: {sorted(repeated)}"


def test_vignettes_get_the_exact_level_at_least_97_percent():
    # Runs after the vignettes above (pytest keeps file order).
    assert len(OUTCOMES) == len(VIGNETTES)
    exact = sum(o["got"] == o["expected"] for o in OUTCOMES)
    wrong = [(o["id"], o["expected"], o["got"]) for o in OUTCOMES if o["got"] != o["expected"]]
    assert exact / len(OUTCOMES) >= MIN_EXACT, wrong
