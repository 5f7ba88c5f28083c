"""Connecting tasks: the Garmin login and its MFA step (slow by design, never in a request)."""

from __future__ import annotations

from typing import Any

from service.connections.garmin_connect import complete_garmin_login, complete_garmin_mfa
from service.db import session_scope
from workers.celery_app import app


@app.task(name="connections.garmin_login", bind=True)
def garmin_login(self: Any, connection_id: int) -> str:
    return complete_garmin_login(connection_id, session_scope, run_key=self.request.id)


@app.task(name="connections.garmin_mfa", bind=True)
def garmin_mfa(self: Any, connection_id: int) -> str:
    return complete_garmin_mfa(connection_id, session_scope, run_key=self.request.id)
