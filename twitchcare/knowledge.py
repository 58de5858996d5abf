"""The cited knowledge base: loading, entry selection and free-text retrieval.

Selection order for a question:
1. a topic named explicitly (a related-topic button),
2. entries whose entity keys match what the person mentioned, best fit to the
   question kind (intent) first,
3. the overview entry for the question kind, when the classifier is confident,
4. lemmatised BM25 retrieval over the entries' text, above a minimum score.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from twitchcare import nlp, yaml_files
from twitchcare.settings import SETTINGS

# The intent of every general question. What it asks is a question KIND (named like the
# intents it replaced): the learned aspect of the question (retrieval.py) gives it; a report of
# the person's own twitch is the kind "report_twitch".
QUESTION_INTENT = "ask_question"
# A fact about the person's own twitch (an answer, or a report with no question).
REPORT_INTENT = "inform"
KIND_FOR_ASPECT: Dict[str, str] = {
    "definition": "ask_definition",
    "cause": "ask_cause",
    "mechanism": "ask_cause",
    "foods": "ask_nutrition",
    "warnings": "ask_when_doctor",
    "see_doctor": "ask_when_doctor",
    "test": "ask_test",
    "treatment": "ask_treatment",
    "prevention": "ask_prevention",
    "prognosis": "ask_serious",
}

# Which entry kinds answer which question kind.
QUESTION_KINDS: Dict[str, Tuple[str, ...]] = {
    "ask_definition": ("definition", "type", "comparison", "sleep", "children"),
    "ask_cause": ("cause", "location", "nutrition", "medicine", "children", "sleep"),
    "ask_serious": ("condition", "serious", "children", "sleep"),
    "ask_when_doctor": ("when_to_see_doctor", "children"),
    "ask_doctor_visit": ("doctor_visit",),
    "ask_test": ("test",),
    "ask_treatment": ("treatment", "home_care"),
    "ask_home_remedy": ("home_care", "treatment"),
    "ask_prevention": ("prevention",),
    "ask_nutrition": ("nutrition",),
    "ask_medicine": ("medicine",),
    "ask_exercise": ("exercise",),
    "report_twitch": ("location", "cause", "children", "sleep"),
}

# The entry that answers a question kind when nothing more specific was named.
OVERVIEW_FOR_KIND: Dict[str, str] = {
    "ask_definition": "what_is_twitching",
    "ask_cause": "causes_overview",
    "ask_serious": "is_it_serious",
    "ask_when_doctor": "when_to_see_doctor",
    "ask_doctor_visit": "doctor_questions",
    "ask_test": "tests_overview",
    "ask_treatment": "treatment_overview",
    "ask_home_remedy": "home_remedies",
    "ask_prevention": "prevention_overview",
    "ask_nutrition": "nutrition_overview",
    "ask_medicine": "medicines_overview",
    "ask_exercise": "exercises_overview",
    "report_twitch": "causes_overview",
}

# Where someone twitches is mentioned in most questions, so it counts for less than
# the thing asked about (a cause, condition, test or treatment), except when the
# person is describing their own twitch.
ENTITY_WEIGHT = {"body_part": 1.5, "age_group": 3.0}
# "Fasciculation" is the medical word for twitching itself, so it says little on its own.
VALUE_WEIGHT = {("twitch_type", "fasciculation"): 1.0}
ENTITY_WEIGHT_BY_KIND = {"report_twitch": {"body_part": 2.5}}
DEFAULT_ENTITY_WEIGHT = 2.0
KIND_MATCH_BONUS = 3.0
# An entry about exactly the thing named beats one that lists it among many.
SPECIFICITY_BONUS = 0.5
# The entry kinds that are the natural home of each entity type: "anxious" is
# answered by the anxiety-as-a-cause entry before the stress-prevention one.
HOME_KINDS = {
    "body_part": {"location"},
    "cause": {"cause"},
    "condition": {"condition"},
    "test": {"test"},
    "treatment": {"treatment", "exercise", "home_care"},
    "twitch_type": {"type", "definition", "comparison", "sleep"},
    "age_group": {"children"},
}
HOME_KIND_BONUS = 1.0
# A specific entry found by text must beat the overview by this factor to replace it.
OVERVIEW_MARGIN = 1.6


def question_kind(intent: Optional[str], confidence: float, aspects: Sequence[Tuple[str, float]]) -> Tuple[str, float]:
    """The question kind the entity rules rank by, and how sure it is. For ask_question it is the
    learned aspect's kind (sure as the less sure of intent and aspect); for inform, a report of
    the person's own twitch; else "" (the rules rank by entities and text alone)."""
    if intent == QUESTION_INTENT:
        if aspects and aspects[0][0] in KIND_FOR_ASPECT:
            aspect, probability = aspects[0]
            return KIND_FOR_ASPECT[aspect], min(confidence, float(probability))
        return "", 0.0
    if intent == REPORT_INTENT:
        return "report_twitch", confidence
    return "", 0.0


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    seed_file: str


