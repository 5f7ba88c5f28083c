"""Fixtures of the security suite: the in-process API client of ``tests/api`` (requests share
the test's rolled-back transaction), a world of people around a victim, and the schema."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.config import get_settings
from service.main import create_app
from tests.api.conftest import api, app, client  # noqa: F401  (fixtures used by this suite)
from tests.security.world import EPISODE, TODAY, World, build_world

HTTP_METHODS = ("get", "put", "post", "delete", "patch")
#: Path or query parameter → which of the victim's things it names (``World.ids``).
ID_PARAMS = {
    "athlete_id": "athlete",
    "finding_id": "finding",
    "activity_id": "activity",
    "import_id": "import",
    "connection_id": "connection",
    "link_id": "link",
    "token_id": "token",
    "subscription_id": "subscription",
    "target_id": "target",
    "alert_id": "alert",
    "session_id": "web_session",
    "note_id": "note",
}


@dataclass(frozen=True)
class Operation:
    """One route of the OpenAPI schema: method, path template and what it takes."""

    method: str
    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_types: tuple[str, ...]
    spec: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def id_params(self) -> tuple[str, ...]:
        return tuple(p for p in (*self.path_params, *self.query_params) if p.endswith("_id"))

    def url(self, values: dict[str, Any]) -> str:
        return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), self.path)


def victim_values(
    world: World, athlete_id: int | None = None, overrides: dict[str, str] | None = None
) -> dict[str, Any]:
    """Path values naming the victim's things (``day``: yesterday)."""
    values: dict[str, Any] = {
        "day": (TODAY - timedelta(days=1)).isoformat(),
        "region": EPISODE[0],
        "opened": EPISODE[1].isoformat(),
    }
    for param, key in ID_PARAMS.items():
        chosen = (overrides or {}).get(param, key)
        if chosen == "athlete":
            values[param] = athlete_id if athlete_id is not None else world.victim.id
        else:
            values[param] = world.ids[chosen]
    return values


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return create_app().openapi()


def operations() -> list[Operation]:
    found = []
    for path, item in schema()["paths"].items():
        for method, spec in item.items():
            if method not in HTTP_METHODS:
                continue
            params = spec.get("parameters", [])
            found.append(
                Operation(
                    method=method,
                    path=path,
                    path_params=tuple(p["name"] for p in params if p["in"] == "path"),
                    query_params=tuple(p["name"] for p in params if p["in"] == "query"),
                    body_types=tuple(spec.get("requestBody", {}).get("content", {})),
                    spec=spec,
                )
            )
    return found


@pytest.fixture
def world(db_session: Session) -> Iterator[World]:
    """A fresh world for each test; its waiting upload file is removed again afterwards."""
    built = build_world(db_session, get_settings())
    db_session.commit()  # a savepoint: a refused request's rollback must not undo the world
    yield built
    if built.upload is not None:
        built.upload.unlink(missing_ok=True)
