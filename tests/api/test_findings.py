"""Findings, the advice policy and the plan check over the API."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.integrations.base import ActivityData, Source, Sport
from service.models import Finding, PolicyChange
from tests.api.conftest import Api
from tests.support.clocks import local_today

ZONE = ZoneInfo("Europe/Amsterdam")


def link(
    client: TestClient,
    athlete_h: dict[str, str],
    staff_email: str,
    staff_h: dict[str, str],
    share: bool = False,
) -> int:
    made = client.post("/api/v1/links", json={"email": staff_email}, headers=athlete_h).json()
    client.post(f"/api/v1/links/{made['id']}/accept", headers=staff_h)
    client.patch(f"/api/v1/links/{made['id']}", json={"share_symptoms": share}, headers=athlete_h)
    return int(made["id"])


def add_finding(session: Session, athlete_id: int, rule: str, day: date, **extra: Any) -> int:
    row = Finding(
        athlete_id=athlete_id,
        rule=rule,
        severity=extra.pop("severity", "caution"),
        day=day,
        region=extra.pop("region", ""),
        period_key=day,
        values=extra.pop("values", {"session_spike_pct": 36.0}),
        message_en=f"{rule} on {day}: next step.",
        message_nl=f"{rule} op {day}: volgende stap.",
        source="a citation",
        **extra,
    )
    session.add(row)
    session.flush()
    return row.id


def findings_url(athlete: dict[str, Any]) -> str:
    return f"/api/v1/athletes/{athlete['id']}/findings"


def test_staff_see_symptom_findings_only_while_linked_and_shared(
    api: Api, client: TestClient, db_session: Session
) -> None:
    ann, ann_h = api.user("ann@example.com")
    _, coach_h = api.user("coach@example.com", "coach")
    spike = add_finding(
        db_session, ann["id"], "volume.session_spike", local_today() - timedelta(days=2)
    )
    pain = add_finding(
        db_session,
        ann["id"],
        "pain.during_or_after_run",
        local_today() - timedelta(days=1),
        severity="warning",
        region="achilles",
        values={"pain_after": 7},
    )
    own = client.get(findings_url(ann), headers=ann_h).json()
    assert [f["id"] for f in own] == [spike, pain]
    assert own[1]["region"] == "achilles" and own[1]["values"] == {"pain_after": 7}
    assert own[1]["message"]["en"] and own[1]["message"]["nl"]
    assert own[0]["acknowledged"] is False and own[0]["region"] is None

    assert client.get(findings_url(ann), headers=coach_h).status_code == 404
    link_id = link(client, ann_h, "coach@example.com", coach_h)
    assert [f["id"] for f in client.get(findings_url(ann), headers=coach_h).json()] == [spike]
    hidden_ack = client.post(f"{findings_url(ann)}/{pain}/acknowledge", headers=coach_h)
    assert hidden_ack.status_code == 404

    client.patch(f"/api/v1/links/{link_id}", json={"share_symptoms": True}, headers=ann_h)
    shared = client.get(findings_url(ann), headers=coach_h).json()
    assert [f["id"] for f in shared] == [spike, pain]

    client.post(f"/api/v1/links/{link_id}/revoke", headers=ann_h)
    assert client.get(findings_url(ann), headers=coach_h).status_code == 404


def test_acknowledge_is_per_person_and_kept_once(
    api: Api, client: TestClient, db_session: Session
) -> None:
    ann, ann_h = api.user("ann@example.com")
    physio, physio_h = api.user("physio@example.com", "physio")
    link(client, ann_h, "physio@example.com", physio_h)
    first = add_finding(db_session, ann["id"], "volume.weekly_progression", local_today())
    second = add_finding(
        db_session, ann["id"], "load.monotony_strain", local_today(), severity="info"
    )
    acked = client.post(f"{findings_url(ann)}/{first}/acknowledge", headers=physio_h)
    assert acked.status_code == 200
    body = acked.json()
    assert body["acknowledged"] is True and body["acknowledged_by_id"] == physio["id"]
    again = client.post(f"{findings_url(ann)}/{first}/acknowledge", headers=physio_h).json()
    assert again["acknowledged_at"] == body["acknowledged_at"]  # the first time is kept
    # the physio's "seen" is the physio's: Ann still has both open
    open_only = client.get(findings_url(ann), params={"open": "true"}, headers=ann_h).json()
    assert [f["id"] for f in open_only] == [second, first]  # date order, then rule
    assert not any(f["acknowledged"] for f in open_only)
    mine = client.post(f"{findings_url(ann)}/{first}/acknowledge", headers=ann_h).json()
    assert mine["acknowledged_by_id"] == ann["id"]
    open_only = client.get(findings_url(ann), params={"open": "true"}, headers=ann_h).json()
    assert [f["id"] for f in open_only] == [second]
    physio_open = client.get(findings_url(ann), params={"open": "true"}, headers=physio_h).json()
    assert [f["id"] for f in physio_open] == [second]
    assert client.post(f"{findings_url(ann)}/999999/acknowledge", headers=ann_h).status_code == 404


def test_findings_by_date_range(api: Api, client: TestClient, db_session: Session) -> None:
    ann, ann_h = api.user("ann@example.com")
    days = [local_today() - timedelta(days=n) for n in (20, 10, 0)]
    for day in days:
        add_finding(db_session, ann["id"], "volume.session_spike", day)
    window = {"start": days[1].isoformat(), "end": days[2].isoformat()}
    listed = client.get(findings_url(ann), params=window, headers=ann_h).json()
    assert [f["date"] for f in listed] == [d.isoformat() for d in days[1:]]
    reversed_window = {"start": days[2].isoformat(), "end": days[1].isoformat()}
    assert client.get(findings_url(ann), params=reversed_window, headers=ann_h).status_code == 422


def policy_url(athlete: dict[str, Any]) -> str:
    return f"/api/v1/athletes/{athlete['id']}/policy"


def parameter(policy: dict[str, Any], rule: str, name: str) -> dict[str, Any]:
    return next(p for p in policy["parameters"] if (p["rule"], p["name"]) == (rule, name))


def test_policy_is_readable_with_defaults_ranges_roles_and_evidence(
    api: Api, client: TestClient
) -> None:
    ann, ann_h = api.user("ann@example.com")
    policy = client.get(policy_url(ann), headers=ann_h).json()
    assert policy["overrides"] == {} and policy["updated_at"] is None
    spike = parameter(policy, "volume.session_spike", "caution_pct")
    assert (spike["value"], spike["default"], spike["low"], spike["high"]) == (10, 10, 5, 30)
    assert spike["changed_by"] == ["coach", "physio"] and spike["may_change"] is False
    assert all(p["evidence"]["en"] and p["evidence"]["nl"] for p in policy["parameters"])
    assert parameter(policy, "pain.during_or_after_run", "ceiling")["changed_by"] == ["physio"]


ROLE_TABLE = [
    ("coach", {"volume.weekly_progression": {"caution_pct": 15}}, 200),
    ("physio", {"volume.weekly_progression": {"caution_pct": 15}}, 200),
    ("coach", {"pain.during_or_after_run": {"ceiling": 4}}, 403),
    ("physio", {"pain.during_or_after_run": {"ceiling": 4}}, 200),
    ("coach", {"load.acwr_context": {"rolling_high": 1.3}}, 200),
    ("physio", {"load.acwr_context": {"rolling_high": 1.3}}, 403),
    ("coach", {"data.sync_stale": {"stale_hours": 48}}, 403),
    ("physio", {"data.sync_stale": {"stale_hours": 48}}, 403),
]


@pytest.mark.parametrize(("role", "overrides", "status"), ROLE_TABLE)
def test_who_may_change_which_threshold(
    api: Api,
    client: TestClient,
    db_session: Session,
    sent_tasks: list[Any],
    role: str,
    overrides: dict[str, Any],
    status: int,
) -> None:
    ann, ann_h = api.user("ann@example.com")
    _, staff_h = api.user(f"{role}@example.com", role)
    link(client, ann_h, f"{role}@example.com", staff_h, share=True)  # roles alone decide here
    response = client.put(policy_url(ann), json={"overrides": overrides}, headers=staff_h)
    assert response.status_code == status, response.text
    changes = db_session.scalar(select(func.count()).select_from(PolicyChange))
    if status == 200:
        assert response.json()["overrides"] == overrides
        assert (changes, sent_tasks) == (1, [("findings.evaluate", {"athlete_id": ann["id"]})])
    else:
        assert response.json()["error"] == "policy_change_not_allowed"
        assert (changes, sent_tasks) == (0, [])


INVALID = [
    ({"volume.weekly_progression": {"caution_pct": 50}}, "volume.weekly_progression.caution_pct"),
    ({"volume.weekly_progression": {"made_up": 1}}, "volume.weekly_progression.made_up"),
    ({"volume.nonsense": {"caution_pct": 20}}, "volume.nonsense"),
    (
        {"volume.session_spike": {"caution_pct": 25, "warning_pct": 20}},
        "volume.session_spike.caution_pct",
    ),
    ({"load.monotony_strain": {"measure": "trimp"}}, "load.monotony_strain.measure"),
    ({"load.monotony_strain": {"measure": "watts"}}, "load.monotony_strain.measure"),
]


@pytest.mark.parametrize(("overrides", "field"), INVALID)
def test_invalid_overrides_are_refused_naming_the_field(
    api: Api, client: TestClient, db_session: Session, overrides: dict[str, Any], field: str
) -> None:
    ann, ann_h = api.user("ann@example.com")
    _, coach_h = api.user("coach@example.com", "coach")
    link(client, ann_h, "coach@example.com", coach_h)
    response = client.put(policy_url(ann), json={"overrides": overrides}, headers=coach_h)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_policy"
    assert response.json()["detail"]["field"] == field
    assert db_session.scalar(select(func.count()).select_from(PolicyChange)) == 0


def test_policy_history_says_who_changed_what_and_when(
    api: Api, client: TestClient, sent_tasks: list[Any]
) -> None:
    ann, ann_h = api.user("ann@example.com", display_name="Ann")
    coach, coach_h = api.user("coach@example.com", "coach", display_name="Coach Kim")
    physio, physio_h = api.user("physio@example.com", "physio", display_name="Physio Piet")
    link(client, ann_h, "coach@example.com", coach_h)
    link(client, ann_h, "physio@example.com", physio_h, share=True)  # pain thresholds need it
    assert client.put(policy_url(ann), json={"overrides": {}}, headers=ann_h).status_code == 403

    spike = {"volume.session_spike": {"caution_pct": 15}}
    ceiling = {"pain.during_or_after_run": {"ceiling": 3}}
    assert (
        client.put(policy_url(ann), json={"overrides": spike}, headers=coach_h).status_code == 200
    )
    both = {**spike, **ceiling}
    assert (
        client.put(policy_url(ann), json={"overrides": both}, headers=physio_h).status_code == 200
    )
    # The same values again change nothing; leaving out the physio's ceiling would reset it.
    assert client.put(policy_url(ann), json={"overrides": both}, headers=coach_h).status_code == 200
    reset = client.put(policy_url(ann), json={"overrides": spike}, headers=coach_h)
    assert reset.status_code == 403

    history = client.get(f"{policy_url(ann)}/history", headers=ann_h).json()
    assert [(h["changed_by"]["id"], h["changed_by"]["role"]) for h in history] == [
        (physio["id"], "physio"),
        (coach["id"], "coach"),
    ]
    assert history[0]["changed_by"]["display_name"] == "Physio Piet"
    assert history[0]["changes"] == [
        {"rule": "pain.during_or_after_run", "name": "ceiling", "old": 5, "new": 3}
    ]
    assert history[1]["changes"] == [
        {"rule": "volume.session_spike", "name": "caution_pct", "old": 10, "new": 15}
    ]
    policy = client.get(policy_url(ann), headers=coach_h).json()
    assert policy["overrides"] == both and policy["updated_by_id"] == physio["id"]
    assert parameter(policy, "volume.session_spike", "caution_pct")["may_change"] is True
    assert parameter(policy, "pain.during_or_after_run", "ceiling")["may_change"] is False
    assert len(sent_tasks) == 2


def run(day: date, km: float, ext: str) -> ActivityData:
    start = datetime.combine(day, datetime.min.time(), ZONE).replace(hour=8)
    return ActivityData(
        source=Source.GARMIN,
        external_id=ext,
        sport=Sport.RUNNING,
        start_utc=start.astimezone(UTC),
        duration_s=km * 330,
        distance_m=km * 1000,
        raw={"id": ext},
    )


def plan_url(athlete: dict[str, Any]) -> str:
    return f"/api/v1/athletes/{athlete['id']}/plan-check"


def test_plan_check_flags_an_over_long_run_and_gives_todays_longest_run(
    api: Api, client: TestClient, db_session: Session
) -> None:
    ann, ann_h = api.user("ann@example.com")
    history = [
        run(local_today() - timedelta(days=n), 8 if n % 7 else 10, f"r{n}") for n in range(2, 60, 2)
    ]
    ingest_activities(db_session, ann["id"], history)
    db_session.flush()

    def plan(km: float, day: date | None = None) -> Any:
        body = {
            "sessions": [
                {
                    "date": (day or local_today()).isoformat(),
                    "sport": "running",
                    "distance_m": km * 1000,
                    "duration_s": km * 330,
                }
            ]
        }
        return client.post(plan_url(ann), json=body, headers=ann_h)

    long_run = plan(15).json()
    assert long_run["longest_run_30d_km"] == 10
    assert long_run["longest_run_today_km"] == 11
    spikes = [f for f in long_run["findings"] if f["rule"] == "volume.session_spike"]
    assert [(f["severity"], f["date"], f["values"]["spike_pct"]) for f in spikes] == [
        ("warning", local_today().isoformat(), 50.0)
    ]
    assert spikes[0]["message"]["en"] and spikes[0]["message"]["nl"]
    within = plan(11).json()
    assert [f for f in within["findings"] if f["rule"] == "volume.session_spike"] == []
    past = plan(5, local_today() - timedelta(days=1))
    assert past.status_code == 422 and past.json()["detail"]["field"] == "sessions[0].date"
    assert db_session.scalar(select(func.count()).select_from(Finding)) == 0


def test_after_a_spike_run_the_plan_check_does_not_build_on_it(
    api: Api, client: TestClient, db_session: Session
) -> None:
    """Today's guard leaves out a run that was itself a spike, as the spike warning's "keep your
    next long run at about 10 km" does; a plan over the guard gets its warning, even though the
    rule, reading the spike run as its longest, would stay silent."""
    ann, ann_h = api.user("ann@example.com")
    history = [
        run(local_today() - timedelta(days=n), 8 if n % 7 else 10, f"r{n}") for n in range(4, 60, 2)
    ]
    history.append(run(local_today() - timedelta(days=2), 20, "spike"))
    ingest_activities(db_session, ann["id"], history)
    db_session.flush()
    body = {
        "sessions": [
            {
                "date": local_today().isoformat(),
                "sport": "running",
                "distance_m": 18000,
                "duration_s": 6000,
            }
        ]
    }
    checked = client.post(plan_url(ann), json=body, headers=ann_h).json()
    assert checked["longest_run_30d_km"] == 10 and checked["longest_run_today_km"] == 11
    assert checked["advice_on_hold"] is None
    spikes = [f for f in checked["findings"] if f["rule"] == "volume.session_spike"]
    assert [(f["severity"], f["values"]["longest_30d_km"]) for f in spikes] == [("warning", 10)]
    assert spikes[0]["message"]["en"].startswith("Leaving out the runs that were themselves")


def test_plan_check_without_recent_runs_has_no_longest_run(api: Api, client: TestClient) -> None:
    ann, ann_h = api.user("ann@example.com")
    body = {
        "sessions": [{"date": local_today().isoformat(), "sport": "cycling", "duration_s": 3600}]
    }
    response = client.post(plan_url(ann), json=body, headers=ann_h)
    assert response.status_code == 200
    assert response.json() == {
        "findings": [],
        "longest_run_30d_km": None,
        "longest_run_today_km": None,
        "caution_pct": 10.0,
        "advice_on_hold": "no_runs",
    }
