"""Uploaded files: small single files are imported in the request, large files and archives by
the ``activities.process_import`` task.

A request is all or nothing: when any of its small files is refused, the request fails with the
refusal (422) and nothing is stored, not even the large files it carried. A large file or an
archive is saved under ``<data folder>/uploads`` and recorded as a :class:`FileImport` that the
athlete polls; its outcome (or refusal) is recorded in the transaction that stores its
activities, and the saved upload is deleted after that commit. The workers must see the same data
folder as the API (one machine, or a shared volume).
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from service.activities import queries
from service.activities.backfills import backfill_key
from service.activities.imports import (
    FileOutcome,
    ParsedFile,
    finish_import,
    is_archive,
    outcome_json,
    parse_file,
    problem_json,
    store_file,
)
from service.clock import utcnow
from service.config import Settings, get_settings
from service.errors import Unprocessable
from service.integrations.files import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, FileRejected
from service.integrations.files.limits import MiB
from service.models import FileImport, ImportStatus, User
from service.queue import enqueue
from service.task_names import TaskName
from service.texts import text

log = logging.getLogger(__name__)

#: Single files up to this size are parsed in the request (a long FIT is well under 5 MB).
INLINE_MAX_BYTES = 10 * MiB
MAX_FILES_PER_UPLOAD = 20
UPLOADS_FOLDER = "uploads"
MAX_REQUEUES = 3
LEFT_OVER_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class IncomingFile:
    """One file of a multipart upload: its name as sent and a seekable stream of its bytes."""

    name: str
    stream: BinaryIO


@dataclass(frozen=True)
class UploadResult:
    """What became of one uploaded file: stored now (``outcome``) or queued (``queued``)."""

    filename: str
    outcome: FileOutcome | None = None
    queued: FileImport | None = None


def clean_name(name: str | None) -> str:
    """The file's own name, without any folder a browser or client put before it."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return base[:255] or "upload"


def _size(stream: BinaryIO) -> int:
    stream.seek(0, os.SEEK_END)
    size = stream.tell()
    stream.seek(0)
    return size


