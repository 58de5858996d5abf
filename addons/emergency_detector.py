"""NLU component: the learned emergency detector (twitchcare/emergency_detector.py).

Trained by `rasa train` (so `make train`) from the labelled corpora named in config.yml,
stored inside the model archive, and run on every message: it adds

    "emergency": {"emergency": bool, "probability": float, "check": bool, "as_answer": bool,
                  "signs": [ids], "mentioned": [ids]}

to the parse data. An emergency verdict makes `EmergencyPolicy` take over ("as_answer" is
the stricter verdict for an answer inside the symptom check) and
`action_emergency` names the signs it heard; a verdict just under the bar ("check") puts the
safety check before the answer; answers add a plain "call at once if..." line for signs that
were only mentioned (past, resolved, hypothetical).

`rasa train` caches components by their configuration, not by the content of the files they
read; `scripts/train_if_changed.py` fingerprints those files and trains with `--force`. The fit
goes through the fit store (twitchcare/fit_cache.py), keyed by the examples and the code that
fits them: `make train` makes it beside `rasa train` (scripts/prefit.py) and this component
reads it back.
"""

from __future__ import annotations

import logging
from dataclasses import astuple
from pathlib import Path
from typing import Any, Dict, List, Text

import numpy
import sklearn

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from addons.stored_model import FIT_STORE, StoredModelComponent
from twitchcare import durations, emergency_detector, fast_scoring, fit_cache, regex_literals, safety, text

logger = logging.getLogger(__name__)
EMERGENCY_KEY = "emergency"
ARTIFACT = emergency_detector.ARTIFACT
FIT_NAME = "emergency-detector"
# The code the fit runs besides its examples (the rules choose the bars; text normalises).
FIT_SOURCES = [Path(m.__file__) for m in (emergency_detector, safety, regex_literals, text, durations, fast_scoring)]


def training_examples(config: Dict[Text, Any]) -> List[emergency_detector.Example]:
    """What the detector is fitted on, from the component's configuration (config.yml)."""
    examples = emergency_detector.load_examples(Path(name) for name in config["training_files"])
    if config.get("negative_nlu_dir"):
        nlu_files = sorted(Path(config["negative_nlu_dir"]).glob("*.yml"))
        examples += emergency_detector.nlu_negatives(nlu_files, skip_intents=["report_emergency"])
    if config.get("intake_answers"):
        examples += emergency_detector.intake_answer_negatives()
    examples += emergency_detector.intake_answer_examples(Path(name) for name in config.get("intake_answer_files", []))
    examples += emergency_detector.vignette_negatives(Path(name) for name in config.get("vignette_files", []))
    seen: set = set()  # one example per text (the first file's label wins)
    return [e for e in examples if not (e.text.strip().lower() in seen or seen.add(e.text.strip().lower()))]


def fitted(config: Dict[Text, Any], store: Path = FIT_STORE) -> emergency_detector.EmergencyDetector:
    """The trained detector: read back from the fit store when these examples were fitted before
    (`make train` makes the fit beside `rasa train`: scripts/prefit.py)."""
    examples = training_examples(config)
    key = fit_cache.key([astuple(e) for e in examples], sklearn.__version__, numpy.__version__, sources=FIT_SOURCES)
    detector = fit_cache.FitCache(store).get_or_fit(FIT_NAME, key, lambda: emergency_detector.train(examples))
    logger.info("Emergency detector trained on %d messages: %s", len(examples), detector.cv_report)
    return detector


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class EmergencyDetectorComponent(StoredModelComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "training_files": [],
            "negative_nlu_dir": "data/nlu",
            "intake_answers": True,
            "intake_answer_files": [],
            "vignette_files": [],
        }

    ARTIFACT = ARTIFACT
    # a model without the detector still screens with the rules
    MISSING = "No trained emergency detector in this model: the rules alone screen messages."

    def train(self, training_data: TrainingData) -> Resource:
        return self.store(fitted(self.config))

    def process(self, messages: List[Message]) -> List[Message]:
        if self.trained is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if not text or text.startswith("/"):
                continue
            found = self.trained.assess(text)
            message.set(
                EMERGENCY_KEY,
                {
                    "emergency": found.emergency,
                    "probability": round(found.probability, 4),
                    "check": found.check,
                    "as_answer": found.as_answer,
                    "signs": [s.id for s in found.signs],
                    "mentioned": list(found.mentioned),
                },
                add_to_output=True,
            )
        return messages
