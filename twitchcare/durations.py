"""Turn lay descriptions of how long something has lasted into days.

"3 days" -> 3, "since Monday" -> days since last Monday, "a couple of weeks" -> 14,
"over a month" -> 31, "two months" -> 60, "this morning" -> 0.5. Returns None when the
text holds no duration.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Optional

from twitchcare.text import word_alternation

# Numbers in words ("three weeks", "she's seventy"); the intake's age parser reads them too.
CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Quantities before a unit of time: the cardinals and everyday words for amounts.
NUMBER_WORDS = {
    **CARDINALS, "a": 1, "an": 1, "couple": 2, "a couple": 2, "a couple of": 2, "few": 3, "a few": 3,
    "several": 4, "half a": 0.5, "a half": 0.5, "half": 0.5,
}  # fmt: skip
UNIT_DAYS = {
    "minute": 1 / 1440,
    "hour": 1 / 24,
    "day": 1,
    "night": 1,
    "week": 7,
    "fortnight": 14,
    "month": 30,
    "year": 365,
}
# Abbreviations people type: "3 wks", "2 mths", "6 hrs".
UNIT_ALIASES = {
    "min": "minute",
    "mins": "minute",
    "hr": "hour",
    "hrs": "hour",
    "wk": "week",
    "wks": "week",
    "mo": "month",
    "mos": "month",
    "mth": "month",
    "mths": "month",
    "yr": "year",
    "yrs": "year",
    "fortnite": "fortnight",
    "weekend": "week",  # "2 weekends ago"
}
# Numbers spelt as they sound, only right before a unit: "to weeks", "free days".
SOUNDS_LIKE = [
    (re.compile(r"\b(to|too)\s+(?=(days|nights|weeks|months|years)\b)"), "two "),
    (re.compile(r"\b(free|tree)\s+(?=(days|nights|weeks|months|years)\b)"), "three "),
    (re.compile(r"\bcup of\s+(?=(days|weeks|months|years)\b)"), "couple of "),  # dictation
    # Texting spellings of the days: "since last nite", "since yday".
    (re.compile(r"\bmornin\b"), "morning"),
    # "abowt a weak": a week, where a count comes before and nothing follows that a weak arm would
    (
        re.compile(r"\b(a|one|two|three|four|few|couple of|\d+) weak(?=s?\s*(ago|or so|now|maybe|ish|$|[,.!?]))"),
        r"\1 week",
    ),
    (re.compile(r"\btonite\b"), "tonight"),
    # a smartwatch's clipped words: "tdy", "2 dys", "this morn", "fortnite", "2ish yrs"
    (re.compile(r"\btdy\b"), "today"),
    (re.compile(r"\b(\d{1,3}) ?dys\b"), r"\1 days"),
    (re.compile(r"\bthis morn\b"), "this morning"),
    (re.compile(r"\bfortnite\b"), "fortnight"),
    (re.compile(r"\b(\d{1,3})ish (?=(mins?|hrs?|days?|dys|wks?|weeks?|mths?|months?|yrs?|years?)\b)"), r"\1 "),
    (re.compile(r"\bnite\b"), "night"),
    (re.compile(r"\b(yday|yesterdy|ystrdy|yesturday|yestarday)\b"), "yesterday"),
    # A single-letter unit right after digits: "4d", "2w" (never after a word: "and" is no "a day").
    (re.compile(r"\b(\d{1,3}) ?d\b"), r"\1 days"),
    (re.compile(r"\b(\d{1,3}) ?w\b"), r"\1 weeks"),
    (re.compile(r"\b(\d{1,3}) ?h\b"), r"\1 hours"),  # "48h"
    (re.compile(r"\bweek end\b"), "weekend"),
    (re.compile(r"\b(minute|hour|day|week|month|year)z\b"), r"\1s"),  # "4 dayz"
    (re.compile(r"\ba bit of (yesterday|last night)\b"), r"\1"),  # "today and a bit of yesterday"
    (re.compile(r"\s*&\s*"), " and "),  # "week & a half"
    # "three-ish days", "3ish weeks": the hedge dropped from the count
    (
        re.compile(
            r"\b(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|couple)[- ]?ish\s+"
            r"(?=(minutes|hours|days|nights|weeks|months|years)\b)"
        ),
        r"\1 ",
    ),
]
# Romanised Hindi, Spanish and Tagalog time words that people mix into English ("3 din se",
# "dos semanas", "kal se", "desde ayer", "kahapon lang po"), read as the English words before
# anything else. Numbers and units are translated only as a pair, so the English "do" or "mes" is
# never touched.
_MIXED_NUMBERS = {
    "ek": "one", "do": "two", "teen": "three", "char": "four", "chaar": "four", "paanch": "five",
    "panch": "five", "chhe": "six", "saat": "seven", "aath": "eight", "nau": "nine", "das": "ten",
    "un": "one", "uno": "one", "una": "one", "dos": "two", "tres": "three", "cuatro": "four",
    "cinco": "five", "seis": "six", "siete": "seven", "ocho": "eight", "nueve": "nine", "diez": "ten",
    "quince": "fifteen", "veinte": "twenty",
}  # fmt: skip
_MIXED_UNITS = {
    "din": "days", "dino": "days", "dinon": "days", "dia": "day", "dias": "days", "día": "day",
    "días": "days", "hafta": "week", "hafte": "weeks", "hafton": "weeks", "semana": "week",
    "semanas": "weeks", "mahina": "month", "mahine": "months", "mahino": "months", "mahinon": "months",
    "mes": "month", "meses": "months", "saal": "years", "año": "year", "años": "years", "anos": "years",
    "ghanta": "hour", "ghante": "hours", "hora": "hour", "horas": "hours",
}  # fmt: skip
_MIXED_PAIR = re.compile(
    r"\b(\d+(?:\.\d+)?|a|one|two|three|four|five|six|seven|eight|nine|ten|few|couple|"
    + "|".join(_MIXED_NUMBERS)
    + r")\s+("
    + "|".join(sorted(_MIXED_UNITS, key=len, reverse=True))
    + r")(?!\w)"
)
MIXED_LANGUAGE = [
    (re.compile(r"\b(pichle|pichhle|pichla|pichli) (hafte|hafta)\b|\bla semana pasada\b"), "last week"),
    (re.compile(r"\b(pichle|pichhle|pichla|pichli) (mahine|mahina)\b|\bel mes pasado\b"), "last month"),
    (re.compile(r"\b(pichle|pichhle|pichla|pichli) saal\b|\bel (año|ano) pasado\b"), "last year"),
    (re.compile(r"\b(kal raat|anoche)\b"), "last night"),
    (re.compile(r"\b(parso|parson|antier|anteayer)\b"), "day before yesterday"),
    (re.compile(r"\b(kal|ayer|kahapon)\b"), "yesterday"),
    (re.compile(r"\barvo\b"), "afternoon"),  # Australian English
    (re.compile(r"\b(aaj|aj subah|aaj subah|hoy|esta mañana|esta manana|kaninang umaga|ngayong araw)\b"), "today"),
    (re.compile(r"\b(desde hace|hace)\s+(?=\S+\s+\S)"), ""),
    (re.compile(r"\bdesde\b"), "since"),
]


def _in_english(t: str) -> str:
    """`t` (lowercase) with the mixed-in Hindi and Spanish time words put in English."""
    t = _MIXED_PAIR.sub(lambda m: f"{_MIXED_NUMBERS.get(m.group(1), m.group(1))} {_MIXED_UNITS[m.group(2)]}", t)
    for pattern, english in MIXED_LANGUAGE:
        t = pattern.sub(english, t)
    return t


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PEOPLE = {
    "son",
    "daughter",
    "boy",
    "girl",
    "child",
    "kid",
    "baby",
    "he",
    "she",
    "he's",
    "she's",
    "i'm",
    "im",
    "is",
    "am",
    "aged",
    "age",
    "mother",
    "father",
    "mum",
    "dad",
    "mom",
    "husband",
    "wife",
    "grandma",
    "grandpa",
    "nan",
    "granny",
    "grandad",
    "grandfather",
    "grandmother",
    "brother",
    "sister",
    "patient",
}
# "over a month" is more than the unit itself: lean to the longer side, as doctors would.
MORE_THAN = re.compile(r"\b(over|more than|longer than|at least|(?<!the )past|beyond)\s*$")
# "nearly a week" is under a week: 6 days, not 7.
UNDER = re.compile(r"\b(nearly|almost|not quite|just under|under|less than|barely|short of)\s*$")

_NUM = r"(\d+(?:\.\d+)?|" + "|".join(sorted((re.escape(w) for w in NUMBER_WORDS), key=len, reverse=True)) + r")"
_UNIT = r"(minute|hour|day|night|weekend|week|fortnight|fortnite|month|year|mins?|hrs?|wks?|mos?|mths?|yrs?)s?"
QUANTITY = re.compile(rf"\b{_NUM}\s*(?:of\s+)?{_UNIT}\b")
# "Two weeks. Well, 15 days": a "well," after a first figure's sentence corrects it too.
CORRECTION = re.compile(r"\b(actually|wait|sorry|i mean|i meant|more like|correction|rather|no,)|[.;!]\s*well,")
ONSET_CUE = re.compile(
    r"\b(since|started|starting|began|begun|ago|been|for|lasted|from|on and off|woke|noticed|(1st|first) (day|time)|(the )?(last|past) day|most of)\b"
)
HALVES = re.compile(rf"\b{_NUM} and a half {_UNIT}\b")
# A unit alone as the whole answer is one of it: "fortnight-ish", "about a month or so".
BARE_UNIT = re.compile(
    r"^\W*(about |around |like |maybe |roughly )?(fortnight|week|month|year)\W*(ish|or so|now|already)?\W*$"
)
# A unit in the plural opening the answer is a few of it: "months", "weeks now", "days, maybe 3"
# (as many days as "for weeks" and "for months" below).
BARE_PLURAL = re.compile(r"^\W*(a good few |many )?(day|week|month|year)s\b(?!\s+(ago|back)\b)")
A_FEW = {"day": 3, "week": 14, "month": 60, "year": 730}
# Words that only hedge a short answer ("yesterday evening I believe" is still three words).
# (and "out of nowhere": "YESTERDAY!!! out of nowhere" is still one word of time)
HEDGES = re.compile(
    r"\b(i (believe|think|reckon|guess|suppose)|probably|maybe|roughly|or so|out of (nowhere|the blue)|all of a sudden|suddenly)\b"
)
FIXED = [
    (
        re.compile(
            r"\b(just now|today|todays|this morning|this a\.?m\b|this afternoon|this evening|tonight|few hours|a couple of hours|"
            r"since (i|we|he|she) (woke|got) up|since (breakfast|brekfast|lunch|dinner|tea)(time)?)\b"
        ),
        0.5,
    ),
    (re.compile(r"\b(day before yesterday)\b"), 2),
    (re.compile(r"\b(yesterday|last night|since last night|(the )?(last|past) day (or so|or two))\b"), 1),
    (re.compile(r"\b(this week|earlier (in )?the week)\b"), 3),
    (re.compile(r"\bmost of (this|the|last) year\b"), 180),
    (re.compile(r"\bweek before last\b"), 14),
    (re.compile(r"\blast week\b|^\W*(a |one |about a )?wk\W*$"), 7),
    (re.compile(r"\blast month\b"), 30),
    (re.compile(r"\blast year\b"), 365),
    (re.compile(r"\bfor (hours)\b"), 0.5),
    (re.compile(r"\b(for|past|last) days\b"), 3),
    (re.compile(r"\b(for|past|last) weeks\b"), 14),
    (re.compile(r"\b(for|past|last) months\b"), 60),
    (re.compile(r"\b(for|past|last) years\b"), 365),
    (re.compile(r"\b(ages|forever|a long time|for ever)\b"), 60),
]


MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)  # fmt: skip
# "may" is a month only after "since" and never as "since may be" ("since may 3rd" is read as May).
TODAY_IS = re.compile(r"\b(?:today'?s|today is|it'?s|its|now'?s|now is) (?:a )?(" + "|".join(WEEKDAYS) + r")\b")
SEASONS = {"spring": (3, 1), "summer": (6, 1), "autumn": (9, 1), "fall": (9, 1), "winter": (12, 1)}
DAYS_OF_YEAR = {
    **SEASONS, "christmas": (12, 25), "xmas": (12, 25), "new year": (1, 1), "new year's": (1, 1),
    "new years": (1, 1), "halloween": (10, 31), "bonfire night": (11, 5), "valentine's": (2, 14),
    "valentines": (2, 14), "christmas eve": (12, 24), "boxing day": (12, 26), "new year's eve": (12, 31),
    "new years eve": (12, 31), "hogmanay": (12, 31), "guy fawkes": (11, 5), "st andrew's day": (11, 30),
    "st andrews day": (11, 30), "remembrance day": (11, 11), "armistice day": (11, 11), "veterans day": (11, 11),
    "st patrick's day": (3, 17), "st patricks day": (3, 17), "paddy's day": (3, 17), "burns night": (1, 25),
    "st george's day": (4, 23), "st david's day": (3, 1), "australia day": (1, 26), "anzac day": (4, 25),
    "canada day": (7, 1), "independence day": (7, 4), "fourth of july": (7, 4), "4th of july": (7, 4),
}  # fmt: skip
# Days whose date moves: (month, weekday, which one, -1 the last; days after it), or days from
# Easter Sunday.
MOVING_DAYS = {
    "thanksgiving": (11, 3, 4, 0), "black friday": (11, 3, 4, 1), "melbourne cup": (11, 1, 1, 0),
    "labor day": (9, 0, 1, 0), "labour day": (9, 0, 1, 0), "memorial day": (5, 0, -1, 0),
}  # fmt: skip
EASTER_DAYS = {"easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1}
_HOLIDAYS = "|".join(sorted((re.escape(k) for k in (*DAYS_OF_YEAR, *MOVING_DAYS, *EASTER_DAYS)), key=len, reverse=True))
# "since Christmas", "from Melbourne Cup day on", "started at Halloween": a day of the year
# ("day" or "night" after its name adds nothing: "Bonfire night", "Melbourne Cup day").
SINCE_DAY_OF_YEAR = re.compile(
    r"\b(?:since|from|started(?: on| at| around)?|began(?: on| at)?|round about|around) (last |the )?("
    + _HOLIDAYS
    + r")\b"
)
# An answer that opens with the day it began: "Sunday", "Saturday just gone", "Tuesday morning, woke
# up with it", "Halloween night it started", "start of November". Read as "since ...".
OPENS_WITH_ONSET = re.compile(
    r"^\W*(?:(?:on|the) )?(?=(?:last )?(?:"
    + "|".join(WEEKDAYS)
    + r"|"
    + _HOLIDAYS
    + r"|(?:the )?(?:start|beginn?ing|middle|mid|end) of (?:"
    + "|".join(MONTHS)
    + r"))\b)"
)


def _easter(year: int) -> date:
    """Easter Sunday of `year` (the Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    return date(year, month, (h + weekday_shift - 7 * m + 33 * month + 19) % 32)


def _holiday(name: str, year: int) -> date:
    if name in EASTER_DAYS:
        return _easter(year) + timedelta(days=EASTER_DAYS[name])
    if name in MOVING_DAYS:
        month, weekday, nth, after = MOVING_DAYS[name]
        if nth < 0:
            last = (date(year, month + 1, 1) if month < 12 else date(year + 1, 1, 1)) - timedelta(days=1)
            found = last - timedelta(days=(last.weekday() - weekday) % 7)
        else:
            first = date(year, month, 1)
            found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return found + timedelta(days=after)
    month, day = DAYS_OF_YEAR[name]
    return date(year, month, day)


MONTH_ONSET = re.compile(
    r"\bsince (the (start|beginn?ing|middle|mid|end) of )?(" + "|".join(MONTHS) + r")\b(?! (be|have|not|well)\b)"
)


# Clinical shorthand for a length of time: "x3/7" three days, "2/52" two weeks, "6/12" six months
# (nurses' notes); never after "since", "from" or "on", where "1/12" is a date.
CLINICAL = re.compile(r"(?<![\d/])(?<!since )(?<!from )(?<!on )(?:\bx\s*)?(\d{1,2})\s*/\s*(7|52|12)\b(?!\s*/\s*\d)")
CLINICAL_UNITS = {"7": "days", "52": "weeks", "12": "months"}
# "since 14/11", "since 28/11/2026": a date, day first (month first when the second figure is over 12).
SINCE_DATE = re.compile(
    r"\b(?:since|from|started(?: on)?|began(?: on)?) (?:the )?(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b"
)
# "since the 1st of this month", "since the 20th": a day of this month (or the last one).
SINCE_DAY_OF_MONTH = re.compile(
    # ("from 29th", "since 29th": without "the", an a100 tuning answer)
    r"\b(?:since|from) (?:the )?(\d{1,2})(?:st|nd|rd|th)\b(?! of (?!this month|the month)\w)(?! (floor|place|time|century|birthday)\b)|"
    # "from the first of the month", "since the start of this month": the 1st
    r"\b(?:since|from|started|began)(?: about| around)? the (?:first|start|beginn?ing)() of (?:the|this) month\b"
)
DAY_OF_LAST_MONTH = re.compile(r"\bthe (\d{1,2})(?:st|nd|rd|th)? of (?:the )?last month\b")
# "from Monday", "from 1 November", "from last week Tuesday": "from" a point in time is "since"
# (the way people whose first language has one word for both say it); "from 3 days" is left to
# the quantities. So is "started" or "around" a point: "started around the 20th of November",
# "began Monday", "from about 1 Nov".
FROM_A_POINT = re.compile(
    # ("my ECG from October", "the results from Monday": a record's date, not an onset)
    r"(?<!ecg )(?<!ekg )(?<!results )(?<!result )(?<!bloods )(?<!tests )(?<!test )(?<!scan )(?<!scans )(?<!x-ray )"
    r"(?<!xray )(?<!mri )(?<!letter )(?<!appointment )(?<!appt )(?<!prescription )(?<!report )(?<!notes )(?<!email )"
    r"(?<!referral )(?<!photos )(?<!photo )(?<!bill )"
    r"\b(?:(?:from|started|began|begun)(?: on| at| around| about| roughly)?|round about|around) (?=(?:last |the |this )?(?:"
    + "|".join(WEEKDAYS + list(MONTHS))
    + r"|"
    r"(?:the )?\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:" + "|".join(MONTHS) + r"))\b)"
)
# "last week, I think on Tuesday": a weekday of last week.
WEEKDAY_OF_LAST_WEEK = re.compile(r"\blast week\b[^.?!]{0,40}?\bon (" + "|".join(WEEKDAYS) + r")\b")
# ...and "since wednesday of last week"
WEEKDAY_OF_LAST_WEEK_AFTER = re.compile(r"\b(" + "|".join(WEEKDAYS) + r") of last week\b")
# Abbreviated days and months after "since": "since tues", "since start of nov", "from wed 25th".
# AFTER_SINCE only spells the word out, first, so that every later step (FROM_A_POINT turning
# "from" into "since", the date readers) lists full names only.
SHORT_DAYS = {
    **{day[:3]: day for day in WEEKDAYS},
    **{"tues": "tuesday", "weds": "wednesday", "thur": "thursday", "thurs": "thursday"},
}
SHORT_MONTHS = {**{month[:3]: month for month in MONTHS if month != "may"}, "sept": "september"}
# The months' names and their abbreviations, longest first (the intake's age reader uses them too).
MONTH_NAMES = "|".join(sorted((*MONTHS, *SHORT_MONTHS), key=len, reverse=True))
# "since Wed 25th", "from Monday the 30th", "since tues 1 dec": the date decides; the weekday only
# names it (an a103 tuning answer).
WEEKDAY_BEFORE_DATE = re.compile(
    r"\b(?:"
    + "|".join(WEEKDAYS)
    + r") (?=(?:the )?\d{1,2}(?:st|nd|rd|th)\b|\d{1,2} (?:of )?(?:"
    + MONTH_NAMES
    + r")\b)"
)
# "since 1 November", "since the 3rd of Nov", "since november 1st": a date with the month's name.
SINCE_DAY_AND_MONTH = re.compile(
    rf"\bsince (?:[a-z']+ ){{0,5}}?(?:the )?(?:(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({MONTH_NAMES})|({MONTH_NAMES}) (?:the )?(\d{{1,2}})(?:st|nd|rd|th)?)\b"
)
AFTER_SINCE = re.compile(
    r"\b(since|from|started(?: on)?|began(?: on)?|start of|end of|middle of|beginn?ing of) (last )?("
    + "|".join(sorted({**SHORT_DAYS, **SHORT_MONTHS}, key=len, reverse=True))
    + r")\b"
)

# "since mid Oct", "from late November", "approx early Oct onwards": the middle, start or end of a month.
PART_OF_MONTH = re.compile(
    r"\b(?:(since|from|started|began)(?: about| around| approx\w*| roughly)? |^\W*(?:approx\w* |about |around )?)"
    r"(mid|early|late) (?=(" + word_alternation({*MONTHS, *SHORT_MONTHS}) + r")\b)"
)
PART_NAMES = {"mid": "middle", "early": "start", "late": "end"}
# "since 2019", "started in 2021": from the start of that year (the longer reading, as a range's).
YEAR_ONSET = re.compile(
    r"\b(?:since|from|started in|began in|started back in|since about|since around) (19[5-9]\d|20\d\d)\b(?! ?(hours|hrs|h)\b)"
)


def _date_from(day: int, month: int, year: Optional[int], today: date) -> Optional[date]:
    if month > 12 and day <= 12:
        day, month = month, day
    if year is not None and year < 100:
        year += 2000
    try:
        began = date(year or today.year, month, day)
    except ValueError:
        return None
    if year is None and began > today:
        began = date(today.year - 1, month, day)
    return began


PREGNANCY = re.compile(r"\b(pregnan\w*|gestation\w*|expecting)\b")
AFTER_A_BIRTH = re.compile(
    r"\W*(postpartum|post[- ]partum|postnatal|post[- ]natal|pp\b|old\b|after (the |my |our |her )?"
    r"(birth|baby|son|daughter|twins|delivery|c[- ]?section|having (him|her|my|the|a|our|them)|giving birth|he was born|she was born))"
)


# How many things are counted in a rate ("20k steps a night", "three cups a day").
COUNTED = re.compile(r"\d[\d.,]*k?|few|several|couple|dozens?|hundreds?|thousands?|" + "|".join(CARDINALS))


def _not_a_duration(t: str, m: re.Match[str]) -> bool:
    """'3 times a day' is a frequency, '7 years old' an age, 'not 3 days' a correction."""
    before, after = t[: m.start()].split()[-2:], t[m.end() :].split()[:1]
    unit = _unit(m.group(2))
    # "my son 11 years", "mother 60 years": years or months right after a person are an age.
    age = unit in ("year", "month") and bool(set(w.strip("(),.") for w in before[-1:]) & PEOPLE)
    # "gestational diabetes (28 wks)", "pregnant, 30 weeks": how far along, not how long.
    along = unit == "week" and bool(PREGNANCY.search(t[max(0, m.start() - 60) : m.start()]))
    # ("found out I was pregnant, about 7 weeks ago": the time since, not how far along)
    along = (
        along and not set(before[-1:]) & {"for", "since", "past", "last"} and not (after and after[0].startswith("ago"))
    )
    # "I'm 26 weeks and trying to stay active", "35 weeks here": a pregnancy's weeks said alone.
    along = (
        along
        or (
            unit == "week"
            and 4 <= _count(m.group(1)) <= 42
            and bool(set(w.strip(",.") for w in before[-1:]) & {"i'm", "im", "am", "she's", "shes", "we're", "at"})
            and not (after and after[0].strip(",.") in {"into", "in", "of", "since", "now", "ago", "already", "off"})
        )
        or bool(re.match(r"\s*(here|along|gone|pregnant)\b", t[m.end() :]) and unit == "week")
    )
    # "5 months after my son", "6 weeks postpartum": the time since a birth, not the twitch's.
    # ("since 6 months, after my baby was born": how long, and when it began)
    since_birth = bool(AFTER_A_BIRTH.match(t[m.end() :])) and not (
        set(w.strip(",.") for w in before[-1:]) & {"since", "for"} and t[m.end() :].lstrip().startswith(",")
    )
    # "after a weekend glued to his switch": one weekend is a time of the week, not a week long
    # (counted weekends, "2 weekends ago", still are).
    weekend_said = m.group(2).startswith("weekend") and m.group(1) in ("a", "one", "the")
    # "20k steps a night", "3 cups a day", "40 hours a week": a rate of counted things, not how long
    # (a q107 tuning question).
    rate = (
        m.group(1) in ("a", "an")
        and len(before) == 2
        and before[1].endswith("s")
        and bool(COUNTED.fullmatch(before[0]))
        and not (after and after[0].startswith("ago"))
    )
    return bool(
        weekend_said
        or rate
        or set(before) & {"times", "time", "per", "every", "each", "twice", "once", "not"}
        or age
        or along
        or since_birth
        or (after and (after[0].startswith("old") or after[0].startswith("pregnant")))
        # "12 hour shifts", "a 2 hour drive": how long a shift or a trip lasts, not the twitch; "2 hrs
        # from the nearest GP", "3 hours away", "8 hours on foot": a distance or a day's work
        or (
            unit in ("hour", "minute")
            and bool(after)
            and after[0].startswith(
                ("shift", "day", "night", "drive", "flight", "journey", "commute", "run", "walk", "from", "away")
            )
        )
        or (
            unit in ("hour", "minute")
            and bool(re.match(r"\s*(on foot|by (car|road|boat|ferry|train|bus))\b", t[m.end() :]))
        )
        # "since wednesday, a day before my exams started": when it began, counted from an event
        or (
            bool(after)
            and after[0].strip(",.") in ("before", "after")
            and not set(w.strip(",.") for w in before[-1:])
            & {"for", "since", "past", "last", "over", "about", "around"}
            and bool(re.search(r"\b(since|started|began|start)\b", t[: m.start()]))
        )
    )


def _unit(word: str) -> str:
    return UNIT_ALIASES.get(word, word)


def _count(raw: str) -> float:
    return float(raw) if raw.replace(".", "", 1).isdigit() else float(NUMBER_WORDS[raw])


DAY_TO_DAY = re.compile(
    r"\b(?:since|from|started on|began on|on)\b[^.?!]{0,40}?\bthe (\d{1,2})(?:st|nd|rd|th)\b.{0,60}?"
    r"\btoday(?:'s| is)(?: the)? (\d{1,2})(?:st|nd|rd|th)\b"
)


# "since she was born, she's 10 days old", "she's 2 months old and it's been the whole time":
# for a baby who has twitched since birth, the duration is the baby's age.
_NEWBORN = r"(the baby|(my|our|the) (son|daughter|baby|grandson|granddaughter|kid|child|twins|little one))"
SINCE_BIRTH = re.compile(
    rf"\b(since (she|he|they|i|{_NEWBORN}) (was|were) born|"
    # "since the baby arrived, he's 8 weeks old now" (an a104 tuning answer)
    rf"since {_NEWBORN} (arrived|came along)|"
    r"since birth|from birth|the whole time|all (her|his) life)\b"
)
SINCE_AN_AGE = re.compile(
    r"\bsince (?:i was (?:about |around |maybe )?(?:(\d{1,2})\b(?:[^.?!]{0,30}?\bi'?m (?:now )?(\d{1,3})\b)?"
    r"|a (?:kid|child|little kid|teen|teenager|young lad|young girl|boy|girl)\b|at school\b)|my teens\b|childhood\b)"
)
AGE_OLD = re.compile(rf"\b{_NUM}\s*{_UNIT}\s+old\b")
# "since my son was born, he is 8 months now": beside SINCE_BIRTH, an age said without "old".
AGE_NOW = re.compile(rf"\b(?:he|she|they|baby)(?:'s| is| are)\s+(?:now\s+)?{_NUM}\s*{_UNIT}\s+now\b")
# "he's 5 weeks old and it started when he was 2 weeks": the age it began at, said after the age now.
STARTED_AT_AN_AGE = re.compile(
    r"\b(?:started|began|begun|came on|first (?:noticed|saw) it) (?:when|at) (?:he|she|i|they|it|the baby|baby) "
    rf"(?:was|were)\s+(?:about |around |only |just )?{_NUM}\s*{_UNIT}\b"
)
# "could be a fortnight, could be longer": the figure is a floor.
OR_LONGER = re.compile(
    r"^\W*(,\s*)?(or|could be|maybe|possibly|probably|if not|might be|perhaps)\s+(even\s+)?(longer|more)\b"
)


# "about 2 weeks, no wait more like 3": the corrected figure is said without its unit.
BARE_FIGURE = re.compile(
    r"[\s,]*(?:(?:no|wait|more like|maybe|about|like|closer to|probably|prob)[\s,]+)*(\d{1,3}|"
    + "|".join(w for w, n in CARDINALS.items() if n <= 12)
    + rf")\b(?!\s*(?:of\s+)?{_UNIT}|\s*(times|time|x|am|pm|o'?clock|%|years? old|yo)\b|\.\d)"
)


def _unit_for_corrected_figure(t: str) -> str:
    """`t` with the unit of the last duration before a correction added to a bare figure after it:
    "2 weeks, no wait more like 3" -> "... more like 3 weeks"."""
    c = CORRECTION.search(t)
    said = list(QUANTITY.finditer(t[: c.start()])) if c else []
    m = BARE_FIGURE.match(t, c.end()) if c and said else None
    if m is None:
        return t
    return f"{t[: m.end()]} {_unit(said[-1].group(2))}s{t[m.end() :]}"


RANGE_JOIN = re.compile(r"\s*(and|to|or|-|till|until)\s*(maybe |perhaps |up to |about |around )?")


def _days(m: re.Match[str]) -> float:
    return _count(m.group(1)) * UNIT_DAYS[_unit(m.group(2))]


# A day said the short ways people say it: "sat", "last thurs", "nov 1st", "1st nov", "the 20th".
_A_DAY = (
    r"(?:last |this (?:past )?)?(?:"
    # (in one fixed order, so the pattern is the same in every process: it keys the readers'
    # spelling cache, twitchcare.intake.reader_corrector)
    + word_alternation({*WEEKDAYS, *SHORT_DAYS})
    + r")|(?:the )?\d{1,2}(?:st|nd|rd|th)?(?: of)? (?:"
    + MONTH_NAMES
    + r")|(?:"
    + MONTH_NAMES
    + r") (?:the )?\d{1,2}(?:st|nd|rd|th)?|the \d{1,2}(?:st|nd|rd|th)"
)
# An answer that is only the day it began. Read as "since ...".
ONLY_A_DAY = re.compile(r"^\W*(?:on |from )?(" + _A_DAY + r")\W*(?:ish\W*)?$")
# Other words for "started" ("it kicked off at lunch", "came on last Tuesday", "cropped up on
# Friday") read as "started", so the readers of a starting point below hear them.
ONSET_VERB = re.compile(
    r"\b(?:(?:kicked|kicks) (?:off|in)|(?:came|come|comes) on(?= (?:on|at|around|about|last|this|yesterday|today|"
    + "|".join(WEEKDAYS)
    + r")\b)|"
    r"set in|(?:showed|popped|cropped|turned|flared) up|appeared|got going)\b"
)


def parse_days(text: str, today: Optional[date] = None) -> Optional[float]:
    """Days the person says something has lasted, or None if no duration is stated."""
    if not text:
        return None
    t = _in_english(" ".join(text.lower().replace("-", " ").split()))
    for pattern, number in SOUNDS_LIKE:
        t = pattern.sub(number, t)
    today = today or date.today()
    # "5+ yrs" is over five years; "x1 wk" (as in notes) is one week
    t = re.sub(r"\b(\d+) ?\+ ?(?=[a-z])", r"over \1 ", t)
    t = re.sub(
        r"\bx ?(\d+) ?(?=(mins?|minutes?|hours?|hrs?|days?|wks?|weeks?|mos?|months?|mths?|yrs?|years?)\b)", r"\1 ", t
    )
    # "5 or so weeks" is about 5 weeks
    t = re.sub(r"\b(\w+) or so (?=(days?|weeks?|months?|years?)\b)", r"\1 ", t)
    # "week and a half" is "a week and a half"
    t = re.sub(
        r"(?<!\ba )(?<!\ban )(?<!\bone )(?<!\d )\b(week|month|year|fortnight|day) and (a )?half\b",
        r"a \1 and a half",
        t,
    )

    # "it'll be a week tomorrow" is a day short of a week.
    t = re.sub(
        r"\b(?:it'?ll|it will|that'?ll|will) be (a|one|two|three|four|\d+) (week|fortnight|month)s? tomorrow\b",
        lambda m: f"{round(_count(m.group(1)) * UNIT_DAYS[m.group(2)]) - 1} days",
        t,
    )
    # "a good week" is a week and more.
    t = re.sub(r"\ba good (week|fortnight|month|year)\b", r"over a \1", t)
    # "since about the 10th", "since around Tuesday": a hedged starting point is still one.
    t = re.sub(
        r"\b(since|from) (about|around|roughly|approximately|maybe|probably|like) (?=the |last |this |\d|[a-z]+day\b)",
        r"\1 ",
        t,
    )
    # "a week or 3" is a range: its longer end, as "2-3 weeks"
    t = re.sub(r"\b(?:a|an|one) (day|week|month|year) or (2|3|4|5|two|three|four|five)\b(?! \w+s\b)", r"\2 \1s", t)
    # "half the year" is half a year; "months and months" is several months.
    t = re.sub(r"\bhalf (?:of )?(?:the|a) (week|month|year)\b", r"half a \1", t)
    t = re.sub(r"\b(day|week|month|year)s and \1s\b", r"several \1s", t)

    # "since I was about 15 and I'm 32 now": the years between the two ages; "since I was a kid":
    # years, however many.
    m = SINCE_AN_AGE.search(t)
    if m:
        if m.group(1) is None:
            return float(UNIT_DAYS["year"] * 5)
        if m.group(2) and int(m.group(2)) > int(m.group(1)):
            return float(UNIT_DAYS["year"] * (int(m.group(2)) - int(m.group(1))))
    m = AGE_OLD.search(t)
    since_birth = SINCE_BIRTH.search(t)
    age_now = m or (AGE_NOW.search(t) if since_birth else None)
    if age_now and since_birth:
        return round(_days(age_now), 2)
    onset_age = STARTED_AT_AN_AGE.search(t, m.end()) if m else None
    if m and onset_age and _days(m) > _days(onset_age):
        return round(_days(m) - _days(onset_age), 2)

    # "the 20th of last month" is that day of the month before this one.
    previous_month = MONTHS[(today.replace(day=1) - timedelta(days=1)).month - 1]
    t = DAY_OF_LAST_MONTH.sub(rf"the \1 of {previous_month}", t)
    t = CLINICAL.sub(lambda m: f"{m.group(1)} {CLINICAL_UNITS[m.group(2)]}", t)
    t = ONLY_A_DAY.sub(r"since \1", t)
    t = PART_OF_MONTH.sub(lambda m: f"since the {PART_NAMES[m.group(2)]} of ", t)
    t = AFTER_SINCE.sub(
        lambda m: f"{m.group(1)} {m.group(2) or ''}{SHORT_DAYS.get(m.group(3)) or SHORT_MONTHS[m.group(3)]}", t
    )
    # "it started again on Saturday", "it came back on Monday": this episode's start
    t = re.sub(
        r"\b(started|began|begun)( up)? again\b|\b(?<=it |ey )came back(?= (on|last|this|yesterday|today)\b)",
        "started",
        t,
    )
    t = ONSET_VERB.sub("started", t)
    t = OPENS_WITH_ONSET.sub("since ", t, count=1)
    t = re.sub(r"\bsince (?:the )?(start|beginn?ing|middle|mid|end) of\b", r"since the \1 of", t)
    t = FROM_A_POINT.sub("since ", t)
    t = WEEKDAY_OF_LAST_WEEK.sub(r"since \1 last week", t)
    t = WEEKDAY_OF_LAST_WEEK_AFTER.sub(r"\1 last week", t)
    # "from some hours", "since some days": a few of them.
    t = re.sub(r"\b(for|from|since|already|only|just) some (?=(hours|days|weeks|months|years)\b)", r"for a few ", t)

    t = WEEKDAY_BEFORE_DATE.sub("", t)
    t = _unit_for_corrected_figure(t)
    found = [m for m in QUANTITY.finditer(t) if not _not_a_duration(t, m)]
    m = re.search(
        r"\b(?:(?:since|started(?: on)?|began(?: on)?|start(?:ed)? on) |(?:over|after) (?=(?:a |the |this )?weekend))"
        # ("since the Sunday before last")
        r"(last |(?:a |the |this )(?=weekend)|the (?=\w+ before last))?"
        r"(" + "|".join(WEEKDAYS) + r"|the weekend|weekend)( before last| last week)?\b",
        t,
    )
    # A weekday counts from today unless the person also counts the days ("since Tuesday, so two days").
    if m and not found:
        day = "saturday" if "weekend" in m.group(2) else m.group(2)
        # "started Friday and today's Monday": the person's own today.
        said_today = TODAY_IS.search(t)
        weekday = WEEKDAYS.index(said_today.group(1)) if said_today else today.weekday()
        # "since Tuesday" is the latest Tuesday before today; "last Tuesday" and "Tuesday last
        # week" are the Tuesday of last week (weeks from Monday): on a Thursday, "last Friday" is
        # six days back, not thirteen. "Tuesday before last" is a week before that.
        if m.group(1) == "last " or m.group(3):
            days: float = weekday - WEEKDAYS.index(day) + 7 + (7 if m.group(3) == " before last" else 0)
        else:
            days = (weekday - WEEKDAYS.index(day)) % 7 or 7
        return float(days)

    # "since the 3rd, today is the 10th": the days between the two dates the person gives.
    m = DAY_TO_DAY.search(t)
    if m and not found:
        start, end = int(m.group(1)), int(m.group(2))
        return float(end - start if end > start else end + 30 - start)

    m = SINCE_DATE.search(t)
    if m and not found:
        began = _date_from(int(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None, today)
        if began is not None and began <= today:
            return float(max((today - began).days, 1))

    m = SINCE_DAY_AND_MONTH.search(t)
    if m and not found:
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        began = _date_from(int(day), MONTHS.index(SHORT_MONTHS.get(month, month)) + 1, None, today)
        if began is not None and began <= today:
            return float(max((today - began).days, 1))

    m = SINCE_DAY_OF_MONTH.search(t)
    day = int(m.group(1) or 1) if m else 0  # "the first of the month" names no figure
    if m and not found and 1 <= day <= 31:
        if day <= today.day:
            return float(max(today.day - day, 1))
        last_month = today.replace(day=1) - timedelta(days=1)
        began = last_month.replace(day=min(day, last_month.day))
        return float((today - began).days)

    # "since last summer", "since Christmas": from the last such day (for "last" and a season that
    # began under three months ago, the one before).
    m = SINCE_DAY_OF_YEAR.search(t)
    if m and not found:
        began = _holiday(m.group(2), today.year)
        if began > today or (m.group(1) == "last " and m.group(2) in SEASONS and today.month - began.month < 3):
            began = _holiday(m.group(2), today.year - 1)
        return float(max((today - began).days, 1))

    # "since March": from the start of the last such month (the middle or end when said so).
    m = MONTH_ONSET.search(t)
    if m and not found:
        month = MONTHS.index(m.group(3)) + 1
        year = today.year if month <= today.month else today.year - 1
        day = {"middle": 15, "mid": 15, "end": 28}.get(m.group(2) or "", 1)
        return float(max((today - date(year, month, day)).days, 1))

    m = YEAR_ONSET.search(t)
    if m and not found and int(m.group(1)) <= today.year:
        return float(max((today - date(int(m.group(1)), 1, 1)).days, 1))

    m = HALVES.search(t)
    if m:
        return round((_count(m.group(1)) + 0.5) * UNIT_DAYS[_unit(m.group(2))], 2)

    # "5 days... wait no, more like five weeks": after a correction the last figure counts.
    m = (found[-1] if CORRECTION.search(t) else found[0]) if found else None
    # "between 10 days and a month", "a week to a month": of a range, the longer end (as "2-3 weeks").
    for first, second in zip(found, found[1:]):
        join = RANGE_JOIN.fullmatch(t[first.end() : second.start()])
        if (
            m is first
            and join
            and (join.group(1) != "and" or "between" in t[max(0, first.start() - 20) : first.start()])
        ):
            if _days(second) > _days(first) and not (MORE_THAN.search(t[: m.start()]) or UNDER.search(t[: m.start()])):
                m = second
    if m:
        raw, unit = m.group(1), _unit(m.group(2))
        count = _count(raw)
        if t[m.end() :].lstrip().startswith("and a half"):
            count += 0.5
        days = count * UNIT_DAYS[unit]
        if MORE_THAN.search(t[: m.start()]) or OR_LONGER.search(t[m.end() :]):
            days += 1 if unit in ("day", "night") else UNIT_DAYS[unit] * 0.05 + 1
        elif UNDER.search(t[: m.start()]) and unit not in ("minute", "hour"):
            days = max(days - (1 if unit in ("day", "night", "week") else UNIT_DAYS[unit] * 0.05), 0.5)
        return round(days, 2)

    m = BARE_UNIT.search(t)
    if m:
        return float(UNIT_DAYS[m.group(2)])
    # "weaker than yesterday" is a comparison, "since yesterday" an onset, and so is a time the answer
    # opens with ("yesterday afternoon, sort of, after the gym I guess"; a plain string: module
    # patterns are the readers' corrector targets).
    onset = len(HEDGES.sub(" ", t.replace("day before yesterday", "x")).split()) <= 3 or bool(ONSET_CUE.search(t))
    for pattern, days in FIXED:
        m = pattern.search(t)
        if m and (
            onset or (days <= 2 and re.fullmatch(r"\W*((um+|uh+|erm?|hmm+|oh|ok|okay|well|so)\W+)*", t[: m.start()]))
        ):
            return float(days)
    m = BARE_PLURAL.search(t)
    if m:
        return float(A_FEW[m.group(2)])
    # "a good many months", "several weeks": a few of the unit
    m = re.search(r"\b(a (good|great) many|several|a good few|quite a few) (day|week|month|year)s\b", t)
    if m:
        return float(A_FEW[m.group(3)])
    return None


# A day named anywhere in an answer to "how long?" ("...her birthday's the 28th, so the 29th",
# "my work Christmas do, which was last Friday", "the day of the Black Friday sales"): when no
# duration is stated, the twitch is taken to have started on the last day named.
DAY_NAMED = re.compile(r"\b(?:" + _A_DAY + "|" + _HOLIDAYS + r")\b")


def days_since_a_day_named(text: str, today: Optional[date] = None) -> Optional[float]:
    """Days since the last day named in `text` (see DAY_NAMED), or None."""
    t = " ".join((text or "").lower().split())
    for m in reversed(list(DAY_NAMED.finditer(t))):
        days = parse_days("since " + m.group(0), today)
        if days is not None:
            return days
    return None


def in_words(days: float) -> str:
    """A number of days as a person would say it: 1 -> "1 day", 3 -> "3 days",
    10.5 -> "about 10 days", 14 -> "2 weeks", 15.35 -> "about 2 weeks", 60 -> "2 months",
    400 -> "about 1 year". Under a day is "today". Whole days and exact weeks, months
    (30 days) and years (365 days) are said exactly, anything else rounded with "about"."""
    if days < 1:
        return "today"
    for unit, size, from_days in (("year", 365, 365), ("month", 30, 60), ("week", 7, 14), ("day", 1, 1)):
        if days >= from_days:
            count = days / size
            whole = round(count)
            exact = abs(count - whole) < 1e-9
            if not exact and unit == "day":
                whole = int(count)  # "about 10 days" for 10.5, never "about 11"
            word = unit if whole == 1 else unit + "s"
            return f"{'' if exact else 'about '}{whole} {word}"
    return "today"  # unreachable: days >= 1 matches "day"
