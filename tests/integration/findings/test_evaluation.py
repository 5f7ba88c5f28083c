"""Evaluating stored data: findings stored once per key, alerts for new ones, the stored policy,
check-ins and missing days read, the 60-day window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.findings.evaluation import evaluate_athlete, stored_period_key
from service.models import Alert, AthletePolicy, AthleteProfile, Checkin, Role
from service.models.missing_days import MissingDay
from service.training.findings import Finding as PureFinding
from service.training.findings import LocalizedText, Severity
from tests.integration.findings.support import NOW, keys, steady_runs, stored

SPIKE_DAY = date(2026, 3, 15)
FRESH = timedelta(days=3)  # alerts.fresh_days


@pytest.fixture
def athlete(make_user: Any, db_session: Session, sent_tasks: list[Any]) -> Any:
    user = make_user()
    ingest_activities(db_session, user.id, steady_runs(NOW.date(), {SPIKE_DAY: 18.0}))
    db_session.flush()
    return user


def alerts(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(Alert)) or 0)


def test_a_spike_in_stored_activities_is_stored_once_with_both_languages(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    first = evaluate_athlete(db_session, athlete.id, now=NOW)
    rows = stored(db_session, athlete.id)
    assert [row.id for row in first.created] == [row.id for row in rows]
    assert ("volume.session_spike", "warning", SPIKE_DAY) in keys(rows)
    assert "volume.high_for_tendon_risk" not in {row.rule for row in rows}  # no tendon flag
    spike = next(row for row in rows if row.rule == "volume.session_spike")
    assert spike.values == {"session_km": 18.0, "longest_30d_km": 12.0, "spike_pct": 50.0}
    assert (spike.region, spike.subject, spike.period_key) == ("", "", SPIKE_DAY)
    assert all(row.message_en.strip() and row.message_nl.strip() for row in rows)
    assert "18" in spike.message_en and "18" in spike.message_nl
    # alerts only about fresh days: the spike, five days before today, is stored, not alerted
    fresh = [r for r in rows if Severity(r.severity).rank >= 1 and r.day >= NOW.date() - FRESH]
    assert alerts(db_session) == len(fresh)
    assert spike.id not in set(db_session.scalars(select(Alert.finding_id)))

    before = [(row.id, row.updated_at, row.values) for row in rows]
    again = evaluate_athlete(db_session, athlete.id, now=NOW)
    assert again.created == [] and again.evaluated == first.evaluated
    after = [(row.id, row.updated_at, row.values) for row in stored(db_session, athlete.id)]
    assert after == before
    assert alerts(db_session) == len(fresh)


def test_only_the_last_sixty_days_are_stored(
    db_session: Session, make_user: Any, sent_tasks: list[Any]
) -> None:
    user = make_user()
    old_spike = date(2025, 12, 28)
    ingest_activities(db_session, user.id, steady_runs(NOW.date(), {old_spike: 20.0}))
    evaluate_athlete(db_session, user.id, now=NOW)
    assert all(row.day >= NOW.date() - timedelta(days=59) for row in stored(db_session, user.id))
    later = evaluate_athlete(db_session, user.id, now=NOW - timedelta(days=70))
    assert ("volume.session_spike", "warning", old_spike) in keys(later.created)


def test_the_stored_policy_decides_the_severity(db_session: Session, athlete: Any) -> None:
    overrides = {"volume.session_spike": {"warning_pct": 60}}
    db_session.add(AthletePolicy(athlete_id=athlete.id, overrides=overrides))
    evaluate_athlete(db_session, athlete.id, now=NOW)
    assert ("volume.session_spike", "caution", SPIKE_DAY) in keys(stored(db_session, athlete.id))


def test_a_stored_override_that_no_longer_validates_falls_back_to_its_defaults(
    db_session: Session, athlete: Any
) -> None:
    overrides = {
        "volume.session_spike": {"warning_pct": 999},
        "volume.weekly_progression": {"caution_pct": 10},
    }
    db_session.add(AthletePolicy(athlete_id=athlete.id, overrides=overrides))
    evaluate_athlete(db_session, athlete.id, now=NOW)
    assert ("volume.session_spike", "warning", SPIKE_DAY) in keys(stored(db_session, athlete.id))


def test_a_heart_rate_measure_without_heart_rate_data_falls_back_to_distance(
    db_session: Session, athlete: Any
) -> None:
    overrides = {"load.monotony_strain": {"measure": "trimp"}}
    db_session.add(AthletePolicy(athlete_id=athlete.id, overrides=overrides))
    evaluate_athlete(db_session, athlete.id, now=NOW)
    assert ("volume.session_spike", "warning", SPIKE_DAY) in keys(stored(db_session, athlete.id))


def test_a_no_data_mark_on_a_day_with_a_run_is_ignored(db_session: Session, athlete: Any) -> None:
    """DOMAIN §1.6.1: a day that has a session is never missing, so the 18 km still counts."""
    db_session.add(MissingDay(athlete_id=athlete.id, day=SPIKE_DAY))
    evaluate_athlete(db_session, athlete.id, now=NOW)
    assert ("volume.session_spike", "warning", SPIKE_DAY) in keys(stored(db_session, athlete.id))


def test_check_ins_and_profile_flags_reach_the_rules(
    db_session: Session, athlete: Any, sent_tasks: list[Any]
) -> None:
    db_session.get_one(AthleteProfile, athlete.id).flags = ["novice", "achilles_tendinopathy"]
    day = NOW.date() - timedelta(days=1)
    db_session.add_all(
        [
            Checkin(athlete_id=athlete.id, day=day, kind="red_flag", red_flags=["sudden_snap"]),
            Checkin(
                athlete_id=athlete.id, day=day, kind="post_run", region="achilles", pain_after=7
            ),
            Checkin(
                athlete_id=athlete.id,
                day=day,
                kind="weekly",
                region="knee_front",
                ostrc=[25, None, None, 8],
                ostrc_severity=83,
            ),
        ]
    )
    db_session.flush()
    rows = stored(db_session, athlete.id)
    assert rows == []
    evaluate_athlete(db_session, athlete.id, now=NOW)
    found = {(row.rule, row.severity, row.region) for row in stored(db_session, athlete.id)}
    assert {
        ("red_flag.rupture", "urgent", ""),
        ("pain.during_or_after_run", "warning", "achilles"),
        ("ostrc.substantial_problem", "warning", "knee_front"),
        ("volume.high_for_tendon_risk", "caution", ""),
    } <= found
    deliveries = [task for task in sent_tasks if task[0] == "alerts.deliver"]
    assert deliveries == []  # nothing is sent before the transaction commits
    db_session.commit()
    # the evaluation's alerts are one moment: one delivery for all of them
    assert len([task for task in sent_tasks if task[0] == "alerts.deliver"]) == 1


def test_nothing_happens_for_someone_who_is_not_an_active_athlete(
    db_session: Session, make_user: Any
) -> None:
    coach = make_user(Role.COACH)
    assert evaluate_athlete(db_session, coach.id, now=NOW).evaluated == 0
    assert evaluate_athlete(db_session, 987654, now=NOW).evaluated == 0


PERIOD_KEYS = [
    ("2026-03-15", date(2026, 3, 15)),
    ("garmin:2026-W12", date(2026, 3, 16)),
    ("fitbit:2026-W01", date(2025, 12, 29)),
    ("garmin:2020-W53", date(2020, 12, 28)),
]


@pytest.mark.parametrize(("key", "stored_key"), PERIOD_KEYS)
def test_period_keys_are_stored_as_the_day_their_window_opened(key: str, stored_key: date) -> None:
    finding = PureFinding(
        rule="data.sync_stale",
        severity=Severity.CAUTION,
        date=stored_key,
        region=None,
        values={},
        message=LocalizedText("en", "nl"),
        source="s",
        period_key=key,
    )
    assert stored_period_key(finding) == stored_key
