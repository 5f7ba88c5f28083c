"""The coach's weekly digest: every Monday from 07:00 in the coach's time zone, one per coach
per ISO week, listing their athletes by worst open finding, with last week's running km against
the week before and the pain trend (only for athletes who share symptoms).

Planning writes a ``notices`` row (unique per coach, kind and week: a second run or a second beat
adds nothing); the outbox sends it. The content is written when it is sent, from current data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from service.alerts import digest_queries, links, queries
from service.alerts.channels.base import Message
from service.alerts.rendering import render
from service.alerts.wording import rule_name, say, unsubscribe_headers
from service.athletes.access import shows_finding
from service.athletes.queries import list_visible_athletes
from service.clock import zone
from service.config import Settings
from service.models import STAFF_ROLES, Finding, User
from service.models.notifications import Notice
from service.training.findings import Severity
from service.training.messages.formatting import format_value

DIGEST_FROM = time(7, 0)
OPEN_FINDINGS_DAYS = 28
STEADY_PAIN_POINTS = 1.0


def iso_week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def week_monday(key: str) -> date:
    year, week = key.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def digest_due(local: datetime) -> bool:
    """Monday from 07:00, or Tuesday as a catch-up when the scheduler was down on Monday."""
    return local.weekday() == 1 or (local.weekday() == 0 and local.time() >= DIGEST_FROM)


def plan_digests(session: Session, now: datetime) -> int:
    """Write this week's digest notice for every coach and physio whose Monday morning has come;
    returns how many were new."""
    rows = []
    for timezone in digest_queries.active_timezones(session, STAFF_ROLES):
        local = now.astimezone(zone(timezone))
        if not digest_due(local):
            continue
        key = iso_week_key(local.date())
        for user_id in digest_queries.users_for_notice(
            session, timezone, STAFF_ROLES, "weekly_digest"
        ):
            rows.append(
                {"user_id": user_id, "kind": "digest", "period_key": key, "next_attempt_at": now}
            )
    return len(queries.insert_notices(session, rows))


@dataclass(frozen=True, slots=True)
class DigestRow:
    name: str
    url: str
    finding: str
    km: str
    symptoms: str
    rank: int


def digest_rows(session: Session, settings: Settings, coach: User, monday: date) -> list[DigestRow]:
    """One row per linked athlete for the week before ``monday``, most pressing first."""
    last_week = (monday - timedelta(days=7), monday - timedelta(days=1))
    week_before = (monday - timedelta(days=14), monday - timedelta(days=8))
    athletes = list_visible_athletes(session, coach.id)
    ids = [athlete.id for athlete, _ in athletes]
    shared = {athlete.id for athlete, link in athletes if link.share_symptoms}
    since = monday - timedelta(days=OPEN_FINDINGS_DAYS)
    worst = _worst_findings(session, coach.id, ids, shared, since)
    km_now = digest_queries.running_km(session, ids, *last_week)
    km_before = digest_queries.running_km(session, ids, *week_before)
    pains = digest_queries.pain_answers(session, shared, week_before[0], last_week[1])
    locale = coach.locale
    rows = []
    for athlete, _link in athletes:
        finding = worst.get(athlete.id)
        rows.append(
            DigestRow(
                name=athlete.display_name or athlete.email.split("@", 1)[0],
                url=f"{settings.base_url.rstrip('/')}/athletes/{athlete.id}",
                finding=_finding_text(finding, locale),
                km=_km_text(km_now.get(athlete.id), km_before.get(athlete.id), locale),
                symptoms=_pain_text(athlete.id in shared, pains, athlete.id, last_week[0], locale),
                rank=Severity(finding.severity).rank if finding else -1,
            )
        )
    return sorted(rows, key=lambda row: (-row.rank, row.name.lower()))


def _worst_findings(
    session: Session, coach_id: int, ids: list[int], shared: set[int], since: date
) -> dict[int, Finding]:
    worst: dict[int, Finding] = {}
    for finding in digest_queries.open_findings(session, ids, since, coach_id):
        if not shows_finding(finding.rule, finding.athlete_id in shared):
            continue
        current = worst.get(finding.athlete_id)
        key = (Severity(finding.severity).rank, finding.day)
        if current is None or key >= (Severity(current.severity).rank, current.day):
            worst[finding.athlete_id] = finding
    return worst


def _finding_text(finding: Finding | None, locale: str) -> str:
    if finding is None:
        return say("digest.no_finding", locale)
    severity = say(f"severity.{finding.severity}", locale)
    day = format_value("day_date", finding.day, locale)
    return f"{severity}: {rule_name(finding.rule, locale)} ({day})"


def _km_text(now: float | None, before: float | None, locale: str) -> str:
    if now is None:
        return say("digest.no_km", locale)
    written = format_value("week_km", now, locale)
    earlier = format_value("week_km", before, locale) if before is not None else "–"
    return say("digest.km_value", locale, km=written, before=earlier)


def _pain_text(
    shared: bool,
    pains: list[digest_queries.PainAnswer],
    athlete_id: int,
    last_week_start: date,
    locale: str,
) -> str:
    if not shared:
        return say("digest.trend.hidden", locale)
    mine = [p for p in pains if p.athlete_id == athlete_id]
    now = max((p.worst for p in mine if p.day >= last_week_start), default=None)
    before = max((p.worst for p in mine if p.day < last_week_start), default=None)
    if now is None:
        return say("digest.trend.none", locale)
    values = {
        "now": format_value("now_pain", now, locale),
        "before": format_value("before_pain", before or 0.0, locale),
    }
    if before is None:
        return say("digest.trend.new", locale, **values)
    if now - before >= STEADY_PAIN_POINTS:
        return say("digest.trend.rising", locale, **values)
    if before - now >= STEADY_PAIN_POINTS:
        return say("digest.trend.falling", locale, **values)
    return say("digest.trend.steady", locale, **values)


def digest_message(settings: Settings, session: Session, coach: User, notice: Notice) -> Message:
    """The digest of ``notice.period_key`` (the week it is sent in) for ``coach``."""
    monday = week_monday(notice.period_key)
    week = (monday - timedelta(days=7)).isocalendar()[1]
    locale = coach.locale
    unsubscribe_url = links.unsubscribe_link(settings, coach.id, "digest")
    context = {
        "subject": say("digest.subject", locale, week=week),
        "name": coach.display_name or coach.email.split("@", 1)[0],
        "week": week,
        "rows": digest_rows(session, settings, coach, monday),
        "unsubscribe_url": unsubscribe_url,
    }
    text = render("digest.txt", locale, **context)
    return Message(
        to_address=coach.email,
        subject=str(context["subject"]),
        body=text,
        text=text,
        html=render("digest.html", locale, **context),
        url=f"{settings.base_url.rstrip('/')}/roster",
        tag=f"notice-{notice.id}",
        headers=unsubscribe_headers(unsubscribe_url),
    )
