"""Routes: notification settings, Web Push subscriptions, Apprise URLs, and the operator's list
of alerts. Acknowledging and snoozing a finding are the findings feature's routes
(``POST /athletes/{athlete_id}/findings/{finding_id}/acknowledge`` and ``.../snooze``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request, status
from sqlalchemy.orm import Session

from service.accounts.deps import CurrentAdmin, CurrentUser
from service.alerts import preferences, queries, service
from service.alerts.channels.webpush import vapid_keys
from service.alerts.schemas import (
    AdminAlertOut,
    AlertStatus,
    AppriseTargetIn,
    AppriseTargetOut,
    NotificationsIn,
    NotificationsOut,
    PushSubscriptionIn,
    PushSubscriptionOut,
    QuietHours,
    VapidKeyOut,
)
from service.deps import RowId, SessionDep, SettingsDep
from service.errors import NotFound
from service.models import Alert, Finding, User
from service.models.notifications import PushSubscription

router = APIRouter(tags=["alerts"])


def notifications_out(session: Session, user: User) -> NotificationsOut:
    prefs = preferences.load(session, user.id)
    quiet = None
    if prefs.quiet_start is not None and prefs.quiet_end is not None:
        quiet = QuietHours(start=prefs.quiet_start, end=prefs.quiet_end)
    return NotificationsOut(
        email=prefs.email_enabled,
        push=prefs.push_enabled,
        apprise=prefs.apprise_enabled,
        min_severity=prefs.min_severity.value,
        quiet_hours=quiet,
        weekly_digest=prefs.weekly_digest,
        checkin_reminders=prefs.checkin_reminders,
        timezone=user.timezone,
        push_subscriptions=len(queries.list_push_subscriptions(session, user.id)),
        apprise_targets=len(queries.list_apprise_targets(session, user.id)),
    )


@router.get("/me/notifications")
def read_notifications(user: CurrentUser, session: SessionDep) -> NotificationsOut:
    return notifications_out(session, user)


@router.put("/me/notifications")
def update_notifications(
    data: NotificationsIn, user: CurrentUser, session: SessionDep
) -> NotificationsOut:
    """Change the fields sent; ``"quiet_hours": null`` turns quiet hours off."""
    names = {"email": "email_enabled", "push": "push_enabled", "apprise": "apprise_enabled"}
    changes: dict[str, object] = {
        names.get(field, field): value
        for field, value in data.model_dump(exclude={"quiet_hours"}).items()
        if field in data.model_fields_set and value is not None
    }
    if "quiet_hours" in data.model_fields_set:
        quiet = data.quiet_hours
        changes["quiet_start"] = quiet.start if quiet else None
        changes["quiet_end"] = quiet.end if quiet else None
    preferences.update(session, user.id, **changes)
    return notifications_out(session, user)


def _push_out(subscription: PushSubscription) -> PushSubscriptionOut:
    return PushSubscriptionOut(
        id=subscription.id,
        endpoint_host=urlsplit(subscription.endpoint).hostname or "",
        user_agent=subscription.user_agent,
        created_at=subscription.created_at,
    )


@router.get("/me/push-subscriptions/vapid-key")
def read_vapid_key(_user: CurrentUser, settings: SettingsDep) -> VapidKeyOut:
    keys = vapid_keys(settings)
    if keys is None:
        raise NotFound("push_not_configured", "this installation has no VAPID key")
    return VapidKeyOut(public_key=keys.public_key)


@router.get("/me/push-subscriptions")
def list_push_subscriptions(user: CurrentUser, session: SessionDep) -> list[PushSubscriptionOut]:
    return [_push_out(s) for s in queries.list_push_subscriptions(session, user.id)]


@router.post("/me/push-subscriptions", status_code=status.HTTP_201_CREATED)
def add_push_subscription(
    data: PushSubscriptionIn,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> PushSubscriptionOut:
    """Register this browser for Web Push (and turn push on)."""
    subscription = service.register_push_subscription(
        session, settings, user, data.endpoint, data.keys.p256dh, data.keys.auth,
        request.headers.get("user-agent", ""),
    )  # fmt: skip
    return _push_out(subscription)


@router.delete("/me/push-subscriptions/{subscription_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_push_subscription(
    subscription_id: RowId, user: CurrentUser, session: SessionDep
) -> None:
    service.remove_push_subscription(session, user, subscription_id)


@router.get("/me/apprise-targets")
def list_apprise_targets(user: CurrentUser, session: SessionDep) -> list[AppriseTargetOut]:
    return [
        AppriseTargetOut.model_validate(t, from_attributes=True)
        for t in queries.list_apprise_targets(session, user.id)
    ]


@router.post("/me/apprise-targets", status_code=status.HTTP_201_CREATED)
def add_apprise_target(
    data: AppriseTargetIn, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> AppriseTargetOut:
    """Add an Apprise URL (stored encrypted, never shown again) and turn Apprise on."""
    target = service.add_apprise_target(session, settings, user, data.label, data.url)
    return AppriseTargetOut.model_validate(target, from_attributes=True)


@router.delete("/me/apprise-targets/{target_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_apprise_target(target_id: RowId, user: CurrentUser, session: SessionDep) -> None:
    service.remove_apprise_target(session, user, target_id)


def _admin_out(alert: Alert, finding: Finding) -> AdminAlertOut:
    return AdminAlertOut(
        id=alert.id,
        finding_id=finding.id,
        rule=finding.rule,
        severity=finding.severity,
        athlete_id=finding.athlete_id,
        recipient_id=alert.recipient_id,
        channel=alert.channel,
        status=alert.status,
        attempts=alert.attempts,
        next_attempt_at=alert.next_attempt_at,
        sent_at=alert.sent_at,
        last_error=alert.last_error,
        created_at=alert.created_at,
    )


@router.get("/admin/alerts")
def list_alerts(
    _admin: CurrentAdmin,
    session: SessionDep,
    status_: Annotated[AlertStatus | None, Query(alias="status")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[AdminAlertOut]:
    """The outbox for the operator, newest first; ``status=dead`` lists what gave up."""
    return [_admin_out(a, f) for a, f in queries.list_alerts(session, status_, limit, offset)]


@router.post("/admin/alerts/{alert_id}/retry")
def retry_alert(alert_id: RowId, _admin: CurrentAdmin, session: SessionDep) -> AdminAlertOut:
    """Send a dead (or skipped) alert again with a fresh budget of attempts."""
    alert = service.retry_alert(session, alert_id)
    finding = queries.get_finding(session, alert.finding_id)
    if finding is None:
        raise NotFound("finding_not_found")
    return _admin_out(alert, finding)
