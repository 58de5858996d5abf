"""The clinic's own FAQs (clinic/faq.yml), searched with the same lemmatised BM25 as the
knowledge base (one index over both, so word weights are shared) and re-read whenever the
file changes, so edits need no retraining."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

from twitchcare import nlp
from twitchcare.knowledge import BM25, KnowledgeBase

FAQ_PREFIX = "faq:"

# A FAQ must match at least this well, and clearly better than the runner-up.
FAQ_MIN_SCORE = 2.5


@dataclass(frozen=True)
class Faq:
    id: str
    question: str
    answer: str
    also: Tuple[str, ...] = ()


class FaqBook:
    def __init__(self, path: Path, kb: KnowledgeBase):
        self.path = Path(path)
        self.kb = kb
        self._mtime: Optional[float] = None
        self.faqs: List[Faq] = []
        self.index: Optional[BM25] = None

    def _refresh(self) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            self.faqs, self.index, self._mtime = [], None, None
            return
        if mtime == self._mtime:
            return
        raw = yaml.safe_load(self.path.read_text(encoding="utf-8")) or {}
        self.faqs = [Faq(str(f["id"]), str(f["question"]).strip(), " ".join(str(f["answer"]).split()),
                         tuple(str(a) for a in f.get("also") or ()))
                     for f in raw.get("faqs") or []]
        faq_docs = {FAQ_PREFIX + f.id: nlp.lemmas(" ".join([f.question, f.question, *f.also])) for f in self.faqs}
        self.index = BM25({**self.kb.documents, **faq_docs})
        self._mtime = mtime

    def match(self, text: str) -> Optional[Tuple[Faq, float]]:
        self._refresh()
        if not self.index or not text:
            return None
        ranked = sorted(self.index.scores(nlp.lemmas(text)).items(), key=lambda kv: -kv[1])
        # The best match overall must be a FAQ, clearly ahead of the runner-up.
        if not ranked or not ranked[0][0].startswith(FAQ_PREFIX) or ranked[0][1] < FAQ_MIN_SCORE:
            return None
        if len(ranked) > 1 and ranked[1][1] > 0.8 * ranked[0][1]:
            return None
        faq_id = ranked[0][0][len(FAQ_PREFIX):]
        return next(f for f in self.faqs if f.id == faq_id), ranked[0][1]
