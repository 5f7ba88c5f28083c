"""Benchmark: from a runner's new run to the warning in their inbox.

    .venv/bin/python bench/upload_to_alert.py [--athletes 20] [--every-ms 500] [--baseline 6]

Runners with a Fitbit connection (the Google Health API: a fake on loopback) have eight weeks of
10 km runs three times a week, synced, computed and evaluated by the workers. Then, one runner
every ``--every-ms``, a 15 km run appears at the fake (+50 % on the longest run of the 30 days
before: a single-run spike, severity warning) and Google's signed webhook notification is POSTed
to a real ``loadwatch serve``. Real Celery workers take it from there: the sync, the daily series,
the rules, the email outbox. An SMTP server on loopback notes when each runner's first alert
email arrives (the spike's, or the weekly rise's that the same run causes). Latency per runner:
notification POSTed → first email received; the database adds when the runner's sync run ended
and when its first finding was stored (series and rules done). Once every alert is delivered,
the benchmark counts the emails each runner received after their run (the findings of one run are
one moment: one email).

Baseline in the same run, on the same servers: the same steps for ``--baseline`` more runners,
one after another in this process with no broker or worker between them (the notification POSTed
to the same server, then the sync, the series, the rules and the delivery called directly; the
first of them only warms the process up): the time the work itself takes. The workers add the
queue hops to it, and runners waiting behind each other for two cores.

Garmin has no webhook for the connection loadwatch uses: its runs arrive with the next sweep of
due connections (``connections.sweep``), after which the same pipeline runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from support import (
    Services,
    bench_services,
    celery_worker,
    loadwatch_server,
    percentile,
    print_table,
)

from service.alerts.delivery import deliver_alerts
from service.clock import utcnow
from service.config import get_settings
from service.connections.sync import sync_connection
from service.db import session_scope
from service.demo.fakes.google_health import FakeGoogleHealth
from service.demo.fakes.google_health_data import FakeExercise, FakeUser, notification_body
from service.findings.evaluation import evaluate_athlete
from service.integrations.google_oauth import ACTIVITY_READ_SCOPE, TokenSet
from service.metrics.service import recompute_metrics
from service.models import Alert, DailyMetric, Finding, QueuedTask, SyncRun
from service.queue import send_now
from service.task_names import TaskName
from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.integration.alerts.support import add_user
from tests.integration.sync.support import seed_connection
from tests.support.processes import wait_until

ZONE = ZoneInfo("Europe/Amsterdam")
WEBHOOK_SECRET = "Bearer loadwatch-bench-webhook"  # noqa: S105 - the fake's
HISTORY_WEEKS = 8
RUN_DAYS = (0, 2, 5)  # Monday, Wednesday, Saturday


class Runner:
    def __init__(self, n: int, today: datetime) -> None:
        self.n = n
        self.user = FakeUser(f"55{n:08d}", exercises=_history(n, today))
        self.today = today
        self.athlete_id = 0
        self.connection_id = 0
        self.email = ""
        self.posted_at = today  # when its new run's notification was POSTed: wall clock,
        self.posted_clock = 0.0  # and monotonic, to compare with the SMTP server's arrivals

    def new_run(self) -> FakeExercise:
        """Today's 15 km, just finished: half as long again as any run of the 30 days before."""
        return _run(self.n, self.today - timedelta(hours=1, minutes=30), 15_000.0)

    def notification(self, run: FakeExercise) -> list[dict[str, Any]]:
        """A delivery as Google sends it: a JSON array (here of one item)."""
        end = run.start + timedelta(seconds=run.elapsed_s)
        return [notification_body(self.user.health_user_id, run.start, end)]


def _run(n: int, start: datetime, distance_m: float) -> FakeExercise:
    return FakeExercise(
        point_id=f"{n}-{start:%Y%m%d%H%M}",
        exercise_type="RUNNING",
        start=start,
        elapsed_s=distance_m * 0.33,  # 5:30 per km
        active_s=distance_m * 0.32,
        distance_m=distance_m,
        avg_hr_bpm=145,
        name="Run",
    )


def _history(n: int, today: datetime) -> list[FakeExercise]:
    first = today - timedelta(weeks=HISTORY_WEEKS)
    days = (first + timedelta(days=d) for d in range((today - first).days))
    return [
        _run(n, day.replace(hour=7, minute=0), 10_000.0)
        for day in days
        if day.weekday() in RUN_DAYS
    ]


