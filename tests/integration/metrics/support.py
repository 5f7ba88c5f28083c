"""Sessions for the stored-series tests, and their loads computed here, by the DOMAIN formulas."""

from __future__ import annotations

import csv
import io
import math
import random
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from service.cli import app
from service.integrations.base import ActivityData, Source, Sport
from service.models import DailyMetric
from service.training.columns import SERIES_COLUMNS

ZONE = "Europe/Amsterdam"
HR_REST, HR_MAX = 50, 190
RUNS = {Sport.RUNNING, Sport.TRAIL_RUNNING, Sport.TREADMILL_RUNNING, Sport.TRACK_RUNNING}


def activity(
    ext: str,
    start: datetime,
    sport: Sport = Sport.RUNNING,
    *,
    duration_s: float = 3000.0,
    distance_m: float | None = 10_000.0,
    moving_s: float | None = None,
    avg_hr_bpm: float | None = None,
    rpe: float | None = None,
) -> ActivityData:
    return ActivityData(
        source=Source.GARMIN,
        external_id=ext,
        sport=sport,
        start_utc=start,
        duration_s=duration_s,
        distance_m=distance_m,
        moving_s=moving_s,
        avg_hr_bpm=avg_hr_bpm,
        rpe=rpe,
        raw={"id": ext, "start": start.isoformat(), "d": distance_m, "t": duration_s},
    )


def random_sessions(first: date, days: int, seed: int) -> list[ActivityData]:
    """About one session in two days, some doubled, of mixed sports, some without HR or RPE."""
    rng = random.Random(seed)
    sports = [Sport.RUNNING] * 5 + [Sport.TRAIL_RUNNING, Sport.CYCLING, Sport.SWIMMING]
    items = []
    for offset in range(days):
        for number in range(rng.choice([0, 0, 1, 1, 1, 2])):
            hour = rng.choice([5, 7, 12, 18, 22, 23])  # 22-23 UTC is the next day in Amsterdam
            start = datetime.combine(first + timedelta(days=offset), datetime.min.time(), UTC)
            duration = rng.uniform(900, 7200)
            items.append(
                activity(
                    f"r{seed}-{offset}-{number}",
                    start + timedelta(hours=hour, minutes=rng.randrange(60)),
                    rng.choice(sports),
                    duration_s=round(duration, 1),
                    distance_m=round(rng.uniform(2000, 30000), 1),
                    moving_s=round(duration * rng.uniform(0.8, 1.0), 1)
                    if rng.random() < 0.7
                    else None,
                    avg_hr_bpm=rng.choice([None, 120.0, 141.5, 165.0, 200.0]),
                    rpe=rng.choice([None, 2.0, 5.0, 7.5, 10.0]),
                )
            )
    return items


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=hour, minutes=minute)


def steady_week(first: date) -> list[ActivityData]:
    """Seven identical runs: monotony and strain are infinite on the seventh day."""
    return [
        activity(f"steady-{n}", at(first + timedelta(days=n), 8), distance_m=5000.0,
                 duration_s=1800.0, rpe=4.0)
        for n in range(7)
    ]  # fmt: skip


def expected_load(item: ActivityData, measure: str, sex: str = "female") -> float | None:
    """The session's load by DOMAIN §1.1, written out independently of the service."""
    minutes = (item.moving_s if item.moving_s else item.duration_s) / 60.0
    if measure == "distance_km":
        return item.distance_m / 1000.0 if item.sport in RUNS and item.distance_m else None
    if measure == "duration_min":
        return minutes
    if measure == "srpe":
        return None if item.rpe is None else item.rpe * minutes
    if item.avg_hr_bpm is None:
        return None
    a, b = (0.86, 1.67) if sex == "female" else (0.64, 1.92)
    x = min(1.0, max(0.0, (item.avg_hr_bpm - HR_REST) / (HR_MAX - HR_REST)))
    return item.duration_s / 60.0 * x * a * math.exp(b * x)


def sessions_csv(items: Iterable[ActivityData], measure: str, missing: Sequence[date]) -> str:
    """The ``date,load`` CSV that ``loadwatch metrics compute`` reads, for the same sessions."""
    zone = ZoneInfo(ZONE)
    lines = ["date,load"]
    for item in items:
        load = expected_load(item, measure)
        if load is not None:
            lines.append(f"{item.start_utc.astimezone(zone).date().isoformat()},{load!r}")
    lines.extend(f"{day.isoformat()}," for day in missing)
    return "\n".join(lines) + "\n"


def cli_series(text: str, start: date, end: date, tmp_dir: Any) -> list[dict[str, str]]:
    path = tmp_dir / "sessions.csv"
    path.write_text(text, encoding="utf-8")
    argv = ["metrics", "compute", "--input", str(path), "--start", str(start), "--end", str(end)]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout)))


def stored(session: Session, athlete_id: int, measure: str | None = None) -> list[tuple]:
    """The stored rows as comparable tuples (None for NULL), ordered by measure and day."""
    query = select(DailyMetric).where(DailyMetric.athlete_id == athlete_id)
    if measure is not None:
        query = query.where(DailyMetric.measure == measure)
    rows = session.scalars(query.order_by(DailyMetric.measure, DailyMetric.day)).all()
    return [
        (row.measure, row.day, *(getattr(row, name) for name in SERIES_COLUMNS)) for row in rows
    ]


def cli_value(text: str) -> float | None:
    return None if text == "" else float(text)


def committed_athlete(email: str, timezone: str = ZONE, **profile: Any) -> int:
    """An athlete committed to the test database, for code that opens its own sessions (tasks,
    the CLI, concurrent transactions); remove it with :func:`remove_user`."""
    from service.accounts.service import create_user
    from service.db import session_scope
    from service.models import AthleteProfile, Role

    with session_scope() as session:
        user = create_user(
            session,
            email=email,
            password="a-long-password",
            role=Role.ATHLETE,
            timezone=timezone,
            verified=True,
        )
        session.flush()
        stored_profile = session.get_one(AthleteProfile, user.id)
        for name, value in profile.items():
            setattr(stored_profile, name, value)
        return int(user.id)


def remove_user(user_id: int) -> None:
    """Delete the user and, by cascade, everything stored for them."""
    from service.db import session_scope
    from service.models import User

    with session_scope() as session:
        user = session.get(User, user_id)
        if user is not None:
            session.delete(user)
