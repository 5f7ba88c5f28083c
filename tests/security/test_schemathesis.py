"""Schemathesis against ``/api/v1/openapi.json``, in process (ASGI), as signed-in people.

Every operation gets generated requests, sent by the victim athlete, their linked coach, an
administrator or nobody (a fresh API token per request, so a generated ``DELETE`` of a token
cannot lock the run out), with the athlete id in the path sometimes the victim's own so the
requests reach past the consent check. No response may be a 500; every answer to valid data
must match the schema (status documented, body and content type as declared), and data that
breaks the schema (negative mode, for operations that take input) must be refused with a 4xx.

The application runs against a PostgreSQL database of its own (requests really commit); tasks
are recorded instead of sent. The examples per operation are bounded and derandomised (a fixed
seed): about a minute in CI; ``--run-slow`` runs the long variant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from service.accounts.service import issue_api_token
from service.config import Settings, get_settings
from service.db import get_session, session_scope
from service.main import create_app
from service.models import User
from tests.security.conftest import operations
from tests.security.world import World, build_world
from tests.support.databases import migrated_database

CHECKS = {
    GenerationMode.POSITIVE: [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
    ],
    #: Data that breaks the schema must be refused with a 4xx, never stored or a 500.
    GenerationMode.NEGATIVE: [not_a_server_error, negative_data_rejection],
}
CALLERS = ("victim", "coach", "admin", None)
FAST_EXAMPLES = 15
SLOW_EXAMPLES = 150


@dataclass
class Fuzz:
    app: FastAPI
    schema: Any
    world: World
    settings: Settings

    def headers(self, who: str | None) -> dict[str, str]:
        if who is None:
            return {}
        with session_scope(self.settings) as session:
            user = session.get(User, self.world.person(who).id)
            assert user is not None
            secret, _row = issue_api_token(session, user, "fuzz")
        return {"Authorization": f"Bearer {secret.plain}"}


@pytest.fixture(scope="module")
def fuzz(database_url: str) -> Iterator[Fuzz]:
    with migrated_database("fuzz") as url:
        private = Settings(database_url=url)
        with session_scope(private) as session:
            world = build_world(session, private)
        app = create_app()

        def private_session() -> Iterator[Any]:
            with session_scope(private) as session:
                yield session

        app.dependency_overrides[get_session] = private_session
        app.dependency_overrides[get_settings] = lambda: private
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("service.queue.send_now", lambda *args, **kwargs: None)
            patch.setattr("service.queue.get_settings", lambda: private)
            schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
            yield Fuzz(app, schema, world, private)
        if world.upload is not None:
            world.upload.unlink(missing_ok=True)


def _run(fuzz: Fuzz, method: str, path: str, examples: int, mode: GenerationMode) -> None:
    operation = fuzz.schema[path][method.upper()]
    victim_id = fuzz.world.victim.id
    strategy = operation.as_strategy(generation_mode=mode)
    declared = QUERY_PARAMS[(method, path)]

    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy, who=st.sampled_from(CALLERS), own=st.booleans())
    def run(case: Any, who: str | None, own: bool) -> None:
        # Unknown query parameters are ignored by design, as most HTTP APIs do; they are not
        # data the API could accept wrongly.
        assume(mode is GenerationMode.POSITIVE or set(case.query or {}) <= declared)
        if own and "athlete_id" in (case.path_parameters or {}):
            case.path_parameters["athlete_id"] = victim_id
        response = case.call(headers=fuzz.headers(who))
        case.validate_response(response, checks=CHECKS[mode])

    run()


QUERY_PARAMS = {(op.method, op.path): set(op.query_params) for op in operations()}


def _cases() -> list[Any]:
    """Every API operation with valid data; those that take input with invalid data too."""
    cases = []
    for op in operations():
        if not op.path.startswith("/api/v1/"):
            continue
        takes_input = bool(op.path_params or op.query_params or op.body_types)
        for mode in CHECKS:
            if mode is GenerationMode.POSITIVE or takes_input:
                cases.append(pytest.param(op.method, op.path, mode, id=f"{op.key} {mode.value}"))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_generated_requests_get_no_500_and_schema_conforming_answers(
    fuzz: Fuzz, method: str, path: str, mode: GenerationMode
) -> None:
    _run(fuzz, method, path, FAST_EXAMPLES, mode)


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_generated_requests_long_variant(
    fuzz: Fuzz, method: str, path: str, mode: GenerationMode
) -> None:
    _run(fuzz, method, path, SLOW_EXAMPLES, mode)
