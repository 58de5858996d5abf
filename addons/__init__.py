"""Custom Rasa graph components (NLU components, the emergency policy) and the tracker store.

They are public extension points and thin: the logic they apply lives in `twitchcare/`.
Importing this package changes nothing in Rasa; patches live in `rasa_patches/`.
"""
