"""One message at a time through fitted scikit-learn text models, without sklearn's per-call cost.

Every turn scores one message with the emergency detector and the entry retriever. sklearn's
`transform`/`predict_proba` are built for batches: for a single row their input checks, sparse
matrix construction and the tf-idf multiplication by a sparse diagonal cost about 4.25 ms per
message for the detector's predict_proba, most of a turn's model time. Here the same arithmetic is done on the
few features a message has: its n-grams are counted through the vectorizer's own analyzer and
vocabulary, weighted (1 + log tf, times idf), l2-normalised per vectorizer, and multiplied by the
rows of the weights they select. The results equal sklearn's to rounding
(tests/unit/test_fast_scoring.py compares them for every kind of fitted model the project stores).

Only what the project fits is supported (tf-idf vectorizers, alone or in a FeatureUnion;
logistic regression; a one-hidden-layer ReLU MLP; soft voting); anything else raises
`Unsupported`, and callers fall back to sklearn.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar

import numpy as np
from numpy.typing import NDArray
from sklearn.ensemble import VotingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import FeatureUnion, Pipeline

Row = Tuple[NDArray[np.intp], NDArray[np.float64]]  # (feature indices, values) of one message


class Unsupported(TypeError):
    """A fitted model this module cannot reproduce (the caller uses sklearn instead)."""


class _Tfidf:
    def __init__(self, vectorizer: TfidfVectorizer) -> None:
        if vectorizer.binary or vectorizer.norm != "l2" or not vectorizer.use_idf:
            raise Unsupported(f"tf-idf settings {vectorizer.get_params()}")
        self.analyze: Callable[[str], List[str]] = vectorizer.build_analyzer()
        self.vocabulary: Dict[str, int] = vectorizer.vocabulary_
        self.idf: NDArray[np.float64] = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.sublinear = bool(vectorizer.sublinear_tf)
        self.width = len(self.idf)

    def row(self, text: str) -> Row:
        counts: Dict[int, int] = {}
        vocabulary = self.vocabulary
        for gram in self.analyze(text):
            index = vocabulary.get(gram)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        indices = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear:
            tf = np.log(tf) + 1.0
        values = tf * self.idf[indices]
        norm = np.sqrt(np.dot(values, values))
        return indices, (values / norm if norm > 0 else values)


class Features:
    """A fitted TfidfVectorizer, or a FeatureUnion of them, for one message at a time."""

    def __init__(self, fitted: Any) -> None:
        parts = fitted.transformer_list if isinstance(fitted, FeatureUnion) else [("", fitted)]
        if isinstance(fitted, FeatureUnion) and fitted.transformer_weights:
            raise Unsupported("weighted feature union")
        self.parts: List[Tuple[_Tfidf, int]] = []
        offset = 0
        for _, part in parts:
            if not isinstance(part, TfidfVectorizer):
                raise Unsupported(type(part).__name__)
            tfidf = _Tfidf(part)
            self.parts.append((tfidf, offset))
            offset += tfidf.width
        self.width = offset

    def row(self, text: str) -> Row:
        rows = [(indices + offset, values) for tfidf, offset in self.parts for indices, values in [tfidf.row(text)]]
        if len(rows) == 1:
            return rows[0]
        return np.concatenate([r[0] for r in rows]), np.concatenate([r[1] for r in rows])


def dot(row: Any, weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """row @ weights, for weights laid out (features, outputs), C-contiguous; `row` is a Row or
    sklearn's one-row sparse matrix (where the fast path is unavailable)."""
    if not isinstance(row, tuple):
        return np.ravel(row @ weights)
    indices, values = row
    # Not `values @ weights[indices]`: that product is big enough for OpenBLAS to wake its threads,
    # whose spinning costs more CPU than the product (and takes a core from a parallel job).
    return np.asarray((weights[indices] * values[:, None]).sum(axis=0), dtype=np.float64)


