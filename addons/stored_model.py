"""The common part of NLU components whose trained object lives inside the Rasa model archive:
stored as a plain pickle by `train` (twitchcare/fit_cache.py says why not joblib), read back by
`load`, and absent (None) when the model has none, so the component degrades to doing nothing
rather than failing to load. Models trained before 2026-12-03 hold a joblib file instead
(`<name>.joblib`), which `load` still reads."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, Optional, Text

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.training_data import TrainingData

from twitchcare import fit_cache
from twitchcare.settings import PROJECT_ROOT

logger = logging.getLogger(__name__)
# Where the learned components' fits are kept between trainings (twitchcare/fit_cache.py).
FIT_STORE = PROJECT_ROOT / "models" / "fit-store"


class StoredModelComponent(GraphComponent):
    ARTIFACT = "model.pkl"  # the file name inside the component's model storage
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
            fit_cache.dump(trained, directory / self.ARTIFACT)
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
                trained = cls._read(Path(directory))
        except Exception:
            logger.warning(cls.MISSING)
        return cls(config, model_storage, resource, trained)

    @classmethod
    def _read(cls, directory: Path) -> Any:
        legacy = directory / Path(cls.ARTIFACT).with_suffix(".joblib").name
        if not (directory / cls.ARTIFACT).exists() and legacy.exists():
            return joblib.load(legacy)
        return fit_cache.load(directory / cls.ARTIFACT)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
