"""Custom Rasa graph components (NLU extractor and dialogue policy).

They are thin: the logic they apply lives in `twitchcare/`.
"""

# Hardening: a failing or slow action server gets an apology with the emergency number
# instead of silence (see addons/action_fallback.py). Installed here because every process
# that loads the model imports this package (policies, NLU component, tracker store).
from addons import action_fallback  # noqa: E402

action_fallback.install()

# Speed: equivalent code for two Rasa 3.6 hot spots (see addons/speedups.py).
from addons import speedups  # noqa: E402

speedups.install()
