"""Learned entry retrieval: which knowledge entry a question is about, or none (out of scope).

A logistic regression over word 1-2-grams and character 2-5-grams (spelling tolerance:
"magneseum", "fasiculations" share most character n-grams with the right words), trained on
every entry's title and sample questions, the blind question corpora's tuning halves (questions
written by six people who saw only the entries' titles and summaries), the team's question set
and the NLU out-of-scope examples. It replaces hand-set weights with what questions look like (issue 13).

Bars (`ENTRY_BAR`, `SCOPE_BAR`) were chosen on cross-validated predictions over the tuning
half, each fold leaving out one writer (scripts/eval_knowledge.py prints both halves).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np
from joblib import Parallel, delayed
from numpy.typing import NDArray
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_union

from twitchcare import fast_scoring, softmax_fit, yaml_files

if TYPE_CHECKING:  # type-only: importing it here would load spaCy with this module
    from twitchcare.knowledge import Entry

OUT_OF_SCOPE = "out_of_scope"
SEED = 20261201
# Regularisation chosen on out-of-fold predictions over both tuning batches, each fold leaving
# out one of six writers (2,203 in-scope questions, 158 out-of-scope): right entry (top 1) /
# scope statement / in-scope questions given the scope statement were 80.9% / 74.7% / 0 at C 20,
# 81.5% / 83.5% / 1 at C 50, 82.1% / 89.2% / 3 at C 120, 82.5% / 91.8% / 4 at C 300.
C = 120.0
# Chosen on out-of-fold predictions over the tuning half (folds by writer), combined with the
# entity rules for the rest: the right entry rose from 52.5% to 66.1% at ENTRY_BAR 0.1 (64.9% at
# 0, 63.0% at 0.3), the scope statement from 34.6% to 76.9% at SCOPE_BAR 0.5 (89.7% at 0.3, but
# then 12 in-scope questions instead of 2 got the scope statement).
# The entry model's stopping tolerance (its fit is the longest step of `make train`): at 1e-3
# instead of sklearn's 1e-4 it took 193 s instead of 225 s on 9,926 questions; at 1e-2, 154 s
# instead of 203 s on 10,521 (117 iterations instead of 156), with the same prediction for every
# training question as at 1e-3 and probabilities within 0.0023.
TOL = 1e-2
ENTRY_BAR = 0.10  # the learned entry is answered when at least this likely
SCOPE_BAR = 0.50  # the scope statement when out-of-scope is at least this likely


# The answer leads with the facts of the (at most ASPECT_TOP) most likely aspects whose
# probability reaches ASPECT_BAR. Chosen on out-of-fold predictions over the tuning half, folds by
# writer: C 30 agreed with the writers' labels on 56.9% (C 10: 56.4%, C 3: 54.7%); of questions
# whose entry has facts of the asked aspect, those facts led the answer for 77.1% with the top 2
# at bar 0.1 (1.12 aspects per answer; top 1: 61.7%; top 3: 82.1% with 1.26 aspects per answer).
ASPECT_C = 30.0
ASPECT_TOP = 2
ASPECT_BAR = 0.10


@dataclass(frozen=True)
class Verdict:
    entry: str  # an entry id, or OUT_OF_SCOPE
    probability: float
    ranking: Tuple[Tuple[str, float], ...]
    aspect: str = ""  # what the question asks about the entry (knowledge.ASPECTS, "comparison", "other")
    aspect_probability: float = 0.0
    aspect_ranking: Tuple[Tuple[str, float], ...] = ()


def pipeline() -> Pipeline:
    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, lowercase=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2, lowercase=True),
    )
    classifier = LogisticRegression(C=C, tol=TOL, max_iter=3000, random_state=SEED)
    return Pipeline([("features", features), ("classifier", classifier)])


def corpus_examples(paths: Iterable[Path]) -> List[Tuple[str, str]]:
    """(question, entry id or out_of_scope) from question corpora: the blind corpus's
    `questions_by_entry: {entry: [{text...}]}` or the team's `questions: [{text, topic}]`."""
    out: List[Tuple[str, str]] = []
    for path in paths:
        data = yaml_files.read(path)
        if "questions_by_entry" in data:
            out += [(str(q["text"]), entry) for entry, items in data["questions_by_entry"].items() for q in items]
        else:
            out += [(str(q["text"]), q["topic"]) for q in data["questions"]]
    return out


def aspect_examples(paths: Iterable[Path]) -> List[Tuple[str, str]]:
    """(question, aspect) from the question corpora whose questions carry the writer's `aspect`."""
    out: List[Tuple[str, str]] = []
    for path in paths:
        data = yaml_files.read(path)
        for items in (data.get("questions_by_entry") or {}).values():
            out += [(str(q["text"]), str(q["aspect"])) for q in items if q.get("aspect")]
    return out


