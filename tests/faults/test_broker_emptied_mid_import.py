"""Redis emptied (FLUSHALL) while runners' imports run: every queued message is lost at once.

Each runner already has thirty days imported and computed; then each uploads an archive of the
thirty days since (sixty GPX files in all, ending with yesterday's long run), and while the
imports worker is in the middle of them the broker is flushed. Real workers and a real beat run
with the production intervals (``LOADWATCH_RECOVERY__*`` defaults). Meanwhile the database is
read the way the API reads it, many times a second: a day the series does not mark dirty must
already hold its final value (dirty days read as "updating"). Within the issue's bound of 60 s
after the flush every runner's series, findings and alert email are there, each once.
"""

from __future__ import annotations

import io
import threading
import time
import zipfile
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.activities.uploads import Upload, queue_upload
from service.config import Settings
from service.models import Alert, DailyMetric, FileImport, Finding, QueuedTask, SeriesDirty, User
from service.queue import broker_lost_messages
from service.task_names import GENERAL_QUEUES
from tests.faults.rig import Rig
from tests.faults.world import emails_sent
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import add_user
from tests.integration.imports.test_import_to_alert import _gpx
from workers.celery_app import every_s

RUNNERS = 6
ZONE = "Europe/Amsterdam"
BOUND_S = 60.0
Key = tuple[int, str, date]


def _archive(yesterday: date, back_from: int, back_to: int) -> bytes:
    """GPX runs ``back_from``..``back_to`` days before yesterday's (1: yesterday): 6 km a day,
    10 km every seventh, 14 km yesterday and 32 days before."""
    zone, buffer = ZoneInfo(ZONE), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for back in range(back_from, back_to - 1, -1):
            day = yesterday - timedelta(days=back - 1)
            km = 14.0 if back in (1, 32) else 10.0 if back % 7 == 1 else 6.0
            start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=zone).astimezone(UTC)
            archive.writestr(f"{day.isoformat()}.gpx", _gpx(start, km))
    return buffer.getvalue()


def _upload(rig: Rig, athlete_id: int, data: bytes) -> int:
    with rig.session() as session:
        upload = Upload("runs.zip", io.BytesIO(data), len(data), False)
        return queue_upload(session, rig.settings, athlete_id, upload).id


def _settled(rig: Rig, athletes: list[int]) -> bool:
    with rig.session() as session:
        imports = set(session.scalars(select(FileImport.status)))
        dirty = session.scalar(select(func.count()).select_from(SeriesDirty))
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
        alerts = set(session.scalars(select(Alert.status)))
        series = session.scalar(
            select(func.count(func.distinct(DailyMetric.athlete_id))).where(
                DailyMetric.athlete_id.in_(athletes)
            )
        )
    return (
        imports == {"done"}
        and not dirty
        and not kept
        and alerts <= {"sent"}
        and (series == len(athletes))
    )


def _values(row: DailyMetric) -> tuple[Any, ...]:
    return tuple(getattr(row, column.key) for column in DailyMetric.__table__.columns)


class Reader:
    """Reads the series as the API does, in one snapshot with the imports and dirty marks: every
    value of a day not marked dirty, once its runner's new import is stored."""

    def __init__(self, rig: Rig, imports: list[int]) -> None:
        self.rig, self.imports = rig, imports
        self.seen: dict[Key, set[tuple[Any, ...]]] = defaultdict(set)
        self.updating = self.reads = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            with self.rig.session() as session:
                self._read(session)
            time.sleep(0.05)

    def _read(self, session: Session) -> None:
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        stored = select(FileImport.athlete_id).where(
            FileImport.id.in_(self.imports), FileImport.status == "done"
        )
        athletes = set(session.scalars(stored))
        dirty = dict(session.execute(select(SeriesDirty.athlete_id, SeriesDirty.dirty_from)).all())
        rows = session.scalars(select(DailyMetric).where(DailyMetric.athlete_id.in_(athletes)))
        for row in rows:
            if row.athlete_id in dirty and row.day >= dirty[row.athlete_id]:
                self.updating += 1
            else:
                self.seen[(row.athlete_id, row.measure, row.day)].add(_values(row))
        self.reads += 1

    def __enter__(self) -> Reader:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(timeout=30)


