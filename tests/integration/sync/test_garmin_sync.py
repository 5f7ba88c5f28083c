"""Garmin sync runs against the fake: backfill, incremental, idempotence, tokens, failures."""

from __future__ import annotations

import itertools
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from service.activities.service import ingest_activities
from service.clock import utcnow
from service.connections import windows
from service.connections.garmin_sync import open_garmin
from service.connections.policy import DEFAULT_POLICY, SyncPolicy
from service.connections.service import status_message
from service.connections.sweeper import sweep
from service.connections.sync import sync_connection
from service.demo.fakes.garmin_accounts import (
    ActivitySpec,
    add_activity,
    add_multisport,
    synthesized_account,
)
from service.demo.fakes.garmin_api import ACTIVITY_LIST_PATH
from service.integrations.garmin_mapping import activity_from_list_entry
from service.models import (
    Activity,
    ActivitySource,
    ConnectionState,
    Role,
    SyncRun,
    WellnessDay,
)

from .support import AMSTERDAM, QUICK, RUNNER, resting_hr, runner_specs


def _stored(db_session, athlete_id):
    return db_session.scalars(
        select(Activity).where(Activity.athlete_id == athlete_id).order_by(Activity.start_utc)
    ).all()


def _runs(db_session, connection_id):
    return db_session.scalars(
        select(SyncRun).where(SyncRun.connection_id == connection_id).order_by(SyncRun.id)
    ).all()


def _list_windows(garmin):
    return [
        (r.query["startDate"][0], r.query["endDate"][0])
        for r in garmin.requests_to(ACTIVITY_LIST_PATH)
        if r.query["start"] == ["0"]
    ]


def _make_due(db_session, connection):
    connection.next_attempt_at = utcnow()
    db_session.commit()


def test_backfill_stores_90_days_window_by_window_with_garmin_figures(
    db_session, tx, athlete, connect_garmin, garmin, settings, sent_tasks, today
):
    connection = connect_garmin(athlete)
    garmin.clear_requests()

    assert sync_connection(connection.id, tx, settings=settings) == "ok"

    specs = runner_specs()
    stored = _stored(db_session, athlete.id)
    assert [a.external_id for a in stored] == [str(s.activity_id) for s in specs]
    assert [a.sport for a in stored] == [
        "running",
        "trail_running",
        "cycling",
        "treadmill_running",
    ] * 3
    assert [a.distance_m for a in stored] == [s.distance_m for s in specs]
    assert all(a.vendor_load and a.vendor_load_label == "AEROBIC_BASE" for a in stored)
    resting = {row.day: row.resting_hr_bpm for row in db_session.scalars(select(WellnessDay))}
    backfilled = today - timedelta(days=89)
    assert resting == {d: bpm for d, bpm in resting_hr(today).items() if d >= backfilled}
    expected_windows = windows.windows(today - timedelta(days=89), today + timedelta(days=1), 30)
    assert _list_windows(garmin) == [(a.isoformat(), b.isoformat()) for a, b in expected_windows]
    db_session.refresh(connection)
    assert connection.state == ConnectionState.OK and connection.last_error is None
    assert connection.cursor["synced_until"] == (today + timedelta(days=1)).isoformat()
    assert windows.backfill_progress(connection.cursor).complete
    assert connection.next_attempt_at > utcnow() + timedelta(minutes=59)
    assert (connection.lease_token, connection.attempts) == (None, 0)
    (run,) = _runs(db_session, connection.id)
    assert (run.kind, run.status, run.fetched, run.created, run.wellness_days) == (
        "backfill", "succeeded", 12, 12, len(resting)
    )  # fmt: skip
    recompute = [ids for name, ids in sent_tasks if name == "metrics.recompute"]
    assert recompute and {ids["athlete_id"] for ids in recompute} == {athlete.id}


def test_the_same_sync_twice_stores_nothing_new(db_session, tx, athlete, connect_garmin, settings):
    connection = connect_garmin(athlete)
    everything_again = SyncPolicy(overlap_days=120)
    assert sync_connection(connection.id, tx, settings=settings) == "ok"
    before = {
        "activities": db_session.scalar(select(func.count()).select_from(Activity)),
        "sources": db_session.scalar(select(func.count()).select_from(ActivitySource)),
        "wellness": db_session.scalar(select(func.count()).select_from(WellnessDay)),
    }
    _make_due(db_session, connection)

    assert sync_connection(connection.id, tx, settings=settings, policy=everything_again) == "ok"

    second = _runs(db_session, connection.id)[-1]
    assert (second.kind, second.fetched, second.unchanged) == ("incremental", 12, 12)
    assert (second.created, second.updated, second.linked, second.wellness_days) == (0, 0, 0, 0)
    assert before == {
        "activities": db_session.scalar(select(func.count()).select_from(Activity)),
        "sources": db_session.scalar(select(func.count()).select_from(ActivitySource)),
        "wellness": db_session.scalar(select(func.count()).select_from(WellnessDay)),
    }


