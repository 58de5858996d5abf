"""The learned emergency detector (pure module), its Rasa component's verdict, the policy that
takes over on the rules, and the replies it leads to. Recall and false alarms on the blind corpus are
scored by scripts/eval_safety.py (make eval-safety; its tuning-half floor runs in make test)."""

from types import SimpleNamespace

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.feature_extraction.text import TfidfVectorizer
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.emergency_policy import reports_emergency
from twitchcare import clinic, emergency_detector, render, safety
from twitchcare.settings import PROJECT_ROOT as ROOT


@pytest.mark.parametrize(
    "probabilities,labels,rules,expected",
    [
        # Every emergency scores above every harmless message: no false alarm, and among the bars
        # that achieve it the most cautious (lowest) ones.
        ([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0], [0, 0, 0, 0], (0.10, 0.21)),
        # An emergency only a rule saw, with a low score: caught by the bar for rule findings.
        ([0.9, 0.15, 0.5, 0.1], [1, 1, 0, 0], [0, 1, 0, 0], (0.10, 0.51)),
        # A rule's bar is never under RULE_BAR_FLOOR, though 0.09 would also skip the 0.08 negative.
        ([0.9, 0.12, 0.08, 0.1], [1, 1, 0, 0], [0, 1, 1, 0], (0.10, 0.11)),
        # Unreachable recall (an emergency scored 0): flag what rules find, be cautious otherwise.
        ([0.9, 0.0, 0.2, 0.1], [1, 1, 0, 0], [0, 0, 0, 0], (0.01, 0.05)),
    ],
)
def test_bars_keep_recall_with_the_fewest_false_alarms(probabilities, labels, rules, expected):
    bars = emergency_detector._choose_thresholds(
        np.array(probabilities), np.array(labels, dtype=bool), np.array(rules, dtype=bool)
    )
    assert bars == pytest.approx(expected, abs=1e-9)


def test_an_unreachable_recall_target_is_lowered_step_by_step_not_dropped():
    # 2 of 100 emergencies score 0 (a writer unlike any other, out of fold): 99% is out of reach,
    # 98% is reached by the same bars as if they were not there; not the (0.01, 0.05) fallback.
    probabilities = np.array([0.9] * 98 + [0.0] * 2 + [0.1] * 100)
    labels = np.array([True] * 100 + [False] * 100)
    rules = np.zeros(200, dtype=bool)
    bars = emergency_detector._choose_thresholds(probabilities, labels, rules)
    assert bars == pytest.approx((0.10, 0.11), abs=1e-9)


def test_examples_are_deduplicated_and_mapped_to_the_rule_ids(tmp_path):
    corpus = tmp_path / "c.yml"
    corpus.write_text(
        'messages:\n- {text: "a", emergency: true, sign: stroke, helper: x}\n'
        '- {text: "A", emergency: true, sign: stroke, helper: x}\n'
        '- {text: "b", emergency: false, sign: spreading_weakness, helper: y}\n'
    )
    examples = emergency_detector.load_examples([corpus])
    assert [(e.text, e.sign, e.group) for e in examples] == [("a", "one_sided", "c:x"), ("b", "rapid_weakness", "c:y")]


def test_nlu_examples_become_negatives_without_annotations(tmp_path):
    nlu = tmp_path / "n.yml"
    nlu.write_text(
        'version: "3.1"\nnlu:\n- intent: inform\n  examples: |\n    - my [eyelid](body_part) twitches\n'
        '    - since yesterday\n- intent: report_emergency\n  examples: |\n    - yes one of those\n'
        '- regex: x\n  examples: |\n    - y\n'
    )
    examples = emergency_detector.nlu_negatives([nlu], skip_intents=["report_emergency"])
    assert [(e.text, e.emergency, e.corpus) for e in examples] == [
        ("my eyelid twitches", False, False),
        ("since yesterday", False, False),
    ]


