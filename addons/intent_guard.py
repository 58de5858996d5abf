"""NLU component: a destructive intent needs the person's own words to say so, small talk
(greet, goodbye, help, bot_challenge) cannot be a message about twitching, and a plain no is
not "yes, one of these".

`restart` wipes the conversation (Rasa's RulePolicy maps it to action_restart) and `stop` ends
the symptom check without a result. Predicted for a message without any of its words ("Stress
from work", answering an intake question), it is replaced by nlu_fallback, so the message is
read as an answer or answered, never silently thrown away (twitchcare.nlp.DESTRUCTIVE_INTENTS).
The same for small talk predicted for a message that names twitching terms ("muscles jumping the
morning after the pub" is not a greeting: twitchcare.nlp.about_twitching). An answer to the
safety question that opens with a plain no and names no emergency sign, read as report_emergency
("No. He's sat here eating his lunch, swallowing fine"), becomes deny; the emergency screen's own
verdict on it still stands. Runs after the FallbackClassifier and the vocabulary extractor.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from twitchcare import nlp
from twitchcare.safety import find_emergency_signs

FALLBACK = "nlu_fallback"
DENY = "deny"
REPORT_EMERGENCY = "report_emergency"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class DestructiveIntentGuard(GraphComponent):
    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "DestructiveIntentGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name = intent.get(INTENT_NAME_KEY)
            says_so = nlp.DESTRUCTIVE_INTENTS.get(name)
            text = message.get(TEXT) or ""
            terms = sum(e.get("entity") in nlp.TWITCH_TERMS for e in message.get(ENTITIES) or [])
            misread = (
                (says_so is not None and not says_so(text))
                or (name in nlp.SMALL_TALK_INTENTS and nlp.about_twitching(text, terms))
                or (name in nlp.YES_NO_INTENTS and nlp.misread_yes_no(text, terms))
            )
            # The emergency screen still reads every message (addons/emergency_detector.py).
            plain_no = name == REPORT_EMERGENCY and nlp.misread_report_emergency(text, find_emergency_signs)
            if misread or plain_no:
                guarded = {INTENT_NAME_KEY: DENY if plain_no else FALLBACK, "confidence": intent.get("confidence", 0.0)}
                message.set(INTENT, guarded, add_to_output=True)
                ranking = message.get(INTENT_RANKING_KEY) or []
                message.set(
                    INTENT_RANKING_KEY,
                    [guarded] + [r for r in ranking if r.get(INTENT_NAME_KEY) != name],
                    add_to_output=True,
                )
        return messages
