"""Findings outside the pure core: evaluating and storing them, their API, the per-athlete advice
policy, the plan check, and the advice-check command with its scenario format.

The rules themselves are pure (:mod:`service.training.rules`); the workers, the API's plan check
and the CLI all run them through the same ``evaluate``.
"""
