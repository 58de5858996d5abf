from datetime import date

import pytest

from twitchcare.durations import days_since_a_day_named, in_words, parse_days

SATURDAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    "text,days",
    [
        ("3 days", 3),
        ("for three days", 3),
        ("to weeks", 14),  # numbers spelt as they sound, right before a unit
        ("free days now", 3),
        ("a fortnite", 14),
        ("since last nite", 1),
        ("since yday", 1),
        ("4d", 4),
        ("2w", 14),
        ("a wk", 7),
        ("stress and fags", None),
        ("since I woke up", 0.5),
        ("since brekfast", 0.5),
        ("since Monday", 5),
        ("since last monday", 12),
        ("a couple of weeks", 14),
        ("nearly a week", 6),  # under a week, not a week
        ("almost 2 weeks", 13),
        ("just under 3 months", 88.5),
        ("since Tuesday, so two days", 2),  # the person's own count wins over the weekday
        ("since monday", 5),
        ("over a month", 32.5),
        ("two months", 60),
        ("a few days", 3),
        ("about 2 weeks", 14),
        ("more than 2 weeks", 15.35),
        ("a fortnight", 14),
        ("a week and a half", 10.5),
        ("yesterday", 1),
        ("it started this morning", 0.5),
        ("10 days ago", 10),
        ("6 months", 180),
        ("for weeks now", 14),
        ("weeks now", 14),
        ("months, maybe 3", 60),
        ("days ago", None),
        ("1 year", 365),
        ("it is not 3 days, it is 3 weeks", 21),
        ("my son is 7 years old and it started 2 days ago", 2),
        # nurses' shorthand: N/7 days, N/52 weeks, N/12 months (never after "since", where it is a date)
        ("x3/7", 3),
        ("2/52", 14),
        ("approx 6/12", 180),
        ("18/12", 540),
        # dates, abbreviated days and months (Saturday 21 November 2026)
        ("since 14/11", 7),
        ("since 11/14", 7),
        ("since 28/10/2026", 24),
        ("since 1/12", 355),
        ("since tues", 4),
        ("since wed last week", 10),
        ("since start of nov", 20),
        ("since the 1st of this month", 20),
        ("since the 25th", 27),
        # a date with the month's name; "from" a point in time as "since" (a45's literal answers)
        ("since 1 November", 20),
        ("since the 7th of nov", 14),
        ("since november the 7th", 14),
        ("from 1 November", 20),
        ("from monday", 5),
        ("from 3 days", 3),
        ("from some hours", 0.12),
        ("last week, I think on tuesday", 11),
        ("since my birthday wich was the 7th of november", 14),
        # a hedged count: "three-ish days"
        ("three-ish days", 3),
        ("4ish weeks", 28),
    ],
)
def test_durations(text, days):
    assert parse_days(text, SATURDAY) == pytest.approx(days)


@pytest.mark.parametrize(
    "text",
    ["hello", "several times a day", "twice a day", "he is 7 years old", "", "too many days", "from my birthday"],
)
def test_no_duration(text):
    assert parse_days(text, SATURDAY) is None


@pytest.mark.parametrize(
    "text,days",
    [
        ("my 8 year old's eyelid has twitched for 2 days", 2),
        ("5 days... wait no, more like five weeks", 35),
    ],
)
def test_ages_and_corrections(text, days):
    assert parse_days(text, SATURDAY) == pytest.approx(days)


@pytest.mark.parametrize(
    "text,days",
    [
        ("getting weaker for about 3 wks", 21),
        ("2 mths", 60),
        ("since the weekend", 7),
        # the weekend as the time it began; one weekend is not a week long
        ("started over the weekend", 7),
        ("after a weekend glued to his switch", 7),
        ("2 weekends ago", 14),
        ("I'm 28 weeks pregnant, eyelid twitching for a week", 7),
    ],
)
def test_abbreviations_weekends_and_pregnancy(text, days):
    assert parse_days(text, SATURDAY) == pytest.approx(days)


@pytest.mark.parametrize(
    "days,words",
    [
        (0.5, "today"),
        (1, "1 day"),
        (3, "3 days"),
        (10.5, "about 10 days"),
        (13, "13 days"),
        (14, "2 weeks"),
        (15.35, "about 2 weeks"),
        (21, "3 weeks"),
        (32.5, "about 5 weeks"),
        (45, "about 6 weeks"),
        (60, "2 months"),
        (90, "3 months"),
        (100, "about 3 months"),
        (180, "6 months"),
        (365, "1 year"),
        (400, "about 1 year"),
        (730, "2 years"),
    ],
)
def test_durations_in_words(days, words):
    assert in_words(days) == words


