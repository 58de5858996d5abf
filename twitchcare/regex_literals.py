"""Literal strings a regular expression cannot match without: a cheap screen before the regex runs.

The emergency rules (twitchcare/safety.py) are a few hundred regular expressions, and every one of
them was searched in every message: about 1.5 ms a message, more than half of the emergency
detector's time per message and a sixth of its fit. Almost every message fails almost every
pattern, and most patterns cannot match without some word or word part ("wheez", "breath", "seiz").
`required(pattern)` reads the pattern's parse tree and returns strings of which any match must
contain at least one (or None when it cannot say), so a message that contains none of them is
skipped without running the pattern: the answer is the same, only faster.

The reading is conservative: only literal characters, small character classes of literals,
groups, alternatives, optional literals and repeats that must happen at least once yield strings;
anything else (ranges, \\w, ., backreferences, other optional parts) only ends a run of literals.
Zero-width parts (\\b, ^, lookarounds) consume nothing, so literals on both sides of them stay one
run. Patterns whose flags change what a literal matches (IGNORECASE, ASCII, LOCALE) are not screened.
"""

from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, List, Optional, Sequence, Set, Tuple

import sre_parse  # the re module's own parser (Python 3.8-3.10, as Rasa 3.6 needs; re._parser from 3.11)

MAX_STRINGS = 64  # a run of literals with more spellings than this ends where it is
MAX_CLASS = 8  # a character class of more literals than this is read as any character
GRAM = 4  # the length of the pieces a set of required strings is reduced to (compact)

Exact = Tuple[str, FrozenSet[str]]  # ("exact", every string the part can match)
Needs = Tuple[str, Optional[FrozenSet[str]]]  # ("needs", strings one of which any match contains)

_ZERO_WIDTH = {sre_parse.AT, sre_parse.ASSERT, sre_parse.ASSERT_NOT}
_EMPTY: Exact = ("exact", frozenset({""}))
_UNKNOWN: Needs = ("needs", None)


def _better(a: Optional[FrozenSet[str]], b: Optional[FrozenSet[str]]) -> Optional[FrozenSet[str]]:
    """The more selective of two requirements: the longer shortest string, then fewer strings."""
    if a is None or "" in a:
        return None if b is None or "" in b else b
    if b is None or "" in b:
        return a
    return max((a, b), key=lambda s: (min(map(len, s)), -len(s)))


def _sequence(items: List[Any]) -> Any:
    run: FrozenSet[str] = frozenset({""})  # spellings of the literal run being read
    best: Optional[FrozenSet[str]] = None
    exact = True
    for op, av in items:
        kind, strings = _part(op, av)
        if kind == "exact" and strings is not None:
            joined = frozenset(a + b for a in run for b in strings)
            if len(joined) > MAX_STRINGS:
                best, joined, exact = _better(best, run), strings, False
            run = joined
            continue
        exact = False
        best = _better(_better(best, run), strings)
        run = frozenset({""})
    if exact:
        return ("exact", run)
    return ("needs", _better(best, run))


def _part(op: Any, av: Any) -> Any:
    if op == sre_parse.LITERAL:
        return ("exact", frozenset({chr(av)}))
    if op in _ZERO_WIDTH:
        return _EMPTY
    if op == sre_parse.IN:
        if 0 < len(av) <= MAX_CLASS and all(o == sre_parse.LITERAL for o, _ in av):
            return ("exact", frozenset(chr(c) for _, c in av))
        return _UNKNOWN
    if op == sre_parse.SUBPATTERN:
        if len(av) == 4 and av[1] & (re.IGNORECASE | re.ASCII | re.LOCALE):  # (?i:...) inside the pattern
            return _UNKNOWN
        return _sequence(list(av[-1]))
    if op == sre_parse.BRANCH:
        branches = [_sequence(list(b)) for b in av[1]]
        if all(kind == "exact" for kind, _ in branches):
            return ("exact", frozenset().union(*(s for _, s in branches)))
        needs = [s for _, s in branches]
        if any(s is None or "" in s for s in needs):
            return _UNKNOWN
        return ("needs", frozenset().union(*needs))
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
        low, high, inner = av
        kind, strings = _sequence(list(inner))
        if low == 0 and high == 1 and kind == "exact" and strings is not None:  # "saa?ns": "sans" or "saans"
            return ("exact", strings | {""})
        if low < 1:
            return _UNKNOWN
        if kind == "exact" and low == high == 1:
            return (kind, strings)
        return ("needs", strings)
    return _UNKNOWN


def compact(strings: FrozenSet[str], width: int = GRAM) -> FrozenSet[str]:
    """Fewer strings that say as much: each string stands for itself or for a `width`-character piece
    of it, chosen so that pieces are shared ("choke", "chokes", "choking" -> "chok"). A text that
    contains a string contains its piece, so the smaller set is still required; the check then
    tests a handful of pieces instead of every spelling."""
    strings = frozenset(s for s in strings if not any(t != s and t in s for t in strings))  # "b" makes "bc" idle
    pieces = {s: {s[i : i + width] for i in range(len(s) - width + 1)} or {s} for s in strings}
    left: Set[str] = set(strings)
    chosen: Set[str] = set()
    while left:
        counts: Dict[str, int] = {}
        for s in left:
            for piece in pieces[s]:
                counts[piece] = counts.get(piece, 0) + 1
        # the piece shared by most strings left; then one without spaces; then the first in order
        best = min(counts, key=lambda p: (-counts[p], " " in p, p))
        if counts[best] == 1:  # nothing shared any more: the strings left stand for themselves
            return frozenset(chosen | left)
        chosen.add(best)
        left = {s for s in left if best not in pieces[s]}
    return frozenset(chosen)


def required(pattern: "re.Pattern[str]") -> Optional[FrozenSet[str]]:
    """Strings one of which every match of `pattern` contains, or None when there are none to say."""
    if pattern.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
        return None
    kind, strings = _sequence(sre_parse.parse(pattern.pattern, pattern.flags).data)
    if strings is None or "" in strings:
        return None
    return compact(strings)


def possible(needs: Optional[FrozenSet[str]], text: str) -> bool:
    """Whether `text` has one of the required strings (always, when nothing is required)."""
    if needs is None:
        return True
    for piece in needs:  # a plain loop: about twice as fast as any() over a generator here
        if piece in text:
            return True
    return False


def required_by_any(patterns: "Sequence[Screened]") -> Optional[FrozenSet[str]]:
    """Strings one of which a text needs for any of `patterns` to match (None if one needs nothing)."""
    if any(p.needs is None for p in patterns):
        return None
    return compact(frozenset().union(*(p.needs or () for p in patterns)))


class Screened:
    """A compiled pattern with its required strings: `search` and `finditer` skip texts that lack them."""

    __slots__ = ("pattern", "needs")

    def __init__(self, pattern: "re.Pattern[str]") -> None:
        self.pattern = pattern
        self.needs = required(pattern)

    def possible(self, text: str) -> bool:
        return possible(self.needs, text)

    def search(self, text: str) -> "Optional[re.Match[str]]":
        return self.pattern.search(text) if self.possible(text) else None

    def finditer(self, text: str) -> Any:
        return self.pattern.finditer(text) if self.possible(text) else iter(())
