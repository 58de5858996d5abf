"""The one-message fast path (twitchcare/fast_scoring.py) gives sklearn's figures, for every kind
of fitted model the project stores, and steps aside for kinds it does not reproduce."""

import pickle

import numpy as np
import pytest
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline, make_union

from twitchcare import emergency_detector, fast_scoring, retrieval

TRAIN = [
    "my eyelid twitches all day",
    "can't breathe properly",
    "calf keeps jumping at night",
    "he collapsed and won't wake up",
    "thumb flickers after coffee",
    "face drooped on one side",
    "twitching twitching twitching in my leg",
    "took too many pills",
    "eye twitch since monday",
    "chest pain spreading to my arm",
    "magnesium for cramps?",
    "what causes fasciculations",
] * 2
LABELS = [i % 2 == 1 for i in range(len(TRAIN))]
CLASSES3 = ["eye", "emergency", "leg"] * 8
# Unseen words, repeats (counts above 1, so the 1 + log tf weighting shows), an empty message,
# punctuation only, accents, long runs and words only the character n-grams know.
TEXTS = [
    "",
    "???",
    "my eyelid twitches twitches twitches",
    "cant breth at all",
    "café crème and a twitchy calf",
    "zzzzzzzz",
    "took too many pills and my chest hurts",
    "fasiculations magneseum",
    "THE EYE. THE EYE! the eye?",
]


def word_tfidf(**kwargs):
    return TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", **kwargs)


def char_tfidf(**kwargs):
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), **kwargs)


def dense(features, text):
    indices, values = features.row(text)
    got = np.zeros(features.width)
    np.add.at(got, indices, values)
    return got


@pytest.mark.parametrize(
    "make",
    [
        lambda: word_tfidf(),
        lambda: word_tfidf(ngram_range=(1, 3), sublinear_tf=True),
        lambda: word_tfidf(ngram_range=(1, 2), sublinear_tf=True, min_df=2, max_features=20),
        lambda: char_tfidf(sublinear_tf=True, min_df=2),
        lambda: make_union(word_tfidf(ngram_range=(1, 2), sublinear_tf=True), char_tfidf(sublinear_tf=True)),
    ],
    ids=["words", "words 1-3 sublinear", "capped vocabulary", "characters", "union"],
)
def test_feature_rows_equal_sklearns_transform(make):
    fitted = make().fit(TRAIN)
    features = fast_scoring.Features(fitted)
    for text in TEXTS:
        assert np.allclose(dense(features, text), fitted.transform([text]).toarray()[0], rtol=0, atol=1e-12), text


def pipeline(classifier, features=None):
    return Pipeline(
        [("features", features or word_tfidf(ngram_range=(1, 2), sublinear_tf=True)), ("model", classifier)]
    )


@pytest.mark.parametrize(
    "make,labels",
    [
        (lambda: pipeline(LogisticRegression(solver="liblinear", class_weight="balanced")), LABELS),
        (lambda: pipeline(LogisticRegression(multi_class="multinomial")), LABELS),
        (lambda: pipeline(LogisticRegression(C=50.0)), CLASSES3),
        (lambda: pipeline(LogisticRegression(solver="liblinear")), CLASSES3),
        (lambda: pipeline(MLPClassifier(hidden_layer_sizes=(8,), max_iter=50, random_state=1)), LABELS),
        # The emergency detector's shape: a network and a linear model over words and characters, averaged.
        (
            lambda: VotingClassifier(
                [
                    ("network", pipeline(MLPClassifier(hidden_layer_sizes=(8,), max_iter=50, random_state=1))),
                    (
                        "linear",
                        pipeline(
                            LogisticRegression(solver="liblinear", C=16.0),
                            make_union(
                                word_tfidf(ngram_range=(1, 3), sublinear_tf=True), char_tfidf(sublinear_tf=True)
                            ),
                        ),
                    ),
                ],
                voting="soft",
            ),
            LABELS,
        ),
    ],
    ids=[
        "binary liblinear",
        "binary multinomial",
        "3 classes multinomial",
        "3 classes one-vs-rest",
        "network",
        "voting",
    ],
)
def test_probabilities_equal_sklearns_predict_proba(make, labels):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the short network schedule does not converge, as in the detector
        fitted = make().fit(TRAIN, labels)
    scorer = fast_scoring.TextClassifier(fitted)
    assert scorer.classes == list(fitted.classes_)
    for text in TEXTS:
        assert np.allclose(scorer.probabilities(text), fitted.predict_proba([text])[0], rtol=0, atol=1e-12), text
        assert scorer.predict(text) == fitted.predict([text])[0], text


