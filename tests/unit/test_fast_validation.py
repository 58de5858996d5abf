"""The cached validator accepts and rejects exactly what Rasa's jsonschema.validate does."""
import pytest
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from addons.fast_validation import _validate_action_result

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
