"""Due alerts: decide (send, hold, skip) and write the message in the recipient's language.

Everything is checked again at delivery time, because time passes between writing an alert and
sending it (quiet hours, a retry): the recipient must still be active, still linked, still allowed
to see symptom findings, still want this channel, and must not have seen or snoozed the finding.
These checks are made per alert, so inside one message each finding is held, skipped or sent on
its own; the alerts that are sent together make one message (:meth:`AlertOutbox.combine`): the
most severe finding in the subject, every finding with its message, day and links in the body.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy.orm import Session

from service.alerts import links, preferences, queries, service
from service.alerts.channels.base import Destination, Message
from service.alerts.decisions import Decision, Hold, Send, Skip
from service.alerts.reading import finding_message
from service.alerts.rendering import render
from service.alerts.wording import rule_name, say, unsubscribe_headers
from service.athletes.access import may_see_finding
from service.config import Settings
from service.models import Alert, CoachLink, Finding, User
from service.training.findings import Severity
from service.training.messages.formatting import format_value

#: Due alerts of one recipient claimed at once, and the most one message lists (a long backlog
#: takes more than one).
MAX_PER_MESSAGE = 25


def display_name(user: User) -> str:
    return user.display_name or user.email.split("@", 1)[0]


@dataclass(frozen=True, slots=True)
class FindingPart:
    """One finding as a combined message lists it (the context of its own email)."""

    finding_id: int
    severity: Severity
    day: date
    locale: str
    context: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _ReadAhead:
    """What deciding some rows reads, by id: the (finding, recipient) pairs asked about, their
    findings, the recipients and athletes, each staff recipient's active link (by athlete and
    staff id), preferences, snoozes (until when) and the pairs marked as seen."""

    pairs: frozenset[tuple[int, int]]
    findings: dict[int, Finding]
    users: dict[int, User]
    links: dict[tuple[int, int], CoachLink]
    prefs: dict[int, preferences.Preferences]
    snoozes: dict[tuple[int, int], datetime]
    seen: set[tuple[int, int]]

    @classmethod
    def of(cls, session: Session, rows: Sequence[Alert]) -> _ReadAhead:
        """A few queries for all of ``rows`` instead of a few per row."""
        pairs = frozenset((row.finding_id, row.recipient_id) for row in rows)
        findings = {f.id: f for f in queries.findings_by_id(session, {f for f, _ in pairs})}
        people = {user for _, user in pairs} | {f.athlete_id for f in findings.values()}
        staff = {
            (findings[f].athlete_id, user)
            for f, user in pairs
            if f in findings and findings[f].athlete_id != user
        }
        return cls(
            pairs=pairs,
            findings=findings,
            users={user.id: user for user in queries.users_by_id(session, people)},
            links=queries.active_links_of(session, staff),
            prefs=preferences.load_many(session, {user for _, user in pairs}),
            snoozes=queries.snoozes_of(session, set(pairs)),
            seen=queries.seen_of(session, set(pairs)),
        )


class AlertOutbox:
    @property
    def model(self) -> type[Alert]:
        return Alert

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._ahead: _ReadAhead | None = None

    def lock_due(
        self, session: Session, now: datetime, limit: int, finding_id: int | None
    ) -> Sequence[Alert]:
        rows = queries.lock_due_alerts(session, now, limit, MAX_PER_MESSAGE, finding_id)
        self._ahead = _ReadAhead.of(session, rows)  # for the decisions of this claim
        return rows

    def bundle_key(self, row: Alert) -> Hashable | None:
        return (row.recipient_id, row.channel)

    def combine(self, sends: Sequence[Send]) -> Message:
        """The message of one or more alerts; the email's text and HTML are written here, once
        per message, not for each alert as it is decided."""
        parts = [send.part for send in sends]
        if not all(isinstance(part, FindingPart) for part in parts):
            raise TypeError("only alerts of findings are combined")
        if len(sends) == 1:
            return _rendered(sends[0].message, parts[0])  # type: ignore[arg-type]
        return combine(self.settings, [send.message for send in sends], parts)  # type: ignore[arg-type]

    def decide(self, session: Session, row: Alert, now: datetime) -> Decision:
        ahead = self._ahead
        if ahead is None or (row.finding_id, row.recipient_id) not in ahead.pairs:
            ahead = _ReadAhead.of(session, [row])
        finding = ahead.findings.get(row.finding_id)
        recipient = ahead.users.get(row.recipient_id)
        athlete = ahead.users.get(finding.athlete_id) if finding else None
        if finding is None or recipient is None or athlete is None or not recipient.is_active:
            return Skip("the finding or the recipient no longer exists")
        prefs = ahead.prefs.get(recipient.id) or preferences.load(session, recipient.id)
        link = ahead.links.get((finding.athlete_id, recipient.id))
        seen = (
            finding.id,
            recipient.id,
        ) in ahead.seen or finding.acknowledged_by_id == recipient.id
        refusal = _refusal(finding, recipient, link, seen, prefs, row.channel)
        if refusal is not None:
            return Skip(refusal)
        hold = _hold(finding, recipient, prefs, now, ahead.snoozes.get((finding.id, recipient.id)))
        if hold is not None:
            return hold
        destinations = self._destinations(session, row.channel, recipient.id)
        if row.channel != "email" and not destinations:
            return Skip(f"no {row.channel} destination left")
        message, part = _composed(self.settings, row, finding, athlete, recipient, destinations)
        return Send(row.channel, message, part)

    def _destinations(self, session: Session, channel: str, user_id: int) -> list[Destination]:
        if channel == "push":
            return [
                Destination(s.id, s.endpoint, {"p256dh": s.p256dh, "auth": s.auth})
                for s in queries.list_push_subscriptions(session, user_id)
            ]
        if channel == "apprise":
            return [
                Destination(t.id, service.open_apprise_url(self.settings, t))
                for t in queries.list_apprise_targets(session, user_id)
            ]
        return []

    def started(self, session: Session, rows: Sequence[Alert], now: datetime) -> dict[int, int]:
        return queries.add_deliveries(session, [(row.id, row.attempts) for row in rows], now)

    def finished(
        self,
        session: Session,
        references: Sequence[int | None],
        outcome: str,
        error: str | None,
        now: datetime,
    ) -> None:
        ids = [reference for reference in references if reference is not None]
        if ids:
            queries.close_delivery(session, ids, outcome, error, now)

    def drop_destinations(self, session: Session, row_id: int, ids: frozenset[int]) -> None:
        alert = session.get(Alert, row_id)
        if alert is not None and alert.channel == "push":
            queries.delete_push_subscriptions(session, ids, alert.recipient_id)


def _refusal(
    finding: Finding,
    recipient: User,
    link: CoachLink | None,
    seen: bool,
    prefs: preferences.Preferences,
    channel: str,
) -> str | None:
    if not may_see_finding(recipient.id, finding, link):
        if link is None:
            return "the recipient is no longer linked to the athlete"
        return "the athlete no longer shares symptoms with the recipient"
    if seen:  # by this recipient: someone else's "seen" is theirs alone
        return "the recipient already marked the finding as seen"
    if not prefs.channel_enabled(channel):
        return f"the recipient turned {channel} off"
    if not prefs.wants(Severity(finding.severity)):
        return "below the recipient's minimum severity"
    return None


def _hold(
    finding: Finding,
    recipient: User,
    prefs: preferences.Preferences,
    now: datetime,
    snoozed_until: datetime | None,
) -> Hold | None:
    if snoozed_until is not None and snoozed_until > now:
        return Hold(snoozed_until, "snoozed")
    if preferences.ignores_quiet_hours(finding.rule, Severity(finding.severity)):
        return None
    until = preferences.quiet_until(prefs, recipient.timezone, now)
    return Hold(until, "quiet hours") if until is not None else None


def compose(
    settings: Settings,
    alert: Alert,
    finding: Finding,
    athlete: User,
    recipient: User,
    destinations: list[Destination],
) -> Message:
    """The alert written for its recipient: subject naming athlete and rule, the finding's own
    message in their language, and the signed links."""
    message, part = _composed(settings, alert, finding, athlete, recipient, destinations)
    return _rendered(message, part)


def _rendered(message: Message, part: FindingPart) -> Message:
    """The alert's own email text and HTML, for a message that carries it alone."""
    text = render("alert.txt", part.locale, **part.context)
    return replace(message, text=text, html=render("alert.html", part.locale, **part.context))


