"""Triage vignettes over REST against the real servers: the team's suite (tests/data/vignettes.yml,
every level) plays whole conversations through the HTTP channel, the tracker database and the
action server. Every vignette of every suite, held-out ones included, is scored in-process by
`make vignettes` (scripts/eval_vignettes.py), with the same conversation rules
(tests/support/vignettes.py)."""

import pytest

from tests.support import vignettes
from twitchcare.triage import LEVELS

SAMPLE = [v for v in vignettes.load() if v["suite"] == "vignettes"]
OUTCOMES: list = []


def test_the_sample_covers_every_level():
    assert {v["level"] for v in SAMPLE} == set(LEVELS)


@pytest.mark.parametrize("vignette", SAMPLE, ids=[v["id"] for v in SAMPLE])
def test_vignette_gets_its_level_over_rest(bot, vignette):
    result = vignettes.play(bot.send, vignette)
    OUTCOMES.append(result)
    assert not vignettes.faults(vignette, result)


def test_the_sample_gets_the_exact_level_at_least_97_percent():
    # Runs after the vignettes above (pytest keeps file order).
    assert len(OUTCOMES) == len(SAMPLE)
    figures = vignettes.figures(OUTCOMES)
    off = [(o["id"], o["expected"], o["got"]) for o in OUTCOMES if o["got"] != o["expected"]]
    assert figures["exact_rate"] >= vignettes.MIN_EXACT, off
