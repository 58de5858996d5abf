"""NLU component: the learned knowledge-entry retriever (twitchcare/retrieval.py).

Trained by `rasa train` from the knowledge entries (titles, sample questions), the question
corpora named in config.yml and the NLU examples of `out_of_scope`; stored in the model and
run on every message, adding

    "knowledge": {"entry": id or "out_of_scope", "probability": float, "ranking": [[id, p], ...],
                  "aspect": what is asked about it (definition, cause, foods...), "aspect_probability": float,
                  "aspects": [[aspect, p], ...] (the three most likely)}

to the parse data, which the answer action uses before its entity rules
(actions/actions.py). Retrained with --force when its files change (train_if_changed). Its fit
goes through the fit store (twitchcare/fit_cache.py): `make train` makes the same fit beside
`rasa train` (scripts/prefit.py), and this component reads it back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence, Text, Tuple

import numpy
import sklearn

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.stored_model import FIT_STORE, StoredModelComponent
from twitchcare import fit_cache, knowledge, retrieval, softmax_fit

logger = logging.getLogger(__name__)
KNOWLEDGE_KEY = "knowledge"
ARTIFACT = "retriever.pkl"
FIT_NAME = "entry-retriever"


def fit_inputs(
    question_files: Iterable[Text], out_of_scope: Iterable[Text]
) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """What the retriever is fitted on: (question, entry) examples and (question, aspect) ones."""
    files = [Path(name) for name in question_files]
    examples = retrieval.training_examples(knowledge.default_kb().entries.values(), files, out_of_scope)
    return examples, retrieval.aspect_examples(files)


def fit_key(examples: Sequence[Tuple[str, str]], aspects: Sequence[Tuple[str, str]]) -> str:
    """The fit store's key: the examples in order, and the code and libraries that fit them."""
    return fit_cache.key(
        list(examples),
        list(aspects),
        sklearn.__version__,
        numpy.__version__,
        sources=[Path(retrieval.__file__), Path(softmax_fit.__file__)],
    )


def fitted(question_files: Iterable[Text], out_of_scope: Iterable[Text], store: Path = FIT_STORE) -> Any:
    """The trained retriever: read back from the fit store when these inputs were fitted before."""
    examples, aspects = fit_inputs(question_files, out_of_scope)
    logger.info("Entry retriever trained on %d questions, its aspect model on %d", len(examples), len(aspects))
    return fit_cache.FitCache(store).get_or_fit(
        FIT_NAME, fit_key(examples, aspects), lambda: retrieval.train(examples, aspects)
    )


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class EntryRetrieverComponent(StoredModelComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"question_files": [], "out_of_scope_intent": "out_of_scope"}

    ARTIFACT = ARTIFACT
    # a model without it still answers through the entity rules
    MISSING = "No trained entry retriever in this model: answers use the entity rules alone."

    def train(self, training_data: TrainingData) -> Resource:
        return self.store(fitted(self.config["question_files"], out_of_scope_texts(training_data, self.config)))

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


def out_of_scope_texts(training_data: TrainingData, config: Dict[Text, Any]) -> List[Text]:
    """The NLU examples of the out-of-scope intent (`config` holds the component's defaults), in the
    training data's order."""
    return [m.get(TEXT) for m in training_data.intent_examples if m.get(INTENT) == config["out_of_scope_intent"]]
