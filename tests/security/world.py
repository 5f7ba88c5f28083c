"""A small world of people for the security tests, and a victim with a row in every table.

The victim is an athlete who has used every feature: activities from two sources, check-ins, a
Fitbit connection with sealed tokens and sync runs, findings with alerts and deliveries, an
upload waiting on disk, notification channels, a policy and its history, and coaches in every
state of consent. Everything is inserted directly (no argon2 per person, no HTTP), so a test can
build a fresh world in milliseconds and the API calls are the only thing under test.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from service import crypto
from service.activities.uploads import uploads_folder
from service.athletes.status import refresh_status
from service.config import Settings
from service.connections.credentials import store_credentials
from service.models import (
    Activity,
    ActivitySource,
    Alert,
    AppriseTarget,
    AthletePolicy,
    AuditEntry,
    Checkin,
    Connection,
    DailyMetric,
    Delivery,
    EpisodeRecord,
    FileImport,
    Finding,
    FindingSeen,
    FindingSnooze,
    LinkStatus,
    MissingDay,
    Note,
    Notice,
    NotificationPreference,
    PasswordReset,
    PolicyChange,
    PushSubscription,
    Role,
    SeriesDirty,
    SyncRun,
    User,
    WebSession,
    WellnessDay,
)
from service.security import new_token, token_hash
from tests.security.people import Person, add_link, add_person

#: Strings that only the victim's data contains: none may appear in a refusal.
VICTIM_NAME = "Vera Victim-7731"
VICTIM_ACTIVITY = "VICTIM-RUN-7731"
VICTIM_FINDING_TEXT = "VICTIM-FINDING-7731"
VICTIM_NOTE = "VICTIM-NOTE-7731 sore after the hills"
#: Today where the people of this world live (an account's default zone): from 23:00 UTC in
#: winter that is already tomorrow's date.
TODAY = datetime.now(ZoneInfo("Europe/Amsterdam")).date()
#: The victim's Achilles episode: opened by the check-in of their last run's day.
EPISODE = ("achilles", TODAY - timedelta(days=3))


@dataclass
class World:
    """Everyone, and the ids of the victim's things (``ids``) an attacker would try."""

    victim: Person
    coach: Person  # active link, symptoms shared
    blind_coach: Person  # active link, symptoms not shared
    revoked_coach: Person  # was linked; the victim revoked the link
    pending_coach: Person  # invited by the victim, not yet accepted
    other_coach: Person  # never linked
    other_athlete: Person  # an athlete with data of their own
    admin: Person
    ids: dict[str, int] = field(default_factory=dict)
    upload: Path | None = None

    def person(self, name: str) -> Person:
        return getattr(self, name)


def build_world(session: Session, settings: Settings) -> World:
    victim = add_person(session, Role.ATHLETE, VICTIM_NAME)
    world = World(
        victim=victim,
        coach=add_person(session, Role.COACH),
        blind_coach=add_person(session, Role.PHYSIO),
        revoked_coach=add_person(session, Role.COACH),
        pending_coach=add_person(session, Role.COACH),
        other_coach=add_person(session, Role.COACH),
        other_athlete=add_person(session, Role.ATHLETE),
        admin=add_person(session, Role.ADMIN),
    )
    ids = world.ids
    ids["link"] = add_link(session, victim, world.coach, LinkStatus.ACTIVE).id
    add_link(session, victim, world.blind_coach, LinkStatus.ACTIVE, share=False)
    add_link(session, victim, world.revoked_coach, LinkStatus.REVOKED)
    ids["pending_link"] = add_link(session, victim, world.pending_coach, LinkStatus.PENDING).id
    add_link(session, world.other_athlete, world.other_coach, LinkStatus.ACTIVE)
    ids["token"] = _victim_token_id(session, victim)
    _add_training(session, victim, ids, VICTIM_ACTIVITY)
    _add_connection(session, settings, victim, ids)
    _add_findings(session, victim, world.coach, ids)
    _add_channels(session, settings, victim, ids)
    world.upload = _add_upload(session, settings, victim, ids)
    ids["web_session"] = _add_account_rows(session, victim, world.coach)
    _add_training(session, world.other_athlete, {}, "Morning run")
    session.flush()
    return world


