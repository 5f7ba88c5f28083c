"""Uploaded files processed in the background, and the sweep that finds lost ones."""

from __future__ import annotations

from sqlalchemy.exc import OperationalError

from service.activities.uploads import discard_upload, process_import, requeue_stale_imports
from service.config import get_settings
from service.db import session_scope
from workers.celery_app import app


@app.task(
    name="imports.process",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def process(import_id: int) -> None:
    """Import one queued upload; its saved file is deleted once the outcome is committed."""
    with session_scope() as session:
        processed = process_import(session, import_id)
    discard_upload(processed)


@app.task(name="imports.sweep")
def sweep() -> int:
    """Send again the imports whose task was lost; how many were sent."""
    with session_scope() as session:
        return requeue_stale_imports(session, get_settings())
