"""``loadwatch demo``: every demo runner's story shows up through the API, twice without doubles.

The end-to-end test runs the command as a newcomer would (embedded default, a fresh data folder,
a free port) and checks through the JSON API, as the physio, the coach and each athlete, that
each story produced its findings. The stories themselves are also checked against the pure rules
for other anchor days (the demo dates everything relative to the day it is first run), and the
fakes the demo starts are checked to need no corpus.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import time as time_module
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from celery import Celery
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.activities.imports import parse_file
from service.checkins.convert import parse_request
from service.config import Settings
from service.demo.checkins import checkins_for
from service.demo.fakes import corpus
from service.demo.fakes.garmin_server import FakeGarminConnect
from service.demo.fakes.garmin_shapes import BUILTIN
from service.demo.fakes.garmin_training import DEMO_MFA_CODE, DEMO_MFA_EMAIL
from service.demo.files import history_archive
from service.demo.people import ATHLETES, DEMO_PASSWORD
from service.demo.providers import garmin_accounts
from service.demo.training import STORIES, run_days, workouts
from service.integrations.garmin import GarminSession, MfaRequired, resume_login, start_login
from service.queue import celery_config
from service.training.measures import AthleteParams, SessionInput
from service.training.rules import evaluate
from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until

API = "/api/v1"

# (rule, severity) each runner must show; ``None`` severity: any.
EXPECTED: dict[str, set[tuple[str, str | None]]] = {
    "anna@demo.loadwatch": {
        ("referral.achilles_not_improving", "referral"),
        ("pain.during_or_after_run", "warning"),
        ("pain.next_morning", None),
        ("pain.weekly_trend", "warning"),
    },
    "ben@demo.loadwatch": {("volume.session_spike", "warning")},
    "chris@demo.loadwatch": {
        ("volume.weekly_progression", "warning"),
        ("load.acwr_context", "info"),
    },
    "dana@demo.loadwatch": {("red_flag.rupture", "urgent")},
    "eva@demo.loadwatch": {("load.return_from_break", "info")},
    "fleur@demo.loadwatch": {
        ("ostrc.substantial_problem", "warning"),
        ("ostrc.substantial_problem", "referral"),
    },
    "sam@demo.loadwatch": set(),
    "hannah@demo.loadwatch": {("load.monotony_strain", "info")},
    "ivo@demo.loadwatch": {("data.sync_stale", "caution")},
    "gijs@demo.loadwatch": {
        ("pain.weekly_trend", "warning"),
        ("referral.region_not_improving", "referral"),
    },
    "julia@demo.loadwatch": {
        ("red_flag.rupture", "urgent"),
        ("episode.rupture", "warning"),
        ("episode.rupture", "info"),
    },
}
NO_FINDINGS = {"sam@demo.loadwatch"}
NO_VOLUME_FINDINGS = {"eva@demo.loadwatch", "julia@demo.loadwatch"}
COUNTED: tuple[str, ...] = ("users", "coach_links", "activities", "activity_sources", "checkins")
COUNTED += ("findings", "alerts", "connections", "daily_wellness", "daily_metrics")


# -- the stories, against the pure rules ----------------------------------------------------------

RUNNING = {"running": "running", "road_biking": "cycling", "indoor_cycling": "cycling"}
FLAGS = {"achilles": ["previous_achilles_tendinopathy"]}
STORY_RULES: dict[str, set[tuple[str, str | None]]] = {
    person.story: EXPECTED[person.email] - {("data.sync_stale", "caution")} for person in ATHLETES
}


def story_findings(story: str, today: date) -> set[tuple[str, str]]:
    """What the pure rules find in the story's last 60 days, as the service evaluates them."""
    sessions = workouts(STORIES[story], today, "Europe/Amsterdam", 7)
    activities = [
        SessionInput(
            start=item.start,
            sport=RUNNING[item.sport],
            duration_s=item.duration_s,
            distance_m=item.distance_m,
            avg_hr_bpm=item.avg_hr_bpm,
        )
        for item in sessions
    ]
    checkins = [parse_request(c) for c in checkins_for(story, today, run_days(sessions))]
    found = evaluate(
        AthleteParams(timezone="Europe/Amsterdam"),
        FLAGS.get(story, []),
        {},
        activities,
        checkins,
        today - timedelta(days=59),
        today,
    )
    return {(finding.rule, finding.severity.value) for finding in found}


@pytest.mark.parametrize("story", sorted(STORIES))
@pytest.mark.parametrize("weekday", range(7))
def test_each_story_shows_its_findings_whatever_the_weekday(story: str, weekday: int) -> None:
    today = date(2026, 11, 16) + timedelta(days=weekday)
    found = story_findings(story, today)
    for rule, severity in STORY_RULES[story]:
        assert any(r == rule and severity in (None, s) for r, s in found), (story, today, found)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)))
