"""SQLAlchemy models, one module per aggregate; importing this package registers them all."""

from service.models.activities import Activity, ActivitySource
from service.models.audit import AuditEntry
from service.models.base import Base
from service.models.checkins import Checkin
from service.models.connections import Connection, ConnectionState
from service.models.episodes import EpisodeRecord
from service.models.findings import Alert, Delivery, Finding, FindingSeen
from service.models.imports import FileImport, ImportStatus
from service.models.links import CoachLink, LinkStatus
from service.models.metrics import DailyMetric, SeriesDirty
from service.models.missing_days import MissingDay
from service.models.notes import Note
from service.models.notifications import (
    AppriseTarget,
    FindingSnooze,
    Notice,
    NotificationPreference,
    PushSubscription,
)
from service.models.policies import AthletePolicy, PolicyChange
from service.models.queue import QueuedTask
from service.models.status import AthleteStatus
from service.models.sync import SeenNotification, SyncRun, WebhookSubscriber, WellnessDay
from service.models.users import (
    STAFF_ROLES,
    ApiToken,
    AthleteProfile,
    PasswordReset,
    Role,
    User,
    WebSession,
)

__all__ = [
    "STAFF_ROLES",
    "Activity",
    "ActivitySource",
    "Alert",
    "ApiToken",
    "AppriseTarget",
    "AthletePolicy",
    "AthleteProfile",
    "AthleteStatus",
    "AuditEntry",
    "Base",
    "Checkin",
    "CoachLink",
    "Connection",
    "ConnectionState",
    "DailyMetric",
    "Delivery",
    "EpisodeRecord",
    "FileImport",
    "Finding",
    "FindingSeen",
    "FindingSnooze",
    "ImportStatus",
    "LinkStatus",
    "MissingDay",
    "Note",
    "Notice",
    "NotificationPreference",
    "PasswordReset",
    "PolicyChange",
    "PushSubscription",
    "QueuedTask",
    "Role",
    "SeenNotification",
    "SeriesDirty",
    "SyncRun",
    "User",
    "WebSession",
    "WebhookSubscriber",
    "WellnessDay",
]
