"""The Celery configuration keeps its reliability promises (at-least-once, no early redelivery)."""

from __future__ import annotations

from service.config import Settings
from service.queue import MAX_COUNTDOWN_S, RETRY_BACKOFF_MAX_S, VISIBILITY_TIMEOUT_S, celery_config
from workers.celery_app import app


def test_the_live_app_is_at_least_once_and_json_only() -> None:
    conf = app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_ignore_result and conf.result_backend is None
    assert conf.task_serializer == "json" and list(conf.accept_content) == ["json"]


def test_visibility_timeout_outlasts_every_limit_and_delay() -> None:
    conf = celery_config(
        Settings(redis_url="redis://127.0.0.1:6379/0", database_url="postgresql://x/y")
    )
    timeout = conf["broker_transport_options"]["visibility_timeout"]
    assert timeout == VISIBILITY_TIMEOUT_S
    assert max(conf["task_time_limit"], RETRY_BACKOFF_MAX_S, MAX_COUNTDOWN_S) < timeout


def test_every_task_is_named_feature_action() -> None:
    app.loader.import_default_modules()
    names = [name for name in app.tasks if not name.startswith("celery.")]
    assert names
    for name in names:
        feature, _, action = name.partition(".")
        assert feature and action and "." not in action, name


def test_beat_entries_name_registered_tasks() -> None:
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_retries_back_off_no_longer_than_the_declared_maximum() -> None:
    app.loader.import_default_modules()
    retrying = [task for task in app.tasks.values() if getattr(task, "autoretry_for", ())]
    assert {task.name for task in retrying} >= {"metrics.recompute", "findings.evaluate"}
    assert {task.retry_backoff_max for task in retrying} == {RETRY_BACKOFF_MAX_S}