@pytest.fixture(scope="module")
def small_examples():
    """A tiny made-up set: checks the mechanics, not the quality."""
    emergencies = [
        "i cant breathe",
        "he collapsed and wont wake up",
        "my face dropped on one side just now",
        "she is fitting on the floor",
        "took the whole bottle of pills",
        "crushing chest pain now",
    ] * 30
    harmless = [
        "my eyelid twitches",
        "does coffee cause twitching",
        "fainted once in 2009 fine since",
        "what are the signs of a stroke",
        "calf twitch after the gym",
        "no trouble breathing at all",
    ] * 30
    examples = [
        emergency_detector.Example(t + f" {i}", True, "breathing", f"g{i % 5}") for i, t in enumerate(emergencies)
    ]
    examples += [emergency_detector.Example(t + f" {i}", False, "none", f"g{i % 5}") for i, t in enumerate(harmless)]
    return examples


@pytest.fixture(scope="module")
def small_detector(small_examples):
    return emergency_detector.train(small_examples, jobs=1)


def test_the_trained_detector_reports_how_it_was_chosen(small_detector):
    report = small_detector.cv_report
    assert report["examples"] == 360 and report["emergencies"] == 180 and report["writer_groups"] == 5
    assert 0 < report["rule_threshold"] <= report["model_threshold"] < 1


def test_one_message_scores_as_a_batch_does(small_detector):
    """A turn's message goes through the fast path (twitchcare/fast_scoring.py): the same figure
    (to single precision: the network is fitted and batch-scored in float32, the fast path sums in float64)."""
    texts = ["i cant breathe", "my eyelid twitches a lot", "fainted once in 2009", "zzz", "crushing chest pain now!!"]
    one_by_one = [float(small_detector.probability([t])[0]) for t in texts]
    assert small_detector.__dict__["_fast"] is not None
    assert one_by_one == pytest.approx(list(small_detector.probability(texts)), abs=1e-6)


FOLD_TEXTS = [
    "i cant breathe properly since lunch",
    "my eyelid twitches all the time",
    "cant breth!! help",
    "twitching in my calf after the gym",
    "he passed out on the kitchen floor",
    "my calf twitches after running",
    "does coffee cause eyelid twitching",
    "passedout at work today",
] * 3 + ["a text only the test fold has", "zzz"]


@pytest.mark.parametrize(
    "vectorizer",
    [
        TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, max_features=12, dtype=np.float32),
    ],
)
def test_fold_features_are_what_fitting_the_vectorizer_on_the_fold_gives(vectorizer):
    """Counting once and keeping each fold's columns must give the vectorizer's own features."""
    train, test = np.arange(0, 20), np.arange(20, len(FOLD_TEXTS))
    fold_train, fold_test = emergency_detector._FoldFeatures(vectorizer, FOLD_TEXTS).split(train, test)
    fitted = clone(vectorizer).fit([FOLD_TEXTS[i] for i in train])
    assert fold_train.shape == (len(train), len(fitted.vocabulary_)) and fold_train.dtype == vectorizer.dtype
    expected_train = fitted.transform([FOLD_TEXTS[i] for i in train]).toarray()
    assert fold_train.toarray() == pytest.approx(expected_train, abs=1e-6)
    assert fold_test.toarray() == pytest.approx(fitted.transform([FOLD_TEXTS[i] for i in test]).toarray(), abs=1e-6)


def test_a_fold_scores_as_the_whole_pipeline_fitted_on_it_does(small_examples):
    texts = [emergency_detector.normalise(e.text) for e in small_examples]
    labels = np.array([e.emergency for e in small_examples])
    train, test = np.arange(0, len(texts), 2), np.arange(1, len(texts), 2)
    features = emergency_detector._fold_features(emergency_detector._pipeline(), texts)
    kind, scored, probabilities = emergency_detector._out_of_fold(
        emergency_detector._pipeline(), features, labels, train, test
    )
    pipeline = emergency_detector._fit_quietly(emergency_detector._pipeline(), [texts[i] for i in train], labels[train])
    assert kind == "fold" and list(scored) == list(test)
    assert probabilities == pytest.approx(pipeline.predict_proba([texts[i] for i in test])[:, 1], abs=1e-4)


