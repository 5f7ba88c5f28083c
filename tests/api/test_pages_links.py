"""Pages between athletes and their coaches: the roster, the drill-down, invitations, privacy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.athletes.status import refresh_status, status_values
from service.dashboard.service import pain_trend
from service.models import AuditEntry, Checkin, CoachLink, Finding, LinkStatus, WellnessDay
from tests.api.page_browser import PageBrowser, text_of
from tests.api.test_pages import link, runs, user_id


@pytest.fixture
def coach(client: TestClient, api: Any) -> PageBrowser:
    api.signup("coach@example.com", "coach", display_name="Carla Coach")
    browser = PageBrowser(client)
    browser.sign_in("coach@example.com")
    return browser


@pytest.fixture
def athlete(client: TestClient, api: Any) -> Iterator[PageBrowser]:
    """Signed in as Anna, with her own cookies."""
    api.signup("anna@example.com", display_name="Anna de Vries")
    with TestClient(client.app, raise_server_exceptions=False, client=("10.200.0.3", 5000)) as c:
        browser = PageBrowser(c)
        browser.sign_in("anna@example.com")
        yield browser


def finding(db_session: Session, athlete: int, rule: str, severity: str, days_ago: int = 1) -> None:
    day = datetime.now(UTC).date() - timedelta(days=days_ago)
    db_session.add(
        Finding(
            athlete_id=athlete,
            rule=rule,
            severity=severity,
            day=day,
            period_key=day,
            values={},
            message_en=f"{rule} in English",
            message_nl=f"{rule} in het Nederlands",
            source="DOMAIN",
        )
    )
    db_session.flush()
    refresh_status(db_session, [athlete])  # as the evaluation that stores a finding does
    db_session.commit()  # a request that fails rolls back what is not committed


def roster_names(page: str) -> list[str]:
    return re.findall(r'class="athlete-name" href="/athletes/\d+">([^<]+)<', page)


def test_the_roster_lists_linked_athletes_by_name_until_someone_has_a_warning(
    coach: PageBrowser, api: Any, db_session: Session
) -> None:
    staff = user_id(db_session, "coach@example.com")
    for email, name in [("zoe@example.com", "Zoe"), ("bram@example.com", "Bram")]:
        api.signup(email, display_name=name)
        link(db_session, user_id(db_session, email), staff)
    api.signup("stranger@example.com", display_name="Stranger")

    page = coach.get("/roster")
    assert roster_names(page.text) == ["Bram", "Zoe"]
    assert "Sorted by name: none of your athletes has an open warning" in text_of(page)

    finding(db_session, user_id(db_session, "zoe@example.com"), "volume.session_spike", "warning")
    page = coach.get("/roster")
    assert roster_names(page.text) == ["Zoe", "Bram"]
    assert "Most at risk first" in text_of(page)
    attention = coach.get("/roster?attention=true")
    assert roster_names(attention.text) == ["Zoe"]


@pytest.mark.parametrize(("shared", "shown"), [(True, True), (False, False)])
def test_symptom_warnings_reach_the_roster_only_when_shared(
    coach: PageBrowser, api: Any, db_session: Session, shared: bool, shown: bool
) -> None:
    api.signup("zoe@example.com", display_name="Zoe")
    zoe = user_id(db_session, "zoe@example.com")
    link(db_session, zoe, user_id(db_session, "coach@example.com"), share=shared)
    finding(db_session, zoe, "pain.weekly_trend", "warning")
    assert ("Weekly pain rising" in text_of(coach.get("/roster"))) is shown
    drill_down = coach.get(f"/athletes/{zoe}")
    assert ("pain.weekly_trend in English" in text_of(drill_down)) is shown
    assert ('id="chart-symptoms"' in drill_down.text) is shown
    checkins_url = chart_config_of(drill_down)["checkinsUrl"] or ""
    assert checkins_url.startswith(f"/api/v1/athletes/{zoe}/checkins?") is shown
    assert ("Zoe does not share symptom check-ins with you." in text_of(drill_down)) is not shown


def test_the_drill_down_is_for_linked_staff_only_and_is_audited(
    coach: PageBrowser, athlete: PageBrowser, db_session: Session, sent_tasks: Any
) -> None:
    anna = user_id(db_session, "anna@example.com")
    runs(db_session, anna, {5: 8.0, 2: 10.0})
    assert coach.get(f"/athletes/{anna}").status_code == 404

    link(db_session, anna, user_id(db_session, "coach@example.com"))
    page = coach.get(f"/athletes/{anna}?measure=duration_min&days=90")
    assert page.status_code == 200
    config = json.loads(re.search(r'id="chart-config">(.*?)</script>', page.text, re.S)[1])
    today = datetime.now(UTC).date()
    start = date.fromisoformat(config["start"])
    assert (config["measure"], config["unit"], start.weekday()) == ("duration_min", "min", 0)
    assert today - timedelta(days=96) <= start <= today - timedelta(days=89)
    assert config["metricsUrl"].startswith(f"/api/v1/athletes/{anna}/metrics?measure=duration_min")
    metrics = coach.client.get(config["metricsUrl"])
    assert metrics.status_code == 200 and metrics.json()["series"][0]["days"], metrics.json()
    views = db_session.scalars(select(AuditEntry).where(AuditEntry.athlete_id == anna)).all()
    assert {v.resource for v in views} >= {f"/athletes/{anna}"}

    assert athlete.get(f"/athletes/{anna}").status_code == 200
    assert athlete.get("/roster").headers["location"] == "/home"


def test_an_athlete_invites_a_coach_by_email_who_accepts(
    coach: PageBrowser, athlete: PageBrowser, db_session: Session
) -> None:
    athlete.get("/invitations")
    sent = athlete.submit("/invitations", {"email": "coach@example.com", "share_symptoms": "true"})
    assert sent.headers["location"] == "/invitations?done=invite_sent"
    before = text_of(athlete.get("/invitations"))
    # the address, not whose account it is, until they accept
    assert "coach@example.com" in before and "Carla Coach" not in before

    waiting = coach.get("/invitations")
    assert "Anna de Vries" in text_of(waiting)
    link_id = re.search(r'action="/invitations/respond/(\d+)"', waiting.text)[1]
    accepted = coach.submit(f"/invitations/respond/{link_id}", {"action": "accept"})
    assert accepted.headers["location"] == "/invitations?done=link_accepted"
    assert roster_names(coach.get("/roster").text) == ["Anna de Vries"]
    assert "Carla Coach" in text_of(athlete.get("/invitations"))


@pytest.mark.parametrize(
    ("email", "error"),
    [("not-an-email", "invalid_email"), ("anna@example.com", "cannot_link_self")],
)
def test_an_invitation_that_cannot_be_sent_says_why(
    athlete: PageBrowser, email: str, error: str
) -> None:
    athlete.get("/invitations")
    response = athlete.submit("/invitations", {"email": email})
    assert response.headers["location"] == f"/invitations?error={error}"
    assert 'role="alert"' in athlete.get(response.headers["location"]).text


def test_a_coachs_invite_link_is_shown_once_and_accepted_on_its_page(
    coach: PageBrowser, athlete: PageBrowser, client: TestClient, db_session: Session
) -> None:
    coach.get("/invitations")
    made = coach.submit("/invitations/link", {})
    url = re.search(r'id="invite-url" type="text" readonly value="([^"]+)"', made.text)[1]
    path = url.removeprefix("http://testserver")
    assert path.startswith("/invitations/inv_")

    visitor = PageBrowser(client)
    visitor.client.cookies.clear()
    landing = text_of(visitor.get(path))
    assert "Carla Coach (coach) invites you" in landing and "Sign in or create" in landing

    athlete.get(path)
    accepted = athlete.submit(path, {"share_symptoms": "true"})
    assert accepted.headers["location"] == "/invitations?done=link_accepted"
    active = db_session.scalars(select(CoachLink).where(CoachLink.status == LinkStatus.ACTIVE))
    assert [(row.share_symptoms, row.athlete_id) for row in active] == [
        (True, user_id(db_session, "anna@example.com"))
    ]
    assert "unknown, already used or expired" in text_of(athlete.get(path))


def test_privacy_sharing_switch_with_htmx_and_revoking_ends_the_coachs_view(
    coach: PageBrowser, athlete: PageBrowser, db_session: Session
) -> None:
    anna = user_id(db_session, "anna@example.com")
    link(db_session, anna, user_id(db_session, "coach@example.com"), share=False)
    page = athlete.get("/privacy")
    link_id = re.search(r'id="link-(\d+)"', page.text)[1]

    row = athlete.submit(
        f"/privacy/links/{link_id}/sharing", {"share_symptoms": "true"}, headers={"HX-Request": "1"}
    )
    assert row.status_code == 200 and row.text.lstrip().startswith(f'<tr id="link-{link_id}"')
    assert db_session.get(CoachLink, int(link_id)).share_symptoms is True
    assert coach.get(f"/athletes/{anna}").status_code == 200
    assert "Carla Coach" in text_of(athlete.get("/privacy"))  # the access log names the viewer

    ended = athlete.submit(f"/invitations/respond/{link_id}?back=/privacy", {"action": "revoke"})
    assert ended.headers["location"] == "/privacy?done=link_revoked"
    assert coach.get(f"/athletes/{anna}").status_code == 404


def test_export_downloads_everything_about_the_reader_as_json(athlete: PageBrowser) -> None:
    response = athlete.get("/privacy/export.json")
    assert response.headers["content-disposition"].startswith("attachment;")
    data = response.json()
    assert data["format"] == "loadwatch-export/1"
    assert data["account"]["email"] == "anna@example.com"
    assert data["account"]["password_hash"] == "(stored, not exported)"


def chart_config_of(page: Any) -> dict[str, Any]:
    return dict(json.loads(re.search(r'id="chart-config">(.*?)</script>', page.text, re.S)[1]))


def test_garmins_own_figures_are_drawn_only_where_garmin_gave_them(
    athlete: PageBrowser, db_session: Session, sent_tasks: Any
) -> None:
    anna = user_id(db_session, "anna@example.com")
    runs(db_session, anna, {3: 8.0})
    page = athlete.get(f"/athletes/{anna}")
    assert chart_config_of(page)["garmin"] == [] and 'id="chart-garmin"' not in page.text

    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    db_session.add(
        WellnessDay(
            athlete_id=anna,
            source="garmin",
            day=yesterday,
            vendor_acute_load=412.0,
            vendor_chronic_load=380.5,
            vendor_acwr=1.08,
        )
    )
    db_session.commit()
    page = athlete.get(f"/athletes/{anna}")
    assert chart_config_of(page)["garmin"] == [
        {"date": yesterday.isoformat(), "acute": 412.0, "chronic": 380.5, "acwr": 1.08}
    ]
    assert 'id="chart-garmin"' in page.text


def checkin(day: date, **answers: float) -> Checkin:
    return Checkin(athlete_id=1, day=day, kind="daily", region="achilles", **answers)


TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("rows", "this_week", "last_week", "direction"),
    [
        ([], None, None, None),
        ([checkin(TODAY, morning_pain=3)], 3.0, None, "steady"),
        (
            [checkin(TODAY - timedelta(days=8), morning_pain=2), checkin(TODAY, pain_after=4)],
            4.0,
            2.0,
            "rising",
        ),
        (
            [
                checkin(TODAY - timedelta(days=10), pain_week=5),
                checkin(TODAY - timedelta(days=2), morning_pain=2, pain_during=4),
                checkin(TODAY - timedelta(days=1), morning_stiffness_min=30),
            ],
            4.0,
            5.0,
            "steady",
        ),
        (
            [checkin(TODAY - timedelta(days=9), morning_pain=6), checkin(TODAY, morning_pain=3)],
            3.0,
            6.0,
            "falling",
        ),
        ([checkin(TODAY - timedelta(days=20), morning_pain=6)], None, None, None),
    ],
)
def test_the_rosters_pain_trend_compares_the_days_highest_pain_week_on_week(
    rows: list[Checkin], this_week: float | None, last_week: float | None, direction: str | None
) -> None:
    status = status_values(1, TODAY, [], rows, None, [], datetime.now(UTC))
    trend = pain_trend(status["pain_this_week"], status["pain_last_week"])
    if direction is None:
        assert trend is None
        return
    assert trend is not None
    assert (trend.this_week, trend.last_week, trend.direction) == (this_week, last_week, direction)


def test_the_roster_shows_the_pain_trend_only_where_symptoms_are_shared(
    coach: PageBrowser, api: Any, db_session: Session
) -> None:
    staff = user_id(db_session, "coach@example.com")
    today = datetime.now(UTC).date()
    for email, name, share in [
        ("zoe@example.com", "Zoe", True),
        ("bram@example.com", "Bram", False),
    ]:
        api.signup(email, display_name=name, timezone="UTC")
        athlete_id = user_id(db_session, email)
        link(db_session, athlete_id, staff, share=share)
        for days_ago, pain in ((9, 2.0), (1, 5.0)):
            db_session.add(
                Checkin(
                    athlete_id=athlete_id,
                    day=today - timedelta(days=days_ago),
                    kind="daily",
                    region="achilles",
                    morning_pain=pain,
                )
            )
    db_session.commit()
    page = coach.get("/roster").text
    rows = {
        name: re.sub(
            r"<[^>]+>", " ", re.search(rf"<tr[^>]*>(?:(?!</tr>).)*>{name}<.*?</tr>", page, re.S)[0]
        )
        for name in ("Zoe", "Bram")
    }
    assert "5.0" in rows["Zoe"] and "rising" in rows["Zoe"]
    assert "5.0" not in rows["Bram"] and "not shared" in rows["Bram"]
