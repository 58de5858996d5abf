"""Custom Rasa graph components (NLU extractor and dialogue policy).

They are thin: the logic they apply lives in `twitchcare/`.
"""