def _goes_to_background(stream: BinaryIO, size: int) -> bool:
    head = stream.read(4)
    stream.seek(0)
    if is_archive(head):
        if size > MAX_ARCHIVE_BYTES:
            raise FileRejected("file_too_large", limit_mb=MAX_ARCHIVE_BYTES // MiB)
        return True
    if size > MAX_FILE_BYTES:
        raise FileRejected("file_too_large", limit_mb=MAX_FILE_BYTES // MiB)
    return size > INLINE_MAX_BYTES


def rejection_error(rejected: list[tuple[str, FileRejected]], locale: str) -> Unprocessable:
    """The 422 for refused files: the first refusal's code, and every refusal in ``rejected``."""

    def detail(name: str, exc: FileRejected) -> dict[str, Any]:
        return {"file": name, "error": exc.code, "where": exc.where, "message": exc.message(locale)}

    name, first = rejected[0]
    body = detail(name, first) | {
        "problems": [detail(name, problem) for problem in first.problems],
        "rejected": [detail(n, exc) for n, exc in rejected],
    }
    return Unprocessable(first.code, body)


@dataclass(frozen=True)
class _Deferred:
    stream: BinaryIO
    size: int


def _read_or_defer(stream: BinaryIO, name: str, allow_incomplete: bool) -> ParsedFile | _Deferred:
    size = _size(stream)
    if _goes_to_background(stream, size):
        return _Deferred(stream, size)
    return parse_file(name, stream.read(), allow_incomplete=allow_incomplete)


def receive_uploads(
    session: Session,
    settings: Settings,
    athlete: User,
    files: list[IncomingFile],
    allow_incomplete: bool,
) -> list[UploadResult]:
    """Import the small files now and queue the others; 422 (nothing stored) on any refusal."""
    if len(files) > MAX_FILES_PER_UPLOAD:
        detail = text("imports.too_many_files", athlete.locale, limit=MAX_FILES_PER_UPLOAD)
        raise Unprocessable("too_many_files", detail)
    planned: list[tuple[str, ParsedFile | _Deferred]] = []
    rejected: list[tuple[str, FileRejected]] = []
    for incoming in files:
        name = clean_name(incoming.name)
        try:
            planned.append((name, _read_or_defer(incoming.stream, name, allow_incomplete)))
        except FileRejected as exc:
            rejected.append((name, exc))
    if rejected:
        raise rejection_error(rejected, athlete.locale)
    results = []
    changed: set[date] = set()
    for name, item in planned:
        if isinstance(item, ParsedFile):
            outcome = store_file(session, athlete.id, item, recompute=False)
            changed |= outcome.changed_days
            results.append(UploadResult(name, outcome=outcome))
        else:
            upload = Upload(name, item.stream, item.size, allow_incomplete)
            results.append(
                UploadResult(name, queued=queue_upload(session, settings, athlete.id, upload))
            )
    inline = [item for _, item in planned if isinstance(item, ParsedFile)]
    several = len(inline) > 1 or any(item.archive for item in inline)
    finish_import(
        session,
        athlete.id,
        changed,
        backfill=backfill_key("u") if several else None,
        fresh_days=settings.alerts.fresh_days,
    )
    return results


@dataclass(frozen=True)
class Upload:
    """A file to import in the background."""

    name: str
    stream: BinaryIO
    size: int
    allow_incomplete: bool


def uploads_folder(settings: Settings) -> Path:
    return settings.data_dir.resolve() / UPLOADS_FOLDER


def queue_upload(
    session: Session, settings: Settings, athlete_id: int, upload: Upload
) -> FileImport:
    """Save the upload under the data folder and record it; ``activities.process_import``
    follows the commit."""
    folder = uploads_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.upload"
    with path.open("wb") as target:
        shutil.copyfileobj(upload.stream, target, length=MiB)
    row = FileImport(
        athlete_id=athlete_id,
        filename=upload.name,
        size_bytes=upload.size,
        allow_incomplete=upload.allow_incomplete,
        status=ImportStatus.QUEUED,
        stored_path=str(path),
    )
    session.add(row)
    session.flush()
    enqueue(session, TaskName.ACTIVITIES_PROCESS_IMPORT, import_id=row.id)
    return row


def process_import(session: Session, import_id: int, now: datetime | None = None) -> Path | None:
    """Import a queued upload once; returns the saved file to delete after the commit.

    The import's row is locked, so a second delivery of the task waits and then finds it done.
    A refusal is an outcome too (status ``failed``), recorded with its code, where and message.
    """
    row = queries.lock_import(session, import_id)
    if row is None or row.status != ImportStatus.QUEUED or row.stored_path is None:
        return None
    path = Path(row.stored_path)
    row.stored_path = None
    row.finished_at = now or utcnow()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        row.status, row.error = ImportStatus.FAILED, _missing_upload()
        return None
    try:
        parsed = parse_file(row.filename, data, allow_incomplete=row.allow_incomplete)
    except FileRejected as exc:
        row.status, row.error = ImportStatus.FAILED, problem_json(exc)
        return path
    outcome = store_file(session, row.athlete_id, parsed, recompute=False)
    row.status, row.result = ImportStatus.DONE, outcome_json(outcome)
    finish_import(
        session,
        row.athlete_id,
        outcome.changed_days,
        backfill=backfill_key("i", row.id) if parsed.archive else None,
        fresh_days=get_settings().alerts.fresh_days,
    )
    return path


def _missing_upload() -> dict[str, Any]:
    messages = {locale: text("imports.upload_missing", locale) for locale in ("en", "nl")}
    return {"code": "upload_missing", "where": None, "message": messages}


def discard_upload(path: Path | None) -> None:
    """Delete a processed upload (after the commit that recorded its outcome)."""
    if path is not None:
        path.unlink(missing_ok=True)


def mark_import_started(session: Session, import_id: int, now: datetime | None = None) -> None:
    """A worker starts on the import (committed before the work): if the worker dies, the sweep
    takes the import over once ``import_lease_s`` passed (``requeue_stale_imports``)."""
    queries.mark_import_started(session, import_id, now or utcnow())


def requeue_stale_imports(
    session: Session, settings: Settings, now: datetime | None = None, *, everything: bool = False
) -> int:
    """Send ``activities.process_import`` again for queued imports that no live worker holds
    and that either a worker started longer than ``import_lease_s`` ago (it died) or nobody
    started for ``import_resend_after_s`` (the message may be lost) — or, with ``everything``
    (the broker lost its messages), all of them; give up after :data:`MAX_REQUEUES`. Also
    deletes uploads left in the folder by a crash between a commit and the file's deletion."""
    moment = now or utcnow()
    recovery = settings.recovery
    sent = 0
    stale = queries.list_stale_imports(
        session,
        moment if everything else moment - timedelta(seconds=recovery.import_resend_after_s),
        moment - timedelta(seconds=recovery.import_lease_s),
    )
    for row in stale:
        requeues = int(row.result.get("requeues", 0))
        if requeues >= MAX_REQUEUES:
            row.status, row.error, row.finished_at = ImportStatus.FAILED, _gave_up(), moment
            continue
        row.result = {**row.result, "requeues": requeues + 1}
        row.updated_at, row.started_at = moment, None
        enqueue(session, TaskName.ACTIVITIES_PROCESS_IMPORT, import_id=row.id)
        sent += 1
    _remove_left_over_uploads(session, settings, moment)
    return sent


def _gave_up() -> dict[str, Any]:
    messages = {locale: text("imports.gave_up", locale) for locale in ("en", "nl")}
    return {"code": "import_gave_up", "where": None, "message": messages}


def _remove_left_over_uploads(session: Session, settings: Settings, now: datetime) -> None:
    folder = uploads_folder(settings)
    if not folder.is_dir():
        return
    pending = queries.list_pending_upload_paths(session)
    cutoff = (now - LEFT_OVER_AFTER).timestamp()
    for path in folder.glob("*.upload"):
        if str(path) not in pending and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            log.info("imports.upload_removed", extra={"file": path.name})
