"""Safety screens that run on every message: emergency signs and requests for doses.

The emergency table is the single source of truth for what stops a conversation
and sends the person to emergency care. Matching errs on the side of caution:
doubt ("not sure if I can swallow") counts as a sign; only a clear denial in the
same clause ("no trouble breathing") does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Tuple

# (id, plain-words label used in replies, regex patterns)
EMERGENCY_SIGNS: Tuple[Tuple[str, str, Tuple[str, ...]], ...] = (
    ("breathing", "trouble breathing", (
        r"\b(can ?not|can't|cant|couldn't|unable to|not able to|struggl\w* to|hard to|difficult to|trouble|difficulty|problems?|hard time|struggl\w*) (breath\w*|catch(ing)? my breath)",
        r"\b(short(ness)? of breath|breathless\w*|gasping|suffocat\w*|not breathing|stopped breathing)",
        r"\bbreathing (is |feels )?(hard|difficult|laboured|labored|trouble|problems?)",
        r"\b(can't|cannot|can ?not) get (enough )?air",
    )),
    ("swallowing", "trouble swallowing or choking", (
        r"\b(can ?not|can't|cant|couldn't|unable to|not able to|hard to|difficult to|trouble|difficulty|problems?|struggl\w*( to)?) (swallow\w*)",
        r"\bchok(e|es|ed|ing)\b",
        r"\bswallowing (is |feels )?(hard|difficult|a problem)",
    )),
    ("speech", "slurred or lost speech", (
        r"\bslurr?\w*",
        r"\b(can ?not|can't|cant|unable to|trouble|difficulty) (speak|talk|get (my )?words out)",
        r"\b(lost|losing) (my )?(speech|voice and)",
        r"\bspeech (is |sounds )?(garbled|slurred|strange|weird|off)",
        r"\bwords (are |come out )?(jumbled|garbled|wrong|mixed up)",
    )),
    ("one_sided", "sudden weakness, numbness or drooping on one side", (
        r"\b(weak\w*|numb\w*|droop\w*|paraly\w*|heavy|dead|sagg\w*) (on|down) (one|the (left|right)) side",
        r"\b(one|the (left|right)) side of (my |his |her |their )?(face|body|mouth) (is |went |has gone |feels |has |suddenly )?(weak|numb|dead|paraly|droop|heavy|sagg|fallen|gone)",
        r"\b(face|mouth|smile|cheek) (is |looks |has |went |started )?(lopsided|crooked|uneven|droop\w*|sagg\w*|fallen)",
        r"\bdroop\w* (face|mouth|smile|on one side)",
        r"\bsudden\w* (weak\w*|numb\w*|paraly\w*) (in|on|of) (my |his |her |the )?(left|right|one)",
        r"\bsudden(ly)? (can't|cannot|can not) (move|lift|feel) (my |his |her )?(left|right)",
        r"\b(a|having|had|have|has) (a )?stroke\b|\bstroke symptoms\b",
    )),
    ("seizure", "a seizure or fit", (
        r"\bseizures?\b", r"\bconvuls\w*", r"\b(a|having|had|have|has) (a )?fits?\b", r"\bfitting\b",
        r"\bepilep\w* (attack|episode)",
    )),
    ("fainting", "fainting or losing consciousness", (
        r"\bfaint(ed|ing|s)\b", r"\b(feel|felt|feeling|going to|about to|might|could) faint\b", r"\bpass(ed|ing)? out\b", r"\bblack(ed|ing)? out\b",
        r"\b(lost|losing|lose) consciousness", r"\bunconscious\b", r"\bcollaps\w*", r"\bunresponsive\b",
    )),
    ("confusion", "new confusion", (
        r"\b(suddenly|become|became|becoming|getting|gotten|seems?|new) (very |really |so )?(confused|disoriented|disorientated)\b(?! (about|by|why|what|how|whether|if|with))",
        r"\b(sudden|new) confusion\b", r"\bdon't know where (i am|he is|she is)",
    )),
    ("head_injury", "a head injury", (
        r"\b(hit|bumped|banged|bashed|knocked|hurt|injured|smacked) (my |his |her |their )?head",
        r"\bhead (injury|injuries|trauma|wound)", r"\bconcuss\w*", r"\bfell on (my |his |her )?head",
    )),
    ("rapid_weakness", "weakness spreading quickly", (
        r"\bweak\w* (is )?(spreading|moving|getting worse) (fast|quickly|rapidly|by the hour)",
        r"\b(spreading|spread) (fast|quickly|rapidly)",
        r"\bweaker (every|by the) hour", r"\b(suddenly|rapidly) (getting )?weak(er)? (all over|everywhere|in both)",
        r"\bcan't (walk|stand) (anymore|any more) since (this morning|yesterday|today)",
    )),
    ("other_emergency", "a medical emergency", (
        r"\bchest pains?\b", r"\bheart attack", r"\bsuicid\w*", r"\bkill (myself|me)\b",
        r"\bend (it all|my life)\b", r"\bwant to die\b", r"\boverdos\w*", r"\banaphyla\w*",
        r"\b(throat|tongue|lips?) (is |are )?(swelling|swollen) (up|shut)", r"\bcoughing (up )?blood",
        r"\bmedical emergency\b", r"\bcall(ed)? (an )?ambulance\b",
    )),
)

# Only clear denials count: "can't" is part of many signs ("can't breathe") and is not one.
NEGATION = re.compile(r"\b(no|not|never|without|none|neither|nor|denies|deny|don't|dont|doesn't|doesnt|didn't|didnt|"
                      r"haven't|havent|hasn't|hasnt|isn't|isnt|aren't|arent|wasn't|wasnt)\b")
DOUBT = re.compile(r"\b(not sure|unsure|don't know|dont know|not certain|maybe|might|or not)\b")
# "no weakness and I can't breathe": a new subject after "and" starts a new clause.
CLAUSE_BREAK = re.compile(r"[.;!?]|\b(but|though|however|except|also|although)\b|\band (i|i'm|he|she|they|my|his|her|now|then|suddenly|it)\b")
NEGATION_REACH_WORDS = 6

_COMPILED = tuple((sid, label, tuple(re.compile(p) for p in pats)) for sid, label, pats in EMERGENCY_SIGNS)


@dataclass(frozen=True)
class EmergencySign:
    id: str
    label: str
    text: str


def normalise(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").replace("\u2018", "'").split())


def is_denied(before: str) -> bool:
    """A clear denial shortly before a phrase (the text up to it), in the same clause, without doubt."""
    clause = CLAUSE_BREAK.split(before)[-1]
    words = clause.split()[-NEGATION_REACH_WORDS:]
    window = " ".join(words)
    if DOUBT.search(window):
        return False
    return bool(NEGATION.search(window))


def find_emergency_signs(text: str) -> List[EmergencySign]:
    """Emergency signs reported in `text`, in table order, each at most once."""
    if not text:
        return []
    t = normalise(text)
    if t.startswith("/"):  # a button payload such as /affirm carries no free text
        return []
    found: List[EmergencySign] = []
    for sid, label, patterns in _COMPILED:
        for pat in patterns:
            m = next((m for m in pat.finditer(t) if not is_denied(t[:m.start()])), None)
            if m:
                found.append(EmergencySign(sid, label, m.group(0)))
                break
    return found


DOSE_REQUEST = re.compile(
    r"\b(dose|doses|dosage|dosing|how much .{0,40}\b(take|have|give|use)\b|how many (mg|milligrams?|mcg|iu|units|pills?|tablets?|capsules?)"
    r"|\d+\s?(mg|mcg|milligrams?|iu)\b|what strength|maximum amount|how often should i take)"
)


def asks_for_dose(text: str) -> bool:
    """True when someone asks how much of a medicine or supplement to take."""
    return bool(text) and bool(DOSE_REQUEST.search(normalise(text)))


DIAGNOSIS_REQUEST = re.compile(
    r"\b(do i have|have i got|could (it|this|i) (be|have)|is (it|this) (a sign|a symptom|because)|am i (dying|sick|ill)"
    r"|do you think (i|it|this)|does (this|it) mean (i|it)|is this (als|ms|serious)|should i be worried)\b"
)


def asks_for_diagnosis(text: str) -> bool:
    """True for "do I have ALS?"-style questions, which the assistant must not answer with a yes or no."""
    return bool(text) and bool(DIAGNOSIS_REQUEST.search(normalise(text)))
