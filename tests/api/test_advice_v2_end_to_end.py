"""The realistic weeks of advice v2 (DOMAIN §1.6) end to end, with the real database: the
activities arrive through ingestion (what a sync or an upload calls), the check-ins and the
physio's decisions through the API, the rules run as the worker runs them, and the advice appears
on the dashboard and in the alert emails, in English for the runner and in Dutch for the physio.

Days count back from the runner's today, so the pages (which show the recent weeks) show them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.activities.service import ingest_activities
from service.alerts.delivery import deliver_alerts
from service.alerts.reading import finding_message
from service.clock import local_today
from service.config import get_settings
from service.findings.evaluation import evaluate_athlete
from service.integrations.base import ActivityData, Source, Sport
from service.metrics.service import recompute_metrics
from service.models import AuditEntry, DailyMetric, Finding
from tests.api.conftest import Api
from tests.api.page_browser import text_of
from tests.api.page_people import People, Person, linked, people_of
from tests.integration.alerts.receivers import smtp_server
from tests.integration.alerts.support import alert_settings, session_scope_of

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")
WEEK = [0, 6, 0, 8, 0, 12, 6]  # 32 km a week, the long run of 12 km on the sixth day


@dataclass
class Story:
    """A runner (English) and their physio (Dutch, sees the symptoms), on days counted from
    ``first`` (day 0) to today (day ``end``)."""

    client: TestClient
    session: Session
    runner: Person
    physio: Person
    runner_headers: dict[str, str]
    physio_headers: dict[str, str]
    end: int

    @property
    def first(self) -> date:
        return local_today("Europe/Amsterdam") - timedelta(days=self.end)

    def day(self, offset: int) -> date:
        return self.first + timedelta(days=offset)

    def offset(self, day: date) -> int:
        return (day - self.first).days

    def runs(self, activities: Sequence[ActivityData]) -> None:
        ingest_activities(self.session, self.runner.id, activities)
        self.session.commit()

    def run(self, offset: int, km: float, **extra: Any) -> ActivityData:
        start = datetime.combine(self.day(offset), time(8), tzinfo=AMSTERDAM).astimezone(UTC)
        values: dict[str, Any] = {
            "source": Source.GARMIN,
            "external_id": f"run-{offset}-{km}",
            "sport": Sport.RUNNING,
            "start_utc": start,
            "duration_s": km * 360.0,
            "distance_m": km * 1000.0,
            "raw": {"day": offset, "km": km},
        }
        return ActivityData(**(values | extra))

    def weeks(self, pattern: Sequence[float], weeks: int) -> list[ActivityData]:
        kms = list(pattern) * weeks
        return [self.run(offset, km) for offset, km in enumerate(kms) if km]

    def checkin(self, offset: int, **answers: Any) -> None:
        body = {"date": self.day(offset).isoformat(), **answers}
        response = self.client.post(
            f"/api/v1/athletes/{self.runner.id}/checkins", json=body, headers=self.runner_headers
        )
        assert response.status_code == 201, response.text

    def evaluate(self) -> list[Finding]:
        """Evaluate today. The story's weeks arrive at once, so its findings are about days up
        to ``end`` days ago: an alert window that wide (``ALERTS__FRESH_DAYS``) alerts each as it
        would have been alerted on its own day."""
        settings = get_settings()
        wide = settings.alerts.model_copy(update={"fresh_days": min(60, self.end + 1)})
        evaluate_athlete(
            self.session,
            self.runner.id,
            settings=settings.model_copy(update={"alerts": wide}),
        )
        self.session.commit()
        query = select(Finding).where(Finding.athlete_id == self.runner.id)
        return list(self.session.scalars(query.order_by(Finding.day, Finding.rule)))

    def found(self, rows: Sequence[Finding]) -> list[tuple[str, str, int, str]]:
        return [(row.rule, row.severity, self.offset(row.day), row.region) for row in rows]


@pytest.fixture
def people(client: TestClient, api: Api) -> Iterator[People]:
    with people_of(client, api) as found:
        yield found


def story(client: TestClient, api: Api, people: People, db_session: Session, end: int) -> Story:
    runner = people.sign_in("runner@example.com")
    physio = people.sign_in("fysio@example.com", "physio", locale="nl")
    linked(db_session, runner, physio, share=True)
    return Story(
        client,
        db_session,
        runner,
        physio,
        api.token(runner.email),
        api.token(physio.email),
        end,
    )


def words(text: str) -> str:
    return " ".join(text.split())


def assert_on_the_dashboard(story: Story, rows: Sequence[Finding]) -> None:
    """The runner's page shows each finding in English, the physio's view of it in Dutch, about
    the runner by name. The page opens on six weeks; the stories go back up to three months, so
    it is asked for those."""
    page = f"/athletes/{story.runner.id}?period=3m"
    mine = text_of(story.runner.browser.get(page))
    theirs = text_of(story.physio.browser.get(page))
    for row in rows:
        assert words(row.message_en) in mine, row.rule
        about = finding_message(row, "nl", story.physio.id, "runner")
        assert "runner" in about and "{athlete}" not in about, row.rule
        assert words(about) in theirs, row.rule


def assert_emailed(story: Story, rows: Sequence[Finding]) -> None:
    """Each finding's alert email: in English to the runner, in Dutch to the physio."""
    with smtp_server() as (recorder, port):
        later = datetime.now(UTC) + timedelta(days=1)
        deliver_alerts(
            alert_settings(port), transactions=session_scope_of(story.session), now=later
        )
        to_runner = [words(mail.part("plain")) for mail in recorder.to(story.runner.email)]
        to_physio = [words(mail.part("plain")) for mail in recorder.to(story.physio.email)]
    for row in rows:
        assert any(words(row.message_en) in mail for mail in to_runner), row.rule
        about = finding_message(row, "nl", story.physio.id, "runner")
        assert any(words(about) in mail for mail in to_physio), row.rule


