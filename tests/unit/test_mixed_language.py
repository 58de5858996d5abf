"""Words people mix into English (romanised Hindi, Spanish) and answers written as item lists.

The vocabulary's `code_switched` section, the durations' mixed time words, the safety table's
MIXED_LANGUAGE_SIGNS and the list readers ("Weakness: none") are tested here, table-style.
"""

from datetime import date

import pytest

from twitchcare import intake, nlp
from twitchcare.durations import parse_days
from twitchcare.safety import MIXED_LANGUAGE_SIGNS, SIGN_LABELS, find_emergency_signs

MATCHER = nlp.default_matcher()
CORRECTOR = intake.reader_corrector()


def terms(text):
    return {(m.entity, m.value, m.negated) for m in MATCHER.find(text)}


def test_every_code_switched_value_is_one_of_the_english_values():
    english = nlp.load_vocabulary(section="vocabulary")
    for entity, values in nlp.load_vocabulary(section="code_switched").items():
        for value in values:
            assert value in english.get(entity, {}), f"{entity}:{value} has no English list"


def test_the_merged_vocabulary_holds_both_sections():
    merged = nlp.load_vocabulary()
    assert "palak" in merged["body_part"]["eyelid"] and "eyelid" in merged["body_part"]["eyelid"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("meri palak kal se phadak rahi hai", ("body_part", "eyelid", False)),
        ("mi pierna tiembla", ("body_part", "leg", False)),
        ("haathon mein jhunjhuni", ("symptom", "tingling", False)),
        ("bahut kamzori lag rahi hai", ("symptom", "weakness", False)),
        ("tengo mucho estrés", ("cause", "stress", False)),
        # Hindi puts "not" after what it denies
        ("dard nahi hai", ("symptom", "pain", True)),
        ("kamzori bilkul nahi", ("symptom", "weakness", True)),
    ],
)
def test_code_switched_words_are_read(text, expected):
    assert expected in terms(text)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Sleep: adequate, 7 hours", ("cause", "sleep", True)),
        ("Weakness: none", ("symptom", "weakness", True)),
        ("Pain: nil. Numbness: yes, in two toes", ("symptom", "numbness", False)),
        ("Negative on arms. It's the calves", ("body_part", "arm", True)),
    ],
)
def test_list_items_cleared_after_a_colon_or_said_negative(text, expected):
    assert expected in terms(text)


@pytest.mark.parametrize(
    "word,kept",
    [
        ("hota", "hota"),  # Hindi "is", no typo of "hoth" (lip)
        ("ghante", "ghante"),  # Hindi "hours", no typo of "ghutne" (knees)
        ("palak", "palak"),
        ("diarea", "diarrhea"),  # still corrected, though the Spanish "diarrea" is one edit away
    ],
)
def test_code_switched_words_are_neither_corrected_nor_targets(word, kept):
    assert CORRECTOR.correct_word(word) == kept


@pytest.mark.parametrize(
    "text,days",
    [
        ("4 din se", 4),
        ("do hafte ho gaye", 14),
        ("teen mahine", 90),
        ("ek saal se zyada", 365),
        ("kal se", 1),
        ("kal raat se", 1),
        ("aaj subah se", 0.5),
        ("pichle hafte se", 7),
        ("desde ayer", 1),
        ("hace cinco días", 5),
        ("dos semanas", 14),
        ("como 3 meses", 90),
        ("started this a.m.", 0.5),
        ("do you know", None),  # the English "do" is no number
        ("mes amis", None),
    ],
)
def test_mixed_language_time_words(text, days):
    assert parse_days(text, today=date(2026, 11, 21)) == days


def test_every_mixed_language_sign_is_a_sign_of_the_table_once():
    ids = [sid for sid, _ in MIXED_LANGUAGE_SIGNS]
    assert set(ids) <= set(SIGN_LABELS)
    assert len(ids) == len(set(ids)), "one entry per sign: a second one would be dropped silently"