def training_examples(
    entries: Iterable[Entry], question_files: Iterable[Path], out_of_scope: Iterable[str]
) -> List[Tuple[str, str]]:
    """What the retriever learns from: each entry's title and sample questions, the question
    corpora, and out-of-scope messages."""
    examples = [(text, e.id) for e in entries for text in (e.title, *e.questions)]
    examples += corpus_examples(question_files)
    return examples + [(text, OUT_OF_SCOPE) for text in out_of_scope]


class EntryRetriever(fast_scoring.BuiltOnFirstUse):
    def __init__(self, model: Pipeline, aspect_model: Optional[LogisticRegression] = None):
        self.model = model
        self.classes = [str(c) for c in model.classes_]
        # The aspect model reads the same features (one transform per message for both).
        self.aspect_model = aspect_model
        self.aspects = [str(c) for c in aspect_model.classes_] if aspect_model is not None else []
        self._lay_out_weights()

    def _lay_out_weights(self) -> None:
        # The models' weights laid out for one message at a time (fast_scoring.dot): sklearn's
        # predict_proba multiplies by a transposed view and costs ~3 ms per message here. Made
        # again when loaded, not stored: they would double the stored retriever's size.
        classifier = self.model.named_steps["classifier"]
        self._weights = np.ascontiguousarray(classifier.coef_.T)
        self._bias = classifier.intercept_.copy()
        aspect_model = getattr(self, "aspect_model", None)  # models trained before aspects have none
        self._aspect_weights = np.ascontiguousarray(aspect_model.coef_.T) if aspect_model is not None else None
        self._aspect_bias = aspect_model.intercept_.copy() if aspect_model is not None else None

    LAID_OUT = ("_weights", "_bias", "_aspect_weights", "_aspect_bias")

    def __getstate__(self) -> Dict[str, Any]:
        return {name: value for name, value in super().__getstate__().items() if name not in self.LAID_OUT}

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lay_out_weights()

    def features(self, text: str) -> Any:
        """sklearn's feature row (the tests compare the fast path with it)."""
        return self.model.named_steps["features"].transform([text])

    def _row(self, text: str) -> Any:
        features = self.fast(lambda: fast_scoring.or_none(fast_scoring.Features, self.model.named_steps["features"]))
        return features.row(text) if features is not None else self.features(text)

    def probabilities(self, text: str) -> NDArray[np.float64]:
        """The same as model.predict_proba([text])[0] (a unit test compares), faster."""
        return self._entry_probabilities(self._row(text))

    def _entry_probabilities(self, row: Any) -> NDArray[np.float64]:
        return fast_scoring.softmax(fast_scoring.dot(row, self._weights) + self._bias)

    def predict(self, text: str, top: int = 3) -> Verdict:
        row = self._row(text)
        probabilities = self._entry_probabilities(row)
        order = np.argsort(-probabilities)[:top]
        ranking = tuple((self.classes[i], round(float(probabilities[i]), 4)) for i in order)
        aspects: Tuple[Tuple[str, float], ...] = ()
        weights, bias = self._aspect_weights, self._aspect_bias
        if weights is not None and bias is not None:
            aspect_probabilities = fast_scoring.softmax(fast_scoring.dot(row, weights) + bias)
            aspects = tuple(
                (self.aspects[i], round(float(aspect_probabilities[i]), 4))
                for i in np.argsort(-aspect_probabilities)[:top]
            )
        best = aspects[0] if aspects else ("", 0.0)
        return Verdict(ranking[0][0], ranking[0][1], ranking, best[0], best[1], aspects)


def _sklearn_fit(model: LogisticRegression, rows: Any, labels: List[str]) -> LogisticRegression:
    return model.fit(rows, labels)


def train(
    examples: Sequence[Tuple[str, str]], aspects: Sequence[Tuple[str, str]] = (), jobs: int = 2
) -> EntryRetriever:
    """The entry model and, when there are labelled questions, the aspect model over the same
    features. The two are fitted side by side (`jobs` processes): each is what fitting it alone gives."""
    texts, labels = zip(*examples)
    model = pipeline()
    features = model.named_steps["features"]
    # The entry model (7.5 million weights) through twitchcare/softmax_fit.py: the same objective and
    # stopping rule as sklearn's lbfgs, a third of the time. The small aspect model keeps sklearn's fit.
    fits = [(softmax_fit.fit, model.named_steps["classifier"], features.fit_transform(list(texts)), list(labels))]
    if len({label for _, label in aspects}) >= 2:
        aspect_texts, aspect_labels = zip(*aspects)
        aspect_model = LogisticRegression(C=ASPECT_C, max_iter=3000, random_state=SEED)
        fits.append((_sklearn_fit, aspect_model, features.transform(list(aspect_texts)), list(aspect_labels)))
    fitted = Parallel(n_jobs=min(jobs, len(fits)))(delayed(fit)(*args) for fit, *args in fits)
    model.steps[-1] = ("classifier", fitted[0])
    fast_scoring.forget_discarded_terms(model)
    return EntryRetriever(model, fitted[1] if len(fitted) > 1 else None)