def _victim_token_id(session: Session, victim: Person) -> int:
    from service.accounts.queries import get_api_token

    row = get_api_token(session, token_hash(victim.token))
    assert row is not None
    return row.id


def _add_training(session: Session, athlete: Person, ids: dict[str, int], name: str) -> None:
    day = TODAY - timedelta(days=3)
    start = datetime.combine(day, time(7, 0), UTC)
    activity = Activity(
        athlete_id=athlete.id, source="upload", external_id=f"fit-{athlete.id}", sport="running",
        name=name, start_utc=start, local_date=day, timezone="Europe/Amsterdam",
        utc_offset_s=3600, distance_m=10_000.0, duration_s=3000.0, avg_hr_bpm=151.0,
        raw={}, payload_hash="0" * 64,
    )  # fmt: skip
    session.add(activity)
    session.flush()
    session.add(
        ActivitySource(
            activity_id=activity.id, athlete_id=athlete.id, source="upload",
            external_id=f"fit-{athlete.id}", payload_hash="0" * 64, raw={},
        )
    )  # fmt: skip
    checkin = Checkin(
        athlete_id=athlete.id, day=day, kind="daily", region="achilles", morning_pain=3.0,
        morning_stiffness_min=10.0, red_flags=[],
    )  # fmt: skip
    session.add(checkin)
    session.add(DailyMetric(athlete_id=athlete.id, measure="distance_km", day=day, load=10.0))
    session.add(MissingDay(athlete_id=athlete.id, day=day - timedelta(days=1)))
    session.add(SeriesDirty(athlete_id=athlete.id, dirty_from=day))
    session.add(
        EpisodeRecord(
            athlete_id=athlete.id, region="achilles", opened=day, kind="tendinopathy",
            recorded_by_id=athlete.id,
        )
    )  # fmt: skip
    session.add(WellnessDay(athlete_id=athlete.id, source="garmin", day=day, resting_hr_bpm=48.0))
    session.flush()
    ids.update(activity=activity.id, checkin=checkin.id)


def _add_connection(
    session: Session, settings: Settings, athlete: Person, ids: dict[str, int]
) -> None:
    connection = Connection(
        athlete_id=athlete.id, provider="fitbit", state="ok", cursor={},
        next_attempt_at=datetime.now(UTC) + timedelta(hours=1), attempts=0,
    )  # fmt: skip
    session.add(connection)
    session.flush()
    store_credentials(connection, '{"access_token": "victim-secret"}', _keys(settings))
    run = SyncRun(connection_id=connection.id, kind="incremental", run_key="r1", status="succeeded")
    session.add(run)
    session.flush()
    ids.update(connection=connection.id, sync_run=run.id)


def _add_findings(session: Session, athlete: Person, coach: Person, ids: dict[str, int]) -> None:
    day = TODAY - timedelta(days=2)
    load = _finding(athlete, "volume.weekly_progression", "caution", day, "")
    symptom = _finding(athlete, "pain.morning_rising", "warning", day, "achilles")
    session.add_all([load, symptom])
    session.flush()
    alert = Alert(finding_id=load.id, recipient_id=athlete.id, channel="email", status="dead")
    coach_alert = Alert(finding_id=load.id, recipient_id=coach.id, channel="email")
    session.add_all([alert, coach_alert])
    session.flush()
    session.add(Delivery(alert_id=alert.id, attempt=1, outcome="failed", error="refused"))
    session.add(FindingSnooze(finding_id=load.id, user_id=athlete.id, until=_in(days=2)))
    session.add(FindingSeen(finding_id=symptom.id, user_id=athlete.id, seen_at=_in(days=0)))
    refresh_status(session, [athlete.id])  # as the evaluation that stores findings does
    ids.update(finding=load.id, symptom_finding=symptom.id, alert=alert.id)
    own = Note(athlete_id=athlete.id, author_id=athlete.id, finding_id=load.id, body=VICTIM_NOTE)
    by_coach = Note(athlete_id=athlete.id, author_id=coach.id, day=day, body=VICTIM_NOTE)
    on_symptom = Note(
        athlete_id=athlete.id, author_id=athlete.id, finding_id=symptom.id, body=VICTIM_NOTE
    )
    session.add_all([own, by_coach, on_symptom])
    session.flush()
    ids.update(note=own.id, coach_note=by_coach.id, symptom_note=on_symptom.id)


