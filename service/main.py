"""The FastAPI application: JSON API under ``/api/v1``, health check, error envelope."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI

from service import health
from service.accounts import api as accounts_api
from service.accounts.deps import CurrentUser
from service.activities import api as activities_api
from service.alerts import api as alerts_api
from service.athletes import api as athletes_api
from service.body_limits import BodyLimit
from service.checkins import api as checkins_api
from service.config import get_settings
from service.connections import api as connections_api
from service.dashboard import install_dashboard
from service.errors import ERROR_RESPONSES, install_error_handlers
from service.findings import api as findings_api
from service.findings import link_pages as finding_link_pages
from service.headers import SecurityHeaders
from service.logs import configure_logging
from service.metrics import api as metrics_api
from service.notes import api as notes_api
from service.privacy import api as privacy_api

API_PREFIX = "/api/v1"


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX, responses=ERROR_RESPONSES)
    router.include_router(athletes_api.signup_router)
    router.include_router(accounts_api.router)
    router.include_router(privacy_api.router)
    router.include_router(athletes_api.router)
    router.include_router(connections_api.router)
    router.include_router(alerts_api.router)
    router.include_router(checkins_api.router)
    router.include_router(findings_api.router)
    router.include_router(metrics_api.router)
    router.include_router(activities_api.router)
    router.include_router(notes_api.router)
    return router


def create_app() -> FastAPI:
    settings = get_settings()
    configure_logging(settings.log_level)
    production = settings.environment == "production"
    app = FastAPI(
        title="loadwatch",
        version="0.1.0",
        description="Training load and tendon symptoms of runners, for them and their coaches.",
        # In production the schema is for signed-in callers only, and there is no docs page
        # (FastAPI's loads its scripts from a CDN).
        openapi_url=None if production else OPENAPI_PATH,
        docs_url=None if production else f"{API_PREFIX}/docs",
        redoc_url=None,
    )
    install_error_handlers(app)
    app.include_router(api_router())
    app.include_router(health.router)
    app.include_router(finding_link_pages.router)
    install_dashboard(app)
    if production:
        _schema_for_signed_in(app)
    app.add_middleware(BodyLimit, upload_limit=settings.max_upload_bytes)
    app.add_middleware(SecurityHeaders, production=production)
    return app


OPENAPI_PATH = f"{API_PREFIX}/openapi.json"


def _schema_for_signed_in(app: FastAPI) -> None:
    @app.get(OPENAPI_PATH, include_in_schema=False)
    def openapi(_user: CurrentUser) -> dict[str, Any]:
        return app.openapi()