def google_env(google: FakeGoogleHealth, smtp_port: int) -> dict[str, str]:
    return {
        **google.settings_env(WEBHOOK_SECRET),
        "LOADWATCH_SMTP__HOST": "127.0.0.1",
        "LOADWATCH_SMTP__PORT": str(smtp_port),
    }


def connect(runners: list[Runner], google: FakeGoogleHealth) -> None:
    keys = get_settings().encryption_key_list()
    for runner in runners:
        access, refresh = google.issue_tokens(runner.user.health_user_id, ACTIVITY_READ_SCOPE)
        tokens = TokenSet(access, refresh, utcnow() + timedelta(hours=1), "")
        with session_scope() as session:
            athlete = add_user(session)
            connection = seed_connection(session, athlete, "fitbit", tokens.to_json(), keys)
            runner.athlete_id, runner.connection_id = athlete.id, connection.id
            runner.email = athlete.email


#: Worker processes by the queues they take, as ``docs/operations.md`` suggests: alerts on their
#: own, so an email never waits behind other runners' series.
LAYOUT = [(["sync"], 2), (["default", "metrics"], 2), (["alerts"], 1)]


@contextmanager
def pipeline_workers(services: Services, round_name: str) -> Iterator[None]:
    with ExitStack() as stack:
        for queues, processes in LAYOUT:
            name = f"{'-'.join(queues)}-{round_name}"
            stack.enter_context(celery_worker(services, name, queues=queues, concurrency=processes))
        yield


def histories_ready(runners: list[Runner]) -> bool:
    with session_scope() as session:
        synced = session.scalar(select(func.count()).where(SyncRun.status == "succeeded"))
        series = session.scalar(select(func.count(func.distinct(DailyMetric.athlete_id))))
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
    return synced == len(runners) and series == len(runners) and kept == 0


def sync_histories(services: Services, runners: list[Runner], timeout_s: float) -> int:
    """Every runner's eight weeks through the workers; returns the findings they gave."""
    with pipeline_workers(services, "history"):
        for runner in runners:
            send_now(TaskName.CONNECTIONS_SYNC, connection_id=runner.connection_id)
        wait_until(lambda: histories_ready(runners), timeout_s, "every history to be in")
    with session_scope() as session:
        return session.scalar(select(func.count()).select_from(Finding)) or 0


def upload(google: FakeGoogleHealth, base_url: str, runner: Runner) -> None:
    """The new run appears at Google, and Google notifies loadwatch."""
    run = runner.new_run()
    with google.lock:
        runner.user.exercises.append(run)
    runner.posted_clock, runner.posted_at = time.monotonic(), utcnow()
    answer = google.send_notification(
        f"{base_url}/api/v1/webhooks/google-health",
        runner.notification(run),
        authorization=WEBHOOK_SECRET,
    )
    if answer.status_code != 204:
        raise RuntimeError(f"the webhook answered {answer.status_code}: {answer.text}")


def first_email(recorder: SmtpRecorder, address: str, after: float) -> float | None:
    with recorder.lock:
        times = [m.received_at for m in recorder.messages if address in m.rcpt_tos]
    later = [t for t in times if t >= after]
    return min(later) if later else None


def waited(recorder: SmtpRecorder, runner: Runner, timeout_s: float) -> float:
    """Seconds from the runner's notification to its first email after it (waiting for it)."""
    address, posted = runner.email, runner.posted_clock
    wait_until(lambda: first_email(recorder, address, posted) is not None, timeout_s, address)
    arrived = first_email(recorder, address, posted)
    assert arrived is not None
    return arrived - posted


def straight_through(google: FakeGoogleHealth, base_url: str, runner: Runner) -> None:
    """The baseline: the same steps in this process, one after the other, nothing queued."""
    upload(google, base_url, runner)
    settings = get_settings()
    state = sync_connection(runner.connection_id, session_scope, settings=settings)
    if state != "ok":
        raise RuntimeError(f"the baseline sync ended in {state}")
    with session_scope() as session:
        recompute_metrics(session, runner.athlete_id, runner.today.date())
    with session_scope() as session:
        created = evaluate_athlete(session, runner.athlete_id).created
    if not created:
        raise RuntimeError("the baseline's new run gave no finding")
    deliver_alerts(settings)


