"""The learned half of the emergency screen: a text classifier trained on written messages.

The rules of `twitchcare.safety` catch signs said in words the team thought of; people say
them in many more ("my words come out as nonsense", "I keep coming round on the floor").
This detector learns from labelled single messages (the blind corpus's tuning half and the
training corpus in `data/safety/`, see their headers) what an emergency reads like, and what
a harmless mention of a sign reads like (long past, resolved, hypothetical, a general
question, denied, an idiom).

Features: word 1-3-grams (tf-idf). Model: logistic regression, balanced classes, fixed
solver (deterministic). The routine NLU examples are added as negatives. The decision is
tuned for recall on out-of-fold predictions where each fold leaves out whole writers: a
lower bar when a rule of `twitchcare.safety` found a sign in a personal statement, a higher
one when only the model did. A second model names the most likely sign
when the rules name none, so the reply can say what it heard and add the right help line.

No Rasa import: `addons/emergency_detector.py` trains and serves it inside the Rasa model,
`scripts/eval_safety.py` scores it in-process.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline

from twitchcare import durations, safety

# Corpus sign ids -> the rule table's ids (the reply's wording and help lines use these).
CORPUS_SIGN_TO_RULE = {"stroke": "one_sided", "spreading_weakness": "rapid_weakness"}
RECALL_TARGET = 0.99       # out-of-fold recall (across writers) the bars are chosen for
FOLDS = 5
SEED = 20261201
C = 32.0                   # weak regularisation: chosen by cross-validation across writers


def normalise(text: str) -> str:
    """Lower case, straight quotes, long letter runs shortened ("sooooo" -> "soo")."""
    t = safety.normalise(text or "")
    return re.sub(r"(\w)\1{2,}", r"\1\1", t)


def _pipeline(c: float, class_weight: Optional[str] = "balanced") -> Pipeline:
    # Word 1-3-grams did better across writers than adding character n-grams, lemmas,
    # negation marking or spelling correction (README: "How the emergency detector was chosen").
    return Pipeline([
        ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 3), sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b")),
        ("model", LogisticRegression(C=c, class_weight=class_weight, solver="liblinear", max_iter=5000,
                                     random_state=SEED)),
    ])


@dataclass(frozen=True)
class Example:
    text: str
    emergency: bool
    sign: str              # the rule table's id, or "none"
    group: str = ""        # who wrote it (cross-validation keeps a writer's messages together)
    corpus: bool = True    # False for the routine NLU examples added as negatives


def load_examples(paths: Iterable[Path]) -> List[Example]:
    """Labelled messages from corpus files (`messages: [{text, emergency, sign, helper...}]`)."""
    examples: List[Example] = []
    seen = set()
    for path in paths:
        for item in yaml.safe_load(Path(path).read_text(encoding="utf-8"))["messages"]:
            text = str(item["text"]).strip()
            if not text or text.lower() in seen:
                continue
            seen.add(text.lower())
            sign = str(item.get("sign") or "none")
            group = f"{Path(path).stem}:{item.get('helper', '')}"
            examples.append(Example(text, bool(item["emergency"]), CORPUS_SIGN_TO_RULE.get(sign, sign), group))
    return examples


_ANNOTATION = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\{[^}]*\})")


def nlu_negatives(paths: Iterable[Path], skip_intents: Sequence[str] = ()) -> List[Example]:
    """The Rasa NLU examples (questions, twitch reports, intake answers) as non-emergencies:
    what most messages look like, so that "since yesterday" or "3 weeks" never reads as one."""
    examples = []
    for path in paths:
        for block in (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in block or block["intent"] in skip_intents:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = _ANNOTATION.sub(lambda m: m.group(1), line.strip()[2:].strip() if line.strip().startswith("- ") else "")
                if text:
                    examples.append(Example(text, False, "none", "nlu", corpus=False))
    return examples


_WHEN = ("yesterday", "last night", "this morning", "this afternoon", "tonight", "today", "the weekend",
         "last week", "a few hours", "a couple of hours", "an hour", "a day", "2 days", "two days", "3 days",
         "a few days", "a couple of days", "a week", "10 days", "two weeks", "3 weeks", "a month", "a few months",
         "a year") + tuple(durations.WEEKDAYS)
_WHEN_LEAD = ("", "since ", "for ", "about ", "around ", "started ", "it started ", "been going on ", "roughly ")


_TIME_FILLER = re.compile(r"\b(since|for|about|around|roughly|approx\w*|started|starting|start|it|its|it's|been|going|on|"
                          r"off|and|ago|just|maybe|like|the|a|an|of|from|last|this|past|over|only|at|least|or|so|"
                          r"morning|afternoon|evening|night|weekend|days?|weeks?|months?|years?|hours?|mins?|minutes?)\b")


def only_says_when(t: str) -> bool:
    """True when a (normalised) message is nothing but a time: "since this morning", "3 days
    ago", "monday", "for about a week or so"."""
    rest = durations.QUANTITY.sub(" ", t)
    for pattern, _ in durations.FIXED:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"\b(%s)\b" % "|".join(durations.WEEKDAYS), " ", rest)
    rest = _TIME_FILLER.sub(" ", rest)
    return rest != t and not re.search(r"[a-z]", rest)


