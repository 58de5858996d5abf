"""Symptom intake: which questions to ask, and what a message already answers.

`extract` reads one user message (text, lay-term matches, intent) and returns the
slot values it states, so "my left eyelid has twitched for 3 days and I drink a lot
of coffee" fills the place, the duration and the trigger at once. Later messages
overwrite earlier values, which is how corrections work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import AbstractSet, Any, Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple, cast

from twitchcare import durations, spelling, triage
from twitchcare.nlp import (
    CLEARED_AFTER_COLON,
    CONCLUDES_NO,
    ENDS_WITH_NO,
    OPTION_VERDICT_NO,
    SHORT_ANSWER_WORDS,
    TWITCH_WORDS,
    ZERO_RATING,
    TermMatch,
    rated_zero,
    says_all_clear,
)
from twitchcare.safety import PERSONAL, find_emergency_signs, is_denied
from twitchcare.settings import PROJECT_ROOT
from twitchcare.text import (
    CANNOT_WORDS,
    CHAT_FILLERS,
    TAGALOG_PARTICLES,
    HOW_TO_TELL,
    NEGATION_CUES,
    fold,
    normalise,
    sentence_span,
    word_alternation,
)
from twitchcare.triage import NO, UNKNOWN, UNKNOWN_DURATION, YES

YES_NO_BUTTONS = (("Yes", "/affirm"), ("No", "/deny"), ("Not sure", "/dont_know"))
SCREEN_SIGNS = (
    "Right now, do you have any of these: trouble breathing or swallowing, slurred speech, sudden "
    "weakness, numbness or drooping on one side, a seizure or fainting, new confusion, a recent head "
    "injury, or weakness spreading fast?"
)
NONE_MARKER = "none"
OTHER_TRIGGER = "other"
BOTH_SIDES = "both_sides"


def _always(_: Dict[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    """One question of the symptom check, declared once: domain.yml's slots and form, the ask
    actions (actions/assessment.py) and the channels' buttons come from here (a unit test checks)."""

    slot: str
    text: str
    buttons: Tuple[Tuple[str, str], ...]  # (title, payload); a payload without "/" is read as typed text
    example: str  # shown with the one re-ask: an answer that works
    fallback: Any  # recorded when the re-ask is not understood either
    asked_when: Callable[[Dict[str, Any]], bool] = _always
    covers: Tuple[str, ...] = ()  # the slots an answer to it fills (its own first)
    multiple: FrozenSet[str] = frozenset()  # button titles that may be picked together (multi-select)


@dataclass(frozen=True)
class Symptom:
    """One option of the multi-select symptom question: the fact it answers, its button, and the
    words that name it in a typed answer to that question."""

    slot: str
    title: str
    words: "re.Pattern[str]"
    asked_when: Callable[[Dict[str, Any]], bool] = _always


def _eyelid(filled: Dict[str, Any]) -> bool:
    """Eye signs are an option where the twitch is in the eyelid, or where one was said anyway."""
    return "eyelid" in (filled.get("body_parts") or []) or filled.get("eye_signs") == YES


FLUID_LOSS = re.compile(
    r"\b(vomit\w*|spew\w*|stomach (flu|bug)|food poisoning|gastro(enteritis)?|(go|going|goes|run|running|runs) to (the )?(toilet|loo|bathroom) (all the time|all (day|night)|constantly|non-?stop)|the squits|the trots|throw(ing|in)? up|threw up|d[iy]a?r+h?[eoiy]+a+h?|being sick|been sick|diarrh\w*|the runs|d ?& ?v\b|d and v\b|loose (motions?|stools?|bowels?)|watery stools?|on the (loo|toilet|bog) all (night|day|week|morning)|(can'?t|cannae|canny) keep (anything|nothing|nothin|fluids|water|food|much) (down|doon)|boak\w*|(go|going|goes|went|run|running|runs) to (the )?(toilet|loo|bathroom) (so |very )?(many|lots of|a lot of) times|(toilet|loo|bathroom|poo|stools?)\b.{0,30}\blike water)"
)
EYE_SIGNS = re.compile(
    r"\b(clos\w* (complete(ly)?|fully|full|all the way|shut|by itself|on its own|itself|alone)|shuts (right |fully |completely )?(completely|fully|all the way|closed|shut)|"
    r"(clamp\w*|squeez\w*|slam\w*|snap\w*|screw\w*|forc\w*|keeps?|jams?|jamm\w*) (itself )?shut|"
    r"shut(s|ting)? (on me|by itself|on its own|tight|right over|right down|all the way)|(clos|shutt)ing all the way|can'?t keep (it|my eye|the eye|the lid) open|(eye ?lid|lid) (falls|is falling|falling|fell)( down)?|(can'?t|cannot|cant|unable to) open it (complete(ly)?|fully|all the way|for a (second|moment|few seconds))|(can'?t|cannot|cant|unable to) open (my |the |his |her |one |an? )?(eye|eyelid|lid)s? (fully|all the way|properly)|(eye ?lid|lid) (is |keeps )?((going|coming) down|(drops?|dropping|dropped)( down)?)|droop\w*|ptosis|red(?! ?bull)|redness|bloodshot|swollen|swelling|discharg\w*|pus|sticky|gunk\w*|crust\w*|puffy|puffed up)\b"
)
FACE_DROOP = re.compile(r"\b(droop\w*|hang\w* down|sag\w*|lopsided|crooked|slipped down)\b")
# The places a twitch is said to spread to ("L arm → L leg", "it's going now to shoulder").
# "like electric and sleeping in the arm" (an a117 tuning answer): numbness, not a bad night
LIMB_ASLEEP = re.compile(r"(sleeps|sleeping) in (the|my|his|her) (hand|foot|feet|leg|arm|fingers?|toes?)\b")
_SPREAD_TARGET = r"(arms?|legs?|hands?|foot|feet|calf|calves|thighs?|face|neck|shoulders?|back|chest|side|body|fingers?|toes?|eyes?|cheeks?)"
SYMPTOMS: Tuple[Symptom, ...] = (
    Symptom(
        "weakness",
        "Weakness or stiffness",
        re.compile(
            r"\b(weak\w*|stiff\w*(?! (drinks?|ones?|upper lip|breeze|competition))|wobbly(?! bits?)|drop\w* (things|stuff|my|his|her|cups?|mugs?)|grip\w*|clumsy|"
            r"(?<!i'm )(?<!im )(?<!i am )(?<!am i )(?<!i'm just )(?<!im just )(?<!i am just )trip\w*|gives? (way|out)|gave (way|out)|giving (way|out)|dragg?(ing|ed|s)? (my |his |her |the |one |a )?(foot|feet|leg|toes?)|"
            # "a heavy leg day", "heavy lifting": the training, not the limb
            # ("the lid is heavy", "heavy eyelids": the lid, an a99 tuning answer)
            r"(?<!lid is )(?<!lids are )(?<!lid feels )(?<!lids feel )(?<!lid's )heavy(?! (\w+ )?(day|session|workout|lifting|lift|weights?|squats?|set|sets|training|shift|bags?|shopping|boxes|(eye ?)?lids?))|"
            r"heaviness|tight\w*|"
            r"(can't|cannot|cant|couldn't) (hold|lift|open(?! (my |the |his |her |one |an? )?(eye|eyelid|lid)s?\b)(?! it (complete|fully|all the way))|grip|carry)|"
            # "can't do buttons as well", "struggling with my shirt buttons"
            r"(can'?t|cannot|cant|couldn'?t|struggl\w*|trouble|hard to|harder to|fumbl\w*) (to |with |doing )?(do (up )?|undo(ing)? |fasten\w* )?(my |his |her |the |shirt |coat )*buttons|"
            r"(can'?t|cannot|cant|couldn'?t) (do up|button( up)?|fasten) (my |his |her |the )?(shirt|coat|cardigan|blouse|jacket)|"
            r"(harder|hard|struggl\w*|trouble|difficult\w*) to (lift|walk|grip|hold|climb|open|stand|raise|use)|"
            r"slap\w*|(like|to) jelly|jelly legs|jelly feeling|(gone|going|went|feels?|feeling) (a bit |all |kind of |sort of )?jelly|buckl\w*|floppy|"
            r"(won'?t|wont|doesn'?t|does not|not) (do what i (tell|want)|obey\w*|listen\w*)|"
            # "the leg's not as strong as it was", "lost some strength"
            r"not (as|so) strong|lost (some |my |his |her |a lot of |all )?strength|less strength|"
            # "the hand no get power again" (West African English, an a99 tuning answer)
            r"(no|not|lost|losing|less|don'?t|doesn'?t) (get |have |has |got )?(any |much |enough )?power)\b"
        ),
    ),
    Symptom(
        "numbness",
        "Numbness or tingling",
        re.compile(
            # ("my pins", "both pins": the legs)
            r"\b(numb\w*|tingl\w*|(?<!my )(?<!me )(?<!both )(?<!his )(?<!her )pins|needles|prickl\w*|buzz\w*|dead feeling|feels? (a bit |kind of |sort of )?dead|fizz\w*|fuzzy|(?<!half )(?<!look )(?<!looks )(?<!looking )(?<!falling )(?<!fall )(?<!fell )asleep|"
            # "like when the hand sleeps", "ants in my fingers"
            r"(hand|foot|feet|leg|arm|fingers?|toes?) (sleeps|sleeping|goes to sleep|went to sleep|gone to sleep)|ants (in|under|crawling)|"
            + LIMB_ASLEEP.pattern
            + r"|"
            r"(like|feels? like|kind of|sort of) (an? )?electric\w*|electric (shocks?|currents?|feelings?|sensations?)|"
            r"(no|lost|losing|loss of|less) (sensation|feeling))\b"
        ),
    ),
    Symptom(
        "pain",
        "Pain",
        re.compile(
            r"\b(pain\w*|hurt\w*|aches?|achy|aching|sore\w*|tender\w*|cramp\w*|throb\w*|stings?|burn\w*|"
            r"doms|charley horses?|ouchy|owie)\b"
        ),
    ),
    Symptom(
        "spreading",
        "Spreading or getting worse",
        re.compile(
            r"\b(spread\w*|moving|moved|other places|(more|new|other|different) (places|spots|areas|muscles|parts)|"
            # ("worse than my mum's ever did", "cramps worse than when it was just the twitch": a comparison
            # with someone else's or with the twitch alone, not the twitch getting worse)
            r"elsewhere|worse(?! than (my|his|her|their|your|our) \w+'?s\b| than when it was (just|only)\b)|more and more|"
            r"creep(s|ing|ed)?|crept|cover(s|ing)? more|"
            r"more often|more (each|every|by the) (day|week)|jump\w* around|all over now|(also|now|goes|going|gone|went|moved|spread) (now |also )?(in |on |to |into )?(the |my |his |her )?other "
            r"(arm|leg|hand|foot|side|calf|eye|one))\b|\b(started|was only|only was|was just) (in|on)\b.{1,30}\bnow\b.{0,12}\b(in|on|up)\b|"
            # "it has gone from my calf up to my thigh"
            r"\b(gone|went|go(es)?|travel\w*|jump(ed|s)?) from (my |the |his |her )?\w+( \w+)? ((up|down|over|across) )?(to|into|onto) |"
            # "now it's in my arms too", "it's travelling", "it's jumped to the other side"
            r"\bnow (it'?s |its |it is )?(in|on) (my |the |his |her )?\w+( \w+)? (too|as well|also)\b|"
            # "L arm → L leg over ~10d", "1 spot → 4 spots in 2 wks"
            r"(→|->|=>)\s*(l |r |left |right |my |the |both |other )?" + _SPREAD_TARGET + r"\b|"
            r"\b(1|one|a|2|two|3|three) (spots?|places?|areas?|muscles?)\s*(→|->|=>|then|to|now|and now|became|went to)\s*"
            r"(\d+|two|three|four|five|six|more|several|lots|loads|many)\b|"
            r"\b(it'?s|its|it is|it|they|they'?re|twitch\w*) (travell?ing|travell?ed|travels|jumped to|jumps to|moved to|moves to)\b|"
            # "the twitch is going now to shoulder also" (an a100 tuning answer)
            r"\b(it|they|twitch\w*) (is |are |has |have )?(going|goes|gone|went) (now |also )?(up |down |over )?"
            r"(to|into|onto) (the |my |his |her |other )?" + _SPREAD_TARGET + r"\b|"
            r"\bstarted (in|on) (my |the |his |her )?\w+( \w+)?,? (and )?now (it'?s |its |it is )?(in |on )?(my |the |his |her )?\w+"
        ),
    ),
    Symptom(
        "wasting",
        "The muscle looks smaller",
        re.compile(
            r"\b(smaller|thin|thinner|shrink\w*|shrank|shrunk\w*|shrivel\w*|wither\w*|wast\w*|dent\w*|hollow\w*|sunken|(sunk|sunken|sinking|sank) in|caved in|skinnier|lost muscle|"
            r"less muscle|lost (some |a bit of |a little |a lot of )?muscle|flatter|looks? (\w+ ){0,2}flat|"
            # "my thumb muscle became flat" (an a110 tuning answer), "my thum mussel has gone flat" (a112)
            r"(muscles?|mussels?|it) (has |have |is )?(became|become|becomes|becoming|gone|went|going|getting|got|turned|turning) "
            r"(a bit |abit |a little |quite |really |more |kind of |kinda )?flat|"
            # "the muscle has reduced, it is not full like the left one", "my thumb muscle don sink" (a99)
            r"muscles? (has |have |is |don |done )?(reduced|sink|sunk|gone down)|not (as )?full (like|as))\b"
        ),
    ),
    Symptom(
        "fluid_loss",
        "Vomiting or diarrhoea",
        re.compile(
            FLUID_LOSS.pattern
            + r"|\b(sick|puk\w*|diarr?h\w*|(got|has|had|have|having) runs|vomming|chunder\w*|tummy bug|stomach bug|squits|squirts|gastro|"
            r"upset (tummy|stomach)|back and forth to the (loo|toilet|bathroom)|trots|"
            # "I have been stooling seriously", "running stomach" (West African English, a99)
            r"stooling|running stomach)\b"
        ),
    ),
    Symptom("eye_signs", "Eyelid closes fully or droops, or the eye is red, swollen or sticky", EYE_SIGNS, _eyelid),
)
SYMPTOM_SLOTS = tuple(s.slot for s in SYMPTOMS)
SYMPTOM_BY_SLOT = {s.slot: s for s in SYMPTOMS}


def applicable_symptoms(filled: Dict[str, Any]) -> Tuple[Symptom, ...]:
    return tuple(s for s in SYMPTOMS if s.asked_when(filled))


QUESTIONS: Tuple[Question, ...] = (
    Question(
        "emergency_screen",
        "First, a quick safety check. " + SCREEN_SIGNS,
        (("No, none of these", "/deny"), ("Yes", "/affirm"), ("Not sure", "/dont_know")),
        "no, none of those",
        UNKNOWN,
        covers=("emergency_screen",),
    ),
    Question(
        "body_parts",
        "Where is the twitching? You can name more than one place.",
        (
            ("Eyelid", "my eyelid"),
            ("Face", "my face"),
            ("Arm", "my arm"),
            ("Hand or fingers", "my hand"),
            ("Leg", "my leg"),
            ("Calf", "my calf"),
            ("Foot", "my foot"),
            ("All over", "all over my body"),
        ),
        "my left calf",
        [UNKNOWN],
        covers=("body_parts",),
    ),
    Question(
        "duration_days",
        "How long has it been going on?",
        (
            ("Since today", "since today"),
            ("A few days", "a few days"),
            ("1-2 weeks", "about 10 days"),
            ("More than 2 weeks", "more than 2 weeks"),
            ("Months", "a few months"),
            ("Not sure", "/dont_know"),
        ),
        "about 5 days",
        UNKNOWN_DURATION,
        covers=("duration_days", "frequency"),
    ),
    # One multi-select question instead of one question per symptom (issue 12).
    Question(
        "symptoms",
        "Do you have any of these with the twitch (pick all that apply, or type them)?",
        tuple((s.title, s.title.lower()) for s in SYMPTOMS)
        + (("None of these", "none of these"), ("Not sure", "/dont_know")),
        "just some tingling",
        [UNKNOWN],
        covers=("symptoms",) + SYMPTOM_SLOTS + ("worsening_weakness",),
        multiple=frozenset(s.title for s in SYMPTOMS),
    ),
    Question(
        "worsening_weakness",
        "Is the weakness getting worse from one day to the next?",
        YES_NO_BUTTONS,
        "yes, a bit weaker every day",
        UNKNOWN,
        lambda f: f.get("weakness") == YES,
        covers=("worsening_weakness",),
    ),
    Question(
        "triggers",
        "Have any of these been part of your life lately? Pick one or type several.",
        (
            ("Lots of caffeine", "a lot of caffeine"),
            ("Stress or anxiety", "stress"),
            ("Poor sleep", "poor sleep"),
            ("Hard exercise", "hard exercise"),
            ("Not drinking enough", "dehydration"),
            ("Smoking or vaping", "smoking"),
            ("Alcohol", "alcohol"),
            ("A new or regular medicine", "a medicine"),
            ("None of these", "/deny"),
        ),
        "coffee and not much sleep",
        [NONE_MARKER],
        covers=("triggers",),
    ),
    Question(
        "age_group",
        "Is this about an adult or a child (under 18)?",
        (("An adult", "an adult"), ("A child", "a child")),
        "she's 9",
        UNKNOWN,
        covers=("age_group",),
    ),
)
QUESTION_BY_SLOT = {q.slot: q for q in QUESTIONS}
SLOTS = tuple(q.slot for q in QUESTIONS)
# Every slot the intake fills: the questions and the facts their answers give.
FACT_SLOTS = tuple(dict.fromkeys(slot for q in QUESTIONS for slot in (q.slot,) + q.covers))
YES_NO_SLOTS = {q.slot for q in QUESTIONS if q.buttons == YES_NO_BUTTONS} | {"emergency_screen"}

SYMPTOM_TO_SLOT = {
    "weakness": "weakness",
    "stiffness": "weakness",
    "numbness": "numbness",
    "tingling": "numbness",
    "pain": "pain",
    "spreading": "spreading",
    "worsening": "spreading",
    "wasting": "wasting",
}
CAUSE_TO_TRIGGER = {
    "caffeine": "caffeine",
    "stress": "stress",
    "anxiety": "stress",
    "sleep": "poor_sleep",
    "fatigue": "poor_sleep",
    "exercise": "exercise",
    "dehydration": "dehydration",
    "nicotine": "nicotine",
    "alcohol": "alcohol",
    "medicine": "medicine",
    "corticosteroids": "medicine",
    "stimulants": "medicine",
    "psychiatric_medicine": "medicine",
    "asthma_medicine": "medicine",
    "parkinsons_medicine": "medicine",
    "estrogen": "medicine",
}
QUESTION_INTENTS = {"ask_question", "ask_topic", "ask_dose"}