@pytest.mark.parametrize(
    "fitted",
    [
        pipeline(LogisticRegression(), CountVectorizer()).fit(TRAIN, LABELS),  # raw counts, no tf-idf
        pipeline(LogisticRegression(), word_tfidf(norm="l1")).fit(TRAIN, LABELS),
        VotingClassifier([("a", pipeline(LogisticRegression()))], voting="hard").fit(TRAIN, LABELS),
        pipeline(MLPClassifier(hidden_layer_sizes=(4, 4), max_iter=5)).fit(TRAIN, LABELS),  # two hidden layers
    ],
    ids=["counts", "l1 norm", "hard voting", "deeper network"],
)
def test_models_it_does_not_reproduce_are_left_to_sklearn(fitted):
    with pytest.raises(fast_scoring.Unsupported):
        fast_scoring.TextClassifier(fitted)
    assert fast_scoring.or_none(fast_scoring.TextClassifier, fitted) is None


def test_the_fast_scorer_is_never_pickled_and_is_rebuilt_after_loading():
    retriever = retrieval.train([(t, "emergency" if y else "routine") for t, y in zip(TRAIN, LABELS)])
    first = retriever.predict("can't breathe")
    assert "_fast" in retriever.__dict__  # built on first use
    loaded = pickle.loads(pickle.dumps(retriever))
    assert "_fast" not in loaded.__dict__
    assert loaded.predict("can't breathe") == first


def test_a_detector_whose_model_is_not_reproduced_scores_with_sklearn():
    fitted = VotingClassifier(
        [("a", pipeline(LogisticRegression())), ("b", pipeline(LogisticRegression(C=3.0)))],
        voting="soft",
        weights=[2, 1],
    ).fit(TRAIN, LABELS)
    detector = emergency_detector.EmergencyDetector(fitted, None, 0.1, 0.2, 0.3, 0.4, {})
    got = detector.probability(["can't breathe"])
    assert detector.__dict__["_fast"] is None  # weighted voting: not reproduced, and not tried again
    assert got == pytest.approx(fitted.predict_proba(["can't breathe"])[:, 1], abs=1e-12)


def test_discarded_terms_are_not_stored_and_scores_do_not_change():
    fitted = VotingClassifier(
        [
            ("a", pipeline(LogisticRegression(), word_tfidf(min_df=2, max_features=10))),
            ("b", pipeline(LogisticRegression(), make_union(word_tfidf(), char_tfidf(min_df=2)))),
        ],
        voting="soft",
    ).fit(TRAIN, LABELS)
    before = fitted.predict_proba(TEXTS)
    assert fitted.estimators_[0].steps[0][1].stop_words_  # max_features and min_df discarded terms
    fast_scoring.forget_discarded_terms(fitted)
    vectorizers = [
        fitted.estimators_[0].steps[0][1],
        *[v for _, v in fitted.estimators_[1].steps[0][1].transformer_list],
    ]
    assert all(v.stop_words_ is None for v in vectorizers)
    assert np.array_equal(fitted.predict_proba(TEXTS), before)


def test_the_retriever_stores_its_weights_once():
    retriever = retrieval.train([(t, "emergency" if y else "routine") for t, y in zip(TRAIN, LABELS)])
    state = retriever.__getstate__()
    assert not set(retrieval.EntryRetriever.LAID_OUT) & set(state)  # laid out again when loaded
    loaded = pickle.loads(pickle.dumps(retriever))
    assert np.array_equal(loaded._weights, retriever._weights) and loaded._weights.flags["C_CONTIGUOUS"]


def test_the_detectors_sign_model_names_the_sign_sklearn_names_and_is_never_pickled():
    signs = ["breathing", "seizure", "suicidal"] * 8
    sign_pipeline = emergency_detector._sign_pipeline().fit(TRAIN, signs)
    detector = emergency_detector.EmergencyDetector(None, sign_pipeline, 0.1, 0.2, 0.3, 0.4, {})
    for text in TEXTS:
        assert detector._model_sign(text).id == sign_pipeline.predict([text])[0], text
    assert "_fast_sign" in detector.__dict__  # built on first use
    assert "_fast_sign" not in pickle.loads(pickle.dumps(detector)).__dict__
