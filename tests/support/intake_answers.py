"""Scoring typed answers to the symptom check's questions against their writers' labels (issue 12).

Shared by the in-process unit test (the intake's readers alone: tests/unit/test_intake_answers.py)
and the product-path scorer (the trained model's intent and emergency verdict first:
scripts/eval_answers.py). An answer read as nothing counts as "unknown" (after one re-ask the
intake records it so), so it is right only when the label is unknown too.
"""

from pathlib import Path
from typing import Any, Dict, List, Optional


from twitchcare import intake, yaml_files
from twitchcare.nlp import default_matcher
from twitchcare.triage import CHILD_PERSISTENT_DAYS, PERSISTENT_DAYS, UNKNOWN, UNKNOWN_DURATION

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
MATCHER = default_matcher()
TUNING_FLOOR = 0.92  # measured 93.4% when set; the target on held-out answers is 95%
# Corpus question id -> the intake's slot.
SLOT_FOR = {
    "emergency_screen": "emergency_screen",
    "where": "body_parts",
    "how_long": "duration_days",
    "symptoms": "symptoms",
    "weakness_worse": "worsening_weakness",
    "triggers": "triggers",
    "age": "age_group",
}
# Answers written for questions the intake no longer asks are not scored: "How often?" (it changes
# no triage level; a frequency said in passing is still kept for the doctor's summary) and the
# eyelid question (now an option of the symptom question, read there).
NOT_ASKED = {"how_often", "eyelid"}


def load(pattern: str) -> List[dict]:
    return [
        a
        for path in sorted(DATA.glob(pattern))
        for a in yaml_files.read(path)["answers"]
        if a["question"] not in NOT_ASKED
    ]


def duration_bucket(days):
    """What a duration decides in the triage policy: under a week, up to 2 weeks, longer."""
    if days in (None, UNKNOWN, "unknown") or days == UNKNOWN_DURATION:
        return "unknown"
    days = float(days)
    return "short" if days < CHILD_PERSISTENT_DAYS else "weeks" if days <= PERSISTENT_DAYS else "long"


def read(question, text, intent: Optional[str] = None):
    """The value the intake's readers take from `text` as the answer to `question`, in the
    corpus's terms (`intent`: the NLU's reading of the message, None for the readers alone)."""
    return value_of(question, intake.extract(text, MATCHER.find(text), intent, SLOT_FOR[question], {}))


def value_of(question: str, got: Dict[str, Any]):
    """The slot updates `got` of an answer to `question`, in the corpus's terms."""
    slot = SLOT_FOR[question]
    if question == "where":
        places = got.get("body_parts") or []
        named = sorted(p for p in places if p not in (intake.BOTH_SIDES, UNKNOWN))
        # Nothing placed is "unknown" (after one re-ask the intake records it so).
        return (named or [UNKNOWN], intake.BOTH_SIDES in places)
    if question == "how_long":
        return duration_bucket(got.get("duration_days"))
    if question == "triggers":
        value = got.get("triggers")
        if value is None or value == [UNKNOWN]:
            return UNKNOWN
        return sorted(t for t in value if t not in (intake.NONE_MARKER, intake.OTHER_TRIGGER))
    if question == "symptoms":
        picked = sorted(s for s in intake.SYMPTOM_SLOTS if got.get(s) == intake.YES)
        # Nothing picked and one option doubted ("a bit weak? not sure") is a "not sure" answer.
        if "symptoms" not in got or (not picked and any(got.get(s) == UNKNOWN for s in intake.SYMPTOM_SLOTS)):
            return UNKNOWN
        return picked
    value = got.get(slot)
    return UNKNOWN if value is None else value


def expected(item):
    question, value = item["question"], item["value"]
    if question == "where":
        return ((sorted(value) if isinstance(value, list) else []) or [UNKNOWN], bool(item.get("both_sides")))
    if question == "how_long":
        return duration_bucket(value)
    if question in ("triggers", "symptoms"):
        # "not sure" written as the word or as a one-item list (["unknown"]) is the same answer.
        return UNKNOWN if value in ("unknown", ["unknown"]) else sorted(value or [])
    return str(value).lower()