# A medicine named by its generic name ("she's on amlodipine and furosemide"): the international
# nonproprietary name stems that mark a drug class, and common names without one.
DRUG_NAME = (
    r"\b([a-z]{2,}(pril|sartan|olol|alol|dilol|dipine|apine|azepine|statin|prazole|oxetine|opram|azepam|azolam|"
    r"triptyline|setron|cillin|mycin|floxacin|cycline|olone|tidine|gliptin|gliflozin|formin|semide|"
    r"thiazide|parin|xaban|gabalin|apentin|iracetam|zodone|afaxine|thyroxine|trigine|peridone|peridol|clopramide|"
    r"lukast|pramine|promazine|codone)|aspirin|ibuprofen|methadone|valproate|"
    r"paracetamol|acetaminophen|naproxen|codeine|tramadol|morphine|insulin|warfarin|digoxin|"
    r"methotrexate|topiramate|bupropion|zopiclone|quinine|"
    # dementia medicines (a107 tuning: "he's on donepezil, started a few weeks ago")
    r"donepezil|rivastigmine|galantamine|memantine)\b"
)
# What may come before a plain yes or no: fillers, and the answer reported ("my dad says yes").
FILLER = (
    r"^\W*((um+|uh+|erm+|hmm+|well|anyway|anyways|anyhow|oh|ah+|ach|och|eh|aw|ok|okay|so|basically|i reckon|reckon|sure look|like|literally|you know|honestly|goodness|gosh|heavens|good heavens|good lord|lord|low key|high key|no cap|i mean|"
    + "|".join(sorted(CHAT_FILLERS))
    + r"|i'?m going to say|i'?d say|slowly|gradually|sadly|unfortunately|"
    r"(my|our) \w+ says|(he|she|they) says?|according to (him|her|them)|i would say|i'?d have to say|"
    r"thank (god|goodness|heavens|the lord)|thankfully|luckily|fortunately|happily|phew)\W+)*"
)
YES_WORDS = re.compile(
    FILLER
    + r"(yes|yeah(?!\W*(nah|no)\b)|yeh|yea|yh|yep|yup|ya|y|yess+|aye|uh huh|mhm+|sure|correct|right|i do(?! not)|it does(?! not)|"
    r"it is(?! not)|they do(?! not)|definitely|deffo|defo|def|absolutely|a bit|a little|slightly|kind of|sort of|kinda|i think so|"
    r"i think yes|i believe so|i believe it may be|probably yes|maybe yes|think so|seems (to be|so|like it)|"
    r"looks like it|i guess so|(i )?reckon so|afraid so|sadly yes|it seems)\b"
)
# A long answer that ends in its verdict: "only decaf, and that doesn't count right? so none".
NO_WORDS = re.compile(
    FILLER
    + r"(no+|nope|nah|naw|yeah,? nah|nothing of the sort|n|none|zero|0(?=\W*$)|zilch|nada|nowt|naff all|sod all|bugger all|denies|denied|(pt|patient) denies|not really|not at all|never|i don't|i do not|it doesn't|it does not|"
    r"it isn't|it is not|it'?s not|its not|i have none|i have no|neither|"
    r"(can'?t|cannot) say (that )?(it'?s|it is|it has|they'?re|they are) (been )?(getting|got|gotten) (any )?(worse|weaker)|"
    r"nothing|not any|not that i('?ve| have)? (noticed|seen)|not that i can (see|tell)|probably not|"
    r"don't think so|dont think so|i don't think so|all good|nothing like that|not like that|neg|negative|nil|nn|prob not|"
    r"not noticeably|not that i('?m| am) aware( of)?|not that i (know|no) of|not to (my|our) knowledge|not as far as (i|we) (know|can tell)|i (don'?t|dont) (think|thnik|thikn) so|(absolut\w*|certainly|definit\w*|of course) not)\b"
)
PERSON_FINE = re.compile(
    r"\b(i|she|he|they|we)('m|'s|'re| am| is| are|m|s) (perfectly |completely |totally |absolutely )?"
    r"(fine|ok|okay|alright|all right|good|well|grand|grand so)\b|"
    r"\b(i|she|he|they|we) (feel|feels) (perfectly |completely |totally |absolutely )?(fine|ok|okay|well|great|grand)\b|"
    r"\beverything( else)? (feels |is |seems |'s |s )?(totally |perfectly )?(normal|fine|ok|okay|good)\b"
)
# Yes and no in the languages people answer in when English is their second ("Sim", "nie",
# "khong"): the whole answer, or its first word before a comma or full stop.
# Tagalog's politeness and softening words may follow it ("oo po", "wala naman po maam").
IN_OTHER_LANGUAGES = r"(?:\W+(?:" + "|".join(sorted(TAGALOG_PARTICLES)) + r"))*(?=\W*([,.;!]|$))"
# (said once or repeated: "nej nej, only the twitching")
FOREIGN_YES = re.compile(
    r"^\W*(sim|s[ií]|tak|haan|haa|ji haan|na'?am|aiwa|oui|ja|da|vâng|vang|có|opo|oo|nai|ναι)(?:\W+\1)*"
    + IN_OTHER_LANGUAGES
)
FOREIGN_NO = re.compile(
    # ("net", "nyet": Russian, an a100 tuning answer)
    # ("wala": Tagalog's "none", an a120 tuning answer)
    r"^\W*(não|nao|nie|nahi|nahin|nein|non|không|khong|hindi|wala|wla|la'?|nej|nee|ochi|oxi|όχι|meiyou|méiyǒu|net|nyet|niet|нет|ні)(?:\W+\1)*"
    + IN_OTHER_LANGUAGES
)
OPENS_WITH_YES = re.compile(r"\W*(yes|yeah|yep|yup|aye|definitely)\b")
# A plain yes or no, then a question: "no. why, should I be worried?" (group 1: the no).
PLAIN_ANSWER_FIRST = re.compile(r"^\W*(?:(no+|nope|nah)|yes|yeah|yep|yup)\W*[.,!;]")
HEDGED_YES = re.compile(FILLER + r"(kind of|kinda|sort of|sorta|a bit|a little|slightly|possibly|perhaps)\b")
# A short answer that ends in a plain "no" ("breathing ok, swallowing ok, no"): nlp.ENDS_WITH_NO.
# The same for a plain "yes" at the end ("strugling to breath a bit yes").
PLAIN_YES_WORDS = r"(yes|yeah|yep|yup|aye)"
TRAILING_YES = re.compile(r"\b" + PLAIN_YES_WORDS + r"\W*$")
# A yes said inside the answer, told as someone's verdict: "she says yes, day by day I'm slower",
# "so I'd have to say yes".
SAID_YES = re.compile(
    r"\b((he|she|they|partner|wife|husband|mum|mam|mom|dad|doctor|physio) (says|said)|i'?d (have to )?say|"
    r"i would (have to )?say|i have to say) (yes|yeah|yep)\b"
)
# A hedged answer that ends in a plain yes or no of its own: "I don't think so. Maybe. No."
FINAL_PLAIN = re.compile(r"[.!;]\s*(no|nope|nah|yes|yeah|yep|yup)\W*$")
# "no wait actually yes": after a correction, the words after it are the answer.
# Only where it opens a clause: "i didnt actually pass out" is emphasis, not a correction.
SELF_CORRECTION = re.compile(
    r"(?:^|[,.;:!?\u2026-]\s*|\b(?:no|nope|nah|yes|yeah|yep|oh|um+|er+m*|hmm+|well)\s+)"
    r"(actually|wait|i mean|i meant|sorry|on second thought|hang on|hold on)\b[\s,.!]*"
)
# A "no to all of it" said anywhere in the answer.
# "I don't have any of them", "haven't got any of these"
HAVE_NONE = r"(don'?t|dont|do not|haven'?t|havent|have not|hasn'?t|has not) (have|got|had) any of (them|those|these|that|the above)"
NONE_APPLY = re.compile(
    r"\b(none of (those|these|them|that|the above|it|the rest|the others)( apply| applies)?|not having any of (those|these|them|that)|negative (on|to|for) (all|everything)|"
    r"fine on all|all fine|all good|all neg(ative)?|nad (apart from|except|other than|bar)|no to all|so no|nothing (now|rn|atm|right now|since|at the moment|currently)|none apply|nothing like that|(have|got) none of|"
    r"(zero|not any|not one) of (those|these|them|the)|none of the things|(nothing|none) (on|from|in) (the|that|your|this) list|"
    r"can'?t think of (any|anything|nothin\w*|owt)|can'?t say i'?ve noticed (anything|owt|any)|"
    # "can't say I have any of those", "those are all a no from me", "all clear on those"
    r"can'?t say (that )?i (have|do|'?ve (got|had)) (any|one)|(all|each|every one)( of (them|those|these))? (is |are )?a no|"
    r"a no from me|no to (every|each) (one|of them)|no to the (lot|whole lot)|all clear|not a single one|"
    # "Thankfully not", "I haven't had anything like that"
    r"(thankfully|luckily|fortunately|happily|mercifully) (not|no)|"
    r"(haven'?t|have not|hasn'?t|has not|not) (had|got|noticed|seen) anything (like that|like those|of the sort)|clear on (all|those|these|them|that|the lot)|"
    + HAVE_NONE
    + r")\b"
)
UNSURE_WORDS = re.compile(
    r"\b(don't know|dont know|do not know|i no (know|sure)|"
    + HOW_TO_TELL
    + r"\b|not (really |totally |entirely |quite |rightly |100% )?sure|(genuinely |completely |totally )?lost (count|track)\b(?! of time)|not shore|unsure|no idea|dunno|idk|can't tell|cant tell|can ?not tell|not clear (for|to) me|could(n'?t|'t|nt| not) tell|"
    r"no clue|no scooby|not certain|not (really |totally |entirely |quite )?convinced|unclear|uncertain|who knows|(can'?t|cannot|cant) (pick|choose|decide)( (one|between them))?(?=\W*($|[,.;!?]))|"
    r"could be any (one )?of (them|these|those)|(your|ur) guess is as good as mine|"
    # "I haven't noticed either way": neither yes nor no
    r"(haven'?t|have not|hasn'?t|not|never|didn'?t|can'?t) (really )?(noticed?|tell|say)( it| a change)? (either way|one way or (the )?other)|"
    r"(wouldn'?t|would not|haven'?t|have not|hasn'?t|has not) (have |got )?(a|the (slightest|foggiest)) notion|"
    # "I'd say no but I'm not 100%" (not "not feeling 100%")
    r"(i'?m|im|i am) not (a hundred|100) ?(%|percent|per cent)?(?! (well|myself|fit|right|today))|"
    # "might be, might not": both
    r"might (be|have)( \w+)?,? (or )?might not|maybe,? maybe not|could be,? could not|"
    r"hard (to|2) (say|tell|judge|know)|difficult to (say|tell|judge)|"
    # "I couldn't describe it as either getting worse or getting better"
    r"either (getting )?(worse|better|weaker|stronger) or (getting )?(worse|better|weaker|stronger)|"
    # "possibly some tingling, possibly not. I'm not confident enough to say yes."
    r"not (\w+ )?confident|"
    r"(can'?t|cannot|couldn'?t) (really |honestly )?say(?! (that )?(i'?ve|i have|i do|that i'?ve|i'?d) (noticed|seen|had|any|got))"
    r"(?! (that )?(it'?s|it is|it has|they'?re|they are) (been )?(getting|got|gotten) (any )?(worse|weaker))|"
    # a "maybe" right before a figure hedges the figure ("shaking maybe 2 minutes"), not the answer
    r"maybe(?! (about |around )?(\d|one|two|three|four|five|ten|twenty|thirty|half|an? (few|couple|minute|hour|second))\b)|"
    r"what do you mean|what does .{1,30} mean|"
    # "I don't understand what mean day to the next": the question was not understood
    r"(don'?t|dont|do not|not) (understand|understood|get)\b(?! (any )?(worse|weaker))|"
    # "on some days yes, on others no": both
    r"some days,? (yes|yeah|yep)\W+(?:\w+\W+){0,2}?(others?|other days|some days),? (no|nope|nah))\b"
)
OPENS_UNSURE = re.compile(
    r"^\W*(not (really |totally |entirely |100% )?sure|unsure|(i )?(don'?t|dont|do not) (really )?know|dunno|no idea|"
    r"hard to (say|tell)|can'?t (really )?(say|tell))\b(?! (of|about) (any|anything|that)\b| (why|what|how|who)\b)"
)
# An answer to the safety question that says what it names is long-standing, not new.
NOTHING_NEW = re.compile(
    r"\b((that'?s|thats|which is|it'?s|its) (her|his|my|their|your) (normal|usual)|normal for (me|her|him|them)|"
    # "weaker since my stroke six years ago, same as ever"
    r"(the )?same as (ever|always|usual)|like always|(exactly |just )?as (they'?ve|theyve|they have|it'?s|its|it has) always been|"
    r"nothing (sudden|new)( or (sudden|new))?\b(?! (since|this|just))(?! today \w)|"
    r"nothing (that )?came on (all at once|suddenly|quickly|fast))"
    # ...but "nothing new except my speech since lunch" names something new
    r"(?![^.;!?]*\b(except|but|apart from|besides|other than|aside from|save for)\b)"
)
ONLY_THE_TWITCH = re.compile(
    r"(^|[.!;]\s*)(it'?s |its )?(just|only) (the|this|my) (\w+ )?twitch\w*(\W+(none|nothing else|that'?s it|thats all))?\W*$"
)
# Understatement and double negatives (reserved writers): "wouldn't say no", "can't pretend it
# isn't", "afraid so", "it isn't not getting worse" are a yes, whatever a "no" in them suggests...
LITOTES_YES = re.compile(
    r"\b(wouldn'?t|would not|won'?t|couldn'?t|can'?t) say no\b|"
    r"\b(can'?t|cannot|won'?t|wouldn'?t|couldn'?t|no use|no point|not going to|shan'?t) (pretend|deny|say|pretending|denying)"
    r"( that)? (it|that|they|he|she|this|there|i)('?s| is| was| has| are| am|'?m)? ?"
    r"(isn'?t|is not|aren'?t|wasn'?t|hasn'?t|haven'?t|doesn'?t|don'?t|am not|not)\b|"
    r"\b(can'?t|cannot|won'?t|wouldn'?t|no use|no point( in)?) deny(ing)? (it|that)\b|"
    r"\bafraid (so|it is|it has|it does|they are|i do|i have|i am)\b|"
    r"\b(isn'?t|is not|aren'?t|wasn'?t) not\b"
)
# ...and "can't say I have", "I wouldn't say so", "not what I'd call weak" are a no.
LITOTES_NO = re.compile(
    r"\b(can'?t|cannot|couldn'?t) (honestly |really |truthfully )?say (that )?(i|we|he|she|they) ?"
    r"('?ve|have|has|had|did|do|does)\b(?! not)|"
    r"\b(wouldn'?t|would not|i'?d not) (really )?say (so|that|any|there'?s|there is)\b|"
    r"\bnot what (i'?d|i would|you'?d|you would|anyone would) call\b"
)
# "The same", "better": the weakness is not getting worse.
NOT_WORSE = re.compile(
    # "It remains how it was" (an a99 tuning answer)
    r"\b(remains? (how|as) it (was|is)|(still|stays?|staying) (how|as) it (was|is)|same|steady|no change|unchanged|(as )?strong as ever|no weaker|not (getting )?(any )?worse|(no|nae) worse|not noticed (a |any )?(change|difference)|"
    r"better (today|now|this (morning|week))|(marginally|slightly|somewhat|fractionally|a touch|a tad) better|no (\w+ )?progression|better than (last week|yesterday|before|it was|a week ago)|(has|it's|its|is|had) gone( away)?|gone now|went away|so no\W*$|(it'?s|its|is|feels?|much|bit|little|actually)( kinda| kind of| sort of| sorta)? better|(about|much|pretty much) the same|same as (yesterday|before|"
    r"last week)|getting better|better now|comes and goes|some days (are )?better|stable|static|not changing|(don'?t|dont|do not) think (it'?s|its|it is|it has|it'?s been) (really )?chang\w*|"
    r"better if anything|if anything (it'?s |its )?better|(wouldn'?t|would not|i'?d not|couldn'?t) (really )?say (it'?s|its|it is|it'?s got|he'?s|she'?s) (got )?(any |much |really )?(worse|weaker)|some (days )?worse,? some (days )?better|no (real )?pattern|"
    r"not (from )?(one )?day to (the next|day)|"
    r"(haven'?t|havent|have not|not|never) noticed (it |them )?(getting |get )?(any )?(worse|weaker)|(?<!hardly )(?<!barely )(?<!not )(?<!never )(?<!isn't )improving|(?<!hardly )(?<!not )improved|(yesterday|last week|before|earlier|the other day) (was|were|felt) (a bit |much |way )?worse(?! than (?!now|today|it is|it's|its)\w)|"
    r"otherwise (fine|ok|okay|normal)|now (it'?s|its|it is) (ok|okay|fine|better|alright)|(then|and|but) back to normal|no (real )?weakness|no different|not any different|(hasn'?t|has not|not|haven'?t|hasnt) (really )?changed|"
    r"(more or less|almost|about|pretty much|it'?s|its|is) equal\b|not progress\w*|not weak|(not|no) more (worse|weak\w*|bad)|comes? and go(es)?\b(?!.{0,30}\b(worse|weaker)\b)|(do ?n[o']?t|dont|doesn'?t) (have|got) (any )?weakness)\b"
)
WORSE_THAN_BEFORE = re.compile(
    r"\b(harder|worse|weaker)\b.{0,30}\b(each|every) (day|morning)\b|\bprogressively\b|"
    r"\bincreas\w* (each|every) ?day\b|\btrending up(wards)?\b|"
    r"\b(compared (to|with)|than) (a|one|last) (week|month|fortnight)( ago)?\b.{0,25}\b(worse|weaker)\b|"
    r"\byesterday\b.{0,60}\b(fine|ok|okay|could)\b.{0,50}\btoday\b.{0,30}\b(needed|had to|couldn'?t|can'?t|cant|struggl\w*|harder)\b|"
    r"\b(harder|worse|weaker|more bad|more weak)\b.{0,25}\b(than|today)\b|"
    r"\btoday\b.{0,10}\b(harder|worse|weaker|more bad|more weak)\b|"
    r"\b(could(n't| not)|couldnt)\b.{0,30}\btoday\b.{0,20}\bcould\b|"
    r"\byesterday\b.{0,40}\bcould\b.{0,40}\btoday\b.{0,20}\b(can't|cannot|cant|can not|need\w*|had to|have to)\b|"
    # "was walking unaided on Sunday and needs a frame today"
    r"\b(was|were|could)\b.{0,40}\b(on|last) (mon|tues|wednes|thurs|fri|satur|sun)day\b.{0,40}"
    r"\b(needs?|needed|has to|had to|can'?t|cannot|couldn'?t)\b.{0,30}\b(today|now|this morning)\b"
)
# Answers that say "yes" by describing it: "it's moving to my cheek", "a bit worse each day".
DESCRIBED_YES = {
    "spreading": re.compile(
        r"\b(worse|spread\w*|moving|moved|other places|more places|new places|elsewhere|as well|too)\b"
    ),
    "worsening_weakness": re.compile(
        r"\b(worse|weaker|spreading|down ?hill|deteriorat\w*|declin\w*|(?<!not )progress(ing|ive|ively|ed)|(?<!not )worsening|"
        r"bit by bit|little by little|day after day|week by week|week on week|month by month)\b|"
        r"\b(each|every) (day|morning|week)\b.{0,40}\b(more|harder|worse|weaker)\b|"
        r"\b(more|harder|worse|weaker)\b.{0,40}\b(each|every) (day|morning)\b|"
        r"\bnow (she|he|i) (needs?|can't|cannot|cant)\b|"
        r"\b(every|each) day (i|he|she|we) can (do|manage|lift|walk|carry) less\b|\bcan do less (and less|every day|each day)\b|"
        r"[\u2191\u2b06\u2197]"  # "↑ daily"
    ),
}
# "is going to more places", "is not more worse": a statement without its "it" (English as a
# second language, fragments), not a question, when a verb or a comparison follows at once.
QUESTION_START = re.compile(
    r"^\W*(what|why|how|when|where|which|who|(is|are)(?! (going|getting|spreading|moving|coming|becoming|still|not|"
    r"worse|better|more|less|same|the same|bad|ok|okay|fine|a bit|little|very)\b)|can|could|does|do|should|will|would)\b(?!')"
)

# (value, phrases that always mean it, phrases that mean it only as an answer to "how often?")
FREQUENCY = (
    (
        "constant",
        re.compile(
            r"\b(constant\w*|continual\w*|all the time|non ?stop|continuous\w*|every (few )?seconds?|"
            r"never (really )?stops|24/7|nearly every moment|basically always|always)\b"
        ),
        re.compile(r"\b(all day|almost always|most of the day|nearly always)\b"),
    ),
    (
        "frequent",
        re.compile(
            r"\b(several times a day|many times a day|lots of times a day|dozens of times|every hour|hourly|"
            r"every (few |couple of |5 |five |10 |ten )?min(ute)?s|every half (an )?hour|times an hour|"
            r"an hour|all evening|all night)\b"
        ),
        re.compile(r"\b(a lot|loads|often|frequent\w*|several times|many times)\b"),
    ),
    (
        "occasional",
        re.compile(
            r"\b(now (and|n|&) (then|again)|occasional\w*|once in a while|every so often|"
            r"few times a (day|week)|comes and goes|only when|once or twice|not every day|hardly ever|"
            r"rarely|twice)\b"
        ),
        re.compile(r"\b(sometimes|once a day|not often|on and off|every day|daily)\b"),
    ),
)
TIMES_A_DAY = re.compile(r"\b(\d{1,3})\s*(x|times)\s*(a|per|each)\s*day\b")
# Everyday words for the triggers the question lists, as answers to it ("3 hrs sleep", "statin").
TRIGGER_WORDS = (
    (
        "caffeine",
        re.compile(
            r"(?<!decaf )(?<!decaff )(?<!decaffeinated )(?<!herbal )(?<!fruit )(?<!peppermint )(?<!chamomile )(?<!camomile )"
            r"(?<!rooibos )(?<!redbush )\b(monsters?|red ?bulls?|rockstars?|celsius|relentless|coffees?|coffe|espressos?|lattes?|cappuccinos?|americanos?|flat whites?|"
            r"caff\w*|energy drinks?|cola|coke|pepsi|dr pepper|mountain dew|lucozade|pre[- ]?workout|matchas?|"
            r"guarana|teas?|brews?|cuppas?|double shots?|nescafe|nespresso|mochas?|chai|yerba mate|mate tea|(lots?|cups?|glass(es)?|litres?|liters?|gourds?) of mate|drink\w* mate|sodas?|"
            r"fizzy drinks?|fizzy pop|irn ?bru|kopi|energy shots?|chimarr[aã]o|c[aà] ph[eê]|cafe sua|cafezinho|kahwa|qahwa|kawa|kolas?( nuts?)?|kolanuts?)\b"
        ),
    ),
    (
        "stress",
        re.compile(
            r"\b(stress\w*|anxi\w*|exams?|deadlines?|griev\w*|grief|bereave\w*|funeral|died|passed away|divorce|"
            r"break ?up|broke up|worr\w*|nervous|overwhelm\w*|burn(ed|t)? out|burnout|panic\w*|on edge|tense|"
            r"tension|frazzled|hectic|depress\w*|low mood|redundan\w*|lost (my|his|her|their) job|"
            r"(under|lot of|lots of|so much|work) pressure|a lot on (my|his|her) plate|a lot going on|"
            r"(work|job|life|home)( is|'s| has been) (hell|a nightmare|mental|manic|insane|brutal|crazy|chaos)|"
            # "my noggin's going a mile a minute", "mind racing"
            r"(mind|head|noggin|brain)('s| is)? (racing|going a mile a minute|spinning|won'?t (switch|shut) off)|a mile a minute|"
            r"finals|dissertation|gcses?|a levels|new job|(exam|race|match|comp|competition|stage|performance) nerves|(and|plus|\+) nerves|"
            r"(work|life|things|it)( has|'s| have)? been (mental|crazy|manic|mad|intense|full on|nuts|hell|a nightmare|murder)|"
            r"(work|life|things|home)( has|'s| have)? been (rather |very |quite |really |a bit |pretty |so )?(trying|tough|difficult|rough|draining)|"
            r"(haven'?t|hasn'?t|have not|has not) been easy|rough patch|trying times?|(head'?s|head is|nerves are) (wrecked|fried|shot|mashed|gone)|"
            r"wedding (planning|prep)|planning (a|the|my|our) wedding|caring for|money (worries|troubles|problems)|"
            r"debts?|bills|job interviews?|court case|(tough|hard|rough|difficult) (time|few weeks|few months|year))\b"
        ),
    ),
    (
        "poor_sleep",
        re.compile(
            r"\b(not sleeping|no sleep|poor sleep|bad sleep|can't sleep|cant sleep|sleep (badly|poorly)|"
            r"(not|no|don'?t|dont|can'?t|cant) (dey |de )?sleep(ing)? (good|well|enough|much|many hours)|(no|nae) sleep(in'?|ing)\b|sleep(ing|in'?)? (none|nothing)|sleep (bad|little|not good)|"
            # ("cola to stay awake": what the caffeine is for)
            r"(?<!to )(stay|stays|stayed|staying) (up )?(late|awake)|"
            r"(not|aren't|isn't|are not|haven't|havent|hasn't) (been )?(sleeping|slept)|slept badly|"
            r"(til|till|until) \d{1,2} ?am|\d{1,2} ?am\b|doomscroll\w*|up all night|(crying|cried|awake|lay awake|lying awake) (all|half the) night|up at all hours|"
            r"\d+ ?(hrs?|hours) (of )?(sleep|kip)|hours a night|night shifts?|insomnia|up late|tired|exhausted|"
            r"knackered|shattered|jet ?lag\w*|newborn|sleepless|restless nights?|broken sleep|sleep deprived|"
            r"(not much|little|hardly any|barely any) sleep|late nights|night feeds?|shift work|teething|"
            r"wakes? (up )?every|wakes? (me|us) up|up (every|all) (hour|night)|up and down (all|during the|in the) night|"
            r"up every (\d+|two|three|few|couple of) ?(hours?|hrs?|h)\b|"
            r"(none of us|nobody|no one|noone) ((is|are) )?(sleep\w*|gets? (any |much )?sleep)|"
            r"only (getting|get|got|had) \d+ hours|up with (the|my|our) (baby|babies|kids?|toddler|twins|little one)|"
            r"(baby|babies|toddler|twins|little one)('s|'re| is| are| keeps?)? (up|waking|awake)\b(?! (now|already|from (a|her|his) nap))|"
            r"(can'?t|cannot|couldn'?t) (get to|fall|drop off to) sleep|toss(ing)? and turn\w*|"
            r"(gaming|scrolling|studying|revising) (til|till|until) late|shift (pattern|rota)s?|"
            r"(keeps?|kept|keeping) (me|him|her|us|them) (up|awake)|(doesn'?t|does not|won'?t|will not|never|don'?t) let (me|him|her|us|them) sleep|(zero|no|hardly any|barely any|not much|little) kip|zero sleep|all[- ]?nighters?|"
            r"sleep( has|'s| is| have)?( been)? (awful|terrible|rubbish|bad|poor|crap|shocking|all over the place|a mess))\b"
        ),
    ),
    (
        "exercise",
        re.compile(
            r"(?<!watching )(?<!watched )(?<!watch )(?<!watching a lot of )(?<!watching the )"
            # ("been running to the loo all day": no sport)
            r"\b(?!(running|run|runs|ran) (back and forth |up and down )?to (the )?(loo|toilet|bathroom|lav)\b)(football|running|run|runs|jog\w*|sprint\w*|gym|training|cycling|bike|biking|marathon|"
            r"workouts?|work(ing)? out|exercis\w*|lifting|weights|squats?|deadlifts?|crossfit|spin class\w*|"
            r"pilates|yoga|rugby|tennis|badminton|netball|basketball|hockey|boxing|karate|rowing|triathlon|"
            r"parkrun|[0-9]+k run|leg day|sport|gardening|digging|hiking|hike[ds]?|walk \d+ ?km|\d+ ?km|swimming|"
            r"climbing|cross[- ]country|danc\w*|rehearsals?|skiing|heavy lifting|physical job|aerobics|aqua ?fit|hydrotherapy|zumba|hiit|vigorous|"
            r"(double|training|gym|two) sessions?|two[- ]a[- ]days|i lift|lifts|\d+ ?k\b|circuits|bootcamp|lift(ed|ing)? heavy)\b"
        ),
    ),
    (
        "dehydration",
        re.compile(
            r"\b((haven'?t|have not|hasn'?t|has not|not) been drinking (much|enough|any)( water)?|"
            # ("I don't drink, I don't smoke": no alcohol, not too little water)
            r"(?!(don'?t|dont|doesn'?t|doesnt|never) drink\b\s*([,.;!]|$))"
            r"(don't|doesn't|dont|doesnt|didn't|didnt|won'?t|wont|will not|not|no|never|barely|hardly|forg[eo]ts? to|forgetting to|refuses? to) (drink\w*|drank)"
            r"(?! (or|and|coffee|tea|alcohol|booze|beer|wine|energy|cola|coke|fizzy|soda|caffeine)\b)"
            r"( (much|enough|any))?( water)?|(not enough|too little|little|less|no|not much|hardly any|barely any) "
            r"(water|fluids?)|dehydrat\w*|(not|n't|barely|hardly|never) (been )?(re)?hydrat\w*( (enough|properly|much|well))?|"
            r"not eating or drinking|sweat\w*|heat ?wave|the heat|hot (weather|days)|fasting|ramadan|"
            r"(water|fluids?)\b.{0,40}\b(isn'?t|is not|not) enough|"
            r"(can'?t|cant|couldn'?t|couldnt|haven'?t|havent|not|unable to) (been able to |managed to |manage to )?keep(ing)? "
            r"(fluids?|water|drinks?|anything|food|it) down|"
            r"thirsty|parched|(rarely|seldom|never really|hardly ever) drink (any )?(water|fluids)|"
            # "~1L water/day": a litre or less a day
            r"(?<![\d.])(0?\.\d+|1|one|half an?|half) ?(l|ltr|litres?|liters?)( of)?( water)? ?(a|per|/|each) ?day|"
            r"(cut|cuts|cutting) (down|back) on (water|fluids?|drinks|drinking)|drink(ing)? less (water|fluids?)|"
            # a bodybuilder's "cutting water before a show", a "water cut"
            r"(cut|cuts|cutting) (my |the )?(water|fluids?)|water (cut|cutting|loading)|"
            r"(never|don'?t|dont|rarely|seldom) remember to drink|(forgot|forget|left|no|without) (my |a |the )?water bottle|ran out of (water|drinks?)|"
            r"(working|work|out) (outside|outdoors) in the (sun|heat)|in the (sun|heat) all day)\b"
        ),
    ),
    (
        "nicotine",
        re.compile(
            r"\b(smok\w*|vap\w*|cigs?|cigarettes?|e-?cigs?|fags?|roll[- ]?ups?|baccy|tobacco|juul|pipe|"
            r"nicotine|snus|zyn|shisha|hookah|nargile|chewing tobacco|dipping|durr(y|ies)|ciggies|cigg?y|copenhagen|skoal|grizzly|snuff|i chew(?! (kola|bitter|gum|my|on|the))|chew(ing)? (baccy|tobacco|copenhagen|skoal)|i dip|dip (a lot|a fair bit|daily|every day)|(a|one|two|half a) packs? a day)\b"
        ),
    ),
    (
        "alcohol",
        re.compile(
            r"\b(alcohol|party\w*|(?<!not )(?<!n't )(?<!never )(?<!hardly )(?<!barely )drinking(?! enough)(?! (loads of |lots of |a lot of |more |much |enough |too much |any |hardly any |no )?(diet )?(coffee|tea|water|energy|"
            r"cola|coke|monster|red ?bull|fluids?))|booze|beers?|lager|cider|wine|prosecco|gin|rum|spirits|"
            r"cocktails?|whisky|whiskey|pints?|vodka|sherry|brandy|bourbon|schnapps|akpeteshie|ogogoro|rak[ıi]|rakija|rakia|tsipouro|ouzo|metaxa|grappa|sambuca|limoncello|palinka|tequila|mezcal|pisco|cacha[cç]a|aguardiente|soju|liquor|port and lemon|tipple|hangover|hungover|binge\w*|"
            r"nights? out|sesh|on the (piss|lash|gargle|sauce|tear|batter|beers?)|slab of|tinnies|stubbies|cold ones|schooners?|drams?|bevv(y|ies)|(glass(es)?|bottles?)( or two| or so)? of (red|white|rose|rosé)|(like|have|having|enjoy|fond of) a (drink|tipple|glass)|(a |the )?stiff (drink|one)s?|nightcaps?|"
            r"(a few|few|couple of|some) drinks|drank (wa+y |far |much )?(too much|loads|a lot|heaps|lots|quite a (bit|lot)|"
            r"a fair (bit|amount)|a good (bit|amount)|plenty)(?! of)(?! water)|"
            r"(^|\b(i|and|we|he|she) )drinks? (a bit|a little|socially|at (the )?weekends?|most (nights|days)|every (night|day)|"
            r"a lot|quite a bit|too much|heavily|more than (i|he|she|they|we) should)(?! of)(?! water))\b"
        ),
    ),
    (
        "medicine",
        re.compile(
            r"\b((?<!play )(?<!plays )(?<!playing )(?<!watch )(?<!watches )(?<!watching )tablets?(?! (games?|screen|until|till|late|all (day|night|evening)|at night|in bed)\b)|pills?|statins?|medic\w*|meds|(?<!the )(?<!pre )med(?! (school|student|students|exams?|tech|spa)\b)|prescri\w*|inhaler|puffer|antidepressants?|"
            r"antibiotics?|antihistamines?|steroids?|painkillers?|contracepti\w*|hrt|ritalin|adderall|"
            r"concerta|elvanse|methylphenidate|sertraline|citalopram|fluoxetine|prozac|amitriptyline|"
            r"levothyroxine|salbutamol|ventolin|prednisolone|lithium|diuretics?|water (tablets?|pills?)|cetirizine|loratadine|fexofenadine|zyrtec|claritin|(asthma|blue|brown) pump|"
            # ("started on energy drinks", "started on the night shift": no medicine)
            r"started (on|taking)(?! (the |a |an )?(energy|coffee|tea|cola|coke|red bull|monster|night|nights|shifts?|"
            r"early|late|new job|gym|weights|caffeine|pre[- ]?workout|vap\w*|cigarettes?|fags)\b)|supplements?|melatonin|"
            r"sleeping (pills?|tablets?)|sleep aids?|"
            r"(dose|dosage)s? (was |were |got |has been |have been )?(upped|increased|raised|changed|went up|going up|doubled)|"
            r"(dose|dosage) (increase|change|rise|bump|adjustment)s?|"
            r"(upped|increased|raised|doubled) (the |his |her |my |their )?(dose|dosage)|"
            r"calpol|nurofen|tylenol|motrin|advil|panadol|benadryl|piriton|gaviscon|calprofen|"
            # "blood pressure drugs", "malaria treatment last week" (a99 tuning answers)
            r"(blood pressure|bp|malaria|anti-?malarial|heart|diabetes|sugar|thyroid|epilepsy|seizure|cholesterol|acne|"
            r"hiv|tb|arthritis) (drugs?|treatment|medicines?|tabs|jabs?|injections?)|anti-?malarials?)\b|" + DRUG_NAME
        ),
    ),
)
# "all of them except ...", "all but ...": the words that take options back out of "all"
EXCEPT_WORDS = r"exc?ept|apart from|besides"
ALL_OF_THEM = re.compile(
    # ("the lot tbh: coffee, fags, stress": the list after the colon)
    r"\b(all of (them|those|these|the above|em|'em|dem)|everything on (the|that|this|your) list|the lot\b(?![^:.;!?]{0,12}:))\b|"
    r"^\W*(all|everything)\b(\W*$|.{0,10}\b(" + EXCEPT_WORDS + r"|but not)\b)"
)
EXCEPT = re.compile(r"\b(" + EXCEPT_WORDS + r"|but not)\b[^.;!?]*")  # (to the end of its sentence)
WORSENING_WEAKNESS = re.compile(
    # ("weaker, though it's no worse than when it started" is weakness not getting worse)
    r"\b(weaker (and weaker|every|each|by the)|getting weaker|weak\w*\b.{0,25}\b(?<!no )(?<!nae )(?<!not )(?<!any )(?<!n't )(worse|weaker)\b)"
)
# "Worse every day" is the weakness getting worse when weakness is in the picture; said of the
# twitch alone ("it's getting worse every day") it is spreading.
WORSE_DAILY = re.compile(r"\b(worse (every|each) day|worse day by day|worse by the day)")
AGE = re.compile(
    # ("now is 4 days": a time, not an age)
    r"\b(i'm|i am|im|he's|she's|he is|she is|they're|aged?|is|turned|turns|turning)\s+(\d{1,3})\b"
    r"(?!\s*(?:days?|weeks?|months?|hours?|hrs?|mins?|minutes|times|x|am|pm|%|o'?clock)\b)|"
    r"\b(\d{1,3})\s*(years?|yrs?|y/?o|[mf])\b"
)
ADULT_SELF = re.compile(
    r"\b(me|myself|i'm an adult|adult|grown[- ]?up|for me|old enough to have (grand)?(children|kids|grandkids))\b"
)
# "2 years ago", "for 3 years", "over 4 yrs": a time, not an age.
YEARS_AS_TIME_AFTER = re.compile(r"\s*(ago|back|now|and a half|or so|'? ?time|later)\b")
YEARS_AS_TIME_BEFORE = re.compile(
    r"\b(for|since|past|last|over|about|around|nearly|almost|than|few|couple of|started|began|in|within|every|after)\s+$"
)


