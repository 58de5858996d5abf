"""The text helpers every rule-based reader shares: one normaliser and one negation detector.

`safety` (emergency signs), `intake` (answers), `nlp` (the term matcher) and the emergency
detector all read text through these, so "don’t" and "don't", or what a denial reaches, mean
the same everywhere.
"""

from __future__ import annotations

import re
from typing import Iterable, List, Sequence, Tuple

# -- normalising ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case with straight apostrophes; same length as `text`, so offsets still apply."""
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


# Scots words (and a little text-speak and spelling by sound) for what the safety rules and readers
# listen for ("skelped ma heid", "cannae swallow", "i past out"): read as the English words. Whole
# words only.
DIALECT = {
    "heid": "head",
    "ma heid": "my head",
    "skelp": "hit",
    "skelped": "hit",
    "skelpt": "hit",
    "cannae": "can't",
    "canna": "can't",
    "dinnae": "don't",
    "dinna": "don't",
    "didnae": "didn't",
    "wisnae": "wasn't",
    "isnae": "isn't",
    "couldnae": "couldn't",
    "wouldnae": "wouldn't",
    # and text-speak the readers' patterns spell out ("hmm not rly")
    "rly": "really",
    "rlly": "really",
    # words spelt by sound, and what voice typing hears ("i past out", "hit my hed", "a seas your"),
    # where the sound-spelling is no other English word in this topic
    "hed": "head",
    "past out": "passed out",
    "swallo": "swallow",
    "swolla": "swallow",
    "a seas your": "a seizure",
    "seas your": "seizure",
    "seezure": "seizure",
    "speach": "speech",
    "slurd": "slurred",
    "brethe": "breathe",
    "breeth": "breath",
    "stumick": "stomach",
    "stumack": "stomach",
    "fingas": "fingers",
    "thum": "thumb",
    "nee": "knee",
    "num": "numb",
    "caff een": "caffeine",
    "in some ear": "insomnia",
    "fort night": "fortnight",
    "nite": "night",
    "enuf": "enough",
    "enuff": "enough",
    "emm are eye": "mri",
    "em are eye": "mri",
    "m r i": "mri",
    "breth": "breath",
    "cnt": "can't",
    "shur": "sure",
    "shure": "sure",
    # a smartwatch's clipped words
    "rt": "right",
    "poss": "possibly",
    "lil": "little",
    "husb": "husband",
    # vomiting and diarrhoea, as clinics and parents shorten it
    "v+d": "vomiting and diarrhoea",
    "d+v": "diarrhoea and vomiting",
    "v&d": "vomiting and diarrhoea",
    "d&v": "diarrhoea and vomiting",
}
_DIALECT = re.compile(r"\b(" + "|".join(sorted(map(re.escape, DIALECT), key=len, reverse=True)) + r")\b")


SENTENCE_ENDS = ".;!?\n"


def sentence_span(text: str, start: int, end: int = -1) -> Tuple[int, int]:
    """Offsets of the sentence around `text[start:end]`: from after the last . ; ! ? or line break
    before it to the next one after it (or the text's ends)."""
    end = start if end < 0 else end
    begin = max(text.rfind(mark, 0, start) for mark in SENTENCE_ENDS) + 1
    ends = [i for i in (text.find(mark, end) for mark in SENTENCE_ENDS) if i >= 0]
    return begin, min(ends) if ends else len(text)


# A phone's autocorrect fixed by hand with an asterisk right after the wrong word ("a knock to the
# heat *head"): the starred word replaces it. Not emphasis, which closes its asterisk ("*really*").
_STARRED_FIX = re.compile(r"\b[a-z']+ \*([a-z']+)\b(?![*'])")


