"""How many examples a property test tries. Each test names a weight; a run tries half of it
(the suite stays quick to run often) and ``--run-slow`` five times it (the thorough run)."""

from __future__ import annotations

_FACTOR = {"now": 0.5}
THOROUGH = 5.0


def run_thoroughly() -> None:
    _FACTOR["now"] = THOROUGH


def examples(weight: int) -> int:
    """The ``max_examples`` for a test of ``weight``: read when its module is collected."""
    return max(10, round(weight * _FACTOR["now"]))
