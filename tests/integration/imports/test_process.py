"""The ``activities.process_import`` task called directly, and the sweep that finds lost imports."""

from __future__ import annotations

import io
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from service.activities.uploads import (
    MAX_REQUEUES,
    Upload,
    mark_import_started,
    queue_upload,
    requeue_stale_imports,
    uploads_folder,
)
from service.clock import utcnow
from service.config import get_settings
from service.db import session_scope
from service.models import Activity, FileImport
from tests.integration.imports.corpus_cases import fit_bytes, zip_of
from workers.tasks import activities as import_tasks

FENIX5 = "garmin-fenix5-run-2017-06-11.fit"
FR110 = "garmin-fr110-run-2013-02-06.fit"
BAD_CRC = "corrupt-bad-crc.fit"


def queue(athlete_id: int, name: str, data: bytes, allow_incomplete: bool = False) -> int:
    upload = Upload(name, io.BytesIO(data), len(data), allow_incomplete)
    with session_scope() as session:
        return queue_upload(session, get_settings(), athlete_id, upload).id


def status(import_id: int) -> FileImport:
    with session_scope() as session:
        row = session.get_one(FileImport, import_id)
        session.expunge(row)
        return row


def activities(athlete_id: int) -> int:
    with session_scope() as session:
        query = select(func.count()).select_from(Activity).where(Activity.athlete_id == athlete_id)
        return int(session.scalar(query) or 0)


def test_the_task_imports_an_archive_once_and_deletes_the_upload(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    import_id = queue(athlete_id, "export.zip", zip_of(FENIX5, FR110))
    saved = Path(status(import_id).stored_path or "")
    assert saved.is_file() and saved.parent == uploads_folder(get_settings())
    assert sent_tasks == [("activities.process_import", {"import_id": import_id})]

    import_tasks.process(import_id)
    import_tasks.process(import_id)  # a second delivery finds it done

    row = status(import_id)
    assert (row.status, row.stored_path, row.error) == ("done", None, None)
    assert (row.result["created"], row.result["status"]) == (2, "created")
    assert not saved.exists()
    assert activities(athlete_id) == 2
    recomputes = [ids for name, ids in sent_tasks if name == "metrics.recompute"]
    assert recomputes == [{"athlete_id": athlete_id, "from_date": "2013-02-06"}]


def test_a_refused_upload_fails_saying_what_and_where(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    import_id = queue(athlete_id, "big.fit", fit_bytes(BAD_CRC))

    import_tasks.process(import_id)

    row = status(import_id)
    assert (row.status, row.result) == ("failed", {})
    assert row.error is not None
    assert (row.error["code"], row.error["where"]) == ("fit_crc_mismatch", "byte 769")
    assert "controlesom" in row.error["message"]["nl"]
    assert activities(athlete_id) == 0


def test_an_archive_with_allow_incomplete_keeps_the_good_members_and_lists_the_others(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    archive = zip_of(FENIX5, BAD_CRC, extra={"broken.gpx": b"<gpx><trk>"})
    import_id = queue(athlete_id, "export.zip", archive, allow_incomplete=True)

    import_tasks.process(import_id)

    result = status(import_id).result
    assert (result["created"], result["incomplete"]) == (2, 1)  # the bad CRC is salvaged
    (problem,) = result["problems"]
    assert problem["code"] == "xml_malformed"
    assert problem["where"].startswith("member broken.gpx")
    assert activities(athlete_id) == 2


def test_an_upload_gone_from_the_folder_fails_clearly(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    import_id = queue(athlete_id, "export.zip", zip_of(FENIX5))
    Path(status(import_id).stored_path or "").unlink()

    import_tasks.process(import_id)

    row = status(import_id)
    assert row.status == "failed" and row.error is not None
    assert row.error["code"] == "upload_missing"
    assert set(row.error["message"]) == {"en", "nl"}


def STALE_AFTER() -> timedelta:  # noqa: N802 - reads like the constant it replaced
    return timedelta(seconds=get_settings().recovery.import_resend_after_s)


def test_an_import_whose_worker_died_is_taken_over_once_its_lease_ran_out(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    import_id = queue(athlete_id, "export.zip", zip_of(FENIX5))
    sent_tasks.clear()
    now = utcnow()
    lease = timedelta(seconds=get_settings().recovery.import_lease_s)
    with session_scope() as session:
        mark_import_started(session, import_id, now)
    later = now + lease + timedelta(seconds=1)

    with session_scope() as session:
        assert requeue_stale_imports(session, get_settings(), now + lease / 2) == 0  # working
    with session_scope() as working, session_scope() as session:
        working.get(FileImport, import_id, with_for_update=True)  # a live worker holds it
        assert requeue_stale_imports(session, get_settings(), later) == 0
    with session_scope() as session:
        assert requeue_stale_imports(session, get_settings(), later) == 1  # its worker died
    with session_scope() as session:
        assert requeue_stale_imports(session, get_settings(), later) == 0  # sent, not started

    assert sent_tasks == [("activities.process_import", {"import_id": import_id})]
    assert status(import_id).started_at is None and status(import_id).status == "queued"
    assert lease < timedelta(minutes=1) < STALE_AFTER()


def test_the_sweep_sends_stale_imports_again_then_gives_up(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    import_id = queue(athlete_id, "export.zip", zip_of(FENIX5))
    sent_tasks.clear()
    now = utcnow()

    with session_scope() as session:
        assert requeue_stale_imports(session, get_settings(), now) == 0
    for attempt in range(1, MAX_REQUEUES + 2):
        later = now + attempt * (STALE_AFTER() + timedelta(seconds=1))
        with session_scope() as session:
            requeue_stale_imports(session, get_settings(), later)

    assert sent_tasks == [("activities.process_import", {"import_id": import_id})] * MAX_REQUEUES
    row = status(import_id)
    assert row.status == "failed" and row.error is not None
    assert row.error["code"] == "import_gave_up"


def test_the_sweep_removes_only_uploads_left_over_for_a_day(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    import_id = queue(athlete_id, "export.zip", zip_of(FENIX5))
    pending = Path(status(import_id).stored_path or "")
    left_over = uploads_folder(get_settings()) / "left-over.upload"
    left_over.write_bytes(b"crashed before deleting")
    fresh = uploads_folder(get_settings()) / "fresh.upload"
    fresh.write_bytes(b"being saved right now")
    two_days_ago = time.time() - 2 * 86400
    for path in (pending, left_over):
        os.utime(path, (two_days_ago, two_days_ago))

    import_tasks.sweep()

    assert pending.exists() and fresh.exists() and not left_over.exists()
    fresh.unlink()
