"""Reminders of the weekly check-in: when it is due (Sunday from 18:00 in the athlete's time
zone) and again when it was missed (Tuesday from 18:00), each at most once per ISO week.

A weekly check-in dated in the week counts; for the "missed" reminder one made on the Monday or
Tuesday after counts as well (it was filled in late, not missed).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from service.alerts import digest_queries, links, queries
from service.alerts.channels.base import Message
from service.alerts.digests import iso_week_key, week_monday
from service.alerts.rendering import render
from service.alerts.wording import say, unsubscribe_headers
from service.clock import zone
from service.config import Settings
from service.models import Role, User
from service.models.notifications import Notice

REMINDER_FROM = time(18, 0)
SUNDAY, TUESDAY = 6, 1
ATHLETES = (Role.ATHLETE.value,)


def reminder_due(local: datetime) -> tuple[str, str] | None:
    """(kind, ISO week it is about) when a reminder is due at this local time."""
    if local.time() < REMINDER_FROM:
        return None
    if local.weekday() == SUNDAY:
        return "checkin_due", iso_week_key(local.date())
    if local.weekday() == TUESDAY:
        return "checkin_missed", iso_week_key(local.date() - timedelta(days=7))
    return None


def checkin_window(kind: str, period_key: str) -> tuple[date, date]:
    """The days on which a weekly check-in counts for ``period_key``."""
    monday = week_monday(period_key)
    late_days = 8 if kind == "checkin_missed" else 6
    return monday, monday + timedelta(days=late_days)


def plan_reminders(session: Session, now: datetime) -> int:
    """Write the reminders that are due now; returns how many were new."""
    rows = []
    for timezone in digest_queries.active_timezones(session, ATHLETES):
        due = reminder_due(now.astimezone(zone(timezone)))
        if due is None:
            continue
        kind, key = due
        athletes = digest_queries.users_for_notice(session, timezone, ATHLETES, "checkin_reminders")
        done = digest_queries.athletes_with_weekly_checkin(
            session, athletes, *checkin_window(kind, key)
        )
        rows += [
            {"user_id": a, "kind": kind, "period_key": key, "next_attempt_at": now}
            for a in athletes
            if a not in done
        ]
    return len(queries.insert_notices(session, rows))


def checked_in_since(session: Session, notice: Notice) -> bool:
    window = checkin_window(notice.kind, notice.period_key)
    return bool(digest_queries.athletes_with_weekly_checkin(session, [notice.user_id], *window))


def reminder_message(settings: Settings, athlete: User, notice: Notice) -> Message:
    locale = athlete.locale
    week = week_monday(notice.period_key).isocalendar()[1]
    unsubscribe_url = links.unsubscribe_link(settings, athlete.id, "reminders")
    context = {
        "subject": say(f"reminder.{notice.kind}.subject", locale, week=week),
        "name": athlete.display_name or athlete.email.split("@", 1)[0],
        "kind": notice.kind,
        "week": week,
        "checkin_url": f"{settings.base_url.rstrip('/')}/athletes/{athlete.id}/checkins",
        "unsubscribe_url": unsubscribe_url,
    }
    return Message(
        to_address=athlete.email,
        subject=str(context["subject"]),
        body=say(f"reminder.{notice.kind}.body", locale, name=context["name"], week=week),
        text=render("reminder.txt", locale, **context),
        html=render("reminder.html", locale, **context),
        url=str(context["checkin_url"]),
        tag=f"notice-{notice.id}",
        headers=unsubscribe_headers(unsubscribe_url),
    )
