"""The work a whole worker is SIGKILLed in the middle of (``bench/recovery.py``): imports,
recomputes, an alert send; and the moment each is caught running.

Each setup commits its work with no worker running, so the messages wait in Redis; the round
then starts a worker, waits until the work is caught running (an import started and not done,
a recompute holding its kept request, the SMTP server holding a message), kills the worker's
whole process group as when its machine dies, and starts a replacement.
"""

from __future__ import annotations

import io
import random
import threading
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from recovery_work import Work, count
from seeding import ZONE, add_athletes, add_coach, training
from sqlalchemy import func, select

from service.activities.service import ingest_activities
from service.activities.uploads import Upload, queue_upload
from service.alerts.outbox import write_alerts
from service.config import get_settings
from service.db import session_scope
from service.models import Alert, FileImport, QueuedTask
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_finding
from tests.integration.imports.test_import_to_alert import _gpx

IMPORT_DAYS = 60


def catch(check: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Wait for ``check()``, looking every 10 ms: some work runs for a fraction of a second."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.01)


def _archive(rng: random.Random) -> bytes:
    """Sixty days of GPX runs up to yesterday, in one ZIP."""
    zone, buffer = ZoneInfo(ZONE), io.BytesIO()
    yesterday = datetime.now(zone).date() - timedelta(days=1)
    with zipfile.ZipFile(buffer, "w") as archive:
        for back in range(IMPORT_DAYS, 0, -1):
            day = yesterday - timedelta(days=back - 1)
            start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=zone).astimezone(UTC)
            archive.writestr(f"{day}.gpx", _gpx(start, round(rng.uniform(5.0, 12.0), 1)))
    return buffer.getvalue()


def imports(athletes: int, seed: int) -> Work:
    """A ZIP of sixty runs uploaded by each athlete, queued for the imports worker."""
    rng, work = random.Random(seed), Work()
    with session_scope() as session:
        made = add_athletes(session, None, athletes, "import")
        for athlete in made:
            data = _archive(rng)
            upload = Upload("runs.zip", io.BytesIO(data), len(data), False)
            work.imports.append(queue_upload(session, get_settings(), athlete.id, upload).id)
        work.series_only = [athlete.id for athlete in made]
    return work


def import_running(work: Work) -> bool:
    return bool(
        count(
            select(func.count()).where(
                FileImport.id.in_(work.imports),
                FileImport.status == "queued",
                FileImport.started_at.is_not(None),
            )
        )
    )


def recomputes(athletes: int, seed: int) -> Work:
    """A year of runs stored for each athlete, each asking for its series."""
    rng, work = random.Random(seed), Work()
    first = datetime.now(UTC).date() - timedelta(days=365)
    with session_scope() as session:
        work.series_only = [a.id for a in add_athletes(session, None, athletes, "year")]
    for athlete in work.series_only:
        with session_scope() as session:
            ingest_activities(session, athlete, training(rng, f"y{athlete}", first, 365))
    return work


def recompute_running(_work: Work) -> bool:
    return bool(count(select(func.count()).where(QueuedTask.held_until.is_not(None))))


def alerts(athletes: int) -> Work:
    """Alerts of stored findings, waiting to be sent."""
    work = Work()
    with session_scope() as session:
        coach = add_coach(session, "coach@kills.recovery.bench.example")
        for athlete in add_athletes(session, coach, athletes, "alert-kill"):
            work.alerts += [a.id for a in write_alerts(session, add_finding(session, athlete))]
    return work


def alert_sending(recorder: SmtpRecorder) -> bool:
    """The SMTP server holds a message (``gate``) and the alerts are claimed."""
    claimed = select(func.count()).where(Alert.status == "sending")
    return recorder.waiting.is_set() and bool(count(claimed))


def hold_mail(recorder: SmtpRecorder) -> threading.Event:
    """Hold every message at the SMTP server until the returned event is set."""
    recorder.waiting.clear()
    recorder.gate = threading.Event()
    return recorder.gate