def _a_span_of_time(text: str, m: re.Match[str]) -> bool:
    """The years or months matched at `m` are how long ("for 3 years", "8 months ago", "5 months
    after my son", "6 weeks postpartum": the time since a birth, not the baby's age), not an age."""
    return bool(
        YEARS_AS_TIME_AFTER.match(text, m.end())
        or YEARS_AS_TIME_BEFORE.search(text[: m.start()])
        or (re.match(r"\s*(after|post)\b", text[m.end() :]) and durations.AFTER_A_BIRTH.match(text[m.end() :]))
        or _how_far_along(text, m)
    )


# "pregnant of 5 months", "5 months pregnant": how far along, not an age ("embarrassed" is the
# Spanish speaker's false friend for embarazada, an a117 tuning answer).
PREGNANT_FOR = re.compile(r"\b(pregnan\w*|expecting|embarrass?ed|embarazada)( (of|with|for|since))?\W*$")


def _how_far_along(text: str, m: re.Match[str]) -> bool:
    return bool(
        PREGNANT_FOR.search(text[max(0, m.start() - 30) : m.start()])
        or re.match(r"\s*(weeks?|months?)?\W*(pregnant|along|gone)\b", text[m.end() :])
    )


# "born 1990", "DOB 04/03/1990", "d.o.b. 12-05-2009": the year of birth.
BORN_IN = re.compile(
    r"\b(?:born (?:in )?|(?:dob|d\.o\.b\.?|date of birth)\W*(?:\d{1,2}[/.-]\d{1,2}[/.-])?)((?:19|20)\d\d)\b"
)


def _stated_age(text: str) -> Optional[int]:
    """An age said with its words ("I'm 45", "she is 9", "7 years", "29f", "born 1990"), not a span of years."""
    born = BORN_IN.search(text)
    if born and int(born.group(1)) <= (this_year := date.today().year):
        return this_year - int(born.group(1))
    spans = life_spans(text)
    for m in AGE.finditer(text):
        if m.group(3) and (_a_span_of_time(text, m) or any(a <= m.start() < b for a, b in spans)):
            continue
        return int(m.group(2) or m.group(3))
    return None


# A twitch in a pet ("my cat keeps twitching her tail") or a request to translate words: no one's
# own twitch and no question the knowledge answers (the scope statement does).
ANIMALS = r"(dogs?|pupp(y|ies)|cats?|kittens?|hamsters?|rabbits?|bunny|guinea pigs?|horses?|pony|budgie|parrots?|gerbils?|ferrets?)"
ANIMAL_TWITCH = re.compile(
    rf"\b{ANIMALS}('s)? (\w+ ){{0,2}}(twitch|jerk|shak|spasm)\w*|\b{ANIMALS}\b.{{0,40}}\b(tail|whiskers?|paws?|snout|muzzle)\b"
)
TRANSLATE = re.compile(
    # (not "asked me to translate ... in plain English": medical words explained)
    r"\b(translate|translation of)\b(?!.{0,80}\b(plain|simple|normal|everyday|lay(man'?s?)?) (english|words|terms|language)\b)|"
    r"\b(how do you say|in (spanish|french|german|polish|italian|portuguese|hindi|urdu|"
    r"arabic|chinese|mandarin|cantonese|turkish|russian|vietnamese|romanian|bengali|punjabi|tamil))\b"
)
# "my car engine keeps twitching when idle", "the cursor twitches": a machine, not a person.
MACHINE_TWITCH = re.compile(
    # ("motor neurone disease and twitching" is a person's: a q107 tuning question)
    r"\b(car|engine|motor(?! neu?rone?s?\b)|laptop|phone|screen|cursor|mouse|controller|needle|gauge|rev counter|fan)\b"
    r"(\s+\w+){0,3}\s+(twitch|jerk|shak|stutter|judder)\w*"
)


# "insomnia for months... not twitching, just can't sleep", "not medical, just want a podcast":
# the person says in an aside that the request is not about twitching or health.
SAYS_OFF_TOPIC = re.compile(
    r"(^|[,.;:!?(-]\s*)(this is |it's |its )?(not|nothing to do with|unrelated to) (about |related to |re |to do with )?"
    r"(twitch\w*|medical|health|a (medical|health) (question|thing))\s*([,.;:!)-]|$)"
)


def not_about_a_person(text: str) -> bool:
    t = normalise(text)
    return bool(ANIMAL_TWITCH.search(t) or TRANSLATE.search(t) or MACHINE_TWITCH.search(t))


def says_off_topic(text: str) -> bool:
    return bool(SAYS_OFF_TOPIC.search(normalise(text)))


def is_question(text: str, intent: Optional[str]) -> bool:
    """A knowledge question asked mid-intake, to be answered before the intake goes on."""
    t = normalise(text)
    return intent in QUESTION_INTENTS and ("?" in t or bool(QUESTION_START.search(t)))


# A question word that starts a later clause or a fragment: "lip twitching how long until stop",
# "twitching all over, what causes that", "back spasms with numbness when to worry".
# (", which I know is ridiculous", ", which is annoying": a relative clause, not "which vitamin".)
LATER_QUESTION = re.compile(
    r"(^|[,.;:!-]|\b(and|so|but|or)\b)\s*(what|whats|what's|why|how)\b|^\W*which\b|"
    r"[,.;:!-]\s*which (?!(i|is|was|has|had|makes?|made|means?|meant|seems?|sounds?|feels?|would|could|might)\b)\w+ \w+|"
    r"\b(what causes|how long|how do i|how to|when to (worry|see|go|stop)|which \w+ (am|is|are|do|should))\b|\bvs\b|"
    # a later clause that asks what causes what or who should act (q107 tuning questions): "dries my
    # eyes out, can sore dry eyes make the lid twitch", "trapped nerve, can that give twitching",
    # "tongue twitching, should someone get that looked at"
    # (a subject first: "..., will give it a week" is no question)
    r"[,.;:!-]\s*(can|could|does|do|would|will|might|may) ([\w']+ ){1,4}?(make|makes|cause|causes|give|gives|trigger|"
    r"triggers|bring on|brings on|lead to|leads to|set off|sets off)\b|"
    r"[,.;:!-]\s*(should|do|does|would|must) (someone|somebody|anyone|anybody|one|you|u|people|i|we|they|he|she) "
    r"(get|see|go|worry|be worried|need|call)\b|"
    # a question after a dash (q111 tuning): "full body twitching - is it usually harmless"
    # (only a dash: after a comma, "..., is it normal" follows a story as often as not)
    r"\s[-\u2013\u2014]+\s*(is|are|isn'?t|aren'?t) (it|that|this|they|these|those) (\w+ )?(harmless|normal|a sign|"
    r"something to worry|anything to worry|serious|dangerous|common|benign|bad)\b"
)


def asks_something(text: str) -> bool:
    """A request for information, with or without a question mark or a leading question word."""
    t = normalise(text)
    return "?" in t or bool(QUESTION_START.search(t) or LATER_QUESTION.search(t))


# "I've got a twitchy muscle, is that normal?" or "...my calf keeps twitching, is it the
# tablets?": a question that also tells the person's own story.
_NOT_MY_NORMAL = (
    r"\btwitch\w*\b.{0,80}\b(not my (normal|usual)|not normal for me|not like my usual|different from my usual)\b"
)
# ("for instance after a day of carrying boxes", a q115 tuning question, gives an example, not a time)
OWN_TWITCH = re.compile(
    r"\b(i've got|ive got|i have|i've had|ive had|i got|got a|i'm having|im having|been having|has been|have been|"
    r"keeps|kept|started|been)\b.{0,40}\btwitch|\bkeep (on )?twitch|\bgot (some |these |random |little |loads of )?twitch"
    r"|\b(twitch\w*|fascic\w*)\b.{0,40}\b(for|since)\b(?! how)(?! when)(?! instance)(?! example).{0,25}\b(days?|weeks?|wks?|months?|yesterday|monday|"
    r"tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|weekend)\b"
    r"|\btwitch\w*\b.{0,40}\bsince (this (morning|afternoon|evening)|today|last night|lunch\w*|breakfast)\b"
    # "the flickering in my right calf has returned", "my eyelid twitch is back"
    r"|(\b(my|his|her)\b.{0,30}\b(twitch\w*|flicker\w*|jump\w*|spasm\w*|fascic\w*)|"
    r"\b(twitch\w*|flicker\w*|jump\w*|spasm\w*|fascic\w*)\b.{0,10}\b(in|on) (my|his|her)\b)[^.?!]{0,30}"
    r"\b((is|'s|has|have|are) (come )?back|has returned|have returned|came back|started again)\b"
    # "aches and twitches aren't new to me, but this is not my normal": a change in one's own
    r"|" + _NOT_MY_NORMAL
)
NOT_MY_NORMAL = re.compile(_NOT_MY_NORMAL)
# Twitching kept off or kept on in general, no one's own (q103 tuning questions): "a diet that keeps
# twitches away", "enough sleep to keep twitching away", "workouts help keep twitching down", "is that
# why the muscles keep twitching". Taken out before OWN_TWITCH is looked for.
KEPT_IN_GENERAL = re.compile(
    r"\b(that|to|help|helps|which|will|would|does|do|can|could|should)\s+keeps?\s+(the\s+|your\s+)?twitch\w*\s+"
    r"(away|down|at bay|off|under control)\b|"
    # ("is there a test that tells you why a muscle keeps twitching", a q111 tuning question)
    r"\bwhy (do |does )?(the|your|a|an|people'?s|someone'?s|muscles)\b[^.?!]{0,20}\bkeeps? (on )?twitch\w*|"
    # "should you get your meds reviewed if you keep twitching" (a q105 tuning question)
    r"\b(if|when) (you|one|people|someone) keeps? (on )?twitch\w*"
)


def says_not_my_normal(text: str) -> bool:
    """The person says their own twitch has changed from what is usual for them."""
    return bool(NOT_MY_NORMAL.search(normalise(text or "")))


# "tongue twitching causes", "calf fasciculations benign or als", "lip twitching whats up with
# that": words that ask for information, in a fragment with no question mark or question word.
ASKS_ABOUT = re.compile(
    r"\b(causes?|caused by|reasons?|why|what'?s up|meaning|benign|normal|dangerous|symptoms? of|"
    r"signs? of|treatments?|cures?|remed(y|ies)|foods?|diet|deficien\w*|link|linked|connection|is that a thing|"
    r"what happens|how come|"
    # "corticosteroid side effects twitching hands", "botox injections for eye twitch" (q105 tuning)
    r"side effects?|injections? for|(does|do) (it|that|this) mean|"
    # "best way to stop hand twitches", "good stretches to do in the security hut for twitchy legs"
    # (q107 tuning questions)
    r"(best|good|easy|easiest|quick|quickest|simple|safe) (ways?|stretch\w*|exercises?|tips?|things?|foods?|remed\w*|"
    r"drinks?|snacks?) (to|for)\b)\b"
)


def asks_in_general(text: str) -> bool:
    """A request for information that says nothing about anyone's own twitch: answered, never
    turned into a symptom check ("tongue twitching causes", but not "my tongue twitches, why")."""
    t = normalise(text)
    return bool(ASKS_ABOUT.search(t)) and not PERSONAL.search(t)


# Whose twitch it is, in the Hindi and Spanish that people mix into English: "meri palak", "mi
# pierna", and the Hindi present ("calf mein twitching ho rahi hai": it is happening now) that
# leaves the person unsaid.
MIXED_PERSONAL = re.compile(
    r"\b(mera|meri|mere|mujhe|mujhko|mai|apna|apni|apne|hamara|hamari|humara|humari|uska|uski|uske|unka|unki|"
    r"unke|mi|mis|yo|tengo|su|sus)\b|\b(ho|kar) rah[aie]\b|\b(hoti|hota|rehti|rehta|rehte) h(ai|e)\b"
)


# "Legs twitching and the stairs are getting harder. Is that normal", "eyelid twitch. also bit
# dizzy?": a report in fragments that opens with the place and the twitch, then goes on with more
# of the story (not with what it asks: "eyelid twitching. what causes it?").
OPENS_WITH_REPORT = re.compile(
    r"^\W*((my |left |right |both |l |r )?(eyelids?|eyes?|lids?|face|cheek|lips?|arms?|hands?|fingers?|thumbs?|legs?|"
    r"calf|calves|thighs?|foot|feet|toes?|back|neck|shoulders?|stomach|tongue|jaw|muscles?) "
    r"(twitch\w*|jump\w*|flicker\w*|spasm\w*)|"
    # "twitching in my throat/neck area and sometimes..."
    r"(twitch\w*|flicker\w*|spasms?) (in|on) (my|me) (left |right )?\w+(/\w+)?( area| muscles?)?)"
    r"( again| still| a lot| all day| constantly)?\s*([.;!]\s*|,\s*(?=also\b)|"
    r"and (?=(my|i|i'm|im|it's|its|now|also|sometimes)\b|the \w+( at \w+)? (is|are|was|were|feels?|keeps?)\b))"
)


def opens_with_a_report(text: str) -> bool:
    """A message that opens with the place and the twitch and goes on with more of the story."""
    return _opens_with_a_report(normalise(text))


# "face twitches.. stress? coffee? no sleep? which is it usually", "hand twitching.. coffee? stress?
# tablets? whats the most likely reason": a topic and a question about what is usual (q103 tuning
# questions), not a report, unless a time says it is happening to someone.
ASKS_WHAT_IS_USUAL = re.compile(
    r"\b(usually|most likely|most common(ly)?|typically|normally|in general|generally|the main (reason|cause))\b[^.!]*(\?|$)"
)


def _opens_with_a_report(t: str) -> bool:
    """`opens_with_a_report` of a message already normalised."""
    m = OPENS_WITH_REPORT.match(t)
    if not m or not t[m.end() :].strip():
        return False
    rest = t[m.end() :]
    if ASKS_WHAT_IS_USUAL.search(rest) and durations.parse_days(t) is None:
        return False
    # "tongue twitching. possible causes?" (a q110 tuning question) asks as "... causes?" does
    rest = re.sub(r"^(possible|potential|likely|probable|common|usual|typical|known|main) ", "", rest)
    return not (QUESTION_START.search(rest) or ASKS_ABOUT.match(rest) or rest.startswith(("any ", "is it", "can ")))


# A part of one's own named with a twitch verb: "the top of my arm jumps", "her left eyelid flickers".
OWN_PART_MOVES = re.compile(
    r"\b(my|his|her) (left |right |upper |lower |top |bottom |inner |outer )?(eye|eyelid|lid|eyebrow|brow|cheek|lip|"
    r"mouth|jaw|chin|tongue|face|neck|shoulder|arm|bicep|biceps|tricep|triceps|forearm|elbow|wrist|hand|palm|finger|"
    r"thumb|chest|stomach|belly|tummy|back|hip|bum|glute|thigh|leg|knee|shin|calf|ankle|foot|toe|muscle)s? "
    r"(muscle )?(now |still |also |just |really |constantly |sometimes |often )?(twitches|jumps|flickers|flutters|"
    r"spasms|quivers|ripples|pulses|ticks|tics|trembles|vibrates|is (twitching|jumping|flickering|fluttering))\b"
)
# A question about what the person should do themselves: "Should I leave off the logs?"
ASKS_WHAT_TO_DO = re.compile(r"^\W*(should|shall|do|must) (i|we) (stop|leave|keep|carry on|give up|rest|cut)\b")
TWITCHING_NOW = re.compile(r"\b(is|are|'re) (still |now |constantly |always )?(twitch|jump|flicker|spasm|flutter)\w*")


def tells_own_story(text: str) -> bool:
    """A message that reports the person's (or someone's) own twitch, even inside a question."""
    t = normalise(text)
    if OWN_TWITCH.search(KEPT_IN_GENERAL.sub(" ", t)) or _opens_with_a_report(t):
        return True
    # "My top eye lid keeps going. On the right." (a w104 tuning vignette): a part of one's own that
    # keeps moving by itself, told without a twitch word
    if re.search(
        r"\b(my|his|her)\b[^.?!]{0,25}\b(keeps|kept|keep|won'?t stop|wont stop) (on )?(going|moving|jumping|flick\w*|"
        r"flutter\w*|pulsing|dancing)\b",
        t,
    ):
        return True
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", t) if s.strip()]
    # "...and now the top of my arm jumps. Not painful. Should I leave off the logs?" (a w118 tuning
    # vignette): a part of one's own moving, told as a statement, and a question about what to do oneself
    if any(OWN_PART_MOVES.search(s) and not s.rstrip().endswith("?") for s in sentences) and any(
        ASKS_WHAT_TO_DO.match(s) for s in sentences
    ):
        return True
    # "calf twitch after leg day, normal?", "hamstring twitching after wod this morning. normal??": a
    # report of one's own twitch with a short question tacked on.
    if not QUESTION_START.search(t) and re.search(
        # (...or a statement about themselves after it: "my tongue wriggles by itself. is that normal? im 71")
        r"\b(twitch\w*|wriggl\w*|(ph|f)adak\w*)\b.*[,.;!-]\s*(is (that|this|it) |es )?(normal|ok|okay)( hai)?( kya| na)?"
        r"(\W*$|\?\s+(?!.*\?)(?=(i'?m|im|i am|i have|i've|ive|my|he'?s|she'?s)\b))",
        t,
    ):
        return True
    personal = re.search(r"\b(my|i|i'm|i've|me|his|her|he|she|he's|she's)\b", t) or MIXED_PERSONAL.search(t)
    if not (personal and TWITCH_WORDS.search(t)):
        return False
    if durations.parse_days(t) is not None:
        return True
    # "covid booster this afternoon. muscle near the jab is twitching which I sort of expected, but
    # ... maybe just a cold coming?": a story of a twitch happening now whose only question is a guess
    # about something else; "...is twitching. What is causing it?" and "tummy twitching??" are
    # questions about the twitch.
    asked = [s for s in sentences if s.rstrip().endswith("?")]
    if (
        asked
        and len(asked) < len(sentences)
        and not any(QUESTION_START.search(s) or TWITCH_WORDS.search(s) for s in asked)
        and any(TWITCHING_NOW.search(s) for s in sentences if s not in asked)
    ):
        return True
    # "eyelid twitch plus my eye is red and crusty... conjunctivitis maybe?": a sign of one's own,
    # told as a statement.
    return (
        not QUESTION_START.search(t)
        and bool(re.search(r"\b(my|his|her)\b", t))
        and any(
            not is_denied(t[: m.start()])
            and not re.search(r"\b(will|would|could|can|does|do|if)\b[^.?!,]*$", t[: m.start()])
            for s in SYMPTOMS
            if s.slot not in ("fluid_loss", "wasting")
            for m in s.words.finditer(t)
        )
    )