def _sigmoid(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(1.0 / (1.0 + np.exp(-x)), dtype=np.float64)


class _Classifier:
    """Class probabilities of one fitted classifier for one feature row."""

    def __init__(self, model: Any) -> None:
        if isinstance(model, LogisticRegression):
            if model.multi_class not in ("auto", "ovr", "multinomial"):
                raise Unsupported(model.multi_class)
            self.weights = np.ascontiguousarray(model.coef_.T, dtype=np.float64)
            self.bias = np.asarray(model.intercept_, dtype=np.float64).copy()
            classes = len(model.classes_)
            self.one_vs_rest = model.multi_class == "ovr" or (
                model.multi_class == "auto" and (classes <= 2 or model.solver == "liblinear")
            )
            self.kind = "linear"
        elif isinstance(model, MLPClassifier):
            if model.n_layers_ != 3 or model.activation != "relu" or model.out_activation_ != "logistic":
                raise Unsupported("only a one-hidden-layer ReLU network for two classes")
            self.hidden = np.ascontiguousarray(model.coefs_[0], dtype=np.float64)
            self.hidden_bias = np.asarray(model.intercepts_[0], dtype=np.float64)
            self.out = np.asarray(model.coefs_[1], dtype=np.float64)
            self.out_bias = np.asarray(model.intercepts_[1], dtype=np.float64)
            self.kind = "network"
        else:
            raise Unsupported(type(model).__name__)

    def probabilities(self, row: Row) -> NDArray[np.float64]:
        if self.kind == "network":
            hidden = np.maximum(dot(row, self.hidden) + self.hidden_bias, 0.0)
            p = _sigmoid(hidden @ self.out + self.out_bias)
            return np.array([1.0 - p[0], p[0]])
        scores = dot(row, self.weights) + self.bias
        if len(scores) == 1 and not self.one_vs_rest:  # two classes, multinomial: sklearn's softmax of (-d, d)
            return softmax(np.array([-scores[0], scores[0]]))
        if len(scores) == 1:  # two classes: the decision function's sigmoid
            p = _sigmoid(scores)
            return np.array([1.0 - p[0], p[0]])
        if self.one_vs_rest:
            p = _sigmoid(scores)
            return np.asarray(p / p.sum(), dtype=np.float64)
        return softmax(scores)


def softmax(scores: NDArray[np.float64]) -> NDArray[np.float64]:
    scores = np.exp(scores - scores.max())
    return np.asarray(scores / scores.sum(), dtype=np.float64)


class TextClassifier:
    """`probabilities(text)` equal to `fitted.predict_proba([text])[0]` for a fitted
    Pipeline(tf-idf features, classifier) or a soft-voting ensemble of such pipelines."""

    def __init__(self, fitted: Any) -> None:
        if isinstance(fitted, VotingClassifier):
            if fitted.voting != "soft" or fitted.weights is not None:
                raise Unsupported("only unweighted soft voting")
            self.members = [self._member(p) for p in fitted.estimators_]
        else:
            self.members = [self._member(fitted)]
        self.classes = list(fitted.classes_)

    @staticmethod
    def _member(pipeline: Any) -> Tuple[Features, _Classifier]:
        if not isinstance(pipeline, Pipeline) or len(pipeline.steps) != 2:
            raise Unsupported("a pipeline of features and a classifier")
        return Features(pipeline.steps[0][1]), _Classifier(pipeline.steps[1][1])

    def probabilities(self, text: str) -> NDArray[np.float64]:
        found = [classifier.probabilities(features.row(text)) for features, classifier in self.members]
        return found[0] if len(found) == 1 else np.asarray(np.mean(found, axis=0), dtype=np.float64)

    def predict(self, text: str) -> Any:
        """`fitted.predict([text])[0]`: the most probable class (for one-vs-rest logistic regression
        the normalised sigmoids keep the decision function's order, which is what sklearn compares)."""
        return self.classes[int(np.argmax(self.probabilities(text)))]


Fast = TypeVar("Fast", "Features", "TextClassifier")


def or_none(kind: Type[Fast], fitted: Any) -> Optional[Fast]:
    """`kind(fitted)`, or None when the fitted model is not one this module reproduces."""
    try:
        return kind(fitted)
    except Unsupported:
        return None


class BuiltOnFirstUse:
    """Mixin for trained objects stored in the model: `fast(build)` makes a scorer on first use
    and keeps it, but never pickles it (a stored model stays plain sklearn, and a model stored
    before this module existed gets its scorer when it is loaded)."""

    def fast(self, build: Callable[[], Any], name: str = "_fast") -> Any:
        """The scorer kept under `name` (one per fitted model the object holds: "_fast...")."""
        assert name.startswith("_fast")
        if name not in self.__dict__:
            self.__dict__[name] = build()
        return self.__dict__[name]

    def __getstate__(self) -> Dict[str, Any]:
        return {name: value for name, value in self.__dict__.items() if not name.startswith("_fast")}


def forget_discarded_terms(fitted: Any) -> Any:
    """Clear `stop_words_` of every tf-idf vectorizer in a fitted pipeline, union or ensemble: the
    terms `min_df`/`max_features` discarded, kept only for introspection (sklearn's docs say it may
    be removed before pickling). They were 145,000 strings of the stored model, and a stored
    model should not carry training text it does not use (CVE-2024-5206, docs/security.md)."""
    if isinstance(fitted, TfidfVectorizer):
        fitted.stop_words_ = None
    for child in (
        [step for _, step in getattr(fitted, "steps", [])]
        + [part for _, part in getattr(fitted, "transformer_list", [])]
        + list(getattr(fitted, "estimators_", []))
    ):
        forget_discarded_terms(child)
    return fitted
