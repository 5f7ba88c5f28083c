"""Notification preferences: which channels, from which severity, and quiet hours.

Quiet hours hold an alert back until they end, in the person's own time zone; urgent findings
and red flags ignore them (a ruptured tendon cannot wait for the morning).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy.orm import Session

from service.alerts import queries
from service.clock import utcnow, zone
from service.models.notifications import NotificationPreference
from service.training.findings import Severity

DEFAULT_MIN_SEVERITY = Severity.CAUTION
URGENT_RULE_PREFIXES = ("red_flag.",)


@dataclass(frozen=True, slots=True)
class Preferences:
    email_enabled: bool = True
    push_enabled: bool = False
    apprise_enabled: bool = False
    min_severity: Severity = DEFAULT_MIN_SEVERITY
    quiet_start: time | None = None
    quiet_end: time | None = None
    weekly_digest: bool = True
    checkin_reminders: bool = True

    @classmethod
    def of(cls, row: NotificationPreference | None) -> Preferences:
        if row is None:
            return cls()
        return cls(
            email_enabled=row.email_enabled,
            push_enabled=row.push_enabled,
            apprise_enabled=row.apprise_enabled,
            min_severity=Severity(row.min_severity),
            quiet_start=row.quiet_start,
            quiet_end=row.quiet_end,
            weekly_digest=row.weekly_digest,
            checkin_reminders=row.checkin_reminders,
        )

    def wants(self, severity: Severity) -> bool:
        return severity.rank >= self.min_severity.rank

    def channel_enabled(self, channel: str) -> bool:
        return {
            "email": self.email_enabled,
            "push": self.push_enabled,
            "apprise": self.apprise_enabled,
        }.get(channel, False)


def ignores_quiet_hours(rule: str, severity: Severity) -> bool:
    return severity == Severity.URGENT or rule.startswith(URGENT_RULE_PREFIXES)


def quiet_until(prefs: Preferences, timezone: str, now: datetime) -> datetime | None:
    """When the quiet hours around ``now`` end (UTC), or None when ``now`` is not quiet.

    ``start <= local time < end``; with the end before the start the period wraps past midnight.
    """
    start, end = prefs.quiet_start, prefs.quiet_end
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(zone(timezone))
    clock = local.time()
    if start < end:
        quiet, end_day = start <= clock < end, local.date()
    else:
        quiet = clock >= start or clock < end
        end_day = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not quiet:
        return None
    ends = datetime.combine(end_day, end, tzinfo=local.tzinfo)
    return ends.astimezone(UTC)


def load(session: Session, user_id: int) -> Preferences:
    return Preferences.of(queries.get_preference_row(session, user_id))


def load_many(session: Session, user_ids: set[int]) -> dict[int, Preferences]:
    rows = queries.preference_rows(session, user_ids)
    return {user_id: Preferences.of(rows.get(user_id)) for user_id in user_ids}


def update(session: Session, user_id: int, **changes: object) -> Preferences:
    """Write the given fields (others keep their value) and return the result."""
    row = queries.get_preference_row(session, user_id, for_update=True)
    if row is None:
        row = NotificationPreference(user_id=user_id)
        session.add(row)
        for name, value in _defaults().items():
            setattr(row, name, value)
    for name, value in changes.items():
        setattr(row, name, value.value if isinstance(value, Severity) else value)
    row.updated_at = utcnow()
    session.flush()
    return Preferences.of(row)


def _defaults() -> dict[str, object]:
    defaults = Preferences()
    values = {name: getattr(defaults, name) for name in Preferences.__dataclass_fields__}
    return {k: v.value if isinstance(v, Severity) else v for k, v in values.items()}