def answered(slot: str, filled: Dict[str, Any], asked: AbstractSet[str] = frozenset()) -> bool:
    """Its answer is known: given to it, or (for the symptom question) every option already said.
    A trigger named in passing ("stressed at work, no sleep") does not answer the triggers question
    unless it was a medicine: the question also lists medicines (a reason to see a doctor), and its
    answer is where people mention the tablets they took."""
    if slot == "symptoms":
        return filled.get(slot) is not None or all(filled.get(s.slot) is not None for s in applicable_symptoms(filled))
    if slot == "triggers" and slot not in asked:
        return "medicine" in (filled.get(slot) or ())
    return filled.get(slot) is not None


def facts(filled: Dict[str, Any]) -> triage.Facts:
    """The triage facts in the intake's slots (unanswered ones are left out)."""

    def listed(name: str) -> Tuple[str, ...]:
        return tuple(v for v in (filled.get(name) or []) if v not in (NONE_MARKER, UNKNOWN, OTHER_TRIGGER))

    return triage.Facts(
        emergency_screen=filled.get("emergency_screen"),
        body_parts=tuple(filled.get("body_parts") or ()),
        duration_days=filled.get("duration_days"),
        frequency=filled.get("frequency"),
        worsening_weakness=filled.get("worsening_weakness"),
        triggers=listed("triggers"),
        age_group=filled.get("age_group"),
        **cast(Dict[str, Any], {slot: filled.get(slot) for slot in SYMPTOM_SLOTS}),
    )


def required_slots(filled: Dict[str, Any]) -> List[str]:
    """The intake's questions for what is known so far (an emergency ends it at once)."""
    if filled.get("emergency_screen") == YES:
        return []
    return [q.slot for q in QUESTIONS if q.asked_when(filled)]


def next_question(filled: Dict[str, Any], asked: AbstractSet[str] = frozenset()) -> Optional[str]:
    """The first question still to ask (`asked`: the questions this intake has asked): never one
    whose answer was already given. Every question can change the result, if only because an
    answer may describe an emergency in passing."""
    return next((s for s in required_slots(filled) if not answered(s, filled, asked)), None)


# The values each slot may hold (domain.yml agrees; a unit test checks).
YES_NO_UNSURE = (YES, NO, UNKNOWN)
CATEGORIES: Dict[str, Tuple[str, ...]] = {
    **{slot: YES_NO_UNSURE for slot in ("emergency_screen", "worsening_weakness") + SYMPTOM_SLOTS},
    "frequency": ("occasional", "frequent", "constant", UNKNOWN),
    "age_group": ("adult", "child", UNKNOWN),
}
LIST_SLOTS = ("body_parts", "symptoms", "triggers")


def valid(slot: str, value: Any) -> bool:
    """A value the slot may hold (None clears it)."""
    if value is None:
        return True
    if slot in CATEGORIES:
        return value in CATEGORIES[slot]
    if slot in LIST_SLOTS:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if slot == "duration_days":
        return isinstance(value, (int, float)) and (value == UNKNOWN_DURATION or 0 <= value <= 36500)
    if slot == "reasked_slot":
        return value in QUESTION_BY_SLOT
    return isinstance(value, bool)


def trigger_button(trigger: str) -> Optional[str]:
    """The triggers question's button for a trigger id ("caffeine" -> "Lots of caffeine"): the
    button whose own answer text the trigger readers take as that trigger."""
    for title, payload in QUESTION_BY_SLOT["triggers"].buttons:
        if any(name == trigger and pattern.search(payload) for name, pattern in TRIGGER_WORDS):
            return title
    return None


def _names_a_sleep_medicine(t: str, start: int, end: int) -> bool:
    """Whether the sleep word at start:end names a medicine, as the medicine reader of TRIGGER_WORDS
    reads one ("a sleeping tablet", "sleep aids", "sleeping meds"): a medicine, not a bad night."""
    after = len(t) - len(t[end:].lstrip())
    return bool(MEDICINE_WORDS.match(t, start) or MEDICINE_WORDS.match(t, after))


def triggers_said(filled: Dict[str, Any]) -> List[str]:
    """The buttons of the triggers already said (in the first message, say)."""
    return [title for title in (trigger_button(t) for t in filled.get("triggers") or []) if title]


def buttons(slot: str, filled: Dict[str, Any]) -> Tuple[Tuple[str, str], ...]:
    """A question's buttons for this person (the eye option only when the eyelid twitches; no
    button for a trigger already said)."""
    hidden = {s.title for s in SYMPTOMS if not s.asked_when(filled)} if slot == "symptoms" else set()
    if slot == "triggers":
        hidden = set(triggers_said(filled))
    return tuple(b for b in QUESTION_BY_SLOT[slot].buttons if b[0] not in hidden)


# Buttons named by their position: "the second one", "the fifth and sixth", "all of the first four".
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
    "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
    "last": -1,
}  # fmt: skip
COUNTS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9,
}  # fmt: skip
POSITION_FILLER = frozenset(
    "the a option options one ones number no button buttons and plus also of all i pick choose take go with "
    "i'll ill please that this those these just only".split()
)
# "the middle one" of three, "the latter" of two: a position said without a number.
POSITION_WORDS = {"former": 1, "latter": -1}
# Sides say nothing about which place button: "Number six. Left one only."
SIDE_FILLER = frozenset("left right side sides".split())
# Options picked from a multi-select question by their numbers alone: "1, 3 and 4".
NUMBERED_PICKS = ("symptoms", "body_parts", "triggers")
BUTTON_WORDS = {"/affirm": "yes", "/deny": "none of these", "/dont_know": "not sure"}


def buttons_by_position(text: str, requested: Optional[str], filled: Dict[str, Any]) -> Optional[str]:
    """The words of the buttons an answer names by position, or None when it names none that way.
    Only an answer made of nothing else counts: "first it was my eyelid" is no choice."""
    if requested not in QUESTION_BY_SLOT:
        return None
    words = re.findall(r"[a-z0-9']+|&", text)
    if not words or len(words) > 10:
        return None
    ordinals = dict(ORDINALS, **POSITION_WORDS)
    if (
        requested in NUMBERED_PICKS
        and sum(w.isdigit() for w in words) >= 2
        and all(w.isdigit() or w in ("and", "&") for w in words)
    ):
        ordinals.update({w: int(w) for w in words if w.isdigit()})  # "1, 3 and 4"
    # "number six", "number 6": the sixth
    words = [str(COUNTS.get(w, w)) if i and words[i - 1] == "number" else w for i, w in enumerate(words)]
    ordinals.update({w: int(w) for i, w in enumerate(words) if i and words[i - 1] == "number" and w.isdigit()})
    positions = ordinals.keys() | {"middle"}
    if not any(w in positions for w in words):
        return None
    filler = POSITION_FILLER | (SIDE_FILLER if requested == "body_parts" else frozenset())
    if any(w not in positions and w not in COUNTS and w not in filler and w != "&" for w in words):
        return None
    # (the buttons are built only now: most answers name no position)
    shown = buttons(requested, filled)
    if "middle" in words:
        if not len(shown) % 2:
            return None  # an even number of buttons has no middle one
        ordinals["middle"] = (len(shown) + 1) // 2
    picked: List[int] = []
    for i, word in enumerate(words):
        if word == "first" and i + 1 < len(words) and words[i + 1] in COUNTS:
            picked += range(COUNTS[words[i + 1]])  # "the first three"
        elif word in ordinals:
            picked.append(ordinals[word] - 1 if ordinals[word] > 0 else len(shown) - 1)
    chosen = [shown[i][1] for i in dict.fromkeys(picked) if 0 <= i < len(shown)]
    if not chosen:
        return None
    return " and ".join(BUTTON_WORDS.get(payload, payload) for payload in chosen)


def fallback(slot: str, filled: Dict[str, Any]) -> Dict[str, Any]:
    """What is recorded when an answer is still not understood after the one re-ask: "not sure"
    (which the triage policy treats cautiously), so the intake moves on."""
    unsure = (
        {s.slot: UNKNOWN for s in applicable_symptoms(filled) if filled.get(s.slot) is None}
        if slot == "symptoms"
        else {}
    )
    said = [x for x in (filled.get(slot) or []) if x not in (NONE_MARKER, UNKNOWN)] if slot == "triggers" else []
    # Triggers said before the question (in the first message, say) stay: an unreadable answer
    # to "anything else?" adds nothing, it does not take them back.
    return {**unsure, slot: said or QUESTION_BY_SLOT[slot].fallback}


@dataclass(frozen=True)
class Step:
    updates: Dict[str, Any]  # slot values to set
    ask: Optional[str]  # the next question (None: the intake is complete)
    reasked: Optional[str]  # the question asked again once, if any


# Intents that are not an attempt to answer: the form lets its rules handle them (answer a
# question, thank, say it is a bot...), then asks again, without counting a miss.
NOT_ANSWERS = QUESTION_INTENTS | {"bot_challenge", "thank", "out_of_scope", "stop"}


MAX_ASKS = 2  # a question is asked at most twice: once, then once more (re-ask or after a side question)


def step(
    text: str,
    terms: List[TermMatch],
    intent: Optional[str],
    requested: Optional[str],
    filled: Dict[str, Any],
    reasked: Optional[str],
    times_asked: int = 1,
    asked: AbstractSet[str] = frozenset(),
) -> Optional[Step]:
    """One turn of the intake: what the message says, and what to ask next. An answer not
    understood gets one re-ask (with an example); a second one is recorded as "not sure".
    None when the message is not an answer at all (a question, thanks...): the form's rules
    handle it and the same question comes again, but only once: after a question asked
    `MAX_ASKS` times, a non-answer is recorded as "not sure" too, so nothing loops."""
    updates = extract(text, terms, intent, requested, filled)
    now = {**filled, **updates}
    asked = frozenset(asked) | ({requested} if requested else set())
    if requested and not answered(requested, now, asked):
        if not updates and (intent in NOT_ANSWERS or is_question(text, intent)) and times_asked < MAX_ASKS:
            return None
        if reasked != requested and times_asked < MAX_ASKS:
            return Step(updates, requested, requested)
        updates = {**updates, **fallback(requested, now)}
        now = {**filled, **updates}
    return Step(updates, next_question(now, asked), None if reasked == requested else reasked)


# "Had a stomach bug last week, all cleared up by Friday": vomiting or diarrhoea told as over (a
# string: `reader_corrector`).
OVER_NOW = (
    r"\b(all )?(cleared up|cleared|clear now|gone now|over now|over it|better now|recovered|settled( down)?|"
    r"(back to )?eating normally)\b"
)


def _fluid_loss_over(text: str) -> bool:
    """Whether each mention of vomiting or diarrhoea has its sentence say that it is over."""
    mentions = list(FLUID_LOSS.finditer(text))
    after = [text[m.end() : sentence_span(text, m.start(), m.end())[1]] for m in mentions]
    return bool(after) and all(
        re.search(OVER_NOW, rest) and not re.search(r"\b(not|never|hasn'?t|haven'?t|isn'?t)\b", rest) for rest in after
    )


# "Front of my thigh is fluttering away. Started last night.": a sentence that opens with an onset,
# right after one that speaks of the twitch, tells the twitch's time too (a string: `reader_corrector`).
CONTINUES_WITH_ONSET = r"^\W*((it|this|that|they|the twitch\w*)\s+)?(started|began|begun|kicked off|came on|has been going|been going|since)\b"


def _clause_time(clause: str) -> Optional[float]:
    days = durations.parse_days(clause)
    return days if days is not None else durations.days_since_a_day_named(clause)


def _twitch_sentence_time(sentences: List[str]) -> Optional[float]:
    """The time told in the first sentence that speaks of the twitch (or continues one that did)."""
    after_twitch = False
    for sentence in sentences:
        twitch = bool(TWITCH_WORDS.search(sentence))
        if twitch or (after_twitch and re.match(CONTINUES_WITH_ONSET, sentence)):
            # "...coughing for 2 weeks, finally easing off, and since monday my stomach muscle
            # twitches": in a sentence of two times, the clause that speaks of the twitch tells its own
            clauses = re.split(r",|\band\b(?! a half)|\bbut\b", sentence) if twitch else []
            days = next((d for c in clauses if TWITCH_WORDS.search(c) and (d := _clause_time(c)) is not None), None)
            days = days if days is not None else durations.parse_days(sentence)
            if days is not None:
                return days
        after_twitch = twitch
    return None


def _found(text: str, pattern: re.Pattern[str]) -> Optional[str]:
    """YES/NO for a pattern in text, honouring a denial before it; None when absent."""
    m = pattern.search(text)
    if not m:
        return None
    return NO if is_denied(text[: m.start()]) else YES


# "I quit caffeine when I got pregnant", "gave up smoking": a habit given up is not a trigger now.
GIVEN_UP = re.compile(
    r"\b(quit|gave up|given up|giving up|stopped|cut out|no longer)\s+(\w+\s+){0,2}$|"
    # "off the steroids now" (not "fell off the bike")
    r"(?<!fell )(?<!fall )(?<!falls )(?<!falling )\boff (the|my|his|her|all) $"
)
# "None apply, unlike my mate who's on 6 red bulls a day": someone else's habit
UNLIKE_SOMEONE = re.compile(r"\bunlike (my|his|her|their|our|a|the) [^.,;!?]*")


def _someone_elses_habit(text: str, start: int) -> bool:
    return any(u.start() < start < u.end() for u in UNLIKE_SOMEONE.finditer(text))


def _given_up(text: str, start: int) -> bool:
    return bool(GIVEN_UP.search(text[max(0, start - 40) : start]))


def _one_cup_a_day(text: str, start: int, end: int) -> bool:
    """ "one cup of coffee at breakfast, that's all", "maybe 1 tea/day tops": a single daily cup is
    everyday life, not a trigger (as blind writers read it). Plain strings: module patterns are the
    readers' corrector targets."""
    one = r"\b(one|1|a single|only one|just one|just the one)\s+((small |little )?(cup|mug)s? of\s+)?"
    if not re.search(r"\b(tea|teas|coffee|coffees|cuppa|cup|mug)\b", text[start:end]):
        return False  # (an energy drink a day is a good dose)
    if not (re.search(one + "$", text[max(0, start - 30) : start]) or re.match(one, text[start:end])):
        return False
    return bool(
        re.match(r"\s*((of \w+)\s*)?((a|per|/|each|every|in the)\s*(day|morning)|(at|with) breakfast)\b", text[end:])
    )


def _caffeine_not_had(text: str, start: int, end: int) -> bool:
    """The caffeinated drink named at text[start:end] is not one drunk: a single daily cup
    (`_one_cup_a_day`), or one left full ("I find full cups of tea left all over the house",
    "her coffee goes cold untouched", a dementia carer's sign of too little to drink)."""
    if _one_cup_a_day(text, start, end):
        return True
    if re.search(r"\bfull (cups?|mugs?) of\s+$", text[max(0, start - 20) : start]):
        return bool(re.match(r"\s+(left|untouched|undrunk|going cold|gone cold)\b", text[end:]))
    return bool(re.match(r"\s+(left )?(untouched|undrunk|(goes|going|gone|went) cold untouched)\b", text[end:]))


# A trigger told with a negation word of its own ("no sleep", "barely any water").
NEGATED_TRIGGER = re.compile(
    r"^("
    + word_alternation(
        (NEGATION_CUES - {"none", "without"}) | CANNOT_WORDS | {"barely", "hardly", "forgot", "forget", "nt"}
    )
    + r")\b"
)
# A state denied right before it ("I don't sleep well", "haven't been sleeping well"): with a fine word
# after it, the denial is of the fine word, so the state is there (`_state_denied_fine`). The
# negations that are verbs or adverbs ("no", "none", "nothing's" are not said right before a verb).
DENIED_RIGHT_BEFORE = (
    r"\b("
    + word_alternation(
        {w for w in NEGATION_CUES if w.endswith(("n't", "nt")) and w != "n't"} | CANNOT_WORDS | {"not", "never"}
    )
    + r")\s+(been\s+)?(really\s+|ever\s+|always\s+)?$"
)
NEGATED_AFTER = re.compile(r"\b(none|nothing)$")  # "sleeping none"


# "Sertraline, for depression", "new pills for the tension": the mood a medicine is taken for is
# the medicine's reason, not a stress the person names (the medicine is the trigger).
MEDICINE_WORDS = dict(TRIGGER_WORDS)["medicine"]
STRESS_WORDS = dict(TRIGGER_WORDS)["stress"]


def _what_a_medicine_is_for(text: str, start: int) -> bool:
    before = text[max(0, start - 60) : start]
    # (a word may qualify the reason: "sertraline for postnatal depression")
    reason = re.search(r"\bfor (the |my |his |her |their )?([a-z-]+ )?$", before)
    return bool(reason and MEDICINE_WORDS.search(before[: reason.start()]))


# "negligible caffeine", "next to no alcohol": a habit said to be as good as absent.
LITTLE_OR_NONE_BEFORE = (
    r"\b(negligible|minimal|next to no|little (to|or) no|hardly any|barely any|virtually no|practically no)\W+$"
)
SLEEP_WORDS = dict(TRIGGER_WORDS)["poor_sleep"]
CAFFEINE_WORDS = dict(TRIGGER_WORDS)["caffeine"]


def _state_said_fine(text: str, said: str, end: int) -> bool:
    """A state named (`said`, ending at `end`) and then said to be fine ("sleep and stress both fine",
    "sleep 8 h"), unless the words naming it deny it ("not sleeping good" is poor sleep)."""
    return bool(SAID_FINE.match(text, end)) and not NEGATED_TRIGGER.match(fold(said))


def _state_denied_fine(text: str, start: int, end: int) -> bool:
    """A state between a denial and a fine word ("I don't sleep well", "can't sleep 8 hours"): the
    state is there, however the term matcher read the denial."""
    return bool(SAID_FINE.match(text, end)) and bool(re.search(DENIED_RIGHT_BEFORE, fold(text[:start])))


def _said_and_kept(text: str, pattern: re.Pattern[str]) -> bool:
    """`_found` gives YES, and the habit is not one given up (one search of the pattern). A
    trigger told with its own negation ("festival: no sleep, booze") denies nothing after it."""
    m = next(
        (
            m
            for m in pattern.finditer(text)
            if pattern is not STRESS_WORDS or not _what_a_medicine_is_for(text, m.start())
        ),
        None,
    )
    if m is None or _someone_elses_habit(text, m.start()):
        return False
    if pattern is CAFFEINE_WORDS and _caffeine_not_had(text, m.start(), m.end()):
        return False
    before = text[: m.start()]
    for _, other in TRIGGER_WORDS:
        for n in other.finditer(text) if other is not pattern else ():
            if n.end() <= m.start() and (NEGATED_TRIGGER.match(n.group(0)) or NEGATED_AFTER.search(n.group(0))):
                before = before[: n.start()] + "x" * (n.end() - n.start()) + before[n.end() :]
    if OPTION_THEN_NO.match(text, m.end()):
        return False  # "coffee no, smoke no", "Sleep: adequate, 7.5 h" (a cleared list item is one of its forms)
    if (
        pattern in (STRESS_WORDS, SLEEP_WORDS)
        and _state_said_fine(text, m.group(0), m.end())
        and not re.search(r"(\bnot|\bno|n'?t|\bnever|\bbarely|\bhardly)\s+$", before)
    ):
        return False  # "sleep and stress both fine" (but "not sleeping well" is poor sleep)
    return not is_denied(before) and not _given_up(text, m.start()) and not re.search(LITTLE_OR_NONE_BEFORE, before)


# A list item answered with nothing wrong: "Sleep: adequate", "Alcohol: nil", "Stress: none".
# (the words that clear an item after a colon are the term matcher's, nlp.CLEARED_AFTER_COLON)
CLEARED_ITEM_AFTER_COLON = (
    r"\s*:\s*(" + "|".join(sorted(CLEARED_AFTER_COLON)) + r"|n/?a|not really|not (observed|noticed|present))\b"
)


NOT_A_CHILD = re.compile(r"\b(not|no|isn'?t|is not|not a|not an) (a |an )?(child|kid|minor|teen\w*|under 18)\b")
CHILD_WORDS = re.compile(
    r"\b(child|kid|kiddo|baby|toddler|infant|teen\w*|minor|boy|girl|son|daughter|year \d{1,2}\b|"
    r"(little|wee|young|baby|small) (grandson|granddaughter|grandchild\w*|grandkid\w*|nephew|niece|cousin)|wee one|youngster|"
    r"grade \d{1,2}\b|\d{1,2}(st|nd|rd|th) grade|(in|at) hs|(primary|secondary|high|middle) school|in school|at school|under 18|kindergarten|nursery|preschool|daycare|"
    r"(started|starting|in|at|goes to|going to|first year (of|at)) (primary|secondary)\b|"
    r"(1[0-7]|[1-9]) ?(yo|y/o|yrs?|years?)\b|"
    # an age-group team: "U16 footballer", "plays in the under 12s"
    r"u ?(1[0-7]|[6-9])s?\b|under (1[0-7]|[6-9])s\b|"
    # Nigerian and Ghanaian school years: "he's in JSS2", "SS1", "JHS 3" (an a99 tuning answer)
    r"(jss|sss|jhs|shs|ss|js) ?[1-3]\b)"
)
ADULT_WORDS = re.compile(
    r"\b(adult|grown[- ]?up|grown|grown (man|woman|lad|adult)|old enough|old(er)? (man|woman|lady|fella|fellow|timer|codger|gent|gentleman)|retired|pensioner|elderly|old age|senior|oap|grandad|grandpa|grandma|"
    r"granny|nan|husband|hubby|hubs|wife|wifey|missus|missis|the mrs|partner|other half|myself|colleague|co-?worker|workmate|boss|oga|manager|"
    # "me" is the writer, unless it says "my" in dialect ("me brother's young fella", "me son")
    r"me(?!\s+(\w+'s|son|daughter|boy|girl|lad|lass|young|wee|little|grand\w*|nephew|niece|brother|sister|kid|child))|father|mother|dad|mum|mom|(me|my|his|her) (ma|mam|mammy|da|auld one|old man|old lady)|grandfather|grandmother|"
    r"old enough to (drink|vote|drive|pay tax(es)?|know better)|in (my|his|her|their) (twenties|thirties|forties|"
    r"fifties|sixties|seventies|eighties|nineties)|over 18|uni|university|college|"
    r"(early|mid|late)[- ]?(twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|20s|30s|40s|50s|60s|70s|80s|90s)|"
    r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]?(something|ish)|"
    r"(dad|father|mum|mom|mother|parent|grand(ad|pa|ma|mother|father)) of (one|two|three|four|five|\d))\b"
)


# "left calf", "rite arm", and the shorthand "L arm and R arm"
SIDE_BEFORE = re.compile(r"\b(left|right|rite|l|r)\W+((my|the|his|her|their) )?$")
# ...or the side written after the part, as in notes: "thumb L & thumb R", "calf #1 R, calf #2 L" (not
# "calf right thigh", where the side is the next part's)
SIDE_AFTER = re.compile(r"\s*(#\d+\s*)?\(?(left|right|rite|l|r)\b\)?(?=\s*([,;&/+.]|and\b|n\b|$))")
SIDE_WORDS = {"rite": "right", "l": "left", "r": "right"}


def _named_on_both_sides(text: str, parts: List[TermMatch]) -> bool:
    """ "left calf, right calf and left thigh": a part named once with each side is on both sides,
    whatever else is named."""
    folded = fold(text)
    sides: Dict[str, Set[str]] = {}
    for term in parts:
        after = SIDE_AFTER.match(folded, term.end)
        side = None if after else SIDE_BEFORE.search(folded[: term.start])
        said = after.group(2) if after else side.group(1) if side else None
        if said:
            sides.setdefault(term.value, set()).add(SIDE_WORDS.get(said, said))
    return any(len(said) == 2 for said in sides.values())


def _plural_aside(text: str, term: TermMatch, requested: Optional[str], parts: Sequence[TermMatch] = ()) -> bool:
    """ "Left eyelid twitching. My eyes feel tired", or "just tired eyes" as the answer to the
    symptoms question: the plural part is in a sentence that says nothing of a twitch, and a side is
    named or the question was not where it is, so it does not put the twitch on both sides."""
    t = fold(text)
    start, end = sentence_span(t, term.start, term.end)
    sentence = t[start:end]
    # ...or the part is named once already where the twitch is ("under eye twitching ... i need my eyes")
    named_twitching = any(
        other is not term
        and other.value == term.value
        and TWITCH_WORDS.search(t[slice(*sentence_span(t, other.start, other.end))])
        for other in parts
    )
    elsewhere = requested not in (None, "body_parts") or bool(re.search(r"\b(left|right)\b", t)) or named_twitching
    # ..."thighs, both of them, and my left foot": the plural said to be both is no aside
    both = re.match(r"\W*(both|each)\b", t[term.end :])
    return elsewhere and not TWITCH_WORDS.search(sentence) and not both


