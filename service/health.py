"""``/healthz``: is the database reachable, is the broker reachable."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from service.config import get_settings
from service.db import get_engine
from service.queue import producer

router = APIRouter(tags=["health"])


def _check_database() -> str:
    try:
        with get_engine().connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


def _check_broker() -> str:
    try:
        with producer().connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return "ok"


@router.get("/healthz")
def healthz() -> JSONResponse:
    settings = get_settings()
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(value == "ok" for value in checks.values())
    body = {
        "status": "ok" if healthy else "degraded",
        "mode": "embedded" if settings.embedded else "server",
        **checks,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)
