"""Spelling tolerance of the rule-based readers (twitchcare/spelling.py)."""

import os
import subprocess
import sys

import pytest

from twitchcare import intake, spelling
from twitchcare.nlp import default_matcher
from twitchcare.triage import YES

CORRECTOR = intake.reader_corrector()


@pytest.mark.parametrize(
    "typed,meant",
    [
        ("wekness", "weakness"),
        ("weeker", "weaker"),
        ("numbnes", "numbness"),
        ("tinglin", "tingling"),
        ("munths", "months"),
        ("aduld", "adult"),
        ("chiled", "child"),
        ("medcine", "medicine"),
        ("antidepresants", "antidepressants"),
        ("diarea", "diarrhea"),
        ("calfz", "calf"),
        ("magneseum", "magnesium"),
    ],
)
def test_a_misspelt_reader_word_is_read_as_that_word(typed, meant):
    assert CORRECTOR.correct_word(typed) == meant


@pytest.mark.parametrize(
    "word",
    [
        "thy",  # an English word, however unlikely here
        "seeker",
        "ewes",  # the plural of an English word that is none of ours ("ewe"), not "eyes"
        "dont",  # contractions without the apostrophe
        "cant",
        "brekfast",  # "breakfast" is one edit away: never "breast", two edits away
        "free",  # short words are left alone
        "to",
        "xqzvvy",  # nothing near it
        "fortnite",
    ],
)
def test_english_words_short_words_and_far_words_are_left_alone(word):
    assert CORRECTOR.correct_word(word) == word


@pytest.mark.parametrize("word", ["a" * 21, "wekness" * 300, "x" * 5000])
def test_over_long_words_are_never_searched(word, monkeypatch):
    """Hostile input ("aaaa..." x 2,000) must cost nothing: the candidate search grows with the
    cube of a word's length, so it is never started for words over MAX_CHARS."""

    def refuse(*_):
        raise AssertionError("candidate search started for an over-long word")

    monkeypatch.setattr(spelling, "_deletes", refuse)
    monkeypatch.setattr(spelling, "_edits1", refuse)
    assert CORRECTOR.correct_word(word) == word
    assert CORRECTOR.correct(f"my {word} calf") == f"my {word} calf"


def test_a_target_needs_the_same_first_letter():
    corrector = spelling.Corrector(known=set(), targets={"area": -10.0, "diarrhea": -12.0})
    assert corrector.correct_word("diarea") == "diarrhea"  # "area" is as near but starts otherwise


def test_a_word_is_searched_once_and_the_memo_stays_bounded(monkeypatch):
    corrector = spelling.Corrector(known=set(), targets={"weakness": -10.0})
    assert corrector.correct_word("wekness") == "weakness"

    def refuse(*_):
        raise AssertionError("searched again for a word already corrected")

    monkeypatch.setattr(spelling, "_deletes", refuse)
    assert corrector.correct_word("wekness") == "weakness"
    monkeypatch.undo()
    monkeypatch.setattr(spelling, "MEMO_SIZE", 3)
    for word in ("wakness", "weaknes", "weakmess", "weekness", "wekness"):
        assert corrector.correct_word(word) == "weakness"
    assert len(corrector._memo) <= 3


@pytest.mark.parametrize(
    "a,b,d",
    [("calf", "calf", 0), ("calfs", "calf", 1), ("wekness", "weakness", 1), ("ab", "ba", 1), ("diarea", "diarrhea", 2)],
)
def test_distance(a, b, d):
    assert spelling.distance(a, b) == d


def test_the_term_matcher_finds_misspelt_terms_at_their_own_offsets():
    text = "in me calfs, wekness too"
    found = {(m.entity, m.value, text[m.start : m.end]) for m in default_matcher().find(text)}
    assert ("body_part", "calf", "calfs") in found and ("symptom", "weakness", "wekness") in found