def _age_value(text: str) -> Optional[int]:
    """An age given alone ("52", "seventy", "she's nine", "twenty-five")."""
    m = re.fullmatch(
        r"\W*(?:(?:i'm|im|i am|he's|hes|she's|shes|he is|she is|they're|age|aged)\s+)?(\d{1,3})"
        r"(?:\s*(?:years?|yrs?|y/?o)(?:\s*old)?)?\W*",
        text,
    )
    if m:
        return int(m.group(1))
    words = re.findall(r"[a-z]+", text)
    if not words or len(words) > 6:
        return None
    # the first run of number words ("twenty five"); a number said again is not added ("twelve!!! he's
    # only TWELVE")
    values: List[int] = []
    for word in words:
        if word in durations.CARDINALS:
            values.append(durations.CARDINALS[word])
        elif values:
            break
    return sum(values) if values else None


_TENS = "|".join(w for w, n in durations.CARDINALS.items() if n >= 20)
_UNITS = "|".join(w for w, n in durations.CARDINALS.items() if n < 10)
_UNDER_TWENTY = "|".join(w for w, n in durations.CARDINALS.items() if 1 < n < 20)
# Ages in words ("he is nine", "sixty nine"); "one" alone is left as it is ("the older one").
AGE_IN_WORDS = re.compile(rf"\b({_TENS})(?:[- ]({_UNITS}))?\b|\b({_UNDER_TWENTY})\b")


def _with_digits(text: str) -> str:
    """`text` with ages said in words written as digits ("she is fourteen" -> "she is 14")."""
    return AGE_IN_WORDS.sub(lambda m: str(sum(durations.CARDINALS[w] for w in m.groups() if w)), text)


# "My thumb keeps twitching... Baby is 3 months old so no sleep": the twitch is the writer's own
# and no one else's body is named, so a baby's age in weeks or months is not theirs.
MY_TWITCH = re.compile(
    r"\b(my|i|i'm|im|i've|ive)\b(?: \w+){0,4}? (twitch|jump|flicker|spasm|flutter)\w*|"
    r"\b(twitch|jump|flicker|spasm|flutter)\w*( \w+){0,6}? my\b"
)
SOMEONE_ELSES = re.compile(
    r"\b(he|she|he's|she's|hes|shes)\b|\b(his|her|their|\w+'s|babys)\s+(\w+\s+){0,2}?(eye\w*|lids?|face|lips?|cheeks?|"
    r"arms?|hands?|fingers?|thumbs?|legs?|calf|calves|thighs?|foot|feet|toes?|back|neck|shoulders?|tongue|chin|mouth|"
    r"body|muscles?|twitch\w*)\b"
)


# "3 months old", "6 wks old"; and "10 months" (an age unless it is a span of time).
WEEKS_OR_MONTHS_OLD = r"\b\d{1,2} ?(months?|mths?|weeks?) old\b"
BABY_IS = r"\b(baby|babys|baby's|newborn|little one)( is|'s|s)? \d{1,2} ?(days?|weeks?|wks?|months?|mths?)\b"
MONTHS = r"\b\d{1,2} months\b"
# "18 in March": a birthday still to come (17 now)
MONTH_NAMES = durations.MONTH_NAMES


CHILDHOOD_PAST = re.compile(
    r"\b(when|since) (i|he|she|they) (was|were) (a |an )?(little |small |young )?(?P<young>kid|child|baby|toddler|teen\w*|boy|girl)\b|"
    r"\b(back )?as a (little |young )?(?P<young_as>kid|child|baby|toddler|teen\w*|boy|girl)\b"
)


def _age_group(text: str, terms: Iterable[TermMatch], asked: bool = False) -> Optional[str]:
    if re.search(
        r"\b(we|i)('ve| have)?( got| had)? an? (\w+ )?(new ?born|baby|toddler|\d{1,2}[- ](day|week|month)[- ]old)\b",
        text,
    ):
        return None  # a baby at home ("we've got a 6 week old"): not the age of the one who twitches
    if re.search(r"\b(new baby|baby new|new born baby)\b(?!\W+(is|has|keeps|twitch\w*|jerk\w*|was|who)\b)", text):
        return None  # "sleep bad, new baby": the reason for the lost sleep, not who twitches
    # "a dad of two": how many children, not an age
    text = re.sub(
        r"\b(dad|father|mum|mom|mother|parent|grand\w*) of (one|two|three|four|five|six|\d{1,2})\b", r"\1", text
    )
    # "I had a seizure when I was a kid", "it's been on and off since I was a teenager": a childhood
    # told as the past, not the age of the one who twitches now (an a114 tuning answer)
    childhood = {m.group("young") or m.group("young_as") for m in CHILDHOOD_PAST.finditer(text)}
    text = CHILDHOOD_PAST.sub(" ", text)
    # "aged 42 years and 3 months": the months belong to the years
    text = re.sub(r"(\b\d{1,3} ?(years?|yrs?)) and \d{1,2} ?(months?|mths?)\b", r"\1", text)
    own = not asked and bool(MY_TWITCH.search(text)) and not SOMEONE_ELSES.search(text)
    if own:
        # "new mum here, baby is 7 weeks": the baby's age, not the one who twitches
        text = re.sub(WEEKS_OR_MONTHS_OLD + "|" + MONTHS + "|" + BABY_IS, " ", text)
    if re.search(
        r"\bunder (18|eighteen)\b|\b(turn|turns|turning|be) (18|eighteen)\b|" + WEEKS_OR_MONTHS_OLD + "|"
        # "definitely not 18 yet", "not quite eighteen"
        # ("not 18, I'm 45": the number said after decides)
        r"\bnot (yet |quite |even )?(18|eighteen)\b(?!\W+(\w+\W+){0,2}\d)|"
        r"(?<!turned )(?<!was )\b(18|eighteen) (next|in (a|an|\d+|few|like|about|"
        + MONTH_NAMES
        + r"|(the )?(spring|summer|autumn|fall|winter))\b)",
        text,
    ):
        return "child"
    # "maybe 17 or 18", "somewhere around 16-20": either side of 18.
    # (only as the answer to the age question: these searches run on every message)
    across = (
        asked
        and (
            re.search(
                r"\b(1[0-7])\s*(or|-|to|–|and|,? could be|,? maybe|,? or maybe)\s*(1[89]|[2-9]\d)\b(?!\s*(days?|weeks?|months?|years ago|yrs ago))",
                text,
            )
            # ...and in words: "maybe teens maybe early 20s", "teenager or in his twenties"
            or re.search(
                r"\b(teens?|teenager|teenaged)\b\W+(\w+\W+){0,3}?(or|maybe|possibly|could be)\W+(\w+\W+){0,3}?"
                r"((early|mid|late) )?(20s|twenties|twenty|adult|grown up)\b",
                text,
            )
        )
    )
    if across:
        return UNKNOWN
    if (
        asked
        and re.search(r"\b(sixth|6th) (year|form)\b", text)
        and not re.search(r"\d|\b(fifteen|sixteen|seventeen|eighteen|nineteen)\b", _with_digits(text))
    ):
        return UNKNOWN  # "I'm in sixth year at school": 16 to 18 (unless the age is told too)
    # "I'm 45 but it's my son, he's 14": the one the answer is about is said after the "but"
    about = re.search(r"\bbut (it'?s|its|it is|this is|i'?m asking) (for |about )?(my|our)\b", text) if asked else None
    if about:
        theirs = _age_group(text[about.start(3) :], terms=(), asked=True)
        if theirs is not None:
            return theirs
    # "both actually? me and my son have it": two people, one of each
    if (
        asked
        and re.search(r"\bboth\b", text)
        and CHILD_WORDS.search(text)
        and ADULT_WORDS.search(text)
        and not PLACE_CORRECTION.search(text)  # "Both, actually - no, sorry ... Just me, an adult."
    ):
        return UNKNOWN
    # "he's younger than me and I'm 19": an age told against the writer's own
    relative = re.search(r"\b(younger|older) than (me|i am|i'm|im)\b", text) if asked else None
    mine = re.search(r"\b(i'm|im|i am)\s+(\d{1,2})\b", _with_digits(text)) if relative else None
    if relative and mine:
        mine_age, younger = int(mine.group(2)), relative.group(1) == "younger"
        if younger and mine_age < 18:
            return "child"
        if not younger and mine_age >= 18:
            return "adult"
        return UNKNOWN
    # "my daughter, 10 months" is an age; "for 6 months", "8 months ago" a time.
    if any(not _a_span_of_time(text, m) for m in re.finditer(MONTHS, text)):
        return "child"
    in_digits = _with_digits(text)
    age = _stated_age(in_digits)
    if age is None and asked:
        age = _age_value(text)
    if age is None and asked:
        # "mid 20s", "my dad, 60s", "81.", "15ish" (not "pregnant of 5 months": how far along)
        number = next(
            (n for n in re.finditer(r"\b(\d{1,3})(s|ish)?\b", in_digits) if not _how_far_along(in_digits, n)), None
        )
        age = int(number.group(1)) if number and int(number.group(1)) <= 110 else None
    if age is not None:
        return "child" if age < 18 else "adult"
    if asked and re.search(
        r"\b(no idea|(don'?t|do not|dont) know|not sure|unsure)\b (of |about |on )?((his|her|their|the) (exact |actual )?age|how old)\b|"
        # "the person I'm asking for didn't tell me their age"
        r"\b(didn'?t|did not|never|won'?t|wouldn'?t) (tell|told|say|said|give|gave|mention|mentioned)( me| us)? (his|her|their|the) age\b",
        text,
    ):
        # "my neighbour, no idea of her age": who, but not how old; "...shes a neighbour, older lady": an adult
        older = (
            r"\b(old(er)? (lady|man|woman|gent|gentleman|fella)|elderly|pensioner|retired|grown[- ]?up|adult|senior|oap|"
            r"(got|has|with) grand(kids|children|sons?|daughters?))\b"  # "...but she's got grandkids"
        )
        if re.search(older, text):
            return "adult"
        # "not sure how old he is exactly, early teens?": a child either way
        young = r"\b(early teens|young teen\w*|(primary|junior) school|little (boy|girl|one|lad|lass)|toddler|baby)\b"
        return "child" if re.search(young, text) else UNKNOWN
    # "exercise, and the baby's up twice a night": a baby who keeps someone up is not the one who twitches
    disturbing = set() if asked else {m.group(2) for m in re.finditer(BABY_KEEPS_UP, text)}
    # "for me, the baby is fine": a child said to be well is not the one asked about
    disturbing |= {m.group(2) for m in re.finditer(CHILD_SAID_WELL, text)}
    for term in terms:
        if term.entity == "age_group" and fold(term.text) in disturbing | childhood:
            continue
        if term.entity == "age_group" and not term.negated and not (own and INFANT.search(fold(term.text))):
            # "back at the gym 5 months after my son": the time since a birth, not who twitches
            if re.search(
                r"(?<!look )(?<!looks )(?<!looking )(?<!looked )(?<!run )(?<!running )\bafter ((my|our|her|the) )?"
                + re.escape(fold(term.text))
                + r"\b(?! (is|has|keeps)\b)",
                text,
            ):
                continue
            return term.value
    return None


# "the baby's up twice a night", "toddler keeps waking", "baby feeding every 2 hours": a child who costs
# someone their sleep (a string: `reader_corrector`).
BABY_KEEPS_UP = (
    r"\b(the|my|our|a)\s+(baby|babies|toddler|little one|newborn|twins|kids|baby girl|baby boy)"
    r"('s|'re| is| are| was| were| keeps?| kept)?\s+(up|waking|wakes|woke|awake|feeding|feeds|teething|not sleeping|screaming|crying)\b"
)
CHILD_SAID_WELL = (
    r"\b(the|my|our)\s+(baby|little one|newborn|toddler|kids|son|daughter|boy|girl)('s| is| are|'re)\s+"
    r"(fine|ok|okay|well|grand|healthy|all right|alright|good)\b"
)
# In one's own story ("against my son's advice, my arm..."), words for a baby or a child name someone else.
INFANT = re.compile(
    r"\b(baby|babies|newborn|new born|infant|bub|little one|(days?|weeks?|months?) old|son|daughter|kids?|child|children|"
    r"boy|girl|grandson|granddaughter|grandchild\w*)\b"
)


# "I sleep OK", "stress is fine at the moment": a state said to be fine is no trigger.
STATES_SAID_FINE = {"sleep", "fatigue", "stress", "anxiety"}
SAID_FINE = re.compile(
    # "sleep and stress both fine": the states listed share the verdict
    r"\W*((and|&) [a-z]+\s+)?((is|are|has been|was|were|seems?|'s|levels? (is|are)|wise|both|all)\s+)*"
    r"(ok|okay|fine|good|well|great|normal\w*|alright|all right|soundly|like a (log|baby)|"
    r"([7-9]|1[0-2]) ?(hours|hrs|h)(?! or less))\b",
    re.I,
)
# "Everywhere" and "all over" place the twitch only as an answer to "where?" or next to a twitch
# word ("twitching all over"): "boxes everywhere" and "it's all over now" name no place.
LOOSE_WHOLE_BODY = ("everywhere", "all over", "all ova", "every where", "evry where")


def _loose_everywhere(text: str, term: TermMatch) -> bool:
    if term.value != "whole_body" or fold(term.text) not in LOOSE_WHOLE_BODY:
        return False
    before = re.findall(r"[\w']+", text[: term.start])[-3:]
    after = re.findall(r"[\w']+", text[term.end :])[:3]
    return not TWITCH_WORDS.search(fold(" ".join(before + after)))


# "ALL OVER MY BACK", "all over his face": all over one part is that part, not the whole body.
ALL_OVER_A_PART = (
    # ("all over below the knee": all over the part below it)
    r"\s+((just )?(below|under|above|beneath|around|from) )?(my|his|her|the|their|your|me)\s+(back|face|arms?|legs?|chest|"
    r"stomach|belly|tummy|thighs?|calf|calves|hands?|feet|foot|shoulders?|neck|cheeks?|lips?|scalp|knees?|elbows?|ankles?)\b"
)


def _all_over_a_part(text: str, term: TermMatch) -> bool:
    if term.value != "whole_body":
        return False
    after = fold(text[term.end :])  # folded only for whole-body terms: this runs for every place named
    return (
        (fold(term.text) == "all over" and bool(re.match(ALL_OVER_A_PART, after)))
        # "lower back, sort of everywhere along there": all over the part just named
        or bool(
            re.match(r"\s+(along|around|across|over|down|in|on) (there|that|it|that (bit|area|side|part))\b", after)
        )
    )


# Parts that lie inside another: named together, they are one place (the more precise one).
CONTAINED_IN = {"finger": "hand", "thumb": "hand", "calf": "leg", "thigh": "leg", "tongue": "lip"}
# What stands between two parts named as a list ("hand n fingers", "thumb and the bit of hand"); not
# a comma, which more often adds where the first part is ("calf and thigh, right leg").
LISTED_WITH = re.compile(
    r"\s*,?\s*((mainly|mostly|mostly though|too|as well|also|sometimes|now and then|at times),?\s*)?(\band\b|\bn\b|&|\+|/|\bplus\b|\bespecially\b|\bparticularly\b)\s*"
    r"((also|too|sometimes)\s+)?((a\s+)?(little|tiny|small)\s+bit\s+(in|on)\s+)?((my|the|his|her|their|your)\s+)?((left|right|bit|part|side)(\s+of)?\s+)?"
    r"((my|the|his|her|their|your)\s+)?"
    # "left hand and 2 fingers", "hand + a couple of fingers" (an a96 tuning answer)
    r"((\d{1,2}|two|three|four|both|all|some|a few|a couple|couple)\s+(of\s+)?((my|the|his|her|their)\s+)?)?",
    re.I,
)
COMMA_ONLY = re.compile(r"\s*(,|→|-+>|=>|>)\s*((my|the|his|her|their|your)\s+)?")
# What stands between two parts when the first only locates the second ("back of my neck").
LOCATOR_OF = re.compile(r"\s+of\s+(my|me|the|his|her|your|their|our|both)?\s*(left|right)?\s*", re.I)
PART_ON_PART = re.compile(r"\s+(of|on|in)\s+(my|me|the|his|her|your|their|our)?\s*(left|right)?\s*", re.I)
# Words that only hedge or fill between a part and what locates it ("both of my shoulders, um, sort of
# the top bits near the neck").
LOCATING_FILLERS = (
    r"((um+|uh+|erm?|hmm+|like|i guess|i think|you know|both|kind of|kinda|sort of|sorta|somewhere|roughly|mostly|more)"
    r"\b\s*,?\s*)*"
)
# ...and when the second only locates the first ("my cheek under my eye", "the calf just above the ankle").
LOCATED_BY = re.compile(
    r"\s*((area|bit|region|part)\b)?"
    # "the muscle on my stomach keeps jumping, left side just under the ribs"
    r"(\s+(keeps?|kept|is|was|has been|started|starts) (\w+ing|going)\b)?"
    r"\s*([,.]\s*(on the )?(left|right|l|r) side\b|[,.]?\s*(on|at) the (left|right)( side)?\b)?\s*[,?]?\s*"
    # "my shoulder, top of it near my neck": the bit of the first part the second locates
    + LOCATING_FILLERS
    + r"((the )?(top|bottom|front|side|inside|outside|base|tip|edge|middle|end|upper|lower)( bits?| parts?)?( of (it|them))?\s*,?\s*)?"
    + LOCATING_FILLERS  # "both shoulders, kinda near the neck", "my neck I guess, like under the jaw"
    + r"(just |right )?(under|below|above|beneath|near|next to|beside|by)\s+"
    r"((my|me|the|his|her|your|their|our)\s+)?((left|right|l|r)\s+)?",
    re.I,
)


# ...and the same said the other way round: "just under my left eye on my cheek" is the cheek.
LOCATES_NEXT_BEFORE = re.compile(
    r"\b(under|below|above|beneath|near|next to|beside|by)\s+((my|me|the|his|her|your|their|our)\s+)?((left|right|l|r)\s+)?$"
)
# "just under my ribs": the words before a part that put the place below it.
UNDER_THE = re.compile(
    r"\b(under|below|beneath|underneath)\s+((my|the|his|her|your|their|our)\s+)?((left|right|l|r)\s+)?$"
)
LOCATES_NEXT_AFTER = re.compile(r"\s*,?\s*(on|in)\s+((my|the|his|her|your|their|our)\s+)?((left|right|l|r)\s+)?")
# What a person can still do with a part is no place: "I can close both eyes tight, I can puff my cheeks".
ABLE_WITH = re.compile(
    r"\b(can|could|able to)( still)? (close|shut|open|move|lift|raise|puff|grip|squeeze|wiggle|bend|use|blink|"
    r"scrunch|wrinkle|clench|make a fist with)( out| up)?( (both|all|each of))?( (my|his|her|their|your|our))?"
    r"( (left|right))?( \w+)?\s*$"
)
ABLE_WITH_BOTH = re.compile(r"\b(can|could|able to)( still)? \w+( out| up)? both \w+")


def _part_asked_about(text: str, term: TermMatch) -> bool:
    """A part named as the category a question asks about ("does that count as face?", "lip is part
    of the face isn't it?"). Plain strings: module patterns are the corrector's targets."""
    _, end = sentence_span(text, term.start, term.end)
    return text[end : end + 1] == "?" and bool(
        re.search(
            r"\b(counts?|counted|class(ed)?|go(es)?|come(s)?) (as|under) (an? |the |my |your )?$|\bpart of (the|my|your|a) $",
            fold(text[max(0, term.start - 30) : term.start]),
        )
    )


def _leg_below_the_knee(text: str, leg: TermMatch, term: TermMatch) -> bool:
    """ "my left leg below the knee": where on the leg, not the calf ("the back of my leg below the
    knee" is the calf). Plain strings: module patterns are the spelling corrector's targets."""
    return (
        term.value == "calf"
        and bool(re.match(r"(below|under) (the|my|his|her|their|your) k?nee\b", fold(text[term.start : term.end])))
        and not re.search(r"\bback of (the|my|his|her|their|your) (left |right )?$", fold(text[: leg.start]))
        and not re.match(r"\W*(at|on|round|around) the back\b", fold(text[term.end :]))
    )


def _only_locates(text: str, before: TermMatch, term: TermMatch) -> bool:
    """`term` right after `before` only says where on it the twitch is ("cheek under my eye"): the
    locating words fill the gap between them, or start the term itself ("cheek just under my eye",
    where "under my eye" is a term)."""
    m = LOCATED_BY.match(text, before.end)
    return m is not None and m.end() >= term.start


ADVERB_BACK_BEFORE = re.compile(
    r"\b(cut|cuts|cutting|come|comes|came|com+ing|go|goes|went|going|gone|get|gets|got|getting|bring|brought|"
    r"put|look|looked|looking|step|stepped|sit|sat|lie|lay|call|called|way|ago|pay|paid|hold|held|set|fight|"
    r"years|months|weeks|days|decades|while|time|"
    r"fought|bounce|bounced|kick|kicked|write|wrote|hear|heard|think|thought|turn|turned|head|headed|send|sent|"
    r"it's|its|is|was|are|were|be|been|i'm|im|am|he's|she's|we're|they're|keeps? coming|hit|hits|answer|talk|talked|cutback|moved|move|fall|fell)\s+$"
)
ADVERB_BACK_AFTER = re.compile(
    r"^\s+(then|when|running|training|lifting|cycling|swimming|jogging|in (the )?(\d|day|seventies|eighties|nineties|summer|spring|autumn|winter|fall|"
    + "|".join(durations.MONTHS)
    + r")|and forth|home|again|from|"
    # "back at the gym", "back to work", "back on the bike"
    r"(at|to|into|on|in) (the |my |our )?(gym|work|school|office|training|job|desk|practice|uni|university|college|"
    r"football|running|it|normal|bike|pitch|field|pool|shifts?|routine)|to (running|training|lifting|playing|normal))\b"
)


ANYTHING_ON = re.compile(r"\b(anything|something) (on|in|with|about|to do with) (my|his|her|their|your|the) $")
AT_THE_BACK = re.compile(r"\b(at|on|round|around|towards|across|to) the $")
ONLY_THESE = re.compile(r"\b(only|just|nowhere else|nothing else)\b")
# "a stomach bug", "a chest cold", "a head cold": an illness named after a part, not the part.
ILLNESS_AFTER_PART = {
    "stomach": re.compile(r"\s+(bug|upset|flu|virus|ache|cramps?)\b"),
    "chest": re.compile(r"\s+(cold|infection|bug|virus|cough)\b"),
    "head": re.compile(r"\s+(cold|lice)\b"),
}


def _names_an_illness(text: str, term: TermMatch) -> bool:
    """ "a chest virus", "a stomach bug": the part names an illness here."""
    illness = ILLNESS_AFTER_PART.get(term.value)
    return illness is not None and bool(illness.match(text[term.end :].lower()))


# "did legs on Tuesday", "trained arms": a gym session, not where it twitches.
TRAINED_A_PART = re.compile(r"\b(did|do|doing|done|train|trained|training|hit|smashed)\s+(my\s+)?$")
ON_ONES_FEET = re.compile(r"\bon (my|his|her|their|our|your) feet$")
# "when I put my feet up", "with her feet up": resting, not the feet.
FEET_UP = re.compile(r"\b(put|puts|putting|with|got|get) (my|his|her|their|our|your|me) feet up\b")
POSTURE_AFTER = re.compile(r"^\s+(up )?(over|above|behind) (my|his|her|their|our|your) head\b")
POSTURE_BEFORE = re.compile(
    r"\b(lying|lie|lay|laid|sleep\w*|slept|sat|sitting|kneeling|down|get|got|getting|crawl\w*|work\w*) on "
    r"(my|his|her|their|our|your)( \w+)?\s*$|\bon (my|his|her|their|our|your) knees?\s*$"
)


def _a_posture(text: str, term: TermMatch) -> bool:
    """A part named for how the body is held, not where it twitches."""
    if term.value in ("arm", "hand") and POSTURE_AFTER.match(text[term.end :].lower()):
        return True
    before = text[max(0, term.start - 25) : term.start].lower()
    if term.value in ("shoulder", "back", "hip") and re.search(
        r"\b(with|carry\w*|carried|had|having|put|putting|lift\w*|lugg\w*)\b.{0,25}\bon (my|his|her|their|your) $",
        text[max(0, term.start - 50) : term.start].lower(),
    ):
        return True  # "squats with the toddler on my shoulders": a load carried, not where it twitches
    return (
        term.value in ("back", "stomach", "chest", "leg", "foot")
        and bool(POSTURE_BEFORE.search(before))
        or (
            term.value == "leg"
            and text[term.start : term.end].lower().startswith("knee")
            and bool(re.search(r"\bon (my|his|her|their|our|your) $", before))
        )
    )