def run(args: argparse.Namespace) -> None:
    today = datetime.now(ZONE).replace(second=0, microsecond=0)
    runners = [Runner(n, today) for n in range(args.athletes + args.baseline)]
    with ExitStack() as stack:
        recorder, smtp_port = stack.enter_context(smtp_server())
        google = stack.enter_context(FakeGoogleHealth(users=[r.user for r in runners]))
        services = stack.enter_context(bench_services("latency", **google_env(google, smtp_port)))
        connect(runners, google)
        started = time.monotonic()
        findings = sync_histories(services, runners, args.timeout)
        print(
            f"{len(runners)} runners' histories ({HISTORY_WEEKS} weeks, 3 runs a week) synced, "
            f"computed and evaluated in {time.monotonic() - started:.1f} s; "
            f"{findings} findings from them"
        )
        base_url = stack.enter_context(loadwatch_server(services))
        measured, baseline = runners[: args.athletes], runners[args.athletes :]

        straight = []
        for runner in baseline:
            straight_through(google, base_url, runner)
            straight.append(waited(recorder, runner, 30))
        del straight[0]  # the first warms this process up (imports, templates, connections)
        services.redis.client().flushdb()  # what the baseline enqueued is done already

        with pipeline_workers(services, "measured"):
            for runner in measured:
                upload(google, base_url, runner)
                time.sleep(args.every_ms / 1000)
            emails = [waited(recorder, runner, args.timeout) for runner in measured]
            wait_until(outbox_empty, args.timeout, "every alert to be delivered")
        timings = stages(measured, emails)
        counts = [len(emails_after(recorder, runner)) for runner in measured]
    report(args, timings, straight, counts)


def outbox_empty() -> bool:
    with session_scope() as session:
        waiting = select(func.count()).where(Alert.status.in_(("pending", "sending")))
        return session.scalar(waiting) == 0


def emails_after(recorder: SmtpRecorder, runner: Runner) -> list[float]:
    with recorder.lock:
        return [
            m.received_at
            for m in recorder.messages
            if runner.email in m.rcpt_tos and m.received_at >= runner.posted_clock
        ]


def stages(runners: list[Runner], emails: list[float]) -> list[list[float]]:
    """Per runner, seconds from the notification to: its sync run's end, its first finding
    stored (series and rules done), its first email received."""
    rows = []
    with session_scope() as session:
        for runner, email_s in zip(runners, emails, strict=True):
            synced = session.scalar(
                select(func.max(SyncRun.finished_at)).where(
                    SyncRun.connection_id == runner.connection_id,
                    SyncRun.started_at >= runner.posted_at,
                )
            )
            found = session.scalar(
                select(func.min(Finding.created_at)).where(
                    Finding.athlete_id == runner.athlete_id,
                    Finding.created_at >= runner.posted_at,
                )
            )
            if synced is None or found is None:
                raise RuntimeError(f"runner {runner.n}: no sync run or finding after the upload")
            since = [(moment - runner.posted_at).total_seconds() for moment in (synced, found)]
            rows.append([*since, email_s])
    return rows


def report(
    args: argparse.Namespace, timings: list[list[float]], straight: list[float], counts: list[int]
) -> None:
    base = statistics.median(straight)
    layout = "; ".join(f"{'+'.join(q)}: {n}" for q, n in LAYOUT)
    print(
        f"{args.athletes} runners, a new run every {args.every_ms:g} ms; "
        f"worker processes by queue: {layout}"
    )
    rows = []
    for n, what in enumerate(("its sync run ended", "its finding stored", "first alert email")):
        values = [timing[n] for timing in timings]
        p50 = percentile(values, 50)
        rows.append([f"through the workers: {what}", p50, percentile(values, 95), max(values), ""])
    rows[-1][-1] = f"{rows[-1][1] / base:.1f}×"
    rows.append([f"baseline: first alert email, the same steps in one process "
                 f"(n = {len(straight)})", base, None, max(straight), "1.0×"])  # fmt: skip
    print_table(
        ["notification → ...", "p50 s", "p95 s", "max s", "p50 vs. baseline"],
        [[row[0], *(_seconds(v) for v in row[1:4]), *row[4:]] for row in rows],
    )
    print(
        f"alert emails per runner after its run: {sum(counts) / len(counts):.2f} on average "
        f"(min {min(counts)}, max {max(counts)}; {sum(counts)} emails for {len(counts)} runners)"
    )


def _seconds(value: object) -> str:
    return "" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=20)
    parser.add_argument("--every-ms", type=float, default=500.0, help="between two new runs")
    parser.add_argument("--baseline", type=int, default=6, help="runners for the baseline")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait at most")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