# What a question asks about an entry's subject; each fact of an entry answers one of them.
# Question corpora also label "comparison" and "other", which no single fact answers.
ASPECTS: Tuple[str, ...] = (
    "definition",
    "cause",
    "mechanism",
    "foods",
    "warnings",
    "test",
    "treatment",
    "prevention",
    "see_doctor",
    "prognosis",
)


@dataclass(frozen=True)
class Fact:
    aspect: str  # one of ASPECTS
    text: str  # one self-contained statement in the project's own words
    sources: Tuple[str, ...]  # the entry's sources that say it


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    kinds: Tuple[str, ...]
    keys: Dict[str, Tuple[str, ...]]
    answer: str
    detail: str
    related: Tuple[str, ...]
    sources: Tuple[str, ...]
    questions: Tuple[str, ...]
    facts: Tuple[Fact, ...] = ()

    def facts_for(self, aspect: str) -> Tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.aspect == aspect)

    def key_pairs(self) -> Set[Tuple[str, str]]:
        return {(entity, value) for entity, values in self.keys.items() for value in values}


@dataclass(frozen=True)
class Selection:
    entry: Entry
    method: str  # "topic", "learned", "entities", "kind_retrieval", "overview" or "retrieval"
    score: float
    alternatives: Tuple[str, ...] = field(default=())


class KnowledgeError(ValueError):
    """The knowledge files are inconsistent (unknown source, dangling related id...)."""