def test_incremental_sync_fetches_from_the_cursor_minus_the_overlap(
    db_session, tx, athlete, connect_garmin, garmin, settings, today
):
    connection = connect_garmin(athlete)
    assert sync_connection(connection.id, tx, settings=settings) == "ok"
    late = ActivitySpec(
        start=datetime.combine(today, datetime.min.time(), AMSTERDAM) + timedelta(hours=6),
        activity_id=41_000_000_000,
    )
    add_activity(garmin.account(RUNNER), late, default_id=0)
    _make_due(db_session, connection)
    garmin.clear_requests()

    assert sync_connection(connection.id, tx, settings=settings) == "ok"

    synced_until = today + timedelta(days=1)
    first = synced_until - timedelta(days=3)
    assert _list_windows(garmin) == [(first.isoformat(), synced_until.isoformat())]
    run = _runs(db_session, connection.id)[-1]
    assert (run.kind, run.created, run.window_start) == ("incremental", 1, first)
    assert str(late.activity_id) in {a.external_id for a in _stored(db_session, athlete.id)}


def test_a_429_storm_ends_with_everything_stored_once_and_retry_after_honoured(
    db_session, tx, athlete, connect_garmin, garmin, settings
):
    connection = connect_garmin(athlete)
    garmin.rate_limit(RUNNER, times=3, retry_after="1")
    garmin.clear_requests()
    outcomes = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        attempted_at = utcnow()
        outcome = sync_connection(connection.id, tx, settings=settings, policy=QUICK)
        outcomes.append(outcome)
        db_session.refresh(connection)
        if outcome == "ok":
            break
        assert connection.state == "rate_limited"
        assert connection.next_attempt_at >= attempted_at + timedelta(seconds=1)
        time.sleep(max(0.0, (connection.next_attempt_at - utcnow()).total_seconds()) + 0.05)

    assert outcomes == ["rate_limited"] * 3 + ["ok"]
    stored = _stored(db_session, athlete.id)
    assert sorted(a.external_id for a in stored) == sorted(
        str(s.activity_id) for s in runner_specs()
    )
    api_calls = [r for r in garmin.requests if r.account == RUNNER]
    for refused, following in itertools.pairwise(api_calls):
        if refused.status == 429:
            assert following.monotonic - refused.monotonic >= 1.0, (refused, following)
    assert sum(r.status == 429 for r in api_calls) == 3


def test_a_window_that_fails_keeps_the_windows_stored_before_it(
    db_session, tx, athlete, connect_garmin, garmin, settings
):
    connection = connect_garmin(athlete)
    fetched = []

    def limited_after_first_window(claim):
        provider = open_garmin(claim, settings)
        fetch = provider.fetch

        def fetch_then_limit(first, last):
            batch = fetch(first, last)
            fetched.append((first, last))
            garmin.rate_limit(RUNNER, times=1, retry_after="120")
            return batch

        provider.fetch = fetch_then_limit  # type: ignore[method-assign]
        return provider

    outcome = sync_connection(
        connection.id, tx, settings=settings, opener=limited_after_first_window
    )

    assert outcome == "rate_limited"
    db_session.refresh(connection)
    (first_window,) = fetched
    assert connection.cursor["synced_until"] == first_window[1].isoformat()
    assert 30 <= windows.backfill_progress(connection.cursor).fraction * 100 <= 35
    assert connection.next_attempt_at >= utcnow() + timedelta(seconds=119)
    run = _runs(db_session, connection.id)[-1]
    assert (run.status, run.error_code, run.done_until) == (
        "failed", "provider_rate_limited", first_window[1]
    )  # fmt: skip
    assert len(_stored(db_session, athlete.id)) == sum(
        first_window[0] <= s.start.astimezone(AMSTERDAM).date() <= first_window[1]
        for s in runner_specs()
    )


def test_a_revoked_token_needs_reauthorisation_and_the_athlete_is_told(
    db_session, tx, athlete, connect_garmin, garmin, settings
):
    connection = connect_garmin(athlete)
    garmin.revoke(RUNNER)

    assert sync_connection(connection.id, tx, settings=settings) == "needs_reauth"

    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == ("needs_reauth", "provider_auth_expired")
    assert connection.next_attempt_at is None and connection.lease_token is None
    told = status_message(connection)
    assert "Connect your account again" in told["en"] and "Koppel je account opnieuw" in told["nl"]
    _make_due(db_session, connection)
    assert sync_connection(connection.id, tx, settings=settings) == "skipped"


def test_an_unreachable_garmin_is_retried_later_with_backoff(
    db_session, tx, athlete, connect_garmin, garmin, settings, library_pauses
):
    connection = connect_garmin(athlete)
    garmin.fail_unavailable(RUNNER, times=10)
    before = utcnow()

    assert sync_connection(connection.id, tx, settings=settings) == "error"

    db_session.refresh(connection)
    assert (connection.state, connection.last_error, connection.attempts) == (
        "error", "provider_unavailable", 1
    )  # fmt: skip
    wait = (connection.next_attempt_at - before).total_seconds()
    assert 30 <= wait <= 61  # first failure: uniform(base/2, base), base 60 s
    assert library_pauses  # the library retried the 503s itself before giving up


