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


# ---- the prediction graph runs without dask, with the same results --------------------------

from typing import Any, Dict  # noqa: E402

from rasa.engine.exceptions import GraphComponentException, GraphRunError  # noqa: E402
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode  # noqa: E402
from rasa.engine.runner.dask import DaskGraphRunner  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402

import rasa.core.processor  # noqa: E402
from addons.speedups import SequentialGraphRunner  # noqa: E402

CALLS = []


class Step(GraphComponent):
    """Joins its inputs and its own name; records each call (to check nodes run once)."""

    def __init__(self, config: Dict[str, Any]) -> None:
        self.config = config

    @classmethod
    def create(cls, config, model_storage, resource, execution_context):
        return cls(config)

    def run(self, **inputs: Any) -> str:
        CALLS.append(self.config["label"])
        if self.config.get("fail"):
            raise ValueError("broken node")
        return self.config["label"] + "(" + ",".join(f"{k}={inputs[k]}" for k in sorted(inputs)) + ")"


def node(label, needs=None, target=False, fail=False):
    return SchemaNode(needs=needs or {}, uses=Step, fn="run", constructor_name="create",
                      config={"label": label, "fail": fail}, is_target=target)


GRAPH = GraphSchema({
    "a": node("a", {"message": "__message__"}),
    "b": node("b", {"x": "a"}),
    "c": node("c", {"x": "a", "y": "b"}, target=True),
    "d": node("d", {"x": "b", "t": "__tracker__"}, target=True),
    "unused": node("unused", {"x": "a"}),
    "broken": node("broken", {"x": "a"}, fail=True),
})


def runners(tmp_path):
    made = []
    for cls in (DaskGraphRunner, SequentialGraphRunner):
        storage = LocalModelStorage(tmp_path / cls.__name__)
        made.append(cls.create(GRAPH, storage, ExecutionContext(GRAPH, "test")))
    return made


@pytest.mark.parametrize("inputs,targets", [
    ({"__message__": "hi", "__tracker__": "t1"}, None),
    ({"__message__": "hi", "__tracker__": "t1"}, ["c"]),
    ({"__message__": "hi", "__tracker__": "t1", "b": "given"}, ["c", "d"]),  # an input replaces a node
    ({"__message__": "hi", "__tracker__": "t1"}, ["a", "b", "c"]),  # targets that others need too
])
def test_same_results_as_dask(tmp_path, inputs, targets):
    dask_runner, ours = runners(tmp_path)
    CALLS.clear()
    expected = dask_runner.run(inputs=dict(inputs) if inputs else None, targets=targets)
    dask_calls = sorted(CALLS)
    CALLS.clear()
    assert ours.run(inputs=dict(inputs) if inputs else None, targets=targets) == expected
    assert sorted(CALLS) == dask_calls  # every needed node once, nothing else


def test_same_errors_as_dask(tmp_path):
    for runner in runners(tmp_path):
        with pytest.raises(GraphRunError, match="Missing input to run node 'd'"):
            runner.run(inputs={"__message__": "hi"}, targets=["d"])
        with pytest.raises(GraphComponentException, match="broken"):
            runner.run(inputs={"__message__": "hi"}, targets=["broken"])
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            runner.run(inputs={"__message__": "a"}, targets=["c"])


def test_the_server_loads_models_with_the_sequential_runner():
    assert rasa.core.processor.DaskGraphRunner is SequentialGraphRunner


# ---- action server calls reuse their connection ---------------------------------------------

import asyncio  # noqa: E402

from aiohttp import web  # noqa: E402
from rasa.utils.endpoints import ClientResponseError, EndpointConfig  # noqa: E402


async def _with_server(body):
    """Runs body(url, peers) against a loopback aiohttp server; peers collects client ports."""
    peers = []

    async def echo(request):
        peers.append(request.transport.get_extra_info("peername")[1])
        if request.path.endswith("/fail"):
            return web.Response(status=403, text="no")
        if request.path.endswith("/text"):
            return web.Response(text="plain")
        return web.json_response({"query": dict(request.query), "auth": request.headers.get("X-Auth"),
                                  "body": await request.json() if request.can_read_body else None})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        return await body(f"http://127.0.0.1:{port}", peers)
    finally:
        await runner.cleanup()


def test_requests_reuse_one_connection_and_behave_like_rasa():
    async def body(url, peers):
        endpoint = EndpointConfig(f"{url}/webhook", token="secret", headers={"X-Auth": "h"})
        replies = [await endpoint.request(json={"n": i}, method="post") for i in range(5)]
        assert replies[3] == {"query": {"token": "secret"}, "auth": "h", "body": {"n": 3}}
        assert await endpoint.request(method="get", subpath="text") is None  # not JSON, as in Rasa
        with pytest.raises(ClientResponseError) as failed:
            await EndpointConfig(f"{url}/fail").request(method="get")
        assert failed.value.status == 403
        return peers

    peers = asyncio.run(_with_server(body))
    assert len(peers) == 7 and len(set(peers[:6])) == 1  # one kept connection for one endpoint


def test_each_event_loop_gets_its_own_session():
    endpoint_holder = {}

    async def body(url, peers):
        endpoint = endpoint_holder.setdefault("e", EndpointConfig(f"{url}/webhook"))
        endpoint.url = f"{url}/webhook"
        return await endpoint.request(json={}, method="post")

    assert asyncio.run(_with_server(body))["body"] == {}
    assert asyncio.run(_with_server(body))["body"] == {}  # a new loop: no stale session used
