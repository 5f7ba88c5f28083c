"""The cooldown: a rule fires at most once per athlete, region and 7 days unless its severity rises.

Candidates are walked in date order per (rule, region). A candidate is kept when nothing was kept
in the 7 days before it (``days`` ≥ 7 since the last kept one), or when it is more severe than the
last kept one; every kept finding opens a new window, and its period key is the day it opened. The
walk only looks back, so later data never changes which earlier findings are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from service.training.findings import Finding
from service.training.symptoms import Region

COOLDOWN_DAYS = 7


def apply_cooldown(candidates: Iterable[Finding], days: int = COOLDOWN_DAYS) -> list[Finding]:
    """The candidates the cooldown keeps, in date order (then rule id, then region)."""
    by_key: dict[tuple[str, Region | None], list[Finding]] = defaultdict(list)
    for candidate in candidates:
        by_key[(candidate.rule, candidate.region)].append(candidate)
    kept: list[Finding] = []
    for group in by_key.values():
        group.sort(key=lambda finding: (finding.date, -finding.severity.rank))
        last: Finding | None = None
        for candidate in group:
            quiet = last is None or (candidate.date - last.date).days >= days
            if quiet or (last is not None and candidate.severity.rank > last.severity.rank):
                kept.append(candidate)
                last = candidate
    kept.sort(key=lambda finding: finding.order_key)
    return kept
