"""The common part of NLU components whose trained object lives inside the Rasa model archive:
stored with joblib by `train`, read back by `load`, and absent (None) when the model has none,
so the component degrades to doing nothing rather than failing to load."""

from __future__ import annotations

import logging
from typing import Any, Dict, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)


class StoredModelComponent(GraphComponent):
    ARTIFACT = "model.joblib"  # the file name inside the component's model storage
    MISSING = "No trained object in this model."  # logged when a model lacks it

    def __init__(
        self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, trained: Optional[Any] = None
    ) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.trained = trained

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "StoredModelComponent":
        return cls(config, model_storage, resource)

    def store(self, trained: Any) -> Resource:
        self.trained = trained
        with self.model_storage.write_to(self.resource) as directory:
            joblib.dump(trained, directory / self.ARTIFACT)
        return self.resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "StoredModelComponent":
        trained = None
        try:
            with model_storage.read_from(resource) as directory:
                trained = joblib.load(directory / cls.ARTIFACT)
        except Exception:
            logger.warning(cls.MISSING)
        return cls(config, model_storage, resource, trained)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
