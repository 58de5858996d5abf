"""spaCy text processing: lemmas for retrieval and a lay-term matcher for entities.

Uses a blank English pipeline with the lookup lemmatizer from Explosion's
`spacy-lookups-data` (no model download). Terms come from knowledge/vocabulary.yml,
the one place lay words ("eye jumping", "pins and needles") are mapped to
canonical entity values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple, cast

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from twitchcare import yaml_files
from twitchcare.settings import SETTINGS
from twitchcare.text import HINDI_NOT, NEGATION_CUES, NEGATION_WINDOW, denies, fold

# Words that join a list whose items share one denial ("no weakness, numbness or pain").
LIST_JOINERS = {",", "or", "and", "nor", "/", "&", "any"}


@dataclass(frozen=True)
class TermMatch:
    entity: str
    value: str
    text: str
    start: int  # character offsets in the original text
    end: int
    negated: bool


@lru_cache(maxsize=1)
def pipeline() -> spacy.language.Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def lemmas(text: str) -> List[str]:
    """Content-word lemmas, lowercased; stop words and punctuation dropped."""
    doc = pipeline()(fold(text))
    return [t.lemma_ for t in doc if (t.is_alpha or t.like_num) and not t.is_stop]


def load_vocabulary(path: Path | None = None, section: str = "") -> Dict[str, Dict[str, List[str]]]:
    """Entity -> value -> phrases: the English lists and their code-switched words together, or
    one `section` of the file alone ("vocabulary" or "code_switched")."""
    path = path or SETTINGS.knowledge_dir / "vocabulary.yml"
    data = yaml_files.read(path)
    if section:
        return cast(Dict[str, Dict[str, List[str]]], data.get(section) or {})
    merged: Dict[str, Dict[str, List[str]]] = {
        e: {v: list(p) for v, p in vals.items()} for e, vals in data["vocabulary"].items()
    }
    for entity, values in (data.get("code_switched") or {}).items():
        for value, phrases in values.items():
            merged.setdefault(entity, {}).setdefault(value, []).extend(phrases)
    return merged


class TermMatcher:
    """Finds vocabulary phrases by lemma, longest match first, with simple negation."""

    def __init__(self, vocabulary: Dict[str, Dict[str, List[str]]], correct: Optional[Callable[[str], str]] = None):
        self.nlp = pipeline()
        # Misspelt words are matched as the word they stand for ("calfs", "magneseum"):
        # twitchcare/spelling.py; the offsets stay those of the original text.
        self.correct = correct
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        self.labels: Dict[int, Tuple[str, str]] = {}
        self.words = {fold(p).lower() for values in vocabulary.values() for phrases in values.values() for p in phrases}
        for entity, values in vocabulary.items():
            for value, phrases in values.items():
                key = f"{entity}:{value}"
                self.labels[self.nlp.vocab.strings.add(key)] = (entity, value)
                # Canonical value itself ("vitamin_d" -> "vitamin d") also matches.
                variants = set(phrases) | {value.replace("_", " ")}
                self.matcher.add(key, [self.nlp(fold(p)) for p in variants])

    def find(self, text: str) -> List[TermMatch]:
        doc = self.nlp(fold(text))
        if self.correct is not None:
            for token in doc:
                fixed = self.correct(token.lower_) if token.is_alpha else token.lower_
                if fixed != token.lower_:
                    token.lemma_ = self.nlp(fixed)[0].lemma_
        raw = self.matcher(doc)
        # Keep the longest non-overlapping spans; a span may carry several labels
        # ("steroids" is both a cause and a treatment).
        spans = filter_spans([doc[s:e] for _, s, e in raw])
        kept = {(s.start, s.end) for s in spans}
        found: List[TermMatch] = []
        token_spans: List[Tuple[int, int]] = []
        seen = set()
        for match_id, s, e in sorted(raw, key=lambda m: (m[1], m[2])):
            if (s, e) not in kept:
                continue
            entity, value = self.labels[match_id]
            if (entity, value, s) in seen:
                continue
            seen.add((entity, value, s))
            span = doc[s:e]
            if entity == "age_group" and _cared_for(doc, s):
                continue  # "holding the baby", "carrying my toddler": not the one who twitches
            if entity == "age_group" and OBSERVER_AFTER.match(doc[e:].text.lower()):
                continue  # "my daughter thinks I sound a bit off": she noticed; the twitch is the writer's
            if (
                entity == "body_part"
                and e - s == 1
                and doc[s].lower_.endswith("ing")
                and doc[s].lower_ not in self.words
            ):
                continue  # "calving season", "handing it over", "backing up": a verb, not a part ("hamstring" is one)
            if entity == "body_part" and _face_not_a_place(doc, s):
                continue  # "when I face the client", "pulling faces": meeting or an expression, not the face
            if value == "foot" and doc[s].lower_ == "foot" and s > 0 and doc[s - 1].lower_ == "on":
                continue  # "8 hours on foot": walking, not the foot
            if doc[s].lower_ in ("lap", "laps") and _lap_as_a_seat(doc, s):
                continue  # "the baby on my lap", "a lap of the park": a seat or a round, not the thigh
            if value == "exercise" and doc[s].lower_ == "haul" and s > 0 and doc[s - 1].lower_ == "long":
                continue  # "a long haul flight": travel, not hauling
            if value == "back" and _back_to_back(doc, s):
                continue  # "two long days back to back": one after the other, not the back
            if (
                value == "back"
                and doc[s].lower_ == "back"
                and s > 0
                and doc[s - 1].lower_ in RETURN_VERBS | RECORDS_AND_REPLIES
                and (e >= len(doc) or doc[e].lower_ not in BACK_NOUN_NEXT)
            ):
                continue  # "stop it coming back", "are my results back yet": returning, not the back
            if value == "pain" and _called_a_pain(doc, s):
                continue  # "my new foreman's a pain": a nuisance, not a symptom
            negated = is_negated(doc, s)
            # A denial belongs to the first term after it: "no sleep, right eyelid twitching"
            # denies nothing about the eyelid, while "no weakness, numbness or pain" denies all three.
            previous = next((i for i in range(len(found) - 1, -1, -1) if token_spans[i][1] <= s), None)
            if previous is not None:
                prev = found[previous]
                between = {t.lower_ for t in doc[token_spans[previous][1] : s]}
                if prev.entity == entity and between <= LIST_JOINERS:
                    # "no weakness, numbness, pain or spreading": a list shares its denial.
                    negated = prev.negated
                elif negated:
                    cue = _cue_before(doc, s)
                    if cue < token_spans[previous][1]:
                        negated = prev.negated and prev.entity == entity
                    elif _verdict_of(doc, token_spans[previous][1], cue):
                        # "numbness no, pain a little": the "no" answers for the numbness before it.
                        negated = False
            negated = negated or denied_after(doc, e) or rated_zero(doc.text, span.start_char, span.end_char)
            found.append(TermMatch(entity, value, span.text, span.start_char, span.end_char, negated))
            token_spans.append((s, e))
        return found


# "I face the client", "to face people", "can't face work": "face" as a verb, after who does it
# and before what is met.
FACE_VERB_BEFORE = frozenset("i we you they to can can't cannot cant could couldn't must 'll will have has".split())
FACE_VERB_AFTER = frozenset(
    "the a an my our your their his her it them him people clients customers patients work up".split()
)
# "kids think im pulling faces at them", "made a funny face": an expression made, not where it twitches
# (a w105 tuning opening).
FACE_MAKING_VERBS = frozenset("pull pulls pulling pulled make makes making made".split())
FACE_MAKING_BETWEEN = frozenset("a funny silly weird strange daft odd".split())


def _face_not_a_place(doc: Doc, start: int) -> bool:
    """Whether the "face" at `start` is a verb or an expression made, not where a twitch is."""
    word = doc[start].lower_
    if word not in ("face", "faces", "faced"):
        return False
    if (
        0 < start < len(doc) - 1
        and doc[start - 1].lower_ in FACE_VERB_BEFORE
        and doc[start + 1].lower_ in FACE_VERB_AFTER
    ):
        return True  # "face" as a verb
    if word == "faced":
        return False
    i = start - 1
    while i >= 0 and start - i <= 3 and doc[i].lower_ in FACE_MAKING_BETWEEN:
        i -= 1
    return i >= 0 and doc[i].lower_ in FACE_MAKING_VERBS


# "lap" is the thigh in West African English ("my two laps dey shake", an a99 tuning answer); a
# seat ("on my lap", "in her lap") and a round ("a lap of the park", "two laps", "5 laps") are not.
LAP_SEAT_WORDS = frozenset("on in onto into across off from".split())
LAP_ROUND_WORDS = frozenset("a an one few two three four five ten".split())
NOT_A_THIGH_BEFORE_LAP = LAP_SEAT_WORDS | LAP_ROUND_WORDS


def _lap_as_a_seat(doc: Doc, start: int) -> bool:
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if len(before) == 2 and before[0] in ("my", "his", "her", "both", "their"):
        return False  # "my two laps dey shake": both thighs
    if before and (before[-1] in NOT_A_THIGH_BEFORE_LAP or before[-1].isdigit()):
        return True
    return len(before) == 2 and before[0] in LAP_SEAT_WORDS


# Verbs of looking after someone: the child after them is who is cared for, not the patient.
# ("squats with the toddler on my shoulders": the child came along, it is not the one who twitches)
CARING_LEMMAS = frozenset(
    "hold feed carry lift rock bath bathe nurse breastfeed push chase change settle pick cuddle mind babysit "
    "with".split()
)


# Someone named, then what they noticed about the writer: "my daughter thinks I sound a bit off",
# "my wife says I'm twitching in my sleep" (the twitch is the writer's, not the daughter's).
OBSERVER_AFTER = re.compile(
    r"^\W*(thinks?|says?|said|reckons?|noticed|notices|told me|saw|spotted|mentioned|swears?)( that)? "
    r"(i|i'm|im|i've|ive|i'd|me|my)\b"
)


# "back to back", "back-to-back": the words on either side of one "back" (spaces or dashes between)
BACK_TO_BACK_AFTER = re.compile(r"^[\s\-–]*to[\s\-–]+back\b")
BACK_TO_BACK_BEFORE = re.compile(r"\bback[\s\-–]+to[\s\-–]*$")


def _back_to_back(doc: Doc, start: int) -> bool:
    """Whether the "back" at `start` is part of "back to back" ("back-to-back shifts")."""
    return bool(
        BACK_TO_BACK_AFTER.match(doc[start + 1 :].text.lower()) or BACK_TO_BACK_BEFORE.search(doc[:start].text.lower())
    )


def _cared_for(doc: Doc, start: int) -> bool:
    """A caring verb within the three words before token `start` ("feeding the baby")."""
    return any(t.lemma_ in CARING_LEMMAS or t.lower_ in CARING_LEMMAS for t in doc[max(0, start - 3) : start])


# "back" after these is the adverb ("coming back", "it's back") unless a noun's word follows ("back pain").
RETURN_VERBS = frozenset(
    "come comes coming came go goes going went get gets getting got bring brings bringing brought is 's are "
    "'re was were be been keeps kept just".split()
)
# ... and after a record, a reply or a cut: "are my results back yet", "ring back", "cut back".
RECORDS_AND_REPLIES = frozenset(
    "results result bloods tests test scan scans swab swabs letter report ecg mri x-ray xray "
    "call ring phone text write email reply cut cuts cutting".split()
)
BACK_NOUN_NEXT = frozenset("muscle muscles pain ache spasm spasms twitch twitches twitching of".split())
# "he's a pain", "it's such a pain", "a right pain in the neck": pain as a nuisance.
CALLED_A_PAIN = re.compile(
    r"(\b(is|are|was|'s|being|such|bit of|right|real|total|proper|royal|absolute) a|\ba (right|real|total|proper|royal|absolute)) $"
)


# ... unless it is placed or timed ("it's a pain in my calf", "a pain when I walk"); "a pain in
# the neck/backside" stays the idiom.
PAIN_PLACED = re.compile(
    r"^(in|on|at|around|behind|under|across|down|up|through|when|after|from|if)\b(?! the (neck|arse|ass|backside|bum|butt)\b)"
)


def _called_a_pain(doc: Doc, start: int) -> bool:
    if doc[start].lower_ != "pain" or PAIN_PLACED.match(doc[start + 1 :].text.lower()):
        return False
    return bool(CALLED_A_PAIN.search(doc[max(0, start - 4) : start].text.lower() + " "))


def _cue_before(doc: Doc, start: int) -> int:
    """Token index of the negation cue that negates `start` (call only when it is negated)."""
    for i in range(start - 1, max(-1, start - 1 - NEGATION_WINDOW), -1):
        # "doesnt" is split into "does" + "nt", a cue as much as "n't"
        if doc[i].lower_ in NEGATION_CUES or (doc[i].lower_ == "nt" and i and doc[i - 1].lower_ in NT_AFTER):
            return i
    return -1


# Words that, said right after an option, answer "no" for it: "numbness no, pain yes", "weakness:
# none". The one list for the term matcher (`_verdict_of`) and the intake's symptom reader.
OPTION_VERDICT_NO = ("no", "nope", "nah", "none", "negative", "nil")


def _verdict_of(doc: Doc, term_end: int, cue: int) -> bool:
    """The cue at token `cue` is the answer given right after a term ending at `term_end`
    ("numbness no, pain yes", "weakness: no; pain a little"), closed by a comma or semicolon."""
    gap = [t.lower_ for t in doc[term_end:cue]]
    return (
        cue >= 0
        and gap in ([], [":"], ["-"], ["="])
        and doc[cue].lower_ in OPTION_VERDICT_NO
        and cue + 1 < len(doc)
        and doc[cue + 1].lower_ in (",", ";", "/")
    )


# spaCy splits "dont" into "do" + "nt" (and "don't" into "do" + "n't", a cue already).
NT_AFTER = frozenset({"do", "does", "did", "is", "was", "are", "were", "have", "has", "had"})


# A list item answered with nothing wrong: "Sleep: adequate", "Weakness: none", "Face: normal".
CLEARED_AFTER_COLON = frozenset(
    {"adequate", "fine", "ok", "okay", "good", "normal", "none", "no", "nil", "negative", "nope", "absent"}
)


def denied_after(doc: Doc, end: int) -> bool:
    """A Hindi "nahi" right after the term ending at token `end` (one word may come between), or a
    colon and a word that clears it."""
    after = [t.lower_ for t in doc[end : end + 2]]
    return any(w in HINDI_NOT for w in after) or (
        len(after) == 2 and after[0] == ":" and after[1] in CLEARED_AFTER_COLON
    )


# A symptom rated zero is absent: "0/10 pain", "pain: 0 out of 10", "numbness zero/10".
ZERO_RATING = r"(0|zero|nil)\s*(/|out of)\s*(10|ten)\b"


def rated_zero(text: str, start: int, end: int) -> bool:
    """The words at `text[start:end]` are rated zero right before or right after them."""
    return bool(
        re.search(r"\b" + ZERO_RATING + r"\s*$", text[max(0, start - 20) : start])
        or re.match(r"\W{0,3}" + ZERO_RATING, text[end : end + 20])
    )


def is_negated(doc: Doc, start: int) -> bool:
    """True when a denial stands shortly before token `start` in the same clause (twitchcare.text),
    or the term comes right after "negative on" ("Negative on face. It's the legs")."""
    if start >= 2 and doc[start - 2].lower_ == "negative" and doc[start - 1].lower_ in ("on", "for", "to"):
        return True
    before = [t.lower_ for t in doc[:start]]
    before = ["n't" if w == "nt" and i and before[i - 1] in NT_AFTER else w for i, w in enumerate(before)]
    return denies(before)


@lru_cache(maxsize=1)
def default_matcher() -> TermMatcher:
    from twitchcare.intake import reader_corrector  # intake imports this module

    return TermMatcher(load_vocabulary(), reader_corrector().correct_word)


# Words without which a message cannot be a request to wipe the conversation: "start over",
# "reset the chat". A classifier's "restart" for "stress from work" must not erase an intake.
RESTART_WORDS = re.compile(
    r"\b(start|restart|resatrt|restrat|reset|again|afresh|fresh|clear|wipe|scratch|begin|beginning|"
    r"redo|square one)\b|"
    # Words that also describe a twitch or a tablet ("the new heart tablet", "all over", "the top of
    # my foot") count only where they ask to begin again.
    r"\bnew (chat|conversation|session|one|start|check)\b|\b(go|do|start|strat|begin)\w* (it |this |that |all |everything )?over\b|"
    r"\bover again\b|\bfrom the top\b"
)


# The same for ending the symptom check early: "stop", "no more questions", "forget it".
STOP_WORDS = re.compile(
    r"\b(stop\w*|stp|cancel\w*|quit\w*|abort\w*|done|exit|end|enough|forget|finish\w*|leave|continue|discontinu\w*|"
    r"no more|any ?more|pause\w*|halt|skip|nvm|never ?mind|pack it in|not do (this|the|these)|"
    r"don't want|dont want|do not want|don't wanna|dont wanna|(don't|dont|do not) ask|rather not)\b"
)


def says_restart(text: str) -> bool:
    return text.strip().startswith("/restart") or bool(RESTART_WORDS.search(fold(text)))


# "it won't stop", "can't stop it", "non-stop", "it stopped": a twitch described, not a request.
DESCRIBES_NOT_STOPPING = re.compile(
    r"\b(can'?t|cannot|won'?t|wont|doesn'?t|doesnt|didn'?t|didnt|never|not|non|will not|wouldn'?t)\s*"
    r"(stop|end|finish|quit)\w*|\bnon[- ]?stop\b|\bstopped\b"
)


def says_stop(text: str) -> bool:
    if text.strip().startswith("/stop"):
        return True
    return bool(STOP_WORDS.search(DESCRIBES_NOT_STOPPING.sub(" ", fold(text))))


# Words that put a message about twitching: a greeting or a goodbye does not say them.
# With the Hindi "phadak" (an eye or muscle that twitches) and the Spanish "tiembla", "brinca" and
# "espasmo" that people mix into English.
TWITCH_WORDS = re.compile(
    # ("my hand twiches", "twiching": the w37 tuning writer's spelling)
    r"\b(tw[iy]t?ch\w*|jump\w*|flicker\w*|spasm\w*|jerk\w*|fascic\w*|tremor\w*|quiver\w*|flutter\w*|tics?\b|ticc(ing|ed|y)|"
    r"(ph|f)adak\w*|phadphad\w*|tiembl\w*|temblor\w*|brinc[ao]\w*|espasmo\w*)"
)
# Small talk answered with a fixed reply: "muscles jumping the morning after the pub" read as a
# greeting (for "morning") would lose a question, or an intake answer. A message of more than
# SMALL_TALK_WORDS words that names a term of the vocabulary or a twitch is not small talk.
SMALL_TALK_INTENTS = {"greet", "goodbye", "help", "bot_challenge"}
SMALL_TALK_WORDS = 3
# A yes or a no read in a twitch report that does not say yes or no ("eye twitching n its red n
# crusty" read as deny) is no answer either: guarded like small talk.
YES_NO_INTENTS = {"affirm", "deny"}
SAYS_YES_OR_NO = re.compile(
    r"^\W*(yes|yeah|yep|yup|ya|aye|sure|ok|okay|correct|right|definitely|absolutely|no|nope|nah|none|not|"
    r"never|nothing|neither|n|y)\b"
)
# The terms that count: "my tea is ready" names a cause (caffeine) and "kids" an age group, yet
# both are everyday words in a goodbye.
TWITCH_TERMS = {"body_part", "symptom", "condition", "twitch_type", "test"}


# "No. He's sat here eating his lunch, swallowing fine" read as "yes, one of these": a message
# that opens with a plain no is a no, unless it names an emergency sign (the caller checks).
OPENS_WITH_NO = re.compile(
    # ("naw", "nae": a Scots no, w119 tuning)
    r"^\W*(no+|nope|nah|naw|nae|none( of (these|those|them|that|the above))?|not that i('m| am)? (know|aware)|"
    r"not (a single )?one of (these|those|them|that|the above)|"
    r"nothing( like that| of (that|those|these|the sort)| on (the|that|your) list)?|neither|negative|"
    r"(absolut\w*|certainly|definitely) not|(goodness|gosh|god|heavens|lord),? no|all good|"
    r"(i'?m|i am|(s)?he'?s|(s)?he is|(my|our) \w+('s| is)) (fine|ok|okay|alright|all right|good))\b(?!\W*(wait|actually|i mean|sorry))"
)
# ... or a short one that ends in one: "breathing ok swallowing ok no" (the intake's readers use
# the same two: twitchcare/intake.py).
ENDS_WITH_NO = re.compile(r"\b(no|nope|nah)\W*$")
# "My speech and swallowing are completely normal, so no": a no concluded at the end.
# ..."Same as ever. Otherwise no.": the rest denied after what was said to be long-standing.
CONCLUDES_NO = re.compile(
    r"\b(so|then|therefore|basically|in short|otherwise|apart from that|other than that|besides that) (none|nothing|no)\W*$"
)
# "well I haven't fainted or anything, um, no to all of those really", "if you mean right this minute,
# no, none of those", "I'm fine on all of those, no": the whole list denied in the middle of an answer.
DENIES_THE_LIST = re.compile(
    r"\bno,? to (all|any|each|every one|everything) (of )?(those|these|them|that|the above|your list)\b|"
    r"\bnone of (those|these|them|the above)\b|\b(fine|ok|okay|good|clear) on all (of )?(those|these|them|counts)\b"
)
SHORT_ANSWER_WORDS = 8


# An answer that goes through the list item by item and clears each: "1. Breathing: normal. 2.
# Swallowing: normal", "Sitrep: breathing fine, speech fine, no drooping". Each match is one item
# said to be fine or absent; ALL_CLEAR_ITEMS of them, and no sign named, make a no.
CLEARED_ITEM = re.compile(
    r"\b[a-z]+:?\s+(normal|fine|ok|okay|good|clear|intact|unaffected|unchanged)\b|"
    r":\s*(none|no|nil|negative|nope|not observed|absent|n/?a)\b|\bno [a-z]+"
)
ALL_CLEAR_ITEMS = 2


def says_all_clear(text: str) -> bool:
    """Several items of a list, each said to be fine or absent (the caller checks for signs)."""
    return len(CLEARED_ITEM.findall(fold(text))) >= ALL_CLEAR_ITEMS


def misread_report_emergency(text: str, names_signs: Callable[[str], object]) -> bool:
    """A plain no that the classifier read as "yes, one of these" (`names_signs`: the safety
    rules' sign finder; a sign named keeps it a yes). The finder only runs on a message that
    opens or ends with a no or clears the list item by item."""
    t = fold(text)
    plain_no = (
        OPENS_WITH_NO.search(t)
        or (len(t.split()) <= SHORT_ANSWER_WORDS and ENDS_WITH_NO.search(t))
        or CONCLUDES_NO.search(t)
        or DENIES_THE_LIST.search(t)
        or says_all_clear(t)
    )
    return bool(plain_no) and not names_signs(text)


def misread_yes_no(text: str, named_terms: int) -> bool:
    """A twitch report that the classifier read as a plain yes or no."""
    return about_twitching(text, named_terms) and not SAYS_YES_OR_NO.search(fold(text))


def about_twitching(text: str, named_terms: int) -> bool:
    """More than small talk: a few words that name a body part, symptom, condition... or a twitch.
    `named_terms`: how many TWITCH_TERMS the vocabulary found in the message."""
    return len(text.split()) > SMALL_TALK_WORDS and (named_terms > 0 or bool(TWITCH_WORDS.search(fold(text))))


# Intents that throw away what was said (a restart wipes the chat, a stop ends the symptom check
# without a result): each needs its words in the message itself.
DESTRUCTIVE_INTENTS = {"restart": says_restart, "stop": says_stop}
