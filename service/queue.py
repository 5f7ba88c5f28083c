"""Enqueue Celery tasks by name, after the transaction commits.

The service never imports ``workers``: it sends a task name and ids. Sending waits for the
commit (a worker must not read rows that do not exist yet) and is dropped on rollback. If the
broker is down at that moment the message is lost, which is why every piece of scheduled work
also lives in the database, where a beat sweeper finds it again.
"""

from __future__ import annotations

import logging
from datetime import date
from functools import lru_cache
from typing import Any

import redis
from celery import Celery
from sqlalchemy import event
from sqlalchemy.orm import Session

from service import dispatch
from service.config import Settings, get_settings
from service.db import session_scope
from service.task_names import QUEUE_OF, QUEUES, TaskName

log = logging.getLogger(__name__)

TASK_TIME_LIMIT_S = 600
TASK_SOFT_TIME_LIMIT_S = 540
RETRY_BACKOFF_MAX_S = 900
MAX_COUNTDOWN_S = 900
#: On a cold shutdown (SIGQUIT, or SIGTERM with ``REMAP_SIGTERM=SIGQUIT``) running tasks get this
#: long to finish; the rest are cancelled and handed back to the broker at once.
WORKER_SOFT_SHUTDOWN_S = 30.0
VISIBILITY_TIMEOUT_S = 3600  # strictly longer than any time limit, retry delay or countdown

_PENDING_KEY = "loadwatch.pending_tasks"


def celery_config(settings: Settings) -> dict[str, Any]:
    return {
        "broker_url": settings.broker_url,
        "broker_transport_options": broker_transport_options(settings),
        **_reliability(),
    }


def broker_transport_options(settings: Settings) -> dict[str, Any]:
    """The visibility timeout is Redis's (and Sentinel's); the SQLAlchemy transport of the
    embedded default hands its options to create_engine, RabbitMQ has none of these."""
    scheme = settings.broker_url.split("://", 1)[0]
    if scheme not in ("redis", "rediss", "sentinel"):
        return {}
    options: dict[str, Any] = {"visibility_timeout": VISIBILITY_TIMEOUT_S}
    if scheme == "sentinel" and settings.celery_broker_master:
        options["master_name"] = settings.celery_broker_master
    return options


def _reliability() -> dict[str, Any]:
    """At-least-once delivery, JSON only, no results, one queue per workload."""
    return {
        "broker_connection_retry_on_startup": True,
        "task_serializer": "json",
        "accept_content": ["json"],
        "result_backend": None,
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "task_acks_on_failure_or_timeout": True,
        "task_time_limit": TASK_TIME_LIMIT_S,
        "task_soft_time_limit": TASK_SOFT_TIME_LIMIT_S,
        "worker_prefetch_multiplier": 1,
        # A task running when the broker drops finishes where it is: Redis holds its message
        # until the visibility timeout (or lost it with a restart), so nothing redelivers it
        # early, and every task is safe to run twice. Cancelling it instead would throw its work
        # away and leave a sync's lease to run out before anyone could take it over.
        "worker_cancel_long_running_tasks_on_connection_loss": False,
        "worker_soft_shutdown_timeout": WORKER_SOFT_SHUTDOWN_S,
        "worker_hijack_root_logger": False,
        "timezone": "UTC",
        "enable_utc": True,
        "task_default_queue": "default",
        "task_queues": {name: {"exchange": name, "routing_key": name} for name in QUEUES},
        "task_routes": {str(task): {"queue": queue} for task, queue in QUEUE_OF.items()},
    }


@lru_cache(maxsize=4)
def _producer(broker_url: str) -> Celery:
    app = Celery("loadwatch-producer")
    app.conf.update(celery_config(get_settings()))
    app.conf.broker_url = broker_url
    return app


def producer(settings: Settings | None = None) -> Celery:
    settings = settings or get_settings()
    return _producer(settings.broker_url)


def send_now(task: TaskName, settings: Settings | None = None, **ids: int | str) -> None:
    """Send at once (no transaction to wait for), e.g. from a beat sweeper. If the broker does
    not answer, the call is kept in the database and ``queue.sweep`` sends it as soon as the
    broker answers again."""
    try:
        producer(settings).send_task(str(task), kwargs=ids)
    except Exception:  # the broker is down: keep the call where the sweep finds it
        log.warning("queue.send_failed", extra={"task": str(task)})
        _keep_unsent(task, ids, settings)


def _keep_unsent(task: TaskName, ids: dict[str, int | str], settings: Settings | None) -> None:
    try:
        with session_scope(settings) as session:
            dispatch.keep_unsent(session, task, ids)
    except Exception:  # the database too: a sweep still finds the work it describes
        log.exception("queue.keep_unsent_failed", extra={"task": str(task)})


def broker_lost_messages(settings: Settings | None = None) -> bool:
    """True once after the broker came back without its messages (Redis restarted without
    persistence, or flushed): a marker key kept in the broker is gone. Then every piece of
    work the database knows about is sent again at once, instead of after the waits for losses
    nothing saw. Only one caller gets True per loss; a broker that keeps its messages across a
    restart (Redis with its append-only file, RabbitMQ) keeps the marker too, or has none."""
    settings = settings or get_settings()
    scheme = settings.broker_url.split("://", 1)[0]
    if scheme not in ("redis", "rediss"):
        return False
    client = redis.Redis.from_url(settings.broker_url, socket_connect_timeout=5, socket_timeout=5)
    try:
        return bool(client.set(f"{settings.redis_namespace}:broker-marker", "1", nx=True))
    finally:
        client.close()


def enqueue(session: Session, task: TaskName, **ids: int | str) -> None:
    """Send ``task(**ids)`` once ``session`` commits; nothing if it rolls back. A durable task
    (``service.dispatch``) is also kept in the database until a worker finished it, and a
    recompute marks the athlete's series dirty from its day, in the same transaction; a
    recompute asked for while one is queued for the athlete merges into it (nothing sent)."""
    pending: list[tuple[TaskName, dict[str, int | str]]] = session.info.setdefault(_PENDING_KEY, [])
    if (task, ids) in pending:
        return
    if task == TaskName.METRICS_RECOMPUTE and "from_date" in ids:
        day = date.fromisoformat(str(ids["from_date"]))
        if not dispatch.request_series_recompute(session, int(ids["athlete_id"]), day):
            return  # merged into the recompute already queued for the athlete
    if task in dispatch.DURABLE_TASKS:
        dispatch.record(session, task, ids)
    pending.append((task, ids))
    # Listen for the session's lifetime: a once-listener that fired cannot be added again, so a
    # session that commits twice would silently drop everything enqueued after its first commit.
    if not event.contains(session, "after_commit", _flush_pending):
        event.listen(session, "after_commit", _flush_pending)
        event.listen(session, "after_rollback", _drop_pending)


def _flush_pending(session: Session) -> None:
    for task, ids in session.info.pop(_PENDING_KEY, []):
        send_now(task, **ids)


def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING_KEY, None)