def _adverbial_back(text: str, term: TermMatch) -> bool:
    """'back' as an adverb ("cutting back the hedges", "it came back", "back then")."""
    if fold(term.text) != "back":
        return False
    if re.search(r"\b(my|his|her|their|our|your|the|lower|upper|middle|mid)\s+$", text[: term.start].lower()):
        return False  # "a twitch in my back when lying down": the back
    # "thumb twitch back 🙄", "eye jumping back again": the twitch has returned ("twitching back
    # muscles" is the back)
    returned = re.search(r"\b(twitch\w*|jump\w*|flicker\w*|spasms?)\s+$", text[: term.start].lower()) and not re.match(
        r"\s*(muscles?|of|pain|area|side|region)\b", text[term.end :].lower()
    )
    return bool(
        returned
        or ADVERB_BACK_BEFORE.search(text[: term.start].lower())
        or ADVERB_BACK_AFTER.match(text[term.end :].lower())
    )


def _back_locates_another_part(text: str, term: TermMatch, parts: List[TermMatch]) -> bool:
    """'back' saying where on another part named ("the leg, below the knee at the back", "the hand,
    across the back of it"), not the back."""
    if not any(p.value != "back" for p in parts):
        return False
    after = text[term.end :].lower()
    at_the_back = AT_THE_BACK.search(text[max(0, term.start - 12) : term.start].lower()) and " of " not in after[:4]
    return bool(at_the_back or re.match(r"\s+of (it|them|that one)\b", after))


# What follows a part said to be normal: "(both legs) look the same", "(arms) are fine".
SAID_NORMAL = re.compile(
    r"\s*(?:(look|looks|are|is|feel|feels|seem|seems)( (both|all|just|exactly|totally|completely))?"
    r" (the same|same|normal|fine|ok|okay|equal|even|symmetrical)\b|"
    # without the verb, ending its clause: "no. face normal", "speech ok, face fine"
    r"(normal|fine|ok|okay)\b(?=\s*([.,;!]|$|\band\b)))",
    re.I,
)
FACE_THEN_WHERE = re.compile(r"^\W*(my |his |her |the )?face\s*[-–:,(]", re.I)
UNDER_THE_EYE = re.compile(r"(under|below|beneath) (my|his|her|the|their) eye")
PLACE_CORRECTION = re.compile(
    r"\b(no,? wait|wait,? no|no,? sorry|sorry,? (no|i mean)|i mean|i meant|scratch that|correction|actually,? no|"
    r"no,? actually|no,? hang on|hang on,? no)\b"
)
BETWEEN_PARTS = re.compile(
    r"\bbetween\s+((the|my|his|her|their|your)\s+)?[\w-]+(\s+[\w-]+)?\s+and\s+((the|my|his|her|their|your)\s+)?"
    r"((first|index|middle|ring|little|pinky|big|second) )?[\w-]+"
)
# A paired part named in the plural is on both sides: "my calves", "both legs", "his eyelids".
PAIRED_PLURAL = re.compile(
    r"(\w+ )?(calves|calfs|mollets|legs|arms|hands|feet|thighs|shoulders|eyelids|eyes|lids|thumbs)"
)


def _generic_plural(text: str, term: TermMatch) -> bool:
    """Parts in general, not the person's: "nobody warned me feet could twitch". (Plain strings,
    not module patterns: those are the spelling corrector's targets.)"""
    t = fold(text)
    return bool(
        re.match(r"\s+(can|could|might|may|would)\s+(\w+ )?(twitch|jump|spasm)", t[term.end :])
        and re.search(r"\b(?!(my|his|her|their|our|your|both|the|of|in|on)\b)\w+\W*$", t[: term.start])
    )


def _reader_corrector_sources() -> Tuple[List["re.Pattern[str]"], List[str], List[str]]:
    """What the readers' corrector is built from: this module's and the duration reader's
    patterns, the lay-term vocabulary, and the code-switched words it leaves alone."""
    from twitchcare.nlp import load_vocabulary  # the vocabulary file, read once

    patterns = [v for module in (globals(), vars(durations)) for v in module.values() if isinstance(v, re.Pattern)]
    patterns += [s.words for s in SYMPTOMS]

    def phrases(section: str) -> List[str]:
        return [p for entity in load_vocabulary(section=section).values() for ps in entity.values() for p in ps]

    # The code-switched words ("palak", "dard") are left as they are, never made targets: "hota" is
    # no typo of "hoth" (lip).
    return patterns, phrases("vocabulary"), phrases("code_switched")


def _corrector_key(patterns: List["re.Pattern[str]"], words: List[str], foreign: List[str]) -> str:
    return repr(([(p.pattern, p.flags) for p in patterns], sorted(words), sorted(foreign), spelling.SETTINGS_KEY))


def reader_corrector_key() -> str:
    """The key of the corrector in the on-disk cache. It must be the same in every process (a
    pattern built from a set in hash order made each process rebuild it, 12-20 s, and a cold action
    server's first answer waited that long: tests/unit/test_spelling.py checks two hash seeds)."""
    return _corrector_key(*_reader_corrector_sources())


@lru_cache(maxsize=1)
def reader_corrector() -> spelling.Corrector:
    """Spelling tolerance for the intake's readers (twitchcare/spelling.py): its targets are the
    words this module's and the duration reader's patterns match, and the lay-term vocabulary."""
    patterns, words, foreign = _reader_corrector_sources()
    return spelling.cached(
        PROJECT_ROOT / "var" / "cache",
        _corrector_key(patterns, words, foreign),
        lambda: spelling.build(patterns, words, spelling.load_lexicon(), spelling.load_lemmas(), keep=foreign),
    )


# A past health event told as background ("I had a new knee in 2019", "cancer twelve years ago"):
# its places and times are not the twitch's. A clause (between punctuation, "and", "but", "so")
# that dates an event years back and names one, without a twitch word.
PAST_TIME = re.compile(
    r"\b(in (19|20)\d\d|back in (19|20)?\d\d|back in (college|uni|university|school|the day|my twenties)|(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|(thir|four|fif|six|seven|eigh|nine)teen|twenty|thirty|forty|fifty|a few|few|several|many|couple of|a couple of) (years?|yrs?|decades?) "
    r"(ago|back)|(years|decades) ago|as a (baby|toddler|child|kid|teen\w*)|when i was (young|little|a (baby|child|kid|teen\w*)|"
    r"(about |around |maybe )?(\d{1,2}|five|six|seven|eight|nine|ten|eleven|twelve|(thir|four|fif|six|seven|eigh|nine)teen))|last year)\b"
)
HEALTH_EVENT = re.compile(
    r"\b(operation|op|surgery|replac\w*|new (knee|hip)|broke|broken|fractur\w*|cancer|chemo\w*|radiotherapy|palsy|"
    r"stroke|heart attack|bypass|shingles|covid|pregnan\w*|accident|injur\w*|diagnos\w*|hysterectomy|"
    r"transplant|pneumonia|slipped disc|whiplash|removed|stitches|sprain\w*|torn|tore|dislocat\w*|"
    r"passed out|fainted|blacked out|collapsed|seizures?|fits|a fit|concussion|knocked out)\b"
)
# Kept as a string, not a compiled module pattern: it matches any word, and the spelling
# corrector takes every word a module pattern matches whole as a target (`reader_corrector`).
CLAUSE = r"(?:(?!\b(?:and|but|so)\b)[^.;!?,])+"


# A span of a life, not of the twitch: "after 40 years in the same house", "worked there 30 years",
# "smoking for 20 years", "35 years of marriage".
NUMBER_OF = r"((about|nearly|almost|over|around|roughly|more than) )?(\d+|a few|few|several|many|some|[a-z]+(ty|teen)|ten|eleven|twelve)"
LIFE_SPAN = re.compile(
    r"\b(after|for|in) " + NUMBER_OF + r" (years?|decades?) (in|at) (the same|this|that|our|my|his|her|a) "
    r"(house|home|job|company|firm|place|flat|school|town|village|area|country|street)\b|"
    r"\b(lived|living|worked|working|married|retired|teaching|taught|smoked|smoking|nursing|farming|driving|running|"
    r"cycling|swimming|training|playing|lifting|doing (it|this|that|the job))\b"
    r"( [a-z']+){0,4}? (for )?" + NUMBER_OF + r" (years?|decades?)\b|"
    r"\b" + NUMBER_OF + r" (years?|decades?) (of marriage|married|together|in the (job|trade)|on the job|"
    r"of (work|teaching|nursing|farming|driving|smoking))\b|"
    # a stay or a turn of care, not the twitch: "I'm looking after my grandson this week" (w46)
    r"\b(looking after|staying with|visiting|babysitting|minding|caring for|have got|have|got) "
    r"(my |his |her |our |the )?(grand\w+|son|daughter|kids|children|nephew|niece|mum|mom|dad|mother|father|parents|"
    r"in-?laws|friend)( \w+)? (this|for the|for a|last) (week|weekend|fortnight)\b"
)


def history_spans(text: str) -> List[Tuple[int, int]]:
    """Where `text` tells a past health event as background (offsets of those clauses), or the
    span of a life ("after 40 years in the same house")."""
    t = text.lower()
    return (
        [
            m.span()
            for m in re.finditer(CLAUSE, t)
            if PAST_TIME.search(m.group(0)) and HEALTH_EVENT.search(m.group(0)) and not TWITCH_WORDS.search(m.group(0))
        ]
        + [m.span() for m in COMPARED_WITH_THE_PAST.finditer(t) if not TWITCH_WORDS.search(m.group(0))]
        + [
            m.span()
            for m in re.finditer(r"[^.;!?]+", t)
            if LONG_TERM_CONDITION.search(m.group(0)) and not TWITCH_WORDS.search(m.group(0))
        ]
        + life_spans(t)
        + earlier_episode_spans(t)
    )


# "my lip twitch is back", "the flickering has returned", "thumb twitch back": this is a new episode...
TWITCH_RETURNED = (
    r"\b((is|'s|s|are|'re|has|have) (come )?back|(came|comes|coming|come) back|returned|returning|back again|"
    r"(started|starting|starts|begun|began) (up )?again|(twitch\w*|jump\w*|flicker\w*|it) back|back (since|from|for|on|as of))\b"
)
# ...and a clause dating the last one ("had it after a marathon 2 years ago", "in spring 2025 Dr Patel
# said it was benign", "Two years ago doctor tell me is stress") tells when that one was, not this one.
EARLIER_EPISODE_TIME = r"\b(ago|(19|20)\d\d|last (year|time|spring|summer|autumn|fall|winter)|back in)\b"
EARLIER_EPISODE_SAID = (
    r"\b(had (it|them|this|that|one|these|those|the same)|the same (thing|twitch\w*)|same as|doctor|dr|gp|"
    r"told|said|diagnos\w*|last time|first time|went away|settled|it went|benign)\b"
)


def earlier_episode_spans(text: str) -> List[Tuple[int, int]]:
    """Where a message that says the twitch is back dates the earlier episode (lower-cased text)."""
    if not re.search(TWITCH_RETURNED, text):
        return []
    return [
        m.span()
        for m in re.finditer(CLAUSE, text)
        if re.search(EARLIER_EPISODE_TIME, m.group(0)) and re.search(EARLIER_EPISODE_SAID, m.group(0))
    ]


# "I have asthma ... quiet for months", "they're rechecking my bloods in 3 months": a sentence about
# another condition or its care, whose times are not the twitch's (from the w42 tuning vignettes).
LONG_TERM_CONDITION = re.compile(
    r"\b(asthma\w*|diabet\w*|thyroid|\w*thyroidism|arthritis|eczema|psoriasis|migraines?|ibs|crohn'?s|colitis|"
    r"back pain|blood pressure|cholesterol|kidneys?|bloods|blood tests?|check ?ups?|neurologist|consultant|"
    r"inhalers?|gestational)\b"
)


# "nothing compared to when I put my shoulder out", "like when I had the flu": an illness of the past
# the person measures this one against, not where or how long it is now.
# ...and the comparisons that say it is not like then ("not like when i had the cramp problem").
_WHEN_SOMEONE = r" when (i|he|she|they|we|my \w+) [^.,;!?]*"
NOT_LIKE_WHEN = re.compile(r"\b(not like|nothing like|unlike|not as bad as|better than)" + _WHEN_SOMEONE)
COMPARED_WITH_THE_PAST = re.compile(
    r"\b(compared (to|with)|nothing like|not as bad as|worse than|better than|like|as)" + _WHEN_SOMEONE
)


