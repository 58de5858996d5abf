"""Dialogue policy that puts emergencies first, at any turn.

Whatever else is happening (a question, an open form), when the latest user
message reports an emergency (the verdict of the emergency screen, rules plus the
learned detector, in the parse data) or answers
"Yes, one of these" to the safety check, this policy predicts
`action_emergency` with full confidence. It marks the prediction as a
"no user" prediction so it also outranks an active form's happy path, and its
priority is above RulePolicy's so ties go to safety.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from addons.emergency_detector import EMERGENCY_KEY
from twitchcare import render
from twitchcare.emergency_detector import takes_over_as_answer
from twitchcare.safety import find_emergency_signs

EMERGENCY_ACTION = "action_emergency"
REPORT_EMERGENCY_INTENT = "report_emergency"
# The intake's own safety question (twitchcare.intake).
SAFETY_SLOT = "emergency_screen"


def asked_safety_question(tracker: DialogueStateTracker) -> bool:
    """The assistant's last turn asked whether any of the emergency signs is happening now: the
    intake's safety question, or the safety check sent before an answer (its buttons)."""
    if tracker.active_loop_name and tracker.get_slot("requested_slot") == SAFETY_SLOT:
        return True
    seen_user = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_user:
                return False
            seen_user = True  # the message being answered now
        elif isinstance(event, BotUttered) and seen_user:
            buttons = (event.data or {}).get("buttons") or []
            if any(b.get("payload") == render.REPORT_EMERGENCY_PAYLOAD for b in buttons if isinstance(b, dict)):
                return True
    return False


def reports_emergency(tracker: DialogueStateTracker) -> bool:
    """The emergency screen's verdict on the latest message (addons/emergency_detector.py: the
    rules of twitchcare.safety and the learned detector together), or "Yes, one of these" to
    the safety check (the button, or the intent right after the safety question). A model
    trained without the detector falls back to the rules alone."""
    message = tracker.latest_message
    if message is None:
        return False
    # "Yes, one of these": the button, or the intent when the safety question was just asked.
    # Elsewhere the intent alone ("spreading up slowly, no weakness" read as it) is no verdict:
    # the emergency screen below decides.
    if (message.text or "").strip().startswith(render.REPORT_EMERGENCY_PAYLOAD):
        return True
    if (message.intent or {}).get("name") == REPORT_EMERGENCY_INTENT and asked_safety_question(tracker):
        return True
    verdict = (message.parse_data or {}).get(EMERGENCY_KEY)
    if isinstance(verdict, dict):
        requested_slot = tracker.get_slot("requested_slot")
        if tracker.active_loop_name and requested_slot:
            # An answer to an intake question: the model alone needs a higher bar here, and places
            # alone answering "where?" never take over (the intake asks its safety question again
            # instead: actions/assessment.py).
            return takes_over_as_answer(verdict, requested_slot, message.text or "")
        return bool(verdict.get("emergency"))
    return bool(find_emergency_signs(message.text or ""))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False)
class EmergencyPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"priority": 7}

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Optional[Any] = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: Optional[Dict[Text, Any]] = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        last_action = tracker.latest_action_name
        if last_action == EMERGENCY_ACTION:
            # After the emergency reply, wait for the person.
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
            return self._prediction(probabilities, is_no_user_prediction=True)
        if last_action == ACTION_LISTEN_NAME and reports_emergency(tracker):
            probabilities[domain.index_for_action(EMERGENCY_ACTION)] = 1.0
            return self._prediction(probabilities, is_no_user_prediction=True)
        return self._prediction(probabilities)
