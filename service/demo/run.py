"""The demo from start to ready: its anchor day, seeding once, and the pipeline.

``<data>/demo.json`` remembers when the demo was first seeded (every story is dated relative to
that moment, so the fakes and the files give the same sessions on every run) and whether seeding
finished. A second run on the same folder seeds nothing: it starts the fakes and serves.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from service.accounts import queries as account_queries
from service.alerts.delivery import deliver_alerts
from service.clock import utcnow
from service.config import Settings
from service.db import session_scope
from service.demo import seed
from service.demo.people import ATHLETES, REVOKED_AT_GARMIN, STAFF, DemoPerson
from service.demo.providers import DemoFakes
from service.findings.evaluation import evaluate_athlete
from service.metrics.service import recompute_metrics

STATE_FILE = "demo.json"
#: What a first seeding takes, as the person waiting is told: 14 to 26 s on a 2-core machine for
#: nine runners, depending on how busy it was (the README's timings), and 2–3 s for each of the
#: two runners added since.
FIRST_SEED_ESTIMATE_S = "15–35"

Report = Callable[..., None]
"""``report(key, **values)``: tell the person waiting what happened (a text key of the table)."""


@dataclass(frozen=True, slots=True)
class DemoState:
    seeded_at: datetime
    complete: bool = False


def read_state(data_dir: Path) -> DemoState:
    """The remembered anchor, or a new one (now) written at once, so an interrupted seeding
    resumes with the same dates."""
    path = data_dir / STATE_FILE
    if path.exists():
        kept = json.loads(path.read_text(encoding="utf-8"))
        return DemoState(datetime.fromisoformat(kept["seeded_at"]), bool(kept["complete"]))
    state = DemoState(utcnow())
    write_state(data_dir, state)
    return state


def write_state(data_dir: Path, state: DemoState) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    kept = {"seeded_at": state.seeded_at.isoformat(), "complete": state.complete}
    (data_dir / STATE_FILE).write_text(json.dumps(kept), encoding="utf-8")


def everyone_exists() -> bool:
    with session_scope() as session:
        return all(
            account_queries.get_user_by_email(session, person.email) is not None
            for person in (*STAFF, *ATHLETES)
        )


def ensure_seeded(fakes: DemoFakes, settings: Settings, data_dir: Path, report: Report) -> bool:
    """Seed unless a finished seeding is on record; whether it seeded now."""
    state = read_state(data_dir)
    if state.complete and everyone_exists():
        return False
    report("seeding", estimate=FIRST_SEED_ESTIMATE_S)
    ids = seed.seed_people()
    for done, person in enumerate(ATHLETES, start=1):
        step = time.monotonic()
        _seed_data(person, ids[person.email], fakes, settings, state.seeded_at, data_dir)
        seed.seed_checkins(person, ids[person.email], state.seeded_at)
        report(
            "seeded.athlete",
            done=done,
            total=len(ATHLETES),
            email=person.email,
            seconds=time.monotonic() - step,
        )
    step = time.monotonic()
    run_pipeline([ids[person.email] for person in ATHLETES], settings)
    report("seeded.pipeline", seconds=time.monotonic() - step)
    write_state(data_dir, DemoState(state.seeded_at, complete=True))
    return True


def _seed_data(
    person: DemoPerson,
    athlete_id: int,
    fakes: DemoFakes,
    settings: Settings,
    seeded_at: datetime,
    data_dir: Path,
) -> None:
    if person.source == "files":
        seed.seed_files(person, athlete_id, seeded_at, data_dir)
    else:
        if person.source == "fitbit":
            connection_id = seed.seed_fitbit(person, athlete_id, fakes, settings)
        elif person.source == "garmin_login":
            connection_id = seed.seed_garmin_by_login(person, athlete_id, settings)
        else:
            connection_id = seed.seed_garmin_by_tokens(person, athlete_id, fakes, settings)
        outcome = seed.sync(connection_id, settings)
        if outcome not in ("ok", "skipped"):
            raise seed.DemoSeedError(f"the sync of {person.email} ended in {outcome}")
        if person.email == REVOKED_AT_GARMIN:
            seed.withdraw_garmin_access(connection_id, fakes, person.email, settings)


def run_pipeline(athlete_ids: list[int], settings: Settings) -> None:
    """Series, findings with their alerts, and delivery, as the workers would run them."""
    for athlete_id in athlete_ids:
        with session_scope() as session:
            recompute_metrics(session, athlete_id, date.min)
    for athlete_id in athlete_ids:
        with session_scope() as session:
            evaluate_athlete(session, athlete_id)
    deliver_alerts(settings)
