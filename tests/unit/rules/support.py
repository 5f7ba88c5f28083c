"""Builders for rule tests: activities from day-by-day kilometres, inputs, findings by day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from service.training.findings import Finding
from service.training.measures import AthleteParams, SessionInput
from service.training.policy import DEFAULT_POLICY, Policy, validate_overrides
from service.training.rules import AthleteFlag, evaluate
from service.training.rules.inputs import RuleInputs, build_inputs
from service.training.symptoms import AnyCheckin

DAY0 = dt.date(2026, 1, 5)  # a Monday
TIMEZONE = "Europe/Amsterdam"
ATHLETE = AthleteParams(timezone=TIMEZONE, sex="female", hr_rest=50, hr_max=190)
ZONE = ZoneInfo(TIMEZONE)


def day(offset: int) -> dt.date:
    """The day ``offset`` days after DAY0."""
    return DAY0 + dt.timedelta(days=offset)


def session(offset: int, km: float, sport: str = "running", hour: int = 8) -> SessionInput:
    """One session on day ``offset`` at ``hour`` local time: ``km`` at 6 min/km (or 1 h ride)."""
    start = dt.datetime.combine(day(offset), dt.time(hour), tzinfo=ZONE)
    minutes = km * 6 if sport != "cycling" else 60.0
    return SessionInput(
        start=start, sport=sport, duration_s=minutes * 60, distance_m=km * 1000, rpe=5
    )


def runs(kms: Sequence[float], first: int = 0, sport: str = "running") -> list[SessionInput]:
    """One session per day from day ``first`` on; a 0 is a rest day (no session)."""
    return [session(first + offset, km, sport) for offset, km in enumerate(kms) if km]


def sparse(runs_by_day: Mapping[int, float], sport: str = "running") -> list[SessionInput]:
    """Sessions on the given day offsets only."""
    return [session(offset, km, sport) for offset, km in sorted(runs_by_day.items())]


def inputs_for(
    activities: Sequence[SessionInput] = (),
    checkins: Sequence[AnyCheckin] = (),
    *,
    end: int,
    flags: Iterable[AthleteFlag] = (),
    policy: Policy | Mapping[str, Mapping[str, object]] = DEFAULT_POLICY,
    missing: Collection[int] = (),
    history_start: int | None = None,
) -> RuleInputs:
    checked = policy if isinstance(policy, Policy) else validate_overrides(policy)
    return build_inputs(
        ATHLETE,
        frozenset(flags),
        checked,
        activities,
        checkins,
        day(end),
        missing_days={day(offset) for offset in missing},
        history_start=None if history_start is None else day(history_start),
    )


def on_day(findings: Iterable[Finding], offset: int) -> list[Finding]:
    return [finding for finding in findings if finding.date == day(offset)]


def fired(
    rule: Callable[[RuleInputs], list[Finding]], inputs: RuleInputs, offset: int
) -> str | None:
    """The severity the rule gives on day ``offset`` (the highest, if several), or None."""
    found = on_day(rule(inputs), offset)
    if not found:
        return None
    return max(found, key=lambda finding: finding.severity.rank).severity.value


def evaluate_days(
    activities: Sequence[SessionInput] = (),
    checkins: Sequence[AnyCheckin] = (),
    *,
    start: int = 0,
    end: int,
    **options: object,
) -> list[Finding]:
    """``evaluate`` with DAY0-relative dates and the test athlete."""
    flags = options.pop("flags", ())
    policy = options.pop("policy", {})
    missing = options.pop("missing", ())
    return evaluate(
        ATHLETE,
        flags,  # type: ignore[arg-type]
        policy,  # type: ignore[arg-type]
        activities,
        checkins,
        day(start),
        day(end),
        missing_days={day(offset) for offset in missing},  # type: ignore[attr-defined]
        **options,  # type: ignore[arg-type]
    )
