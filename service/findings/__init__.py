"""Findings outside the pure core: evaluating and storing them, what a person does with one
(see it, acknowledge it, snooze its alerts: the API, the dashboard and the email link pages all
go through ``service``), the per-athlete advice policy, the plan check, and the advice-check
command with its scenario format.

The rules themselves are pure (:mod:`service.training.rules`); the workers, the API's plan check
and the CLI all run them through the same ``evaluate``.
"""
