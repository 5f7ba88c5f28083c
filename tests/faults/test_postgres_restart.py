"""PostgreSQL crashes (``pg_ctl stop -m immediate``) while a worker writes the daily series of
an athlete in one transaction: nothing of the half-written batch is visible after recovery, the
task is retried (``autoretry_for=OperationalError``) and stores every row once, and the API
server's first request after the restart succeeds (its pool tests connections before use).

A private cluster, because the test must crash it; a trigger in the test's database holds the
batch after its first rows are inserted, for as long as ``fault_hold`` has a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

import httpx
import psycopg
import pytest

from service.activities.service import ingest_activities
from tests.faults.rig import Rig
from tests.faults.servers import PrivatePostgres
from tests.integration.alerts.support import add_user
from tests.integration.findings.support import steady_runs
from tests.support.paths import REPO_ROOT
from tests.support.processes import free_port, healthy, running, wait_until
from tests.support.servers import PrivateRedis

UVICORN = str(REPO_ROOT / ".venv" / "bin" / "uvicorn")
HOLD = """
CREATE TABLE fault_hold (held boolean);
CREATE FUNCTION hold_batch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WHILE EXISTS (SELECT 1 FROM fault_hold) LOOP PERFORM pg_sleep(0.1); END LOOP;
  RETURN NULL;
END $$;
CREATE TRIGGER hold_batch AFTER INSERT ON daily_metrics
  FOR EACH STATEMENT EXECUTE FUNCTION hold_batch();
INSERT INTO fault_hold VALUES (true);
"""


@pytest.fixture
def rig(tmp_path: Path, private_postgres: PrivatePostgres, private_redis: PrivateRedis):
    url = private_postgres.migrated_database("loadwatch")
    built = Rig(tmp_path, url, private_redis)
    yield built
    built.close()


@pytest.fixture
def api(rig: Rig) -> Iterator[str]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    argv = [UVICORN, "service.main:create_app", "--factory", "--port", str(port)]
    with running(argv, rig.env, rig.log("api")):
        wait_until(lambda: healthy(base), 60, "the API server")
        yield base


def _sql(dsn: str, query: str) -> list[tuple[object, ...]]:
    with psycopg.connect(dsn, autocommit=True) as connection:
        cursor = connection.execute(query)
        return cursor.fetchall() if cursor.description else []


def _held(dsn: str) -> bool:
    rows = _sql(dsn, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")
    return rows[0][0] == 1


def test_a_crash_mid_batch_leaves_nothing_half_written_and_the_retry_stores_it_once(
    rig: Rig, private_postgres: PrivatePostgres, api: str
) -> None:
    dsn = private_postgres.url("loadwatch")
    with rig.session() as session, mock.patch("service.queue.send_now"):
        athlete_id = add_user(session).id
        ingest_activities(session, athlete_id, steady_runs(datetime.now(UTC).date()))
    _sql(dsn, HOLD)
    count = "SELECT count(*) FROM daily_metrics"  # the athlete is the database's only one
    assert httpx.get(f"{api}/healthz").json()["database"] == "ok"  # the pool holds a connection

    with rig.worker("w1", concurrency=1):
        rig.send("metrics.recompute", athlete_id=athlete_id, from_date=date.min.isoformat())
        wait_until(lambda: _held(dsn), 60, "the batch to be half-written")
        private_postgres.restart(immediate=True)

        first = httpx.get(f"{api}/healthz")
        assert first.status_code == 200 and first.json()["database"] == "ok"
        wait_until(lambda: _held(dsn), 60, "the retry to reach the batch again")
        assert _sql(dsn, count) == [(0,)]  # nothing of the crashed batch survived
        _sql(dsn, "DELETE FROM fault_hold")
        wait_until(lambda: _sql(dsn, count) != [(0,)], 60, "the retried batch")

    stored = _sql(dsn, "SELECT count(*), count(DISTINCT measure), min(day), max(day) "
                       "FROM daily_metrics")  # fmt: skip
    rows, measures, first_day, last_day = stored[0]
    assert rows == measures * ((last_day - first_day).days + 1)  # type: ignore[operator]
    log = rig.log("w1").read_text(errors="replace")
    assert "OperationalError" in log and "Retry in" in log
