"""Speed: two hot spots of Rasa 3.6 replaced by equivalent code (docs/benchmark.md).

1. Action server responses. `RemoteAction._validate_action_result` calls
   `jsonschema.validate()`, which re-checks Rasa's large, constant response schema against
   the JSON Schema meta-schema on every call: about 23 ms per action call, over half of
   the server's CPU per turn before this change. Here the validator is built once; same
   schema, same errors, same message.
2. Event types. `Event.resolve_by_type` walks the whole `Event` class tree (about 30
   recursive `all_subclasses` calls) for every event it deserialises: about 4 ms per turn
   when a tracker is loaded and an action response read. Here the name -> class table is
   built once and rebuilt only when a name is missing (an event class imported later).

`install()` is idempotent; it is called from `addons/__init__.py`.
"""
from __future__ import annotations

from typing import Any, Dict, Optional, Text, Type

from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_validator = None
_event_classes: Dict[Text, Type[Event]] = {}


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


def _event_class(type_name: Text) -> Optional[Type[Event]]:
    found = _event_classes.get(type_name)
    if found is None:
        # Same order as Rasa's loop (first match wins), so a name shared by two classes
        # resolves to the same one.
        _event_classes.clear()
        for cls in all_subclasses(Event):
            _event_classes.setdefault(cls.type_name, cls)
        found = _event_classes.get(type_name)
    return found


def _resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Rasa's `Event.resolve_by_type`, with the class table cached."""
    cls = _event_class(type_name)
    if cls is not None:
        return cls
    if type_name == "topic":
        return None  # backwards compatibility to support old TopicSet evts
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    Event.resolve_by_type = staticmethod(_resolve_by_type)