def blanked(text: str, spans: Iterable[Tuple[int, int]]) -> str:
    """`text` with the spans replaced by spaces (offsets elsewhere in it stay valid)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def life_spans(text: str) -> List[Tuple[int, int]]:
    return [m.span() for m in LIFE_SPAN.finditer(text.lower())]


# Words voice-to-text writes for what was said: real words, so no spelling corrector fixes them.
VOICE_SLIPS = tuple(
    (re.compile(slip), meant)
    for slip, meant in (
        (r"\b(feels?|feeling|felt|is|are|gone|going|getting|bit|little|very|so|more|gets) week\b", r"\1 weak"),
        (r"\bpanes?\b", "pain"),
        (r"\brite\b", "right"),
        (r"\b(through|threw) up\b", "threw up"),
        (r"\b(dire|dia|die) (rear|rhea|rhoea)\b", "diarrhoea"),
        (r"\bvay ping\b", "vaping"),
        (r"\bto (weeks|days|months)\b", r"two \1"),
        (r"\bate (days|weeks|months)\b", r"eight \1"),
        (r"\ba cup of (days|weeks)\b", r"a couple of \1"),
        (r"\bate teen\b", "eighteen"),
        # Spelt as said (low-literacy and phonetic writers, from the a17 tuning answers).
        (r"\b(dont|don't|do not) no\b", "don't know"),
        (r"\b(\d+|a few|couple of|few|some) ours\b", r"\1 hours"),
        (r"\b(none|non) of\b", "none of"),
        (r"\bnun of (them|those|these|that|it)\b", r"none of \1"),
        (r"\bcud\b", "could"),
        # What a phone's autocorrect makes of a word (the a36 tuning answers).
        (r"\bknot (any|really|sure|that i know|at all|none)\b", r"not \1"),
        (r"\bcafe ?in\b", "caffeine"),
        (r"^\W*chile\W*$", "child"),
        (r"\b(cuple|cupple|coupel|cupl)\b", "couple"),
        # Dropped g's: "not sleepin", "throwin up", "droopin".
        (
            r"\b(sleep|throw|work|drink|smok|runn|vap|gett|feel|droop|twitch|jump|spread|go|com|hurt|ach|tingl|"
            r"burn|swallow|breath|talk|walk|shak|wobbl|lift|slurr|fall|faint|stress|worry)in'?(?=\W|$)",
            r"\1ing",
        ),
    )
)


# A letter's closing ("Regards, Pat.", "Kind regards, Dorothy Evans", "Yours, Mavis") is no answer:
# its name would be read as words ("nan", "pat"), so it is cut before reading.
# "Dear Sir / Madam,", "Good morning doctor.": a letter's greeting says nothing about the answer.
GREETING = re.compile(
    r"^\W*(dear|hello|hi|good (morning|afternoon|evening|day))\b( (sir|madam|doctor|doc|nurse|team|all|there)"
    r"( ?(/|or|and) ?(sir|madam))?)?\s*[,.!:;-]\s*"
)
SIGN_OFF = re.compile(
    r"(^|[.!,;]\s*|\s+-+\s*)((kind(est)?|best|warm(est)?|many) )?(regards|wishes|yours( (sincerely|truly|faithfully))?|"
    r"sincerely|god bless|love,|cheers,|thanks,|many thanks|thank you kindly)\b[\s,.!-]*([a-z][a-z.'-]*[\s,.]*){0,3}$"
)


# "noticed it last night, but it could have been going on for ages": of the guesses, the longest.
ABOUT_THE_TWITCH = re.compile(r"\b(it|its|it's|this|the twitch\w*)\b|\b(actually|sorry|correction)\b")
DURATION_DOUBT = re.compile(
    r"\b(could|might|may|must) (have|of) been (going on|there|happening|at it)\b|never (noticed|clocked)|"
    r"\b(can'?t|cannot|can not|don'?t|do not) (remember|recall)\b|\b(could|might|may) be\b.{1,30}\b(could|might|may) be\b|"
    r"\b(not|never|haven'?t|have not) (kept|been keeping) (count|track)\b"
)
# ...and one that may go back further than the time given is not known: "I noticed it this week
# but it might have been going on before that", "could've been going for ages".
DURATION_OPEN_ENDED = re.compile(
    r"\b(could|might|may|must)( have| of|'ve) been (going on|going|there|happening|at it)( for)? "
    r"(before( that| then)?|(a bit |much |a lot |way )?longer|ages|a while|earlier)\b|"
    # "it might be a week, it might be a good deal longer" (w113 tuning), but "maybe a week? could be a
    # bit longer" is the week (a2, a10 tuning)
    r"\b(could|might|may) (well )?be (a (good|great) deal|much|a lot|far|way) longer\b"
)
DURATION_GUESSES = re.compile(r"\bor\b|\bcould be\b|\bmaybe\b|\b(could|might|may|must) (have|of) been\b")


# The question said back before the answer (a plain string, not a module pattern: those are
# the spelling corrector's targets).
QUESTION_ECHO = (
    r"^\W*(?:(?:any|anything) (?:of )?(?:these|those|them)(?: right now| lately| with (?:the|my) twitch\w*)?|"
    r"where(?: is (?:it|the twitch\w*))?|how long(?: has it been(?: going on)?)?|(?:an )?adult or (?:a )?child|"
    r"is (?:it|the weakness) getting worse(?: from one day to the next)?)\s*\?+\s*"
)


# An answer that weighs options before it settles: "Face or lip... lip really", "does that count
# as today? then today", "stress or sleep... it's the sleep", "Weakness or pain, hard to say. It
# hurts to grip, so pain", "If nearly counts as fainting then yes", "calf or foot? go with calf".
# The weighing comes first; what follows the last settling point is the answer. For the questions
# with a list of options the weighing is between options ("or", "not sure which"); for the others
# a question back or an "if" weighs too. Strings, not compiled module patterns (`reader_corrector`).
WEIGHING_OPTIONS = r"\bor\b|\b(?:not sure|hard to (?:say|tell)|can'?t tell) which\b|\bwhich one\b"
WEIGHING_ANY = WEIGHING_OPTIONS + r"|\bif\b|\bcount\b|\bdefine\b|\bmean\b"
# "2 or 3 weeks", "a week or so", "16 or 17": a range, not a choice.
NUMBER_WORD = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty)"
RANGE_OR = r"\b" + NUMBER_WORD + r"(?:\s+\w+)?\s+or\s+(?:" + NUMBER_WORD + r"|so|more|less|longer|two)\b"
SETTLING_POINT = (
    r"(?P<asked>\?+)\s*|(?P<pause>\.{2,}|\u2026|\s[\u2014\u2013-]+\s)\s*|(?:^|[,.;:!?]\s*)(?:so|then)\b\W*|\sthen\s+(?=(?:yes|no|yeah|nope|not sure)\b)|"
    r"\b(?:i'?ll|i will|i'?d|i would|let'?s|(?:i'?m )?(?:gonna|going to))\s+(?:have to\s+|just\s+)?"
    r"(?:say|go with|pick|put|choose|call it)\b\W*|\b(?:go|going|stick) with\b\W*|"
    r"\bput\W+(?=(?:not sure|unsure|yes|no)\b)|\bi (?:reckon|guess)\b\W*|(?:^|[.,;!?\u2026]\s*)no,\s+"
)
# "dehydration or exercise? both I reckon": every option weighed.
BOTH_WEIGHED = (
    r"^\W*(?:(?:so|honestly|probably|basically|i reckon|i think|i guess|kind of|kinda|sort of)\W+)*"
    r"(?:(?:a )?bit of )?(?:both|all of (?:them|those|these)|all (?:three|two))\b"
)
# "Would a newborn count as poor sleep? ha. Yes. And stress.": a yes to what was weighed.
# A yes with the fillers people put before it ("then yes", "haha yeah", "in that case yes"): the
# start of an answer that settles on yes, or (PLAIN_YES) the whole of one.
YES_LEAD = r"^\W*(?:(?:ha+|haha|lol|well|anyway|ok|okay|oh|so|then|in that case)\W+)*" + PLAIN_YES_WORDS
YES_TO_THE_WEIGHED = YES_LEAD + r"\b"


def _settled_answer_start(text: str, requested: str) -> Optional[int]:
    """Where the final choice of an answer that weighs options first begins, if it does."""
    low = text.lower()
    weighed = re.sub(RANGE_OR, lambda m: " " * len(m.group(0)), low)
    weighing = WEIGHING_OPTIONS if requested in LIST_SLOTS else WEIGHING_ANY
    cuts = []
    for m in re.finditer(SETTLING_POINT, low):
        before = weighed[: m.start()]
        # a pause after "maybe" weighs too ("weakness maybe... just pain"), a question mark does not
        # ("maybe stress? not sure" keeps the stress)
        paused_on_maybe = m.group("pause") and re.search(r"\b(maybe|might|perhaps|could be)\b", before)
        if (paused_on_maybe or re.search(weighing, before)) and re.search(r"[a-z0-9]", low[m.end() :]):
            cuts.append(m.end())
    return cuts[-1] if cuts else None


def _settled_answer(
    text: str, cut: int, terms: List[TermMatch], intent: Optional[str], requested: str, filled: Dict[str, Any]
) -> Dict[str, Any]:
    """The message read whole, with the asked question's answer taken from its final choice
    (when that choice answers it). A choice never lowers the safety question's answer while the
    message describes an emergency sign."""
    whole = extract(text, terms, intent, requested, filled, settled=True)
    choice = text[cut:]
    if re.match(BOTH_WEIGHED, choice.lower()) and requested in LIST_SLOTS:
        from twitchcare.nlp import default_matcher  # loaded once, by whoever reads messages

        # every option weighed is chosen: read the weighing as a list
        listed = re.sub(r"\bor\b", "and", text[:cut]).replace("?", ",")
        return {**whole, **extract(listed, default_matcher().find(listed), None, requested, filled, settled=True)}
    if requested in LIST_SLOTS and re.match(YES_TO_THE_WEIGHED, choice.lower()):
        return whole
    shifted = [replace(x, start=x.start - cut, end=x.end - cut) for x in terms if x.start >= cut]
    after = extract(choice, shifted, None, requested, filled, settled=True)
    if requested not in after or after[requested] == [OTHER_TRIGGER]:
        return whole  # the choice does not answer ("then whatever"): the whole message does
    if (
        requested == "emergency_screen"
        and after[requested] == NO
        and whole.get(requested) in (YES, UNKNOWN)
        and find_emergency_signs(_without_past_signs(normalise(text)))
    ):
        return whole
    return {**whole, **after}


# "the pill, would that be a medicine?", "stiff fingers, that the stiffness you mean?": what was
# said before asks whether it is one of the options (a string: `reader_corrector`).
ASKS_IF_IT_FITS = (
    r"\b(is|would|could) (that|this|it|those|these) (be )?(what you mean|(a|an|the|one of) )|"
    r"\b(that'?s|that|is that|is it) (the|what) [\w' ]{0,30}you mean\b|\bcome under\b"
)
# "...is that what you mean? then yes": a yes to the options named before the question.
PLAIN_YES = YES_LEAD + r"\W*$"


def _asides_to_the_assistant(text: str, requested: Optional[str]) -> List[Tuple[int, int]]:
    """The spans of questions put to the assistant about itself or about what the answer will
    lead to ("would whole body be the scary answer?", "do you need which bit?", "will that make
    it more worrying?"), when the message says something else besides them. On the safety
    question, a question that itself names an emergency sign is never set aside."""
    if not requested:
        return []
    low = text.lower()
    spans = [
        m.span(1)
        for m in re.finditer(
            r"(?:^|[.!?;,]\s*|\b(?:and|but|so|anyway)\s+)((?:does|do|did|will|would|should|shall|is|are|can|could|"
            r"which|what|how|why)\b[^.!?;]*?\b(?:you|your|answer|the bit|where this is going|scary|blame|"
            r"(?:more|less|be|get) (?:worrying|worried|concerning|serious)|"
            r"ambulance|999|a&e)\b[^.!?;]*?(?:\?+|$))",
            low,
        )
    ]
    if requested == "emergency_screen":
        spans = [(start, end) for start, end in spans if not find_emergency_signs(normalise(text[start:end]))]
    if not spans or not re.search(r"[a-z0-9]", blanked(low, spans)):
        return []
    return spans


def _listed(value: Any) -> List[str]:
    """The options named in a list answer; none for "none", "not sure" or an unlisted one."""
    if not isinstance(value, list):
        return []
    return [x for x in value if x not in (UNKNOWN, NONE_MARKER, OTHER_TRIGGER)]


def _told_as_a_question(
    text: str, terms: List[TermMatch], requested: Optional[str], filled: Dict[str, Any]
) -> Dict[str, Any]:
    """ "my tongue?? is that normal", "anxious lately i guess?", "does coffee count?": an answer
    told as a question, read from before the first question mark; a question proper ("is it
    normal for my eyelid to...?") answers nothing ({})."""
    first = text.find("?")
    asked = normalise(text[:first])
    if requested and (
        not QUESTION_START.search(asked) or ASKS_IF_IT_COUNTS.search(asked) or re.search(ASKS_IF_IT_FITS, asked)
    ):
        told = extract(asked, [x for x in terms if x.end <= first], None, requested, filled)
        if requested in told:
            return told
    return {}


def extract(
    text: str,
    terms: List[TermMatch],
    intent: Optional[str],
    requested: Optional[str],
    filled: Dict[str, Any],
    settled: bool = False,
) -> Dict[str, Any]:
    """Slot values stated in one message. `filled` holds the current values. Misspelt words
    are read as the words they stand for ("wekness", "munths"; `reader_corrector`). `settled`:
    the answer's final choice, if it weighs options first, has already been taken apart."""
    t = GREETING.sub("", SIGN_OFF.sub("", reader_corrector().correct(normalise(text or ""))))
    for slip, meant in VOICE_SLIPS:
        t = slip.sub(meant, t)
    if not t or t.startswith("/") and intent not in ("affirm", "deny", "dont_know"):
        return {}
    echo = re.match(QUESTION_ECHO, (text or "").lower())
    if echo and re.search(r"[a-z0-9]", (text or "")[echo.end() :].lower()):
        # "Any of these? No to the lot.", "Where is it? Left calf": the question said back first
        cut = echo.end()
        shifted = [replace(x, start=x.start - cut, end=x.end - cut) for x in terms if x.start >= cut]
        return extract((text or "")[cut:], shifted, intent, requested, filled)
    asides = _asides_to_the_assistant(text or "", requested)
    if asides:
        # "does foot get a different answer from leg?", "is that the fine answer": a question about
        # the assistant or what the answer leads to answers nothing; the rest of the message does.
        kept = [x for x in terms if not any(start <= x.start < end for start, end in asides)]
        rest_text = blanked(text or "", asides)
        rest = extract(rest_text, kept, None, requested, filled, settled)
        # ("are you going to blame my coffee? because yes, 5 a day": the yes is to what it named)
        yes_to_the_aside = requested in LIST_SLOTS and not _listed(rest.get(requested))
        if requested in rest and not (
            yes_to_the_aside and re.search(r"\b" + PLAIN_YES_WORDS + r"\b", rest_text.lower())
        ):
            return rest
    if requested and not settled and (choice_at := _settled_answer_start(text or "", requested)) is not None:
        return _settled_answer(text or "", choice_at, terms, intent, requested, filled)
    chosen = buttons_by_position(t, requested, filled)
    if chosen is not None:  # "the second one", "the first three": the buttons' own words
        from twitchcare.nlp import default_matcher  # loaded once, by whoever reads messages

        return extract(chosen, default_matcher().find(chosen), None, requested, filled)
    if is_question(t, intent):
        # "why does that matter?? i'm 45": what follows the last question mark may still answer.
        cut = (text or "").rfind("?")
        tail = (text or "")[cut + 1 :] if cut >= 0 else ""
        if not re.search(r"[a-z0-9]", tail.lower()) or QUESTION_START.search(normalise(tail)):
            # "no. why, should I be worried?": a plain yes or no before the question answers it.
            head = PLAIN_ANSWER_FIRST.match(normalise(text or ""))
            if head and requested in YES_NO_SLOTS and not SELF_CORRECTION.search(normalise(text or "")[head.end() :]):
                return {requested: NO if head.group(1) else YES}
            return _told_as_a_question(text or "", terms, requested, filled)
        shifted = [replace(x, start=x.start - cut - 1, end=x.end - cut - 1) for x in terms if x.start > cut]
        after = extract(tail, shifted, None, requested, filled)
        if requested and requested not in after:
            # "I'm 18, does that count? Just turned.": the answer came before the question
            after = {**_told_as_a_question(text or "", terms, requested, filled), **after}
        elif requested in LIST_SLOTS and (re.match(PLAIN_YES, normalise(tail)) or after[requested] == [OTHER_TRIGGER]):
            # "steroids for my asthma, is that what you mean by medicine? yes", "the pill, would that be
            # a medicine? been on it for years": the options named before the question
            told = _told_as_a_question(text or "", terms, requested, filled)
            if _listed(told.get(requested)):
                after = {**after, **told}
        elif requested == "triggers" and _listed(after.get(requested)):
            # "I started sertraline a fortnight ago, could that be it? stress as well": both count
            before = _listed(_told_as_a_question(text or "", terms, requested, filled).get(requested))
            after[requested] = before + [x for x in after[requested] if x not in before]
        # "Not really sure. I get a bit puffed... isn't that normal? Nothing sudden.": opened unsure,
        # asked back, then a plain word: still unsure.
        if requested in YES_NO_SLOTS and after.get(requested) in (YES, NO) and OPENS_UNSURE.match(t):
            after[requested] = UNKNOWN
        return after
    out: Dict[str, Any] = {}

    # Places: add what is named, drop what is denied ("my calf, not my thigh"); the answer to
    # "where?" that says "only" or "just" is the whole list ("left calf only").
    places = [p for p in (filled.get("body_parts") or []) if p != UNKNOWN]
    if requested == "body_parts" and ONLY_THESE.search(t):
        places = []
    named = False
    history = history_spans(text or "") if requested != "body_parts" else []
    parts = [
        term
        for term in terms
        if term.entity == "body_part"
        and not any(start <= term.start < end for start, end in history)
        and (requested == "body_parts" or not _loose_everywhere(text or "", term))
        and not _all_over_a_part(text or "", term)
    ]
    said_normal: List[TermMatch] = []
    # "left calf, no wait, it's the thigh": the places named before a correction are taken back.
    if requested == "body_parts":
        fixes = list(PLACE_CORRECTION.finditer((text or "").lower()))
        if fixes and any(term.start > fixes[-1].end() for term in parts):
            said_normal += [term for term in parts if term.end <= fixes[-1].start()]
    # "midway between hip and knee", "between thumb and index": parts that only say where on
    # another part named outside the phrase (the vocabulary's own "between my shoulder blades"
    # starts the phrase and stays).
    between = [m.span() for m in BETWEEN_PARTS.finditer((text or "").lower())]
    # "just under my ribs" is the top of the belly: the stomach, said once however it is named (but
    # "intercostals, a flutter under my ribs" stays the chest).
    under_ribs = [
        term
        for term in parts
        if term.value == "chest"
        and re.match(r"ribs?\b|rib ?cage\b", fold(term.text))
        and UNDER_THE.search(fold((text or "")[max(0, term.start - 30) : term.start]))
    ]
    # (a "chest virus" told in the story is no chest: `_names_an_illness`, below)
    if under_ribs and all(
        term in under_ribs or _names_an_illness(text or "", term) for term in parts if term.value == "chest"
    ):
        parts = [replace(term, value="stomach") if term in under_ribs else term for term in parts]
    parts = [
        term for i, term in enumerate(parts) if term.value != "stomach" or all(p.value != "stomach" for p in parts[:i])
    ]
    locating = [term for term in parts if any(start < term.start < end for start, end in between)]
    if len(locating) == len(parts):
        locating = []
    for i, term in enumerate(parts):
        named = True
        if term in said_normal:  # taken back by a correction
            continue
        if term in locating:
            said_normal.append(term)
            continue
        # ...unless the locating words are themselves a part inside the one before: "my calf muscle"
        # after "leg" is the calf (but "the web of my hand near the thumb" is the hand, and "my leg
        # below the knee" the leg: shin and calf are both below it, unless it is the back of the leg).
        if (
            i
            and parts[i - 1].value != term.value
            and not (
                CONTAINED_IN.get(term.value) == parts[i - 1].value
                and not (text or "")[parts[i - 1].end : term.start].strip(" ,")
                and not _leg_below_the_knee(text or "", parts[i - 1], term)
            )
            and _only_locates(text or "", parts[i - 1], term)
        ):
            said_normal.append(term)
            continue
        if (
            i + 1 < len(parts)
            and parts[i + 1].value != term.value
            and LOCATES_NEXT_BEFORE.search((text or "")[max(0, term.start - 40) : term.start].lower())
            and LOCATES_NEXT_AFTER.fullmatch((text or "")[term.end : parts[i + 1].start].lower())
        ):
            said_normal.append(term)
            continue
        # "all over my face": the face, not the whole body.
        if (
            term.value == "whole_body"
            and i + 1 < len(parts)
            and re.fullmatch(r"\s+(my|his|her|their|the|your|our)\s+", (text or "")[term.end : parts[i + 1].start])
        ):
            said_normal.append(term)
            continue
        if ABLE_WITH.search((text or "")[max(0, term.start - 50) : term.start].lower()):
            said_normal.append(term)
            continue
        # "the fingers of my foot", "the finger big of the foot": a toe, in the words of a Spanish
        # speaker (dedo del pie, an a117 tuning answer), so the foot's
        if term.value == "finger" and re.match(
            r"\s+(\w+\s+)?of\s+(the|my|his|her|their|your|our)\s+(foot|feet)\b", (text or "")[term.end :].lower()
        ):
            continue
        # "the back of my neck", "the top of her foot": the first part only says where on the second
        # (but "the little finger of my left hand" is the finger: the hand is dropped below).
        if (
            i + 1 < len(parts)
            and LOCATOR_OF.fullmatch((text or "")[term.end : parts[i + 1].start])
            and CONTAINED_IN.get(term.value) != parts[i + 1].value
        ):
            continue
        # "checking my arm strength", "grip strength in my hand": the part's strength, not a place.
        if re.match(r"\s*(strength|power)\b", (text or "")[term.end :].lower()):
            said_normal.append(term)
            continue
        # "upper lip, right-hand side": a side, not the hand.
        if term.value == "hand" and re.search(
            r"\b(left|right)[\s-]+hands?[\s-]+(side|corner|end|edge)\b",
            (text or "")[max(0, term.start - 7) : term.end + 8].lower(),
        ):
            said_normal.append(term)
            continue
        # "on my feet all day": standing, not the feet; "a chest cold": an illness, not the chest.
        if (
            term.value == "foot"
            and (
                ON_ONES_FEET.search((text or "")[max(0, term.start - 12) : term.end].lower())
                or FEET_UP.search((text or "")[max(0, term.start - 16) : term.end + 3].lower())
            )
        ) or _names_an_illness(text or "", term):
            said_normal.append(term)
            continue
        if requested != "body_parts" and TRAINED_A_PART.search(
            (text or "")[max(0, term.start - 16) : term.start].lower()
        ):
            said_normal.append(term)
            continue
        # Outside the answer to "where?", a posture is no place: "arms over my head all day",
        # "sleeping on my back", "on my knees tiling".
        if requested != "body_parts" and _a_posture(text or "", term):
            said_normal.append(term)
            continue
        # "Lip. Top lip. Does that count as face?", "is the tongue part of the face for this?": the
        # wider part a question asks about is no place of its own when another part is named.
        if (
            requested == "body_parts"
            and _part_asked_about(text or "", term)
            and any(p.value != term.value and not _part_asked_about(text or "", p) for p in parts)
        ):
            said_normal.append(term)
            continue
        # "jumpy about anything on my face": a worry about a part, not where it twitches.
        if ANYTHING_ON.search((text or "")[max(0, term.start - 30) : term.start].lower()):
            said_normal.append(term)
            continue
        # "cutting back the hedges", "came back", "back then": the adverb, not the back.
        if term.value == "back" and _adverbial_back(text or "", term):
            said_normal.append(term)
            continue
        if term.value == "back" and _back_locates_another_part(text or "", term, parts):
            said_normal.append(term)
            continue
        # "both legs look the same", "his arms are fine": a part said to be normal is not a place.
        if SAID_NORMAL.match((text or "")[term.end :]):
            said_normal.append(term)
            continue
        if term.negated:
            places = [p for p in places if p != term.value]
        elif term.value not in places:
            places.append(term.value)
    # One place named in several words is one place: "my fingers on my right hand" is the fingers;
    # but a list names both ("hand and fingers", "thumb and the bit of hand under it").
    listed = {
        value
        for first, second in zip(parts, parts[1:])
        if LISTED_WITH.fullmatch((text or "")[first.end : second.start])
        and CONTAINED_IN.get(first.value) in (second.value, None)
        for value in (first.value, second.value)
    }
    # Three or more parts between commas or arrows are a list too: "R arm, hand, fingers", "arm → hand
    # → fingers" (but "thigh → knee area" only says how far it reaches).
    listed |= {
        term.value
        for run in zip(parts, parts[1:], parts[2:])
        if all(COMMA_ONLY.fullmatch((text or "")[a.end : b.start]) for a, b in zip(run, run[1:]))
        for term in run
    }
    # ...but a part that only says where the one before it is stays out of any list: "the calf on my
    # right leg and the thigh on my left" is the calf and the thigh.
    listed -= {
        second.value
        for first, second in zip(parts, parts[1:])
        if CONTAINED_IN.get(first.value) == second.value
        and PART_ON_PART.fullmatch((text or "")[first.end : second.start])
    }
    places = [p for p in places if p in listed or not any(CONTAINED_IN.get(q) == p for q in places)]
    # "face mainly, corner of her mouth": the mouth says where on the face; "Face - lower lip on the
    # left": the face first, then which part of it.
    lips = [term for term in parts if term.value == "lip"]
    if "face" in places and "lip" in places and any(fold(t.text) == "face" for t in parts if t.value == "face"):
        if all(re.search(r"\bmouth$", fold(t.text)) for t in lips):
            places.remove("lip")
        elif FACE_THEN_WHERE.match(text or "") and len(places) == 2:
            places.remove("face")
    eyes = [term for term in parts if term.value == "eyelid"]
    if "face" in places and "eyelid" in places and eyes and all(UNDER_THE_EYE.match(fold(t.text)) for t in eyes):
        places.remove("eyelid")  # "cheek twitch just under my eye": the cheek
    if requested == "body_parts" and "whole_body" in places:
        places = ["whole_body"]  # "arms, legs, tummy, back: everywhere" is all over
    # "left and right" is both sides only of one part: "my left thigh and my right calf" is two places.
    one_part = len({term.value for term in parts if term not in said_normal}) == 1
    # the words as typed and as the readers' corrector reads them ("both claves" is read "both calves")
    part_names = sorted(
        {fold(term.text) for term in parts} | {reader_corrector().correct(fold(term.text)) for term in parts}
    )
    # In the answer to another question, parts in sentences that say nothing of a twitch ("I did the
    # pin test on both feet") do not put the twitch on both sides.
    asides_only = requested not in (None, "body_parts") and all(_plural_aside(text or "", t, requested) for t in parts)
    if (
        named
        and not asides_only
        and (
            re.search(
                r"\bboth\W+(\w+\W+){0,2}?(sides?|" + "|".join(map(re.escape, part_names)) + r")\b|"
                r"\b(either side|left (and|n|&) right|right (and|n|&) left|l (and|n|&) r|r (and|n|&) l|each side)\b|"
                # "pointer finger on my right hand and the same one on the left"
                r"\b(left|right)\b.{1,40}\bthe same( one| spot| place| bit)? on the (left|right|other)\b|"
                r"\b(each|either|every) ("
                + "|".join(map(re.escape, part_names))
                + r")\b|"
                + (
                    r"\bleft\b.{1,25}\band\b.{0,20}\bright\b|\bright\b.{1,25}\band\b.{0,20}\bleft\b|"
                    r"\bboth (of (them|em|'em)|ones)\b|"  # "calf. both of them"
                    r"\b(left|right)\b.{1,30}\b(the )?(left|right|other)( one| side)? (too|as well|also)\b|"
                    # "Left calf. Also the right one now and then."
                    r"\b(left|right)\b.{1,40}\b(also|plus|and also) (the |my |his |her )?(left|right|other)( one| side)\b"
                    if one_part
                    else "^$"
                ),
                ABLE_WITH_BOTH.sub(" ", re.sub(r"\bboth \w+" + SAID_NORMAL.pattern, " ", t)),
            )
            or any(
                not term.negated
                and term not in said_normal
                and PAIRED_PLURAL.fullmatch(fold(term.text))
                and not _plural_aside(text or "", term, requested, parts)
                and not _generic_plural(text or "", term)
                for term in parts
            )
            or _named_on_both_sides(
                text or "", [term for term in parts if not term.negated and term not in said_normal]
            )
        )
        and BOTH_SIDES not in places
        and places != ["whole_body"]
    ):
        places.append(BOTH_SIDES)
    named = named and len(said_normal) < len(parts)
    if named and places:
        out["body_parts"] = places

    # "cancer twelve years ago" is no duration
    timed = blanked(t, history_spans(t) if requested != "duration_days" else life_spans(t) + earlier_episode_spans(t))
    days = durations.parse_days(timed)
    if days is None and requested == "duration_days":
        days = durations.days_since_a_day_named(timed)  # "...which was last Friday"
    # "I've had hypothyroidism for 12 years ... for the past nine days my eyelid has twitched": a span
    # of years next to a shorter time in a sentence that speaks of the twitch is a condition's, not the
    # twitch's. In a story told unasked, any other time is another event's ("had covid, rough for a
    # week ... my calf has been twitching since the 10th", "baby arrived 9 days ago ... since Tuesday
    # my thumb has been twitching"): the twitch's sentence tells its time.
    story = requested is None
    if days is not None and (days >= 365 or story) and not durations.CORRECTION.search(timed):
        twitch_time = _twitch_sentence_time(re.split(r"[.;!?]+", timed))
        if twitch_time is not None and (twitch_time < days or story):
            days = twitch_time
    if days is not None and (UNSURE_WORDS.search(t) or DURATION_DOUBT.search(t)):
        # "not sure, could be a week could be a month": of the guesses, the longest (the cautious one).
        guesses = [durations.parse_days(part) for part in DURATION_GUESSES.split(timed)]
        days = max([g for g in guesses if g is not None] + [days])
        if DURATION_OPEN_ENDED.search(t):
            days = UNKNOWN_DURATION
    vague = r"\b(ages|forever|for ever)\b"  # a string: module patterns are the corrector's targets
    if requested == "duration_days" and days is not None and re.search(vague, timed):
        # "ages lol", "like forever": long ago, but when is not known (as blind writers read it),
        # unless a figure is given too ("ages, like a year maybe more")
        if durations.parse_days(re.sub(vague, " ", timed)) is None:
            days = UNKNOWN_DURATION
    if days is not None and not (requested == "age_group" and days >= 365):  # "adult, I have 32 years": an age
        # In the answer to another question a time is the twitch's only when it says so ("it
        # started 3 weeks ago actually"), not a trigger's ("vaping more since I quit last month").
        if requested in (None, "duration_days") or TWITCH_WORDS.search(t) or ABOUT_THE_TWITCH.search(t):
            out["duration_days"] = days

    times = TIMES_A_DAY.search(t)
    if times:
        out["frequency"] = "frequent" if int(times.group(1)) >= 5 else "occasional"
    for value, always, as_answer in FREQUENCY if not times else ():
        if always.search(t) or (requested == "frequency" and as_answer.search(t)):
            out["frequency"] = value
            break

    for term in terms:
        slot = SYMPTOM_TO_SLOT.get(term.value) if term.entity == "symptom" else None
        if slot:
            out[slot] = NO if term.negated else YES
    worsening = _found(t, WORSENING_WEAKNESS)
    if not worsening and (
        SYMPTOM_BY_SLOT["weakness"].words.search(t)
        or filled.get("weakness") == YES
        or requested == "worsening_weakness"
    ):
        worsening = _found(t, WORSE_DAILY)
    if worsening:
        out["worsening_weakness"] = worsening
        if worsening == YES:
            out["weakness"] = YES

    # A drooping face or mouth (not an eyelid) is a stroke sign: the intake ends as an emergency.
    if (
        {"face", "lip"} & set(out.get("body_parts") or filled.get("body_parts") or [])
        and _found(t, FACE_DROOP) == YES
        and not re.search(r"\b(eye\w*|lids?)\b", t)
    ):
        out["emergency_screen"] = YES
    # A sign the safety rules hear in an answer to another question, not dated in the past
    # ("headache, but that's from the knock"), is a yes to the safety question after all.
    if requested not in (None, "emergency_screen") and find_emergency_signs(_without_past_signs(t)):
        out["emergency_screen"] = YES
    fluid = _found(t, FLUID_LOSS)
    if fluid == YES and _fluid_loss_over(t):
        fluid = NO
    if fluid:
        out["fluid_loss"] = fluid
    # Eye signs are read where the twitch is in the eyelid, or where the answer to the symptoms
    # question names the eye itself ("red eye"): "swollen" alone could be any part.
    if (
        "eyelid" in (out.get("body_parts") or filled.get("body_parts") or [])
        or requested == "eye_signs"
        or (requested == "symptoms" and re.search(r"\b(eyes?|eyelids?|lids?)\b", t))
    ):
        eye = _found(t, EYE_SIGNS)
        if eye:
            out["eye_signs"] = eye

    triggers = [x for x in (filled.get("triggers") or []) if x != NONE_MARKER]
    mentioned_trigger = False
    for term in terms:
        trigger = CAUSE_TO_TRIGGER.get(term.value) if term.entity == "cause" else None
        if not trigger or (trigger == "stress" and _what_a_medicine_is_for((text or "").lower(), term.start)):
            continue
        if trigger == "poor_sleep" and _names_a_sleep_medicine((text or "").lower(), term.start, term.end):
            continue
        if trigger == "poor_sleep" and LIMB_ASLEEP.match((text or "").lower(), term.start):
            continue  # "sleeping in the arm": numbness, not a bad night
        mentioned_trigger = True
        denied_fine = term.value in STATES_SAID_FINE and _state_denied_fine(text or "", term.start, term.end)
        if (
            not denied_fine
            and (
                term.negated
                or OPTION_THEN_NO.match((text or "").lower(), term.end)  # "coffee no, smoke no"
                or (term.value in STATES_SAID_FINE and _state_said_fine(text or "", term.text, term.end))
                or _given_up((text or "").lower(), term.start)
                or _someone_elses_habit((text or "").lower(), term.start)
                or (trigger == "caffeine" and _caffeine_not_had((text or "").lower(), term.start, term.end))
                or re.search(LITTLE_OR_NONE_BEFORE, (text or "")[: term.start].lower())
                # "only decaffeinated tea", "decaf coffee": no caffeine
                or (
                    trigger == "caffeine"
                    and re.search(
                        r"\b(decaf\w*|herbal|fruit|peppermint|mint|chamomile|camomile|rooibos|redbush|caffeine[- ]free)\W+$",
                        (text or "")[: term.start].lower(),
                    )
                )
            )
        ):
            triggers = [x for x in triggers if x != trigger]
        elif trigger not in triggers:
            triggers.append(trigger)
    if requested == "triggers":
        said = [trigger for trigger, pattern in TRIGGER_WORDS if _said_and_kept(t, pattern)]
        if ALL_OF_THEM.search(t):
            said = [trigger for trigger, _ in TRIGGER_WORDS if trigger not in triggers]  # "all except smoking"
            exception = EXCEPT.search(t)
            if exception:
                excluded = {trigger for trigger, pattern in TRIGGER_WORDS if pattern.search(exception.group(0))}
                excluded |= {
                    CAUSE_TO_TRIGGER[term.value]
                    for term in terms
                    if term.entity == "cause" and term.value in CAUSE_TO_TRIGGER and term.start >= exception.start()
                }
                said = [x for x in said if x not in excluded]
                triggers = [x for x in triggers if x not in excluded]
        for trigger in said:
            if trigger not in triggers:
                triggers.append(trigger)
                mentioned_trigger = True
    if mentioned_trigger:
        out["triggers"] = triggers or [NONE_MARKER]

    age = _age_group(t, terms, asked=requested == "age_group")
    if requested == "age_group" and NOT_A_CHILD.search(t):
        age = "adult"
    if age is None and requested == "age_group":
        # ("im 34 weeks pregnant": the one expecting is taken as the adult)
        age = (
            "adult"
            if ADULT_WORDS.search(t) or re.search(r"\b(i'?m|i am)\b[^.;!?]{0,20}\bpregnant\b", t)
            else "child"
            if CHILD_WORDS.search(t)
            else None
        )
    if age:
        out["age_group"] = age

    if requested == "symptoms":
        out.update(_symptoms_answer(t, intent, filled, out))
    if requested and requested not in out:
        answer = _direct_answer(t, intent, requested)
        if answer is not None and requested == "triggers" and triggers:
            # Triggers named before the question stay: "none" adds nothing, "other" is added.
            answer = triggers + [x for x in answer if x not in triggers and x != NONE_MARKER]
        if answer is not None:
            out[requested] = answer
    back = QUESTION_BACK_THEN_NO.search(t) if requested in YES_NO_SLOTS | {"triggers"} else None
    if back and not (requested == "emergency_screen" and find_emergency_signs(back.group("rest"))):
        # "we're talking about my son right? then no, he's running around", "2 cups of tea a day isn't
        # lots is it? so none": a question back, then a plain no; the no answers, whatever the
        # question named (what is said after it still counts).
        if requested in YES_NO_SLOTS:
            # ...unless what follows says yes ("Holding steady? No. A bit worse each morning.")
            if _direct_answer(back.group("rest"), None, requested) != YES:
                out[requested] = NO
        else:  # ("does wine count? no, just coffee": coffee)
            told_before = [x for x in (filled.get("triggers") or []) if x != NONE_MARKER]
            told_after = [x for x, pattern in TRIGGER_WORDS if _said_and_kept(back.group("rest"), pattern)]
            out["triggers"] = told_before + [x for x in told_after if x not in told_before] or [NONE_MARKER]
    # A warning sign said before is not taken back by a "not" in passing in an answer to another
    # question ("not drinking enough, I can't keep much down" after "diarrhoea since Sunday").
    for slot in SYMPTOM_SLOTS + ("worsening_weakness",):
        if filled.get(slot) == YES and out.get(slot) == NO and requested not in ("symptoms", slot):
            del out[slot]
    return out


QUESTION_BACK_THEN_NO = re.compile(
    r"\?+\W*((lol|haha|ha|lmao|ok|okay|right|well)\W+)*((then|so|in that case|if so|if that'?s (the case|what you mean))\W+)?"
    r"(no|nope|nah|none)\b(?!\W*(clue|idea|sure|way)\b)(?P<rest>[^?]*)$"
)
NONE_OF_THESE = re.compile(
    r"\b(none|nothing( else)?|no(ne)? of (these|those|them)|fine otherwise|otherwise fine|"
    r"just the twitch\w*|only the twitch\w*|(the )?twitch\w*('s| is) (the )?only (thing|symptom|problem)|that's it|thats it|all good|nad|no abnormalit\w*|"
    # "only twitching, otherwise I am normal" (an a100 tuning answer)
    r"^\W*(just|only) twitch\w*(?=\W*($|[,.;!]\s*(otherwise|else|nothing|no\b|that'?s)))|otherwise (i am|i'?m|im|all|everything( is)?) (normal|fine|ok|okay|good)|"
    # "just the flicker, that's all", "the foot feels completely normal apart from the twitch"
    r"(just|only) the (flicker\w*|jump\w*|jerk\w*|flutter\w*|quiver\w*|spasm\w*|tic|ticcing|pulsing|jiggl\w*)|that'?s all|"
    r"(feels?|is|are|seems?|all|everything( else)?)( (is|feels?|seems?))? (completely |perfectly |totally |quite |otherwise )?"
    r"(normal|fine|ok|okay|good) (apart from|except( for)?|other than|bar|besides) the "
    r"(twitch\w*|flicker\w*|jump\w*|jerk\w*|flutter\w*|quiver\w*|spasm\w*)|" + HAVE_NONE + r")\b"
)
ALL_SYMPTOMS = re.compile(
    FILLER + r"(all( of (them|these|those|the above))?|everything( on the list)?)"
    r"(\W+(honestly|really|basically|probably|i think|tbh|lol|to be honest))?\W*$"
)
DOUBTED = re.compile(
    # ("I don't know how to say, like electric": the words, not the symptom, are in doubt)
    r"\b(not sure|unsure|(don't|dont) know(?! how to (say|describe|explain|put))|no idea|can't tell|cant tell|(can'?t|cannot|cant) (really )?say really|"
    r"(dunno|idk|not sure|don'?t know) (if|whether)|"
    # someone who cannot say for themselves ("she's not able to tell me if it's painful")
    r"(not able|unable) to (tell|say)( me| us)? (if|whether))\b"
    r"(?:(?![.;!?]|\bbut\b).)*$"
)
# Right after an option: "pain yes, weakness no" denies weakness ("weakness none, pain yes" too: the
# words are nlp.OPTION_VERDICT_NO, the term matcher's own); "some weakness? dont know" doubts it.
OPTION_THEN_NO = re.compile(
    r"\W{0,3}(" + "|".join(OPTION_VERDICT_NO) + r"|not really)\s*($|[,.;!]|and\b|but\b)|"
    # rated zero: "pain 0/10"
    r"\W{0,3}"
    + ZERO_RATING
    + "|"
    # a list item cleared: "Weakness: none. Pain: nil. Wasting: not observed. Numbness: fine."
    + CLEARED_ITEM_AFTER_COLON
)
# "No, just the eye shutting on me", "none apart from the tingling": the "no" is for the others.
ONLY_THIS = re.compile(r"\b(just|only|apart from|except( for)?|other than|besides|but)\W+(\w+\W+){0,4}$")
# "weakness yes but no pain", "just the twitching. No pain", "felt rough but didnt throw up": the
# denial right before the option denies it.
NEGATED_RIGHT_BEFORE = re.compile(
    r"\b(no|not|without|zero|nil|didn't|didnt|did not|never|haven't|havent|hasn't|hasnt)\s+(any\s+|real\s+)?$"
)
# "grip's fine", "strength is normal": an option said to be as it should be.
OPTION_THEN_FINE = re.compile(
    r"('s|s| is| are| was|'re|'s been| has been| feels?| seems?| looks?)?\s+"
    r"((totally|completely|perfectly|quite|absolutely|pretty much|entirely) )?(fine|ok|okay|normal|good|grand|alright|all right|"
    r"(as )?strong as ever|the same as ever)\b"
)
OPTION_THEN_DOUBT = re.compile(
    r"[^.;!,]{0,15}(\?|\b(not sure|dont know|don't know|idk|no idea)\b)|"
    r"\W{0,3}(or )?(might|may|could) not\b|\W{0,3}(or )?(maybe|possibly|perhaps) not\b"  # "might be worse, might not"
)
# ...but "a little weak I think?" leans to yes, and so does a "?" the person goes on to describe
# ("sorta stiff? like my legs are made of wood"); "does tightness count?" says the person has it.
OPTION_THEN_THINK = re.compile(
    r"\W*i think\W*$|[^.;!,?]{0,15}\?+\s*(like|as in|as if|kind of like|sort of like)\b|"
    # "the muscle looks a bit sunken? sort of": a hedge the answer ends on
    r"[^.;!,?]{0,15}\?+\s*(sort of|kind of|kinda|sorta|i think|i guess)\W*$"
)
ASKS_IF_IT_COUNTS = re.compile(r"\b(does|do|would|will|should|is) ((a|the|my|some|being|feeling) )?(\w+ ){0,3}count\b")
# ...or asked right after it: "a bit of tingling maybe? does that count".
THEN_ASKS_IF_IT_COUNTS = re.compile(r"[^.;!]{0,25}?\b(does|do|would|will|should) (that|it|this|those|these) count\b")
# ...unless doubted on the way: "some weakness? not sure, does that count".
UNSURE_BEFORE_ASKING = re.compile(r"\b(not sure|unsure|don'?t know|no idea|idk)\b")
REST_UNSURE = re.compile(
    r"\b(not sure|unsure|dunno|idk|don'?t know|no idea) (about |bout |on |of )?(the )?(rest|others)\b"
)
# "all of them except vomiting": every option but the ones named after the "except".
ALL_BUT = re.compile(
    r"^\W*(all( of (them|these|those|the above))?|everything( on the list)?)\W*("
    + EXCEPT_WORDS
    + r"|but( not)?|other than)\b"
)

# An option taken back by its name rather than by a sign: "all of them except the eye stuff".
OPTION_NAMES = {"eye_signs": re.compile(r"\beyes?\b")}


def _named_option(slot: str, text: str) -> bool:
    name = OPTION_NAMES.get(slot)
    return bool(name and name.search(text))


def _doubted(t: str, m: re.Match[str]) -> bool:
    """Whether the option found at `m` is doubted ("some weakness? dont know"), not merely hedged
    ("a little weak I think?") or asked about because the person has it ("does tightness count?")."""
    if any(c.start() <= m.start() and m.end() <= c.end() for c in ASKS_IF_IT_COUNTS.finditer(t)):
        return False
    if DOUBTED.search(t[: m.start()]) or re.search(r"\bwhat (counts|would count|is classed) as\W*$", t[: m.start()]):
        return True  # ..."what counts as weakness tbh, my arm is just tired"
    asks = THEN_ASKS_IF_IT_COUNTS.match(t, m.end())
    if asks and not UNSURE_BEFORE_ASKING.search(asks.group(0)):
        return False
    return bool(OPTION_THEN_DOUBT.match(t, m.end())) and not OPTION_THEN_THINK.match(t, m.end())


# "the usual fibro aches", "numb feet I've had for years", "my old stroke side, it's always numb": an
# option said (near it, in its sentence) to be the person's long-standing normal is not one they
# have with the twitch, unless the sentence says it is new or changed.
LONG_STANDING = (
    r"\b(usual|my normal|(just|only|perfectly) normal|as (always|ever|usual)|like always|always (been|had|has|have|is|are|am)|"
    r"it'?s always|for (years|ages|decades)|old (stroke|injury|back|knee|hip|neck|shoulder)|long[- ]standing|chronic|"
    r"nothing new|no different|not new|same as (ever|always|usual))\b"
)
CHANGED = r"\b((?<!nothing )(?<!not )new|newly|now|worse|weaker|(more|less|\w+er) than (usual|normal|before|always|ever)|lately|recently|since the twitch\w*)\b"


def _long_standing(t: str, m: re.Match[str]) -> bool:
    begin, end = sentence_span(t, m.start(), m.end())
    if re.search(CHANGED, t[begin:end]):
        return False
    near = t[max(begin, m.start() - 60) : min(end, m.end() + 60)]
    return bool(re.search(LONG_STANDING, near))


def _symptoms_answer(t: str, intent: Optional[str], filled: Dict[str, Any], found: Dict[str, Any]) -> Dict[str, Any]:
    """The multi-select symptom question: each option named is yes (or no when denied, or not
    sure when doubted), and once the answer is understood, every option not named is no."""
    options = applicable_symptoms({**filled, **found})
    # ("my leg feels weaker and a bit numb, is that the kind of thing you mean?" answers)
    checks_meaning = re.search(r"\b(is (that|this)|that'?s) (the (kind|sort) of thing |what )(you|u) mean\?", t)
    if (
        re.search(r"\bwhat (is|does|do you mean)\b|\bmean\?", t)
        and not checks_meaning
        and not re.match(PLAIN_YES, t[t.rfind("?") + 1 :])
    ):
        # "what does 'spreading' mean?": a question back, asked again ("my eyelid droops by
        # bedtime, is that what you mean? then yes" answers)
        return {}
    # "tingly, no, more like numb": the "no" corrects the word before, it denies nothing after.
    t = re.sub(r"\b(no|nah|nope)\W+(?=(more like|rather|i mean|actually)\b)", "", t)
    said: Dict[str, str] = {}
    # "numbness no, pain a little": a "no" given as an option's own verdict denies nothing after it.
    verdicts = [
        verdict.end()
        for option in options
        for m in option.words.finditer(t)
        if (verdict := OPTION_THEN_NO.match(t, m.end()))
    ]
    # "nah none, not like when i had the actual cramp problem": an option named only for the past
    # the person measures this against
    unlike = [m.span() for m in NOT_LIKE_WHEN.finditer(t)]
    for option in options:
        # "no weakness but it's very stiff": any mention not denied counts as a yes.
        readings = [
            UNKNOWN
            if _doubted(t, m)
            else NO
            if (
                is_denied(t[max([end for end in verdicts if end <= m.start()], default=0) : m.start()])
                and (not ONLY_THIS.search(t[: m.start()]) or NEGATED_RIGHT_BEFORE.search(t[: m.start()]))
            )
            or OPTION_THEN_NO.match(t, m.end())
            or OPTION_THEN_FINE.match(t, m.end())
            or rated_zero(t, m.start(), m.end())  # "0/10 pain"
            or _long_standing(t, m)
            else YES
            for m in option.words.finditer(t)
            if not any(start <= m.start() < end for start, end in unlike)
        ]
        if readings:
            said[option.slot] = YES if YES in readings else UNKNOWN if UNKNOWN in readings else NO
    for option in options:
        if option.slot in found and option.slot not in said:
            said[option.slot] = found[option.slot]
    if ALL_SYMPTOMS.search(t):
        said = {o.slot: YES for o in options}
    elif all_but := ALL_BUT.search(t):
        taken_back = t[all_but.end() :]
        said = {o.slot: NO if o.words.search(taken_back) or _named_option(o.slot, taken_back) else YES for o in options}
    unsure = intent == "dont_know" or bool(UNSURE_WORDS.search(t) or re.match(POINTS_BACK_ONLY, t))
    if not said:
        # A blanket "not sure" or "none of these" covers only the options not already said: a vomiting
        # told in the first message stands (a w124 tuning vignette had lost it and fell to "doctor").
        unsaid = [o.slot for o in options if filled.get(o.slot) is None and o.slot not in found]
        if unsure and not NONE_OF_THESE.search(t):
            said = dict.fromkeys(unsaid, UNKNOWN)
        elif (
            intent == "deny"
            or NONE_OF_THESE.search(t)
            or NO_WORDS.search(t)
            or LITOTES_NO.search(t)
            or ENDS_WITH_NO.search(t)
            or FOREIGN_NO.search(t)
        ):
            said = dict.fromkeys(unsaid, NO)  # "none of these"
        else:
            return {}
    picked = [slot for slot, value in said.items() if value == YES]
    # What was said before (e.g. in the first message) stands; the rest not named is a no.
    rest_value = UNKNOWN if REST_UNSURE.search(t) else NO  # "spewing. not sure bout the rest"
    rest = {o.slot: rest_value for o in options if o.slot not in said and filled.get(o.slot) is None}
    return {**rest, **said, "symptoms": picked or ([UNKNOWN] if UNKNOWN in said.values() else [NONE_MARKER])}


# A sign told as long past in an answer to the safety question: "No. I fainted once at my
# sister's wedding about ten years ago", "I had one seizure when I was 15 but nothing since".
SIGN_IN_THE_PAST = re.compile(
    PAST_TIME.pattern
    + r"|\b(last month|months ago|(\d+|a few|few|several|couple of|a couple of|two|three|four|five|six) months (ago|back))\b"
    + r"|\bwhen (i|he|she|they) (was|were) (\d+|a (baby|child|kid|teen\w*)|young|little|small)\b"
)
SIGN_NOW = re.compile(
    r"\b(again|still|(?<!not )right now|just now|this (morning|afternoon|evening)|today|tonight|an hour|\d+ (mins?|minutes|hours?) ago|"
    r"yesterday|last night|now (i|he|she|they|my|his|her))\b"
)

# A "now" that is denied says nothing is happening now: "so no, none of that list right now".
NOW_DENIED = re.compile(r"\b(no|none|nothing|not|nowt)\b[^,.;!?]{0,40}?\b(right now|rn|atm|now|today|at the moment)\b")

# A clause that points back to an earlier, dated one: "had a fall in 2022 and hit her head then".
BACK_THEN = re.compile(r"\b(then|that time|back then|at the time)\b")
# (a clause found after "but" starts with its tail, "ut that was...": CLAUSE's lookahead)
DATES_THE_CLAUSE_BEFORE = re.compile(r"\W*(?:\w{1,2}\s+)?(that|it|this)('s| was| were| is)\b")


IN_A_MONTH = r"\b(in|back in|during|over|around|early|late|mid)[- ](" + "|".join(durations.MONTHS) + r")\b"


def _in_an_earlier_month(clause: str) -> bool:
    """ "that was in July" (said in December): a month before last, so weeks or months back."""
    m = re.search(IN_A_MONTH, clause)
    if m is None:
        return False
    today = date.today()
    months_back = (today.month - 1 - durations.MONTHS.index(m.group(2))) % 12
    return months_back >= 2


def _without_past_signs(text: str) -> str:
    """`text` with the clauses that date a sign years back blanked, unless it also says the sign
    is back or happening now ("fainted years ago and again this morning")."""
    if SIGN_NOW.search(NOW_DENIED.sub(" ", text)):
        return text
    spans: List[Tuple[int, int]] = []
    for sentence in re.finditer(r"[^.;!?]+", text):
        past = False
        clauses = list(re.finditer(CLAUSE, sentence.group(0)))
        for i, clause in enumerate(clauses):
            # a dated clause, and the clauses after it that point back to it ("had a fall in 2022
            # and hit her head then")
            past = (
                bool(SIGN_IN_THE_PAST.search(clause.group(0)))
                or _in_an_earlier_month(clause.group(0))
                or (past and bool(BACK_THEN.search(clause.group(0))))
            )
            if past:
                spans.append((sentence.start() + clause.start(), sentence.start() + clause.end()))
                # "...about the head injury one but that was years ago": the clause it dates
                # (the nearest clause with words: "hit my head on a door, but that was in July")
                said_before = [c for c in clauses[:i] if c.group(0).strip()]
                if said_before and DATES_THE_CLAUSE_BEFORE.match(clause.group(0)):
                    before = said_before[-1]
                    spans.append((sentence.start() + before.start(), sentence.start() + before.end()))
    return blanked(text, spans)


# "my husband thinks yes, I think no": two people's answers that differ are a "not sure" (a string:
# `reader_corrector`).
OPINIONS_DIFFER = (
    r"\b(thinks?|says?|reckons?) (yes|no)\b.{0,30}\b(i|but i|me) (think|say|reckon) (?!\2\b)(yes|no)\b|"
    # "my wife thinks its worse than last week, I don't"
    r"\b(thinks?|says?|reckons?) (it'?s|its|it is|that'?s|he'?s|she'?s|i'?m) [^.;!?]{1,40}?,? (but )?(i|me) (don'?t|dont|do not|disagree)\b"
)


# "see above", "like I said": an answer that only points back to an earlier message the readers do not
# hold (a string: `reader_corrector`).
POINTS_BACK_ONLY = (
    r"^\W*(see above|as above|(like|as) i (said|mentioned)( (above|before|earlier))?|"
    r"(i )?(already )?(said|told you|mentioned)( that| this| it)?( already| before| above)?)\W*$"
)


def _direct_answer(t: str, intent: Optional[str], requested: str) -> Any:
    """A plain answer to the question just asked: yes / no / not sure, 'none', 'me'."""
    if re.match(POINTS_BACK_ONLY, t):
        return {"triggers": [UNKNOWN], "body_parts": [UNKNOWN], "duration_days": UNKNOWN_DURATION}.get(
            requested, UNKNOWN
        )
    if requested in YES_NO_SLOTS and re.search(OPINIONS_DIFFER, t):
        return UNKNOWN
    corrected = list(SELF_CORRECTION.finditer(t))
    if corrected and requested in YES_NO_SLOTS and t[corrected[-1].end() :].strip():
        # What follows the last correction, when it answers ("no wait actually yes, i slurred"), with
        # the classifier's intent (it read the whole message) set aside; else the whole message.
        after = _direct_answer(t[corrected[-1].end() :], None, requested)
        if after is not None:
            return after
        if "?" in t[corrected[-1].end() :]:
            return UNKNOWN  # "no... wait does being dizzy count??": unsure
    unsure = intent == "dont_know" or bool(UNSURE_WORDS.search(t))
    short = len(t.split()) <= SHORT_ANSWER_WORDS
    # "every day yeah. couldnt do my shirt buttons this morning": a short first sentence that
    # ends in the answer, then the story.
    first = re.split(r"[.!;:]\s+", t, maxsplit=1)[0]  # "Measurably, yes: 10 calf raises on Monday, 3 today"
    short_first = first != t and len(first.split()) <= SHORT_ANSWER_WORDS
    no = (
        intent == "deny"
        or bool(NO_WORDS.search(t))
        or (short and bool(ENDS_WITH_NO.search(t)))
        or (short_first and bool(ENDS_WITH_NO.search(first)))
        or bool(NONE_APPLY.search(t))
        or bool(CONCLUDES_NO.search(t))
        or bool(FOREIGN_NO.search(t))
    )
    litotes_yes = bool(LITOTES_YES.search(t))
    if litotes_yes:
        no, intent = False, None  # a "no" in "wouldn't say no" is no denial, whatever the classifier read
    elif LITOTES_NO.search(t):
        no = True
    yes = (
        intent == "affirm"
        or litotes_yes
        or bool(YES_WORDS.search(t))
        or (short and bool(TRAILING_YES.search(t)))
        or bool(SAID_YES.search(t))
        or (short_first and bool(TRAILING_YES.search(first)))
        or bool(FOREIGN_YES.search(t))
    )
    if requested in YES_NO_SLOTS:
        if (
            requested == "emergency_screen"
            and NOTHING_NEW.search(t)
            # ..."my wife says I sound the same as always, so I can't tell", "I'm not sure how to answer
            # that ... she thinks I'm the same as ever": unsure after all
            and not (
                OPENS_UNSURE.match(t)
                or t.rstrip().endswith("?")
                or re.search(
                    r"\b(not sure|unsure|(can'?t|cannot|couldn'?t) (really )?(tell|say)|(don'?t|do not) know|no idea)\b",
                    t,
                )
            )
        ):
            # "old numbness in both feet the neurologist knows about. Nothing sudden or new", "a bit
            # confused but that's her normal": a sign long there is not the screen's sudden, new one.
            return NO
        if requested == "emergency_screen" and find_emergency_signs(_without_past_signs(t)):
            # A sign described in the answer ("he fainted an hour ago") is a yes; told with doubt
            # ("hmm maybe? my speech feels strange but maybe im just tired") it is the policy's
            # "unsure about the emergency signs" (urgent), as blind writers label it. A sign the
            # emergency screen is sure of still takes over before this reading.
            if unsure and not OPENS_WITH_YES.match(t):
                return UNKNOWN
            return YES
        if requested == "emergency_screen" and HEDGED_YES.match(t) and (unsure or "?" in t):
            return UNKNOWN  # "kinda? not sure", "uh kind of? my leg feels weaker": unsure
        # "I am alright in that department", "she is fine": no sign, said plainly.
        # ..."Haven't had a knock on the head or anything dramatic. Just the twitch.": nothing else.
        no = no or (
            requested == "emergency_screen"
            and bool(PERSON_FINE.search(t) or says_all_clear(t) or ONLY_THE_TWITCH.search(t))
        )
        final = FINAL_PLAIN.search(t)
        if unsure and final:  # "I don't think so. Maybe. No.": the last word decides
            return NO if final.group(1) in ("no", "nope", "nah") else YES
        if requested == "worsening_weakness":
            if litotes_yes:
                return YES  # "it isn't not getting worse"
            better, worse = list(NOT_WORSE.finditer(t)), list(WORSE_THAN_BEFORE.finditer(t))
            doubts = [m.group(0) for m in UNSURE_WORDS.finditer(t)]
            both_said = better and re.search(r"(?<!no )(?<!not )\b(worse|weaker)\b", t)
            if doubts and ("maybe" not in doubts or (both_said and set(doubts) - {"maybe"})):
                # "hard to say, some days are better than others", "kinda the same, maybe slightly worse, idk"
                return UNKNOWN
            if not (better or worse or yes or no) and re.search(
                r"\b(worse|weaker|better|stronger) (in|at|by|towards?) (the )?(evening|night|morning|end of the day)s?\b",
                t,
            ):
                # "kinda? it's worse in the evenings but better in the mornings": how it goes through a
                # day, not from one day to the next
                return UNKNOWN
            if better and worse:  # "not day to day, but compared to a month ago worse": the last one said
                return YES if worse[-1].start() >= better[-1].end() else NO
            if better:
                return NO
            if worse:
                return YES
        if unsure and not (yes and not re.search(r"\bmaybe\b", t)):
            return UNKNOWN
        if no:
            return NO
        if yes or (requested in DESCRIBED_YES and DESCRIBED_YES[requested].search(t)):
            return YES
        return None
    if requested == "triggers":
        # A "?" after a plain no only hedges it: "none of those I think? fairly boring life".
        if unsure or QUESTION_START.search(t) or ("?" in t and not no):
            return [UNKNOWN]
        # A trigger outside the list ("lifting boxes") is still an answer: keep it as "other".
        return [NONE_MARKER] if no else [OTHER_TRIGGER]
    if requested == "body_parts" and unsure:
        return [UNKNOWN]
    if requested == "duration_days" and unsure:
        return UNKNOWN_DURATION
    if requested == "frequency" and unsure:
        return UNKNOWN
    if requested == "age_group":
        # what voice typing makes of "adult" and "a child"
        if ADULT_SELF.search(t) or re.fullmatch(r"\W*(a dull|a dolt)\W*", t):
            return "adult"
        if re.fullmatch(r"\W*a chilled\W*", t):
            return "child"
        if unsure:
            return UNKNOWN  # the policy reads it cautiously (a week or more counts as for a child)
    return None


# What a simulated person says to a question their script does not answer (the vignette tests
# and the benchmark): nothing is wrong and nothing else applies.
PLAIN_ANSWERS = {
    "emergency_screen": "none of these",
    "symptoms": "none of these",
    "worsening_weakness": "no",
    "triggers": "none of those",
    "age_group": "adult",
}