def _composed(
    settings: Settings,
    alert: Alert,
    finding: Finding,
    athlete: User,
    recipient: User,
    destinations: list[Destination],
) -> tuple[Message, FindingPart]:
    locale = recipient.locale
    context = _email_context(settings, finding, athlete, recipient)
    part = FindingPart(finding.id, Severity(finding.severity), finding.day, locale, context)
    return _message(alert, recipient, finding, context, destinations, locale), part


def _message(
    alert: Alert,
    recipient: User,
    finding: Finding,
    context: dict[str, Any],
    destinations: list[Destination],
    locale: str,
) -> Message:
    return Message(
        to_address=recipient.email,
        subject=context["subject"],
        body=context["message"],
        text="",  # written per message: :meth:`AlertOutbox.combine`, :func:`_rendered`
        url=context["open_url"],
        tag=f"alert-{alert.id}",
        urgent=preferences.ignores_quiet_hours(finding.rule, Severity(finding.severity)),
        headers=unsubscribe_headers(context["unsubscribe_url"]),
        destinations=tuple(destinations),
    )


def combine(
    settings: Settings, messages: Sequence[Message], parts: Sequence[FindingPart]
) -> Message:
    """Several alerts of one recipient and channel as one message, in the recipient's language:
    the most severe finding (then the latest) names the subject, every finding is listed with
    its message, day, source and links. ``messages`` are the alerts' own, in the same order."""
    order = sorted(
        range(len(parts)), key=lambda i: (-parts[i].severity.rank, -parts[i].day.toordinal(), i)
    )
    ranked = [parts[i] for i in order]
    first, top = ranked[0].context, messages[order[0]]
    locale = ranked[0].locale
    athletes = list(dict.fromkeys(str(part.context["athlete"]) for part in ranked))
    more = len(ranked) - 1
    subject = say(
        "alerts.subject_more",
        locale,
        severity=first["severity"],
        athlete=", ".join(athletes),
        rule=rule_name(str(first["rule_id"]), locale),
        more=more,
    )
    context = {
        "subject": subject,
        "name": first["name"],
        "is_athlete": all(part.context["is_athlete"] for part in ranked),
        "count": len(ranked),
        "findings": [part.context for part in ranked],
        "urgent": any(part.context["urgent"] for part in ranked),
        "unsubscribe_url": first["unsubscribe_url"],
    }
    return Message(
        to_address=top.to_address,
        subject=subject,
        body=f"{first['message']} {say('alerts.push_more', locale, more=more)}",
        text=render("alerts.txt", locale, **context),
        html=render("alerts.html", locale, **context),
        url=top.url,
        tag=top.tag,
        urgent=any(message.urgent for message in messages),
        headers=top.headers,
        destinations=top.destinations,
    )


def _email_context(
    settings: Settings, finding: Finding, athlete: User, recipient: User
) -> dict[str, Any]:
    locale, severity = recipient.locale, Severity(finding.severity)
    severity_name = say(f"severity.{severity.value}", locale)
    rule = rule_name(finding.rule, locale)
    subject = say(
        "alert.subject", locale, severity=severity_name, athlete=display_name(athlete), rule=rule
    )
    return {
        "subject": subject,
        "name": display_name(recipient),
        "athlete": display_name(athlete),
        "is_athlete": recipient.id == athlete.id,
        "message": finding_message(finding, locale, recipient.id, display_name(athlete)),
        "day": format_value("day_date", finding.day, locale),
        "source": finding.source,
        "severity": severity_name,
        "rule_id": finding.rule,
        "urgent": preferences.ignores_quiet_hours(finding.rule, severity),
        "open_url": links.finding_url(settings, athlete.id, finding.id),
        "acknowledge_url": links.finding_link(settings, "acknowledge", recipient.id, finding.id),
        "snooze_url": links.finding_link(settings, "snooze", recipient.id, finding.id),
        "unsubscribe_url": links.unsubscribe_link(settings, recipient.id, "alerts"),
    }
