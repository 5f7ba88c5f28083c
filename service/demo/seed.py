"""Seeding the demo through the real paths, each step safe to repeat.

1. People: accounts through the accounts service; each athlete invites the coach and the
   physio (``invite_staff``) and they accept (``accept_link``).
2. Data, per athlete's source, with the same service calls the tasks make:
   - Garmin, one athlete by a real login (``start_garmin_connect`` → ``complete_garmin_login``,
     the login task's work, with ``garminconnect``'s deliberate pauses), the others with tokens
     the fake issues directly, stored by ``mark_connected`` as a login would; then
     ``sync_connection`` (the ``connections.sync`` task's work) backfills six months;
   - Fitbit through Google's consent (``start_fitbit_authorization``, the fake's consent screen,
     ``finish_fitbit_authorization``), then the same sync;
   - files through ``parse_file`` and ``store_file``, the upload's and ``loadwatch import``'s
     path.
3. Check-ins through ``correct_checkin``; the Garmin access of one athlete is withdrawn at the
   fake and a "sync now" (``request_sync``) finds out.
4. The pipeline, as the workers run it: ``recompute_metrics``, ``evaluate_athlete`` (findings
   and their alerts), ``deliver_alerts`` (emails into ``<data>/mail/``).

The messages these steps enqueue reach the worker of ``loadwatch serve`` later; being idempotent,
they find the work done.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
from sqlalchemy.orm import Session

from service.accounts import queries as account_queries
from service.accounts.service import create_user
from service.activities.imports import parse_file, store_file
from service.athletes import queries as athlete_queries
from service.athletes.access import AthleteAccess
from service.athletes.service import accept_link, invite_staff
from service.checkins.service import correct_checkin
from service.clock import utcnow
from service.config import Settings
from service.connections import queries as connection_queries
from service.connections.fitbit_connect import (
    finish_fitbit_authorization,
    start_fitbit_authorization,
)
from service.connections.garmin_connect import complete_garmin_login, start_garmin_connect
from service.connections.policy import SyncPolicy
from service.connections.service import mark_connected, request_sync
from service.connections.sync import sync_connection
from service.db import session_scope
from service.demo.checkins import checkins_for
from service.demo.files import history_archive
from service.demo.people import ATHLETES, DEMO_PASSWORD, STAFF, DemoPerson
from service.demo.providers import DemoFakes, athlete_workouts, health_user_id, local_today
from service.demo.training import HISTORY_DAYS, run_days
from service.models import AthleteProfile, ConnectionState, Role, User

DEMO_POLICY = SyncPolicy(backfill_days=HISTORY_DAYS + 1)
"""Six months of history at connect, instead of the usual 90 days."""


class DemoSeedError(RuntimeError):
    """A step did not end as the demo needs (the message says which)."""


def seed_people() -> dict[str, int]:
    """Every demo account (created once) and the staff links; email → user id."""
    with session_scope() as session:
        staff = [_ensure_user(session, person) for person in STAFF]
        ids = {person.email: user.id for person, user in zip(STAFF, staff, strict=True)}
        for person in ATHLETES:
            athlete = _ensure_user(session, person)
            ids[person.email] = athlete.id
            for member in staff:
                share = Role(member.role) in person.shares_symptoms_with
                _ensure_link(session, athlete, member, share)
    return ids


def _ensure_user(session: Session, person: DemoPerson) -> User:
    existing = account_queries.get_user_by_email(session, person.email)
    if existing is not None:
        return existing
    user = create_user(
        session,
        email=person.email,
        password=DEMO_PASSWORD,
        role=person.role,
        display_name=person.name,
        locale=person.locale,
        timezone=person.timezone,
        verified=True,  # the demo's people use addresses nobody reads
    )
    if person.role is Role.ATHLETE:
        session.flush()
        profile = session.get_one(AthleteProfile, user.id)
        profile.sex = person.sex
        profile.hr_rest_bpm, profile.hr_max_bpm = person.hr_rest_bpm, person.hr_max_bpm
        profile.flags = list(person.flags)
    return user


def _ensure_link(session: Session, athlete: User, staff: User, share: bool) -> None:
    if athlete_queries.get_link_between(session, athlete_id=athlete.id, staff_id=staff.id):
        return
    invite = invite_staff(session, athlete, staff.email, share)
    accept_link(session, staff, invite.link.id)


def seed_garmin_by_login(person: DemoPerson, athlete_id: int, settings: Settings) -> int:
    """Connect through a real login against the fake (the login task's work); the connection."""
    keys = settings.encryption_key_list()
    with session_scope() as session:
        found = connection_queries.get_athlete_connection(session, athlete_id, "garmin")
        if found is not None and found.credentials is not None:
            return found.id
        connection = start_garmin_connect(
            session, athlete_id, person.email, DEMO_PASSWORD,
            now=utcnow(), keys=keys, policy=DEMO_POLICY,
        )  # fmt: skip
        session.flush()
        connection_id = connection.id
    state = complete_garmin_login(
        connection_id, session_scope, settings=settings, policy=DEMO_POLICY
    )
    if state != ConnectionState.OK:
        raise DemoSeedError(f"the Garmin login of {person.email} ended in {state}")
    return connection_id


def seed_garmin_by_tokens(
    person: DemoPerson, athlete_id: int, fakes: DemoFakes, settings: Settings
) -> int:
    """Connect with tokens the fake issued (no login pauses), stored as a login stores them."""
    with session_scope() as session:
        connection = connection_queries.get_or_create_connection(session, athlete_id, "garmin")
        if connection.credentials is None:
            connection.external_user_id = fakes.garmin.account(person.email).display_name
            mark_connected(
                session, connection, fakes.garmin.token_blob(person.email),
                now=utcnow(), keys=settings.encryption_key_list(), policy=DEMO_POLICY,
            )  # fmt: skip
        session.flush()
        return connection.id


def seed_fitbit(person: DemoPerson, athlete_id: int, fakes: DemoFakes, settings: Settings) -> int:
    """Connect through Google's consent at the fake, approved as this athlete's Google user."""
    with session_scope() as session:
        found = connection_queries.get_athlete_connection(session, athlete_id, "fitbit")
        if found is not None and found.credentials is not None:
            return found.id
        url = start_fitbit_authorization(
            session, athlete_id, settings, now=utcnow(), policy=DEMO_POLICY
        )
    answer = _consent(fakes, person, url)
    with session_scope() as session:
        connection = finish_fitbit_authorization(
            session, athlete_id, settings,
            code=answer.get("code"), state=answer.get("state", ""), error=answer.get("error"),
            now=utcnow(), policy=DEMO_POLICY,
        )  # fmt: skip
        if connection.state != ConnectionState.OK:
            raise DemoSeedError(f"the Fitbit consent of {person.email} ended in {connection.state}")
        return connection.id


def _consent(fakes: DemoFakes, person: DemoPerson, url: str) -> dict[str, str]:
    """Follow Google's consent URL as the athlete's browser would; the redirect's answers."""
    fakes.google.login_user = health_user_id(person)
    try:
        consent = httpx.get(url, follow_redirects=False, timeout=10.0)
    finally:
        fakes.google.login_user = fakes.live_google_user
    if not consent.is_redirect:
        raise DemoSeedError(f"the fake consent screen answered {consent.status_code}")
    query = parse_qs(urlsplit(consent.headers["location"]).query)
    return {key: values[0] for key, values in query.items()}


def sync(connection_id: int, settings: Settings) -> str:
    """One sync run, as the ``connections.sync`` task makes it."""
    return sync_connection(connection_id, session_scope, policy=DEMO_POLICY, settings=settings)


def withdraw_garmin_access(
    connection_id: int, fakes: DemoFakes, email: str, settings: Settings
) -> None:
    """The athlete removed loadwatch at Garmin; the next "sync now" finds the tokens refused."""
    with session_scope() as session:
        connection = connection_queries.lock_connection(session, connection_id)
        if connection is None or connection.state == ConnectionState.NEEDS_REAUTH:
            return
        fakes.garmin.revoke_tokens(email)
        request_sync(session, connection, utcnow())
    state = sync(connection_id, settings)
    if state != ConnectionState.NEEDS_REAUTH:
        raise DemoSeedError(f"the sync after withdrawing {email}'s access ended in {state}")


def seed_files(person: DemoPerson, athlete_id: int, seeded_at: datetime, data_dir: Path) -> int:
    """Write the athlete's history as a ZIP of TCX files and import it; activities stored."""
    folder = data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{person.email.split('@')[0]}-history.zip"
    path.write_bytes(history_archive(athlete_workouts(person, seeded_at)))
    parsed = parse_file(path.name, path.read_bytes(), allow_incomplete=False)
    with session_scope() as session:
        outcome = store_file(session, athlete_id, parsed)
    return outcome.created + outcome.updated + outcome.unchanged + outcome.linked


def seed_checkins(person: DemoPerson, athlete_id: int, seeded_at: datetime) -> int:
    """The story's check-ins, through the check-in service as the athlete."""
    today = local_today(seeded_at, person)
    runs = run_days(athlete_workouts(person, seeded_at))
    planned = checkins_for(person.story, today, runs)
    with session_scope() as session:
        athlete = session.get_one(User, athlete_id)
        access = AthleteAccess(athlete, athlete, None)
        for answers in planned:
            correct_checkin(session, access, answers)
    return len(planned)
