"""The advice rules of DOMAIN §1.4 and §1.6, one module per rule family, and ``evaluate``.

::

    evaluate(athlete, flags, policy, activities, checkins, start, end,
             *, missing_days, history_start, held_back_from, episodes, confirmed_days)
    sync_stale_finding(day, source, hours_since_success, needs_reauth) -> Finding | None
"""

from __future__ import annotations

from service.training.rules.cooldown import COOLDOWN_DAYS, apply_cooldown
from service.training.rules.evaluate import (
    RULE_IDS,
    SYMPTOM_RULE_PREFIXES,
    evaluate,
    is_symptom_rule,
)
from service.training.rules.inputs import AthleteFlag
from service.training.rules.sync import sync_stale_finding

__all__ = [
    "COOLDOWN_DAYS",
    "RULE_IDS",
    "SYMPTOM_RULE_PREFIXES",
    "AthleteFlag",
    "apply_cooldown",
    "evaluate",
    "is_symptom_rule",
    "sync_stale_finding",
]
