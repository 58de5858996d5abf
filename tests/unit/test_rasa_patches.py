"""rasa_patches: each patch against the live Rasa code it replaces, on the same inputs, and the fence
(nothing is patched on import; `install` checks the pinned versions)."""

import importlib

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.utils.common import all_subclasses

import rasa_patches
from rasa_patches import action_fallback, sanic_http, speedups
from rasa_patches.speedups import _resolve_by_type, _validate_action_result

PATCHES = {p.name: p for p in speedups.PATCHES}
SCHEMA = RemoteAction.action_response_format_spec()


@pytest.fixture
def installed():
    """Every patch of the Rasa server installed for one test, then the live originals put back."""
    chosen = rasa_patches.install("rasa")
    yield chosen
    for patch in chosen:
        patch.restore()


def test_importing_the_project_patches_nothing():
    for module in ("addons", "addons.tracker_store", "channels", "channels.rest", "channels.widget", "actions"):
        importlib.import_module(module)
    for patch in rasa_patches.patches("rasa"):
        assert not patch.installed(), patch.name


def test_install_patches_everything_and_restore_puts_the_originals_back(installed):
    assert [p.name for p in installed] == [
        "sanic_http",
        "socketio_json",
        "action_fallback",
        "validate_once",
        "event_table",
        "sequential_graph",
        "inference_load",
    ]
    assert all(p.installed() for p in installed)
    assert rasa_patches.install("rasa") and all(p.installed() for p in installed)  # idempotent


@pytest.mark.parametrize("distribution", ["rasa", "sanic"])
def test_install_refuses_another_version(monkeypatch, distribution):
    monkeypatch.setitem(rasa_patches.PINNED, distribution, "0.0.1")
    with pytest.raises(rasa_patches.UnsupportedVersion, match=f"{distribution}==0.0.1"):
        rasa_patches.install("rasa")
    assert not any(p.installed() for p in rasa_patches.patches("rasa"))


def test_the_pins_match_requirements_lock():
    lock = rasa_patches.__file__.rsplit("/", 2)[0] + "/requirements.lock"
    pinned = dict(line.strip().split("==") for line in open(lock) if "==" in line and not line.startswith("#"))
    assert {name: pinned[name] for name in rasa_patches.PINNED} == rasa_patches.PINNED


def test_every_patch_says_what_it_replaces_why_and_its_gain():
    for patch in rasa_patches.patches("rasa"):
        assert patch.replaces and len(patch.why) > 20 and len(patch.gain) > 10, patch.name
    assert rasa_patches.patches("actions") == [sanic_http.PATCH]
    assert action_fallback.PATCH.original is vars(RemoteAction)["run"]


@pytest.mark.parametrize(
    "result",
    [
        {"events": [{"event": "slot", "name": "x", "value": 1}], "responses": [{"text": "hi"}]},
        {"events": [], "responses": []},
        {"events": [{"event": "no_such_event"}]},
        {"events": "not a list"},
        {"responses": [{"text": 5}]},
        # the per-event check: each kind of event this project sends, and the ways one can be wrong
        {
            "events": [
                {"event": "slot", "timestamp": None, "name": "body_parts", "value": ["eyelid"]},
                {"event": "active_loop", "name": "intake_form"},
                {"event": "bot", "text": "hi", "data": {"custom": {"asking": "x"}}},
                {"event": "followup", "name": "action_listen"},
                {"event": "restart"},
            ],
            "responses": [{"text": "How long?", "buttons": [{"title": "a", "payload": "/inform"}], "custom": {}}],
        },
        {"events": [{"event": "slot", "value": 1}]},  # no slot name
        {"events": [{"event": "slot", "name": 5, "value": 1}]},
        {"events": [{"event": 7}]},
        {"events": [{"event": ["slot"]}]},
        {"events": [{"name": "x"}]},  # no event name
        {"events": ["slot"]},
        {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "yesterday"}]},
        {"events": [{"event": "slot", "name": "x", "value": 1}, {"event": "nope"}]},
        {"events": None},
        {},
        [],
        "text",
    ],
)
def test_validation_gives_the_verdict_and_message_of_the_live_original(result):
    original = PATCHES["validate_once"].original
    try:
        expected = original(RemoteAction("a", None), result)
        expected_message = None
    except ValidationError as e:
        expected, expected_message = None, e.message
    if expected_message is None:
        assert _validate_action_result(RemoteAction("a", None), result) is expected is True
    else:
        with pytest.raises(ValidationError) as ours:
            _validate_action_result(RemoteAction("a", None), result)
        assert ours.value.message == expected_message
        assert "Failed to validate Action server response" in expected_message


