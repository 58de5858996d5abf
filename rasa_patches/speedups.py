"""Speed: three hot spots of Rasa 3.6 replaced by equivalent code (docs/benchmark.md).

1. Action server responses. `RemoteAction._validate_action_result` calls
   `jsonschema.validate()`, which re-checks Rasa's large, constant response schema against
   the JSON Schema meta-schema on every call: about 23 ms per action call, over half of
   the server's CPU per turn before this change. Here the validator is built once; same
   schema, same errors, same message. A valid response is then recognised without trying each
   of the 23 event schemas on each event (`oneOf`): every event schema pins "event" to its own
   name, so only that one can match (3.5 -> about 0.3 ms per call); anything not valid goes to
   the full validator for jsonschema's own error.
2. The prediction graph. Rasa runs the NLU pipeline and the policies of every prediction
   through `dask.get`; for graphs of a dozen small nodes dask's scheduling costs about
   2-3 ms per turn. `SequentialGraphRunner` runs the same nodes in dependency order, with
   the same inputs, outputs and errors, and frees each result once nothing needs it. Only
   the server's prediction graph uses it; training keeps Rasa's dask runner.
3. Event types. `Event.resolve_by_type` walks the whole `Event` class tree (about 30
   recursive `all_subclasses` calls) for every event it deserialises: about 4 ms per turn
   when a tracker is loaded and an action response read. Here the name -> class table is
   built once and rebuilt only when a name is missing (an event class imported later).

Installed by `rasa_patches.install("rasa")`; the records are `PATCHES` at the end.

Dropped (issue 14): a kept-alive action-server connection (`EndpointConfig.session`). Measured
by `make bench-patches` at 0.25 ms per action call (0.6 ms per turn, under 2% of one), it did
not justify owning aiohttp sessions that Rasa never closes.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text, Tuple, Type

import rasa.core.processor
from jsonschema import exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_validator: Any = None
_fast_check: Optional[Callable[[Any], bool]] = None
_event_classes: Dict[Text, Type[Event]] = {}


def _by_event_check(schema: Dict[Text, Any], validator_class: Any) -> Optional[Callable[[Any], bool]]:
    """A check that gives jsonschema's verdict without trying every event schema on every event.

    The response schema says each event is an object with a string "event" and `oneOf` 23 event
    schemas, each pinning "event" to its own constant. So an event can only match the schema whose
    constant is its "event", and it is valid exactly when it matches the item schema without the
    `oneOf` and that one event schema. None when the schema is not of that shape (then every
    response goes through the full validator)."""
    try:
        items = schema["properties"]["events"]["items"]
        choices = items["oneOf"]
        names = [choice["properties"]["event"]["const"] for choice in choices]
    except (KeyError, TypeError):
        return None
    if len(set(names)) != len(names) or "event" not in items.get("required", ()):
        return None
    outer = {**schema, "properties": {**schema["properties"], "events": {"type": "array"}}}
    shared = validator_class({key: value for key, value in items.items() if key != "oneOf"})
    per_event = {name: validator_class(choice) for name, choice in zip(names, choices)}
    whole = validator_class(outer)

    def check(result: Any) -> bool:
        if not whole.is_valid(result):
            return False
        for event in result.get("events") or ():
            name = event.get("event") if isinstance(event, dict) else None
            chosen = per_event.get(name) if isinstance(name, str) else None
            if chosen is None or not shared.is_valid(event) or not chosen.is_valid(event):
                return False
        return True

    return check


def _validate_action_result(self: RemoteAction, result: Dict[Text, Any]) -> bool:
    global _validator, _fast_check
    if _validator is None:
        schema = self.action_response_format_spec()
        validator_class = validators.validator_for(schema)
        validator_class.check_schema(schema)  # once, instead of on every call
        _validator = validator_class(schema)
        _fast_check = _by_event_check(schema, validator_class)
    if _fast_check is not None and _fast_check(result):
        return True  # valid: the full validator would find no error
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


class SequentialGraphRunner(DaskGraphRunner):
    """DaskGraphRunner's `run` without dask: nodes in dependency order, results freed after use."""

    def _plan(self, targets: Tuple[Text, ...]) -> Tuple[List[Tuple[Text, Any, Tuple[Any, ...]]], Dict[Text, int], set]:
        plans = self.__dict__.setdefault("_plans", {})
        if targets not in plans:
            nodes = self._graph_schema.minimal_graph_schema(list(targets)).nodes
            order: List[Text] = []
            seen: set = set()

            def visit(name: Text) -> None:
                if name in seen or name not in nodes:
                    return
                seen.add(name)
                for need in nodes[name].needs.values():
                    visit(need)
                order.append(name)

            for target in targets:
                visit(target)
            steps = [(name, self._instantiated_nodes[name], tuple(nodes[name].needs.values())) for name in order]
            users: Dict[Text, int] = {}
            for _, _, needs in steps:
                for need in needs:
                    users[need] = users.get(need, 0) + 1
            plans[targets] = (steps, users, set(order))
        return plans[targets]

    def run(self, inputs: Optional[Dict[Text, Any]] = None, targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        steps, users, node_names = self._plan(tuple(run_targets))
        results: Dict[Text, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and (value in node_names or value in results):
                raise GraphRunError(
                    f"Input value '{value}' clashes with a node name. Make sure that none of the input names "
                    f"passed to the `run` method are the same as node names in the graph schema."
                )
            results[name] = (name, value)  # what dask hands a node for an input
        left = dict(users)
        try:
            for name, node, needs in steps:
                if name in results:  # an input replaces the node of the same name, as in dask
                    continue
                results[name] = node(*(results.get(need, need) for need in needs))
                for need in needs:
                    left[need] -= 1
                    if left[need] == 0 and need not in run_targets:
                        results.pop(need, None)
        except RuntimeError as e:
            raise GraphRunError("Error running runner.") from e
        return dict(results[target] for target in run_targets)


from rasa_patches import Patch  # noqa: E402

PATCHES = [
    Patch(
        name="validate_once",
        owner=RemoteAction,
        attribute="_validate_action_result",
        replacement=_validate_action_result,
        replaces="rasa.core.actions.action.RemoteAction._validate_action_result",
        why="jsonschema.validate() re-checks Rasa's constant response schema against the "
        "meta-schema on every action call",
        gain="20-24 ms per action call, about 50 ms per turn (make bench-patches, 2026-12-01); valid "
        "responses checked event by event: 0.97 -> 0.07 ms on the bench response (2026-12-03)",
    ),
    Patch(
        name="event_table",
        owner=Event,
        attribute="resolve_by_type",
        replacement=staticmethod(_resolve_by_type),
        replaces="rasa.shared.core.events.Event.resolve_by_type",
        why="walks the whole Event class tree (about 30 recursive all_subclasses calls) for "
        "every event deserialised",
        gain="0.03 ms per event, about 1.6 ms per turn of 60 events (make bench-patches)",
    ),
    # The processor passes this class to the model loader (rasa/core/processor.py); training
    # keeps Rasa's dask runner.
    Patch(
        name="sequential_graph",
        owner=rasa.core.processor,
        attribute="DaskGraphRunner",
        replacement=SequentialGraphRunner,
        replaces="rasa.core.processor.DaskGraphRunner (the runner of the server's prediction graph)",
        why="dask's scheduler costs 2-3 ms per turn for a graph of a dozen small nodes",
        gain="0.7-2.4 ms per message of NLU and policies, 3-10% (make bench-patches, a busy machine)",
    ),
]