@pytest.mark.parametrize("text", ["", "   ", "/affirm", '/inform{"body_parts": "eyelid"}'])
def test_payloads_and_empty_text_are_never_emergencies(small_detector, text):
    assert small_detector.assess(text) == emergency_detector.Assessment(False, 0.0, False, False, (), ())


def test_a_verdict_names_signs_and_mentions(small_detector):
    found = small_detector.assess("i cant breathe at all")
    assert found.emergency and found.signs[0].id == "breathing"
    past = small_detector.assess("my eyelid twitches, I fainted once in 2009")
    if not past.emergency:
        assert past.mentioned == ("fainting",)


def tracker_with(text, parse_extra=None, intent="nlu_fallback"):
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    parse.update(parse_extra or {})
    return DialogueStateTracker.from_events("t", [UserUttered(text, parse["intent"], [], parse)])


@pytest.mark.parametrize(
    "text,parse_extra,intent,expected",
    [
        # The emergency screen's verdict (rules and detector together) decides the takeover.
        ("I had a seizure in 2009", {"emergency": {"emergency": False}}, "nlu_fallback", False),
        ("my kid got into the cupboard under the sink", {"emergency": {"emergency": True}}, "nlu_fallback", True),
        ("my speech went odd", {"emergency": {"emergency": False, "check": True}}, "nlu_fallback", False),
        # A model trained without the detector: the rules alone.
        ("I had a seizure", None, "nlu_fallback", True),
        ("my eyelid twitches", None, "inform", False),
        # "Yes, one of these" to the safety check.
        ("/report_emergency", None, "report_emergency", True),
        # The intent with no safety question asked is no verdict: the screen decides.
        ("spreading up slowly, no weakness", {"emergency": {"emergency": False}}, "report_emergency", False),
        ("yes one of those is happening", {"emergency": {"emergency": True}}, "report_emergency", True),
    ],
)
def test_policy_takes_over_on_the_screens_verdict_and_the_yes_button(text, parse_extra, intent, expected):
    assert reports_emergency(tracker_with(text, parse_extra, intent)) is expected


def test_help_lines_come_from_the_clinic_profile(tmp_path):
    profile = tmp_path / "p.yml"
    profile.write_text('poison_control: "Poisons line 0800 1"\n')
    own = clinic.load(profile, {"CRISIS_LINE": "Crisis 0800 2"})
    assert (own.poison_control, own.crisis_line) == ("Poisons line 0800 1", "Crisis 0800 2")
    default = clinic.load(tmp_path / "missing.yml", {})
    assert "1-800-222-1222" in default.poison_control and "988" in default.crisis_line


@pytest.mark.parametrize(
    "ids,expected",
    [
        (["fainting"], "Good to know: fainting or losing consciousness can be an emergency sign. If it happens now"),
        (["seizure", "head_injury"], "Good to know: a seizure or fit, and a head injury, can be emergency signs."),
        (["other_emergency"], ""),
        ([], ""),
    ],
)
def test_sign_note(ids, expected):
    note = render.sign_note(ids, "999")
    assert note.startswith(expected) and (not expected or "call 999 at once" in note)


def test_sign_note_for_past_thoughts_of_self_harm_gives_the_crisis_line():
    note = render.sign_note(["suicidal"], "999", "Samaritans 116 123")
    assert note.startswith("If thoughts of ending your life") and "Samaritans 116 123" in note