def test_rasa_response_schema_has_the_shape_the_per_event_check_needs():
    speedups._validate_action_result(RemoteAction("a", None), {"events": []})
    assert speedups._fast_check is not None  # else every response takes the full validator


def _rasa_resolve_by_type(type_name, default=None):
    """The live Rasa Event.resolve_by_type (the staticmethod this project replaces)."""
    return PATCHES["event_table"].original.__func__(type_name, default)


@pytest.mark.parametrize("type_name", sorted({c.type_name for c in all_subclasses(Event)}) + ["topic"])
def test_every_event_name_resolves_to_the_same_class(type_name, installed):
    assert _resolve_by_type(type_name) is _rasa_resolve_by_type(type_name)
    assert Event.resolve_by_type(type_name) is _rasa_resolve_by_type(type_name)


def test_unknown_names_use_the_default_or_raise_like_rasa():
    assert _resolve_by_type("no_such_event", default=SlotSet) is _rasa_resolve_by_type("no_such_event", SlotSet)
    for resolve in (_resolve_by_type, _rasa_resolve_by_type):
        with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
            resolve("no_such_event")


def test_an_event_class_defined_later_is_found(installed):
    class LateEvent(SlotSet):
        type_name = "late_test_event"

    assert Event.resolve_by_type("late_test_event") is LateEvent


def test_deserialised_events_are_unchanged(installed):
    dumped = [UserUttered("hi", {"name": "greet", "confidence": 1.0}).as_dict(), SlotSet("x", 2).as_dict()]
    assert [e.as_dict() for e in deserialise_events(dumped)] == dumped


# ---- the prediction graph runs without dask, with the same results --------------------------

from typing import Any, Dict  # noqa: E402

from rasa.engine.exceptions import GraphComponentException, GraphRunError  # noqa: E402
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode  # noqa: E402
from rasa.engine.runner.dask import DaskGraphRunner  # noqa: E402
from rasa.engine.storage.local_model_storage import LocalModelStorage  # noqa: E402
from rasa.engine.storage.resource import Resource  # noqa: E402

import rasa.core.processor  # noqa: E402
from rasa_patches.speedups import SequentialGraphRunner  # noqa: E402

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
    return SchemaNode(
        needs=needs or {},
        uses=Step,
        fn="run",
        constructor_name="create",
        config={"label": label, "fail": fail},
        is_target=target,
    )


GRAPH = GraphSchema(
    {
        "a": node("a", {"message": "__message__"}),
        "b": node("b", {"x": "a"}),
        "c": node("c", {"x": "a", "y": "b"}, target=True),
        "d": node("d", {"x": "b", "t": "__tracker__"}, target=True),
        "unused": node("unused", {"x": "a"}),
        "broken": node("broken", {"x": "a"}, fail=True),
    }
)


def runners(tmp_path):
    made = []
    for cls in (DaskGraphRunner, SequentialGraphRunner):
        storage = LocalModelStorage(tmp_path / cls.__name__)
        made.append(cls.create(GRAPH, storage, ExecutionContext(GRAPH, "test")))
    return made


@pytest.mark.parametrize(
    "inputs,targets",
    [
        ({"__message__": "hi", "__tracker__": "t1"}, None),
        ({"__message__": "hi", "__tracker__": "t1"}, ["c"]),
        ({"__message__": "hi", "__tracker__": "t1", "b": "given"}, ["c", "d"]),  # an input replaces a node
        ({"__message__": "hi", "__tracker__": "t1"}, ["a", "b", "c"]),  # targets that others need too
    ],
)
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


def test_the_server_loads_models_with_the_sequential_runner(installed):
    assert rasa.core.processor.DaskGraphRunner is SequentialGraphRunner
    assert PATCHES["sequential_graph"].original is DaskGraphRunner


