import pytest

from twitchcare.privacy import mask, mask_text


@pytest.mark.parametrize(
    "text,expected",
    [
        ("call me on 07700 900123 please", "call me on [phone] please"),
        ("my number is +44 (0)20 7946 0958", "my number is [phone]"),
        ("mail jane.doe+x@example.co.uk now", "mail [email] now"),
        ("twitching for 3 days since 2024", "twitching for 3 days since 2024"),
        ("I'm 35 and it lasted 10 days", "I'm 35 and it lasted 10 days"),
        ("555-0100-22 or 555 0100", "[phone] or [phone]"),
        ("between 10 and 20 times", "between 10 and 20 times"),
    ],
)
def test_mask_text(text, expected):
    assert mask_text(text) == expected


def test_mask_reaches_nested_event_data():
    event = {"text": "ring 07700900123", "parse_data": {"text": "ring 07700900123", "entities": []}}
    assert mask(event) == {"text": "ring [phone]", "parse_data": {"text": "ring [phone]", "entities": []}}


# -- every log record of the process is masked (install_log_masking) ---------------------------
import io  # noqa: E402
import logging  # noqa: E402
import warnings  # noqa: E402

import pytest  # noqa: E402

from twitchcare.privacy import install_log_masking  # noqa: E402

PII = "ring +44 7700 900123 or mail jo@example.com"


@pytest.fixture
def isolated_logger():
    """A logger with its own handler that does not propagate: what Sanic and rasa-sdk set up."""
    install_log_masking()
    stream = io.StringIO()
    logger = logging.getLogger("test.isolated." + str(id(stream)))
    logger.propagate = False
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield logger, stream
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    "log",
    [
        lambda lg: lg.info(PII),
        lambda lg: lg.info("user said %s", PII),
        lambda lg: lg.info("user said %r", PII),
        lambda lg: lg.info("%s", {"text": PII, "nested": [PII]}),
        lambda lg: lg.info("%s", ValueError(PII)),
        lambda lg: lg.warning("token: %s", "https://x/webhook?token=s3cret&y=1"),
    ],
)
def test_records_of_loggers_with_their_own_handlers_are_masked(isolated_logger, log):
    logger, stream = isolated_logger
    log(logger)
    out = stream.getvalue()
    assert "7700" not in out and "jo@example.com" not in out and "s3cret" not in out, out


def test_tracebacks_are_masked(isolated_logger):
    logger, stream = isolated_logger
    try:
        raise ValueError(f"could not parse {PII}")
    except ValueError:
        logger.exception("failed")
    assert "Traceback" in stream.getvalue() and "jo@example.com" not in stream.getvalue()


def test_python_warnings_go_through_the_masked_log():
    install_log_masking()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("py.warnings").addHandler(handler)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            # pytest records warnings with its own showwarning: route them through logging again.
            logging.captureWarnings(False)
            logging.captureWarnings(True)
            warnings.warn(f"Failed to parse {PII}")
    finally:
        logging.getLogger("py.warnings").removeHandler(handler)
    assert "Failed to parse" in stream.getvalue() and "jo@example.com" not in stream.getvalue()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("call me on 07700 900123 or anna@example.org", ["07700 900123", "anna@example.org"]),
        ("+44 (20) 7946-0000", ["+44 (20) 7946-0000"]),
        ("twitching for 3 days since 2024", []),
        ("07700 900123 again: 07700 900123", ["07700 900123"]),
        ("", []),
    ],
)
def test_find_contacts(text, expected):
    from twitchcare.privacy import find_contacts

    assert find_contacts(text) == expected
