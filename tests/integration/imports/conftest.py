"""An athlete committed to the test database (removed afterwards): the CLI and the import task
open sessions of their own."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.metrics.support import committed_athlete, remove_user

EMAIL = "importer@example.com"


@pytest.fixture
def athlete_id(database_url: str) -> Iterator[int]:
    user_id = committed_athlete(EMAIL)
    try:
        yield user_id
    finally:
        remove_user(user_id)