# ---- the intent model loaded for answering without a training step --------------------------

from rasa.nlu.classifiers.diet_classifier import DIETClassifier  # noqa: E402
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer  # noqa: E402
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer  # noqa: E402
from rasa.shared.nlu.training_data.message import Message  # noqa: E402
from rasa.shared.nlu.training_data.training_data import TrainingData  # noqa: E402
from rasa.utils.tensorflow.models import RasaModel  # noqa: E402
import tensorflow as tf  # noqa: E402

from rasa_patches import inference_load  # noqa: E402

DIET_EXAMPLES = [
    ("my eyelid keeps twitching", "inform"),
    ("my calf keeps jumping about this week", "inform"),
    ("thumb twitch since monday", "inform"),
    ("what causes twitching", "ask_question"),
    ("would more magnesium settle it down", "ask_question"),
    ("can stress bring on a flickering muscle", "ask_question"),
    ("yes", "affirm"),
    ("yeah it does", "affirm"),
    ("no", "deny"),
    ("not really", "deny"),
]
UNSEEN = ["eye twitching since tuesday", "does coffee cause it", "yep", "nope not at all", "hello there", ""]


@pytest.fixture(scope="module")
def small_diet(tmp_path_factory):
    """A small DIET (tokenizer, count vectors, 3 epochs) trained and stored the way `rasa train` stores it."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("diet"))
    context = ExecutionContext(GraphSchema({}), "test")
    tokenizer = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage, Resource("t"), context)
    featurizer = CountVectorsFeaturizer.create(
        CountVectorsFeaturizer.get_default_config(), storage, Resource("f"), context
    )
    data = TrainingData([Message(data={"text": text, "intent": intent}) for text, intent in DIET_EXAMPLES])
    tokenizer.process_training_data(data)
    featurizer.train(data)
    featurizer.process_training_data(data)
    config = {**DIETClassifier.get_default_config(), "epochs": 3, "random_seed": 7, "entity_recognition": False}
    resource = DIETClassifier.create(config, storage, Resource("diet"), context).train(data)

    def rankings():
        diet = DIETClassifier.load(config, storage, resource, context)
        messages = [Message(data={"text": text}) for text in UNSEEN]
        tokenizer.process(messages)
        featurizer.process(messages)
        diet.process(messages)
        rankings.last_loaded = diet
        return [[(r["name"], r["confidence"]) for r in m.get("intent_ranking")] for m in messages]

    return rankings


def test_the_intent_model_answers_exactly_as_when_loaded_by_rasa(small_diet):
    patch = inference_load.PATCH
    assert not patch.installed()
    original = small_diet()
    patch.apply()
    try:
        loaded = small_diet()
    finally:
        patch.restore()
    assert original and all(original)
    assert loaded == original  # the same intents in the same order, the same confidences to the bit
    assert small_diet.last_loaded.model._tf_predict_step._autograph is False  # traced without AutoGraph


def test_a_prediction_that_needs_autograph_is_traced_with_it(small_diet, monkeypatch):
    def needs_autograph(model, example):
        def traced(batch_in):
            raise tf.errors.OperatorNotAllowedInGraphError("using a tf.Tensor as a Python bool")

        return traced

    original = small_diet()
    monkeypatch.setattr(inference_load, "_traced_without_autograph", needs_autograph)
    patch = inference_load.PATCH
    patch.apply()
    try:
        loaded = small_diet()
    finally:
        patch.restore()
    assert loaded == original
    assert small_diet.last_loaded.model._tf_predict_step._autograph is True  # Rasa's own tracing


def test_loading_to_fine_tune_is_left_to_rasa(monkeypatch):
    calls = []
    monkeypatch.setattr(inference_load, "_original_load", classmethod(lambda cls, *a, **k: calls.append(a) or "rasa's"))
    assert inference_load._load(RasaModel, "file", "example", "predict", True) == "rasa's"
    assert inference_load._load(RasaModel, "file", "example", None, False) == "rasa's"
    assert len(calls) == 2


# ---- socket.io packets are parsed with JSON shape limits ------------------------------------

from socketio import packet as socketio_packet  # noqa: E402

from rasa_patches import socketio_json  # noqa: E402


@pytest.mark.parametrize(
    "encoded",
    [
        '2["user_uttered",{"message":"hi","session_id":"abc"}]',
        '2/chat,["session_request",{"session_id":"x"}]',
        '0{"sid":"abc"}',
    ],
)
def test_socketio_packets_decode_as_with_the_live_json(encoded, monkeypatch):
    original = socketio_packet.Packet(encoded_packet=encoded)
    monkeypatch.setattr(socketio_packet.Packet, "json", socketio_json.PATCH.replacement)
    ours = socketio_packet.Packet(encoded_packet=encoded)
    assert (ours.packet_type, ours.namespace, ours.data) == (original.packet_type, original.namespace, original.data)


def test_a_deeply_nested_socketio_packet_is_refused_not_recursed(monkeypatch):
    monkeypatch.setattr(socketio_packet.Packet, "json", socketio_json.PATCH.replacement)
    with pytest.raises(ValueError, match="nested more than"):
        socketio_packet.Packet(encoded_packet="2" + "[" * 5000 + "]" * 5000)
    assert socketio_json.PATCH.original is not socketio_json.PATCH.replacement


# ---- private names used without patching are still there ------------------------------------

import inspect  # noqa: E402

from rasa_patches import internals  # noqa: E402


@pytest.mark.parametrize("internal", internals.relied_on(), ids=lambda i: f"{i.used_by}:{i.needle[:30]}")
def test_each_private_name_relied_on_is_in_the_live_source(internal):
    assert internal.needle in inspect.getsource(
        internal.owner
    ), f"{internal.used_by} relies on {internal.needle!r} ({internal.why}); the installed library changed it"


def test_the_internals_used_are_listed():
    """Every private name of Rasa/aiogram used under channels/ and addons/ has a line in internals.py."""
    listed = " ".join(i.needle for i in internals.relied_on())
    for name in ("_event_query", "_graph_schema", "_instantiated_nodes", "_session"):
        assert name in listed


def test_the_model_package_is_rasas_archive_written_faster(tmp_path):
    """The same storage packed by Rasa's original and by the patch: the same files, byte for byte
    (the metadata differs only in the training time stamp and model id), compressed for speed."""
    import gzip
    import json
    import tarfile

    from rasa.engine.graph import GraphModelConfiguration, GraphSchema
    from rasa.engine.storage.local_model_storage import LocalModelStorage
    from rasa.engine.storage.resource import Resource
    from rasa.shared.core.domain import Domain
    from rasa.shared.data import TrainingType

    from rasa_patches import model_package

    (tmp_path / "storage").mkdir()
    storage = LocalModelStorage(tmp_path / "storage")
    with storage.write_to(Resource("weights")) as directory:
        (directory / "weights.bin").write_bytes(bytes(range(256)) * 4000)
        (directory / "notes.txt").write_text("a component's file " * 500)
    config = GraphModelConfiguration(GraphSchema({}), GraphSchema({}), TrainingType.BOTH, "id", "en", None, None)
    archives = {"rasa": tmp_path / "rasa.tar.gz", "patched": tmp_path / "patched.tar.gz"}
    model_package.PATCH.original(storage, archives["rasa"], config, Domain.empty())
    model_package.PATCH.replacement(storage, archives["patched"], config, Domain.empty())

    def contents(path):
        with tarfile.open(path) as tar:
            files = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
        metadata = json.loads(files.pop("metadata.json"))
        return files, sorted(k for k in metadata if k not in ("trained_at", "model_id")), metadata["assistant_id"]

    assert contents(archives["patched"]) == contents(archives["rasa"])
    assert "components/weights/weights.bin" in contents(archives["patched"])[0]
    # gzip's header says how hard it compressed (byte 8: 2 = slowest, 4 = fastest)
    assert archives["rasa"].read_bytes()[8] == 2 and archives["patched"].read_bytes()[8] == 4
    assert gzip.decompress(archives["patched"].read_bytes())  # a valid gzip stream
    assert rasa_patches.patches("train") == [model_package.PATCH]