def _finding(athlete: Person, rule: str, severity: str, day: date, region: str) -> Finding:
    return Finding(
        athlete_id=athlete.id, rule=rule, severity=severity, day=day, region=region,
        period_key=day, values={"week_change_pct": 36.0},
        message_en=f"{VICTIM_FINDING_TEXT} rose 36%", message_nl=f"{VICTIM_FINDING_TEXT} 36%",
        source="Jandacka et al. 2025",
    )  # fmt: skip


def _add_channels(
    session: Session, settings: Settings, athlete: Person, ids: dict[str, int]
) -> None:
    session.add(NotificationPreference(user_id=athlete.id, push_enabled=True))
    push = PushSubscription(
        user_id=athlete.id, endpoint=f"https://push.example.com/victim-{athlete.id}",
        p256dh="p" * 87, auth="a" * 22,
    )  # fmt: skip
    target = AppriseTarget(user_id=athlete.id, label="phone", scheme="ntfy", url_sealed=b"")
    session.add_all([push, target])
    session.flush()
    aad = f"apprise_targets:{target.id}:{target.user_id}".encode()
    target.url_sealed = crypto.seal(b"ntfy://victim-topic", aad, _keys(settings))
    session.add(Notice(user_id=athlete.id, kind="checkin_due", period_key="2026-W01"))
    ids.update(subscription=push.id, target=target.id)


def _add_upload(session: Session, settings: Settings, athlete: Person, ids: dict[str, int]) -> Path:
    folder = uploads_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{secrets.token_hex(16)}.upload"
    path.write_bytes(b"not yet processed")
    row = FileImport(
        athlete_id=athlete.id, filename="export.zip", size_bytes=17, status="queued",
        stored_path=str(path),
    )  # fmt: skip
    session.add(row)
    session.flush()
    ids["import"] = row.id
    return path


def _add_account_rows(session: Session, athlete: Person, coach: Person) -> int:
    """The victim's browser session (its id returned), reset, policy and access log rows."""
    now = datetime.now(UTC)
    web_session = WebSession(
        user_id=athlete.id, token_hash=token_hash(new_token("lws")),
        csrf_token=new_token("csrf"), expires_at=now + timedelta(days=1),
    )  # fmt: skip
    session.add(web_session)
    session.add(
        PasswordReset(
            user_id=athlete.id, token_hash=token_hash(new_token("reset")),
            expires_at=now + timedelta(hours=1),
        )
    )  # fmt: skip
    session.add(AthletePolicy(athlete_id=athlete.id, overrides={}, updated_by_id=coach.id))
    session.add(
        PolicyChange(athlete_id=athlete.id, changed_by_id=coach.id, changed_by_role="coach")
    )
    session.add(AuditEntry(actor_id=coach.id, athlete_id=athlete.id, action="get", resource="/"))
    session.flush()
    return web_session.id


def _keys(settings: Settings) -> list[bytes]:
    return settings.encryption_key_list()


def _in(days: int) -> datetime:
    return datetime.now(UTC) + timedelta(days=days)


def rows_of(session: Session, user_id: int) -> dict[str, Any]:
    """The export of a user: a snapshot to compare before and after an attack."""
    from service.privacy.export import export_user

    user = session.get(User, user_id)
    assert user is not None
    session.expire_all()
    return export_user(session, user)