class BM25:
    """Okapi BM25 over pre-tokenised documents."""

    def __init__(self, docs: Dict[str, List[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.tf = {doc_id: Counter(tokens) for doc_id, tokens in docs.items()}
        self.length = {doc_id: len(tokens) for doc_id, tokens in docs.items()}
        self.avg_length = sum(self.length.values()) / max(1, len(docs))
        df = Counter(term for tf in self.tf.values() for term in tf)
        n = len(docs)
        self.idf = {term: math.log(1 + (n - d + 0.5) / (d + 0.5)) for term, d in df.items()}

    def scores(self, query: Iterable[str]) -> Dict[str, float]:
        terms = [t for t in set(query) if t in self.idf]
        out: Dict[str, float] = {}
        for doc_id, tf in self.tf.items():
            norm = self.k1 * (1 - self.b + self.b * self.length[doc_id] / self.avg_length)
            s = sum(self.idf[t] * tf[t] * (self.k1 + 1) / (tf[t] + norm) for t in terms if t in tf)
            if s > 0:
                out[doc_id] = s
        return out


class KnowledgeBase:
    def __init__(
        self,
        entries: Sequence[Entry],
        sources: Sequence[Source],
        vocabulary: Optional[Dict[str, Dict[str, List[str]]]] = None,
    ):
        self.entries: Dict[str, Entry] = {}
        for e in entries:
            if e.id in self.entries:
                raise KnowledgeError(f"duplicate entry id {e.id!r}")
            self.entries[e.id] = e
        self.sources = {s.id: s for s in sources}
        self._check()
        self.vocabulary = vocabulary or {}
        self.key_frequency = Counter(pair for e in self.entries.values() for pair in e.key_pairs())
        self.documents = {e.id: self._document(e) for e in self.entries.values()}
        self.index = BM25(self.documents)

    def _check(self) -> None:
        for e in self.entries.values():
            for s in e.sources:
                if s not in self.sources:
                    raise KnowledgeError(f"{e.id}: unknown source {s!r}")
            for r in e.related:
                if r not in self.entries:
                    raise KnowledgeError(f"{e.id}: related entry {r!r} does not exist")
            if not e.sources:
                raise KnowledgeError(f"{e.id}: cites no source")
            for fact in e.facts:
                if fact.aspect not in ASPECTS:
                    raise KnowledgeError(f"{e.id}: fact aspect {fact.aspect!r} is not one of {ASPECTS}")
                if not fact.sources or not set(fact.sources) <= set(e.sources):
                    raise KnowledgeError(f"{e.id}: a fact must cite some of the entry's sources: {fact.text!r}")
        for intent, entry_id in OVERVIEW_FOR_KIND.items():
            if entry_id not in self.entries:
                raise KnowledgeError(f"overview {entry_id!r} for {intent} does not exist")

    def _document(self, e: Entry) -> List[str]:
        # The lay phrases of the entry's keys let "coffee" find the caffeine entry.
        lay = [p for entity, value in e.key_pairs() for p in self.vocabulary.get(entity, {}).get(value, [])]
        text = " ".join([e.title, e.title, e.answer, e.detail, *e.questions, *lay])
        return nlp.lemmas(text)

    # -- lookups -------------------------------------------------------------------------
    def get(self, entry_id: str) -> Optional[Entry]:
        return self.entries.get(entry_id)

    def sources_of(self, entry: Entry) -> List[Source]:
        return [self.sources[s] for s in entry.sources]

    def search(self, text: str, limit: int = 3) -> List[Tuple[str, float]]:
        ranked = sorted(self.index.scores(nlp.lemmas(text)).items(), key=lambda kv: -kv[1])
        return ranked[:limit]

    # -- selection -----------------------------------------------------------------------
    def _best_of_kind(self, intent: str, retrieval: Dict[str, float]) -> Selection:
        """The overview for the question kind, unless the text clearly names a specific entry of that kind."""
        overview = self.entries[OVERVIEW_FOR_KIND[intent]]
        wanted = set(QUESTION_KINDS[intent])
        ranked = sorted(
            ((score, i) for i, score in retrieval.items() if wanted & set(self.entries[i].kinds)), reverse=True
        )
        if ranked:
            score, best_id = ranked[0]
            if (
                best_id != overview.id
                and score >= SETTINGS.retrieval_min_score
                and score >= OVERVIEW_MARGIN * retrieval.get(overview.id, 0.0)
            ):
                return Selection(self.entries[best_id], "kind_retrieval", score, (overview.id,))
        return Selection(overview, "overview", 1.0)

    def select(
        self,
        text: str,
        intent: Optional[str],
        entities: Iterable[Tuple[str, str]],
        confident: bool = True,
        topic: Optional[str] = None,
        min_score: Optional[float] = None,
    ) -> Optional[Selection]:
        """Pick the entry that answers `text`, or None when nothing fits well enough."""
        if topic and topic in self.entries:
            return Selection(self.entries[topic], "topic", 1.0)
        retrieval = dict(self.search(text, limit=len(self.entries)))
        # The intent ranks entity matches even when it is too unsure to pick an overview.
        wanted = set(QUESTION_KINDS.get(intent or "", ()))
        mentioned = set(entities)

        weights = {**ENTITY_WEIGHT, **ENTITY_WEIGHT_BY_KIND.get(intent or "", {})}
        candidates: List[Tuple[float, bool, str]] = []
        for e in self.entries.values():
            keys = e.key_pairs()
            hits = mentioned & keys
            if not hits:
                continue
            # Rarer keys say more: "generalised" names one entry, "fasciculation" several.
            score = sum(
                VALUE_WEIGHT.get((entity, value), weights.get(entity, DEFAULT_ENTITY_WEIGHT))
                * (0.75 + 0.25 / self.key_frequency[(entity, value)])
                for entity, value in hits
            )
            if any(HOME_KINDS.get(entity, set()) & set(e.kinds) for entity, _ in hits):
                score += HOME_KIND_BONUS
            score += SPECIFICITY_BONUS * len(hits) / len(keys)
            kind_match = bool(wanted & set(e.kinds))
            if kind_match:
                score += KIND_MATCH_BONUS
            # Retrieval only breaks ties between equally good entity matches.
            score += min(retrieval.get(e.id, 0.0), 20.0) / 100.0
            candidates.append((score, kind_match, e.id))
        candidates.sort(reverse=True)
        if candidates:
            best_score, _, best_id = candidates[0]
            return Selection(self.entries[best_id], "entities", best_score, tuple(i for _, _, i in candidates[1:4]))

        if confident and intent in OVERVIEW_FOR_KIND:
            return self._best_of_kind(intent, retrieval)

        threshold = SETTINGS.retrieval_min_score if min_score is None else min_score
        ranked = sorted(retrieval.items(), key=lambda kv: -kv[1])
        if ranked and ranked[0][1] >= threshold:
            return Selection(self.entries[ranked[0][0]], "retrieval", ranked[0][1], tuple(i for i, _ in ranked[1:4]))
        return None


def _entry(raw: Dict[str, Any]) -> Entry:
    return Entry(
        id=raw["id"],
        title=raw["title"].strip(),
        kinds=tuple(raw.get("kinds") or ()),
        keys={k: tuple(v or ()) for k, v in (raw.get("keys") or {}).items()},
        answer=" ".join(raw["answer"].split()),
        detail=" ".join((raw.get("detail") or "").split()),
        related=tuple(raw.get("related") or ()),
        sources=tuple(raw.get("sources") or ()),
        questions=tuple(raw.get("questions") or ()),
        facts=tuple(
            Fact(str(f["aspect"]), " ".join(str(f["text"]).split()), tuple(f.get("sources") or ()))
            for f in raw.get("facts") or ()
        ),
    )


def load(knowledge_dir: Optional[Path] = None) -> KnowledgeBase:
    root = Path(knowledge_dir or SETTINGS.knowledge_dir)
    sources = [
        Source(s["id"], s["title"], s["publisher"], s["seed_file"])
        for s in yaml_files.read(root / "sources.yml")["sources"]
    ]
    entries: List[Entry] = []
    for path in sorted((root / "entries").glob("*.yml")):
        entries += [_entry(raw) for raw in yaml_files.read(path)["entries"]]
    return KnowledgeBase(entries, sources, nlp.load_vocabulary(root / "vocabulary.yml"))


@lru_cache(maxsize=1)
def default_kb() -> KnowledgeBase:
    """The knowledge base, loaded and indexed once per process."""
    return load()