def test_steady_runner_has_no_findings_and_the_cyclist_no_volume_warning(today: date) -> None:
    assert story_findings("steady", today) == set()
    assert not {rule for rule, _ in story_findings("cycling_rehab", today) if "volume." in rule}


@settings(max_examples=10, deadline=None)
@given(
    st.sampled_from(sorted(STORIES)),
    # files dated after tomorrow are refused: the history ends by today
    st.dates(min_value=date(2026, 1, 1), max_value=datetime.now(UTC).date()),
)
def test_tcx_history_imports_the_sessions_it_was_made_from(story: str, today: date) -> None:
    sessions = workouts(STORIES[story], today, "Europe/Amsterdam", 11)
    parsed = parse_file("history.zip", history_archive(sessions), allow_incomplete=False)
    imported = sorted(parsed.activities, key=lambda activity: activity.start_utc)
    assert [a.start_utc for a in imported] == [s.start.astimezone(UTC) for s in sessions]
    assert [a.distance_m for a in imported] == pytest.approx([s.distance_m for s in sessions])
    assert [a.duration_s for a in imported] == pytest.approx([s.duration_s for s in sessions])
    assert {a.sport.value for a in imported} <= {"running", "cycling"}


def test_every_session_lies_before_today_and_within_six_months() -> None:
    today = date(2026, 11, 22)
    for story in STORIES.values():
        days = [item.start.date() for item in workouts(story, today, "Europe/Amsterdam", 3)]
        assert days and min(days) >= today - timedelta(days=182) and max(days) < today


# -- the fakes need no corpus ---------------------------------------------------------------------


