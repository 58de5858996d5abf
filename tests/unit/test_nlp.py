"""Lay words become canonical entities; denied terms are marked."""
import pytest

from twitchcare import nlp

MATCHER = nlp.default_matcher()


def found(text):
    return {(m.entity, m.value) for m in MATCHER.find(text) if not m.negated}


@pytest.mark.parametrize("text,expected", [
    ("my eye keeps jumping", ("body_part", "eyelid")),
    ("my eyelids are twitching", ("body_part", "eyelid")),
    ("twitching in my calves", ("body_part", "calf")),
    ("pins and needles in my hand", ("symptom", "tingling")),
    ("I drink a lot of coffee", ("cause", "caffeine")),
    ("could it be lou gehrig's disease", ("condition", "als")),
    ("what is an electromyography", ("test", "emg")),
    ("my toddler has twitches", ("age_group", "child")),
    ("twitching all over my body", ("body_part", "whole_body")),
])
def test_lay_words_map_to_canonical_values(text, expected):
    assert expected in found(text)


def test_denied_symptom_is_marked_negated():
    terms = {(m.value, m.negated) for m in MATCHER.find("no weakness but my arm feels numb")}
    assert ("weakness", True) in terms
    assert ("numbness", False) in terms


def test_doubt_is_not_denial():
    terms = {(m.value, m.negated) for m in MATCHER.find("not sure if there is weakness")}
    assert ("weakness", False) in terms


def test_offsets_point_at_the_words():
    text = "My CALF twitches"
    (m,) = [m for m in MATCHER.find(text) if m.entity == "body_part"]
    assert text[m.start:m.end].lower() == "calf"


def test_lemmas_drop_stop_words():
    assert nlp.lemmas("Why are my muscles twitching?") == ["muscle", "twitch"]


@pytest.mark.parametrize("text,value,negated", [
    ("new dad, no sleep, right eyelid twitching for 5 days", "eyelid", False),
    ("no weakness, numbness or pain", "numbness", True),
    ("no weakness, numbness or pain", "pain", True),
    ("no pain but my arm is numb", "numbness", False),
])
def test_denial_reaches_only_its_own_list(text, value, negated):
    terms = {m.value: m.negated for m in MATCHER.find(text)}
    assert terms[value] is negated


@pytest.mark.parametrize("text,value", [
    ("no weakness, numbness, pain or spreading", "spreading"),
    ("no numbness, pain, spreading or wasting", "wasting"),
])
def test_long_denied_lists(text, value):
    assert {m.value: m.negated for m in MATCHER.find(text)}[value] is True


def test_same_terms_when_tensorflow_is_hidden():
    """The action server hides TensorFlow (actions/server.py); the matcher must not change."""
    import json
    import subprocess
    import sys

    texts = ["my eye keeps jumping", "no weakness but my arm feels numb", "pins and needles after coffee",
             "twitching all over my body for 3 weeks", "my toddler's lip twitches"]
    code = ("import sys, json; sys.modules['tensorflow'] = None\n"
            "from twitchcare import nlp\n"
            "assert sys.modules['tensorflow'] is None\n"
            "m = nlp.default_matcher()\n"
            f"print(json.dumps([[[t.entity, t.value, t.negated] for t in m.find(x)] for x in {texts!r}]))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    hidden = json.loads(out.stdout.strip().splitlines()[-1])
    assert hidden == [[[t.entity, t.value, t.negated] for t in MATCHER.find(x)] for x in texts]
    assert any(hidden)
