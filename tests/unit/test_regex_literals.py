"""The emergency rules' screen (twitchcare/regex_literals.py) skips a pattern only where it cannot match.

The screen must never change a finding: a text without any of a pattern's required strings must
not match the pattern. Checked three ways: by hand on small patterns, on strings Hypothesis
generates to match every emergency pattern, and on the blind emergency corpora the detector is
trained on (a spread of the tuning files' emergencies).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis import strategies as st

from twitchcare import safety, yaml_files
from twitchcare.regex_literals import Screened, compact, possible, required
from twitchcare.settings import PROJECT_ROOT


@pytest.mark.parametrize(
    "pattern, needs",
    [
        (r"\bbreathing through a straw\b", {"breathing through a straw"}),  # nothing to share: itself
        (r"\bchok(e|es|ed|ing)\b", {"chok"}),  # spellings share one piece
        (r"\bwheez\w*\b.{0,30}\b(badly|bad)", {"wheez"}),  # the run before \w*; the longer requirement wins
        (r"\bsaa?ns\b", {"sans", "saans"}),  # an optional letter is both spellings
        (r"\b(fit|fits)\b", {"fit"}),  # "fits" contains "fit"
        (r"\b(seiz\w*|convuls\w*)", {"seiz", "convuls"}),  # either branch's own string
        (r"[0-9]+ tablets", {" tablets"}),  # a range ends the run; the literal after it is required
        (r"(?<!not )faint", {"faint"}),  # a lookbehind consumes nothing
        (r"catch(ing)? (my |his )?breath", {"atch"}),  # six spellings, one shared piece
        (r"\w+ing", {"ing"}),  # a class ends the run: what follows it is still required
    ],
)
def test_required_strings_of_small_patterns(pattern, needs):
    assert required(re.compile(pattern)) == needs


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?:well\W+)?\w+",  # optional parts require nothing
        r"(?i)faint",  # case-insensitive: a literal's case may differ
        r"(?i:faint)",
        r"x*",
    ],
)
def test_nothing_is_required_where_nothing_can_be_said(pattern):
    assert required(re.compile(pattern)) is None


def test_compact_keeps_a_piece_of_every_string():
    strings = frozenset({"shortness of breath", "breathless", "gasping", "not breathing", "suffocat"})
    pieces = compact(strings)
    assert len(pieces) < len(strings)
    assert all(any(p in s for p in pieces) for s in strings)


def test_a_screened_pattern_skips_only_texts_it_cannot_match():
    screened = Screened(re.compile(r"\bchok(e|es|ed|ing)\b(?! up)"))
    assert screened.search("he is choking on water")
    assert screened.search("i choked up a bit") is None  # the pattern's own answer, screened or not
    assert not screened.possible("twitching all day")
    assert list(screened.finditer("twitching all day")) == []
    assert possible(None, "anything")


EMERGENCY_PATTERNS = [(sid, p) for sid, _, patterns in safety._COMPILED for p in patterns]


@pytest.mark.parametrize("sid, screened", EMERGENCY_PATTERNS, ids=lambda x: x if isinstance(x, str) else "")
def test_every_text_an_emergency_pattern_matches_passes_its_screen(sid, screened):
    @settings(max_examples=4, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.from_regex(screened.pattern, fullmatch=False))
    def check(text):
        if screened.pattern.search(text):
            assert screened.possible(text), (screened.pattern.pattern, text)
            assert possible(safety._SIGN_NEEDS[sid], text), (sid, text)

    try:
        check()
    except Unsatisfiable:  # lookaheads Hypothesis cannot write for; the corpora test below reads them
        pytest.skip("Hypothesis cannot write a text this pattern matches")


def test_the_screen_changes_no_finding_on_the_tuning_corpora():
    files = sorted((PROJECT_ROOT / "tests" / "data").glob("emergency_*tuning*.yml"))
    every = sorted(
        {safety.normalise(m["text"]) for f in files for m in yaml_files.read(f)["messages"] if m["emergency"]}
    )
    texts = every[:: len(every) // 1000]  # a fixed spread of 1,000: every pattern run on each takes about 2 ms
    assert len(texts) >= 1000
    unsound = [
        (sid, screened.pattern.pattern, t)
        for t in texts
        for sid, screened in EMERGENCY_PATTERNS
        if not (screened.possible(t) and possible(safety._SIGN_NEEDS[sid], t)) and screened.pattern.search(t)
    ]
    assert unsound == []
