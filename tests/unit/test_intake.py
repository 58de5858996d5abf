"""What one message answers, and which questions remain."""

import pytest

from datetime import date

from twitchcare import durations, intake
from twitchcare.nlp import default_matcher
from twitchcare.triage import UNKNOWN_DURATION

MATCHER = default_matcher()


def extract(text, intent="inform", requested=None, filled=None):
    return intake.extract(text, MATCHER.find(text), intent, requested, filled or {})


def read_keys(text, requested, keys, filled=None):
    """The slots `keys` as an answer to `requested` fills them (triggers sorted: their order is
    the order said)."""
    got = extract(text, "inform", requested, filled or {})
    if "triggers" in got:
        got["triggers"] = sorted(got["triggers"])
    return {k: got.get(k) for k in keys}


def test_opening_message_fills_place_duration_and_trigger():
    got = extract("my left eyelid has twitched for 3 days and I drink a lot of coffee", "inform")
    assert got == {"body_parts": ["eyelid"], "duration_days": 3.0, "triggers": ["caffeine"]}


NO_SYMPTOMS = {"weakness": "no", "numbness": "no", "pain": "no", "spreading": "no", "wasting": "no", "fluid_loss": "no"}


@pytest.mark.parametrize(
    "text,intent,requested,expected",
    [
        # unsure, whatever the classifier read
        ("not clear for me", "deny", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("yes my leg feels like jelly", "affirm", "weakness", {"weakness": "yes"}),
        # The one multi-select symptom question: what is named is yes, the rest no.
        ("no", "deny", "symptoms", {**NO_SYMPTOMS, "symptoms": ["none"]}),
        ("just some tingling", "inform", "symptoms", {**NO_SYMPTOMS, "numbness": "yes", "symptoms": ["numbness"]}),
        (
            "Weakness or stiffness, Pain",
            "inform",
            "symptoms",
            {**NO_SYMPTOMS, "weakness": "yes", "pain": "yes", "symptoms": ["weakness", "pain"]},
        ),
        ("not sure", "dont_know", "symptoms", {**{k: "unknown" for k in NO_SYMPTOMS}, "symptoms": ["unknown"]}),
        (
            "not sure about weakness but it hurts",
            "inform",
            "symptoms",
            {**NO_SYMPTOMS, "weakness": "unknown", "pain": "yes", "symptoms": ["pain"]},
        ),
        ("/affirm", "affirm", "symptoms", {}),  # "yes" to a list says nothing: asked again
        ("dunno", "dont_know", "duration_days", {"duration_days": UNKNOWN_DURATION}),
        ("none of these", "deny", "emergency_screen", {"emergency_screen": "no"}),
        ("none of those", "deny", "triggers", {"triggers": ["none"]}),
        ("been painting the house", "inform", "triggers", {"triggers": ["other"]}),
        ("my cat died last week", "inform", "triggers", {"triggers": ["stress"]}),
        ("several times a day", "inform", "frequency", {"frequency": "frequent"}),
        ("pins and needles in my fingers", "inform", None, {"numbness": "yes", "body_parts": ["finger"]}),
        (
            "no weakness, no numbness, but it aches",
            "inform",
            "symptoms",
            {**NO_SYMPTOMS, "pain": "yes", "symptoms": ["pain"]},
        ),
        (
            "the weakness is worse every day",
            "inform",
            None,
            {"weakness": "yes", "spreading": "yes", "worsening_weakness": "yes"},
        ),
        ("a bit worse each day", "inform", "worsening_weakness", {"worsening_weakness": "yes", "weakness": "yes"}),
        ("it is moving to my cheek", "inform", None, {"spreading": "yes", "body_parts": ["face"]}),
        (
            "yes, weaker than yesterday",
            "affirm",
            "worsening_weakness",
            {"worsening_weakness": "yes", "weakness": "yes"},
        ),
        ("throwing up since last night", "inform", None, {"fluid_loss": "yes", "duration_days": 1.0}),
        ("my son is 7", "inform", "age_group", {"age_group": "child"}),
        ("aye it is", "inform", "worsening_weakness", {"worsening_weakness": "yes"}),
        # A plain yes at the end, and a self-correction: what follows "actually" is the answer.
        ("hard to swallow a bit yes", "inform", "emergency_screen", {"emergency_screen": "yes"}),
        ("no wait actually yes, it is happening", "deny", "emergency_screen", {"emergency_screen": "yes"}),
        ("no, I actually feel fine", "deny", "worsening_weakness", {"worsening_weakness": "no"}),
        ("not that ive noticed", "inform", "worsening_weakness", {"worsening_weakness": "no"}),
        ("cant say really", "inform", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("stress and fags", "inform", "triggers", {"triggers": ["stress", "nicotine"]}),
        # A medicine named by its generic name is a medicine; a word that merely ends alike is not.
        ("she's on amlodipine and omeprazole", "inform", "triggers", {"triggers": ["medicine"]}),
        ("takes metformin, nothing new", "inform", "triggers", {"triggers": ["medicine"]}),
        ("my cholesterol is a bit high", "inform", "triggers", {"triggers": ["other"]}),
        ("me", "inform", "age_group", {"age_group": "adult"}),
        ("both calves", "inform", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        # A part said to be normal is not where the twitch is.
        ("left thigh, both legs look the same", "inform", "body_parts", {"body_parts": ["thigh"]}),
        ("my arms are fine but my calf twitches", "inform", "body_parts", {"body_parts": ["calf"]}),
        # Unsure between guesses: the longest, the cautious one.
        ("not sure, could be a wk could be a month", "inform", "duration_days", {"duration_days": 30.0}),
        ("left forearm, after cutting back the hedges", "inform", "body_parts", {"body_parts": ["arm"]}),
        ("knee op in 2019, both fine now; my calf twitches", "inform", "body_parts", {"body_parts": ["calf"]}),
        # "pulling faces" is an expression, not the face (the w105 tuning writer); "on my lap" is a seat
        ("my lower lip twitches, the class think I'm pulling faces", "inform", "body_parts", {"body_parts": ["lip"]}),
        ("my grandson sits on my lap and my eyelid twitches", "inform", "body_parts", {"body_parts": ["eyelid"]}),
    ],
)
def test_answers(text, intent, requested, expected):
    assert extract(text, intent, requested) == expected


@pytest.mark.parametrize(
    "text,own",
    [
        ("calf twitch after leg day, normal?", True),
        ("is calf twitching normal?", False),
        ("Will resistance exercises keep the twitching away for good?", False),
        ("how many days should a twitch last, for how many days do I wait?", False),
        ("my eyelids keep twitching", True),
        ("hamstring twitching after wod this morning, kinda like popcorn. normal??", True),
        ("I think I have benign fasciculation syndrome? calves and feet buzzing for months", True),
        ("eyelid twitch plus my eye is red and crusty in the mornings. conjunctivitis maybe?", True),
        ("can twitching make my arm weak?", False),
        ("I have fibromyalgia, so aches and twitches aren't new to me, but this is not my normal.", True),  # w62
        ("is twitching normal for me at my age?", False),
    ],
)
def test_a_question_tells_a_story_only_when_it_reports_a_twitch(text, own):
    assert intake.tells_own_story(text) is own


def test_an_energy_drink_is_not_a_red_eye():
    assert "eye_signs" not in extract("left eyelid twitching, living on red bull")
    assert extract("left eyelid twitching and the eye is red")["eye_signs"] == "yes"


def test_correction_replaces_place_and_duration():
    got = extract(
        "actually it's my calf not my thigh, and it's been 3 weeks not 3 days",
        "inform",
        None,
        {"body_parts": ["thigh"], "duration_days": 3.0},
    )
    assert got["body_parts"] == ["calf"] and got["duration_days"] == 21


def test_eye_signs_only_read_for_the_eyelid():
    assert (
        extract("it droops and the eye is red", "inform", "symptoms", {"body_parts": ["eyelid"]})["eye_signs"] == "yes"
    )
    assert "eye_signs" not in extract("my calf is red", "inform", None, {"body_parts": ["calf"]})


@pytest.mark.parametrize(
    "text,said,not_said",
    [
        # West African English (the a99 tuning writer)
        ("the lid is heavy and it droops", {"eye_signs"}, {"weakness"}),
        ("the muscle of my thumb has reduced, not full like the other one", {"wasting"}, set()),
        ("my calf muscle don sink and the leg no get power again", {"wasting", "weakness"}, set()),
        ("the lid is coming down, I cannot open my eye fully", {"eye_signs"}, {"weakness"}),
        ("I cannot open jars any more", {"weakness"}, set()),
        ("my fingers have no sensation at all", {"numbness"}, set()),
        ("I have been stooling since Monday", {"fluid_loss"}, set()),
        # Eastern European English (the a100 tuning writer)
        ("pain in neck and the twitch is going now to shoulder also", {"pain", "spreading"}, set()),
        ("it went into my other leg", {"spreading"}, set()),
        ("the twitching comes to my arm sometimes", set(), {"spreading"}),
        # guards: a heavy training day is no weakness; power in another sense is no weakness
        ("heavy lifting day at work, nothing else", set(), {"weakness"}),
    ],
)
def test_symptoms_in_other_englishes(text, said, not_said):
    got = extract(text, "inform", "symptoms", {"body_parts": ["eyelid"] if "lid" in text else ["hand"]})
    named = {k for k, v in got.items() if v == "yes"}
    assert said <= named and not (not_said & named)


def test_a_question_mid_intake_fills_nothing():
    assert extract("what causes twitching?", "ask_question", "weakness") == {}


def test_a_statement_misread_as_question_still_fills():
    assert extract("I've been drinking loads of coffee", "ask_question", "triggers") == {"triggers": ["caffeine"]}


@pytest.mark.parametrize(
    "filled,expected_first,has_eye",
    [
        ({}, "emergency_screen", False),
        ({"body_parts": ["eyelid"]}, "emergency_screen", True),
        ({"emergency_screen": "yes"}, None, False),
    ],
)
def test_required_slots(filled, expected_first, has_eye):
    slots = intake.required_slots(filled)
    assert (slots[0] if slots else None) == expected_first
    # The eye option of the symptom question is offered only for the eyelid.
    assert any("Eyelid" in title for title, _ in intake.buttons("symptoms", filled)) is has_eye


@pytest.mark.parametrize(
    "text,expected",
    [
        ("hi, got a twitchy muscle, is that normal?", True),
        (
            "started sertraline 10 days ago and for the last 4 days my right calf keeps twitching, is it the tablets?",
            True,
        ),
        ("my eyelid has been twitching since monday, should I worry?", True),
        ("why does my eyelid twitch?", False),
        ("can coffee cause twitching?", False),
        ("lip twitch since this morning, can i still go to work?", True),
        ("got twitches in my thigh now and then, should i worry?", True),
        ("?fasciculations in the R calf for about 2 months, anything to do?", True),
        ("can eye twitching last for hours?", False),
        # a report in fragments: the place and the twitch, then more of the story
        ("Legs twitching and the stairs at work are getting harder. Is that normal", True),
        ("eyelid twitch. also bit dizzy?", True),
        ("eyelid twitching and my eye is red", True),
        ("eyelid twitching. what causes it?", False),
        ("eyelid twitch. any tips?", False),
        ("covid booster today. muscle near the jab is twitching, I expected that. maybe a cold coming?", True),
        ("what does it mean when your eye is twitching?", False),
        ("arm twitching and als?", False),
        ("Leg twitching and stress, is there a link?", False),
        ("twitching in my jaw/cheek area and sometimes chewing feels odd? probably nothing", True),
        ("twitching in my thigh. what causes it?", False),
        # a part that keeps moving by itself, told without a twitch word (the w104 tuning writer)
        ("My left eye lid keeps going. Since Sunday.", True),
        ("her bottom lip wont stop jumping", True),
        ("does an eyelid that keeps flickering mean anything?", False),
        # general questions about keeping twitches off or what usually causes them (the q103 tuning writer)
        ("is there a food plan that keeps twitches away? what should I buy", False),
        ("how many hours of sleep do you need to keep twitching away?", False),
        ("do stretches help keep twitching down? or yoga?", False),
        ("is that why the muscles keep twitching? too much potassium?", False),
        ("lip twitches.. caffeine? nerves? what's it usually from", False),
        ("my calf keeps twitching away all day, should I worry?", True),
        ("calf twitching. what's usually the cause? it started 3 days ago", True),
        # search-box questions (the q105 tuning writer)
        ("should you see a doctor if you keep twitching", False),
        # a rate of counted things says no one's story (the q107 tuning writer)
        ("does walking help muscle twitching? I do about 20k steps a night on patrol lol", False),
        # a topic, then "possible causes?" (the q110 tuning writer); a statement after it is a story
        ("Tongue twitching. Possible causes?", False),
        ("Eyelid twitching. Likely reasons?", False),
        ("Calf twitching. Possible it's the gym", True),
        # "a muscle" is anyone's (the q111 tuning writer); "my muscle" is the person's own
        ("is there a test that tells you why a muscle keeps twitching?", False),
        ("is there a test that shows why my muscle keeps twitching?", True),
        # an example is no time of one's own (the q115 tuning writer); a time is
        ("Why do back muscles twitch after activity, for instance after a day of carrying boxes?", False),
        ("my back muscles twitch for a day after carrying boxes", True),
        # a part of one's own moving, and what to do oneself (w118); a "why" stays a question
        ("Splitting logs and now the top of my arm jumps. Not painful. Should I leave off the logs?", True),
        ("Did a long hike yesterday and now my thigh twitches. the exercise or dehydration?", False),
    ],
)
def test_questions_that_tell_a_story(text, expected):
    assert intake.tells_own_story(text) is expected


def test_a_question_back_about_the_symptom_list_is_asked_again_not_taken_as_an_answer():
    got = extract("what does 'spreading' mean?", "inform", "symptoms", {"body_parts": ["calf"]})
    assert "symptoms" not in got
    step = intake.step("what does 'spreading' mean?", [], "inform", "symptoms", {"body_parts": ["calf"]}, None)
    assert step.ask == "symptoms" and step.reasked == "symptoms"


@pytest.mark.parametrize(
    "text,general",
    [
        ("tongue twitching causes", True),
        ("calf fasciculations benign or als", True),
        ("upper lip twitching whats up with that", True),
        ("eyelid wont stop fluttering why", True),
        ("my tongue twitches, why", False),  # the person's own twitch: the symptom check
        ("calfs twitching constantly ugh", False),  # a report, asks nothing
        ("his cheek twitches is that normal", False),
        ("left calf twitching for 3 days", False),
        ("calf twitch potassium foods", True),
        ("tongue twitch spinal muscular atrophy link", True),
        # search-box keywords (the q105 tuning writer)
        ("statin side effects twitching legs", True),
        ("injections for a twitching eyelid", True),
        ("chin twitch what does it mean", True),
        # (the q107 tuning writer)
        ("best way to stop hand twitches", True),
        ("good stretches to do in the security hut for twitchy legs", True),
        ("my legs twitch, good stretches for them", False),
    ],
)
def test_general_requests_for_information_are_told_from_reports(text, general):
    assert intake.asks_in_general(text) is general


@pytest.mark.parametrize(
    "text,expected",
    [
        # A past health event told as background gives no place and no time.
        (
            "I had a new knee in 2019, and now my calf has been twitching since last week",
            {"body_parts": ["calf"], "duration_days": 7.0},
        ),
        (
            "cancer twelve years ago, fine now. my eyelid twitches for 3 days",
            {"body_parts": ["eyelid"], "duration_days": 3.0},
        ),
        # also when the time is a guess ("not sure ... maybe a week": the longest guess of the twitch's)
        ("not sure, I had cancer twelve years ago, the twitch maybe a week", {"duration_days": 7.0}),
        # ... but a twitch that began years ago is the twitch's time.
        ("it started 2 years ago in my calf", {"body_parts": ["calf"], "duration_days": 730.0}),
        # A span of years or months is a time, not an age; an age said with its words stays one.
        ("twitching for 6 months in my arm", {"body_parts": ["arm"], "duration_days": 180.0}),
        ("my daughter, 10 months, has a twitchy eyelid", {"body_parts": ["eyelid"], "age_group": "child"}),
        ("29f eyelid twitch for 3 days", {"body_parts": ["eyelid"], "duration_days": 3.0, "age_group": "adult"}),
        # in a sentence of two times, the clause that speaks of the twitch tells its own
        (
            "started sertraline about 10 days ago and for the last 4 days my right calf keeps twitching",
            {"body_parts": ["calf"], "duration_days": 4.0, "triggers": ["medicine"]},
        ),
        ("my eyelid has been jumping for about a week and a half", {"body_parts": ["eyelid"], "duration_days": 10.5}),
    ],
)
def test_background_history_and_spans_of_years_are_not_the_twitch(text, expected):
    assert extract(text) == expected


@pytest.mark.parametrize(
    "filled,recorded",
    [
        ({"triggers": ["caffeine", "stress"]}, ["caffeine", "stress"]),  # said in the first message
        ({"triggers": ["caffeine", "none"]}, ["caffeine"]),
        ({}, intake.QUESTION_BY_SLOT["triggers"].fallback),
    ],
)
def test_a_triggers_answer_given_up_on_keeps_the_triggers_said_before(filled, recorded):
    assert intake.fallback("triggers", filled) == {"triggers": recorded}


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("the second one", "duration_days", {"duration_days": 3.0}),
        ("the fifth and sixth", "body_parts", {"body_parts": ["leg", "calf"]}),
        ("The second option.", "worsening_weakness", {"worsening_weakness": "no"}),
        ("the first three", "triggers", {"triggers": ["caffeine", "stress", "poor_sleep"]}),
        ("the last one", "age_group", {"age_group": "child"}),
    ],
)
def test_buttons_named_by_their_position_are_read_as_those_buttons(text, requested, expected):
    got = extract(text, "inform", requested, {})
    assert {k: got[k] for k in expected} == expected


@pytest.mark.parametrize("text", ["first it was my eyelid", "the second day it spread", "one"])
def test_a_position_inside_a_story_is_no_button(text):
    assert intake.buttons_by_position(text, "body_parts", {}) is None


@pytest.mark.parametrize(
    "text,requested,filled,expected",
    [
        ("adult, I have 32 years", "age_group", {}, {"age_group": "adult"}),  # an age, not a duration
        ("on my feet all day, not drinking enough water", "triggers", {}, {"triggers": ["dehydration"]}),
        ("finished my treatment years back, now my left calf twitches", None, {}, {"body_parts": ["calf"]}),
        ("Left calf only.", "body_parts", {"body_parts": ["back", "calf"]}, {"body_parts": ["calf"]}),
        ("boxes everywhere and a little twitch in my left thigh", None, {}, {"body_parts": ["thigh"]}),
        ("after 40 years in the same house my thigh twitches", None, {}, {"body_parts": ["thigh"]}),
        ("painting ceilings, arms over my head all day", "triggers", {}, {"triggers": ["other"]}),  # a posture
        ("lying on my back under cars all day", "triggers", {}, {"triggers": ["other"]}),
        ("a twitch in my back when lying down", None, {}, {"body_parts": ["back"]}),
        (
            "lambing, up all night, and my eyelid flickers",
            None,
            {},
            {"body_parts": ["eyelid"], "triggers": ["poor_sleep"]},
        ),
        ("calving season and my eyelid twitches", None, {}, {"body_parts": ["eyelid"]}),
        ("after a hot run my hamstring keeps twitching", None, {}, {"body_parts": ["thigh"]}),  # a part in -ing
        ("a twitch in my cheek just below my eye", None, {}, {"body_parts": ["face"]}),
        ("wrist twitches, not as bad as when I broke my ankle", None, {}, {"body_parts": ["hand"]}),
        ("sleep is bad, he is on his tablet late", "triggers", {}, {"triggers": ["poor_sleep"]}),  # a device
        (
            "since our daughter was born, she is 6 weeks old",
            "duration_days",
            {},
            {"duration_days": 42.0, "age_group": "child"},
        ),
        ("twitchy eye and we've had a colicky baby", None, {}, {"body_parts": ["eyelid"]}),
        ("old enough to have grandkids", "age_group", {}, {"age_group": "adult"}),
        ("she goes to nursery", "age_group", {}, {"age_group": "child"}),
    ],
)
def test_words_that_look_like_places_or_times_but_are_not_the_twitchs(text, requested, filled, expected):
    got = extract(text, "inform", requested, filled)
    assert {k: got.get(k) for k in ("body_parts", "duration_days", "triggers", "age_group") if k in got} == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("my leg feels week", "symptoms", {"weakness": "yes"}),
        ("bit of dire rear yesterday", "symptoms", {"fluid_loss": "yes"}),
        ("to weeks", "duration_days", {"duration_days": 14.0}),
        ("vay ping", "triggers", {"triggers": ["nicotine"]}),
    ],
)
def test_voice_to_text_slips_are_read_as_what_was_said(text, requested, expected):
    got = extract(text, "inform", requested, {})
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("a headache, but that's from the knock yesterday", "symptoms", "yes"),
        ("I hit my head on a beam this morning", "triggers", "yes"),
        ("I fainted once at a wedding years ago", "triggers", None),  # long past
        ("some pain in my calf", "symptoms", None),
    ],
)
def test_a_sign_told_in_an_answer_to_another_question_is_a_yes_to_the_safety_question(text, requested, expected):
    assert extract(text, "inform", requested, {}).get("emergency_screen") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("No. I fainted once at a wedding about ten years ago but nothing like that recently.", "no"),
        ("No, none of those now. I had one seizure when I was 15 but nothing since.", "no"),
        ("No, but he fainted an hour ago", "yes"),
        ("i fainted years ago and again this morning", "yes"),  # back now: still a yes
        ("I had a stroke in 2019 and my speech is slurred today", "yes"),
    ],
)
def test_a_sign_long_past_in_the_safety_answer_is_no_yes(text, expected):
    assert extract(text, "inform", "emergency_screen").get("emergency_screen") == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # a letter's closing is cut before reading ("Pat", "Nan" are no answer)
        ("She is twelve, my granddaughter. Kind regards, Pat.", "age_group", {"age_group": "child"}),
        ("Not that I am aware of. Yours sincerely, Margaret Hill.", "emergency_screen", {"emergency_screen": "no"}),
        # ages in words
        ("I am asking for my son. He is thirty.", "age_group", {"age_group": "adult"}),
        ("my grandson aged six, not me", "age_group", {"age_group": "child"}),
        ("Cheeky question! Seventy two, since you ask.", "age_group", {"age_group": "adult"}),
        ("a grown woman", "age_group", {"age_group": "adult"}),
        # plain no's and people said to be fine
        ("Goodness no, just the twitch", "emergency_screen", {"emergency_screen": "no"}),
        ("absolutely not", "emergency_screen", {"emergency_screen": "no"}),
        ("he is fine, nothing like that", "emergency_screen", {"emergency_screen": "no"}),
        ("breathing well, nothing on the list", "emergency_screen", {"emergency_screen": "no"}),
        ("nun of them", "emergency_screen", {"emergency_screen": "no"}),
        # the weakness not getting worse, or worse, said plainly
        ("not getting any worse thank goodness", "worsening_weakness", {"worsening_weakness": "no"}),
        ("I have not noticed a change", "worsening_weakness", {"worsening_weakness": "no"}),
        ("worse on Monday, better today", "worsening_weakness", {"worsening_weakness": "no"}),
        ("it has gone now", "worsening_weakness", {"worsening_weakness": "no"}),
        ("yesterday i could open the jar, today i cant", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("dont no", "worsening_weakness", {"worsening_weakness": "unknown"}),
        # spelt as said
        ("all ova my body, evry where", "body_parts", {"body_parts": ["whole_body"]}),
        ("my tung", "body_parts", {"body_parts": ["tongue"]}),
        ("arms, legs, back, everywhere really", "body_parts", {"body_parts": ["whole_body"]}),
        ("about 36 ours", "duration_days", {"duration_days": 1.5}),
        ("a cuple of weeks", "duration_days", {"duration_days": 14.0}),
        ("throwin up since last night", "symptoms", {"fluid_loss": "yes"}),
        ("dyreea on and off", "symptoms", {"fluid_loss": "yes"}),
        ("had the runs all night", "symptoms", {"fluid_loss": "yes"}),
        # running is no upset stomach
        ("it hurts when he runs", "symptoms", {"pain": "yes", "fluid_loss": "no"}),
        ("her foot kind of slaps down when she runs", "symptoms", {"fluid_loss": "no"}),
        ("not sleepin much", "triggers", {"triggers": ["poor_sleep"]}),
        ("a glass of sherry most nights", "triggers", {"triggers": ["alcohol"]}),
        ("i like a drink at the weekend", "triggers", {"triggers": ["alcohol"]}),
        ("started aqua aerobics", "triggers", {"triggers": ["exercise"]}),
    ],
)
def test_answers_from_older_and_phonetic_writers(text, requested, expected):
    got = extract(text, "inform", requested, {})
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # gym words for places, and a place located by another ("cheek under my eye" is the cheek)
        ("traps and side of my neck", "body_parts", {"body_parts": ["shoulder", "neck"]}),
        ("VMO, just above the right knee", "body_parts", {"body_parts": ["thigh"]}),
        ("my lats", "body_parts", {"body_parts": ["back"]}),
        ("Little twitch in my cheek under my eye", "body_parts", {"body_parts": ["face"]}),
        ("calf, just above the ankle", "body_parts", {"body_parts": ["calf"]}),
        # "below the knee" on a leg says where on it (shin and calf are both below), unless at the back
        ("my leg below the knee", "body_parts", {"body_parts": ["leg"]}),
        ("back of my leg below the knee", "body_parts", {"body_parts": ["calf"]}),
        ("right leg, below the knee at the back", "body_parts", {"body_parts": ["calf"]}),
        ("below the knee", "body_parts", {"body_parts": ["calf"]}),
        # just under the ribs is the top of the belly, unless the chest is named too
        ("upper tummy, left, under the ribs", "body_parts", {"body_parts": ["stomach"]}),
        ("intercostals R side, like a flutter under my ribs", "body_parts", {"body_parts": ["chest"]}),
        ("Not unless you count my tongue", "body_parts", {"body_parts": ["tongue"]}),
        # a time that may go back further than said is not known
        (
            "I honestly couldn't tell you. I noticed it this week but it might have been going on before that.",
            "duration_days",
            {"duration_days": -1.0},
        ),
        # a sign said to be long-standing, or nothing but the twitch, is a no to the safety question
        (
            "I have MS and some old numbness in both feet. Nothing sudden or new.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "She's 91 and a bit confused but that's her normal, nothing new",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "Hard to say. Pins and needles in me left hand but that's normal for me, isn't it?",
            "emergency_screen",
            {"emergency_screen": "unknown"},
        ),
        (
            "Haven't had a knock on the head or anything dramatic. Just the twitch.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        ("slurring a bit since lunch. just the twitch otherwise", "emergency_screen", {"emergency_screen": "yes"}),
        ("nothing new except my speech is slurred since lunch", "emergency_screen", {"emergency_screen": "yes"}),
        # understatement and double negatives
        ("Afraid so.", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("It isn't not getting worse, if you follow me.", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("wouldn't say no to that, unfortunately", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("Can't pretend it isn't.", "worsening_weakness", {"worsening_weakness": "yes"}),
        (
            "It's hardly improving. Each day there's a bit more I can't do.",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("Bit by bit, yes, day after day.", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("Hardly. It's been no different for days.", "worsening_weakness", {"worsening_weakness": "no"}),
        ("I wouldn't say any of that applies to me.", "emergency_screen", {"emergency_screen": "no"}),
        ("Can't say I've had any of those.", "symptoms", {"symptoms": ["none"]}),
        ("Not nothing - a sort of dull ache", "symptoms", {"symptoms": ["pain"]}),
        ("It aches, and the leg's not as strong as it was.", "symptoms", {"symptoms": ["weakness", "pain"]}),
        ("Back and forth to the loo with an upset tummy", "symptoms", {"symptoms": ["fluid_loss"]}),
        ("A stiff drink most evenings", "triggers", {"triggers": ["alcohol"]}),
        ("Work's been rather trying, if that counts.", "triggers", {"triggers": ["stress"]}),
        (
            "Things at home haven't been easy and I've not been sleeping.",
            "triggers",
            {"triggers": ["poor_sleep", "stress"]},
        ),
        ("Aqua aerobics three times a week, and it's been hard going", "triggers", {"triggers": ["exercise"]}),
        # jokes and the question said back (thirty-second batch's tuning writers)
        ("Any of these? No to the lot.", "symptoms", {"symptoms": ["none"]}),
        ("Where is it? Left calf", "body_parts", {"body_parts": ["calf"]}),
        ("foot!! the arch bit. nobody warned me feet could twitch", "body_parts", {"body_parts": ["foot"]}),
        ("my feet can twitch at night", "body_parts", {"body_parts": ["foot", "both_sides"]}),
        ("the fleshy bit by my thumb has sort of sunk in", "symptoms", {"wasting": "yes"}),
        ("It's trending upwards, sadly", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("I haven't noticed either way, to be honest", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("Your guess is as good as mine", "triggers", {"triggers": ["unknown"]}),
        (
            "Thankfully not, I feel completely well apart from the eyelid.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        ("I haven't had anything like that, it came on gradually.", "emergency_screen", {"emergency_screen": "no"}),
        ("Not a single one of those, I feel great.", "emergency_screen", {"emergency_screen": "no"}),
        ("Thankfully not, apart from my speech slurring since lunch", "emergency_screen", {"emergency_screen": "yes"}),
        ("my calf and under my eye", "body_parts", {"body_parts": ["calf", "eyelid"]}),
        # a unit in the plural is a few of it
        ("months, maybe 3", "duration_days", {"duration_days": 60.0}),
        ("weeks now", "duration_days", {"duration_days": 14.0}),
        # the symptom question: "all but", "does X count?", a hedged "I think?"
        (
            "all of them except vomiting",
            "symptoms",
            {
                "weakness": "yes",
                "numbness": "yes",
                "pain": "yes",
                "spreading": "yes",
                "wasting": "yes",
                "fluid_loss": "no",
            },
        ),
        ("does tightness count?", "symptoms", {"weakness": "yes"}),
        ("a little weak I think?", "symptoms", {"weakness": "yes"}),
        ("some weakness? dont know", "symptoms", {"weakness": "unknown"}),
        ("sorta stiff? like my pins are made of wood in the mornings", "symptoms", {"weakness": "yes"}),
        ("None, just normal post race stiffness that's easing", "symptoms", {"weakness": "no"}),
        # answers in English with another first language's words and habits (French, Dutch,
        # Swedish, Greek, Mandarin)
        ("Ants in my fingers (fourmis), like when the hand sleeps", "symptoms", {"numbness": "yes"}),
        ("Stomach flu, I go to the toilet all the time", "symptoms", {"fluid_loss": "yes"}),
        # vomiting or diarrhoea told as over
        ("Had a stomach bug last week, all cleared up by Friday. Now my forearm twitches", None, {"fluid_loss": "no"}),
        ("Had diarrhoea last week, not cleared up yet", None, {"fluid_loss": "yes"}),
        (
            "Cramps that hurt in the night, and the twitching goes now to the other leg also",
            "symptoms",
            {"spreading": "yes"},
        ),
        ("nej nej, only the twitching", "emergency_screen", {"emergency_screen": "no"}),
        ("Ochi, everything ok. Only the eye is jumping", "emergency_screen", {"emergency_screen": "no"}),
        ("thank god no, I don't have these things", "emergency_screen", {"emergency_screen": "no"}),
        (
            "This morning he had convulsion, shaking whole body maybe 2 minutes",
            "emergency_screen",
            {"emergency_screen": "yes"},
        ),
        (
            "hmm not clear. sometimes breathing feel tight, is anxiety or not I cannot tell",
            "emergency_screen",
            {"emergency_screen": "unknown"},
        ),
        ("my husband thinks yes, I think no", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("not clear for me", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("My colleague", "age_group", {"age_group": "adult"}),
        ("dont know her age exactly, shes a neighbour, older lady", "age_group", {"age_group": "adult"}),
        # answers typed late at night, half asleep
        ("coffee no, smoke no, sleep fine. so none", "triggers", {"triggers": ["none"]}),
        (
            "pre workout, gym twice a day, cutting water before a show",
            "triggers",
            {"triggers": ["caffeine", "dehydration", "exercise"]},
        ),
        ("eyelid keeps shutting all the way on its own", "symptoms", {"eye_signs": "yes"}),
        ("what counts as weakness tbh, my arm is just tired", "symptoms", {"weakness": "unknown"}),
        ("kinda the same, maybe slightly worse, idk", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("It's no worse, maybe a touch better even", "worsening_weakness", {"worsening_weakness": "no"}),
        ("eyelids, left n right, they take turns", "body_parts", {"body_parts": ["eyelid", "both_sides"]}),
        ("thumbs lol. both", "body_parts", {"body_parts": ["thumb", "both_sides"]}),
        ("thighs, both of them, and my left foot", "body_parts", {"body_parts": ["thigh", "foot", "both_sides"]}),
        ("My baby doesn't let me sleep", "triggers", {"triggers": ["poor_sleep"]}),
        ("Frappé 3 per day, and cigarettes", "triggers", {"triggers": ["caffeine", "nicotine"]}),
        ("I started new pills for the tension last month", "triggers", {"triggers": ["medicine"]}),
        ("Sertraline, for depression, since one year", "triggers", {"triggers": ["medicine"]}),
        ("meds for my anxiety and work stress", "triggers", {"triggers": ["medicine", "stress"]}),
        # precise, pedantic answers (thirty-eighth batch's tuning writers)
        ("Lower lip, left-hand side", "body_parts", {"body_parts": ["lip"]}),
        ("left hand side of my neck", "body_parts", {"body_parts": ["neck"]}),
        (
            "Various, not simultaneously: left bicep, right forearm and the abdomen",
            "body_parts",
            {"body_parts": ["arm", "stomach", "both_sides"]},
        ),
        ("Three weeks. Well, 19 days to be exact.", "duration_days", {"duration_days": 19.0}),
        ("Perhaps some numbness, perhaps not.", "symptoms", {"numbness": "unknown"}),
        ("I'm not confident saying yes to any of them", "symptoms", {"symptoms": ["unknown"]}),
        (
            "Quantifiably, yes: twelve stairs on Tuesday, five today.",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("She was cycling on Monday and needs a stick today", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("If anything, slightly better than last week", "worsening_weakness", {"worsening_weakness": "no"}),
        ("Varies with effort. No real progression.", "worsening_weakness", {"worsening_weakness": "no"}),
        (
            "I can't call it either getting better or getting worse",
            "worsening_weakness",
            {"worsening_weakness": "unknown"},
        ),
        ("None. I sleep 8 h and don't smoke.", "triggers", {"triggers": ["none"]}),
        ("Minimal stress. Negligible alcohol. Sleep and stress both fine.", "triggers", {"triggers": ["none"]}),
        ("Unclear. Nothing has changed that I know of.", "triggers", {"triggers": ["unknown"]}),
        # a state denied before a fine word is there ("I don't sleep well"); said fine alone it is not
        ("I can't sleep well", "triggers", {"triggers": ["poor_sleep"]}),
        ("haven't been sleeping well", "triggers", {"triggers": ["poor_sleep"]}),
        ("I don't sleep well and my eyelid twitches", None, {"body_parts": ["eyelid"], "triggers": ["poor_sleep"]}),
        ("I dont sleep well, calf twitching", None, {"body_parts": ["calf"], "triggers": ["poor_sleep"]}),
        ("eyelid twitch, I sleep well", None, {"body_parts": ["eyelid"], "triggers": ["none"]}),
        ("not stressed, sleeping well, eyelid twitch", None, {"body_parts": ["eyelid"], "triggers": ["none"]}),
        # note-taking shorthand (the a78 tuning writer)
        ("weakness +ve, numbness -ve, pain -ve", "symptoms", {"symptoms": ["weakness"]}),
        ("tingly ✔ weak ✔ pain ✘", "symptoms", {"symptoms": ["weakness", "numbness"]}),
        ("-ve for all of the above", "emergency_screen", {"emergency_screen": "no"}),
        ("0/8 ✓", "emergency_screen", {"emergency_screen": "no"}),
        ("n/s tbh", "emergency_screen", {"emergency_screen": "unknown"}),
        ("v+d x3 days", "symptoms", {"symptoms": ["fluid_loss"]}),
        ("zip. 0.", "symptoms", {"symptoms": ["none"]}),
        ("1 spot → 4 spots in 2 wks", "symptoms", {"symptoms": ["spreading"]}),
        ("thumb muscle flatter + can't do buttons as well", "symptoms", {"symptoms": ["weakness", "wasting"]}),
        ("↑ daily", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("prob yes, 80% sure", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("0/10 change", "worsening_weakness", {"worsening_weakness": "no"}),
        ("0 caffeine 0 alcohol 0 smoking, sleep 8h", "triggers", {"triggers": ["none"]}),
        ("~1L water/day, 10k run Sun", "triggers", {"triggers": ["dehydration", "exercise"]}),
        ("b. 1988", "age_group", {"age_group": "adult"}),
        ("thumb L & thumb R", "body_parts", {"body_parts": ["thumb", "both_sides"]}),
        ("calf #1 R, calf #2 L", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        ("left calf right thigh", "body_parts", {"body_parts": ["calf", "thigh"]}),
        ("face - cheek under L eye, 1 spot", "body_parts", {"body_parts": ["face"]}),
        # agitated answers in capitals (the a81 tuning writer)
        ("twelve!!! he's only TWELVE", "age_group", {"age_group": "child"}),
        ("ALL OVER MY BACK!!!", "body_parts", {"body_parts": ["back"]}),
        (
            "every day i can do less!!! couldn't button my shirt today!!!",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("only after the gym, then back to normal 💪", "worsening_weakness", {"worsening_weakness": "no"}),
        ("wine every night 🍷🍷 and work is hell!!", "triggers", {"triggers": ["alcohol", "stress"]}),
        (
            "all of it apart from smoking and meds lol. work is hell",
            "triggers",
            {"triggers": ["alcohol", "caffeine", "dehydration", "exercise", "poor_sleep", "stress"]},
        ),
        ("lifted heavy yesterday!!! 🏋️", "triggers", {"triggers": ["exercise"]}),
        ("ARM WENT WEAK ALL OF A SUDDEN AND I CANT LIFT IT!!!", "emergency_screen", {"emergency_screen": "yes"}),
        # a plural part beside the same part named twitching is no second side (the w87 tuning writer)
        ("nail tech, under eye twitching since the weekend. i need my eyes. am i ok", None, {"body_parts": ["eyelid"]}),
        # filler words and hesitation (the a87 tuning writer), and "ages" with no figure (a85 and others)
        (
            "both of my arms, um, sort of the top bits near the shoulder",
            "body_parts",
            {"body_parts": ["arm", "both_sides"]},
        ),
        ("my neck on the left I think, like under the jaw kinda", "body_parts", {"body_parts": ["neck"]}),
        ("uh yesterday evening, sort of, after football I guess", "duration_days", {"duration_days": 1.0}),
        ("ages lol", "duration_days", {"duration_days": UNKNOWN_DURATION}),
        ("not sure, forever", "duration_days", {"duration_days": UNKNOWN_DURATION}),
        ("ages, like a year", "duration_days", {"duration_days": 365.0}),
        ("the muscle looks kind of hollow? sort of", "symptoms", {"symptoms": ["wasting"]}),
        ("some weakness? not sure", "symptoms", {"symptoms": ["unknown"]}),
        ("um, both? my daughter and me have it", "age_group", {"age_group": "unknown"}),
        ("both, no sorry, just me, I'm an adult", "age_group", {"age_group": "adult"}),
        ("my neighbour never told me her age, so no idea", "age_group", {"age_group": "unknown"}),
        ("just one mug of coffee a day, that's it", "triggers", {"triggers": ["none"]}),
        ("one energy drink a day", "triggers", {"triggers": ["caffeine"]}),
        ("Top lip. Does that count as the face?", "body_parts", {"body_parts": ["lip"]}),
        ("does the eyelid count as face?", "body_parts", {"body_parts": ["eyelid"]}),
        # regional expressions (the a88 tuning writer)
        ("the weakness is going up my arms right quick", "emergency_screen", {"emergency_screen": "yes"}),
        ("I'd say no but I'm not 100%, I'm that tired", "emergency_screen", {"emergency_screen": "unknown"}),
        ("cheek, just under me eye", "body_parts", {"body_parts": ["face"]}),
        ("the fleshy bit of my hand between the thumb and first finger", "body_parts", {"body_parts": ["hand"]}),
        ("dunno if it's weaker or I'm imagining it", "symptoms", {"symptoms": ["unknown"]}),
        ("our lad, he's just started secondary", "age_group", {"age_group": "child"}),
        ("she's in sixth form", "age_group", {"age_group": "unknown"}),
        ("my son, sixth form, 16", "age_group", {"age_group": "child"}),
        # questions about what the answer leads to, then the answer (the a91 tuning writer)
        ("the right hand mostly. would the arm get a different answer?", "body_parts", {"body_parts": ["hand"]}),
        ("is hand the scary answer? because it is my hand", "body_parts", {"body_parts": ["hand"]}),
        ("will you tell me off for the wine? yes, most nights", "triggers", {"triggers": ["alcohol"]}),
        ("nothing. does that make it more worrying?", "triggers", {"triggers": ["none"]}),
        ("do you want all of them just in case? really only sleep", "triggers", {"triggers": ["poor_sleep"]}),
        (
            "will you send an ambulance if I say my face dropped? no",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "does yes mean you call someone? anyway yes, I can't lift my arm",
            "emergency_screen",
            {"emergency_screen": "yes"},
        ),
        ("I don't think it's changing, is that good?", "worsening_weakness", {"worsening_weakness": "no"}),
        ("loratadine every morning for hay fever", "triggers", {"triggers": ["medicine"]}),
        ("no idea, teenager or maybe in his twenties", "age_group", {"age_group": "unknown"}),
        ("all over below the elbow", "body_parts", {"body_parts": ["arm"]}),
        # Australian, New Zealand and South African English and understatement (the a92 tuning writer)
        ("started yesterday arvo", "duration_days", {"duration_days": 1.0}),
        ("the past 3 or so months", "duration_days", {"duration_days": 90.0}),
        ("I wouldn't say it's much weaker than before", "worsening_weakness", {"worsening_weakness": "no"}),
        ("honestly it could be any of them", "triggers", {"triggers": ["unknown"]}),
        ("I really can't decide", "triggers", {"triggers": ["unknown"]}),
        ("I can't pick up the kettle now, it's worse daily", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("my niece, not sure how old exactly, she's in primary school", "age_group", {"age_group": "child"}),
        # answers with another fact added straight away (the a95 tuning writer)
        ("no idea of his exact age, but he's got grandchildren", "age_group", {"age_group": "adult"}),
        ("water tablets for my blood pressure", "triggers", {"triggers": ["medicine"]}),
        ("none, though I was on a long haul flight last week", "triggers", {"triggers": ["none"]}),
        ("gradually, week by week", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("weaker at the end of the day, that's all", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("upper back, pretty much everywhere across there", "body_parts", {"body_parts": ["back"]}),
        ("I'm 52 but it's my daughter, she's 11", "age_group", {"age_group": "child"}),
        # abbreviations, numbers and symbols (the a96 tuning writer)
        ("R hand + 3 fingers", "body_parts", {"body_parts": ["hand", "finger"]}),
        ("my left hand and a couple of fingers", "body_parts", {"body_parts": ["hand", "finger"]}),
        ("new bp med since oct", "triggers", {"triggers": ["medicine"]}),
        ("med school exams all month", "triggers", {"triggers": ["stress"]}),
        ("hard 2 say tbh", "age_group", {"age_group": "unknown"}),
        # West African English (the a99 tuning writer)
        ("the left lap, just above the knee", "body_parts", {"body_parts": ["thigh"]}),
        ("my two laps dey shake", "body_parts", {"body_parts": ["thigh"]}),
        ("my belle, near the navel", "body_parts", {"body_parts": ["stomach"]}),
        ("e dey increase every day", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("it remains how it was", "worsening_weakness", {"worsening_weakness": "no"}),
        ("I no know", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("how would I know if it's confusion?", "emergency_screen", {"emergency_screen": "unknown"}),
        ("my wife dey take blood pressure drugs", "triggers", {"triggers": ["medicine"]}),
        ("I just finished malaria treatment", "triggers", {"triggers": ["medicine"]}),
        ("I chew kola every morning", "triggers", {"triggers": ["caffeine"]}),
        ("snuff, small small", "triggers", {"triggers": ["nicotine"]}),
        ("akpeteshie on weekends", "triggers", {"triggers": ["alcohol"]}),
        ("work stress and I no dey sleep well", "triggers", {"triggers": ["poor_sleep", "stress"]}),
        ("na my oga at work", "age_group", {"age_group": "adult"}),
        ("my son, he's in JSS1", "age_group", {"age_group": "child"}),
        # Russian and Eastern European English (the a100 tuning writer)
        ("how I can know if it is confusion?", "emergency_screen", {"emergency_screen": "unknown"}),
        ("net", "worsening_weakness", {"worsening_weakness": "no"}),
        ("from 27th", "duration_days", {"duration_days": 6.0}),  # on the tests' Thursday 3 December
        ("week and half", "duration_days", {"duration_days": 10.5}),
        ("only twitching, otherwise I am fine", "symptoms", {"symptoms": ["none"]}),
        # comparisons and questions back (the a82 and a85 tuning writers)
        ("a friend's kid, could be 16 could be 19, I don't know", "age_group", {"age_group": "unknown"}),
        ("my boyfriend, he's younger than me and I'm 19", "age_group", {"age_group": "unknown"}),
        ("my sister, older than me and I'm 30", "age_group", {"age_group": "adult"}),
        ("since wednesday of last week, a day before my exams started", "duration_days", {"duration_days": 8.0}),
        (
            "my eye shuts right closed when it twitches, worse than my mum's ever did",
            "symptoms",
            {"symptoms": ["eye_signs"]},
        ),
        ("nah none, not like when i had the actual cramp problem", "symptoms", {"symptoms": ["none"]}),
        ("None apply, unlike my mate who's on 6 red bulls a day", "triggers", {"triggers": ["none"]}),
        ("off the steroids now, so unlike last time, nothing", "triggers", {"triggers": ["none"]}),
        ("does wine count? no, just coffee", "triggers", {"triggers": ["caffeine"]}),
        (
            "we're talking about my son right? then no, he's running around",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "Holding steady? No, I wouldn't say so. A bit worse each morning.",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("throat feels weird? no clue", "emergency_screen", {"emergency_screen": "unknown"}),
        (
            "maybe? my wife thinks its worse than last week, I don't",
            "worsening_weakness",
            {"worsening_weakness": "unknown"},
        ),
        ("Not to my knowledge.", "emergency_screen", {"emergency_screen": "no"}),
        ("Not as far as I know", "emergency_screen", {"emergency_screen": "no"}),
        ("She's confused, not herself at all", "emergency_screen", {"emergency_screen": "yes"}),
        (
            "I banged my head on the boot lid, but that was in June. Nothing since. So no.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        # a twitch that has come back: the earlier episode's date is not this one's
        ("eyelid twitch back 🙄", None, {"body_parts": ["eyelid"]}),
        (
            "The twitch in my calf is back. Had it after a half marathon 3 years ago and the GP said overuse.",
            None,
            {"body_parts": ["calf"], "duration_days": None},
        ),
        (
            "The jumping in my eye is back. Last year doctor say is tiredness. Now is 5 days",
            None,
            {"duration_days": 5.0},
        ),
        ("had it 2 years ago, back since Monday", "duration_days", {"duration_days": 3.0}),
        ("It started again on Tuesday evening", "duration_days", {"duration_days": 2.0}),
        ("Now is 6 days", None, {"age_group": None}),
        # answers that point back to the options or to what was said (thirty-ninth batch's tuning writers)
        ("that second option", "age_group", {"age_group": "child"}),
        ("Number seven. Right one only.", "body_parts", {"body_parts": ["foot"]}),
        ("the 1st one + the 2nd one. left side only", "body_parts", {"body_parts": ["eyelid", "face"]}),
        ("2 and 5", "symptoms", {"symptoms": ["numbness", "wasting"]}),
        ("the middle one", "emergency_screen", {"emergency_screen": "yes"}),
        ("the former", "age_group", {"age_group": "adult"}),
        ("Both calves, kind of near the knee", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        ("it varies, so I can't really say", "worsening_weakness", {"worsening_weakness": "unknown"}),
        (
            "everything on your list except smoking",
            "triggers",
            {
                "triggers": sorted(
                    ["caffeine", "stress", "poor_sleep", "exercise", "dehydration", "alcohol", "medicine"]
                )
            },
        ),
        ("I haven't been drinking much water", "triggers", {"triggers": ["dehydration"]}),
        ("see above", "triggers", {"triggers": ["unknown"]}),
        ("like I said", "body_parts", {"body_parts": ["unknown"]}),
        # answers clipped on a smartwatch (fortieth batch's tuning writer)
        ("numb lft arm? no. numb rt side sudden", "emergency_screen", {"emergency_screen": "yes"}),
        ("wife confused all of a sudden", "emergency_screen", {"emergency_screen": "yes"}),
        ("just the lip twitch, none", "emergency_screen", {"emergency_screen": "no"}),
        ("both claves", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        ("lt shouldr", "body_parts", {"body_parts": ["shoulder"]}),
        ("forearms L n R", "body_parts", {"body_parts": ["arm", "both_sides"]}),
        ("tdy", "duration_days", {"duration_days": 0.5}),
        ("3 dys", "duration_days", {"duration_days": 3.0}),
        ("this morn", "duration_days", {"duration_days": 0.5}),
        ("fortnite", "duration_days", {"duration_days": 14.0}),
        ("3ish wks", "duration_days", {"duration_days": 21.0}),
        ("coffee, lil water", "triggers", {"triggers": ["caffeine", "dehydration"]}),
        ("niece, 12ish", "age_group", {"age_group": "child"}),
        ("started on energy drinks", "triggers", {"triggers": ["caffeine"]}),
        ("the two mollets", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        ("both my tighs", "body_parts", {"body_parts": ["thigh", "both_sides"]}),
        ("Both hands, especially the little fingers", "body_parts", {"body_parts": ["hand", "finger", "both_sides"]}),
        ("I have it now already a week or 3", "duration_days", {"duration_days": 21.0}),
        ("Eergisteren... the day before yesterday", "duration_days", {"duration_days": 2.0}),
        ("stiff?", "symptoms", {"weakness": "unknown"}),
        ("twitching in more spots every week", "symptoms", {"spreading": "yes"}),
        # triggers and ages in sport words
        (
            "double sessions 6/7 days and not drinking enough water",
            "triggers",
            {"triggers": ["dehydration", "exercise"]},
        ),
        ("does melatonin count? taking it nightly", "triggers", {"triggers": ["medicine"]}),
        ("new job, little sleep, lots of coffee", "triggers", {"triggers": ["caffeine", "poor_sleep", "stress"]}),
        ("U16 footballer", "age_group", {"age_group": "child"}),
        ("Asking for my son, he turned 18 in March", "age_group", {"age_group": "adult"}),
        ("born 1990", "age_group", {"age_group": "adult"}),
        # a nurse's date of birth
        ("DOB 04/03/1990", "age_group", {"age_group": "adult"}),
        ("dob 12/05/2009", "age_group", {"age_group": "child"}),
        # clinical shorthand and abbreviations
        ("static", "worsening_weakness", {"worsening_weakness": "no"}),
        ("L gastroc", "body_parts", {"body_parts": ["calf"]}),
        ("abdo wall", "body_parts", {"body_parts": ["stomach"]}),
        ("ETOH ~20 units/wk", "triggers", {"triggers": ["alcohol"]}),
        ("pro-plus to get thru the shift", "triggers", {"triggers": ["caffeine"]}),
        ("all neg apart from being knackered", "emergency_screen", {"emergency_screen": "no"}),
        # a short first sentence gives the answer, the rest is the story
        (
            "every day yeah. couldnt do my shirt buttons this morning",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("not really no. it's the same as last week", "worsening_weakness", {"worsening_weakness": "no"}),
        ("Born 2015.", "age_group", {"age_group": "child"}),
        ("since the 3rd today is the 10th", "duration_days", {"duration_days": 7.0}),
        ("Since the 1st of this month. Today is the 22nd.", "duration_days", {"duration_days": 21.0}),
        ("I would say yes, incrementally.", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("I drink maybe half a litre of water a day which isn't enough", "triggers", {"triggers": ["dehydration"]}),
        ("cheek just under my eye", "body_parts", {"body_parts": ["face"]}),
        ("weakness yes but no pain", "symptoms", {"weakness": "yes", "pain": "no"}),
        # an option's own "no" answers for it alone
        ("numbness no, pain yes", "symptoms", {"numbness": "no", "pain": "yes"}),
        ("weakness yes, numbness no, pain a little", "symptoms", {"symptoms": ["weakness", "pain"]}),
        ("weakness no and no pain", "symptoms", {"weakness": "no", "pain": "no"}),
        ("It is just the twitching, thankfully. No pain, no numbness", "symptoms", {"pain": "no", "numbness": "no"}),
        ("my thumb muscle looks kind of flat", "symptoms", {"wasting": "yes"}),
        ("None. I don't drink coffee, I don't smoke", "triggers", {"triggers": ["none"]}),
        ("I lift 6 days a week", "triggers", {"triggers": ["exercise"]}),
        # "actually" inside a clause is emphasis, not a correction of the answer
        (
            "not sure. i didnt actually pass out but everything went grey",
            "emergency_screen",
            {"emergency_screen": "unknown"},
        ),
        ("no wait actually yes, i slurred", "emergency_screen", {"emergency_screen": "yes"}),
        # a sign told with doubt is the policy's "unsure about the emergency signs"; said plainly, a yes
        (
            "hmm maybe? my speech feels strange but maybe im just tired",
            "emergency_screen",
            {"emergency_screen": "unknown"},
        ),
        ("yes, not sure why but he fainted an hour ago", "emergency_screen", {"emergency_screen": "yes"}),
        ("he fainted an hour ago", "emergency_screen", {"emergency_screen": "yes"}),
        # answers written word for word from another language (a45), and clinical notes (a42)
        ("Sim", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("nie, nic takiego", "emergency_screen", {"emergency_screen": "no"}),
        ("khong", "symptoms", {"weakness": "no", "numbness": "no"}),
        ("is not more worse, only tired", "worsening_weakness", {"worsening_weakness": "no"}),
        ("I don't understand what mean day to the next", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("I not sleep good since the baby born", "triggers", {"triggers": ["poor_sleep"]}),
        ("chimarrão all the day", "triggers", {"triggers": ["caffeine"]}),
        ("my mate says it's stress", "triggers", {"triggers": ["stress"]}),
        ("the big finger of the hand", "body_parts", {"body_parts": ["thumb"]}),
        ("the potato of the leg", "body_parts", {"body_parts": ["calf"]}),
        ("tongue, and also little bit in the lips", "body_parts", {"body_parts": ["tongue", "lip"]}),
        ("sleeping feeling in the leg", "symptoms", {"numbness": "yes"}),
        ("my arm is more skinny, the muscle go away", "symptoms", {"wasting": "yes"}),
        ("the lid closing complete by itself", "symptoms", {"eye_signs": "yes"}),
        ("go to toilet many times, like water", "symptoms", {"fluid_loss": "yes"}),
        ("denies SOB, dysphagia, slurred speech. no LOC", "emergency_screen", {"emergency_screen": "no"}),
        ("NAD apart from the twitch", "symptoms", {"weakness": "no", "numbness": "no"}),
        # a medicine named by its family's ending, or a dose that went up (w52's carers)
        ("The risperidone going up", "triggers", {"triggers": ["medicine"]}),
        ("they upped her dose last month", "triggers", {"triggers": ["medicine"]}),
        ("reading a magazine", "triggers", {"triggers": ["other"]}),
        # spelt by sound, or misheard by voice typing (a47)
        ("in my stumick", "body_parts", {"body_parts": ["stomach"]}),
        ("thum on my rite hand", "body_parts", {"body_parts": ["thumb"]}),
        ("cough muscle", "body_parts", {"body_parts": ["calf"]}),
        ("num", "symptoms", {"numbness": "yes"}),
        ("I past out at work this mornin", "emergency_screen", {"emergency_screen": "yes"}),
        ("i fel down and hit my hed on sunday", "emergency_screen", {"emergency_screen": "yes"}),
        ("lots of caff een", "triggers", {"triggers": ["caffeine"]}),
        ("in some ear", "triggers", {"triggers": ["poor_sleep"]}),
        ("a fort night", "duration_days", {"duration_days": 14.0}),
        ("not shur", "emergency_screen", {"emergency_screen": "unknown"}),
        # a shift's length is not how long it has twitched; a part's strength is no place (w54)
        ("the arch of my foot keeps twitching. im on my feet 12 hour shifts", None, {"duration_days": None}),
        ("shoulder blade twitches. checking my arm strength all the time", None, {"body_parts": ["shoulder"]}),
        ("a dull", "age_group", {"age_group": "adult"}),
        ("a chilled", "age_group", {"age_group": "child"}),
        ("the eye shuts all the way by itself", "symptoms", {"eye_signs": "yes"}),
        ("it was bad at first but now its ok", "worsening_weakness", {"worsening_weakness": "no"}),
    ],
)
def test_answers_from_athletes_and_hesitant_writers(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # an option said to be the person's long-standing normal is not one they have with the twitch...
        ("only my usual arthritis aches, nothing new", "symptoms", {"pain": "no", "symptoms": ["none"]}),
        ("the numb toes I've had for years from diabetes, otherwise none", "symptoms", {"numbness": "no"}),
        (
            "tingling yes but that's my old stroke side, it's always like that. the new thing is pain",
            "symptoms",
            {"numbness": "no", "pain": "yes", "symptoms": ["pain"]},
        ),
        # ...unless it is said to have changed
        ("stiffer than usual in the mornings", "symptoms", {"weakness": "yes"}),
        ("my usual back pain but worse since the twitch started", "symptoms", {"pain": "yes"}),
        ("weak hands for years and now weaker", "symptoms", {"weakness": "yes"}),
        # the safety question: long-standing and the same, or the rest denied
        (
            "right leg weaker since my stroke years ago, same as ever. Otherwise no.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "always a bit weak in the hands with my RA but nothing sudden today, no",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "tripped on the step last month, didn't bang my head, none of the rest",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "my speech feels off, my son says I sound the same as always, so I can't tell",
            "emergency_screen",
            {"emergency_screen": "unknown"},
        ),
        # places: a bit of one part located by another, "both" between a locator and its part
        ("my shoulder, top of it near my neck", "body_parts", {"body_parts": ["shoulder"]}),
        ("cheek. left side, near my nose", "body_parts", {"body_parts": ["face"]}),
        ("back of both legs above the knee", "body_parts", {"body_parts": ["thigh", "both_sides"]}),
        ("the muscles between my fingers", "body_parts", {"body_parts": ["hand"]}),
        # triggers said as what happens in daily life
        ("I've cut down on fluids so I'm not up at night", "triggers", {"triggers": ["dehydration"]}),
        ("the pain keeps me awake", "triggers", {"triggers": ["poor_sleep"]}),
        ("hydrotherapy on Mondays", "triggers", {"triggers": ["exercise"]}),
        # who, but not how old
        ("it's for my neighbour, no idea of his age", "age_group", {"age_group": "unknown"}),
        ("my neighbour, he's 80", "age_group", {"age_group": "adult"}),
    ],
)
def test_answers_that_set_the_new_against_the_usual(text, requested, expected):
    got = extract(text, "inform", requested, {})
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # informal names for parts of the body
        ("my right peeper", "body_parts", {"body_parts": ["eyelid"]}),
        ("both guns", "body_parts", {"body_parts": ["arm", "both_sides"]}),
        ("my tum and my pins", "body_parts", {"body_parts": ["stomach", "leg"]}),
        ("left side of my mush, near my gob", "body_parts", {"body_parts": ["face"]}),
        # ..."pins and needles" is still the feeling, and a wobbly bit no weakness
        ("pins and needles in my foot", "symptoms", {"numbness": "yes"}),
        ("the wobbly bit of my arm looks smaller", "symptoms", {"weakness": "no", "wasting": "yes"}),
        ("a bit ouchy and that jelly feeling", "symptoms", {"pain": "yes", "weakness": "yes"}),
        ("eye's all puffy", "symptoms", {"eye_signs": "yes"}),
        ("no scooby", "symptoms", {"symptoms": ["unknown"]}),
        # a symptom rated zero is absent
        ("pain 0/10, numbness 3/10", "symptoms", {"pain": "no", "numbness": "yes"}),
        # "zero sleep" is poor sleep and denies nothing after it; "the lot:" is the list after the colon
        ("zero kip and loads of tea", "triggers", {"triggers": ["caffeine", "poor_sleep"]}),
        ("the lot really: coffee and stress", "triggers", {"triggers": ["caffeine", "stress"]}),
        ("feeling parched all the time", "triggers", {"triggers": ["dehydration"]}),
        ("my mind's going a mile a minute at night", "triggers", {"triggers": ["stress"]}),
        ("it's for the hubby", "age_group", {"age_group": "adult"}),
    ],
)
def test_answers_in_informal_words(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # a list item cleared after a colon, with the term matcher's words for it
        ("Weakness: fine. Pain: a little", "symptoms", {"weakness": "no", "pain": "yes"}),
        (
            "Numbness: not observed, wasting: nil, pain: yes",
            "symptoms",
            {"numbness": "no", "wasting": "no", "pain": "yes"},
        ),
        ("Sleep: fine. Coffee: 4 a day", "triggers", {"triggers": ["caffeine"]}),
    ],
)
def test_a_list_item_cleared_after_a_colon(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


def test_a_babys_age_in_ones_own_story_is_not_whose_twitch():
    got = extract("New mum here, baby is 7 weeks. My right lower eyelid has twitched for 11 days now.", "inform")
    assert got.get("age_group") != "child"


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("I'm 18, does that count? Just turned.", "age_group", {"age_group": "adult"}),
        ("18 next week, so still a child? I guess", "age_group", {"age_group": "child"}),
        ("a month maybe? or a bit more", "duration_days", {"duration_days": 30.0}),
    ],
)
def test_an_answer_before_a_question_and_a_comment(text, requested, expected):
    """Read as a question (the NLU's intent), the answer before the question mark still counts
    when what follows answers nothing."""
    got = extract(text, "ask_question", requested, {})
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "text,requested,intent,expected",
    [
        # options weighed, then one chosen (thirty-third batch's tuning writers)
        ("Knee or thigh... thigh really, just above the knee", "body_parts", "inform", {"body_parts": ["thigh"]}),
        ("Wrist or hand, it's where they join. I'll say hand.", "body_parts", "inform", {"body_parts": ["hand"]}),
        ("foot or ankle? go with foot", "body_parts", "inform", {"body_parts": ["foot"]}),
        ("neck or shoulder, I reckon neck", "body_parts", "inform", {"body_parts": ["neck"]}),
        (
            "Numbness or pain, hard to say which. It stings, so pain.",
            "symptoms",
            "inform",
            {"numbness": "no", "pain": "yes"},
        ),
        ("weakness yes, pain maybe... just weakness", "symptoms", "inform", {"weakness": "yes", "pain": "no"}),
        ("stress or coffee... it's the coffee, I'm not stressed", "triggers", "inform", {"triggers": ["caffeine"]}),
        ("sleep or stress. I'll pick sleep, newborn at home", "triggers", "inform", {"triggers": ["poor_sleep"]}),
        (
            "running — exercise or not drinking enough? both I reckon",
            "triggers",
            "inform",
            {"triggers": ["dehydration", "exercise"]},
        ),
        (
            "no or not sure... no. it's the same as last week",
            "worsening_weakness",
            "inform",
            {"worsening_weakness": "no"},
        ),
        (
            "yes or maybe — yes, the stairs are harder every day",
            "worsening_weakness",
            "inform",
            {"worsening_weakness": "yes"},
        ),
        ("only since lunch - does that count as today? then today", "duration_days", "inform", {"duration_days": 0.5}),
        (
            "I went dizzy in the queue. If dizzy counts as fainting then yes.",
            "emergency_screen",
            "inform",
            {"emergency_screen": "yes"},
        ),
        # a range is no choice: "16 or 17" and "2 or 3 weeks" are read whole
        ("he's 16 or 17? definitely not 18 yet", "age_group", "ask_question", {"age_group": "child"}),
        ("maybe 2 or 3 weeks? hard to say", "duration_days", "inform", {"duration_days": 21.0}),
        # a question mark after "maybe" keeps what was named ("maybe stress? not sure" is stress)
        ("maybe coffee? not sure", "triggers", "inform", {"triggers": ["caffeine"]}),
        # the safety question: a choice never lowers the answer while a sign is described
        (
            "My speech is slurred since lunch, does that count? I'd say no",
            "emergency_screen",
            "inform",
            {"emergency_screen": "yes"},
        ),
        # what was said before a question back about the options, then a yes
        ("my inhaler, would that be a medicine? yes", "triggers", "ask_question", {"triggers": ["medicine"]}),
        (
            "the contraceptive pill, is that what you mean by medicine? been on it years",
            "triggers",
            "ask_question",
            {"triggers": ["medicine"]},
        ),
        (
            "My eyelid droops by the evening, is that what you mean? then yes",
            "symptoms",
            "inform",
            {"eye_signs": "yes"},
        ),
        (
            "a new medicine last week, could that be it? and stress",
            "triggers",
            "ask_question",
            {"triggers": ["medicine", "stress"]},
        ),
        # an option's own "no", in any of the words the term matcher takes for it (nlp.OPTION_VERDICT_NO)
        ("weakness none, pain yes", "symptoms", "inform", {"weakness": "no", "pain": "yes"}),
        ("numbness nil, pain a little", "symptoms", "inform", {"numbness": "no", "pain": "yes"}),
        ("weakness negative, numbness yes", "symptoms", "inform", {"weakness": "no", "numbness": "yes"}),
        # "my grip feels totally normal" says weakness is not there
        ("None, my grip feels totally normal", "symptoms", "inform", {"weakness": "no"}),
    ],
)
def test_options_weighed_then_one_chosen(text, requested, intent, expected):
    got = extract(text, intent, requested, {})
    if "triggers" in got:
        got["triggers"] = sorted(got.get("triggers") or [])
    assert {k: got.get(k) for k in expected} == expected


def test_face_as_a_verb_is_no_place():
    assert extract("a jump under my eye, awkward when I face the customers")["body_parts"] == ["eyelid"]


@pytest.mark.parametrize(
    "text,today,days",
    [
        ("since March", date(2026, 9, 20), 203.0),
        ("since the middle of August", date(2026, 9, 20), 36.0),
        ("since september", date(2026, 9, 20), 19.0),
        ("since march", date(2026, 1, 10), 315.0),  # last year's March
        ("since may be three days", date(2026, 9, 20), 3.0),  # "may be" is no month
    ],
)
def test_a_month_named_as_the_start(text, today, days):
    assert durations.parse_days(text, today) == days


@pytest.mark.parametrize(
    "text,requested,filled,absent",
    [
        # a time told about a trigger is not the twitch's
        ("I've been vaping a lot more since I quit cigarettes last month.", "triggers", {}, "duration_days"),
        # a face "not drooping" said in passing is no droop
        (
            "No, my speech is fine and nothing's drooping, I've checked in the mirror.",
            "emergency_screen",
            {"body_parts": ["face"]},
            "emergency_screen=yes",
        ),
        # an old injury is background, not a place
        ("I dislocated that shoulder playing rugby over 20 years ago, fine for ages.", None, {}, "body_parts"),
        # "back at the gym" and "anything on my face" name no place
        ("I'm back at the gym lifting, and drinking loads of energy drinks.", "triggers", {}, "body_parts"),
        ("Twitch above my eye. My dad had a stroke so I'm jumpy about anything on my face.", None, {}, "face"),
    ],
)
def test_what_an_answer_says_about_something_else_is_not_taken(text, requested, filled, absent):
    got = extract(text, "inform", requested, filled)
    if absent == "emergency_screen=yes":
        assert got.get("emergency_screen") != "yes"
    elif absent == "face":
        assert "face" not in (got.get("body_parts") or [])
    else:
        assert absent not in got


def test_a_time_that_says_it_is_the_twitchs_is_taken_in_any_answer():
    text = "stress mostly, and it started 3 weeks ago actually"
    assert extract(text, "inform", "triggers")["duration_days"] == 21


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # voice dictation: homophones of places
        ("in my calf and my thy", "body_parts", {"body_parts": ["calf", "thigh"]}),
        ("under my left i and on my cheek", "body_parts", {"body_parts": ["eyelid", "face"]}),
        # "not me" denies nobody's legs: a comma before a new subject ends the denial
        (
            "it's my daughter not me, her legs twitch when she feeds",
            "body_parts",
            {"body_parts": ["leg", "both_sides"]},
        ),
        # a baby who has twitched since birth: the duration is the baby's age
        ("since he was born, he's 12 days old", "duration_days", {"duration_days": 12.0}),
        ("she's 3 months old and it's been there the whole time", "duration_days", {"duration_days": 90.0}),
        # "could be longer": the figure is a floor
        ("no idea really, maybe a fortnight, could be longer", "duration_days", {"duration_days": 15.7}),
        ("worse at night but not from day to day", "worsening_weakness", {"worsening_weakness": "no"}),
        ("slowly yes, since last week", "worsening_weakness", {"worsening_weakness": "yes"}),
        # parents' triggers: a baby waking, teething, a habit given up, brands of medicine
        ("the baby wakes every 3 hrs", "triggers", {"triggers": ["poor_sleep"]}),
        ("she's teething so nobody sleeps", "triggers", {"triggers": ["poor_sleep"]}),
        ("he had a bug and barely drank all day", "triggers", {"triggers": ["dehydration"]}),
        ("I gave up coffee when I got pregnant, so none", "triggers", {"triggers": ["none"]}),
        ("we smoke and drink at weekends", "triggers", {"triggers": ["alcohol", "nicotine"]}),
        ("gave her nurofen for a temperature", "triggers", {"triggers": ["medicine"]}),
        # "a pain" said of a person is a nuisance, not a symptom
        ("work stress, my manager's a pain", "triggers", {"triggers": ["stress"]}),
    ],
)
def test_answers_from_parents_and_dictation(text, requested, expected):
    got = extract(text, "inform", requested, {})
    if "triggers" in expected:
        got["triggers"] = sorted(got.get("triggers") or [])
    assert {k: got.get(k) for k in expected} == expected
    if text.endswith("a pain"):
        assert "pain" not in got


@pytest.mark.parametrize(
    "text,intent,expected",
    [
        # a plain no, then a question about it
        ("no. why, would that matter?", "ask_question", "no"),
        ("yes. is that bad?", "ask_question", "yes"),
        # a denial by "nothing like", and a sign dated years back ("not right now" is not now)
        ("no, I just feel off, nothing like slurred speech", "deny", "no"),
        ("nah. I fainted once in 2012 on holiday but not right now", "deny", "no"),
        # a hedged "kind of?" is unsure, the policy's urgent level; a sign said plainly is still a yes
        ("sort of? not sure", "dont_know", "unknown"),
        ("kinda? my arm feels a bit weaker but I was at the gym", "inform", "unknown"),
        ("a bit, my speech is slurred", "inform", "yes"),
        ("i passd out in the kitchen this morning", "inform", "yes"),
    ],
)
def test_answers_to_the_safety_question(text, intent, expected):
    step = intake.step(text, MATCHER.find(text), intent, "emergency_screen", {}, None)
    assert step is not None and step.updates.get("emergency_screen") == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # an answer told as a question is still the answer; a question proper is answered first
        ("does tea count?", "triggers", {"triggers": ["caffeine"]}),
        ("stressed lately i guess?", "triggers", {"triggers": ["stress"]}),
        ("my tongue?? is that bad", "body_parts", {"body_parts": ["tongue"]}),
        ("is it normal for my eyelid to twitch?", "body_parts", {}),
        # parents' sleep, a full night's sleep, and "dont" before a list
        ("the twins mean none of us are sleeping", "triggers", {"triggers": ["poor_sleep"]}),
        ("None. No coffee, I sleep 8 hours.", "triggers", {"triggers": ["none"]}),
        ("i dont drink or smoke, nothing", "triggers", {"triggers": ["none"]}),
        # a place between two others is one place
        ("upper back, between my shoulder blades", "body_parts", {"body_parts": ["back"]}),
        ("the web of my hand near the thumb", "body_parts", {"body_parts": ["hand"]}),
    ],
)
def test_answers_told_as_questions_and_places_between(text, requested, expected):
    step = intake.step(text, MATCHER.find(text), "ask_question" if "?" in text else "inform", requested, {}, None)
    got = step.updates if step else {}
    if "triggers" in got:
        got["triggers"] = sorted(got["triggers"])
    assert {k: got.get(k) for k in expected} == expected
    if not expected:
        assert step is None  # the question is answered before the intake goes on


@pytest.mark.parametrize(
    "text,other",
    [
        ("my cat keeps twitching her tail, why", True),
        ("our puppy jerks in his sleep", True),
        ("translate eyelid twitch into polish", True),
        ("A customer asked me to translate 'fasciculations noted'. What does that mean in plain English?", False),
        ("what is eyelid in urdu", True),
        ("my laptop fan keeps juddering, fix?", True),
        ("the mouse cursor twitches on its own", True),
        ("my hand twitches when i use the mouse", False),
        ("my arm twitches when I walk the dog", False),
        ("since my dog died my eye twitches from stress", False),
        ("horse riding and my thigh twitches after", False),
        ("motor neurone disease and twitching, how likely is it really", False),  # (the q107 tuning writer)
        ("the motor keeps twitching", True),
    ],
)
def test_a_pet_or_a_translation_is_not_a_persons_twitch(text, other):
    assert intake.not_about_a_person(text) is other


@pytest.mark.parametrize(
    "text,off_topic",
    [
        ("which alarm clock is best? not twitching, just curious", True),
        ("a good film for tonight? not medical, just bored", True),
        ("my lip is not twitching any more but my eye is", False),
        ("is a twitch ever not medical?", False),
    ],
)
def test_an_aside_that_says_it_is_not_about_twitching_is_out_of_scope(text, off_topic):
    assert intake.says_off_topic(text) is off_topic


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # a denial verb right before an option, after "but"
        ("nothing, felt grim but didnt vomit", "symptoms", {"fluid_loss": "no", "symptoms": ["none"]}),
        # weakness that is easing is not getting worse
        ("it's improving", "worsening_weakness", {"worsening_weakness": "no"}),
        ("last week was worse than now", "worsening_weakness", {"worsening_weakness": "no"}),
        ("only after long runs, otherwise fine", "worsening_weakness", {"worsening_weakness": "no"}),
        # a trigger said with its own negation denies nothing after it
        ("no sleep, beers, not enough water", "triggers", {"triggers": ["alcohol", "dehydration", "poor_sleep"]}),
        ("drank way too much on saturday", "triggers", {"triggers": ["alcohol"]}),
        ("old enough to vote", "age_group", {"age_group": "adult"}),
        ("started 3 weekends ago", "duration_days", {"duration_days": 21.0}),
        # a correction that asks back is unsure; a faint months ago with nothing now is a no
        ("no.. wait, does feeling lightheaded count?", "emergency_screen", {"emergency_screen": "unknown"}),
        ("passed out once two months ago but nothing since", "emergency_screen", {"emergency_screen": "no"}),
        # places: the brow is the face; "all over my face" is the face; what one can still do is no place
        ("my left eyebrow", "body_parts", {"body_parts": ["face"]}),
        ("kind of all over my face", "body_parts", {"body_parts": ["face"]}),
        ("a flicker below my right eye on my cheek", None, {"body_parts": ["face"]}),
        ("my calf twitches but I can still lift both legs fine", None, {"body_parts": ["calf"]}),
        # minimisers and phonetic spellings
        ("i dont thnik so", "emergency_screen", {"emergency_screen": "no"}),
        ("not that i no of", "emergency_screen", {"emergency_screen": "no"}),
        ("since this mornin", "duration_days", {"duration_days": 0.5}),
        ("roughly a weak", "duration_days", {"duration_days": 7.0}),
        ("i haven't noticed them getting weaker", "worsening_weakness", {"worsening_weakness": "no"}),
        (
            "probably nothing but it's harder to open jars every day",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        (
            "yesterday i climbed the stairs fine, today i had to stop halfway",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("drink quite a bit at weekends", "triggers", {"triggers": ["alcohol"]}),
        ("coffe mostly", "triggers", {"triggers": ["caffeine"]}),
        ("had a bug and couldn't keep water down", "triggers", {"triggers": ["dehydration"]}),
        ("bad sleep, she plays tablet games late", "triggers", {"triggers": ["poor_sleep"]}),
        ("his shoulder, started a few days back", None, {"body_parts": ["shoulder"]}),
    ],
)
def test_answers_from_worried_and_office_writers(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # letter writers and people with a long-term condition
        (
            "I've had hypothyroidism for about 12 years. For the past nine days my eyelid has had a twitch.",
            None,
            {"duration_days": 9.0},
        ),
        (
            "Honestly I can't remember when my calf twitching started. Could be 10 days, could be a month",
            None,
            {"duration_days": 30.0},
        ),
        ("Not sure, somewhere between 10 days and a month", "duration_days", {"duration_days": 30.0}),
        ("My thumb keeps twitching, doesnt hurt.", None, {"pain": "no"}),
        (
            "My thumb keeps twitching. Baby is 3 months old so sleep is basically nonexistent",
            None,
            {"age_group": None},
        ),
        ("my baby is 10 months old and her leg keeps twitching", None, {"age_group": "child"}),
        # w63: a story told around another event (thirtieth batch)
        (
            "Had covid last month, rough for a week. My left calf has been twitching for about 3 weeks now",
            None,
            {"duration_days": 21.0},
        ),
        (
            "Baby arrived 9 days ago. For the last 4 days my left thumb has been twitching when I'm holding her.",
            None,
            {"duration_days": 4.0, "age_group": None},
        ),
        ("been off with a chest cold, now my little finger keeps flicking", None, {"body_parts": ["finger"]}),
        ("Did legs on Tuesday, went hard, and my left quad has been twitching", None, {"body_parts": ["thigh"]}),
        (
            "left eyelid twitching for 5 days. At the end of the day my eyes feel tired",
            None,
            {"body_parts": ["eyelid"]},
        ),
        ("my eyes keep twitching", None, {"body_parts": ["eyelid", "both_sides"]}),
        ("calf. both of em", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        ("right calf, sometimes the left too", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        # a part named once with each side is on both sides, whatever else is named
        ("left foot, right foot and my left calf", "body_parts", {"body_parts": ["foot", "calf", "both_sides"]}),
        ("my left thigh and my right calf", "body_parts", {"body_parts": ["thigh", "calf"]}),
        ("rite hand and left hand", "body_parts", {"body_parts": ["hand", "both_sides"]}),
        ("it's my hole body", "body_parts", {"body_parts": ["whole_body"]}),
        (
            "all of them really",
            "symptoms",
            {"symptoms": ["weakness", "numbness", "pain", "spreading", "wasting", "fluid_loss"]},
        ),
        ("well basically no, nothing like that", "emergency_screen", {"emergency_screen": "no"}),
        ("it dosnt hurt at all", "symptoms", {"pain": "no"}),
        ("I'm a grumpy old woman", "age_group", {"age_group": "adult"}),
        ("it's for my wee nephew", "age_group", {"age_group": "child"}),
        ("new baby, so hardly any sleep", "triggers", {"triggers": ["poor_sleep"], "age_group": None}),
        ("was hanging over all weekend", "triggers", {"triggers": ["alcohol"]}),
        ("crossfit most mornings", "triggers", {"triggers": ["exercise"]}),
        ("it's gone from my shin up into my knee", "symptoms", {"spreading": "yes"}),
        # a part said to be normal, without a verb, is no place of the twitch
        ("no. talk ok. face normal", "emergency_screen", {"emergency_screen": "no", "body_parts": None}),
        ("my eye normal size but twitching", None, {"body_parts": ["eyelid"]}),
        ("Does this matter? I'm old enough to know better!", "age_group", {"age_group": "adult"}),
        ("had a fit as a baby but nothing now", "emergency_screen", {"emergency_screen": "no"}),
        ("rolled my own for 20 yrs", "triggers", {"triggers": ["nicotine"]}),
        ("I sleep like a log", "triggers", {"triggers": ["none"]}),
        ("week and a half", "duration_days", {"duration_days": 10.5}),
        ("A good many months. Perhaps eight.", "duration_days", {"duration_days": 60.0}),
        (
            "Dear Sir / Madam, I have no difficulty breathing, swallowing or speaking, and I have not fallen.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        ("I drink only decaffeinated tea and I sleep soundly", "triggers", {"triggers": ["none"]}),
        ("monster + smokes + 5hrs kip", "triggers", {"triggers": ["caffeine", "nicotine", "poor_sleep"]}),
        ("drank heavy at the weekend", "triggers", {"triggers": ["alcohol"]}),
        ("I've had loose bowels this week", "symptoms", {"fluid_loss": "yes"}),
        ("It was only in my eyelid, now it's in both eyes and my forehead", "symptoms", {"spreading": "yes"}),
        ("my left foot has gone numb and it is now creeping up to the ankle", "symptoms", {"spreading": "yes"}),
        ("feels a bit dead, like when you hit your funny bone", "symptoms", {"numbness": "yes"}),
        ("Hard to judge, I'm afraid.", "worsening_weakness", {"worsening_weakness": "unknown"}),
        (
            "None of these - no droop, no redness, just tired eyes in the evening",
            "symptoms",
            {"body_parts": ["eyelid"]},
        ),
        (
            "Against my son's advice I have been painting the ceiling, and there has been a twitching in my right arm",
            None,
            {"age_group": None},
        ),
        ("my son's calf keeps twitching", None, {"age_group": "child"}),
        ("his eyelid has been twitching since Sunday before last", None, {"duration_days": 11.0}),
        ("since the Sunday before last", "duration_days", {"duration_days": 11.0}),
        ("it started the week before last", "duration_days", {"duration_days": 14.0}),
        ("eyelid twitch for about 5 days... wait no, more like five weeks", None, {"duration_days": 35.0}),
    ],
)
def test_answers_from_letter_writers_and_rushed_parents(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        # spoken and regional openers before the answer
        ("Ah no, sure I'm grand, it's only the twitch", "emergency_screen", {"emergency_screen": "no"}),
        ("och no, nothing like that", "emergency_screen", {"emergency_screen": "no"}),
        (
            "I reckon it is, yes, I couldn't lift the kettle this morning",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        # a hedged answer that ends in a plain word of its own
        ("I don't think so. Maybe. No.", "worsening_weakness", {"worsening_weakness": "no"}),
        ("not sure really. yes.", "worsening_weakness", {"worsening_weakness": "yes"}),
        (
            "Yesterday I could carry the shopping, today I need help with it",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("Grown, and then some", "age_group", {"age_group": "adult"}),
        ("I'm old enough, don't you worry", "age_group", {"age_group": "adult"}),
        ("it's me sister's young lad, he's in secondary school", "age_group", {"age_group": "child"}),
        ("it's for me", "age_group", {"age_group": "adult"}),
        ("months and months now", "duration_days", {"duration_days": 120.0}),
        ("about half the year", "duration_days", {"duration_days": 182.5}),
        ("I can't think of owt", "triggers", {"triggers": ["none"]}),
        ("my nerves are shot with the move", "triggers", {"triggers": ["stress"]}),
        ("been hauling logs all week", "triggers", {"triggers": ["exercise"]}),
        ("on water pills for my heart", "triggers", {"triggers": ["medicine"]}),
        ("the lid shuts right over by itself", "symptoms", {"eye_signs": "yes"}),
        ("I can't keep the eye open when it goes", "symptoms", {"eye_signs": "yes"}),
        # "at the back" and "the back of it" say where on another part named
        ("my right foot, round the back near the heel", "body_parts", {"body_parts": ["foot"]}),
        ("the hand, just across the back of it", "body_parts", {"body_parts": ["hand"]}),
        ("at the back, low down", "body_parts", {"body_parts": ["back"]}),
        # a list with an adverb before the "and" names both parts
        ("the lower lip mostly, and the tongue sometimes", "body_parts", {"body_parts": ["lip", "tongue"]}),
    ],
)
def test_answers_from_rural_and_hedging_writers(text, requested, expected):
    filled = {"body_parts": ["eyelid"]} if requested == "symptoms" else {}
    assert read_keys(text, requested, expected, filled) == expected


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        # figures, symbols and arrows
        ("72h", "duration_days", {"duration_days": 3.0}),
        ("a week & a half", "duration_days", {"duration_days": 10.5}),
        ("since the week end", "duration_days", {"duration_days": 5.0}),  # on the tests' Thursday
        ("todays the first day", "duration_days", {"duration_days": 0.5}),
        ("3 wks, no wait more like 4", "duration_days", {"duration_days": 28.0}),
        ("L leg → foot → toes", "body_parts", {"body_parts": ["leg", "foot"]}),
        ("R arm, hand, thumb", "body_parts", {"body_parts": ["arm", "hand", "thumb"]}),
        ("cheek, R side, near nose", "body_parts", {"body_parts": ["face"]}),
        ("eyebrow area? just above the eye", "body_parts", {"body_parts": ["face"]}),
        ("maybe? hard 2 tell", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("better if anything", "worsening_weakness", {"worsening_weakness": "no"}),
        ("some days worse, some better, no pattern to it", "worsening_weakness", {"worsening_weakness": "no"}),
        # what autocorrect makes of the words
        ("knot really, none", "emergency_screen", {"emergency_screen": "no"}),
        ("too much cafe in lately", "triggers", {"triggers": ["caffeine"]}),
        ("Chile", "age_group", {"age_group": "child"}),
    ],
)
def test_answers_in_figures_symbols_and_autocorrect(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        # a sentence about another condition or its care gives no time of the twitch
        (
            "My calf keeps jumping. I have asthma but it has been quiet for months.",
            None,
            {"duration_days": None},
        ),
        ("eyelid twitch. They're rechecking my thyroid bloods in 6 months.", None, {"duration_days": None}),
        ("my eyelid has twitched for 3 weeks, I have asthma", None, {"duration_days": 21.0}),
        # how far along a pregnancy is, not how long the twitch has lasted
        ("gestational diabetes (30 wks) and my thumb keeps twitching", None, {"duration_days": None}),
        ("I'm 30 weeks pregnant and my calf has twitched for 2 weeks", None, {"duration_days": 14.0}),
        # "in 3 months" is a time to come, not a baby's age
        ("my GP will see me again in 3 months about the eyelid", None, {"age_group": None}),
        # the mouth says where on the face; "Face - ..." names the face, then which part of it
        ("face mostly, round the corner of my mouth", "body_parts", {"body_parts": ["face"]}),
        ("Face - the lower lip on the right", "body_parts", {"body_parts": ["lip"]}),
        ("my top lip and my cheek", "body_parts", {"body_parts": ["lip", "face"]}),
    ],
)
def test_answers_from_writers_with_other_conditions(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        # everyday words for the triggers, symptoms and ages (the team's own list of lay words)
        ("fizzy drinks and a mocha most days", "triggers", {"triggers": ["caffeine"]}),
        ("work has been mental and the bills keep coming", "triggers", {"triggers": ["stress"]}),
        ("up with the baby, only getting 4 hours", "triggers", {"triggers": ["poor_sleep"]}),
        ("sleep's been awful", "triggers", {"triggers": ["poor_sleep"]}),
        ("did a 10k on sunday", "triggers", {"triggers": ["exercise"]}),
        ("I rarely drink water, out in the sun all day", "triggers", {"triggers": ["dehydration"]}),
        ("chewing tobacco", "triggers", {"triggers": ["nicotine"]}),
        ("a glass of red most evenings", "triggers", {"triggers": ["alcohol"]}),
        ("my blue pump for asthma", "triggers", {"triggers": ["medicine"]}),
        ("legs like jelly", "symptoms", {"weakness": "yes"}),
        ("my hand won't do what I tell it", "symptoms", {"weakness": "yes"}),
        ("feels fuzzy", "symptoms", {"numbness": "yes"}),
        ("now it's in my arms too", "symptoms", {"spreading": "yes"}),
        ("it's travelling", "symptoms", {"spreading": "yes"}),
        ("a tummy bug", "symptoms", {"fluid_loss": "yes"}),
        ("it's progressing", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("it hasn't changed", "worsening_weakness", {"worsening_weakness": "no"}),
        ("mid-thirties", "age_group", {"age_group": "adult"}),
        ("I'm a dad of two", "age_group", {"age_group": "adult"}),
        ("thigh → knee area", "body_parts", {"body_parts": ["thigh"]}),
        ("i dont have any of them", "emergency_screen", {"emergency_screen": "no"}),
        ("i havent got any of these", "symptoms", {"symptoms": ["none"]}),
        ("each eye", "body_parts", {"body_parts": ["eyelid", "both_sides"]}),
        ("random places", "body_parts", {"body_parts": ["whole_body"]}),
    ],
)
def test_everyday_words_for_triggers_symptoms_and_ages(text, requested, expected):
    filled = {"body_parts": ["calf"]} if requested == "symptoms" else {}
    assert read_keys(text, requested, expected, filled) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("abt 4 dayz, maybe a bit more", "duration_days", {"duration_days": 4.0}),
        ("it'll be a week tomorrow", "duration_days", {"duration_days": 6.0}),
        ("it'll be 2 weeks tomorrow", "duration_days", {"duration_days": 13.0}),
        (
            "worse today than yesterday, and yesterday was worse than tuesday",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("yesterday was worse, today ok", "worsening_weakness", {"worsening_weakness": "no"}),
        ("on some days yes, on others no", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("everything feels normal apart from the jumpy muscle", "emergency_screen", {"emergency_screen": "no"}),
        # a clause that points back to a dated one is past too; one that says now or again is not
        (
            "no. she had a fall in 2022 and hit her head then but got checked, nothing recent",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        (
            "she had a fall in 2022 and she hit her head again yesterday",
            "emergency_screen",
            {"emergency_screen": "yes"},
        ),
        # a stay or a turn of care is not the twitch's time
        ("I'm looking after my grandson this week, he says his eye keeps jumping", None, {"duration_days": None}),
        ("looking after my mum this week and my calf started twitching yesterday", None, {"duration_days": 1.0}),
        ("in a hot kitchen and I never remember to drink water", "triggers", {"triggers": ["dehydration"]}),
    ],
)
def test_spellings_counted_days_and_mixed_answers(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        ("8th grade", "age_group", {"age_group": "child"}),
        ("sophomore in hs", "age_group", {"age_group": "child"}),
        ("im 18 in march", "age_group", {"age_group": "child"}),
        ("she turned 18 in march", "age_group", {"age_group": "adult"}),
        ("yh", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("hmm not rly", "worsening_weakness", {"worsening_weakness": "no"}),
        ("cross country + forgot my water bottle all week", "triggers", {"triggers": ["dehydration", "exercise"]}),
        (
            "dance comp this weekend so loads of rehearsals, and nerves",
            "triggers",
            {"triggers": ["exercise", "stress"]},
        ),
    ],
)
def test_school_years_birthdays_to_come_and_text_speak(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


def test_nerves_of_the_body_are_no_stress():
    assert "stress" not in (extract("my nerves in my leg feel zappy", "inform", "triggers", {}).get("triggers") or [])


@pytest.mark.parametrize(
    "text,expected",
    [
        ("is it normal to twitch all day", True),
        ("are they dangerous?", True),
        ("is going to more places, first the eye now the cheek", False),  # "it is", dropped
        ("is not more worse", False),
        ("is getting worse every day", False),
        ("is twitching a sign of ALS", True),  # a gerund is the subject
        ("are cramps and twitches related", True),
    ],
)
def test_a_statement_without_its_subject_is_no_question(text, expected):
    assert intake.is_question(text, "ask_question") is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("twitching all over, which vitamin helps", True),
        ("which magnesium is best", True),
        ("calf twitch and an ache, which I know is silly to worry about", False),  # a relative clause (w54)
        ("eyelid twitch, which is annoying", False),
        # a later clause asking what causes what, or who should act (the q107 tuning writer)
        ("staring at cctv monitors all night dries my eyes out, can sore dry eyes make the lid twitch", True),
        ("trapped nerve in the back, can that give twitching and pins and needles together", True),
        ("tongue twitching, should someone get that looked at", True),
        ("calf twitching, can barely sleep", False),
        ("eyelid twitching, does it most evenings", False),
        ("eyelid flickering, will give it a week and see", False),
        # a question after a dash (the q111 tuning writer); after a comma a story goes on as often
        ("full body twitching - is it usually harmless", True),
        ("tongue twitching \u2014 is that a sign of SMA", True),
        ("my calf twitches, is it normal", False),
        ("eyelid twitch - not bad today", False),
    ],
)
def test_which_asks_only_as_a_question_word(text, expected):
    assert intake.asks_something(text) is expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # a48's tuning answers: regional words for drink, smokes and worry; a correction mid-answer
        (
            "been on the piss all weekend and sleeping about 4 hours a night",
            "triggers",
            {"triggers": ["alcohol", "poor_sleep"]},
        ),
        ("durries, pack a day, and a slab of VB on the weekend", "triggers", {"triggers": ["alcohol", "nicotine"]}),
        ("I chew Copenhagen and drink a whole lotta sweet tea", "triggers", {"triggers": ["caffeine", "nicotine"]}),
        ("Irn Bru by the bucketload and I'm no sleepin", "triggers", {"triggers": ["caffeine", "poor_sleep"]}),
        ("hardly drinking any water this week", "triggers", {"triggers": ["dehydration"]}),
        (
            "out on the gargle every night, sleeping none, and the head's wrecked with worry",
            "triggers",
            {"triggers": ["alcohol", "poor_sleep", "stress"]},
        ),
        ("coffee, like 6 a day, and work's been a nightmare", "triggers", {"triggers": ["caffeine", "stress"]}),
        ("twitching's the only thing", "symptoms", {"symptoms": ["none"]}),
        ("zero numbness, zero pain, zero nothing", "symptoms", {"symptoms": ["none"]}),
        ("tingly, no, more like numb, and a bit stiff", "symptoms", {"symptoms": ["weakness", "numbness"]}),
        (
            "tingling in the foot, and the squirts since the weekend",
            "symptoms",
            {"symptoms": ["numbness", "fluid_loss"]},
        ),
        ("wouldn't have a notion", "symptoms", {"symptoms": ["unknown"]}),
        ("might be, might not, I haven't noticed", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("me ma", "age_group", {"age_group": "adult"}),
        ("left calf, no wait, it's the thigh, just above the knee", "body_parts", {"body_parts": ["thigh"]}),
        (
            "pointer finger on my right hand and the same one on the left",
            "body_parts",
            {"body_parts": ["finger", "both_sides"]},
        ),
        (
            "No... well hang on, I went woozy and hit the deck at work Tuesday. So yes",
            "emergency_screen",
            {"emergency_screen": "yes"},
        ),
        (
            "Thought for a sec about the head injury one but that was years ago playing hurling, so no, none",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        ("I hit my head yesterday but that was nothing", "emergency_screen", {"emergency_screen": "yes"}),
        # w55's: "had" any of those; opened unsure, asked back, then a plain word
        ("I haven't had any of those", "emergency_screen", {"emergency_screen": "no"}),
        (
            "Not really sure. I get a bit puffed on the stairs but isn't that normal? Nothing sudden.",
            "emergency_screen",
            {"emergency_screen": "unknown"},
        ),
        # over-triaged tuning vignettes (w19, w54): a heavy training day is no heavy limb; the ribs
        # only say where on the stomach
        ("calf twitching after a heavy leg day", None, {"body_parts": ["calf"], "weakness": None}),
        (
            "the muscle on my stomach keeps jumping, left side just under the ribs",
            None,
            {"body_parts": ["stomach"]},
        ),
        ("heavy legs since monday", None, {"weakness": "yes"}),
    ],
)
def test_answers_in_regional_words_and_corrections(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text, requested, expected",
    [
        # a50's answers in the fewest words: shorthand sides, days, "none" and "all"
        ("L arm and R arm", "body_parts", {"body_parts": ["arm", "both_sides"]}),
        ("L calf", "body_parts", {"body_parts": ["calf"]}),
        ("my legs r twitching", "body_parts", {"body_parts": ["leg", "both_sides"]}),
        ("last thurs", "duration_days", {"duration_days": 7.0}),
        ("sat", "duration_days", {"duration_days": 5.0}),
        ("nov 1st", "duration_days", {"duration_days": 32.0}),
        ("zilch", "symptoms", {"symptoms": ["none"]}),
        ("0", "symptoms", {"symptoms": ["none"]}),
        ("0", "duration_days", {"duration_days": None}),
        ("all of em lol", "triggers", {"triggers": sorted(t for t, _ in intake.TRIGGER_WORDS)}),
        # the eye named in the symptoms answer is an eye sign, wherever the twitch is; "swollen"
        # alone is not
        ("red eye", "symptoms", {"symptoms": ["eye_signs"], "eye_signs": "yes"}),
        ("my legs are swollen", "symptoms", {"eye_signs": None}),
        ("the eyelid droops by the evening", "symptoms", {"eye_signs": "yes"}),
        ("R cheek numb, just that side", "emergency_screen", {"emergency_screen": "yes"}),
        # w58's polite older writers: a no said in full, a twitch alone, a rest with the feet up
        ("Can't say I have any of those.", "emergency_screen", {"emergency_screen": "no"}),
        ("Those are all a no from me.", "emergency_screen", {"emergency_screen": "no"}),
        ("all clear on those", "emergency_screen", {"emergency_screen": "no"}),
        ("can't say really", "emergency_screen", {"emergency_screen": "unknown"}),
        ("Just the flicker, that's all.", "symptoms", {"symptoms": ["none"]}),
        ("The foot feels completely normal apart from the twitch.", "symptoms", {"symptoms": ["none"]}),
        ("the top of my right foot when I put my feet up", "body_parts", {"body_parts": ["foot"]}),
        (
            "the grip feels weaker, though it's no worse than when it started",
            None,
            {"weakness": "yes", "worsening_weakness": None},
        ),
        # over-triaged older tuning vignettes (w54, w55): "back at the gym", the time since a birth,
        # a test on both feet in the answer about symptoms
        (
            "Back at the gym 5 months after my son. Did a heavy upper body session Tuesday and my left bicep "
            "has been twitching since",
            None,
            {"body_parts": ["arm"], "age_group": None},
        ),
        ("back to work and my calf twitches", None, {"body_parts": ["calf"]}),
        ("looking after my son, his eyelid twitches", None, {"age_group": "child"}),
        ("it started after my daughter was born, my eyelid", None, {"age_group": None}),
        (
            "none, no numbness. i did the pin test on both feet, feels the same",
            "symptoms",
            {"symptoms": ["none"], "body_parts": ["foot"]},
        ),
        ("both calves twitch and ache", "symptoms", {"body_parts": ["calf", "both_sides"]}),
        # a52's answers told as little stories: the day it began named in passing, a verdict inside
        # the story, a sign dated decades back, a part that only says where another is
        (
            "It started the day after my sister's birthday, and her birthday's the 28th of November, so the 29th",
            "duration_days",
            {"duration_days": 4.0},
        ),
        ("my work Christmas do, which was last Friday, I was doing the conga", "duration_days", {"duration_days": 6.0}),
        ("It was the day of the Black Friday sales, so whenever that was", "duration_days", {"duration_days": 6.0}),
        (
            "she says yes, day by day I'm slower getting out of the car",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        ("now I struggle to hold a fork, so I'd have to say yes", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("It's not, my physio said the numbers hadn't changed", "worsening_weakness", {"worsening_weakness": "no"}),
        ("Can't say it's getting worse, no, just the same", "worsening_weakness", {"worsening_weakness": "no"}),
        ("honestly I'm not having any of those things", "emergency_screen", {"emergency_screen": "no"}),
        ("what I told her: none of it, I'm just twitchy", "emergency_screen", {"emergency_screen": "no"}),
        (
            "I cracked my head when I was about nine, but that was decades ago, so no, none of that list right now.",
            "emergency_screen",
            {"emergency_screen": "no"},
        ),
        ("hit my head years ago, and not breathing well right now", "emergency_screen", {"emergency_screen": "yes"}),
        (
            "it started in my left eye back in the summer, then my cheek",
            "body_parts",
            {"body_parts": ["eyelid", "face"]},
        ),
        ("the calf on my right leg and the thigh on my left", "body_parts", {"body_parts": ["calf", "thigh"]}),
        ("herbal tea, sleep like a log, don't smoke", "triggers", {"triggers": ["none"]}),
        ("Beer, mainly. Been watching a lot of football down the pub", "triggers", {"triggers": ["alcohol"]}),
        ("my other half, we've just celebrated our silver wedding", "age_group", {"age_group": "adult"}),
        ("All normal apart from the twitching", "symptoms", {"symptoms": ["none"]}),  # w59
        # a54, hedged answers (twenty-ninth batch)
        ("a bit of tingling maybe? does that count", "symptoms", {"symptoms": ["numbness"]}),
        ("some weakness? not sure, does that count", "symptoms", {"symptoms": ["unknown"]}),
        ("getting worse? it seems to twitch more each day, I think so anyway", "symptoms", {"symptoms": ["spreading"]}),
        ("the dose increase, that's the only thing that's changed", "triggers", {"triggers": ["medicine"]}),
        ("yesterday evening I believe", "duration_days", {"duration_days": 1.0}),
        ("none of those I think? fairly boring life lol", "triggers", {"triggers": ["none"]}),
        ("only decaf, and that doesn't count right? so none", "triggers", {"triggers": ["none"]}),
        ("is stress one of them?", "triggers", {"triggers": ["stress"]}),
        ("I drink more than I should, probably, most nights", "triggers", {"triggers": ["alcohol"]}),
        # a57, regional words (thirtieth batch)
        ("Sure look, nothing of the sort", "emergency_screen", {"emergency_screen": "no"}),
        ("yeah nah", "emergency_screen", {"emergency_screen": "no"}),
        ("yeah nah not really sure to be honest", "emergency_screen", {"emergency_screen": "unknown"}),
        ("reckon so, dropped my coffee cup twice yesterday", "worsening_weakness", {"worsening_weakness": "yes"}),
        ("Been chundering on and off since Tuesday", "symptoms", {"symptoms": ["fluid_loss"]}),
        ("I'm not rightly sure. Might be worse, might not", "symptoms", {"symptoms": ["unknown"]}),
        ("Sweet tea by the gallon and a pack a day", "triggers", {"triggers": ["caffeine", "nicotine"]}),
        (
            "Load shedding has me up at all hours, and the stress of it",
            "triggers",
            {"triggers": ["poor_sleep", "stress"]},
        ),
        ("Couple cold ones every night, and Mountain Dew", "triggers", {"triggers": ["alcohol", "caffeine"]}),
        ("hiked all weekend and ran out of water halfway", "triggers", {"triggers": ["dehydration", "exercise"]}),
        ("Back of me neck and both shoulders", "body_parts", {"body_parts": ["neck", "shoulder", "both_sides"]}),
    ],
)
def test_answers_in_shorthand(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # the fifty-fourth round's tuning answers (a104)
        ("since the baby arrived, he's 8 weeks old now", "duration_days", {"duration_days": 56.0}),
        ("since I arrived here, I'm 30 years old", "duration_days", {"duration_days": None}),
        # one list of who was born or arrived (durations._NEWBORN)
        ("since our child arrived, she's 6 weeks old", "duration_days", {"duration_days": 42.0}),
        ("since my grandson was born, he's 3 months old", "duration_days", {"duration_days": 90.0}),
        ("my wife thinks so, I'm not convinced", "worsening_weakness", {"worsening_weakness": "unknown"}),
        ("a glass or two of red most evenings", "triggers", {"triggers": ["alcohol"]}),
        ("it's spreading, was one eyelid now both, and the lid drops down", "symptoms", {"eye_signs": "yes"}),
        ("the lid keeps dropping when I'm tired", "symptoms", {"eye_signs": "yes"}),
    ],
)
def test_arrivals_doubts_glasses_and_dropping_lids(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # the fifty-fifth round's tuning answers (a107, w113)
        ("he's on donepezil, started a few weeks ago", "triggers", {"triggers": ["medicine"]}),
        ("memantine and a sleeping tablet", "triggers", {"triggers": ["medicine"]}),
        ("not sleeping, so the GP gave me sleeping pills", "triggers", {"triggers": ["medicine", "poor_sleep"]}),
        ("sleep has been awful", "triggers", {"triggers": ["poor_sleep"]}),
        ("hard to tell with mum, she's not able to tell me if its painful", "symptoms", {"symptoms": ["unknown"]}),
        ("she's able to tell me it's painful", "symptoms", {"symptoms": ["pain"]}),
        (
            "I honestly cannot say. It might be a week, it might be a good deal longer. I have not kept count.",
            "duration_days",
            {"duration_days": UNKNOWN_DURATION},
        ),
        ("maybe a week? could be a bit longer", "duration_days", {"duration_days": 7.0}),
        ("about a week, I have not kept count", "duration_days", {"duration_days": 7.0}),
    ],
)
def test_dementia_medicines_sleeping_tablets_and_counts_not_kept(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


@pytest.mark.parametrize(
    "text,requested,expected",
    [
        # the fifty-fifth round's tuning answers left over (a107): a carer's signs of too little to drink
        (
            "she forgets to drink, I find full cups of tea left all over the house",
            "triggers",
            {"triggers": ["dehydration"]},
        ),
        (
            "He won't drink water, and he's been up and down all night",
            "triggers",
            {"triggers": ["dehydration", "poor_sleep"]},
        ),
        ("she refuses to drink anything", "triggers", {"triggers": ["dehydration"]}),
        ("a full cup of coffee every morning and one at lunch", "triggers", {"triggers": ["caffeine"]}),
        ("he doesn't drink coffee at all", "triggers", {"triggers": ["none"]}),
        # the fifty-sixth round's tuning answers (a109): new mothers
        ("up every 2 hrs feeding and I forget to drink water", "triggers", {"triggers": ["dehydration", "poor_sleep"]}),
        ("drinking loads of cola to stay awake", "triggers", {"triggers": ["caffeine"]}),
        ("staying up late gaming", "triggers", {"triggers": ["poor_sleep"]}),
        ("labetalol for my blood pressure", "triggers", {"triggers": ["medicine"]}),
        ("sertraline for postnatal depression, started 2 weeks ago", "triggers", {"triggers": ["medicine"]}),
        ("stress at work, tablets for my blood pressure", "triggers", {"triggers": ["medicine", "stress"]}),
        ("for me, the baby is fine", "age_group", {"age_group": "adult"}),
        ("my baby is 3 months", "age_group", {"age_group": "child"}),
        ("since I found out I was pregnant, about 7 weeks ago", "duration_days", {"duration_days": 49.0}),
        ("he's 5 weeks old and it started when he was 2 weeks", "duration_days", {"duration_days": 21.0}),
        ("she is 8 months old, it began when she was about 6 months", "duration_days", {"duration_days": 60.0}),
        # w116 (kitchen staff): diarrhoea told in the triggers answer, after a denial of something else
        (
            "not drinking enough, been running to the loo all day with the squits so prob dehydrated",
            "triggers",
            {"fluid_loss": "yes", "triggers": ["dehydration"]},
        ),
        ("not drinking enough, had diarrhoea all day", "triggers", {"fluid_loss": "yes", "triggers": ["dehydration"]}),
        ("no pain, had some tingling", "symptoms", {"pain": "no", "numbness": "yes"}),
        ("not weak, numb or sore", "symptoms", {"weakness": "no", "numbness": "no", "pain": "no"}),
        ("running 5k most mornings", "triggers", {"triggers": ["exercise"]}),
        # the fifty-seventh round's tuning answers (a110, Turkish L1)
        ("the back of my leg under the knee, the big muscle there", "body_parts", {"body_parts": ["calf"]}),
        ("my left leg under the knee", "body_parts", {"body_parts": ["leg"]}),
        ("all my body really, even belly and back", "body_parts", {"body_parts": ["whole_body"]}),
        ("since my son was born, he is 8 months now", "duration_days", {"duration_days": 240.0}),
        ("my thumb muscle became flat, and it's weaker also", "symptoms", {"wasting": "yes", "weakness": "yes"}),
        ("the calf muscle has gone a bit flat", "symptoms", {"wasting": "yes"}),
        ("none, my mood went flat after christmas but thats it", "symptoms", {"wasting": "no"}),
        ("we had a wedding last weekend, a lot of rakı", "triggers", {"triggers": ["alcohol"]}),
        # the fifty-eighth round's tuning answers (a112, adults with dyslexia; w119, Scots)
        ("both my carfs at nite wen im in bed", "body_parts", {"body_parts": ["calf", "both_sides"]}),
        ("low down in my bak", "body_parts", {"body_parts": ["back"]}),
        ("the fat bit at the back of my lowerleg, rite side", "body_parts", {"body_parts": ["calf"]}),
        ("since the begining of november", "duration_days", {"duration_days": 32.0}),
        ("drank quite a bit at the weekend", "triggers", {"triggers": ["alcohol"]}),
        ("the boakin, that's it", "symptoms", {"fluid_loss": "yes"}),
        ("cannae keep nothin doon since last night", "symptoms", {"fluid_loss": "yes"}),
        (
            "my ankle feels a wee bit weak, nae worse than last week mind",
            "worsening_weakness",
            {"worsening_weakness": "no"},
        ),
        ("nae weakness, nae pain", "symptoms", {"weakness": "no", "pain": "no"}),
        ("my thum mussel has gone flat and my grip is weak", "symptoms", {"wasting": "yes", "weakness": "yes"}),
        (
            "today is the worst its been, it just keeps going down hill",
            "worsening_weakness",
            {"worsening_weakness": "yes"},
        ),
        # the fifty-ninth round's tuning answers (a114, Gen-Z slang)
        ("deadass no, only my eyelid", "emergency_screen", {"emergency_screen": "no"}),
        ("lowkey yes, couldn't open a jar today", "worsening_weakness", {"worsening_weakness": "yes"}),
        (
            "had a fit when i was a kid but nothing rn",
            "emergency_screen",
            {"emergency_screen": "no", "age_group": None},
        ),
        ("it's kinda better since the weekend", "worsening_weakness", {"worsening_weakness": "no"}),
        ("two matchas a day", "triggers", {"triggers": ["caffeine"]}),
        ("exams and crying all night", "triggers", {"triggers": ["poor_sleep", "stress"]}),
        ("training hard and not hydrating enough", "triggers", {"triggers": ["dehydration", "exercise"]}),
        ("food poisoning, been on the toilet all week", "symptoms", {"fluid_loss": "yes"}),
        ("my hand looks smaller, or am i tripping", "symptoms", {"weakness": "no"}),
        ("keep tripping over my feet", "symptoms", {"weakness": "yes"}),
        ("all of them exept the pain", "symptoms", {"pain": "no", "weakness": "yes"}),
        # slang "I'm just tripping" (imagining it) is no weakness; "I just tripped" over my feet is
        ("im just tripping probably, nothing else", "symptoms", {"weakness": "no"}),
        ("I just tripped over my own feet again", "symptoms", {"weakness": "yes"}),
        # an option taken back by its name
        ("all of them except the eye stuff", "symptoms", {"eye_signs": "no", "pain": "yes"}),
        # Spanish speakers (a117 tuning answers)
        ("since 6 months, after my baby was born", "duration_days", {"duration_days": 180.0}),
        ("i think no, is more or less equal since the start", "worsening_weakness", {"worsening_weakness": "no"}),
        ("adult. I am embarrassed of 5 months, is important?", "age_group", {"age_group": "adult"}),
        ("9 weeks", "age_group", {"age_group": "child"}),
        ("im 34 weeks pregnant", "age_group", {"age_group": "adult"}),
        ("nothing, I dont drink, I dont smoke, I sleep good", "triggers", {"triggers": ["none"]}),
        ("I dont drink enough water", "triggers", {"triggers": ["dehydration"]}),
        ("night shifts and a lot of mate", "triggers", {"triggers": ["caffeine", "poor_sleep"]}),
        ("the foot, the finger big of the foot", "body_parts", {"body_parts": ["foot"]}),
        ("the little finger of my left hand", "body_parts", {"body_parts": ["finger"]}),
        (
            "i dont know how to say, like electric and sleeping in the arm",
            "symptoms",
            {"numbness": "yes", "triggers": None},
        ),
        ("my eyelid falls, i cant open it complete", "symptoms", {"eye_signs": "yes", "weakness": "no"}),
        # slang for vomiting, and "not sure about the rest" leaves the rest unsure (a w124 vignette)
        ("spewing. not sure bout the rest", "symptoms", {"fluid_loss": "yes", "pain": "unknown"}),
        ("numb, the rest no", "symptoms", {"numbness": "yes", "pain": "no"}),
        ("me, it's been on and off since i was a teenager", "age_group", {"age_group": "adult"}),
    ],
)
def test_carers_and_new_mothers_answers(text, requested, expected):
    assert read_keys(text, requested, expected) == expected


def test_an_unsure_symptom_answer_keeps_what_the_first_message_said():
    # "i keep being sick" in the first message, then "not sure" to the list: the vomiting stands
    updates = intake.extract("not sure", [], "inform", "symptoms", {"fluid_loss": intake.YES, "body_parts": ["arm"]})
    assert "fluid_loss" not in updates and updates["pain"] == intake.UNKNOWN
