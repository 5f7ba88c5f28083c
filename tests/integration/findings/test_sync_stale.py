"""A connected source gone quiet: load rules held back from its last sync, one finding per source
and ISO week, and the beat sweep that evaluates athletes nobody else would."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.findings.evaluation import athletes_with_untold_stale_sources, evaluate_athlete
from service.models import Connection, ConnectionState
from tests.integration.findings.support import NOW, keys, steady_runs, stored

EARLY_SPIKE = date(2026, 3, 8)
LATE_SPIKE = date(2026, 3, 19)
MONDAY = date(2026, 3, 16)


@pytest.fixture
def athlete(make_user: Any, db_session: Session, sent_tasks: list[Any]) -> Any:
    user = make_user()
    spikes = {EARLY_SPIKE: 18.0, LATE_SPIKE: 30.0}
    ingest_activities(db_session, user.id, steady_runs(NOW.date(), spikes))
    db_session.flush()
    return user


def connect(
    session: Session,
    athlete_id: int,
    provider: str = "garmin",
    *,
    silent_h: float | None,
    state: ConnectionState = ConnectionState.OK,
    age: timedelta = timedelta(days=30),
) -> None:
    last = None if silent_h is None else NOW - timedelta(hours=silent_h)
    session.add(
        Connection(
            athlete_id=athlete_id,
            provider=provider,
            state=state,
            last_success_at=last,
            created_at=NOW - age,
        )
    )
    session.flush()


def sync_rows(session: Session, athlete_id: int) -> list[tuple[str, date, date, dict[str, Any]]]:
    return [
        (row.subject, row.day, row.period_key, row.values)
        for row in stored(session, athlete_id)
        if row.rule == "data.sync_stale"
    ]


def test_a_silent_source_holds_load_rules_back_and_is_reported_once_a_week(
    db_session: Session, athlete: Any
) -> None:
    connect(db_session, athlete.id, silent_h=100)  # last success 16 March, 06:00 UTC
    assert athletes_with_untold_stale_sources(db_session, NOW) == [athlete.id]
    evaluate_athlete(db_session, athlete.id, now=NOW)
    found = keys(stored(db_session, athlete.id))
    assert ("volume.session_spike", "warning", EARLY_SPIKE) in found
    assert all(day < MONDAY for rule, _, day in found if rule.startswith(("volume.", "load.")))
    assert sync_rows(db_session, athlete.id) == [
        (
            "garmin",
            NOW.date(),
            MONDAY,
            {"silent_hours": 100.0, "stale_hours": 72, "needs_reauth": 0},
        )
    ]
    assert athletes_with_untold_stale_sources(db_session, NOW) == []
    message = next(r for r in stored(db_session, athlete.id) if r.rule == "data.sync_stale")
    assert "Garmin Connect" in message.message_en and "Garmin Connect" in message.message_nl

    evaluate_athlete(db_session, athlete.id, now=NOW + timedelta(days=1))
    assert len(sync_rows(db_session, athlete.id)) == 1
    next_monday = NOW + timedelta(days=3)
    evaluate_athlete(db_session, athlete.id, now=next_monday)
    assert [row[2] for row in sync_rows(db_session, athlete.id)] == [MONDAY, next_monday.date()]


def test_after_a_fresh_sync_the_held_back_days_are_evaluated(
    db_session: Session, athlete: Any
) -> None:
    connect(db_session, athlete.id, silent_h=100)
    evaluate_athlete(db_session, athlete.id, now=NOW)
    connection = db_session.query(Connection).one()
    connection.last_success_at = NOW
    evaluate_athlete(db_session, athlete.id, now=NOW + timedelta(hours=1))
    spikes = [k for k in keys(stored(db_session, athlete.id)) if k[0] == "volume.session_spike"]
    assert [day for _, _, day in spikes] == [EARLY_SPIKE, LATE_SPIKE]


def test_each_source_has_its_own_finding(db_session: Session, athlete: Any) -> None:
    connect(db_session, athlete.id, "garmin", silent_h=80)
    connect(db_session, athlete.id, "fitbit", silent_h=1, state=ConnectionState.NEEDS_REAUTH)
    evaluate_athlete(db_session, athlete.id, now=NOW)
    rows = sync_rows(db_session, athlete.id)
    assert [(subject, key, values["needs_reauth"]) for subject, _, key, values in rows] == [
        ("fitbit", MONDAY, 1),
        ("garmin", MONDAY, 0),
    ]


QUIET = [
    ("synced an hour ago", {"silent_h": 1}),
    ("synced 72 hours ago", {"silent_h": 72}),
    ("connected an hour ago, not yet synced", {"silent_h": None, "age": timedelta(hours=1)}),
    ("switched off", {"silent_h": 500, "state": ConnectionState.DISCONNECTED}),
    ("still logging in", {"silent_h": None, "state": ConnectionState.MFA_REQUIRED}),
]


@pytest.mark.parametrize(("case", "connection"), QUIET, ids=[case for case, _ in QUIET])
def test_sources_that_are_not_stale_change_nothing(
    db_session: Session, athlete: Any, case: str, connection: dict[str, Any]
) -> None:
    connect(db_session, athlete.id, **connection)
    assert athletes_with_untold_stale_sources(db_session, NOW) == []
    evaluate_athlete(db_session, athlete.id, now=NOW)
    assert sync_rows(db_session, athlete.id) == []
    spikes = [k for k in keys(stored(db_session, athlete.id)) if k[0] == "volume.session_spike"]
    assert [day for _, _, day in spikes] == [EARLY_SPIKE, LATE_SPIKE]


def test_a_source_that_never_synced_is_reported_after_the_stale_time(
    db_session: Session, athlete: Any
) -> None:
    connect(db_session, athlete.id, silent_h=None, age=timedelta(days=5))
    evaluate_athlete(db_session, athlete.id, now=NOW)
    rows = sync_rows(db_session, athlete.id)
    assert [(subject, values) for subject, _, _, values in rows] == [
        ("garmin", {"stale_hours": 72, "needs_reauth": 0})
    ]
    connected_on = (NOW - timedelta(days=5)).date()
    held = [k for k in keys(stored(db_session, athlete.id)) if k[2] >= connected_on]
    assert [k for k in held if k[0] != "data.sync_stale"] == []


def test_the_sweep_ignores_athletes_without_connections(
    db_session: Session, athlete: Any, make_user: Any
) -> None:
    other = make_user()
    connect(db_session, other.id, silent_h=200)
    assert athletes_with_untold_stale_sources(db_session, NOW) == [other.id]
    assert athletes_with_untold_stale_sources(db_session) == [other.id]


def test_the_sweep_starts_the_week_on_the_athletes_own_monday(
    db_session: Session, athlete: Any, make_user: Any
) -> None:
    # Sunday 22 March 23:30 UTC is already Monday 23 March in Amsterdam, but still Sunday
    # afternoon in Los Angeles.
    sunday_night_utc = datetime(2026, 3, 22, 23, 30, tzinfo=UTC)
    western = make_user(timezone="America/Los_Angeles")
    ingest_activities(db_session, western.id, steady_runs(NOW.date(), {}))
    for user in (athlete, western):
        connect(db_session, user.id, silent_h=100)
        evaluate_athlete(db_session, user.id, now=NOW)  # told in the week of 16 March
    assert athletes_with_untold_stale_sources(db_session, sunday_night_utc) == [athlete.id]
    evaluate_athlete(db_session, athlete.id, now=sunday_night_utc)
    assert [row[2] for row in sync_rows(db_session, athlete.id)] == [MONDAY, date(2026, 3, 23)]
    monday_morning_utc = datetime(2026, 3, 23, 6, 0, tzinfo=UTC)  # Sunday night in LA
    assert athletes_with_untold_stale_sources(db_session, monday_morning_utc) == []
