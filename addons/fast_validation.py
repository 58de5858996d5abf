"""Speed: check action server responses with a validator built once.

Rasa 3.6's RemoteAction._validate_action_result calls jsonschema.validate(), which first
re-checks Rasa's large, constant response schema against the JSON Schema meta-schema on
every call: about 23 ms per action call, over half of the server's CPU per turn here
(docs/benchmark.md). Same schema, same errors, same message; only the schema check is
done once.
"""
from __future__ import annotations

from typing import Any, Dict, Text

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_validator = None


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    global _validator
    if _validator is None:
        schema = self.action_response_format_spec()
        validators.validator_for(schema).check_schema(schema)
        _validator = validators.validator_for(schema)(schema)
    error = exceptions.best_match(_validator.iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
