"""The cooldown: a rule fires at most once per athlete, region and 7 days unless its severity rises
(DOMAIN §1.4), except that an urgent finding is never held back and ``episode.*`` findings, which
their rules raise once per episode, are not held back either (§1.6.4).

Candidates are walked in date order per (rule, region). A candidate is kept when nothing was kept
in the 7 days before it (``days`` ≥ 7 since the last kept one), or when it is more severe than the
last kept one, or when it is urgent (at most one a day); every kept finding opens a new window,
and its period key is the day it opened. The walk only looks back, so later data never changes
which earlier findings are kept.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from service.training.findings import Finding, Severity
from service.training.symptoms import Region

COOLDOWN_DAYS = 7
ONCE_PER_EPISODE = "episode."


def _keeps(candidate: Finding, last: Finding | None, days: int) -> bool:
    if last is None:
        return True
    if candidate.rule.startswith(ONCE_PER_EPISODE):
        return candidate.date != last.date
    if candidate.severity is Severity.URGENT:
        return candidate.date != last.date or last.severity is not Severity.URGENT
    quiet = (candidate.date - last.date).days >= days
    return quiet or candidate.severity.rank > last.severity.rank


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
            if _keeps(candidate, last, days):
                kept.append(candidate)
                last = candidate
    kept.sort(key=lambda finding: finding.order_key)
    return kept