def test_creeping_shin_pain_escalates(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    """Shin pain 2 → 6 over five weeks, one point a week, while running: a warning once it has
    crept up two points in two weeks, and the shin's 21-day referral; the episode is on the
    runner's page and in the API."""
    s = story(client, api, people, db_session, end=41)
    s.runs(s.weeks(WEEK, 6))
    for week in range(5):
        answers: dict[str, Any] = {"pain_week": 2 + week}
        if week == 0:
            answers["onset"] = "gradual"
        s.checkin(6 + 7 * week, kind="weekly", region="shin", **answers)

    rows = s.evaluate()

    found = s.found(rows)
    assert ("pain.weekly_trend", "warning", 20, "shin") in found
    assert ("referral.region_not_improving", "referral", 27, "shin") in found
    referral = next(r for r in rows if r.rule == "referral.region_not_improving")
    assert "physiotherapist" in referral.message_en
    assert "neem contact op met je fysiotherapeut" in referral.message_nl.lower()
    escalation = [
        r for r in rows if r.rule in {"pain.weekly_trend", "referral.region_not_improving"}
    ]
    assert_on_the_dashboard(s, escalation)
    assert_emailed(s, escalation)

    listed = client.get(f"/api/v1/athletes/{s.runner.id}/episodes", headers=s.physio_headers)
    assert listed.status_code == 200, listed.text
    (episode,) = listed.json()
    assert (episode["region"], episode["opened"], episode["closed"]) == (
        "shin",
        s.day(6).isoformat(),
        None,
    )
    assert (episode["onset"], episode["first_pain"]["value"], episode["latest_pain"]["value"]) == (
        "gradual",
        2,
        6,
    )
    page = text_of(s.runner.browser.get(f"/athletes/{s.runner.id}"))
    assert "Injury episodes" in page and "Pain: 2/10 at the start, 6/10" in page


def test_after_a_suspected_achilles_rupture_no_build_up_advice(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    """A snap in the Achilles, then running again five weeks later: the urgent red flag, then the
    rupture pathway (running within six weeks: contact your physio; the timeline on day 42) and
    no spike or build-up advice, until the physio records cleared-to-run (audited)."""
    s = story(client, api, people, db_session, end=90)
    s.runs([*s.weeks(WEEK, 5), s.run(76, 8), s.run(78, 8), s.run(80, 14)])
    s.checkin(41, kind="red_flag", region="achilles", red_flags=["sudden_snap"])

    rows = s.evaluate()

    assert s.found(rows) == [
        ("red_flag.rupture", "urgent", 41, "achilles"),
        ("episode.rupture", "warning", 76, "achilles"),
        ("episode.rupture", "info", 83, "achilles"),
    ]
    warning = rows[1]
    assert "six weeks" in warning.message_en and "zes weken" in warning.message_nl
    assert "build up again gradually" not in " ".join(r.message_en for r in rows)
    assert_on_the_dashboard(s, rows)
    assert_emailed(s, rows[:2])  # the urgent one and the warning; an info sends no alert

    path = f"/api/v1/athletes/{s.runner.id}/episodes"
    (episode,) = client.get(path, headers=s.physio_headers).json()
    assert (episode["kind"], episode["suspected_rupture"]) == ("rupture", True)
    opened = s.day(41).isoformat()
    cleared = client.patch(
        f"{path}/achilles/{opened}",
        json={"cleared_to_run": s.day(70).isoformat()},
        headers=s.physio_headers,
    )
    assert cleared.status_code == 200, cleared.text
    assert (cleared.json()["cleared_to_run"], cleared.json()["suspected_rupture"]) == (
        s.day(70).isoformat(),
        False,
    )
    audit = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "episode_change")
    ).all()
    assert [(a.actor_id, a.athlete_id) for a in audit] == [(s.physio.id, s.runner.id)]

    after = {row.rule for row in s.evaluate()}
    assert {"load.return_from_break", "volume.session_spike"} <= after


