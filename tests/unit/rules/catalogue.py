"""One advice-check scenario (DOMAIN §1.5 and §1.6.5 JSON) per rule id, with the findings it
must give.

Each scenario is built so that, inside its evaluation window, exactly the listed findings fire:
``(rule, severity, day offset from DAY0, region)``. Scenarios changed by §1.6 say so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from .support import ZONE, day

Expected = list[tuple[str, str, int, str | None]]


def iso(offset: int) -> str:
    return day(offset).isoformat()


def activity(offset: int, km: float, sport: str = "running") -> dict[str, Any]:
    start = dt.datetime.combine(day(offset), dt.time(8), tzinfo=ZONE)
    return {
        "start": start.isoformat(),
        "sport": sport,
        "distance_m": km * 1000,
        "duration_s": km * 360,
        "avg_hr_bpm": 145,
        "rpe": 5,
    }


def daily_runs(kms: Sequence[float], first: int = 0) -> list[dict[str, Any]]:
    return [activity(first + offset, km) for offset, km in enumerate(kms) if km]


def scenario(
    activities=(),
    checkins=(),
    *,
    start: int,
    end: int,
    flags=(),
    policy=None,
    history_start: int | None = None,
) -> dict[str, Any]:
    athlete: dict[str, Any] = {
        "timezone": "Europe/Amsterdam",
        "sex": "female",
        "hr_rest": 50,
        "hr_max": 190,
        "flags": list(flags),
    }
    if history_start is not None:
        athlete["history_start"] = iso(history_start)
    return {
        "athlete": athlete,
        "policy": policy or {},
        "activities": list(activities),
        "checkins": list(checkins),
        "evaluate": {"from": iso(start), "to": iso(end)},
    }


def checkin(offset: int, region: str | None = "achilles", **answers: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"date": iso(offset), **answers}
    if region is not None:
        record["region"] = region
    return record


WEEKLY_PATTERN = [0, 6, 0, 6, 0, 10, 6]  # 28 km a week with a long run of 10 km
VISA_A_59 = {
    "q1": 7,
    "q2": 6,
    "q3": 8,
    "q4": 9,
    "q5": 7,
    "q6": 8,
    "q7": 4,
    "q8_branch": "B",
    "q8_duration": "11-20",
}

CATALOGUE: dict[str, tuple[dict[str, Any], Expected]] = {
    "volume.weekly_progression": (
        scenario(
            [activity(o, km) for o, km in {0: 6, 2: 2, 4: 2, 7: 4, 9: 4, 11: 4, 13: 2}.items()],
            start=13,
            end=13,
        ),
        [("volume.weekly_progression", "caution", 13, None)],
    ),
    "volume.session_spike": (
        # §1.6.4: the spike rule needs 28 days of history, here from day −25
        scenario(
            [activity(0, 10), activity(7, 10), activity(10, 12)],
            start=10,
            end=10,
            history_start=-25,
        ),
        [("volume.session_spike", "caution", 10, None)],
    ),
    "volume.high_for_tendon_risk": (
        scenario(
            daily_runs(WEEKLY_PATTERN * 8),  # the first run, on day 1, starts the history
            start=50,
            end=56,
            flags=["previous_achilles_tendinopathy"],
            policy={"volume.high_for_tendon_risk": {"cap_km": 20}},
        ),
        [("volume.high_for_tendon_risk", "caution", 56, None)],
    ),
    "load.acwr_context": (
        # §1.6.4: 2 km a day then 8 km is now an outlier day ("is this right?"), which the
        # volume rules wait for; a heavier last week of a 20 km pattern raises the ratio instead
        scenario(daily_runs([0, 4, 0, 4, 0, 8, 4] * 4 + [0, 8, 0, 12, 10]), start=32, end=32),
        [
            ("load.acwr_context", "info", 32, None),
            ("volume.weekly_progression", "warning", 32, None),
        ],
    ),
    "pain.during_or_after_run": (
        scenario(checkins=[checkin(2, pain_during=6, pain_after=4)], start=0, end=5),
        [("pain.during_or_after_run", "warning", 2, "achilles")],
    ),
    "pain.next_morning": (
        scenario(
            [activity(3, 5)],
            [
                *(checkin(o, morning_pain=1, morning_stiffness_min=10) for o in range(4)),
                checkin(4, morning_pain=2, morning_stiffness_min=10),
            ],
            start=0,
            end=4,
        ),
        [("pain.next_morning", "caution", 4, "achilles")],
    ),
    "pain.weekly_trend": (
        scenario(
            checkins=[checkin(0, "shin", pain_week=2), checkin(7, "shin", pain_week=4)],
            start=0,
            end=7,
        ),
        [("pain.weekly_trend", "caution", 7, "shin")],  # §1.6.4: +2 is a caution
    ),
    "referral.achilles_not_improving": (
        scenario(checkins=[checkin(0, pain_week=3), checkin(14, pain_week=3)], start=0, end=14),
        [("referral.achilles_not_improving", "referral", 14, "achilles")],
    ),
    "referral.rest_too_long": (
        scenario([activity(0, 5)], [checkin(2, "shin", pain_week=4)], start=0, end=22),
        [("referral.rest_too_long", "referral", 22, "shin")],
    ),
    "ostrc.substantial_problem": (
        scenario(
            checkins=[checkin(0, ostrc=[8, 17, 8, 8]), checkin(7, ostrc=[17, 17, 8, 8])],
            start=0,
            end=7,
        ),
        [
            ("ostrc.substantial_problem", "warning", 0, "achilles"),
            ("ostrc.substantial_problem", "referral", 7, "achilles"),
        ],
    ),
    "visa_a.change": (
        scenario(
            checkins=[checkin(0, visa_a=VISA_A_59), checkin(28, visa_a=69), checkin(56, visa_a=58)],
            start=0,
            end=56,
        ),
        [("visa_a.change", "info", 28, "achilles"), ("visa_a.change", "warning", 56, "achilles")],
    ),
    "load.monotony_strain": (
        # §1.6.4: the monotony info needs a week heavier than 1.1 × the 28-day average
        scenario(daily_runs([5.0, 0.0] * 13 + [10.0] * 7), start=30, end=30),
        [("load.monotony_strain", "info", 30, None)],
    ),
    "load.return_from_break": (
        scenario([*daily_runs([3.0] * 10), activity(24, 3)], start=24, end=24),
        [("load.return_from_break", "info", 24, None)],
    ),
    "red_flag.rupture": (
        scenario(
            checkins=[checkin(1, None, red_flags=["sudden_snap", "cannot_push_off"])],
            start=0,
            end=3,
        ),
        [("red_flag.rupture", "urgent", 1, None)],
    ),
    "red_flag.thrombosis": (
        scenario(
            checkins=[checkin(2, "calf", red_flags=["calf_warm_red_swollen"])], start=0, end=3
        ),
        [("red_flag.thrombosis", "urgent", 2, "calf")],
    ),
    "referral.region_not_improving": (
        scenario(
            checkins=[checkin(0, "shin", pain_week=3), checkin(21, "shin", pain_week=3)],
            start=0,
            end=21,
        ),
        [("referral.region_not_improving", "referral", 21, "shin")],
    ),
    "red_flag.fracture": (
        scenario(checkins=[checkin(2, "ankle", red_flags=["cannot_bear_weight"])], start=0, end=3),
        [("red_flag.fracture", "urgent", 2, "ankle")],
    ),
    "referral.call_physio_now": (
        scenario(checkins=[checkin(1, "low_back", red_flags=["cannot_move"])], start=0, end=3),
        [("referral.call_physio_now", "referral", 1, "low_back")],
    ),
    "acute.muscle_injury": (
        scenario(checkins=[checkin(3, "hamstring", pain_during=7, onset="sudden")], start=0, end=4),
        [
            ("acute.muscle_injury", "warning", 3, "hamstring"),
            ("pain.during_or_after_run", "warning", 3, "hamstring"),
        ],
    ),
    "episode.rupture": (
        scenario(
            [activity(20, 5)], [checkin(0, "achilles", red_flags=["sudden_snap"])], start=0, end=42
        ),
        [
            ("red_flag.rupture", "urgent", 0, "achilles"),
            ("episode.rupture", "warning", 20, "achilles"),
            ("episode.rupture", "info", 42, "achilles"),
        ],
    ),
    "load.back_to_back_tendon": (
        scenario(
            [activity(0, 3), activity(5, 10), activity(6, 10)],
            [checkin(0, "achilles", pain_week=2)],
            start=6,
            end=6,
        ),
        [("load.back_to_back_tendon", "caution", 6, "achilles")],
    ),
    "health.illness": (
        scenario(checkins=[checkin(1, None, feeling_ill=True)], start=0, end=3),
        [("health.illness", "info", 1, None)],
    ),
    "episode.rupture_risk_medication": (
        scenario(checkins=[checkin(2, "achilles", pain_week=2)], start=0, end=3, flags=["statin"]),
        [("episode.rupture_risk_medication", "info", 2, "achilles")],
    ),
    "data.outlier_day": (
        scenario(daily_runs([5.0] * 30 + [20.0]), start=30, end=30),
        [("data.outlier_day", "info", 30, None)],
    ),
}

DOMAIN_EXAMPLE: dict[str, Any] = {
    "athlete": {
        "timezone": "Europe/Amsterdam",
        "sex": "female",
        "hr_rest": 50,
        "hr_max": 190,
        "flags": ["previous_achilles_tendinopathy"],
    },
    "policy": {"volume.weekly_progression": {"caution_pct": 20}},
    "activities": [
        {
            "start": "2026-03-01T08:00:00+01:00",
            "sport": "running",
            "distance_m": 10000,
            "duration_s": 3000,
            "avg_hr_bpm": 150,
            "rpe": 6,
        }
    ],
    "checkins": [
        {
            "date": "2026-03-02",
            "region": "achilles",
            "morning_pain": 2,
            "morning_stiffness_min": 10,
        },
        {"date": "2026-03-08", "region": "achilles", "pain_week": 3, "ostrc": [8, 8, 8, 8]},
        {"date": "2026-03-09", "red_flags": ["sudden_snap"]},
    ],
    "evaluate": {"from": "2026-03-01", "to": "2026-04-30"},
}
"""The scenario of DOMAIN §1.5, verbatim."""
