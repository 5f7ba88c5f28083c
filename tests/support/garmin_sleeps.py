"""Skip (and record) the pauses garminconnect makes on purpose, for tests only.

The library sleeps 2–5 s before the mobile credential POST, 3–20 s in the widget and portal
flows, 1 s between profile retries and 1–10 s between retries of a 5xx. It calls ``time.sleep``
through the ``time`` name of three modules; inside ``library_sleeps_skipped()`` that name points
at a recorder instead, so nothing else in the process (the fake server included) is affected.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LIBRARY_MODULES_THAT_SLEEP = (
    "garminconnect.client.sso",
    "garminconnect.api._common",
    "garminconnect.api.base",
)


class _SleepRecorder:
    """Stands in for the ``time`` module: ``sleep`` records, everything else is the real thing."""

    def __init__(self) -> None:
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


@contextmanager
def library_sleeps_skipped() -> Iterator[list[float]]:
    """Within the block the library does not pause; yields the pauses it asked for, in seconds."""
    recorder = _SleepRecorder()
    modules = [importlib.import_module(name) for name in LIBRARY_MODULES_THAT_SLEEP]
    originals = [getattr(module, "time") for module in modules]  # noqa: B009 - a module's global
    for module in modules:
        setattr(module, "time", recorder)  # noqa: B010 - a module's global
    try:
        yield recorder.pauses
    finally:
        for module, original in zip(modules, originals, strict=True):
            setattr(module, "time", original)  # noqa: B010 - a module's global
