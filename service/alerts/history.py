""" "Your history is in": one message to an athlete after a backfill.

A backfill — a connection's first sync, a ZIP or a multi-file import — brings weeks of old runs
at once. Their findings are stored and shown, never alerted (``alerts.fresh_days``); instead the
athlete is told once how many weeks arrived and how many findings the past holds, with a link to
them.

The notice is written in the transaction that stores the activities
(``activities.backfills.note_backfill``), held until the evaluation that follows has stored the
findings (:func:`release_history_notices`); if no evaluation comes, it is sent anyway after an
hour. It is composed when it is sent, so the count is the one stored then.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from service.alerts import links
from service.alerts.channels.base import Message
from service.alerts.rendering import render
from service.alerts.wording import say, unsubscribe_headers
from service.clock import local_today
from service.config import Settings
from service.models import Finding, User
from service.models.notifications import HISTORY, Notice


def release_history_notices(session: Session, athlete_id: int, now: datetime) -> bool:
    """Make the athlete's held history notices due now (call from the evaluation that started at
    ``now``, after it stored the findings); True when one was released."""
    result = session.execute(
        update(Notice)
        .where(
            Notice.user_id == athlete_id,
            Notice.kind == HISTORY,
            Notice.status == "pending",
            Notice.attempts == 0,
            Notice.next_attempt_at > now,
            Notice.created_at <= now,
        )
        .values(next_attempt_at=now)
        .returning(Notice.id)
        .execution_options(synchronize_session=False)
    )
    return bool(result.scalars().all())


def weeks_between(first: date, last: date) -> int:
    """Calendar weeks the days from ``first`` to ``last`` touch (Monday to Sunday)."""
    monday = first - timedelta(days=first.weekday())
    return (last - monday).days // 7 + 1


def past_findings(session: Session, athlete_id: int, first: date, before: date) -> int:
    """Findings stored about the days from ``first`` up to (not including) ``before``."""
    query = select(func.count()).where(
        Finding.athlete_id == athlete_id, Finding.day >= first, Finding.day < before
    )
    return int(session.scalar(query) or 0)


def history_message(
    settings: Settings, session: Session, athlete: User, notice: Notice, now: datetime
) -> Message:
    """The notice in the athlete's language: weeks arrived, findings of the past, the link."""
    locale = athlete.locale
    first = date.fromisoformat(str(notice.details["first_day"]))
    last = date.fromisoformat(str(notice.details["last_day"]))
    fresh_from = local_today(athlete.timezone, now) - timedelta(days=settings.alerts.fresh_days)
    weeks = weeks_between(first, last)
    found = past_findings(session, athlete.id, first, fresh_from)
    findings_url = f"{settings.base_url.rstrip('/')}/athletes/{athlete.id}"
    unsubscribe_url = links.unsubscribe_link(settings, athlete.id, "alerts")
    weeks_text = say("history.weeks_one" if weeks == 1 else "history.weeks", locale, weeks=weeks)
    findings_key = {0: "history.findings_none", 1: "history.findings_one"}.get(
        found, "history.findings"
    )
    context = {
        "subject": say("history.subject", locale, weeks=weeks_text),
        "name": athlete.display_name or athlete.email.split("@", 1)[0],
        "arrived": say("history.arrived", locale, weeks=weeks_text),
        "findings": say(findings_key, locale, count=found),
        "findings_url": findings_url,
        "unsubscribe_url": unsubscribe_url,
    }
    return Message(
        to_address=athlete.email,
        subject=str(context["subject"]),
        body=f"{context['arrived']} {context['findings']}",
        text=render("history.txt", locale, **context),
        html=render("history.html", locale, **context),
        url=findings_url,
        tag=f"notice-{notice.id}",
        headers=unsubscribe_headers(unsubscribe_url),
    )
