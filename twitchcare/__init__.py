"""Pure logic of the twitching assistant: no Rasa imports here.

Rasa glue lives in `actions/` (custom actions) and `addons/` (NLU component and
policy); both call into this package so the logic is unit-testable on its own.
"""
