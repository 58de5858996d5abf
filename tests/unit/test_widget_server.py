"""The widget's server side: profile branding fields, config.json, the triage card, and the
card-only result the widget receives."""

import pytest

from channels.widget import without_card_text
from twitchcare import clinic, knowledge, render
from twitchcare.triage import DOCTOR, SELF_CARE, Facts, advice_entries, assess, summary
from twitchcare.widget_config import DEFAULT_TITLE, widget_config


def load(tmp_path, text="name: Test Clinic\n", env=None):
    path = tmp_path / "profile.yml"
    path.write_text(text)
    return clinic.load(path, env or {})


@pytest.mark.parametrize(
    "text,env,field,value",
    [
        ("privacy_url: https://clinic.example/privacy\n", {}, "privacy_url", "https://clinic.example/privacy"),
        ("", {"CLINIC_PRIVACY_URL": "/privacy"}, "privacy_url", "/privacy"),
        ("brand_color: '#2f5d50'\n", {}, "brand_color", "#2f5d50"),
        ("brand_color: '#2f5d50'\n", {"CLINIC_BRAND_COLOR": "#abc"}, "brand_color", "#abc"),
        ("", {"CLINIC_LOGO_URL": "https://clinic.example/logo.svg"}, "logo_url", "https://clinic.example/logo.svg"),
        ("", {}, "logo_url", ""),
    ],
)
def test_branding_fields_and_their_overrides(tmp_path, text, env, field, value):
    assert getattr(load(tmp_path, "name: Test Clinic\n" + text, env), field) == value


@pytest.mark.parametrize(
    "text",
    [
        "brand_color: blue\n",
        "brand_color: '#12345'\n",
        "privacy_url: 'javascript:alert(1)'\n",
        "logo_url: 'data:image/svg+xml,<svg/>'\n",
        "logo_url: '//evil.example/x.svg'\n",
    ],
)
def test_unsafe_branding_is_refused(tmp_path, text):
    with pytest.raises(ValueError):
        load(tmp_path, text)


@pytest.mark.parametrize("privacy_url,shown", [("", False), ("https://clinic.example/privacy", True)])
def test_greeting_links_the_privacy_policy(privacy_url, shown):
    text = render.greeting("Maplebrook", "112", 14, privacy_url)
    assert text.startswith("Hi, I'm Maplebrook's assistant") and "call 112 now" in text and "14 days" in text
    assert (f"Privacy policy: {privacy_url}" in text) is shown
    assert text.split("\n\n") == render.greeting_parts("Maplebrook", "112", 14, privacy_url)


def test_config_json_comes_from_the_profile():
    c = clinic.Clinic(
        name="Maplebrook", privacy_url="/privacy", brand_color="#2f5d50", logo_url="/logo.svg", retention_days=14
    )
    cfg = widget_config(c, "112")
    intro, emergency, privacy = render.greeting_parts("Maplebrook", "112", 14)
    assert cfg["clinicName"] == "Maplebrook" and cfg["title"] == DEFAULT_TITLE != "Twitch help"
    assert (cfg["intro"], cfg["emergency"], cfg["privacy"]) == (intro, emergency, privacy)
    assert (cfg["privacyUrl"], cfg["brandColor"], cfg["logoUrl"], cfg["emergencyNumber"]) == (
        "/privacy",
        "#2f5d50",
        "/logo.svg",
        "112",
    )
    assert cfg["levels"]["emergency"] == "Emergency: call 112 now." and set(cfg["levels"]) == set(
        render.LEVEL_HEADLINES
    )
    assert cfg["headings"] == render.TRIAGE_HEADINGS


def facts(**kw):
    base = dict(
        body_parts=("eyelid",),
        duration_days=3,
        frequency="occasional",
        emergency_screen="no",
        weakness="no",
        worsening_weakness="no",
        numbness="no",
        pain="no",
        spreading="no",
        wasting="no",
        fluid_loss="no",
        eye_signs="no",
        triggers=("caffeine",),
        age_group="adult",
    )
    base.update(kw)
    return Facts(**base)


@pytest.mark.parametrize("f,level", [(facts(), SELF_CARE), (facts(duration_days=21), DOCTOR)])
def test_triage_card_is_the_whole_result_verdict_first(f, level):
    kb = knowledge.default_kb()
    result, advice, s = assess(f), advice_entries(f), summary(f)
    assert result.level == level
    card = render.triage_card(kb, result.level, result.reasons, advice, "112", s)
    assert list(card) == ["headline", "why", "advice", "sources", "when", "note", "summary", "summary_text"]
    assert card["headline"] == render.level_headline(level, "112")
    assert card["why"] == list(result.reasons)
    assert [a["title"] for a in card["advice"]] == [kb.entries[i].title for i in advice]
    ids = [src["id"] for src in card["sources"]]
    assert ids and len(ids) == len(set(ids)) and set(ids) == {x for i in advice for x in kb.entries[i].sources}
    assert card["summary_text"] == render.summary_text(s)
    assert {"label": "How long", "value": "3 days" if level == SELF_CARE else "3 weeks"} in card["summary"]
    assert "day(s)" not in card["summary_text"]


@pytest.mark.parametrize(
    "message,kept",
    [
        ({"text": "result", "custom": {"triage": {"level": "doctor", "card": {"headline": "x"}}}}, {"custom"}),
        ({"text": "Call 112", "custom": {"triage": {"level": "emergency"}}}, {"text", "custom"}),
        ({"text": "an answer"}, {"text"}),
        ({"text": "an answer", "custom": {"topic": "x", "sources": []}}, {"text", "custom"}),
    ],
)
def test_widget_gets_a_carded_result_without_its_text(message, kept):
    assert set(without_card_text(message)) == kept
