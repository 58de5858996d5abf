"""NLU component: lay-term entities (body parts, causes, symptoms...) from the vocabulary.

Entities carry canonical values ("eye jumping" -> body_part=eyelid). A term denied
in its clause ("no weakness") gets the role `negated`, so slot mappings and the
knowledge selection can ignore it. The vocabulary is read when the model loads,
so editing knowledge/vocabulary.yml needs a server restart, not retraining.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from twitchcare import nlp

NEGATED_ROLE = "negated"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False)
class LayTermExtractor(GraphComponent, EntityExtractorMixin):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LayTermExtractor":
        return cls()

    def __init__(self) -> None:
        self.matcher = nlp.default_matcher()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            found = []
            for term in self.matcher.find(text):
                entity = {
                    "entity": term.entity,
                    "value": term.value,
                    "start": term.start,
                    "end": term.end,
                    "confidence_entity": 1.0,
                }
                if term.negated:
                    entity["role"] = NEGATED_ROLE
                found.append(entity)
            message.set(ENTITIES, message.get(ENTITIES, []) + self.add_extractor_name(found), add_to_output=True)
        return messages
