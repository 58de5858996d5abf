"""Rasa input/output channels: the website widget (socket.io), Telegram and Slack.

Which channels run is decided from the environment (twitchcare.settings) by
scripts/credentials.py, which writes the credentials file the server starts with.
"""

# The Rasa server imports this package (its credentials name these channels) before it starts
# serving: this is where its process-wide protections are installed, once.
from rasa_patches import install_http_guard  # noqa: E402
from twitchcare.privacy import install_log_masking  # noqa: E402
from twitchcare.settings import SETTINGS  # noqa: E402

install_log_masking()
install_http_guard(receive_deadline_s=SETTINGS.http_receive_deadline_s)
