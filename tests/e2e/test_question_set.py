"""The project's own question set, asked of the running server; the score is reported.

NLU is statistical, so the suite asserts a score (and that every answer cites its
sources) rather than perfection; the misses are printed and saved for content work.
"""

import json
import uuid

import yaml
from twitchcare.settings import PROJECT_ROOT as ROOT

QUESTIONS = yaml.safe_load((ROOT / "tests" / "data" / "question_set.yml").read_text())["questions"]
RESULTS = ROOT / "results" / "question_set.json"
MIN_ACCURACY = 0.95


def test_question_set_is_big_and_varied():
    assert len(QUESTIONS) >= 60
    assert len({q["topic"] for q in QUESTIONS}) >= 40


def test_question_set_is_answered_from_the_right_entries(bot):
    outcomes = []
    for case in QUESTIONS:
        replies = bot.send(case["text"], uuid.uuid4().hex)
        got = bot.custom(replies).get("topic")
        expected = {case["topic"], *case.get("also_ok", [])}
        outcomes.append(
            {
                "text": case["text"],
                "expected": sorted(expected),
                "got": got,
                "ok": got in expected,
                "cited": "Source" in bot.text(replies),
            }
        )
    right = sum(o["ok"] for o in outcomes)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"asked": len(outcomes), "right": right, "outcomes": outcomes}, indent=1))
    misses = "\n".join(f"  {o['text']!r}: got {o['got']}, expected {o['expected']}" for o in outcomes if not o["ok"])
    print(f"\nquestion set: {right}/{len(outcomes)} answered with the expected entry -> {RESULTS}\n{misses}")
    assert all(o["cited"] for o in outcomes if o["got"]), "every answer names its sources"
    assert right / len(outcomes) >= MIN_ACCURACY, misses
