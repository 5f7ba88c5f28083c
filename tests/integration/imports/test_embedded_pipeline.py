"""The embedded default end to end: ``loadwatch import`` enqueues the recompute on the SQLite
broker, a real worker consumes it, and the stored series appears in the SQLite database."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from service.clock import utcnow
from service.demo.fakes.corpus import corpus_path
from tests.support.processes import LOADWATCH, embedded_env, running, wait_until

RUN = "garmin-fr110-run-2013-02-06.fit"
EMAIL = "runner@example.com"


def _loadwatch(
    env: dict[str, str], *args: str, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [LOADWATCH, *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def _series(db: Path) -> list[tuple[str, str, float | None]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT measure, day, load FROM daily_metrics WHERE day = '2013-02-06' ORDER BY measure"
        ).fetchall()
        return [(str(m), str(d), v) for m, d, v in rows]


def _days(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM daily_metrics WHERE measure = 'distance_km'"
        ).fetchone()
        return int(row[0])


def test_a_cli_import_is_recomputed_by_the_embedded_worker(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = embedded_env(data)
    assert _loadwatch(env, "migrate").returncode == 0
    created = _loadwatch(env, "create-user", EMAIL, stdin="a-long-enough-password\n")
    assert created.returncode == 0, created.stderr

    imported = _loadwatch(env, "import", str(corpus_path("fit", RUN)), "--athlete", EMAIL)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.startswith(f"{corpus_path('fit', RUN)}: 1 new, 0 updated")
    db = data / "loadwatch.sqlite"
    assert _series(db) == []

    argv = [LOADWATCH, "worker", "--concurrency", "1"]
    with running(argv, env, tmp_path / "worker.log"):
        wait_until(lambda: _series(db) != [], 90, "the worker to store the series")

    today = utcnow().astimezone(ZoneInfo("Europe/Amsterdam")).date()
    assert _days(db) == (today - date(2013, 2, 6)).days + 1
    ((_, day, km), (_, _, minutes), (_, _, srpe)) = _series(db)
    assert day == "2013-02-06"
    assert km is not None and abs(km - 4.83538) < 0.001
    assert minutes is not None and abs(minutes - 2625.14 / 60) < 0.02
    assert srpe == 0.0  # no RPE yet: a rest day for the sRPE measure