def test_every_sign_the_detector_can_name_has_a_label():
    import yaml

    config = yaml.safe_load((ROOT / "config.yml").read_text())
    files = next(c for c in config["pipeline"] if c["name"].endswith("EmergencyDetectorComponent"))["training_files"]
    signs = {e.sign for e in emergency_detector.load_examples([ROOT / f for f in files]) if e.emergency}
    assert signs <= set(safety.SIGN_LABELS), signs - set(safety.SIGN_LABELS)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("since this morning", True),
        ("3 days ago", True),
        ("monday", True),
        ("for about a week or so", True),
        ("it started this morning", True),
        ("just now", True),
        ("since this morning and I can't breathe", False),
        ("collapsed this morning", False),
        ("this morning he fell", False),
        ("help", False),
        # an age alone answers "adult or child?" and reports no sign either
        ("52", True),
        ("20", True),
        ("she's 9", True),
        ("81 years old", True),
        ("took 20", False),
        ("20 pills", False),
        # a hedged time is still a time alone (an a104 tuning answer); a sign beside it is not
        ("Tuesday I think", True),
        ("a week or so I reckon", True),
        ("tuesday i think i took too many", False),
    ],
)
def test_a_time_alone_is_recognised(text, expected):
    assert emergency_detector.only_says_when(emergency_detector.normalise(text)) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("face and around his mouth", True),
        ("left calf", True),
        ("both eyelids", True),
        ("L calf, both sides", True),
        ("tongue, and also little bit in the lips", True),
        ("his mouth is drooping", False),
        ("my face feels numb", False),
        ("my chest", False),  # may answer the safety question (chest pain)
        ("throat", False),
        ("arm and leg on the left", False),  # may answer it too (one side of the body)
        ("help", False),
    ],
)
def test_a_place_alone_is_recognised(text, expected):
    assert emergency_detector.only_says_where(emergency_detector.normalise(text)) is expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("chest, on the left side of my chest", True),  # asked "where?", chest is a place
        ("my jaw on the left side of my face", True),
        ("my stomak and chest", True),  # spelling tolerance
        ("my throat", True),
        ("my chest and it hurts a lot", False),
        ("face, drooping", False),
        ("arm and leg on the left side, weak", False),
        ("help", False),
    ],
)
def test_places_alone_answer_where(text, expected):
    assert emergency_detector.answers_where(text) is expected


@pytest.mark.parametrize(
    "slot,text,as_answer,takes_over",
    [
        ("body_parts", "chest, on the left side of my chest", True, False),
        ("body_parts", "my chest and it hurts a lot", True, True),
        ("duration_days", "chest, on the left side of my chest", True, True),  # only "where?" reads places
        ("body_parts", "calf", False, False),
    ],
)
def test_places_alone_answering_where_never_take_over(slot, text, as_answer, takes_over):
    verdict = {"emergency": True, "as_answer": as_answer}
    assert emergency_detector.takes_over_as_answer(verdict, slot, text) is takes_over


def test_a_place_alone_never_escalates_through_the_model(small_detector):
    assert not small_detector.assess("face and around his mouth").emergency


def test_a_time_alone_never_escalates_through_the_model(small_detector):
    assert not small_detector.assess("since this morning").emergency


def test_intake_answers_are_negatives():
    answers = {e.text for e in emergency_detector.intake_answer_negatives()}
    assert {"since yesterday", "a few days", "my calf", "stress", "my left arm", "right calf"} <= answers
    assert not any(safety.find_emergency_signs(a) for a in answers)


@pytest.mark.parametrize(
    "probabilities,rules,answers,model_bar,expected",
    [
        # Non-emergency answers score up to 0.6: the bar for answers sits just above them.
        ([0.3, 0.5, 0.6, 0.9], [0, 0, 0, 0], [1, 1, 1, 0], 0.2, 0.61),
        # A rule finding in an answer is judged by the rule bar, so it does not raise the answer bar.
        ([0.3, 0.95, 0.9], [0, 1, 0], [1, 1, 0], 0.2, 0.31),
        # Never below the model's own bar.
        ([0.01, 0.02], [0, 0], [1, 1], 0.4, 0.4),
    ],
)
def test_answers_get_the_bar_that_keeps_their_false_alarms_low(probabilities, rules, answers, model_bar, expected):
    bar = emergency_detector._choose_answer_bar(
        np.array(probabilities), np.array(rules, dtype=bool), np.array(answers, dtype=bool), model_bar
    )
    assert bar == pytest.approx(expected, abs=1e-9)


def test_an_emergency_verdict_carries_its_stricter_twin_for_answers(small_detector):
    found = small_detector.assess("i cant breathe at all")
    assert found.emergency and found.as_answer  # a rule found it: an emergency in any place
    assert small_detector.answer_threshold >= small_detector.model_threshold


