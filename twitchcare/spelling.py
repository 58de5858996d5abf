"""Spelling tolerance for the rule-based readers: "wekness", "munths", "aduld", "medcine" are
read as the words the readers know ("weakness", "months", "adult", "medicine").

Only words that are not English are corrected, and only into a word the readers use:
- an English word is any word of spaCy's English frequency table (`en_lexeme_prob` in
  spacy-lookups-data, the package the lemmatizer already uses) at least as frequent as
  KNOWN_LOGPROB, or the plural of one that is no target; it is never changed ("thy", "seeker",
  "fags", "ewes" stay as they are);
- the target words are the frequent English words (TARGET_LOGPROB) that one of the readers'
  own patterns matches whole (`weak\\w*` gives weak, weaker, weakness...), plus every word of the
  lay-term vocabulary (knowledge/vocabulary.yml). One source of truth: the readers' patterns.
- a word of MIN_CHARS to MAX_CHARS letters is corrected to the nearest target with the same first
  letter within one edit (two for words of LONG_CHARS or more; insertions, deletions,
  substitutions and swaps of neighbours), the more frequent word on a tie; not to a target two
  edits away when an English word is one edit away ("brekfast" is not "breast"). Short words
  are left alone: "to" for "two" or "free" for "three" cannot be told from the real words.

Lookups use a symmetric-delete index (every target with up to two letters deleted), so a word
costs a few dictionary lookups, not a scan of the targets.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import pickle
import re
from itertools import combinations
from pathlib import Path
from typing import AbstractSet, Callable, Dict, Iterable, List, Optional, Set, Tuple

import spacy_lookups_data

from twitchcare.text import CHAT_FILLERS, SCOTS_CANNOT, SCOTS_NEGATIONS, TAGALOG_PARTICLES

LEXICON_PATH = Path(spacy_lookups_data.__file__).parent / "data" / "en_lexeme_prob.json.gz"
LEMMA_PATH = LEXICON_PATH.with_name("en_lemma_lookup.json.gz")
KNOWN_LOGPROB = -16.0  # at least this frequent: an English word, never corrected
TARGET_LOGPROB = -15.5  # frequent words that a reader's pattern matches become targets
MIN_CHARS = 4
# Longer "words" are left alone: no target is this long ("antidepressants" has 15 letters), and
# the candidate search grows with the cube of a word's length (a 2,000-letter word from hostile
# input would take minutes).
MAX_CHARS = 20
LONG_CHARS = 6  # from this length two edits are allowed
# A word, with the "'t" of a negative contraction: "couldn't" is one word (left alone), not
# "couldn" (which would be read as "could"), while "tounge's" is still "tounge" + "'s".
_WORD = re.compile(r"[a-z]+(?:'t\b)?")
# What a built corrector depends on besides its patterns and words (`cached`): these settings,
# the lexicon's version and this module's code.
SETTINGS_KEY = (
    f"{KNOWN_LOGPROB} {TARGET_LOGPROB} {MIN_CHARS} {MAX_CHARS} {LONG_CHARS} "
    f"{getattr(spacy_lookups_data, '__version__', '')} {hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}"
)
# Contractions typed without the apostrophe: the frequency table splits "don't" into "do" and
# "n't", so "dont" is missing from it, yet it is no misspelling of "done".
CONTRACTIONS = (
    frozenset(
        "dont cant wont isnt arent wasnt werent didnt doesnt hasnt havent hadnt couldnt wouldnt shouldnt "
        "mustnt neednt aint ive youve weve theyve id youd hed shed wed theyd ill youll hell shell theyll "
        "im youre theyre thats whats whos wheres hows theres heres lets its".split()
    )
    # and the Scots negatives ("cannae" is no misspelling of "canned"; shorter words are never corrected)
    # and the chat fillers ("lowkey" is no misspelling of "lower"), and Tagalog's particles
    | {word for word in SCOTS_NEGATIONS | SCOTS_CANNOT | CHAT_FILLERS | TAGALOG_PARTICLES if len(word) >= MIN_CHARS}
)


def _deletes(word: str, depth: int) -> Set[str]:
    out = {word}
    for k in range(1, depth + 1):
        if len(word) - k < 2:
            break
        out |= {"".join(c for i, c in enumerate(word) if i not in drop) for drop in combinations(range(len(word)), k)}
    return out


def _edits1(word: str) -> Set[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


def distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment)."""
    prev2: List[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[len(b)]


MEMO_SIZE = 20_000


class Corrector:
    def __init__(self, known: Set[str], targets: Dict[str, float], kept: AbstractSet[str] = frozenset()):
        self.known = known
        self.targets = targets
        # Words left as they are that are no English either: they never block a correction
        # ("diarea" is still "diarrhea", though the Spanish "diarrea" is one edit away).
        self.kept = kept
        self.index: Dict[str, List[str]] = {}
        # Unknown words recur (the same typo in every message of a conversation, the detector and
        # the readers correcting the same text): remember the answers, up to a bounded size.
        self._memo: Dict[str, str] = {}
        for word in targets:
            for d in _deletes(word, 2):
                self.index.setdefault(d, []).append(word)

    def correct_word(self, word: str) -> str:
        """`word` (lower case) as a target word when it is a misspelling of one, else unchanged."""
        if (
            not MIN_CHARS <= len(word) <= MAX_CHARS
            or word in self.targets
            or word in self.known
            or word in self.kept
            or not word.isalpha()
            # the plural of an English word that is none of ours is English too ("ewes" is no "eyes")
            or (word.endswith("s") and word[:-1] in self.known and word[:-1] not in self.targets)
        ):
            return word
        if word not in self._memo:
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[word] = self._nearest_target(word)
        return self._memo[word]

    def _nearest_target(self, word: str) -> str:
        limit = 2 if len(word) >= LONG_CHARS else 1
        candidates = {c for d in _deletes(word, limit) for c in self.index.get(d, ()) if c[0] == word[0]}
        best: Optional[Tuple[int, float, str]] = None
        for c in candidates:
            d = distance(word, c)
            if d <= limit and (best is None or (d, -self.targets[c]) < (best[0], -best[1])):
                best = (d, self.targets[c], c)
        if best is None or (best[0] == 2 and any(e in self.known for e in _edits1(word))):
            return word
        return best[2]

    def correct(self, text: str) -> str:
        """`text` (lower case) with each misspelt word replaced by the target word it stands for."""
        return _WORD.sub(lambda m: self.correct_word(m.group(0)), text)


def load_lexicon(path: Path = LEXICON_PATH) -> Dict[str, float]:
    """Word -> log probability, for the words at least KNOWN_LOGPROB frequent."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        table = json.load(f)
    return {w: p for w, p in table.items() if p >= KNOWN_LOGPROB and _WORD.fullmatch(w)}


def load_lemmas(path: Path = LEMMA_PATH) -> Dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return dict(json.load(f))


def _whole(pattern: "re.Pattern[str]", word: str) -> bool:
    m = pattern.search(word)
    return bool(pattern.fullmatch(word) or (m and m.group(0) == word))


def build(
    patterns: Iterable["re.Pattern[str]"],
    words: Iterable[str],
    lexicon: Dict[str, float],
    lemmas: Dict[str, str],
    keep: Iterable[str] = (),
) -> Corrector:
    """A corrector whose targets are the frequent words that a pattern matches whole (or whose
    lemma it matches: "months" for `month`), the words of `words` and their inflections. The
    words of `keep` are never corrected and never targets."""
    patterns = list(patterns)
    named = {w for phrase in words for w in _WORD.findall(phrase.lower()) if len(w) >= MIN_CHARS}
    targets: Dict[str, float] = {w: lexicon.get(w, KNOWN_LOGPROB) for w in named}
    for word, logprob in lexicon.items():
        if logprob < TARGET_LOGPROB or len(word) < MIN_CHARS or word in targets:
            continue
        lemma = lemmas.get(word, word)
        if lemma in named or any(_whole(p, word) or _whole(p, lemma) for p in patterns):
            targets[word] = logprob
    # The rarer inflections of those words, missing from the frequency table but in the lemma
    # table ("droops", "drooped", "carers", "paining"), are targets too, at the least weight: else
    # they would be "corrected" into a frequent neighbour ("drops", "dropped", "cares", "painting").
    matched: Dict[str, bool] = {}
    for word, lemma in lemmas.items():
        if word in targets or word in lexicon or len(word) < MIN_CHARS or not word.isalpha() or lemma == word:
            continue
        if lemma not in matched:
            matched[lemma] = lemma in targets or lemma in named or any(_whole(p, lemma) for p in patterns)
        if matched[lemma]:
            targets[word] = KNOWN_LOGPROB
    kept = {w for phrase in keep for w in _WORD.findall(phrase.lower())}
    return Corrector(set(lexicon) | CONTRACTIONS, {w: p for w, p in targets.items() if w not in kept}, kept)


def cached(directory: Path, key: str, make: Callable[[], Corrector]) -> Corrector:
    """The corrector `make` builds, kept in `directory` under a hash of `key` (what it is built
    from): building takes seconds, and every process that reads answers (each server, each
    check) needs one. A missing, stale or unreadable file is rebuilt; an unwritable directory
    only costs the build."""
    path = directory / f"corrector-{hashlib.sha256(key.encode()).hexdigest()[:20]}.pickle"
    try:
        with path.open("rb") as f:
            loaded = pickle.load(f)
        if isinstance(loaded, Corrector):
            return loaded
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        pass
    corrector = make()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.partial")
        with partial.open("wb") as f:
            pickle.dump(corrector, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, path)  # atomic: a process reading at the same time sees all or nothing
    except OSError:
        pass
    return corrector