def intake_answer_negatives() -> List[Example]:
    """Answers to the symptom check's own questions (its buttons, and "since yesterday"-style
    durations): alone they report no sign, and an intake must never turn into an emergency
    takeover because someone said when it started."""
    from twitchcare import render   # render imports safety; imported here to keep this module light

    texts = {lead + when for lead in _WHEN_LEAD for when in _WHEN}
    texts |= {lead + when + " ago" for lead in ("", "started ", "about ") for when in _WHEN if when[0].isdigit()
              or when.startswith(("a ", "an ", "two "))}
    for _, buttons in render.QUESTIONS.values():
        texts |= {payload for _, payload in buttons if not payload.startswith("/")}
        texts |= {title.lower() for title, _ in buttons}
    return [Example(text, False, "none", "intake", corpus=False) for text in sorted(texts)]


@dataclass(frozen=True)
class Assessment:
    emergency: bool
    probability: float                       # the model's P(emergency)
    signs: Tuple[safety.EmergencySign, ...]  # what to name in the reply (rules first, else the model's)
    mentioned: Tuple[str, ...]               # sign ids mentioned in a non-emergency way (past, hypothetical...)


class EmergencyDetector:
    """A trained detector: `assess(text)` says whether a message reports an emergency."""

    def __init__(self, pipeline: Pipeline, sign_pipeline: Optional[Pipeline], rule_threshold: float,
                 model_threshold: float, cv_report: dict) -> None:
        self.pipeline = pipeline
        self.sign_pipeline = sign_pipeline
        self.rule_threshold = rule_threshold
        self.model_threshold = model_threshold
        self.cv_report = cv_report

    def probability(self, texts: Sequence[str]) -> np.ndarray:
        return self.pipeline.predict_proba(list(texts))[:, 1]

    def decide(self, probability: float, rules_found: bool) -> bool:
        return probability >= (self.rule_threshold if rules_found else self.model_threshold)

    def assess(self, text: str) -> Assessment:
        t = normalise(text)
        if not t or t.startswith("/"):
            return Assessment(False, 0.0, (), ())
        found = tuple(safety.find_emergency_signs(t))
        p = float(self.probability([t])[0])
        if not found and only_says_when(t):
            # "since this morning" answers the intake's "how long?": a time alone reports no
            # sign, however often emergencies in the corpus say when they began.
            return Assessment(False, p, (), ())
        if self.decide(p, bool(found)):
            signs = found or (self._model_sign(t),)
            return Assessment(True, p, signs, ())
        return Assessment(False, p, (), tuple(safety.mentioned_signs(t)))

    def _model_sign(self, t: str) -> safety.EmergencySign:
        sid = str(self.sign_pipeline.predict([t])[0]) if self.sign_pipeline is not None else "other_emergency"
        return safety.EmergencySign(sid, safety.SIGN_LABELS.get(sid, safety.SIGN_LABELS["other_emergency"]), "")


