"""Rasa input/output channels: the website widget (socket.io), Telegram and Slack.

Which channels run is decided from the environment (twitchcare.settings) by
scripts/credentials.py, which writes the credentials file the server starts with.
"""