# Note-taking shorthand for yes and no ("weakness +ve, numbness -ve", "tingly ✔ pain ✘", "n/s"): read
# as the words.
NOTATION = (
    (re.compile(r"(?<![\w+-])\+ ?ve\b"), " yes"),
    (re.compile(r"(?<![\w+-])- ?ve\b"), " no"),
    # a tick or a cross marks the word before it ("tingly ✔ pain ✘"; "0/8 ✓" ticks the count)
    (re.compile("(?<=[a-z])\\s?[\u2714\u2713\u2705\u2611]\ufe0f?"), " yes "),
    (re.compile("(?<=[a-z])\\s?[\u2718\u2717\u274c\u2716\u2612]\ufe0f?"), " no "),
    (re.compile(r"(?<![\w/])n/s(?![\w/])"), "not sure"),
    # "0 caffeine 0 alcohol", "0/10 change", "zip. 0.": nought is none
    (re.compile(r"(?<![\w.,/-])0(/10)? (?=[a-z])"), "no "),
    (re.compile(r"(^|[.,;:!] ?)(0|zip)(?=\W*$|[.,;!])"), r"\1none"),
    (re.compile(r"(?<![\w.,/-])0 ?/ ?\d{1,2}\b(?!\s*/)"), "none"),  # "0/8": none of the eight
    # "prob yes, 80% sure"; "b. 1988" (born)
    (re.compile(r"\bprob(?= (yes|yeah|yep|no|not|nope|none)\b)"), "probably"),
    (re.compile(r"\bb\. ?(?=(19|20)\d\d\b)"), "born "),
    # "yest pm onwards", "since yest" (alone, "yest" is as often a slip for "yes"); the one place
    # "yest" is read as yesterday (the spelling corrector makes it "yes" before durations reads it)
    (
        re.compile(
            r"\byest\b(?= ?(pm|am|morn\w*|eve\w*|night|afternoon|onwards|lunch))|(?<=since )yest\b|(?<=from )yest\b|(?<=started )yest\b"
        ),
        "yesterday",
    ),
    # "prefer not 2 say", "hard 2 tell": text-speak "2" for "to" (no age of two, an a96 tuning answer)
    (re.compile(r"\b(not|want|going|hard|rather|prefer|need|like|have) 2 (say|tell|know|share|b|be)\b"), r"\1 to \2"),
)


def _read_notation(text: str) -> str:
    for pattern, words in NOTATION:
        text = pattern.sub(words, text)
    return text


def normalise(text: str) -> str:
    """`fold`, with note-taking shorthand read as words, runs of white space made single spaces, the
    ends stripped, a word fixed with an asterisk replaced and Scots words read as English."""
    folded = " ".join(_read_notation(fold(text)).split())
    return _DIALECT.sub(lambda m: DIALECT[m.group(1)], _STARRED_FIX.sub(r"\1", folded))


# -- asking how to recognise something ------------------------------------------------------

# "how will I know", "how I can tell", "how does one know": the writer asks how to recognise something.
# One fragment for both readers: the intake takes it for "not sure", safety for a sign asked about,
# not reported ("how will I know if it's slurred speech?").
HOW_TO_TELL = r"how ((will|would|do|can|should|does) (i|we|you|u|one)|(i|we) (can|could|will|should)) (know|tell)"


# -- negation ------------------------------------------------------------------------------

# Hindi says "not" after what it denies: "dard nahi" (no pain), "koi dikkat nahi" (no trouble).
HINDI_NOT = ("nahi", "nahin", "nhi", "nai")

# Words that deny what follows them in the same clause ("no weakness", "I don't have pain").
# The Scots negatives: negation cues, and those that say "cannot" (CANNOT_WORDS). The spelling
# corrector leaves them all as they are ("cannae" is no misspelling of "canned").
SCOTS_NEGATIONS = frozenset(
    {"nae", "dinnae", "didnae", "disnae", "doesnae", "isnae", "wasnae", "wisnae", "hasnae", "havnae", "havenae"}
)
SCOTS_CANNOT = frozenset({"cannae", "couldnae", "wouldnae"})
# Chat slang said before a plain yes or no ("deadass no", "lowkey yes", an a114 tuning answer): the
# readers skip it as a filler, and the spelling corrector leaves it as it is ("lowkey" is no
# misspelling of "lower").
CHAT_FILLERS = frozenset({"deadass", "lowkey", "highkey", "frfr", "fr", "ngl", "tbh", "tbf", "lol", "bruh"})
# Tagalog's politeness and softening words after a yes or no ("oo po", "wala naman po maam", an a120
# tuning answer): the readers take the answer before them, and the spelling corrector leaves them as
# they are ("maam" is no misspelling of "mama").
TAGALOG_PARTICLES = frozenset({"po", "naman", "nman", "lang", "talaga", "maam", "ma'am", "sir"})
NEGATION_CUES = frozenset(
    {
        "no",
        "not",
        "n't",
        "never",
        "without",
        "zero",
        "0",  # "0 caffeine 0 alcohol"
        "none",
        "neither",
        "nor",
        "deny",
        "denies",
        "don't",
        "dont",
        "doesn't",
        "doesnt",
        # spelt as said: "it dosnt droop", "i dident faint"
        "dosnt",
        "dosent",
        "doesent",
        "dident",
        "didint",
        "didn't",
        "didnt",
        "haven't",
        "havent",
        "hasn't",
        "hasnt",
        "isn't",
        "isnt",
        "aren't",
        "arent",
        "wasn't",
        "wasnt",
        # "nothing's drooping" (but not "nothing": "nothing I eat goes down" reports a sign)
        "nothing's",
        "nothings",
    }
    # Scots: "nae worse", "it disnae droop", "he didnae faint" (w119 tuning)
    | SCOTS_NEGATIONS
)
# Negations that are no denial before a sign ("can't breathe" is the sign), but are before a habit or
# a state ("can't sleep well", "couldn't care less about coffee"): the intake's trigger readers use them
# with NEGATION_CUES.
CANNOT_WORDS = frozenset(
    {
        "can't",
        "cant",
        "cannot",
        "couldn't",
        "couldnt",
        "weren't",
        "werent",
        "won't",
        "wont",
    }
    | SCOTS_CANNOT
)


