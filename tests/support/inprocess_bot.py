"""The trained assistant in this process, for scoring whole conversations in bulk.

The Rasa agent loads models/twitch-assistant.tar.gz once, with the project's Rasa patches (as
`launcher.rasa_server` installs them); the custom actions run in rasa-sdk's own executor in this
process instead of the action server, and conversations are kept in memory. Every message goes
through the same model, policies, forms and actions as over REST; what is left out is the HTTP
hop, the tracker database and the process start-up, which the end-to-end tests cover.

The action call and its result are passed through JSON on the way, as they would be over HTTP,
and an action's rejection comes back to Rasa as the action server's 400 reply would
(`tests/unit/test_inprocess_bot.py` checks both).
"""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

from twitchcare.settings import PROJECT_ROOT

MODEL = PROJECT_ROOT / "models" / "twitch-assistant.tar.gz"


def action_endpoint(executor: Any) -> Any:
    """An action endpoint for Rasa that runs the action in `executor` (rasa_sdk's ActionExecutor)."""
    from rasa.utils.endpoints import ClientResponseError, EndpointConfig
    from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

    class InProcessActions(EndpointConfig):
        def __init__(self) -> None:
            super().__init__(url="in-process://actions")

        async def request(self, method: str = "post", subpath: Optional[str] = None, **kwargs: Any) -> Any:
            call = json.loads(json.dumps(kwargs["json"]))
            try:
                result = await executor.run(call)
            except ActionExecutionRejection as e:  # the action server answers 400 with this body
                raise ClientResponseError(
                    400, "Bad Request", json.dumps({"error": e.message, "action_name": e.action_name})
                )
            except ActionNotFoundException as e:  # ... and 404 with this one
                raise ClientResponseError(
                    404, "Not Found", json.dumps({"error": e.message, "action_name": e.action_name})
                )
            return json.loads(json.dumps(result))

    return InProcessActions()


class InProcessBot:
    """`send(text, sender)` returns the bot's messages as the REST channel would (dicts with
    "text" and "custom", read with tests/support/replies.py), like the end-to-end tests' `Bot`."""

    def __init__(self, agent: Any):
        self.agent = agent

    @classmethod
    async def load(cls, model: Path = MODEL) -> "InProcessBot":
        import rasa_patches
        from rasa.core.agent import load_agent
        from rasa.core.utils import AvailableEndpoints
        from rasa.utils.log_utils import configure_structlog
        from rasa_sdk.executor import ActionExecutor

        configure_structlog(logging.WARNING)  # unconfigured, Rasa logs every message at debug
        rasa_patches.install("rasa")
        executor = ActionExecutor()
        executor.register_package("actions")
        agent = await load_agent(str(model), endpoints=AvailableEndpoints(action=action_endpoint(executor)))
        return cls(agent)

    async def send(self, text: str, sender: Optional[str] = None) -> List[Dict[str, Any]]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        output = CollectingOutputChannel()
        await self.agent.handle_message(UserMessage(text, output, sender or uuid.uuid4().hex))
        return list(output.messages)
