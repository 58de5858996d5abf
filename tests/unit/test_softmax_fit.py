"""The retriever's entry-model fit (twitchcare/softmax_fit.py) against sklearn's own lbfgs fit of
the same LogisticRegression, on questions and features like the retriever's."""

import numpy as np
import pytest
from scipy import sparse
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


def _plain_minimise(objective, x, tol, max_iter):
    """The L-BFGS of softmax_fit.minimise written with a temporary for every product (as it was
    before its arithmetic was done in place): the reference the in-place version must equal."""
    value, gradient = objective(x)
    steps, changes, iterations = [], [], 0
    while iterations < max_iter and float(np.abs(gradient).max()) > tol:
        direction = gradient.copy()
        alphas = []
        for s, y in zip(reversed(steps), reversed(changes)):
            rho = 1.0 / float(np.dot(y, s))
            alpha = rho * float(np.dot(s, direction))
            direction -= alpha * y
            alphas.append((alpha, rho))
        if steps:
            direction *= float(np.dot(steps[-1], changes[-1])) / float(np.dot(changes[-1], changes[-1]))
        else:
            direction *= min(1.0, 1.0 / float(np.abs(gradient).sum()))
        for (s, y), (alpha, rho) in zip(zip(steps, changes), reversed(alphas)):
            direction += (alpha - rho * float(np.dot(y, direction))) * s
        slope, step = -float(np.dot(gradient, direction)), 1.0
        while True:
            candidate = x - step * direction
            new_value, new_gradient = objective(candidate)
            lowered = new_value < value and new_value <= value + softmax_fit.ARMIJO * step * slope
            if lowered or step < softmax_fit.SMALLEST_STEP:
                break
            step /= 2
        if not lowered:
            if not steps:
                return x, iterations
            steps.clear()
            changes.clear()
            continue
        s, y = candidate - x, new_gradient - gradient
        if float(np.dot(s, y)) > 1e-10:
            steps.append(s)
            changes.append(y)
            if len(steps) > softmax_fit.HISTORY:
                steps.pop(0)
                changes.pop(0)
        converged = value - new_value <= softmax_fit.FTOL * max(abs(value), 1.0)
        x, value, gradient = candidate, new_value, new_gradient
        iterations += 1
        if converged:
            break
    return x, iterations


def _plain_objective(rows, labels, classes, l2):
    rows = sparse.csr_matrix(rows, dtype=np.float32)
    columns = rows.T.tocsr()
    n, features = rows.shape
    onehot = np.zeros((n, classes), dtype=np.float32)
    onehot[np.arange(n), labels] = 1.0

    def loss_and_gradient(flat):
        weights = flat.reshape(classes, features + 1)
        coef = weights[:, :-1]
        scores = rows @ coef.T + weights[:, -1]
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        total = exp.sum(axis=1, keepdims=True)
        loss = float(np.log(total).sum() - scores[np.arange(n), labels].sum()) + 0.5 * l2 * float(
            np.dot(coef.ravel(), coef.ravel())
        )
        residual = exp / total - onehot
        gradient = np.empty_like(weights)
        gradient[:, :-1] = (columns @ residual).T + l2 * coef
        gradient[:, -1] = residual.sum(axis=0)
        return loss, gradient.ravel()

    return loss_and_gradient


@pytest.mark.parametrize("l2", [1.0, 1.0 / retrieval.C])
def test_in_place_arithmetic_fits_the_same_weights_to_the_bit(l2):
    """The fit's buffers (minimise, the objective's gradient) change where numbers are written, not
    which single-precision operations make them: the weights equal the plain version's exactly, over
    enough steps that the oldest curvature pairs are dropped and their buffers reused."""
    texts, labels = examples()
    rows = retrieval.pipeline().named_steps["features"].fit_transform(texts)
    encoded = np.searchsorted(sorted(set(labels)), labels)
    start = np.zeros(len(QUESTIONS) * (rows.shape[1] + 1), dtype=np.float32)
    # (each its own copy: scipy's float32 copies share the index arrays, which a product may sort in place)
    objective = softmax_fit._objective(rows.copy(), encoded, len(QUESTIONS), l2)
    reference = _plain_objective(rows.copy(), encoded, len(QUESTIONS), l2)
    probe = np.random.default_rng(7).normal(size=start.size).astype(np.float32)
    assert objective(probe)[0] == reference(probe)[0]
    assert np.array_equal(objective(probe)[1], reference(probe)[1])
    ours, ours_steps = softmax_fit.minimise(objective, start, 1e-6, 3000)
    plain, plain_steps = _plain_minimise(reference, start, 1e-6, 3000)
    assert ours_steps == plain_steps > softmax_fit.HISTORY + 1
    assert np.array_equal(ours, plain)
    assert not start.any()  # the caller's start is left as it was
