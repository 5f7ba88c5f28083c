"""loadwatch's Google Health webhook subscriber: registering, checking and removing it, and what
the connections page says about it.

The operator runs ``loadwatch google subscriber create|show|delete`` with their own access token
(scope ``cloud-platform``); each command records Google's answer in ``webhook_subscribers`` so
the pages know whether new Fitbit workouts arrive by webhook or only by the hourly check.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import Settings
from service.errors import Conflict
from service.integrations.google_subscribers import SubscriberApi, SubscriberInfo
from service.models import WebhookSubscriber

WEBHOOK_PATH = "/api/v1/webhooks/google-health"
PROVIDER = "fitbit"


def endpoint_uri(settings: Settings) -> str:
    return settings.base_url.rstrip("/") + WEBHOOK_PATH


def register(session: Session, settings: Settings, api: SubscriberApi) -> SubscriberInfo:
    """Create (or update) the subscriber with our endpoint and secret; Google verifies the
    endpoint before it answers, so the webhook route must already be reachable."""
    secret = settings.google.webhook_secret
    if secret is None or not secret.get_secret_value().strip():
        raise Conflict(
            "webhooks_not_configured",
            {
                "en": "Set LOADWATCH_GOOGLE__WEBHOOK_SECRET first (the full Authorization value, "
                'e.g. "Bearer <random>").',
                "nl": "Stel eerst LOADWATCH_GOOGLE__WEBHOOK_SECRET in (de volledige "
                'Authorization-waarde, bijvoorbeeld "Bearer <willekeurig>").',
            },
        )
    info = api.create(
        settings.google.subscriber_id, endpoint_uri(settings), secret.get_secret_value()
    )
    record(session, info)
    return info


def check(session: Session, settings: Settings, api: SubscriberApi) -> SubscriberInfo | None:
    info = api.find(settings.google.subscriber_id)
    if info is None:
        forget(session)
    else:
        record(session, info)
    return info


def remove(session: Session, settings: Settings, api: SubscriberApi) -> bool:
    removed = api.delete(settings.google.subscriber_id)
    forget(session)
    return removed


def record(session: Session, info: SubscriberInfo) -> WebhookSubscriber:
    row = session.get(WebhookSubscriber, PROVIDER) or WebhookSubscriber(provider=PROVIDER)
    row.name = info.name
    row.endpoint_uri = info.endpoint_uri
    row.state = info.state
    row.data_types = ",".join(info.data_types)
    row.checked_at = utcnow()
    session.add(row)
    session.flush()
    return row


def forget(session: Session) -> None:
    row = session.get(WebhookSubscriber, PROVIDER)
    if row is not None:
        session.delete(row)
        session.flush()


def webhooks_active(session: Session, settings: Settings) -> bool:
    """Whether Google pushes new Fitbit workouts to us: the subscriber was last seen active for
    ``exercise``, and this installation holds the secret its notifications carry."""
    secret = settings.google.webhook_secret
    if secret is None or not secret.get_secret_value().strip():
        return False
    row = session.get(WebhookSubscriber, PROVIDER)
    return row is not None and row.state == "ACTIVE" and "exercise" in row.data_types.split(",")