@pytest.mark.parametrize(
    "text,sign",
    [
        ("mummy ko saans nahi aa rahi", "breathing"),
        ("saans lene mein bahut dikkat ho rahi hai", "breathing"),
        ("mi abuela no puede respirar bien", "breathing"),
        ("papa kuch nigal nahi pa rahe", "swallowing"),
        ("bhai theek se bol nahi pa raha", "speech"),
        ("mi esposo habla raro desde hace una hora", "speech"),
        ("uska chehra ek taraf tedha ho gaya", "one_sided"),
        ("seene mein dard ho raha hai", "chest_pain"),
        ("mi hermana se desmayó", "fainting"),
        ("dadi behosh ho gayi", "fainting"),
        ("beti ko daura pada", "seizure"),
        ("mi hijo se golpeó en la cabeza", "head_injury"),
        ("sir pe chot lagi aaj", "head_injury"),
        ("ab jeene ka mann nahi karta", "suicidal"),
        ("ya no quiero vivir", "suicidal"),
        ("usne saari goliyan kha li", "overdose_poisoning"),
        ("se me hinchan los labios, labios hinchados", "allergic_reaction"),
        # in the words of a translation app
        ("I have no more force to live", "suicidal"),
        ("I can not pass it down, the water", "swallowing"),
        ("the food is blocked in the neck", "swallowing"),
        ("a box fell and landed on his head", "head_injury"),
        ("her tongue is becoming fat after the nuts", "allergic_reaction"),
    ],
)
def test_mixed_language_and_translated_signs(text, sign):
    assert sign in [s.id for s in find_emergency_signs(text)]


@pytest.mark.parametrize(
    "text",
    [
        "saans lene mein koi dikkat nahi",
        "behosh nahi hua",
        "casi me desmayo del susto",
        "chehra bilkul theek hai",
        "dear sir, my eye twitches",
    ],
)
def test_mixed_language_denials_and_lookalikes_are_no_signs(text):
    assert find_emergency_signs(text) == []


@pytest.mark.parametrize(
    "text,own",
    [
        ("kal gym gaya tha, aaj calf mein twitching ho rahi hai. normal hai kya?", True),
        ("meri aankh 5 din se phadak rahi hai, kya karu?", True),
        ("mi pierna keeps twitching desde hace 3 dias, es normal?", True),
        ("twitching kyun hoti hai?", False),
    ],
)
def test_mixed_language_reports_tell_the_persons_own_story(text, own):
    assert intake.tells_own_story(text) is own


@pytest.mark.parametrize(
    "text,cleared",
    [
        ("1. Breathing: normal. 2. Speech: normal. 3. No drooping.", True),
        ("Status: breathing fine, swallowing fine, nothing else", True),
        ("breathing is a bit tight", False),
    ],
)
def test_an_item_by_item_all_clear(text, cleared):
    assert nlp.says_all_clear(text) is cleared


def places(text):
    return intake.extract(text, MATCHER.find(text), "inform", "body_parts", {}).get("body_parts")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Front of the thighs, about halfway between hip and knee", ["thigh", "both_sides"]),
        ("Hand, the part between thumb and index", ["hand"]),
        ("right calf. also the left one some evenings", ["calf", "both_sides"]),
    ],
)
def test_where_answers_with_locating_phrases(text, expected):
    assert places(text) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("Not day to day, but compared to a month ago it is weaker", "worsening_weakness", "yes"),  # the last one said
        ("worse last month, better than it was now", "worsening_weakness", "no"),
        ("I passed out once back in uni, nothing like that now", "emergency_screen", "no"),
        ("no, concussion like 6 yrs ago but long done", "emergency_screen", "no"),
        ("Not like that.", "emergency_screen", "no"),
    ],
)
def test_the_last_statement_and_past_signs(text, requested, expected):
    assert intake.extract(text, MATCHER.find(text), "inform", requested, {}).get(requested) == expected


def test_an_age_in_years_and_months_is_an_adult():
    text = "adult, 51 years and 2 months"
    assert intake.extract(text, MATCHER.find(text), "inform", "age_group", {}).get("age_group") == "adult"
