"""Uploaded files processed in the background, and the sweep that finds lost ones."""

from __future__ import annotations

from service.activities.uploads import (
    discard_upload,
    mark_import_started,
    process_import,
    requeue_stale_imports,
)
from service.config import get_settings
from service.db import session_scope
from service.task_names import TaskName
from workers.celery_app import RETRY_DATABASE_ERRORS, app


@app.task(name=TaskName.ACTIVITIES_PROCESS_IMPORT, **RETRY_DATABASE_ERRORS)
def process(import_id: int) -> None:
    """Import one queued upload; its saved file is deleted once the outcome is committed. The
    start is committed first, so the sweep can take the import over if this worker dies."""
    with session_scope() as session:
        mark_import_started(session, import_id)
    with session_scope() as session:
        processed = process_import(session, import_id)
    discard_upload(processed)


@app.task(name=TaskName.ACTIVITIES_SWEEP_IMPORTS)
def sweep() -> int:
    """Send again the imports whose task was lost; how many were sent."""
    with session_scope() as session:
        return requeue_stale_imports(session, get_settings())
