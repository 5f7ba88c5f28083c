"""Every ``exerciseType`` of the Google Health discovery document has a sport; the running kinds
count as running."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from service.integrations.base import RUNNING_SPORTS, Sport
from service.integrations.fitbit_exercise import SPORT_BY_EXERCISE_TYPE, exercise_to_activity

DISCOVERY = Path(__file__).resolve().parents[3].parent / "shared/corpus/google/health.v4.json"


@pytest.fixture(scope="module")
def discovery() -> dict[str, Any]:
    return json.loads(DISCOVERY.read_text(encoding="utf-8"))


def test_every_exercise_type_of_the_discovery_document_has_a_sport(discovery):
    enum = discovery["schemas"]["Exercise"]["properties"]["exerciseType"]["enum"]
    assert sorted(SPORT_BY_EXERCISE_TYPE) == sorted(enum)


@pytest.mark.parametrize(
    ("exercise_type", "sport"),
    [
        ("TRAIL_RUN", Sport.TRAIL_RUNNING),
        ("TREADMILL", Sport.TREADMILL_RUNNING),
        ("INCLINE_RUN", Sport.RUNNING),
        ("TRACK_AND_FIELD", Sport.TRACK_RUNNING),
        ("OUTDOOR_BIKE", Sport.CYCLING),
        ("STATIONARY_BIKE", Sport.CYCLING),
        ("MOUNTAIN_BIKE", Sport.CYCLING),
        ("SPINNING", Sport.CYCLING),
        ("SWIMMING_POOL", Sport.SWIMMING),
        ("SWIMMING_OPEN_WATER", Sport.SWIMMING),
        ("TREADMILL_WALK", Sport.WALKING),
        ("ROWING_MACHINE", Sport.ROWING),
        ("WEIGHTS", Sport.STRENGTH),
        ("YOGA_VINYASA", Sport.YOGA),
        ("WATER_JOGGING", Sport.OTHER),
    ],
)
def test_exercise_types_map_to_their_sport(exercise_type, sport):
    point = {
        "name": "users/me/dataTypes/exercise/dataPoints/x1",
        "exercise": {
            "interval": {"startTime": "2026-11-02T06:00:00Z", "endTime": "2026-11-02T06:30:00Z"},
            "exerciseType": exercise_type,
        },
    }
    activity = exercise_to_activity(point)
    assert activity.sport is sport
    assert activity.is_running == (sport.value in RUNNING_SPORTS)


def test_the_running_kinds_count_as_running():
    running = {t for t, s in SPORT_BY_EXERCISE_TYPE.items() if s.value in RUNNING_SPORTS}
    assert {"RUNNING", "TRAIL_RUN", "TREADMILL", "INCLINE_RUN", "TRACK_AND_FIELD"} <= running
    assert not {"TREADMILL_WALK", "INCLINE_WALK", "WATER_JOGGING"} & running
