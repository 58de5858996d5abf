"""Typed answers to each symptom-check question, read by the intake's parsers (issue 12).

The corpora (tests/data/intake_answers_*.yml, headers say who wrote them) label each answer with
the value it gives. The tuning half has a floor; the held-out half is scored and printed, never a
gate and never tuned on. An answer the parser does not understand counts as "unknown" (after one
re-ask the intake records it so), so it is right only when the label is unknown too.
"""

import functools
from collections import Counter, defaultdict

import pytest

from tests.support.intake_answers import DATA, SLOT_FOR, duration_bucket, expected, load, read
from twitchcare.triage import UNKNOWN_DURATION

TUNING_FLOOR = 0.92  # measured 93.4% when set; the target on held-out answers is 95%


# Each answer is read once: the held-out report reads every file, then all of them together.
read_once = functools.lru_cache(maxsize=None)(read)


def score(items):
    right, misses = Counter(), defaultdict(list)
    total = Counter(item["question"] for item in items)
    for item in items:
        got, want = read_once(item["question"], item["text"]), expected(item)
        if got == want:
            right[item["question"]] += 1
        else:
            misses[item["question"]].append((item["text"], want, got))
    return right, total, misses


def report(name, items):
    right, total, misses = score(items)
    overall = sum(right.values()) / len(items)
    per = ", ".join(f"{q} {right[q]}/{total[q]}" for q in sorted(total))
    print(f"\n{name}: {overall:.1%} of {len(items)} answers read right ({per})")
    return overall, misses


def test_tuning_half_is_read_right():
    overall, misses = report("intake answers, tuning halves", load("intake_answers*tuning.yml"))
    listing = [m for q in sorted(misses) for m in misses[q][:3]]
    assert overall >= TUNING_FLOOR, listing


def test_held_out_half_is_reported_never_a_gate():
    for pattern in [path.name for path in sorted(DATA.glob("intake_answers*heldout.yml"))] + [
        "intake_answers*heldout.yml"
    ]:
        items = load(pattern)
        report(f"intake answers, HELD-OUT {pattern} (report only, never tuned on)", items)
    assert len(items) >= 600 and {item["question"] for item in items} == set(SLOT_FOR)


@pytest.mark.parametrize(
    "days,bucket",
    [
        (0, "short"),
        (6.5, "short"),
        (7, "weeks"),
        (14, "weeks"),
        (15, "long"),
        (UNKNOWN_DURATION, "unknown"),
        ("unknown", "unknown"),
    ],
)
def test_durations_are_compared_by_what_they_decide(days, bucket):
    assert duration_bucket(days) == bucket