def intake_tracker(text, verdict):
    parse = {"text": text, "intent": {"name": "inform", "confidence": 0.9}, "entities": [], "emergency": verdict}
    from rasa.shared.core.events import ActiveLoop, SlotSet

    events = [
        ActiveLoop("twitch_assessment_form"),
        SlotSet("requested_slot", "pain"),
        UserUttered(text, parse["intent"], [], parse),
    ]
    return DialogueStateTracker.from_events("t", events)


@pytest.mark.parametrize(
    "verdict,expected",
    [
        ({"emergency": True, "as_answer": True}, True),
        # Close to the bar but answering a question: the intake asks its safety question again instead.
        ({"emergency": True, "as_answer": False}, False),
        ({"emergency": False, "as_answer": False}, False),
    ],
)
def test_inside_the_intake_the_answer_verdict_decides(verdict, expected):
    assert reports_emergency(intake_tracker("it's worse every day", verdict)) is expected


@pytest.mark.parametrize(
    "probabilities,labels,rules,expected",
    [
        # 20 negatives: at most 1 (5%) may be taken over. The model-only negatives score 0.3 and 0.5,
        # so the takeover bar sits just above the second highest.
        ([0.9, 0.5, 0.3] + [0.0] * 18, [1, 0, 0] + [0] * 18, [0] * 21, 0.31),
        # A rule finding over the rule bar already uses the one false alarm allowed.
        ([0.9, 0.5, 0.3, 0.5] + [0.0] * 17, [1, 0, 0, 0] + [0] * 17, [0, 0, 0, 1] + [0] * 17, 0.51),
    ],
)
def test_the_model_alone_takes_over_only_where_false_alarms_stay_low(probabilities, labels, rules, expected):
    bar = emergency_detector._choose_takeover_bar(
        np.array(probabilities), np.array(labels, dtype=bool), np.array(rules, dtype=bool), rule_bar=0.2, model_bar=0.1
    )
    assert bar == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    "probabilities,labels,everyday,expected",
    [
        # 20 hard negatives: from 0.10 to 0.12 three are flagged (15%), at 0.13 two (10%, the budget)
        ([0.9, 0.6] + [0.3, 0.2, 0.12] + [0.0] * 17, [1, 1] + [0] * 20, None, 0.13),
        # everyday messages count too: one of two at 0.4 keeps the check above it
        ([0.9, 0.6] + [0.0] * 20, [1, 1] + [0] * 20, [0.4, 0.0], 0.41),
        # one of two everyday messages at 0.6: no bar under the recall bar (0.5) will do
        ([0.9, 0.6] + [0.0] * 20, [1, 1] + [0] * 20, [0.6, 0.0], None),
        # no negative near the bars: the check goes down to the rule bar
        ([0.9, 0.6] + [0.0] * 20, [1, 1] + [0] * 20, None, 0.1),
    ],
)
def test_the_safety_check_bar_goes_below_a_recall_bar_out_of_reach(probabilities, labels, everyday, expected):
    target = emergency_detector.CHECK_FALSE_ALARM_TARGET
    bar = emergency_detector._lowest_bar_within(
        np.round(np.arange(0.1, 0.5, 0.01), 2),  # from the rule bar up to the recall bar
        np.array(probabilities),
        np.array(labels, dtype=bool),
        np.zeros(len(probabilities), dtype=bool),
        rule_bar=0.1,
        target=target,
        everyday_target=target,
        everyday=None if everyday is None else np.array(everyday),
    )
    assert bar == (None if expected is None else pytest.approx(expected, abs=1e-9))


def test_between_the_recall_bar_and_the_takeover_bar_comes_the_safety_check(small_detector):
    detector = emergency_detector.EmergencyDetector(
        small_detector.pipeline,
        small_detector.sign_pipeline,
        rule_threshold=0.0,
        model_threshold=0.0,
        takeover_threshold=1.01,
        answer_threshold=1.01,
        cv_report={},
    )
    unsure = detector.assess("my whole body feels odd today")  # no rule finds a sign
    assert not unsure.emergency and unsure.check
    ruled = detector.assess("i cant breathe at all")  # a rule finds one: takeover
    assert ruled.emergency and ruled.as_answer and not ruled.check


