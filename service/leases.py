"""A running task's heartbeat: what it holds is renewed every few seconds while it runs.

A task that holds something another worker would otherwise take over (a sync's lease on its
connection, a kept recompute request, claimed alerts) renews it from a thread of its own, every
``LOADWATCH_RECOVERY__HEARTBEAT_S``, in a transaction of its own. The renewal stops with the
task, and with its process: a worker killed outright stops renewing, and once a hold was not
renewed for ``LOADWATCH_RECOVERY__LEASE_S`` the next sweep of its kind takes the work over. A
live task, however slow (a Garmin sync of minutes), keeps renewing and is never taken over.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from service.clock import utcnow
from service.config import Settings, get_settings
from service.db import session_scope

log = logging.getLogger(__name__)

#: ``renew(session, until)``: extend the hold to ``until``; the heartbeat commits.
Renew = Callable[[Session, datetime], object]


def lease_until(settings: Settings | None = None, now: datetime | None = None) -> datetime:
    """Until when a hold taken or renewed now lasts (``LOADWATCH_RECOVERY__LEASE_S``)."""
    seconds = (settings or get_settings()).recovery.lease_s
    return (now or utcnow()) + timedelta(seconds=seconds)


@contextmanager
def renewing(renew: Renew, what: str, settings: Settings | None = None) -> Iterator[None]:
    """Call ``renew`` every heartbeat while the block runs; ``what`` names it in the log."""
    settings = settings or get_settings()
    stop = threading.Event()
    beat = threading.Thread(
        target=_beat, args=(renew, what, settings, stop), name=f"heartbeat {what}", daemon=True
    )
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=settings.recovery.heartbeat_s + 5)


def _beat(renew: Renew, what: str, settings: Settings, stop: threading.Event) -> None:
    while not stop.wait(settings.recovery.heartbeat_s):
        try:
            with session_scope(settings) as session:
                renew(session, lease_until(settings))
        except Exception:  # the database is away: try again at the next beat
            log.warning("lease.renew_failed", extra={"what": what}, exc_info=True)
