"""The speed-ups in addons/speedups.py give exactly the results of the Rasa code they replace."""
import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.utils.common import all_subclasses

import addons  # noqa: F401  (installs the speed-ups)
from addons.speedups import _resolve_by_type, _validate_action_result

SCHEMA = RemoteAction.action_response_format_spec()


@pytest.mark.parametrize("result", [
    {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]},
    {"events": [], "responses": []},
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
])
def test_same_verdict_as_jsonschema(result):
    try:
        validate(result, SCHEMA)
        expected = True
    except ValidationError:
        expected = False
    if expected:
        assert _validate_action_result(RemoteAction("a", None), result) is True
    else:
        with pytest.raises(ValidationError, match="Failed to validate Action server response"):
            _validate_action_result(RemoteAction("a", None), result)


def _rasa_resolve_by_type(type_name, default=None):
    """Rasa 3.6's Event.resolve_by_type, verbatim, as the reference."""
    for cls in all_subclasses(Event):
        if cls.type_name == type_name:
            return cls
    if type_name == "topic":
        return None
    elif default is not None:
        return default
    else:
        raise ValueError(f"Unknown event name '{type_name}'.")


@pytest.mark.parametrize("type_name", sorted({c.type_name for c in all_subclasses(Event)}) + ["topic"])
def test_every_event_name_resolves_to_the_same_class(type_name):
    assert _resolve_by_type(type_name) is _rasa_resolve_by_type(type_name)
    assert Event.resolve_by_type(type_name) is _rasa_resolve_by_type(type_name)


def test_unknown_names_use_the_default_or_raise_like_rasa():
    assert _resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        _resolve_by_type("no_such_event")


def test_an_event_class_defined_later_is_found():
    class LateEvent(SlotSet):
        type_name = "late_test_event"

    assert Event.resolve_by_type("late_test_event") is LateEvent


def test_deserialised_events_are_unchanged():
    dumped = [UserUttered("hi", {"name": "greet", "confidence": 1.0}).as_dict(), SlotSet("x", 2).as_dict()]
    assert [e.as_dict() for e in deserialise_events(dumped)] == dumped
