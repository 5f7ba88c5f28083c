"""Settings from the environment (``LOADWATCH_*``), one object, nested groups.

With neither ``LOADWATCH_DATABASE_URL`` nor ``LOADWATCH_REDIS_URL`` set, loadwatch runs on its
*embedded default*: SQLite files in the data folder, for the application and for the Celery broker,
so that nothing else has to be installed. With the URLs set it uses PostgreSQL and Redis.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
import secrets
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset(
    {"", "changethis", "change-me", "changeme", "secret", "please-change", "your-secret-key"}
)
MIN_SECRET_LENGTH = 32


class ConfigurationError(RuntimeError):
    """The configuration cannot be used; the message says which variable to fix."""


class SmtpSettings(BaseModel):
    host: str | None = None
    port: int = 25
    user: str | None = None
    password: SecretStr | None = None
    from_address: str = Field(default="loadwatch <alerts@loadwatch.localhost>", alias="from")
    starttls: bool = False
    timeout_s: float = 10.0

    model_config = {"populate_by_name": True}


class GoogleSettings(BaseModel):
    """A Google Cloud OAuth client with access to the Google Health API (the Fitbit connection)."""

    client_id: str | None = None
    client_secret: SecretStr | None = None
    auth_url: str = "https://accounts.google.com/o/oauth2/v2/auth"
    token_url: str = "https://oauth2.googleapis.com/token"  # noqa: S105
    api_base: str = "https://health.googleapis.com/v4"
    webhook_secret: SecretStr | None = None
    #: The Google Cloud project (number or id) whose webhook subscriber loadwatch registers.
    project: str | None = None
    #: The subscriber's id in that project (4–36 of ``a-z0-9-``, starting with a letter).
    subscriber_id: str = Field(default="loadwatch", pattern=r"^[a-z]([a-z0-9-]{2,34}[a-z0-9])$")
    #: Google's public keys for webhook signatures; empty: the Authorization secret alone.
    webhook_keyset_url: str = (
        "https://www.gstatic.com/googlehealthapi/webhooks/webhooks_public_keyset.json"
    )

    @property
    def configured(self) -> bool:
        return bool(self.client_id and self.client_secret)


class GarminSettings(BaseModel):
    """Where Garmin Connect lives; only the demo and the tests point these elsewhere."""

    connectapi: str | None = None
    sso: str | None = None
    di_token_url: str | None = None
    #: Where the SSO service URLs live (the fake's, so a JWT_WEB fallback stays on loopback).
    service_root: str | None = None
    #: Seconds between two credential logins of this server (all athletes): Garmin limits
    #: logins per IP, so athletes connecting at once are logged in one after another (0: not
    #: spaced, for tests against the fake).
    login_spacing_s: float = Field(default=30.0, ge=0)
    #: A login that would wait longer than this for its turn is refused ("try again shortly").
    login_max_wait_s: float = Field(default=300.0, ge=0)
    #: Also download each new activity's ORIGINAL file (FIT) into ``<data>/originals``.
    fetch_original: bool = False


class PushSettings(BaseModel):
    vapid_private_key: SecretStr | None = None
    vapid_public_key: str | None = None
    vapid_subject: str = "mailto:alerts@loadwatch.localhost"


class AlertSettings(BaseModel):
    """Delivery from the alert outbox. A failed attempt waits ``backoff_base_s`` × 2^(n−1)
    (capped at ``backoff_max_s``, with jitter); after ``max_attempts`` the alert is dead. A claim
    is renewed every ``recovery.heartbeat_s`` while its worker sends; one whose worker died is
    taken over ``claim_timeout_s`` after its last renewal. Up to ``batch_size`` due rows are
    claimed per transaction, sent over one connection and recorded in one commit."""

    max_attempts: int = Field(default=5, ge=1, le=50)
    claim_timeout_s: float = Field(default=20.0, gt=0)
    backoff_base_s: float = Field(default=30.0, gt=0)
    backoff_max_s: float = Field(default=3600.0, gt=0)
    batch_size: int = Field(default=50, ge=1, le=1000)
    #: Findings about days more than this many days before today are stored and shown, never
    #: alerted (a backfill of old history tells the athlete once instead).
    fresh_days: int = Field(default=3, ge=0, le=60)
    #: Alerts of one recipient and channel that became due within this many seconds of each
    #: other go out as one message (those of one evaluation always do).
    bundle_window_s: float = Field(default=120.0, ge=0)
    send_timeout_s: float = Field(default=10.0, gt=0)
    #: May push endpoints and Apprise URLs point into the server's own network (loopback,
    #: private, link-local)? Never, unless set: an opt-in in every environment.
    allow_private_targets: bool = False


class RecoverySettings(BaseModel):
    """How soon lost work is found again; every value in seconds. See docs/operations.md §9.

    Four kinds of loss are seen as they happen: a message that could not be sent (the broker
    did not answer) and a broker that came back without its messages (Redis restarted empty),
    both sent again at the next ``queue_sweep_s``; a worker that died while it ran a task: what
    the task held (a sync's lease, a kept recompute or evaluation, claimed alerts) is renewed
    every ``heartbeat_s`` while it runs, so a hold not renewed for ``lease_s`` is taken over by
    the next sweep of its kind, and an import is taken over once no live transaction holds it
    and it started ``import_lease_s`` ago. A live task, however slow, keeps renewing and is
    never taken over. The ``*_resend_after_s`` waits are the backstop for a loss nothing saw: a
    request still unfinished after that long is sent again, even if it may only be waiting in a
    busy queue.
    """

    #: ``queue.sweep``: sends what could not be sent, and everything after a broker loss.
    queue_sweep_s: float = Field(default=10.0, gt=0)
    #: ``activities.sweep_imports``: imports whose worker died, or whose message was lost.
    imports_sweep_s: float = Field(default=10.0, gt=0)
    #: ``connections.sweep``: due syncs, and syncs whose lease ran out (their worker died).
    connections_sweep_s: float = Field(default=10.0, gt=0)
    #: ``alerts.sweep``: due alerts, retries, alerts whose claim ran out.
    alerts_sweep_s: float = Field(default=10.0, gt=0)
    alerts_plan_notices_s: float = Field(default=600.0, gt=0)
    metrics_sweep_s: float = Field(default=3600.0, gt=0)
    findings_sweep_stale_sources_s: float = Field(default=3600.0, gt=0)
    accounts_purge_expired_s: float = Field(default=3600.0, gt=0)
    #: A recompute or evaluation request still unfinished after this is sent again.
    resend_after_s: float = Field(default=300.0, gt=0)
    #: A queued import nobody started after this is sent again.
    import_resend_after_s: float = Field(default=300.0, gt=0)
    #: A sync sent this long ago that no worker started is sent again.
    sync_resend_after_s: float = Field(default=300.0, gt=0)
    #: An import started this long ago, still queued and not held by a live worker, is taken
    #: over (sent again).
    import_lease_s: float = Field(default=20.0, gt=0)
    #: A running task renews what it holds this often.
    heartbeat_s: float = Field(default=5.0, gt=0)
    #: What a running task holds and stopped renewing this long ago is taken over: a sync's
    #: lease on its connection, a kept recompute or evaluation request.
    lease_s: float = Field(default=20.0, gt=0)

    @model_validator(mode="after")
    def _renewed_within_the_lease(self) -> RecoverySettings:
        if self.heartbeat_s * 2 > self.lease_s:
            raise ValueError("recovery.heartbeat_s must be at most half of recovery.lease_s")
        return self


class WorkerSettings(BaseModel):
    """``loadwatch worker``: its Celery node name and how it looks after its Celery process."""

    #: The node name (``--hostname``), e.g. ``worker@%h``; by default ``worker-<pid>@%h``
    #: (``imports-<pid>@%h`` for the imports), so no two workers on one host share a name.
    name: str | None = None
    #: Start the Celery worker again whenever it ends by itself (a crash, an unrecoverable
    #: error, a kill); off: ``loadwatch worker`` becomes the Celery worker itself.
    supervise: bool = True
    #: The first wait before such a restart; it doubles while the worker keeps failing within
    #: a minute of its start, up to ``restart_delay_max_s``.
    restart_delay_s: float = Field(default=1.0, gt=0)
    restart_delay_max_s: float = Field(default=30.0, gt=0)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LOADWATCH_", env_nested_delimiter="__", extra="ignore"
    )

    environment: Literal["development", "test", "production"] = "development"
    database_url: str | None = None
    redis_url: str | None = None
    redis_namespace: str = "loadwatch"  # key prefix, so several installs can share one Redis
    #: The Celery broker when it is not ``redis_url``: ``amqp://`` (RabbitMQ) or ``sentinel://``
    #: (Redis Sentinel, with ``celery_broker_master``). Rate limits and the login throttle
    #: still use ``redis_url``.
    celery_broker_url: str | None = None
    celery_broker_master: str | None = None
    data_dir: Path = Path("data")
    secret_key: SecretStr | None = None
    encryption_keys: SecretStr | None = None
    base_url: str = "http://127.0.0.1:8000"
    #: Addresses of the reverse proxies in front of loadwatch, comma-separated: only their
    #: ``X-Forwarded-For`` is believed (the login throttle counts per client address). Empty:
    #: nobody's, the connection's own address counts.
    trusted_proxies: str = ""
    #: The largest upload request (activity files, ZIP archives); other bodies are capped small.
    max_upload_bytes: int = Field(default=520 * 1024 * 1024, ge=1024)
    log_level: str = "INFO"
    smtp: SmtpSettings = SmtpSettings()
    google: GoogleSettings = GoogleSettings()
    garmin: GarminSettings = GarminSettings()
    push: PushSettings = PushSettings()
    alerts: AlertSettings = AlertSettings()
    worker: WorkerSettings = WorkerSettings()
    recovery: RecoverySettings = RecoverySettings()

    @field_validator("log_level")
    @classmethod
    def _known_log_level(cls, value: str) -> str:
        if not isinstance(logging.getLevelName(value.upper()), int):
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return value

    @model_validator(mode="after")
    def _refuse_placeholders_in_production(self) -> Settings:
        if self.environment != "production":
            return self
        for name in ("secret_key", "encryption_keys"):
            value = getattr(self, name)
            plain = value.get_secret_value() if value else ""
            if plain.strip().lower() in PLACEHOLDER_SECRETS or len(plain) < MIN_SECRET_LENGTH:
                raise ConfigurationError(
                    f"LOADWATCH_{name.upper()} is missing or a placeholder; production needs a "
                    f"random value of at least {MIN_SECRET_LENGTH} characters"
                )
        if self.database_url is None or self.redis_url is None:
            raise ConfigurationError(
                "production needs LOADWATCH_DATABASE_URL and LOADWATCH_REDIS_URL"
            )
        return self

    @property
    def embedded(self) -> bool:
        """True when no database URL is configured: SQLite in the data folder."""
        return self.database_url is None

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_dir.resolve() / 'loadwatch.sqlite'}"

    @property
    def broker_url(self) -> str:
        if self.celery_broker_url:
            return self.celery_broker_url
        if self.redis_url:
            return self.redis_url
        return f"sqla+sqlite:///{self.data_dir.resolve() / 'broker.sqlite'}"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    def secret(self) -> str:
        """The signing secret; on the embedded default one is generated once and kept."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        return _persisted_secret(self.data_dir / "secret_key", lambda: secrets.token_urlsafe(48))

    def encryption_key_list(self) -> list[bytes]:
        """AES-256 keys, primary first. From ``LOADWATCH_ENCRYPTION_KEYS`` (comma-separated,
        url-safe base64 of 32 bytes each), else one generated key kept in the data folder."""
        if self.encryption_keys is not None:
            raw = [k.strip() for k in self.encryption_keys.get_secret_value().split(",")]
            keys = [_decode_key(k, n, len(raw)) for n, k in enumerate(raw, 1) if k]
        else:
            generated = _persisted_secret(
                self.data_dir / "encryption_key",
                lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            )
            keys = [base64.urlsafe_b64decode(generated)]
        if not keys or any(len(k) != 32 for k in keys):
            sizes = ", ".join(str(len(k)) for k in keys) or "none"
            raise ConfigurationError(
                "LOADWATCH_ENCRYPTION_KEYS must be url-safe base64 keys of 32 bytes each "
                f"(the keys decode to {sizes} bytes)"
            )
        return keys


def _decode_key(text: str, number: int, count: int) -> bytes:
    """One key of ``LOADWATCH_ENCRYPTION_KEYS``; the error names its place, never its value."""
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except binascii.Error:
        raise ConfigurationError(
            f"LOADWATCH_ENCRYPTION_KEYS must be url-safe base64 keys of 32 bytes each: key "
            f"{number} of {count} is not url-safe base64"
        ) from None


def normalise_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def _persisted_secret(path: Path, make: Callable[[], str]) -> str:
    """Read a generated secret, creating it (mode 0600) the first time; safe across processes."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # A file of its own for each caller, threads of one process included (mode 0600).
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
        try:
            os.link(tmp, path)  # atomic: the first writer wins, later ones read its value
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text().strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