def _production_beat() -> dict[str, float]:
    """The sweeps and their intervals as the production defaults set them."""
    return {str(task): seconds for task, seconds in every_s(Settings()).items()}


def _in_the_middle(rig: Rig, imports: list[int]) -> bool:
    with rig.session() as session:
        statuses = session.scalars(select(FileImport.status).where(FileImport.id.in_(imports)))
        return "done" in set(statuses)


def test_every_message_lost_mid_import_never_shows_a_wrong_day_and_each_email_arrives_once(
    world: Rig, smtp: tuple[SmtpRecorder, int]
) -> None:
    rig, (recorder, _) = world, smtp
    yesterday = datetime.now(ZoneInfo(ZONE)).date() - timedelta(days=1)
    with rig.session() as session:
        athletes = [add_user(session, timezone=ZONE).id for _ in range(RUNNERS)]
    namespace = rig.env["LOADWATCH_REDIS_NAMESPACE"]
    assert broker_lost_messages(rig.settings.model_copy(update={"redis_namespace": namespace}))
    queues = ",".join(GENERAL_QUEUES)
    with (
        rig.worker("general", "--queues", queues, concurrency=2),
        rig.worker("imports", "--queues", "imports", concurrency=1),
        rig.beat("beat", _production_beat()),
    ):
        for athlete in athletes:
            _upload(rig, athlete, _archive(yesterday, 60, 31))
        rig.wait(lambda: _settled(rig, athletes), 120, "the first thirty days")

        recent = _archive(yesterday, 30, 1)
        imports = [_upload(rig, athlete, recent) for athlete in athletes]
        with Reader(rig, imports) as reader:
            rig.wait(lambda: _in_the_middle(rig, imports), 60, "the first import stored")
            rig.redis.client().flushall()
            flushed = time.monotonic()
            with rig.session() as session:
                waiting = session.scalar(
                    select(func.count()).where(
                        FileImport.id.in_(imports), FileImport.status == "queued"
                    )
                )
            rig.wait(lambda: _settled(rig, athletes), BOUND_S, "everything, after the flush")
            print(f"everything was done {time.monotonic() - flushed:.1f} s after the flush")

    assert waiting, "the flush came after the last import: nothing was lost mid-import"
    _assert_never_wrong(rig, reader)
    _assert_each_once(rig, athletes, recorder)


def _assert_never_wrong(rig: Rig, reader: Reader) -> None:
    with rig.session() as session:
        final = {(r.athlete_id, r.measure, r.day): _values(r) for r in session.scalars(
            select(DailyMetric))}  # fmt: skip
    wrong = {key: seen for key, seen in reader.seen.items() if seen != {final.get(key)}}
    assert reader.reads > 10 and reader.updating > 0  # read often, and read "updating" too
    assert not wrong, f"{len(wrong)} days read with a value that was not final"


def _assert_each_once(rig: Rig, athletes: list[int], recorder: SmtpRecorder) -> None:
    with rig.session() as session:
        emails = {a: session.scalar(select(User.email).where(User.id == a)) for a in athletes}
        findings = {
            a: sorted(session.execute(
                select(Finding.day, Finding.rule, Finding.subject).where(Finding.athlete_id == a)
            ).all())
            for a in athletes
        }  # fmt: skip
        alerted = session.execute(
            select(Finding.athlete_id, func.count()).join(Alert, Alert.finding_id == Finding.id)
            .group_by(Finding.athlete_id)
        ).all()  # fmt: skip
        recorded = emails_sent(session)
    with recorder.lock:
        mails = list(recorder.messages)
    ids = [mail.message["Message-ID"] for mail in mails]
    assert len(ids) == len(set(ids)) == recorded  # every message the outbox sent, once
    first = findings[athletes[0]]
    assert first and all(found == first for found in findings.values())  # the same runs
    assert len({count for _, count in alerted}) == 1 and len(alerted) == len(athletes)
    for athlete in athletes:
        received = [mail for mail in mails if mail.rcpt_tos == [emails[athlete]]]
        assert any("much longer than usual" in mail.subject for mail in received), athlete
