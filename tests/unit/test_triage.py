"""Every row of the triage policy and its boundaries, table-driven."""

import pytest

from twitchcare.triage import (
    DOCTOR,
    EMERGENCY,
    NO,
    POLICY,
    SELF_CARE,
    UNKNOWN,
    UNKNOWN_DURATION,
    URGENT,
    YES,
    Facts,
    advice_entries,
    assess,
    summary,
)

BASE = dict(
    emergency_screen=NO,
    body_parts=("eyelid",),
    duration_days=3.0,
    frequency="occasional",
    weakness=NO,
    numbness=NO,
    pain=NO,
    spreading=NO,
    wasting=NO,
    fluid_loss=NO,
    eye_signs=NO,
    triggers=("caffeine",),
    age_group="adult",
)


def facts(**changes):
    return Facts(**{**BASE, **changes})


CASES = [
    # emergency
    ("sign in words", dict(emergency_signs=("trouble breathing",)), EMERGENCY),
    ("screen says yes", dict(emergency_screen=YES), EMERGENCY),
    ("sign beats everything", dict(emergency_signs=("a seizure or fit",), fluid_loss=YES, duration_days=90), EMERGENCY),
    # urgent
    ("weakness worse day by day", dict(worsening_weakness=YES), URGENT),
    ("weakness and spreading is a doctor visit", dict(weakness=YES, spreading=YES), DOCTOR),
    ("vomiting or diarrhoea", dict(fluid_loss=YES), URGENT),
    ("unsure about emergency signs", dict(emergency_screen=UNKNOWN), URGENT),
    # doctor
    ("15 days", dict(duration_days=15), DOCTOR),
    ("two places", dict(body_parts=("calf", "thigh")), DOCTOR),
    ("both sides", dict(body_parts=("calf", "both_sides")), DOCTOR),
    ("whole body", dict(body_parts=("whole_body",)), DOCTOR),
    ("spreading", dict(spreading=YES), DOCTOR),
    ("weakness", dict(weakness=YES), DOCTOR),
    ("numbness", dict(numbness=YES), DOCTOR),
    ("pain", dict(pain=YES), DOCTOR),
    ("wasting", dict(wasting=YES), DOCTOR),
    ("medicine", dict(triggers=("medicine",)), DOCTOR),
    ("child for a week", dict(age_group="child", duration_days=7), DOCTOR),
    ("child unsure how long", dict(age_group="child", duration_days=UNKNOWN_DURATION), DOCTOR),
    ("unsure if a child, for a week", dict(age_group=UNKNOWN, duration_days=7), DOCTOR),
    ("unsure if a child, for 6 days", dict(age_group=UNKNOWN, duration_days=6), SELF_CARE),
    ("eye signs", dict(eye_signs=YES), DOCTOR),
    ("tongue", dict(body_parts=("tongue",)), DOCTOR),
    ("unsure how long", dict(duration_days=UNKNOWN_DURATION), DOCTOR),
    ("unsure about weakness", dict(weakness=UNKNOWN), DOCTOR),
    ("unsure about wasting", dict(wasting=UNKNOWN), DOCTOR),
    ("unsure about vomiting", dict(fluid_loss=UNKNOWN), DOCTOR),
    ("unsure about the eye", dict(eye_signs=UNKNOWN), DOCTOR),
    # self-care and its boundaries
    ("plain eyelid", {}, SELF_CARE),
    ("exactly 14 days", dict(duration_days=14), SELF_CARE),
    ("13.9 days", dict(duration_days=13.9), SELF_CARE),
    ("child for 6 days", dict(age_group="child", duration_days=6), SELF_CARE),
    ("one place plus unknown marker", dict(body_parts=("calf", "unknown")), SELF_CARE),
    ("no triggers", dict(triggers=()), SELF_CARE),
    ("stress and poor sleep", dict(triggers=("stress", "poor_sleep")), SELF_CARE),
]


@pytest.mark.parametrize("name,changes,level", CASES, ids=[c[0] for c in CASES])
def test_policy_level(name, changes, level):
    assert assess(facts(**changes)).level == level


def test_every_policy_row_is_exercised():
    reasons = {r for _, changes, _ in CASES for r in assess(facts(**changes)).reasons}
    missing = [rule.reason for rule in POLICY if rule.reason not in reasons]
    assert missing == []


def test_reasons_name_every_matching_row_at_the_winning_level():
    result = assess(facts(weakness=YES, numbness=YES, duration_days=30))
    assert result.level == DOCTOR
    assert set(result.reasons) == {
        "you mentioned weakness or stiffness",
        "you mentioned numbness or tingling",
        "it has lasted more than 2 weeks",
    }


def test_less_urgent_findings_are_kept():
    result = assess(facts(fluid_loss=YES, pain=YES))
    assert result.level == URGENT and "you mentioned pain" in result.also_noted


@pytest.mark.parametrize(
    "triggers,places,expected",
    [
        (("caffeine",), ("calf",), ["prevent_caffeine_smoking"]),
        (("poor_sleep", "stress"), ("calf",), ["prevent_sleep", "prevent_stress"]),
        ((), ("eyelid",), ["loc_eyelid"]),
        ((), ("calf",), ["home_remedies"]),
    ],
)
def test_advice_matches_what_was_reported(triggers, places, expected):
    assert advice_entries(facts(triggers=triggers, body_parts=places)) == expected


def test_summary_for_the_doctor():
    s = summary(facts(body_parts=("calf", "both_sides"), duration_days=21, weakness=YES, triggers=("medicine",)))
    assert s["location"] == ["calf", "both sides"]
    assert s["onset"] == "3 weeks"
    assert s["other_symptoms"] == ["weakness or stiffness"]
    assert s["medicines"].startswith("a new or current medicine")