def word_alternation(words: Iterable[str]) -> str:
    """A regex alternation of `words`, longest first, in one fixed order (the spelling corrector's
    cache key is built from the patterns, so it must not depend on set order)."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


# Words and marks that end a denial's reach ("no pain but my arm is numb").
CLAUSE_BREAKS = frozenset(
    {
        ".",
        "!",
        "?",
        ";",
        "but",
        "though",
        "although",
        "however",
        "except",
        # "not really, apart from my speech slurring": the exception is not denied
        "apart",
        "aside",
        "besides",
        "yet",
        "also",
        "plus",
        "because",
        "cos",
        "coz",
    }
)
# "no pain and I'm dropping things": "and" before a new subject starts a new clause.
NEW_SUBJECT = frozenset(
    {"i", "i'm", "im", "my", "it", "he", "she", "they", "his", "her", "now", "then", "suddenly", "also"}
    # "things haven't been easy and I've not been sleeping": a subject with its verb joined on too
    | {"i've", "ive", "i'd", "we", "we've", "we're", "he's", "she's", "it's", "they're", "they've"}
)
VERB_AFTER_A_COMMA = frozenset({"had", "been", "having", "got", "getting"})
# A cue and the word after it that take the denial back: "no actually my eye and mouth are drooping"
# corrects what came before; "not unless you count my tongue", "not nothing" name the thing; "not
# simultaneously: right bicep, left forearm", "not just my arm" say how or how far, not that it is absent.
CUE_TAKEN_BACK = frozenset(
    {("no", "actually"), ("no", "wait"), ("not", "unless"), ("not", "nothing")}
    | {("not", w) for w in ("simultaneously", "together", "always", "constantly", "continuously", "just", "only")}
)
# Doubt is not denial: "not sure if my arm is weak", "maybe no weakness", "weak or not".
DOUBT_WORDS = frozenset({"unsure", "maybe", "might"})
DOUBT_AFTER_CUE = frozenset({"sure", "certain", "know"})
# How many words back a denial reaches.
NEGATION_WINDOW = 6

_WORD = re.compile(r"[a-z0-9']+|[.;!?,/&]")


def words(text: str) -> List[str]:
    """Lower-case words and the punctuation that matters to clauses, in order."""
    return _WORD.findall(fold(text))


def reach(before: Sequence[str]) -> List[str]:
    """The words a denial of the next phrase could be among: back to the clause start, at most
    NEGATION_WINDOW words (punctuation that does not end a clause is not counted)."""
    kept: List[str] = []
    counted = 0
    for i in range(len(before) - 1, -1, -1):
        word = before[i]
        if word in CLAUSE_BREAKS:
            break
        # "no pain and I'm dropping things", "the baby, not me, her legs twitch": a new subject
        # after "and" or a comma starts a new clause.
        if word in ("and", ",") and i + 1 < len(before) and before[i + 1] in NEW_SUBJECT:
            break
        # "not drinking enough, had diarrhoea all day": a verb of its own after a comma starts a
        # new clause with its subject left out
        if word == "," and i + 1 < len(before) and before[i + 1] in VERB_AFTER_A_COMMA:
            break
        kept.insert(0, word)
        if word[0].isalnum():
            counted += 1
            if counted == NEGATION_WINDOW:
                break
    return kept


def doubted(window: Sequence[str]) -> bool:
    for i, word in enumerate(window):
        following = window[i + 1] if i + 1 < len(window) else ""
        if (
            word in DOUBT_WORDS
            or (word in NEGATION_CUES and following in DOUBT_AFTER_CUE)
            or (word == "or" and following == "not")
        ):
            return True
    return False


def denies(before: Sequence[str]) -> bool:
    """True when the words `before` a phrase (lower case, in order) clearly deny it."""
    window = reach(before)
    # "nothing like slurred speech" denies; "nothing I eat goes down" and "nothing like this pain
    # before" (something new) do not.
    nothing_like = any(
        w == "nothing" and n == "like" and after not in ("this", "it")
        for w, n, after in zip(window, window[1:], [*window[2:], ""])
    )
    corrected = {i for i, pair in enumerate(zip(window, window[1:])) if pair in CUE_TAKEN_BACK}
    return not doubted(window) and (
        nothing_like or any(word in NEGATION_CUES for i, word in enumerate(window) if i not in corrected)
    )
