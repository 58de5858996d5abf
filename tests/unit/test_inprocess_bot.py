"""The in-process action endpoint (tests/support/inprocess_bot.py) hands Rasa what the action
server would: the result after a JSON round trip, and a rejection as the 400 reply RemoteAction reads."""

import asyncio
import json

import pytest
from rasa.utils.endpoints import ClientResponseError
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException

from tests.support.inprocess_bot import action_endpoint


class FakeExecutor:
    def __init__(self, outcome):
        self.outcome, self.calls = outcome, []

    async def run(self, call):
        self.calls.append(call)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


def request(executor, body):
    return asyncio.run(action_endpoint(executor).request(json=body, method="post", timeout=10, compress=False))


def test_the_call_and_the_result_go_through_json():
    result = {"events": [{"event": "slot", "name": "n", "value": (1, 2)}], "responses": []}
    executor = FakeExecutor(result)
    body = {"next_action": "action_x", "tracker": {"slots": {"when": (3, 4)}}}
    got = request(executor, body)
    assert executor.calls == [{"next_action": "action_x", "tracker": {"slots": {"when": [3, 4]}}}]
    assert got == {"events": [{"event": "slot", "name": "n", "value": [1, 2]}], "responses": []}
    assert got is not result


@pytest.mark.parametrize(
    "error,status",
    [(ActionExecutionRejection("action_x", "no"), 400), (ActionNotFoundException("action_x"), 404)],
)
def test_a_rejection_comes_back_as_the_action_servers_reply(error, status):
    with pytest.raises(ClientResponseError) as raised:
        request(FakeExecutor(error), {"next_action": "action_x"})
    assert raised.value.status == status
    assert json.loads(raised.value.text)["action_name"] == "action_x"  # what RemoteAction.run reads
