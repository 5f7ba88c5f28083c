"""The Celery configuration keeps its reliability promises (at-least-once, no early redelivery)."""

from __future__ import annotations

import os

from service.config import Settings, WorkerSettings
from service.queue import MAX_COUNTDOWN_S, RETRY_BACKOFF_MAX_S, VISIBILITY_TIMEOUT_S, celery_config
from service.runner import worker_argv
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


def test_a_worker_logs_at_the_configured_level_and_shows_its_banner_only_at_info() -> None:
    chatty = worker_argv(Settings(log_level="INFO"))
    quiet = worker_argv(Settings(log_level="warning"))
    assert chatty[chatty.index("-l") + 1] == "INFO" and "--quiet" not in chatty
    assert quiet[quiet.index("-l") + 1] == "WARNING"
    assert quiet.index("--quiet") < quiet.index("worker")  # a global option of celery's


def test_each_worker_has_a_node_name_of_its_own_unless_one_is_given() -> None:
    def name(argv: list[str]) -> str:
        return argv[argv.index("--hostname") + 1]

    pid = os.getpid()
    assert name(worker_argv(Settings())) == f"worker-{pid}@%h"
    assert name(worker_argv(Settings(), queues=("imports",))) == f"imports-{pid}@%h"
    assert name(worker_argv(Settings(worker=WorkerSettings(name="worker@%h")))) == "worker@%h"
    assert name(worker_argv(Settings(), hostname="w2@%h")) == "w2@%h"
