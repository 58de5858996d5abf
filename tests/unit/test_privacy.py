import pytest

from twitchcare.privacy import mask, mask_text


@pytest.mark.parametrize("text,expected", [
    ("call me on 07700 900123 please", "call me on [phone] please"),
    ("my number is +44 (0)20 7946 0958", "my number is [phone]"),
    ("mail jane.doe+x@example.co.uk now", "mail [email] now"),
    ("twitching for 3 days since 2024", "twitching for 3 days since 2024"),
    ("I'm 35 and it lasted 10 days", "I'm 35 and it lasted 10 days"),
    ("555-0100-22 or 555 0100", "[phone] or [phone]"),
    ("between 10 and 20 times", "between 10 and 20 times"),
])
def test_mask_text(text, expected):
    assert mask_text(text) == expected


def test_mask_reaches_nested_event_data():
    event = {"text": "ring 07700900123", "parse_data": {"text": "ring 07700900123", "entities": []}}
    assert mask(event) == {"text": "ring [phone]", "parse_data": {"text": "ring [phone]", "entities": []}}
