"""Findings outside the pure core: the advice-check command and its scenario format.

The rules themselves are pure (:mod:`service.training.rules`); this package reads scenarios and
check-in records as JSON and runs them through the same ``evaluate`` the workers call.
"""
