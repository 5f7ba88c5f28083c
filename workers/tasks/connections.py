"""Connecting tasks: the Garmin login and its MFA step (slow by design, never in a request)."""

from __future__ import annotations

from service.connections.garmin_connect import complete_garmin_login, complete_garmin_mfa
from service.db import session_scope
from workers.celery_app import app


@app.task(name="connections.garmin_login")
def garmin_login(connection_id: int) -> str:
    return complete_garmin_login(connection_id, session_scope)


@app.task(name="connections.garmin_mfa")
def garmin_mfa(connection_id: int) -> str:
    return complete_garmin_mfa(connection_id, session_scope)
