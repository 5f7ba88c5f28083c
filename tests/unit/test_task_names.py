"""One list of task names: every enqueue, task, route and beat entry uses it, and each name
starts with the package whose code the task runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from service import queue
from service.config import Settings
from service.task_names import FORMER_NAMES, QUEUE_OF, QUEUES, TaskName
from workers.celery_app import BEAT_SCHEDULE, app

# Register every task module on this app now, at collection: in a pytest-xdist worker the tests
# run in any order, and the lookups below must not depend on another test importing them first.
app.loader.import_default_modules()

SERVICE = Path(queue.__file__).resolve().parent


def registered() -> set[str]:
    app.loader.import_default_modules()  # what a starting worker imports
    return {name for name in app.tasks if not name.startswith("celery.")}


def test_every_name_has_its_task_and_every_task_its_name() -> None:
    assert registered() == set(TaskName) | set(FORMER_NAMES)
    for task in TaskName:
        assert app.tasks[task].name == task


def test_every_beat_entry_sends_a_named_task() -> None:
    assert BEAT_SCHEDULE
    for key, entry in BEAT_SCHEDULE.items():
        assert entry["task"] in set(TaskName) and key == entry["task"]
    assert app.conf.beat_schedule == BEAT_SCHEDULE


def test_every_task_is_routed_by_name_to_a_queue() -> None:
    conf = queue.celery_config(Settings(redis_url="redis://127.0.0.1:6379/0"))
    routes = conf["task_routes"]
    assert set(routes) == set(TaskName)
    assert all(route["queue"] in QUEUES for route in routes.values())
    assert set(conf["task_queues"]) == set(QUEUES) == set(QUEUE_OF.values())
    assert routes["findings.evaluate"] == {"queue": "metrics"}
    assert routes["connections.sync"] == {"queue": "sync"}


@pytest.mark.parametrize("task", list(TaskName))
def test_a_name_starts_with_the_package_its_task_runs(task: TaskName) -> None:
    feature, _, action = task.partition(".")
    assert action and "." not in action
    assert (SERVICE / feature).is_dir() or (SERVICE / f"{feature}.py").is_file(), feature
    assert app.tasks[task].__module__ == f"workers.tasks.{feature}"


def test_former_names_are_no_current_names() -> None:
    assert not set(FORMER_NAMES) & set(TaskName)


@pytest.mark.parametrize(("former", "task"), list(FORMER_NAMES.items()))
def test_a_message_under_a_former_name_is_sent_on_under_the_new_one(
    sent_tasks: list[tuple[str, dict[str, Any]]], former: str, task: TaskName
) -> None:
    registered()
    app.tasks[former](athlete_id=3)
    assert sent_tasks == [(task, {"athlete_id": 3})]