@pytest.mark.parametrize(
    "text,days",
    [
        # of a range, the longer end, as with "2-3 weeks"
        ("somewhere between 10 days and a month", 30.0),
        ("a week to a month", 30.0),
        ("2-3 weeks", 21.0),
        # "and" joins a range only after "between"
        ("3 days and 2 weeks ago I had a cold", 3.0),
        # "the past two weeks" is two weeks, "past two weeks" more than two
        ("for the past 2 weeks", 14.0),
        ("past 2 weeks", 15.35),
    ],
)
def test_ranges_and_the_past(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text,days",
    [
        # a corrected figure said without its unit takes the unit said before it
        ("about 2 weeks, no wait more like 3", 21.0),
        ("5 days, actually 6", 6.0),
        # ...but not a count of something else
        ("3 days, sorry, 3 times a day", 3.0),
        ("2 weeks, wait, 3 weeks", 21.0),
        ("36h", 1.5),
        ("week & a half", 10.5),
    ],
)
def test_corrections_and_shorthand(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    "text,days",
    [
        ("since last summer", 185.0),
        ("since Christmas", 343.0),
        ("since last winter", 367.0),  # winter began two days before: the one before
        ("since halloween", 33.0),
        ("started Monday", 3.0),
        ("started Friday and today's Monday", 3.0),  # the person's own today
        ("since friday, its monday now", 3.0),
        ("only since lunchtime", 0.5),
        ("started this week", 3.0),
        ("the last day or so", 1.0),
        ("a good week", 8.35),  # a week and more
        ("most of this year", 180.0),
        # days of the year with their own names, fixed or moving (a48's answers), and an answer that
        # opens with the day it began
        ("since St Andrew's Day", 3.0),
        ("since Thanksgiving", 7.0),  # 26 November 2026
        ("from Melbourne Cup day on", 30.0),  # 3 November 2026
        ("Bonfire night, so whatever that is now", 28.0),
        ("Halloween night it started", 33.0),
        ("since Easter", 242.0),  # 5 April 2026
        ("start of November", 32.0),
        ("Sunday", 4.0),
        ("Saturday just gone", 5.0),
        ("Tuesday morning, woke up with it", 2.0),
        ("last tuesday", 9.0),
        # "last" is last week's: on a Thursday, last Friday is six days back, last Thursday seven
        ("since last friday", 6.0),
        ("last thurs", 7.0),
        ("since last weekend", 5.0),
        ("since tuesday before last", 16.0),
        # a pregnancy's weeks, the time since a birth: not the twitch's
        ("I'm 26 weeks and trying to stay active", None),
        ("35 weeks here. Twitch in my left foot", None),
        ("Back at the gym 5 months after my son", None),
        ("I'm 6 weeks postpartum", None),
        ("im 3 weeks into this twitch", 21.0),
        # other words for "started", and "started" or "around" a point in time
        ("just today, kicked off at lunch", 0.5),
        ("it kicked off on monday", 3.0),
        ("cropped up on friday", 6.0),
        ("it appeared yesterday", 1.0),
        ("came on gradually", None),
        ("started around the 20th of november", 13.0),
        ("began the 20th of november", 13.0),
        ("around the 20th of november", 13.0),
        ("from about 20 november", 13.0),
        ("since about the 10th", 23.0),
        ("since around tuesday", 2.0),
        # a weekday with its date: the date decides ("since wed 25th" is 25 November, not yesterday)
        ("since wed 25th", 8.0),
        ("from Wednesday the 25th", 8.0),
        ("started on wed 25th nov", 8.0),
        ("since tues 1 dec", 2.0),
        ("since monday 30th", 3.0),
        ("since wed", 1.0),
        ("From the first of the month.", 2.0),
        ("since the start of this month", 2.0),
        ("since my birthday on the 20th of last month", 13.0),
        ("the 2nd of last month", 31.0),
        ("the day before yesterday", 2.0),
        ("is new, today first time", 0.5),
        # "a week or 3": a range, its longer end
        ("a week or 3", 21.0),
        ("a day or two", 2.0),
        # a distance or a day's work is no duration
        ("My son's lid has been going since the 23rd. We're 2 hrs from the nearest GP", 10.0),
        ("town's 3 hours away", None),
        # a rate of counted things is no duration
        ("I do about 20k steps a night on patrol", None),
        ("3 cups a day", None),
        ("drink 3 coffees a day for a month", 30.0),
        # a record's date is no onset
        ("I'd like a copy of my ECG from October for my insurance please", None),
        ("the results from monday", None),
        # since an age: the years between it and the age now, or years when no figure is given
        ("since I was about 15 and I'm 32 now", 365.0 * 17),
        ("since i was a kid", 365.0 * 5),
        ("since my teens", 365.0 * 5),
        ("since I was 15", None),
    ],
)
def test_days_of_the_year_and_a_weekday_started(text, days):
    assert parse_days(text, date(2026, 12, 3)) == days  # a Thursday


@pytest.mark.parametrize(
    "text, days",
    [
        ("her birthday's the 28th of November, so the 29th", 4.0),
        ("at my work Christmas do, which was last Friday", 6.0),
        ("the one just gone, so Saturday", 5.0),
        ("that was the 14th of November", 19.0),
        ("the day of the Black Friday sales", 6.0),
        ("no idea really", None),
    ],
)
def test_the_last_day_named_in_an_answer(text, days):
    assert days_since_a_day_named(text, date(2026, 12, 3)) == days


@pytest.mark.parametrize(
    "text,days",
    [
        # part of a month, a bare year, a date after "started", notes' "x1" and "5+" (the a78 tuning writer)
        ("since mid Oct", 49),
        ("approx mid Oct onwards", 49),
        ("since early November", 32),
        ("since late Oct", 36),
        ("since 2019", 2893),
        ("started in 2019", 2893),
        ("started 14/09/2026", 80),
        ("x1 wk", 7),
        ("5+ yrs", 1844.25),
        ("YESTERDAY!!! out of nowhere", 1),
        ("fortnight now!!", 14),
    ],
)
def test_parts_of_months_years_and_notes(text, days):
    assert parse_days(text, today=date(2026, 12, 3)) == pytest.approx(days)