def test_a_connection_that_is_not_due_is_left_alone(
    db_session, tx, athlete, connect_garmin, settings
):
    connection = connect_garmin(athlete)
    connection.next_attempt_at = datetime.now(UTC) + timedelta(minutes=5)
    db_session.commit()

    assert sync_connection(connection.id, tx, settings=settings) == "skipped"
    assert _runs(db_session, connection.id) == []


def test_a_triathlon_is_stored_as_its_legs_and_its_run_counts_as_running(
    db_session, tx, athlete, connect_garmin, garmin, settings, sent_tasks, today
):
    start = datetime.combine(today - timedelta(days=3), datetime.min.time(), AMSTERDAM)
    start = start.replace(hour=8)
    legs = [
        ActivitySpec(start=start, sport="open_water_swimming", distance_m=1500.0, duration_s=1800),
        ActivitySpec(start=start + timedelta(minutes=31), sport="transition_v2", duration_s=120),
        ActivitySpec(
            start=start + timedelta(minutes=34),
            sport="road_biking",
            distance_m=40000.0,
            duration_s=4200,
        ),
        ActivitySpec(
            start=start + timedelta(minutes=105),
            sport="running",
            distance_m=10000.0,
            duration_s=2700,
        ),
    ]
    leg_ids = add_multisport(garmin.account(RUNNER), legs, parent_id=33_000_000_000)
    connection = connect_garmin(athlete)

    assert sync_connection(connection.id, tx, settings=settings) == "ok"

    day = (today - timedelta(days=3)).isoformat()
    stored = [a for a in _stored(db_session, athlete.id) if a.local_date.isoformat() == day]
    assert [(a.external_id, a.sport, a.distance_m) for a in stored] == [
        (leg_ids[0], "swimming", 1500.0),
        (leg_ids[2], "cycling", 40000.0),
        (leg_ids[3], "running", 10000.0),
    ]
    assert all(a.raw["multisportParentId"] == "33000000000" for a in stored)
    assert all(a.timezone == "Europe/Amsterdam" for a in stored)
    assert "33000000000" not in {a.external_id for a in _stored(db_session, athlete.id)}


@pytest.mark.parametrize(("retry_after", "others_paused"), [(None, True), ("30", False)])
def test_a_429_without_retry_after_pauses_every_garmin_connection(
    db_session, tx, athlete, make_user, connect_garmin, garmin, settings, retry_after, others_paused
):
    other_email = "sync.other@example.com"
    garmin.add_account(synthesized_account(other_email, "other-password", runner_specs()[-2:]))
    connection = connect_garmin(athlete)
    other = connect_garmin(make_user(Role.ATHLETE), other_email, "other-password")
    garmin.rate_limit(RUNNER, times=1, retry_after=retry_after)
    before = utcnow()

    assert sync_connection(connection.id, tx, settings=settings) == "rate_limited"

    db_session.refresh(other)
    db_session.refresh(connection)
    if others_paused:
        pause = DEFAULT_POLICY.provider_pause
        assert other.next_attempt_at >= before + pause
        assert connection.next_attempt_at >= before + pause
        queued = sweep(db_session, utcnow() + timedelta(minutes=5)).queued
        assert queued == []  # nothing of Garmin is sent meanwhile
    else:
        assert other.next_attempt_at <= utcnow()
    assert other.state == ConnectionState.OK and other.last_error is None


def test_a_multisport_parent_stored_whole_before_goes_when_its_legs_arrive(
    db_session, tx, athlete, connect_garmin, garmin, settings, sent_tasks, today
):
    start = datetime.combine(today - timedelta(days=2), datetime.min.time(), AMSTERDAM)
    start = start.replace(hour=9)
    legs = [
        ActivitySpec(start=start, sport="cycling", distance_m=20000.0, duration_s=2400),
        ActivitySpec(
            start=start + timedelta(minutes=41), sport="running", distance_m=5000.0, duration_s=1500
        ),
    ]
    add_multisport(garmin.account(RUNNER), legs, parent_id=34_000_000_000, name="Duathlon")
    parent_entry = next(
        e for e in garmin.account(RUNNER).entries if e["activityId"] == 34_000_000_000
    )
    ingest_activities(db_session, athlete.id, [activity_from_list_entry(parent_entry)])
    db_session.commit()
    assert [a.sport for a in _stored(db_session, athlete.id)] == ["other"]
    connection = connect_garmin(athlete)

    assert sync_connection(connection.id, tx, settings=settings) == "ok"

    day = (today - timedelta(days=2)).isoformat()
    stored = [a for a in _stored(db_session, athlete.id) if a.local_date.isoformat() == day]
    assert [(a.sport, a.distance_m) for a in stored] == [("cycling", 20000.0), ("running", 5000.0)]
    left = db_session.scalars(
        select(ActivitySource).where(ActivitySource.external_id == "34000000000")
    ).all()
    assert left == []
