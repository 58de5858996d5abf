"""The project's own question set, asked of the running server; the score is reported."""
import json
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = yaml.safe_load((ROOT / "tests" / "data" / "question_set.yml").read_text())["questions"]
RESULTS = ROOT / "results" / "question_set.json"
OUTCOMES: list = []


@pytest.fixture(scope="module", autouse=True)
def report_score():
    yield
    right = sum(o["ok"] for o in OUTCOMES)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"asked": len(OUTCOMES), "right": right, "outcomes": OUTCOMES}, indent=1))
    print(f"\nquestion set: {right}/{len(OUTCOMES)} answered with the expected entry -> {RESULTS}")


def test_question_set_is_big_and_varied():
    assert len(QUESTIONS) >= 60
    assert len({q["topic"] for q in QUESTIONS}) >= 40


@pytest.mark.parametrize("case", QUESTIONS, ids=[q["text"][:50] for q in QUESTIONS])
def test_question_is_answered_from_the_right_entry(bot, case):
    replies = bot.send(case["text"])
    got = bot.custom(replies).get("topic")
    expected = {case["topic"], *case.get("also_ok", [])}
    OUTCOMES.append({"text": case["text"], "expected": sorted(expected), "got": got, "ok": got in expected})
    assert got in expected, f"{case['text']!r}: got {got}, expected one of {sorted(expected)}"
    assert "Source" in bot.text(replies)
