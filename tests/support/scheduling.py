"""How pytest-xdist shares the suite among its workers: test by test, except the tests that
share a costly server (a seeded ``loadwatch serve``, a demo) or world, which one worker runs
together so that it is built once. The browser tests are three such groups, each with a server
of its own on a copy of one seed (``tests/browser/conftest.py``), and the generated API requests
two (valid data, invalid data), each building its world: the groups run side by side, and none
is so long that the run waits for it at the end.

(xdist's own ``xdist_group`` mark is not used: with pytest 9.2 it no longer reaches the
scheduler, which reads the node ids the workers report.)
"""

from __future__ import annotations

from typing import Any

#: The browser modules of each group but the last, about as long as each other (the phone
#: layout test alone takes half of one); every other browser module is in ``browser-c``.
BROWSER = {
    "browser-a": ("test_phone_layout", "test_physio_pages", "test_languages", "test_coach_pages"),
    "browser-b": ("test_charts", "test_staff_pages", "test_checkin_form"),
}

#: Node id prefix → group run by one worker.
GROUPS = {
    "tests/browser/test_demo_pages.py": "browser-demo",  # a module fixture runs the demo
    **{f"tests/browser/{name}.py": group for group, names in BROWSER.items() for name in names},
    "tests/browser/": "browser-c",  # one seeded server for each group of the folder
    "tests/integration/test_demo.py": "demo",  # a module fixture runs the demo
    "tests/security/test_schemathesis.py": "schemathesis",  # a module fixture builds a world
}


#: The groups in the order they start, longest first (measured), ahead of everything else:
#: a long group that starts late holds the whole run up at its end.
LONGEST_FIRST = (
    "browser-a",
    "browser-c",
    "browser-b",
    "schemathesis-negative",
    "schemathesis-positive",
    "browser-demo",
    "demo",
)


#: Tests that mostly wait (on worker processes, timeouts, a slowed network): handed out right
#: after the groups, so that none of them starts last and holds the run up.
WAITING_FIRST = ("tests/faults/", "tests/bench/", "tests/workers/")


def group_of(nodeid: str) -> str:
    """The unit of work ``nodeid`` belongs to: its group, or the test alone."""
    for prefix, group in GROUPS.items():
        if nodeid.startswith(prefix):
            if group == "schemathesis":  # one world for valid data, one for invalid data
                return f"{group}-{'negative' if nodeid.endswith(' negative]') else 'positive'}"
            return group
    return nodeid


def grouping_scheduler(config: Any, log: Any) -> Any:
    """xdist's scope scheduler with :func:`group_of`: the groups of :data:`LONGEST_FIRST`, then
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
                longest = [s for s in LONGEST_FIRST if s in self.workqueue]
                for scope in reversed(longest + waiting):
                    self.workqueue.move_to_end(scope, last=False)

    return GroupScheduling(config, log)
