"""The daily-series API, the missing days, and who may see or change what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.metrics.schemas import DailyMetricOut
from service.metrics.service import recompute_metrics
from service.models import AuditEntry, DailyMetric
from service.training.columns import SERIES_COLUMNS
from tests.api.conftest import Api
from tests.integration.metrics.support import activity, at

TODAY = datetime.now(UTC).date()  # Europe/Amsterdam differs from UTC by a day only near midnight
FIRST = TODAY - timedelta(days=200)


@pytest.fixture
def ann(api: Api) -> tuple[int, dict[str, str]]:
    user, headers = api.user("ann@example.com", timezone="UTC")
    return user["id"], headers


def steady_week(db_session: Session, athlete: int) -> None:
    """Seven runs of 5 km from FIRST on, then rest days up to today."""
    runs = [
        activity(f"s{n}", at(FIRST + timedelta(days=n), 8), distance_m=5000.0, duration_s=1800.0)
        for n in range(7)
    ]
    ingest_activities(db_session, athlete, runs)
    recompute_metrics(db_session, athlete, FIRST)
    db_session.commit()


def series(client: TestClient, athlete: int, headers: dict[str, str], **params: str) -> Any:
    response = client.get(f"/api/v1/athletes/{athlete}/metrics", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_days_a_change_is_being_worked_into_are_left_out_until_recomputed(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: Any
) -> None:
    athlete, headers = ann
    steady_week(db_session, athlete)
    changed = FIRST + timedelta(days=3)
    ingest_activities(db_session, athlete, [activity("extra", at(changed, 18), distance_m=4000.0)])
    db_session.commit()
    end = str(FIRST + timedelta(days=9))

    body = series(client, athlete, headers, start=str(FIRST), end=end)

    assert body["updating_from"] == str(changed)
    assert [d["date"] for d in body["series"][0]["days"]] == [
        str(FIRST + timedelta(days=n)) for n in range(3)
    ]
    recompute_metrics(db_session, athlete, changed)
    db_session.commit()
    body = series(client, athlete, headers, start=str(FIRST), end=end)
    assert body["updating_from"] is None
    assert [d["load"] for d in body["series"][0]["days"]][:5] == [5.0, 5.0, 5.0, 9.0, 5.0]


def test_the_schema_names_every_column_of_the_daily_series() -> None:
    assert tuple(DailyMetricOut.model_fields) == ("date", *SERIES_COLUMNS)


def test_a_measure_reads_back_the_stored_numbers_inf_as_a_string_and_undefined_as_null(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: Any
) -> None:
    athlete, headers = ann
    steady_week(db_session, athlete)
    end = FIRST + timedelta(days=9)

    body = series(client, athlete, headers, start=str(FIRST), end=str(end))

    (only,) = body["series"]
    days = only["days"]
    assert (only["measure"], body["start"], body["end"]) == ("distance_km", str(FIRST), str(end))
    assert [d["date"] for d in days] == [str(FIRST + timedelta(days=n)) for n in range(10)]
    assert [d["load"] for d in days] == [5.0] * 7 + [0.0] * 3
    assert days[0]["acute_7d"] is None and days[6]["acute_7d"] == 5.0
    assert (days[6]["monotony_7d"], days[6]["strain_7d"]) == ("inf", "inf")
    rows = db_session.scalars(
        select(DailyMetric)
        .where(DailyMetric.athlete_id == athlete, DailyMetric.measure == "distance_km")
        .where(DailyMetric.day <= end)
        .order_by(DailyMetric.day)
    ).all()
    for row, day in zip(rows, days, strict=True):
        for name in SERIES_COLUMNS:
            value = getattr(row, name)
            assert day[name] == ("inf" if value == float("inf") else value), (day["date"], name)


def test_all_measures_and_the_default_range_of_180_days(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: Any
) -> None:
    athlete, headers = ann
    steady_week(db_session, athlete)

    body = series(client, athlete, headers, measure="all")

    assert [s["measure"] for s in body["series"]] == [
        "distance_km",
        "duration_min",
        "srpe",
        "trimp",
    ]
    assert (body["start"], body["end"]) == (str(TODAY - timedelta(days=179)), str(TODAY))
    assert [len(s["days"]) for s in body["series"]] == [180, 180, 180, 0]  # no heart-rate profile


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"measure": "pace"}, "validation_error"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "range_reversed"),
        ({"start": "2020-01-01", "end": "2026-03-01"}, "range_too_long"),
        ({"end": "yesterday"}, "validation_error"),
    ],
)
def test_bad_queries_are_refused(
    client: TestClient, ann: tuple[int, dict[str, str]], params: dict[str, str], code: str
) -> None:
    athlete, headers = ann
    response = client.get(f"/api/v1/athletes/{athlete}/metrics", params=params, headers=headers)
    assert (response.status_code, response.json()["error"]) == (422, code)


def test_marking_a_missing_day_recomputes_from_it_once(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], db_session: Session
) -> None:
    athlete, headers = ann
    day = str(TODAY - timedelta(days=3))
    url = f"/api/v1/athletes/{athlete}/missing-days/{day}"
    recompute = ("metrics.recompute", {"athlete_id": athlete, "from_date": day})

    assert client.put(url, headers=headers).status_code == 204
    assert client.put(url, headers=headers).status_code == 204
    listed = client.get(f"/api/v1/athletes/{athlete}/missing-days", headers=headers).json()
    assert listed["days"] == [day]
    assert sent_tasks == [recompute]
    # a worker runs it: a request made while it is queued would merge into it
    recompute_metrics(db_session, athlete, date.fromisoformat(day))
    db_session.commit()

    assert client.delete(url, headers=headers).status_code == 204
    assert client.delete(url, headers=headers).status_code == 204
    assert (
        client.get(f"/api/v1/athletes/{athlete}/missing-days", headers=headers).json()["days"] == []
    )
    assert sent_tasks == [recompute, recompute]


def test_a_marked_day_is_missing_in_the_stored_series_unless_it_has_a_session(
    client: TestClient, ann: tuple[int, dict[str, str]], db_session: Session, sent_tasks: Any
) -> None:
    """A rest day marked "no data" is missing; a day with a run is never missing (DOMAIN
    §1.6.1): its mark is ignored."""
    athlete, headers = ann
    steady_week(db_session, athlete)
    with_run, rest = FIRST + timedelta(days=2), FIRST + timedelta(days=10)
    for day in (with_run, rest):
        client.put(f"/api/v1/athletes/{athlete}/missing-days/{day}", headers=headers)

    recompute_metrics(db_session, athlete, with_run)
    days = series(client, athlete, headers, start=str(with_run), end=str(rest))["series"][0]["days"]

    assert (days[0]["date"], days[0]["load"]) == (str(with_run), 5.0)
    assert (days[-1]["date"], days[-1]["load"]) == (str(rest), None)


@pytest.mark.parametrize(
    ("day", "code"), [(str(TODAY + timedelta(days=2)), "day_in_future"), ("2026-13-01", None)]
)
def test_a_future_or_impossible_day_cannot_be_marked(
    client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any], day: str, code: Any
) -> None:
    athlete, headers = ann
    response = client.put(f"/api/v1/athletes/{athlete}/missing-days/{day}", headers=headers)
    assert response.status_code == 422
    assert response.json()["error"] == (code or "validation_error")
    assert sent_tasks == []


def link(client: TestClient, athlete_h: dict[str, str], coach_h: dict[str, str], email: str) -> int:
    made = client.post("/api/v1/links", json={"email": email}, headers=athlete_h).json()
    assert client.post(f"/api/v1/links/{made['id']}/accept", headers=coach_h).status_code == 200
    return int(made["id"])


ROUTES = [
    ("GET", "/api/v1/athletes/{a}/metrics?measure=all"),
    ("GET", "/api/v1/athletes/{a}/missing-days"),
    ("PUT", "/api/v1/athletes/{a}/missing-days/{day}"),
    ("DELETE", "/api/v1/athletes/{a}/missing-days/{day}"),
    ("GET", "/api/v1/athletes/{a}/activities"),
    ("PATCH", "/api/v1/athletes/{a}/activities/{activity}"),
    ("POST", "/api/v1/athletes/{a}/activities/files"),
    ("GET", "/api/v1/athletes/{a}/imports/{activity}"),
]
READS = {"/metrics", "/missing-days", "/activities"}


def call(client: TestClient, method: str, template: str, ids: dict[str, Any], headers: Any) -> Any:
    url = template.format(**ids)
    if method == "POST":
        files = [("files", ("run.fit", b"not really", "application/octet-stream"))]
        return client.post(url, files=files, headers=headers)
    if method == "PATCH":
        return client.patch(url, json={"rpe": 5}, headers=headers)
    return client.request(method, url, headers=headers)


def test_a_coach_without_an_active_link_gets_404_everywhere(
    api: Api, client: TestClient, ann: tuple[int, dict[str, str]], sent_tasks: list[Any]
) -> None:
    athlete, ann_h = ann
    _, stranger_h = api.user("stranger@example.com", "coach")
    _, revoked_h = api.user("revoked@example.com", "physio")
    revoked = link(client, ann_h, revoked_h, "revoked@example.com")
    client.post(f"/api/v1/links/{revoked}/revoke", headers=ann_h)
    _, pending_h = api.user("pending@example.com", "coach")
    client.post("/api/v1/links", json={"email": "pending@example.com"}, headers=ann_h)
    _, bob_h = api.user("bob@example.com")
    ids = {"a": athlete, "day": str(TODAY), "activity": 1}

    for method, template in ROUTES:
        for headers in (stranger_h, revoked_h, pending_h, bob_h):
            response = call(client, method, template, ids, headers)
            assert response.status_code == 404, (method, template)
            assert response.json()["error"] == "athlete_not_found"
    assert sent_tasks == []


def test_a_linked_coach_reads_but_does_not_write(
    api: Api,
    client: TestClient,
    ann: tuple[int, dict[str, str]],
    db_session: Session,
    sent_tasks: list[Any],
) -> None:
    athlete, ann_h = ann
    coach, coach_h = api.user("coach@example.com", "coach")
    link(client, ann_h, coach_h, "coach@example.com")
    ids = {"a": athlete, "day": str(TODAY), "activity": 1}
    reads = 0

    for method, template in ROUTES:
        response = call(client, method, template, ids, coach_h)
        if method == "GET" and any(template.split("?")[0].endswith(r) for r in READS):
            assert response.status_code == 200, template
            reads += 1
        else:
            assert response.status_code == 403, (method, template)
            assert response.json()["error"] == "athlete_only"

    audit = db_session.scalars(select(AuditEntry).where(AuditEntry.actor_id == coach["id"]))
    assert [entry.athlete_id for entry in audit] == [athlete] * 3  # refusals roll back
    assert reads == 3
    assert sent_tasks == []
