"""NLU component: the learned knowledge-entry retriever (twitchcare/retrieval.py).

Trained by `rasa train` from the knowledge entries (titles, sample questions), the question
corpora named in config.yml and the NLU examples of `out_of_scope`; stored in the model and
run on every message, adding

    "knowledge": {"entry": id or "out_of_scope", "probability": float, "ranking": [[id, p], ...],
                  "aspect": what is asked about it (definition, cause, foods...), "aspect_probability": float,
                  "aspects": [[aspect, p], ...] (the three most likely)}

to the parse data, which the answer action uses before its entity rules
(actions/actions.py). Retrained with --force when its files change (train_if_changed).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.stored_model import StoredModelComponent
from twitchcare import knowledge, retrieval

logger = logging.getLogger(__name__)
KNOWLEDGE_KEY = "knowledge"
ARTIFACT = "retriever.joblib"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class EntryRetrieverComponent(StoredModelComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"question_files": [], "out_of_scope_intent": "out_of_scope"}

    ARTIFACT = ARTIFACT
    # a model without it still answers through the entity rules
    MISSING = "No trained entry retriever in this model: answers use the entity rules alone."

    def train(self, training_data: TrainingData) -> Resource:
        question_files = [Path(name) for name in self.config["question_files"]]
        examples = retrieval.training_examples(
            knowledge.default_kb().entries.values(),
            question_files,
            [m.get(TEXT) for m in training_data.intent_examples if m.get(INTENT) == self.config["out_of_scope_intent"]],
        )
        aspects = retrieval.aspect_examples(question_files)
        logger.info("Entry retriever trained on %d questions, its aspect model on %d", len(examples), len(aspects))
        return self.store(retrieval.train(examples, aspects))

    def process(self, messages: List[Message]) -> List[Message]:
        if self.trained is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip() or text.startswith("/"):
                continue
            verdict = self.trained.predict(text)
            message.set(
                KNOWLEDGE_KEY,
                {
                    "entry": verdict.entry,
                    "probability": verdict.probability,
                    "ranking": [list(r) for r in verdict.ranking],
                    "aspect": verdict.aspect,
                    "aspect_probability": verdict.aspect_probability,
                    "aspects": [list(a) for a in verdict.aspect_ranking],
                },
                add_to_output=True,
            )
        return messages