def test_a_misspelt_answer_fills_the_slot():
    got = intake.extract(
        "some wekness in the leg", default_matcher().find("some wekness in the leg"), None, "symptoms", {}
    )
    assert got.get("weakness") == YES
    assert intake.extract("3 munths", [], None, "duration_days", {})["duration_days"] >= 60


@pytest.mark.parametrize(
    "answer,places",
    [
        ("fingers on my right hand", ["finger"]),  # one place named in several words
        ("the back of my neck", ["neck"]),  # "back of" says where on the neck
        ("my calf and thigh, right leg", ["calf", "thigh"]),
        ("in both calves", ["calf", intake.BOTH_SIDES]),
        ("my calves", ["calf", intake.BOTH_SIDES]),  # a paired part in the plural
        ("my left calf", ["calf"]),
        ("my back and my neck", ["back", "neck"]),
    ],
)
def test_places_named_in_several_words(answer, places):
    got = intake.extract(answer, default_matcher().find(answer), None, "body_parts", {})
    assert sorted(got["body_parts"]) == sorted(places)


def test_a_built_corrector_is_kept_and_rebuilt_when_its_file_is_bad(tmp_path):
    builds = []

    def make():
        builds.append(1)
        return spelling.Corrector({"the"}, {"weakness": -10.0})

    first = spelling.cached(tmp_path, "key", make)
    again = spelling.cached(tmp_path, "key", make)
    assert len(builds) == 1 and again.correct("wekness") == first.correct("wekness") == "weakness"
    spelling.cached(tmp_path, "another key", make)  # what it is built from changed: built again
    assert len(builds) == 2
    for kept in tmp_path.glob("corrector-*.pickle"):
        kept.write_bytes(b"not a pickle")
    assert spelling.cached(tmp_path, "key", make).correct("wekness") == "weakness" and len(builds) == 3


_KEYS = """
import hashlib
from twitchcare import emergency_detector, intake
for key in (intake.reader_corrector_key(), emergency_detector._places().pattern):
    print(hashlib.sha256(key.encode()).hexdigest())
"""


def test_the_cache_key_and_patterns_are_the_same_in_every_process():
    """A pattern built in set order differs between processes (string hashes are salted per
    process): each process missed the cache and rebuilt the corrector (12-20 s, a cold action
    server's first answer late). Two processes with different hash seeds must agree."""

    def keys(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _KEYS], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    first = keys("1")
    assert len(first.split()) == 2 and first == keys("2")


def test_an_unwritable_cache_only_costs_the_build(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the directory would be")
    corrector = spelling.cached(blocked, "key", lambda: spelling.Corrector(set(), {"months": -9.0}))
    assert corrector.correct("munths") == "months"


def test_the_readers_targets_stay_a_small_share_of_english():
    # A module pattern of the readers that matches any word (a clause splitter, `\w+`) would make
    # every frequent word a target, and "calfz" or "diarea" would be corrected into something else.
    corrector = intake.reader_corrector()
    assert 500 < len(corrector.targets) < 0.1 * len(corrector.known)
    assert corrector.correct("both calfz, diarea") == "both calf, diarrhea"


@pytest.mark.parametrize(
    "word, frequent_neighbour",
    [
        ("droops", "drops"),
        ("drooped", "dropped"),
        ("paining", "painting"),
        ("tingled", "tingle"),
        ("stiffened", "stiffed"),
    ],
)
def test_rare_inflections_of_reader_words_are_left_whole(word, frequent_neighbour):
    """A rarer inflection of a word the readers know, missing from the frequency table but in the
    lemma table, is no typo of a frequent neighbour: "the eyelid droops" is no "drops"."""
    assert intake.reader_corrector().correct_word(word) == word != frequent_neighbour


@pytest.mark.parametrize(
    "text", ["i couldn't keep water down", "it wasn't sudden", "they aren't weak", "i hadn't slept", "it wouldn't stop"]
)
def test_negative_contractions_are_left_whole(text):
    # "couldn't" read as "could" + "'t" would lose the denial ("hadn't" once became "hand't": a place)
    assert CORRECTOR.correct(text) == text
