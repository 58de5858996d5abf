"""Rasa input/output channels: REST, the website widget (socket.io), Telegram and Slack.

Which channels run is decided from the environment (twitchcare.settings) by the launcher
(`launcher/config.py`), which writes the credentials file the server starts with. Importing
this package changes nothing in Rasa or Sanic: the launcher installs `rasa_patches` and the
log masking at process start.
"""