def _choose_thresholds(probabilities: np.ndarray, labels: np.ndarray, rules: np.ndarray) -> Tuple[float, float]:
    """The pair of bars (rules found a sign / they did not) that keeps out-of-fold recall at
    RECALL_TARGET with the fewest false alarms; of equally good pairs, the lowest (most
    cautious for messages unlike any seen)."""
    grid = np.round(np.arange(0.01, 0.96, 0.01), 2)
    positives = max(int(labels.sum()), 1)
    best: Optional[Tuple[int, float, float]] = None
    for rule_bar in grid:
        for model_bar in grid:
            if model_bar < rule_bar:
                continue
            flagged = np.where(rules, probabilities >= rule_bar, probabilities >= model_bar)
            if (flagged & labels).sum() / positives < RECALL_TARGET:
                continue
            false_alarms = int((flagged & ~labels).sum())
            if best is None or false_alarms < best[0]:
                best = (false_alarms, float(rule_bar), float(model_bar))
    if best is None:   # out of reach: flag whatever a rule found, and be cautious otherwise
        return 0.01, 0.05
    return best[1], best[2]


def train(examples: Sequence[Example], c: float = C) -> EmergencyDetector:
    """Fit the detector; the bars come from out-of-fold predictions where each fold leaves out
    whole writers, so they are set for people the model has not read."""
    texts = [normalise(e.text) for e in examples]
    labels = np.array([e.emergency for e in examples], dtype=bool)
    groups = np.array([e.group for e in examples])
    in_corpus = np.array([e.corpus for e in examples], dtype=bool)
    rules = np.array([bool(safety.find_emergency_signs(t)) for t in texts], dtype=bool)
    out_of_fold = np.zeros(len(texts))
    if len(set(groups)) >= FOLDS:
        splits = GroupKFold(n_splits=FOLDS).split(texts, labels, groups)
    else:
        splits = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(texts, labels)
    for train_idx, test_idx in splits:
        fold = _pipeline(c).fit([texts[i] for i in train_idx], labels[train_idx])
        out_of_fold[test_idx] = fold.predict_proba([texts[i] for i in test_idx])[:, 1]
    # Bars are chosen on the labelled corpus (hard negatives), not on the easy NLU negatives.
    p, y, r = out_of_fold[in_corpus], labels[in_corpus], rules[in_corpus]
    rule_bar, model_bar = _choose_thresholds(p, y, r)
    flagged = np.where(r, p >= rule_bar, p >= model_bar)
    nlu_flagged = np.where(rules[~in_corpus], out_of_fold[~in_corpus] >= rule_bar,
                           out_of_fold[~in_corpus] >= model_bar)
    report = {"examples": len(texts), "emergencies": int(labels.sum()), "writer_groups": len(set(groups)),
              "oof_recall": round(float((flagged & y).sum() / max(y.sum(), 1)), 4),
              "oof_false_alarm_rate": round(float((flagged & ~y).sum() / max((~y).sum(), 1)), 4),
              "oof_nlu_false_alarms": int(nlu_flagged.sum()),
              "rule_threshold": rule_bar, "model_threshold": model_bar}
    pipeline = _pipeline(c).fit(texts, labels)
    emergencies = [(t, e.sign) for t, e in zip(texts, examples) if e.emergency and e.sign != "none"]
    sign_pipeline = None
    if len({sign for _, sign in emergencies}) > 1:
        sign_pipeline = _pipeline(c, class_weight=None).fit([t for t, _ in emergencies], [s for _, s in emergencies])
    return EmergencyDetector(pipeline, sign_pipeline, rule_bar, model_bar, report)
