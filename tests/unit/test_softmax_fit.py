"""The retriever's entry-model fit (twitchcare/softmax_fit.py) against sklearn's own lbfgs fit of
the same LogisticRegression, on questions and features like the retriever's."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from twitchcare import retrieval, softmax_fit

QUESTIONS = {
    "magnesium": ["what foods have magnesium", "is magnesium good for twitches", "magneseum dose?", "mag citrate"],
    "caffeine": ["does coffee cause twitching", "too much caffiene", "energy drinks and eyelid twitch", "tea ok?"],
    "sleep": ["can poor sleep make muscles twitch", "no sleep twitchy", "insomnia and spasms", "tired eyes flicker"],
    "als": ["is twitching a sign of als", "motor neurone disease twitch", "als fasciculations", "lou gehrig"],
    "out_of_scope": ["book me a table", "weather tomorrow", "bee sting help", "how to bake bread"],
}


def examples():
    texts, labels = [], []
    for label, questions in QUESTIONS.items():
        for question in questions:
            for variant in (question, question + " please", "hi " + question):
                texts.append(variant)
                labels.append(label)
    return texts, labels


@pytest.mark.parametrize("C", [1.0, retrieval.C])
def test_same_model_as_sklearns_fit(C):
    texts, labels = examples()
    features = retrieval.pipeline().named_steps["features"]
    rows = features.fit_transform(texts)
    reference = LogisticRegression(C=C, tol=1e-4, max_iter=3000, random_state=1).fit(rows, labels)
    ours = softmax_fit.fit(LogisticRegression(C=C, tol=1e-4, max_iter=3000, random_state=1), rows, labels)
    probe = features.transform(texts + ["magnesum foods", "coffee twitch", "als or not", "table for two"])
    assert list(ours.classes_) == list(reference.classes_)
    assert (ours.predict(probe) == reference.predict(probe)).all()
    assert np.abs(ours.predict_proba(probe) - reference.predict_proba(probe)).max() < 0.01
    assert ours.coef_.shape == reference.coef_.shape and ours.intercept_.shape == reference.intercept_.shape


def test_stops_when_no_gradient_component_exceeds_tol():
    texts, labels = examples()
    rows = retrieval.pipeline().named_steps["features"].fit_transform(texts)
    encoded = np.searchsorted(sorted(set(labels)), labels)
    objective = softmax_fit._objective(rows, encoded, len(QUESTIONS), 1.0)
    start = np.zeros(len(QUESTIONS) * (rows.shape[1] + 1), dtype=np.float32)
    weights, iterations = softmax_fit.minimise(objective, start, 1e-3, 3000)
    assert 0 < iterations < 3000 and np.abs(objective(weights)[1]).max() <= 1e-3
    assert objective(weights)[0] < objective(start)[0]


def test_two_classes_keep_sklearns_binary_fit():
    rows = retrieval.pipeline().named_steps["features"].fit_transform(["eyelid twitch", "calf cramp"] * 3)
    labels = ["a", "b"] * 3
    ours = softmax_fit.fit(LogisticRegression(), rows, labels)
    assert ours.coef_.shape == (1, rows.shape[1])  # sklearn's binary form


def test_stops_when_no_step_lowers_the_loss_any_more():
    """At single precision's floor the loss stops going down before the gradient is under `tol` (the
    51st round's retriever fit): the fit stops there instead of halving every step for max_iter steps."""
    calls = []

    def flat(weights):  # a gradient that never shrinks, over a loss that no step can lower
        calls.append(1)
        return 1.0, np.ones_like(weights)

    weights, iterations = softmax_fit.minimise(flat, np.zeros(4, dtype=np.float32), 1e-3, 3000)
    assert iterations == 0 and (weights == 0).all()
    assert len(calls) < 40  # one line search of the plain gradient, not 3,000


def test_stops_when_a_step_lowers_the_loss_by_its_rounding_only():
    calls = []

    def creeping(weights):  # every step lowers the loss, by far less than float32 can tell apart
        calls.append(1)
        return 1.0 - 1e-12 * len(calls), np.full_like(weights, 1e-6)

    _, iterations = softmax_fit.minimise(creeping, np.zeros(4, dtype=np.float32), 1e-9, 3000)
    assert iterations == 1