def test_a_coach_cannot_clear_a_suspected_rupture(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    s = story(client, api, people, db_session, end=50)
    coach = people.sign_in("coach@example.com", "coach")
    linked(db_session, s.runner, coach, share=True)
    s.checkin(41, kind="red_flag", region="achilles", red_flags=["sudden_snap"])
    path = f"/api/v1/athletes/{s.runner.id}/episodes/achilles/{s.day(41).isoformat()}"

    refused = client.patch(path, json={"not_a_rupture": True}, headers=api.token(coach.email))

    assert refused.status_code == 403, refused.text
    by_runner = client.patch(path, json={"not_a_rupture": True}, headers=s.runner_headers)
    assert by_runner.status_code == 200, by_runner.text
    assert (by_runner.json()["not_a_rupture"], by_runner.json()["kind"]) == (True, None)


def test_a_new_york_run_at_half_past_seven_is_dated_locally(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    """19:30 in New York is already the next day in Amsterdam; the watch recorded its own
    offset, so the run belongs to its own day and the next morning's Achilles pain is the morning
    after it."""
    s = story(client, api, people, db_session, end=37)
    start = datetime.combine(s.day(36), time(19, 30), tzinfo=NEW_YORK)
    offset = start.utcoffset()
    assert offset is not None
    new_york = s.run(
        36,
        8,
        start_utc=start.astimezone(UTC),
        utc_offset_s=round(offset.total_seconds()),
        external_id="new-york",
    )
    s.runs([*s.weeks(WEEK, 5), new_york])
    for day in range(30, 36):
        s.checkin(day, kind="daily", region="achilles", morning_pain=1)
    s.checkin(37, kind="daily", region="achilles", morning_pain=3)

    rows = [row for row in s.evaluate() if s.offset(row.day) >= 37]

    assert s.found(rows) == [("pain.next_morning", "caution", 37, "achilles")]
    listed = client.get(
        f"/api/v1/athletes/{s.runner.id}/activities",
        params={"start": s.day(36).isoformat(), "end": s.day(37).isoformat()},
        headers=s.runner_headers,
    ).json()
    assert [(a["local_date"], a["utc_offset_s"]) for a in listed] == [
        (s.day(36).isoformat(), round(offset.total_seconds()))
    ]
    assert_on_the_dashboard(s, rows)
    assert_emailed(s, rows)


def test_a_run_on_a_no_data_day_counts(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    """A 32 km run on a day the runner had marked "no data": it counts, in the stored series and
    in the advice (a spike on a longest run of 20 km)."""
    s = story(client, api, people, db_session, end=48)
    s.runs([*s.weeks([0, 10, 0, 12, 0, 20, 10], 6), s.run(47, 32)])
    marked = client.put(
        f"/api/v1/athletes/{s.runner.id}/missing-days/{s.day(47).isoformat()}",
        headers=s.runner_headers,
    )
    assert marked.status_code == 204, marked.text
    recompute_metrics(db_session, s.runner.id, s.first)
    stored = db_session.scalars(
        select(DailyMetric).where(
            DailyMetric.athlete_id == s.runner.id,
            DailyMetric.measure == "distance_km",
            DailyMetric.day == s.day(47),
        )
    ).one()
    assert stored.load == 32

    rows = [row for row in s.evaluate() if s.offset(row.day) >= 42]

    (spike,) = [row for row in rows if row.rule == "volume.session_spike"]
    assert (spike.severity, s.offset(spike.day), spike.values["session_km"]) == ("warning", 47, 32)
    assert_on_the_dashboard(s, [spike])
    assert_emailed(s, [spike])


def test_the_check_in_form_stores_onset_feeling_ill_and_the_new_red_flags(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    """The morning form's "I feel ill" box and a region's "how did it start", and the red flag
    "cannot bear weight": stored, and the advice follows (illness info, fracture urgent)."""
    s = story(client, api, people, db_session, end=3)
    path = f"/athletes/{s.runner.id}/checkins"
    s.runner.browser.get(f"{path}?kind=daily")
    saved = s.runner.browser.submit(
        path,
        {
            "kind": "daily",
            "date": s.day(2).isoformat(),
            "feeling_ill": "1",
            "morning_pain.new": "4",
            "region.new": "shin",
            "onset.new": "sudden",
        },
    )
    assert saved.status_code == 303, saved.text
    s.runner.browser.get(f"{path}?kind=red_flag")
    flagged = s.runner.browser.submit(
        path,
        {"kind": "red_flag", "date": s.day(3).isoformat(), "red_flags": "cannot_bear_weight",
         "region": "shin"},
    )  # fmt: skip
    assert flagged.status_code == 303, flagged.text

    stored = client.get(f"/api/v1/athletes/{s.runner.id}/checkins", headers=s.runner_headers)
    answers = {(c["kind"], c["region"]): c for c in stored.json()}
    assert answers["illness", None]["feeling_ill"] is True
    assert answers["daily", "shin"]["onset"] == "sudden"
    assert answers["red_flag", "shin"]["red_flags"] == ["cannot_bear_weight"]
    found = {(rule, severity) for rule, severity, *_ in s.found(s.evaluate())}
    assert {("health.illness", "info"), ("red_flag.fracture", "urgent")} <= found


def test_check_in_api_refuses_a_bad_onset_and_feeling_ill_with_a_region(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    s = story(client, api, people, db_session, end=1)
    url = f"/api/v1/athletes/{s.runner.id}/checkins"
    today = s.day(1).isoformat()
    bad_onset = {"kind": "weekly", "date": today, "region": "shin", "pain_week": 2,
                 "onset": "slowly"}  # fmt: skip
    ill_region = {"kind": "illness", "date": today, "region": "shin", "feeling_ill": True}
    for body, field in ((bad_onset, "onset"), (ill_region, "region")):
        answer = client.post(url, json=body, headers=s.runner_headers)
        assert answer.status_code == 422, answer.text
        assert answer.json()["detail"]["field"] == field
    listed = client.get(url, headers=s.runner_headers)
    assert listed.json() == []


def test_this_was_a_race_on_the_page_turns_the_spike_into_recovery_advice(
    client: TestClient, api: Api, people: People, db_session: Session, sent_tasks: list[Any]
) -> None:
    """A marathon after long runs of 32 km: as a plain run a spike with "lengthen in small
    steps"; marked a race on the runner's page, an info with recovery advice."""
    s = story(client, api, people, db_session, end=48)
    s.runs([*s.weeks([0, 10, 0, 12, 0, 32, 8], 5), s.run(40, 10), s.run(42, 8)])
    s.runs([s.run(46, 42.2, external_id="marathon")])
    page = s.runner.browser.get(f"/athletes/{s.runner.id}")
    assert "This was a race" in text_of(page)
    (marathon,) = [a for a in listed_runs(s) if a["distance_m"] == 42200]
    assert marathon["race"] is False

    marked = s.runner.browser.submit(
        f"/athletes/{s.runner.id}/activities/{marathon['id']}/race", {"race": "yes"}
    )

    assert marked.status_code == 303 and "done=race_saved" in marked.headers["location"]
    assert [a["race"] for a in listed_runs(s) if a["id"] == marathon["id"]] == [True]
    spike = next(r for r in s.evaluate() if r.rule == "volume.session_spike")
    assert spike.severity == "info" and "recover" in spike.message_en
    assert "herstel" in spike.message_nl and "lengthen" not in spike.message_en
    refused = client.patch(
        f"/api/v1/athletes/{s.runner.id}/activities/{marathon['id']}",
        json={"race": False},
        headers=s.physio_headers,
    )
    assert refused.status_code == 403  # the runner's own mark


def listed_runs(s: Story) -> list[dict[str, Any]]:
    response = s.client.get(
        f"/api/v1/athletes/{s.runner.id}/activities",
        params={"start": s.first.isoformat()},
        headers=s.runner_headers,
    )
    assert response.status_code == 200, response.text
    return list(response.json())
