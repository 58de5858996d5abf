"""The clinic's own FAQs, searched with the same lemmatised BM25 as the knowledge base (one
index over both, so word weights are shared) and re-read whenever their source changes, so
edits need no retraining.

The source is the FAQ table in the tracker database (twitchcare/console_store.py, written by
the clinic console and shared by every replica), seeded once from clinic/faq.yml; a plain YAML
file (`YamlFaqs`) works too."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Hashable, List, Optional, Protocol, Set, Tuple, Union

from twitchcare import nlp, yaml_files
from twitchcare.knowledge import BM25, KnowledgeBase
from twitchcare.text import fold

FAQ_PREFIX = "faq:"

# A FAQ must match at least this well, and clearly better than the runner-up.
FAQ_MIN_SCORE = 2.5
# The opening times or parking of somewhere else ("coffee shop near me open now", "what time does
# the library open") are no question for the clinic's FAQs, unless the clinic is named too.
ELSEWHERE = re.compile(
    r"\b(coffee shops?|caf[eé]s?|restaurants?|pubs?|supermarkets?|shops?|stores?|library|gym|pool|leisure cent(re|er)|"
    r"stadium|barbers?|hairdressers?|dealership|garage|bank|post office|cinema|hotel|airport|museum|pharmacy|chemist)\b"
)
MIN_SHARED_WORDS = 2  # content words a message of more than two must share with the FAQ it gets
THE_CLINIC = re.compile(r"\b(clinic|clinic's|surgery|practice|your|you|reception|doctor'?s|gp)\b")


@dataclass(frozen=True)
class Faq:
    id: str
    question: str
    answer: str
    also: Tuple[str, ...] = ()


def load_yaml_faqs(path: Path) -> List[Faq]:
    """The entries of a faq.yml file (none when it does not exist)."""
    try:
        raw = yaml_files.read(path) or {}
    except FileNotFoundError:
        return []
    return [
        Faq(
            str(f["id"]),
            str(f["question"]).strip(),
            " ".join(str(f["answer"]).split()),
            tuple(str(a) for a in f.get("also") or ()),
        )
        for f in raw.get("faqs") or []
    ]


class FaqSource(Protocol):
    def version(self) -> Hashable:
        """Changes whenever the entries change (cheap: asked before every match)."""

    def load(self) -> List[Faq]:
        """The active entries."""


class YamlFaqs:
    """A faq.yml file as a source; its modification time is the version."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def version(self) -> Hashable:
        try:
            return self.path.stat().st_mtime
        except FileNotFoundError:
            return None

    def load(self) -> List[Faq]:
        return load_yaml_faqs(self.path)


class FaqBook:
    def __init__(self, source: Union[Path, FaqSource], kb: KnowledgeBase):
        self.source: FaqSource = YamlFaqs(source) if isinstance(source, Path) else source
        self.kb = kb
        self._version: Hashable = None
        self._loaded = False
        self.faqs: List[Faq] = []
        self.index: Optional[BM25] = None
        self._faq_words: Dict[str, Set[str]] = {}

    def _refresh(self) -> None:
        version = self.source.version()
        if self._loaded and version == self._version:
            return
        self.faqs = self.source.load()
        faq_docs = {FAQ_PREFIX + f.id: nlp.lemmas(" ".join([f.question, f.question, *f.also])) for f in self.faqs}
        self._faq_words = {key: set(words) for key, words in faq_docs.items()}
        self.index = BM25({**self.kb.documents, **faq_docs}) if self.faqs else None
        self._version, self._loaded = version, True

    def match(self, text: str) -> Optional[Tuple[Faq, float]]:
        self._refresh()
        if not self.index or not text:
            return None
        folded = fold(text)
        if ELSEWHERE.search(folded) and not THE_CLINIC.search(folded):
            return None
        asked = nlp.lemmas(text)
        ranked = sorted(self.index.scores(asked).items(), key=lambda kv: -kv[1])
        # The best match overall must be a FAQ, clearly ahead of the runner-up.
        if not ranked or not ranked[0][0].startswith(FAQ_PREFIX) or ranked[0][1] < FAQ_MIN_SCORE:
            return None
        if len(ranked) > 1 and ranked[1][1] > 0.8 * ranked[0][1]:
            return None
        # One shared word is not enough in a longer message: "best muscle cars of the 70s" is no
        # parking question, "how do I get this jar lid open" none about opening hours.
        shared = set(asked) & self._faq_words.get(ranked[0][0], set())
        if len(shared) < MIN_SHARED_WORDS and len(set(asked)) > MIN_SHARED_WORDS:
            return None
        faq_id = ranked[0][0][len(FAQ_PREFIX) :]
        return next(f for f in self.faqs if f.id == faq_id), ranked[0][1]
