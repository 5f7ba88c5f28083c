"""A new runner imports eight weeks of runs on the embedded default: sixty GPX files through
``loadwatch import``, ending with yesterday's 14 km long run, 40 % over anything in the month
before. What reaches their inbox (an SMTP server on loopback): exactly one alert email, about
the 14 km run, and one "your history is in" email; the findings about older days are stored and
shown, never alerted."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.support.processes import LOADWATCH, embedded_env, running, wait_until

EMAIL = "new-runner@example.com"
PACE_S_PER_KM = 330.0
METRES_PER_DEGREE = 111_195.0  # along a meridian
DAYS = 60


def _gpx(start: datetime, km: float) -> str:
    """A run due north at 5:30 per km, a point every 30 s."""
    points = []
    seconds = km * PACE_S_PER_KM
    for step in range(int(seconds // 30) + 2):
        offset = min(step * 30.0, seconds)
        lat = 52.0 + (km * 1000.0 * offset / seconds) / METRES_PER_DEGREE
        moment = (start + timedelta(seconds=offset)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(f'<trkpt lat="{lat:.6f}" lon="5.000000"><time>{moment}</time></trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>Run</name><trkseg>{''.join(points)}</trkseg></trk></gpx>\n"
    )


def _history(folder: Path, yesterday: date, zone: ZoneInfo) -> list[Path]:
    """A run a day for sixty days: 6 km, a 10 km long run every seventh day, and 14 km twice:
    five weeks ago (a finding of the past) and yesterday."""
    paths = []
    for back in range(DAYS, 0, -1):
        day = yesterday - timedelta(days=back - 1)
        km = 14.0 if back in (1, 32) else 10.0 if back % 7 == 1 else 6.0
        start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=zone).astimezone(UTC)
        path = folder / f"{day.isoformat()}.gpx"
        path.write_text(_gpx(start, km))
        paths.append(path)
    return paths


def _loadwatch(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [LOADWATCH, *args], env=env, input=stdin, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _query(db: Path, sql: str, *values: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return list(connection.execute(sql, values).fetchall())


def _mails(recorder: SmtpRecorder) -> list[str]:
    with recorder.lock:
        return [mail.subject for mail in recorder.messages]


def test_eight_weeks_imported_give_one_alert_about_yesterday_and_one_history_email(
    tmp_path: Path,
) -> None:
    with smtp_server() as (recorder, port):
        data = tmp_path / "data"
        env = embedded_env(data, LOADWATCH_SMTP__HOST="127.0.0.1", LOADWATCH_SMTP__PORT=str(port))
        _loadwatch(env, "migrate")
        _loadwatch(env, "create-user", EMAIL, stdin="a-long-enough-password\n")
        db = data / "loadwatch.sqlite"
        [(timezone,)] = _query(db, "SELECT timezone FROM users WHERE email = ?", EMAIL)
        zone = ZoneInfo(str(timezone))
        yesterday = datetime.now(zone).date() - timedelta(days=1)
        folder = tmp_path / "runs"
        folder.mkdir()
        paths = _history(folder, yesterday, zone)

        argv = [LOADWATCH, "worker", "--concurrency", "2"]
        with running(argv, env, tmp_path / "worker.log"):
            _loadwatch(env, "import", *map(str, paths), "--athlete", EMAIL)
            imported = time.monotonic()
            wait_until(lambda: len(_mails(recorder)) >= 1, 120, "the first email")
            with recorder.lock:
                first = recorder.messages[0]
            wait_until(lambda: len(_mails(recorder)) >= 2, 120, "the second email")
            wait_until(
                lambda: (
                    _query(db, "SELECT count(*) FROM queued_tasks") == [(0,)]
                    and _query(db, "SELECT count(*) FROM alerts WHERE status <> 'sent'") == [(0,)]
                ),
                60,
                "every task and alert to be done",
            )

    alerts = [m for m in recorder.messages if not m.subject.startswith("Your training history")]
    history = [m for m in recorder.messages if m.subject.startswith("Your training history")]
    assert len(alerts) == 1 and len(history) == 1, _mails(recorder)
    [alert] = alerts
    assert alert.subject.endswith(("one run much longer than usual", "more"))
    assert "one run much longer than usual" in alert.part("plain")
    assert "14" in alert.part("plain")
    print(f"the alert email arrived {alert.received_at - imported:.1f} s after the import ended")
    assert first is alert or first.received_at >= imported
    # sixty days touch nine or ten calendar weeks, depending on the weekday
    assert history[0].subject in {f"Your training history is in: {n} weeks" for n in (9, 10)}
    assert "Those weeks hold no findings" not in history[0].part("plain")
    findings = _query(db, "SELECT day FROM findings")
    alerted = _query(
        db, "SELECT DISTINCT f.day FROM alerts a JOIN findings f ON f.id = a.finding_id"
    )
    fresh_from = (yesterday - timedelta(days=2)).isoformat()
    assert len(findings) > len(alerted) >= 1
    assert all(str(day) >= fresh_from for (day,) in alerted)
    recomputes = [
        line
        for line in (tmp_path / "worker.log").read_text().splitlines()
        if "Task metrics.recompute[" in line and "received" in line
    ]
    assert len(recomputes) == 1  # one for the sixty files
