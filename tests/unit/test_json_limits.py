"""JSON shape limits (twitchcare/json_limits.py) and the input checks that use them."""

import json

import pytest

from twitchcare.screening import screen_message, valid_sender_id
from twitchcare import json_limits


@pytest.mark.parametrize(
    "text,problem",
    [
        ('{"sender": "a", "message": "hi"}', None),
        ("[" * 20 + "]" * 20, None),
        ("[" * 21 + "]" * 21, "nested more than 20 levels deep"),
        ("[" * 5000, "nested more than 20 levels deep"),  # unclosed: still refused
        ('{"a": "' + "[" * 100 + '"}', None),  # brackets inside a string
        ('{"a": "\\"' + "[" * 100 + '"}', None),  # ... after an escaped quote
        ('{"a": "x:y:z"}', None),  # colons inside strings
        (json.dumps({f"k{i}": i for i in range(500)}), None),
        (json.dumps({f"k{i}": i for i in range(501)}), "more than 500 keys"),
        (b'{"bytes": [[1]]}', None),
        (b"\xff\xfe[[", None),  # not UTF-8: json.loads refuses it
    ],
)
def test_check_shape(text, problem):
    assert json_limits.check_shape(text) == problem


def test_loads_refuses_before_parsing_and_is_a_value_error():
    with pytest.raises(ValueError, match="nested"):
        json_limits.loads("[" * 100_000 + "]" * 100_000)  # json.loads would raise RecursionError
    assert json_limits.loads('{"a": [1, {"b": 2}]}') == {"a": [1, {"b": 2}]}


@pytest.mark.parametrize(
    "sender,valid",
    [
        ("3f2a9c0e1b7d4e8f9a0b1c2d3e4f5a6b", True),
        ("startup-probe", True),
        ("T1:U2", True),
        ("a.b_c=d", True),
        ("jane@example.com", False),
        ("07700900123", False),
        ("+447700900123", False),
        ("a b", False),
        ("line\nbreak", False),
        ("", False),
        ("x" * 255, True),
        ("x" * 256, False),
        ("<script>", False),
        (42, False),
        (None, False),
        ("ünï", False),
        ("scale-alternate-874270-00", True),
        ("user-20261201-0042", True),
        ("0770.090.0123", False),
        ("123456", True),
    ],
)
def test_sender_ids(sender, valid):
    assert valid_sender_id(sender) is valid


@pytest.mark.parametrize(
    "text,expected_text,error",
    [
        ("/greet", "/greet", None),
        ('/ask_topic{"topic": "magnesium"}', '/ask_topic{"topic": "magnesium"}', None),
        ('/ask_topic{"topic": ' + "[" * 500 + "]" * 500 + "}", "", "payload_too_complex"),
        ("/jane@example.com", "jane@example.com", None),  # typed text, not a button: read as text
        ("/ask_topic{broken", "ask_topic{broken", None),
        ("/", "", "empty_message"),
        ("my eyelid [[[[[[[[[[[[[[[[[[[[[[[[[ twitches", "my eyelid [[[[[[[[[[[[[[[[[[[[[[[[[ twitches", None),
    ],
)
def test_screen_message_button_payloads(text, expected_text, error):
    screened = screen_message(text)
    assert (screened.text, screened.error) == (expected_text, error)
