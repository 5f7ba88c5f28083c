"""Why ``tests/unit/test_celery_config.py`` insists that the visibility timeout outlasts every
countdown: on Redis, a message held unacknowledged longer than the timeout is delivered again.
Live, with a worker whose visibility timeout is 5 s, a task sent with a 10 s countdown runs
twice; with a timeout longer than the countdown it runs once."""

from __future__ import annotations

import time

import pytest

from tests.faults.rig import Rig

COUNTDOWN_S = 10
TASK = "accounts.purge_expired"


def _runs(rig: Rig, task_id: str) -> int:
    text = rig.log("w1").read_text(errors="replace")
    return sum(1 for line in text.splitlines() if f"{TASK}[{task_id}] succeeded" in line)


@pytest.mark.parametrize(("visibility_timeout_s", "fewest", "most"), [(5, 2, 3), (20, 1, 1)])
def test_a_countdown_longer_than_the_visibility_timeout_runs_the_task_twice(
    rig: Rig, visibility_timeout_s: int, fewest: int, most: int
) -> None:
    rig.env["LOADWATCH_TEST_VISIBILITY_TIMEOUT"] = str(visibility_timeout_s)
    with rig.worker("w1", concurrency=2):
        task_id = str(rig.producer.send_task(TASK, countdown=COUNTDOWN_S).id)
        rig.wait(lambda: _runs(rig, task_id) >= 1, COUNTDOWN_S + 30, "the first run")
        time.sleep(5)  # a redelivered copy is due at the same moment: room for it to run
    assert fewest <= _runs(rig, task_id) <= most
