"""Shared fixtures in the style of rasa-sdk's own tests."""

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from tests.support.writers_date import writers_today
from twitchcare import nlp
from twitchcare.settings import PROJECT_ROOT as ROOT


@pytest.fixture(autouse=True, scope="session")
def fixed_today():
    """ "Since Sunday before last", "since the 3rd" and "born in 1990" count from today: the tests
    read them on one fixed day (the Thursday the blind writers were given), so what they expect
    does not change with the day they run."""
    with writers_today() as today:
        yield today


@pytest.fixture(scope="session")
def domain():
    with open(ROOT / "domain.yml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture
def dispatcher():
    return CollectingDispatcher()


@pytest.fixture
def make_tracker():
    """A tracker whose latest message is parsed like the NLU pipeline would parse it."""
    matcher = nlp.default_matcher()

    def build(text, intent, confidence=0.95, slots=None, entities=None, events=None, emergency=None, aspect=None):
        if entities is None:
            entities = []
            for m in matcher.find(text):
                e = {"entity": m.entity, "value": m.value, "start": m.start, "end": m.end}
                if m.negated:
                    e["role"] = "negated"
                entities.append(e)
        message = {
            "text": text,
            "intent": {"name": intent, "confidence": confidence},
            "entities": entities,
            "intent_ranking": [{"name": intent, "confidence": confidence}],
        }
        if aspect is not None:  # what the learned retriever read the question as asking (retrieval.py)
            message["knowledge"] = {
                "aspect": aspect,
                "aspect_probability": confidence,
                "aspects": [[aspect, confidence]],
            }
        if emergency is not None:  # the emergency detector's verdict (addons/emergency_detector.py)
            message["emergency"] = emergency
        return Tracker("test-user", dict(slots or {}), message, events or [], False, None, {}, "action_listen")

    return build