def test_demo_fakes_serve_login_and_sync_without_the_corpus(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(corpus, "CORPUS_DIR", tmp_path / "no-corpus")
    seeded_at = datetime.combine(date(2026, 11, 22), time(8), UTC)
    accounts = garmin_accounts(seeded_at)
    with FakeGarminConnect(accounts, shapes=BUILTIN, token_store=tmp_path / "t.json") as fake:
        pending = start_login(DEMO_MFA_EMAIL, DEMO_PASSWORD, fake.endpoints)
        assert isinstance(pending, MfaRequired)
        assert resume_login(pending.client_state, DEMO_MFA_CODE, fake.endpoints).token_blob
        blob = fake.token_blob("sam@demo.loadwatch")
    restarted = FakeGarminConnect(accounts, shapes=BUILTIN, token_store=tmp_path / "t.json")
    with restarted, GarminSession(blob, restarted.endpoints) as session:  # it kept the tokens
        runs = session.list_activities(date(2026, 5, 20), date(2026, 11, 22))
        wellness = session.daily_wellness(date(2026, 11, 1), date(2026, 11, 21))
    assert len(runs) == 26 * 4 and {run.sport.value for run in runs} == {"running"}
    assert len(wellness) == 21


# -- the command, end to end ----------------------------------------------------------------------


#: The overview's last line: one login to paste (the line before it is the address).
SIGN_IN_LINE = f"Sign in as coach@demo.loadwatch / {DEMO_PASSWORD}"
QUIET_WINDOW_S = 30.0
MAX_LINES_IN_WINDOW = 15


class Demo:
    def __init__(
        self,
        base: str,
        data: Path,
        log: Path,
        process: subprocess.Popen[bytes] | None = None,
        overview_at: float = 0.0,
    ) -> None:
        self.base, self.data, self.log, self.process = base, data, log, process
        self.overview_at = overview_at  # time.monotonic() when the overview's end was printed
        self._tokens: dict[str, str] = {}

    def printed(self) -> str:
        """Everything the command wrote to the terminal (standard output and error) so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the demo as Ctrl-C would (its worker and fakes with it)."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGINT)
        self.process.wait(timeout=60)

    def get(self, email: str, path: str) -> Any:
        if email not in self._tokens:
            answer = httpx.post(
                f"{self.base}{API}/auth/tokens", json={"email": email, "password": DEMO_PASSWORD}
            )
            assert answer.status_code in (200, 201), answer.text
            self._tokens[email] = answer.json()["token"]
        headers = {"Authorization": f"Bearer {self._tokens[email]}"}
        answer = httpx.get(f"{self.base}{API}{path}", headers=headers, timeout=30)
        assert answer.status_code == 200, (path, answer.text)
        return answer.json()

    def ids(self) -> dict[str, int]:
        return {row["email"]: row["id"] for row in self.get("physio@demo.loadwatch", "/athletes")}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    folder = tmp_path_factory.mktemp("demo")
    port = free_port()
    data = folder / "data"
    argv = [LOADWATCH, "demo", "--port", str(port), "--data-dir", str(data)]
    log = folder / "first.log"
    with running(argv, embedded_env(data), log) as process:
        wait_until(lambda: SIGN_IN_LINE in log.read_text(), 150, "the demo's overview")
        overview_at = time_module.monotonic()
        base = f"http://127.0.0.1:{port}"
        # The overview comes once the server listens: it answers (on a busy machine, while the
        # demo's workers start, not always within healthy()'s two seconds).
        assert httpx.get(f"{base}/healthz", timeout=30).status_code == 200
        yield Demo(base, data, log, process, overview_at)


def _sign_in_with_the_web_form(browser: httpx.Client, email: str, password: str) -> None:
    """A person pasting the login: the sign-in page, then its form with the page's token."""
    page = browser.get("/sign-in")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None, page.text
    form = {"email": email, "password": password, "csrf_token": token.group(1)}
    signed_in = browser.post("/sign-in", data=form)
    assert signed_in.status_code == 303 and signed_in.headers["location"] == "/roster"


def test_the_overview_ends_with_a_login_and_the_terminal_stays_quiet(demo: Demo) -> None:
    """First of the tests on the running demo: the 30 s after its overview, while a person
    signs in with the login it ends with and opens pages, bring at most 15 more lines (its
    background worker logs each task at INFO only with ``--verbose``)."""
    overview, _, _ = demo.printed().partition(SIGN_IN_LINE)
    assert overview.splitlines()[-1] == f"Open {demo.base}"
    email, password = SIGN_IN_LINE.removeprefix("Sign in as ").split(" / ")
    with httpx.Client(base_url=demo.base, timeout=30) as browser:
        _sign_in_with_the_web_form(browser, email, password)
        for path in ("/roster", "/alerts", "/roster"):
            assert browser.get(path).status_code == 200, path
    time_module.sleep(max(0.0, demo.overview_at + QUIET_WINDOW_S - time_module.monotonic()))
    after = demo.printed().partition(SIGN_IN_LINE + "\n")[2].splitlines()
    assert len(after) <= MAX_LINES_IN_WINDOW, "\n".join(after)


def _unworded(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings without their message, which is worded for whoever reads it."""
    return [{key: value for key, value in f.items() if key != "message"} for f in findings]


def test_each_runner_shows_the_findings_of_their_story(demo: Demo) -> None:
    ids = demo.ids()
    assert set(ids) == set(EXPECTED)
    for email, expected in EXPECTED.items():
        findings = demo.get("physio@demo.loadwatch", f"/athletes/{ids[email]}/findings")
        found = {(f["rule"], f["severity"]) for f in findings}
        for rule, severity in expected:
            assert any(r == rule and severity in (None, s) for r, s in found), (email, found)
        assert all(f["message"]["en"].strip() and f["message"]["nl"].strip() for f in findings)
        own = demo.get(email, f"/athletes/{ids[email]}/findings")
        assert _unworded(findings) == _unworded(own)  # the athlete's own, worded for the reader
        if email in NO_FINDINGS:
            assert findings == []
        if email in NO_VOLUME_FINDINGS:
            assert not [f for f in findings if f["rule"].startswith("volume.")]


def test_findings_are_recent_and_symptoms_follow_consent(demo: Demo) -> None:
    ids = demo.ids()
    utc_today = datetime.now(UTC).date()  # a runner's local today may be a day either side
    for email in EXPECTED:
        for finding in demo.get("physio@demo.loadwatch", f"/athletes/{ids[email]}/findings"):
            day = date.fromisoformat(finding["date"])
            assert utc_today - timedelta(days=61) <= day <= utc_today + timedelta(days=1)
    by_coach = demo.get("coach@demo.loadwatch", f"/athletes/{ids['fleur@demo.loadwatch']}/findings")
    assert not [
        f for f in by_coach if f["rule"].startswith("ostrc.")
    ]  # shared with the physio only
    roster = {
        row["email"]: row["share_symptoms"] for row in demo.get("coach@demo.loadwatch", "/athletes")
    }
    assert roster["fleur@demo.loadwatch"] is False and roster["anna@demo.loadwatch"] is True


def test_every_demo_runner_with_heart_rates_has_a_trimp_series(demo: Demo) -> None:
    """TRIMP needs the runner's resting and maximum heart rate: the demo's runners have them, so
    its TRIMP charts are drawn instead of explaining what is missing."""
    with_trimp = []
    for email, athlete_id in demo.ids().items():
        answer = demo.get("physio@demo.loadwatch", f"/athletes/{athlete_id}/metrics?measure=trimp")
        (series,) = answer["series"]
        if any(day["load"] for day in series["days"]):
            with_trimp.append(email)
    assert len(with_trimp) >= len(ATHLETES) - 2, with_trimp  # a runner may have no heart rates


def test_the_withdrawn_garmin_connection_needs_reauthorisation(demo: Demo) -> None:
    ids = demo.ids()
    states = {
        email: {
            c["provider"]: c for c in demo.get("coach@demo.loadwatch", f"/athletes/{i}/connections")
        }
        for email, i in ids.items()
    }
    ivo = states["ivo@demo.loadwatch"]["garmin"]
    assert ivo["state"] == "needs_reauth" and ivo["last_error"] == "provider_auth_expired"
    assert ivo["message"]["en"] and ivo["message"]["nl"]  # what the athlete is told
    assert states["hannah@demo.loadwatch"]["fitbit"]["state"] == "ok"
    assert states["fleur@demo.loadwatch"] == {}  # her history came from files
    garmin_ok = [e for e, s in states.items() if "garmin" in s and e != "ivo@demo.loadwatch"]
    assert len(garmin_ok) == 8 and all(states[e]["garmin"]["state"] == "ok" for e in garmin_ok)
    assert all(states[e]["garmin"]["backfill"]["complete"] for e in garmin_ok)


def test_the_overview_and_the_emails(demo: Demo) -> None:
    printed = demo.log.read_text(encoding="utf-8", errors="replace")
    for person in ATHLETES:
        lines = [line for line in printed.splitlines() if person.email in line]
        assert len(lines) == 2  # its seeding progress, and its line in the overview
        assert person.summary["en"] in lines[1] and "athlete" in lines[1]
    assert "runner@example.com" in printed and "Seeded and serving in" in printed
    assert len(list((demo.data / "mail").glob("*.eml"))) > 0


def _expired_session_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM web_sessions WHERE expires_at < ?",
            (datetime.now(UTC).isoformat(),),
        ).fetchone()
        return int(row[0])


def test_the_demo_serves_the_api_and_its_worker_consumes_tasks(demo: Demo) -> None:
    health = httpx.get(f"{demo.base}/healthz").json()
    assert health == {"status": "ok", "mode": "embedded", "database": "ok", "broker": "ok"}
    assert len(demo.get("coach@demo.loadwatch", "/athletes")) >= 2

    login = httpx.post(
        f"{demo.base}{API}/auth/login",
        json={"email": "anna@demo.loadwatch", "password": DEMO_PASSWORD},
    )
    assert login.status_code == 200
    db = demo.data / "loadwatch.sqlite"
    with sqlite3.connect(db) as conn:
        past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
        conn.execute("UPDATE web_sessions SET expires_at = ?", (past,))
    assert _expired_session_count(db) >= 1  # this login's, and the web sign-ins' before it

    producer = Celery()
    producer.conf.update(
        celery_config(Settings(data_dir=demo.data, redis_url=None, database_url=None))
    )
    try:
        producer.send_task("accounts.purge_expired")
        wait_until(lambda: _expired_session_count(db) == 0, 60, "the worker to purge sessions")
    finally:
        producer.close()


def _counts(data: Path) -> dict[str, int]:
    with sqlite3.connect(data / "loadwatch.sqlite") as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
            for table in COUNTED
        }


def test_a_second_run_on_the_same_folder_adds_nothing(demo: Demo, tmp_path: Path) -> None:
    """Last in this module: it stops the first run."""
    demo.stop()
    before = _counts(demo.data)
    port = free_port()
    argv = [LOADWATCH, "demo", "--port", str(port), "--data-dir", str(demo.data), "--lang", "nl"]
    log = tmp_path / "second.log"
    started = time_module.monotonic()
    with running(argv, embedded_env(demo.data), log) as process:
        wait_until(lambda: healthy(f"http://127.0.0.1:{port}"), 90, "the second run to answer")
        warm_s = time_module.monotonic() - started
        again = Demo(f"http://127.0.0.1:{port}", demo.data, log, process)
        assert set(again.ids()) == set(EXPECTED)
        ivo = again.ids()["ivo@demo.loadwatch"]
        assert again.get("ivo@demo.loadwatch", f"/athletes/{ivo}/findings")
        again.stop()
    printed = log.read_text(encoding="utf-8", errors="replace")
    assert "bewaard" in printed and "Gevuld en online in" not in printed
    assert _counts(demo.data) == before
    assert warm_s < 60