@pytest.mark.parametrize(
    "text,probability,expected",
    [
        ("if I'm honest I've been thinking about ending it lately", 0.03, True),  # a suicide rule: its own bar
        ("if I'm honest I've been thinking about ending it lately", 0.01, False),
        ("i cant breathe at all", 0.03, False),  # any other rule: the common rule bar
        ("i cant breathe at all", 0.2, True),
    ],
)
def test_thoughts_of_suicide_heard_by_a_rule_need_only_a_low_bar(small_detector, text, probability, expected):
    detector = emergency_detector.EmergencyDetector(small_detector.pipeline, None, 0.16, 0.2, 0.3, 0.5, cv_report={})
    assert detector.decide(probability, emergency_detector.safety.find_emergency_signs(text)) is expected


def after_safety_question(text, intent, asked_by):
    """A tracker whose last bot turn asked the safety question (`asked_by`: "check" for the safety
    check's buttons before an answer, "intake" for the intake's own question)."""
    from rasa.shared.core.events import ActiveLoop, BotUttered, SlotSet

    parse = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": []}
    if asked_by == "intake":
        events = [ActiveLoop("twitch_assessment_form"), SlotSet("requested_slot", "emergency_screen")]
    else:
        buttons = [{"title": "Yes, one of these", "payload": "/report_emergency"}, {"title": "No", "payload": "/deny"}]
        events = [
            UserUttered("my words come out odd"),
            BotUttered("Is any of this happening now?", {"buttons": buttons}),
        ]
    return DialogueStateTracker.from_events("t", events + [UserUttered(text, parse["intent"], [], parse)])


@pytest.mark.parametrize("asked_by", ["check", "intake"])
def test_a_typed_yes_to_the_safety_question_is_an_emergency(asked_by):
    assert reports_emergency(after_safety_question("yes that is happening now", "report_emergency", asked_by))


def test_the_same_words_after_another_question_are_left_to_the_screen():
    from rasa.shared.core.events import BotUttered

    parse = {"text": "yes that is happening", "intent": {"name": "report_emergency", "confidence": 0.9}, "entities": []}
    events = [
        UserUttered("hi"),
        BotUttered("Hello! Ask me anything about twitching.", {"buttons": [{"title": "Check", "payload": "/start"}]}),
        UserUttered(parse["text"], parse["intent"], [], {**parse, "emergency": {"emergency": False}}),
    ]
    assert not reports_emergency(DialogueStateTracker.from_events("t", events))


def test_the_component_and_the_prefit_share_one_fit_through_the_store(tmp_path, monkeypatch):
    """What `make train` does: scripts/prefit.py and the component call `fitted` with the same
    configuration; the second call reads the first one's fit back. Other examples, another fit."""
    from addons import emergency_detector as component

    corpus = tmp_path / "corpus.yml"
    corpus.write_text(
        "messages:\n"
        "  - {text: 'i cant breathe', emergency: true, sign: breathing}\n"
        "  - {text: 'my eyelid twitches', emergency: false}\n"
    )
    config = {"training_files": [str(corpus)], "negative_nlu_dir": "", "intake_answers": False}
    fits = []

    def fake_train(examples):
        fits.append([e.text for e in examples])
        return SimpleNamespace(cv_report={"examples": len(examples)})

    monkeypatch.setattr(component.emergency_detector, "train", fake_train)
    first = component.fitted(config, store=tmp_path / "store")
    again = component.fitted(config, store=tmp_path / "store")
    assert fits == [["i cant breathe", "my eyelid twitches"]]
    assert again.cv_report == first.cv_report and again is not first  # read back from the store
    corpus.write_text(corpus.read_text() + "  - {text: 'he fainted', emergency: true, sign: fainting}\n")
    component.fitted(config, store=tmp_path / "store")
    assert len(fits) == 2
