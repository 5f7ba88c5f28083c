"""How pytest-xdist shares the suite among its workers: test by test, except the tests that
share a costly server (a seeded ``loadwatch serve``, a demo), which one worker runs together
so that server starts once. The browser tests are two such groups: each starts the seeded
server once, and the two halves run side by side instead of one after the other.

(xdist's own ``xdist_group`` mark is not used: with pytest 9.2 it no longer reaches the
scheduler, which reads the node ids the workers report.)
"""

from __future__ import annotations

from typing import Any

#: The browser modules of the first half (about as long as the rest together).
BROWSER_A = (
    "test_dashboard",
    "test_staff_pages",
    "test_warnings",
    "test_runs_pages",
    "test_charts",
)

#: Node id prefix → group run by one worker.
GROUPS = {
    "tests/browser/test_demo_pages.py": "browser-demo",  # a module fixture runs the demo
    **{f"tests/browser/{name}.py": "browser-a" for name in BROWSER_A},
    "tests/browser/": "browser-b",  # one seeded server for each half of the folder
    "tests/integration/test_demo.py": "demo",  # a module fixture runs the demo
    "tests/security/test_schemathesis.py": "schemathesis",  # a module fixture builds a world
}


#: Tests that mostly wait (on worker processes, timeouts, a slowed network): handed out right
#: after the groups, so that none of them starts last and holds the run up.
WAITING_FIRST = ("tests/faults/", "tests/bench/", "tests/workers/")


def group_of(nodeid: str) -> str:
    """The unit of work ``nodeid`` belongs to: its group, or the test alone."""
    for prefix, group in GROUPS.items():
        if nodeid.startswith(prefix):
            return group
    return nodeid


def grouping_scheduler(config: Any, log: Any) -> Any:
    """xdist's scope scheduler (groups with the most tests first) with :func:`group_of`, then
    the waiting tests, then the rest in collection order."""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid)

        def schedule(self) -> None:
            first = self.collection is None
            super().schedule()
            if first and self.workqueue:
                waiting = [s for s in self.workqueue if s.startswith(WAITING_FIRST)]
                for scope in reversed(waiting):
                    self.workqueue.move_to_end(scope, last=False)

    return GroupScheduling(config, log)
