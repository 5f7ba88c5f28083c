"""The demo athletes' symptom check-ins, as each would have answered them, relative to today.

Stored through the check-in service like any athlete's answers (``correct_checkin``: the same
day, kind and region again replaces the answer, so seeding twice stores nothing new).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from service.checkins.schemas import CheckinIn
from service.demo.training import SNAP_DAYS_AGO

Answers = dict[str, Any]


def _on(today: date, back: int, kind: str, region: str | None, **answers: Any) -> CheckinIn:
    return CheckinIn.model_validate(
        {"kind": kind, "date": today - timedelta(days=back), "region": region, **answers}
    )


def _sore_achilles(today: date, runs: Sequence[date]) -> list[CheckinIn]:
    """Morning pain and stiffness creeping up for three weeks, pain after the last runs above
    5/10, the weekly pain rising: from the first pain warnings to the referral."""
    mornings = [
        _on(today, back, "daily", "achilles", morning_pain=pain, morning_stiffness_min=minutes)
        for back, pain, minutes in zip(
            range(20, -1, -1),
            (2, 2, 2, 2, 3, 2, 3, 3, 3, 4, 3, 4, 4, 4, 5, 4, 5, 5, 5, 6, 5),
            (10, 10, 10, 12, 15, 12, 15, 15, 20, 20, 20, 25, 25, 25, 30, 25, 30, 30, 35, 35, 35),
            strict=True,
        )
    ]
    after_runs = [
        _on(today, (today - day).days, "post_run", "achilles", pain_during=during, pain_after=after)
        for day, (during, after) in zip(
            runs[-5:], ((3, 4), (4, 5), (4, 6), (5, 6), (5, 7)), strict=False
        )
    ]
    weekly = [
        _on(today, back, "weekly", "achilles", pain_week=pain) for back, pain in ((14, 2), (7, 5))
    ]
    return mornings + after_runs + weekly


def _rupture(today: date, runs: Sequence[date]) -> list[CheckinIn]:
    """A snap in the Achilles during the last run; cannot stand on the toes since."""
    back = (today - runs[-1]).days
    return [
        _on(today, back, "post_run", "achilles", pain_during=8, pain_after=7),
        _on(today, back, "red_flag", "achilles", red_flags=["sudden_snap", "cannot_push_off"]),
    ]


def _calf_rehab(today: date, _runs: Sequence[date]) -> list[CheckinIn]:
    """A calf strain getting better week by week while riding instead of running."""
    return [
        _on(today, back, "weekly", "calf", pain_week=pain)
        for back, pain in ((35, 5), (28, 4), (21, 3), (14, 3), (7, 2), (0, 1))
    ]


def _knee(today: date, _runs: Sequence[date]) -> list[CheckinIn]:
    """A painful knee: training modified two weeks running, a substantial problem (OSTRC-O2)."""
    return [
        _on(today, 14, "weekly", "knee_front", pain_week=2, ostrc=[8, 8, 0, 8]),
        _on(today, 7, "weekly", "knee_front", pain_week=3, ostrc=[8, 17, 8, 8]),
        _on(today, 0, "weekly", "knee_front", pain_week=4, ostrc=[17, 17, 17, 8]),
    ]


def _creeping_shin(today: date, _runs: Sequence[date]) -> list[CheckinIn]:
    """Shin pain that came on gradually and creeps up one point a week while he keeps running:
    a warning once it has risen two points in two weeks, then the shin's 21-day referral."""
    weekly = [
        _on(today, back, "weekly", "shin", pain_week=pain)
        for back, pain in ((21, 3), (14, 4), (7, 5), (0, 6))
    ]
    return [_on(today, 28, "weekly", "shin", pain_week=2, onset="gradual"), *weekly]


def _snap_weeks_ago(today: date, _runs: Sequence[date]) -> list[CheckinIn]:
    """A snap in the Achilles eight weeks ago; the first runs again came within six weeks of it."""
    back = SNAP_DAYS_AGO
    return [
        _on(today, back, "post_run", "achilles", pain_during=8, pain_after=7, onset="sudden"),
        _on(today, back, "red_flag", "achilles", red_flags=["sudden_snap", "cannot_push_off"]),
    ]


CHECKINS: dict[str, Callable[[date, Sequence[date]], list[CheckinIn]]] = {
    "achilles": _sore_achilles,
    "rupture": _rupture,
    "cycling_rehab": _calf_rehab,
    "ostrc": _knee,
    "shin": _creeping_shin,
    "after_rupture": _snap_weeks_ago,
}


def checkins_for(story: str, today: date, runs: Sequence[date]) -> list[CheckinIn]:
    """The story's check-ins (none for most stories), oldest first; ``runs`` are the athlete's
    run days, which the answers after a run belong to."""
    plan = CHECKINS.get(story)
    return sorted(plan(today, runs), key=lambda checkin: checkin.date) if plan else []
