"""What people do with alerts: register browsers and Apprise URLs, put off the alerts of a
finding (the findings feature decides who may: ``findings.service.snooze_finding``), unsubscribe,
and (operators) send a dead alert again."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy.orm import Session

from service.alerts import preferences, queries
from service.alerts.channels.apprise import is_valid_url
from service.alerts.digests import plan_digests
from service.alerts.links import Topic
from service.alerts.outbound import private_allowed, refuses_host
from service.alerts.reminders import plan_reminders
from service.clock import utcnow
from service.config import Settings
from service.crypto import open_sealed, seal
from service.errors import NotFound, Unprocessable
from service.models import Alert, Finding, User
from service.models.notifications import AppriseTarget, PushSubscription
from service.queue import enqueue
from service.task_names import TaskName

MAX_SNOOZE = timedelta(days=30)
UNSUBSCRIBE_FIELDS: dict[Topic, str] = {
    "alerts": "email_enabled",
    "digest": "weekly_digest",
    "reminders": "checkin_reminders",
}


# --- Web Push subscriptions -------------------------------------------------------------------


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _check_push_keys(p256dh: str, auth: str) -> None:
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64decode(p256dh))
        auth_ok = len(_b64decode(auth)) == 16
    except (binascii.Error, ValueError):
        auth_ok = False
    if not auth_ok:
        raise Unprocessable("push_keys_invalid", "p256dh must be a P-256 point, auth 16 bytes")


def register_push_subscription(
    session: Session,
    settings: Settings,
    user: User,
    endpoint: str,
    p256dh: str,
    auth: str,
    user_agent: str = "",
) -> PushSubscription:
    """Store (or move to this user) the browser's subscription and turn push on."""
    scheme = urlsplit(endpoint).scheme
    if scheme != "https" and not (scheme == "http" and settings.environment != "production"):
        raise Unprocessable("push_endpoint_invalid", "a push endpoint must be an https URL")
    _refuse_internal(settings, endpoint, "push_endpoint_not_public")
    _check_push_keys(p256dh, auth)
    subscription = queries.get_push_subscription_by_endpoint(session, endpoint)
    if subscription is None:
        subscription = PushSubscription(endpoint=endpoint)
        session.add(subscription)
    subscription.user_id = user.id
    subscription.p256dh = p256dh
    subscription.auth = auth
    subscription.user_agent = user_agent[:255]
    preferences.update(session, user.id, push_enabled=True)
    session.flush()
    return subscription


def remove_push_subscription(session: Session, user: User, subscription_id: int) -> None:
    if not queries.delete_push_subscriptions(session, [subscription_id], user.id):
        raise NotFound("push_subscription_not_found")


def _refuse_internal(settings: Settings, url: str, code: str) -> None:
    """No destination inside the server's own network (in production; see ``outbound``)."""
    if not private_allowed(settings) and refuses_host(url):
        raise Unprocessable(code, "this address is inside the server's network; use a public one")


# --- Apprise URLs -----------------------------------------------------------------------------


def _apprise_aad(target: AppriseTarget) -> bytes:
    return f"apprise_targets:{target.id}:{target.user_id}".encode()


def add_apprise_target(
    session: Session, settings: Settings, user: User, label: str, url: str
) -> AppriseTarget:
    """Seal the URL (it may hold a token) bound to its row, and turn Apprise on."""
    if not is_valid_url(url):
        raise Unprocessable("apprise_url_invalid", "Apprise does not recognise this URL")
    _refuse_internal(settings, url, "apprise_url_not_public")
    scheme = url.split("://", 1)[0].lower()[:32]
    target = AppriseTarget(user_id=user.id, label=label, scheme=scheme, url_sealed=b"")
    session.add(target)
    session.flush()  # the id is part of the associated data
    target.url_sealed = seal(url.encode(), _apprise_aad(target), settings.encryption_key_list())
    preferences.update(session, user.id, apprise_enabled=True)
    session.flush()
    return target


def open_apprise_url(settings: Settings, target: AppriseTarget) -> str:
    return open_sealed(
        target.url_sealed, _apprise_aad(target), settings.encryption_key_list()
    ).decode()


def remove_apprise_target(session: Session, user: User, target_id: int) -> None:
    if not queries.delete_apprise_target(session, target_id, user.id):
        raise NotFound("apprise_target_not_found")


# --- snoozing a finding's alerts --------------------------------------------------------------


def snooze(session: Session, finding: Finding, user: User, until: datetime) -> datetime:
    """Remind ``user`` of the finding at ``until``: their alerts for it go out again then, on the
    channels that had it (unless they acknowledge it first). The caller checked that ``user``
    may see the finding."""
    now = utcnow()
    if not now < until <= now + MAX_SNOOZE:
        raise Unprocessable("snooze_out_of_range", "snooze between now and 30 days ahead")
    queries.upsert_snooze(session, finding.id, user.id, until)
    for alert in queries.alerts_for(session, finding.id, user.id):
        if alert.status in ("pending", "sending", "sent"):
            _reschedule(alert, until)
    session.flush()
    return until


def _reschedule(alert: Alert, at: datetime) -> None:
    alert.status = "pending"
    alert.attempts = 0
    alert.next_attempt_at = at
    alert.claimed_until = None


def unsubscribe(session: Session, user_id: int, topic: Topic) -> None:
    preferences.update(session, user_id, **{UNSUBSCRIBE_FIELDS[topic]: False})


def retry_alert(session: Session, alert_id: int) -> Alert:
    """Send a dead or skipped alert again, with a fresh budget of attempts."""
    alert = queries.get_alert(session, alert_id)
    if alert is None:
        raise NotFound("alert_not_found")
    if alert.status not in ("dead", "skipped"):
        raise Unprocessable("alert_not_retryable", "only dead or skipped alerts can be retried")
    _reschedule(alert, utcnow())
    alert.last_error = None
    enqueue(session, TaskName.ALERTS_DELIVER, finding_id=alert.finding_id)
    session.flush()
    return alert


def plan_notices(session: Session, now: datetime) -> int:
    """Write the digests and check-in reminders that are due at ``now``; a sweep sends them."""
    created = plan_digests(session, now) + plan_reminders(session, now)
    if created:
        enqueue(session, TaskName.ALERTS_SWEEP)
    return created
