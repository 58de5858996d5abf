"""Trained objects inside the Rasa model (addons/stored_model.py): stored as plain pickles, read
back, read from a model trained before (a joblib file), and absent without failing the load."""

import joblib
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from addons.emergency_detector import EmergencyDetectorComponent
from addons.entry_retriever import EntryRetrieverComponent

TRAINED = {"weights": [0.5, -1.0], "vocabulary": {"twitch": 0, "eyelid": 1}}


@pytest.fixture
def storage(tmp_path):
    return LocalModelStorage(tmp_path)


def load(component, storage, resource):
    config = component.get_default_config()
    return component.load(config, storage, resource, ExecutionContext(GraphSchema({}), "test"))


@pytest.mark.parametrize("component", [EmergencyDetectorComponent, EntryRetrieverComponent])
def test_a_stored_object_is_read_back(component, storage):
    resource = Resource(component.__name__)
    created = component.create(
        component.get_default_config(), storage, resource, ExecutionContext(GraphSchema({}), "t")
    )
    created.store(TRAINED)
    with storage.read_from(resource) as directory:
        assert [p.name for p in directory.iterdir()] == [component.ARTIFACT] and component.ARTIFACT.endswith(".pkl")
    assert load(component, storage, resource).trained == TRAINED


@pytest.mark.parametrize("component", [EmergencyDetectorComponent, EntryRetrieverComponent])
def test_a_model_trained_before_the_pickles_is_still_read(component, storage):
    resource = Resource(component.__name__)
    with storage.write_to(resource) as directory:
        joblib.dump(TRAINED, directory / component.ARTIFACT.replace(".pkl", ".joblib"))
    assert load(component, storage, resource).trained == TRAINED


def test_a_model_without_the_object_loads_and_the_component_does_nothing(storage, caplog):
    loaded = load(EntryRetrieverComponent, storage, Resource("never-trained"))
    assert loaded.trained is None and EntryRetrieverComponent.MISSING in caplog.text
