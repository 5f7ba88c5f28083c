"""An athlete committed to the test database (removed afterwards), for tasks and concurrency."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.metrics.support import HR_MAX, HR_REST, committed_athlete, remove_user


@pytest.fixture
def athlete_id(database_url: str) -> Iterator[int]:
    user_id = committed_athlete(
        "committed@example.com", sex="male", hr_rest_bpm=HR_REST, hr_max_bpm=HR_MAX
    )
    try:
        yield user_id
    finally:
        remove_user(user_id)
