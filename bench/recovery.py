"""Benchmark of recovery after a killed worker and a Redis restart, against the configured bound.

    .venv/bin/python bench/recovery.py [--athletes 12] [--time-scale 1] [--latency-ms 100]

Real ``celery worker`` (prefork, two processes) and ``celery beat`` processes run the production
app on a private Redis and a database of the run's own. With ``--time-scale 1`` (the default)
they run on the production defaults themselves; with ``k`` every interval that bounds recovery
is divided by ``k`` (``bench/scaled_celery.py``: read from the product's configuration, not
restated here). Rounds:

0. undisturbed: N athletes' first Garmin sync (the fake Garmin answering ``--latency-ms``
   late), each followed by the series recompute and the rule evaluation;
1. once a third of the syncs are done, every pool process of the worker is SIGKILLed (its main
   process lives and starts new ones; ``reject_on_worker_lost`` puts the messages back at once);
2. the same moment, the whole worker (main and pool) is SIGKILLed, as when its machine dies, and
   a replacement is started at once. Its unacknowledged messages would come back only after the
   hour of Redis's visibility timeout: the sweeps take the work over once the dead worker
   stopped renewing its leases (``LOADWATCH_RECOVERY__LEASE_S``);
3. to 5. the whole worker SIGKILLed while it imports uploaded archives (sixty GPX runs each),
   while it recomputes series (a year of runs each), and while it sends alerts (the SMTP server
   holds the message until the kill);
6. with the work sent but no worker running — syncs sent by the sweep, recompute requests from
   ingested runs, alerts of stored findings — Redis is restarted without persistence, losing
   every message; then a worker and beat start, and the sweeps find it all in the database.

Per kind of work (syncs, imports, series, alerts) it prints the seconds from the kill — or, in
the last round, from the moment the new worker and beat are ready — until all of that kind is
done, next to the bound the configuration sets for that kind (``Intervals.after_worker_loss`` and
``after_broker_loss``) at this scale and in production, and the production bounds before:
main before the heartbeat (``scaled_celery.BEFORE_HEARTBEAT``: fixed leases, a sync's outliving
the task time limit) and before the intervals became settings (``FORMER``: fixed waits of 5 to
15 minutes, no notice of a broker that lost its messages). The figures include redoing the work
that was left and, after a whole-worker kill, starting the replacement.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import Popen

import recovery_kills
from recovery_kills import alert_sending, catch, hold_mail, import_running, recompute_running
from recovery_work import Times, Work, finish_times, synced, verdict
from scaled_celery import (
    BEFORE_HEARTBEAT,
    CONFIGURED,
    FORMER,
    SCALE_VARIABLE,
    Intervals,
    intervals,
)
from seeding import SlowGarmin, add_athletes, add_coach, connect_garmin, garmin_accounts, training
from support import Services, bench_services, celery_beat, celery_worker, print_table

from service.activities.service import ingest_activities
from service.alerts.outbox import write_alerts
from service.clock import utcnow
from service.connections.sweeper import sweep
from service.db import session_scope
from tests.integration.alerts.receivers import SmtpRecorder, smtp_server
from tests.integration.alerts.support import add_finding
from tests.support.processes import wait_until

APP = "scaled_celery"
BENCH_DIR = Path(__file__).resolve().parent


class Rounds:
    """The rounds on one database, Redis, fake Garmin and SMTP server."""

    def __init__(
        self,
        services: Services,
        garmin: SlowGarmin,
        recorder: SmtpRecorder,
        args: argparse.Namespace,
    ) -> None:
        self.services, self.garmin, self.recorder, self.args = services, garmin, recorder, args
        self.chosen = intervals(args.time_scale)
        self.timeout = 3 * max(self.chosen.after_worker_loss().values()) + 180
        self.notes: list[str] = []

    def syncs(self, label: str) -> Work:
        with session_scope() as session:
            made = connect_garmin(session, self.garmin, self.args.athletes, label)
        return Work([c.id for c in made], [c.athlete_id for c in made])

    def worker(self, name: str) -> AbstractContextManager[Popen[bytes]]:
        return celery_worker(self.services, name, app=APP)

    def beat(self, name: str) -> AbstractContextManager[Popen[bytes]]:
        return celery_beat(self.services, name, app=APP)

    def undisturbed(self) -> tuple[Work, Times]:
        with self.worker("calm"), self.beat("calm-beat"):
            began = time.monotonic()
            work = self.syncs("calm")
            return work, finish_times(work, began, self.timeout)

    def killed(self, whole: bool) -> tuple[Work, Times]:
        label = "whole" if whole else "pool"
        with ExitStack() as stack:
            stack.enter_context(self.beat(f"{label}-beat"))
            first = stack.enter_context(self.worker(f"{label}-1"))
            work = self.syncs(label)
            wait_until(lambda: 3 * synced(work) >= len(work.connections), self.timeout, "a third")
            killed_at = time.monotonic()
            if whole:
                self.kill_and_replace(stack, first, label)
            else:
                for child in pool_processes(first.pid):
                    os.kill(child, signal.SIGKILL)
            return work, finish_times(work, killed_at, self.timeout)

    def killed_during(
        self, label: str, work: Work, caught: Callable[[], bool], after_kill: Callable[[], None]
    ) -> tuple[Work, Times]:
        """Start a worker on ``work`` waiting in Redis, SIGKILL it whole once ``caught()``."""
        with ExitStack() as stack:
            stack.enter_context(self.beat(f"{label}-beat"))
            first = stack.enter_context(self.worker(f"{label}-1"))
            catch(caught, self.timeout, f"{label} running")
            killed_at = time.monotonic()
            self.kill_and_replace(stack, first, label, after_kill)
            return work, finish_times(work, killed_at, self.timeout)

    def kill_and_replace(
        self,
        stack: ExitStack,
        first: Popen[bytes],
        label: str,
        after_kill: Callable[[], None] | None = None,
    ) -> None:
        killed_at = time.monotonic()
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=30)
        if after_kill is not None:
            after_kill()
        stack.enter_context(self.worker(f"{label}-2"))
        ready = time.monotonic() - killed_at
        self.notes.append(f"{label}: the replacement worker was ready {ready:.1f} s after the kill")

    def import_kill(self) -> tuple[Work, Times]:
        work = recovery_kills.imports(self.args.athletes // 2, self.args.seed)
        return self.killed_during("import", work, lambda: import_running(work), lambda: None)

    def recompute_kill(self) -> tuple[Work, Times]:
        work = recovery_kills.recomputes(self.args.athletes, self.args.seed)
        caught = lambda: recompute_running(work)  # noqa: E731
        return self.killed_during("recompute", work, caught, lambda: None)

    def alert_kill(self) -> tuple[Work, Times]:
        work = recovery_kills.alerts(3)
        gate = hold_mail(self.recorder)
        caught = lambda: alert_sending(self.recorder)  # noqa: E731
        done = self.killed_during("alert", work, caught, gate.set)
        self.recorder.gate = None
        return done

    def redis_restarted(self) -> tuple[Work, Times]:
        work = self.syncs("restart")
        with session_scope() as session:
            sweep(session, utcnow())  # sends every due connection's sync after the commit
        work.series_only = self.recompute_requests()
        work.alerts = self.pending_alerts()
        queued = {q: self.services.redis.queue_length(q) for q in ("sync", "metrics", "alerts")}
        assert all(queued.values()), f"work should be waiting in every queue: {queued}"
        self.services.redis.restart()
        restarted_at = time.monotonic()
        assert not any(self.services.redis.queue_length(q) for q in queued)
        with self.worker("restart"), self.beat("restart-beat"):
            ready_at = time.monotonic()
            self.notes.append(
                f"worker and beat were ready {ready_at - restarted_at:.1f} s after the Redis "
                "restart (they would have been running); those times count from then"
            )
            return work, finish_times(work, ready_at, self.timeout)

    def recompute_requests(self) -> list[int]:
        rng = random.Random(self.args.seed)
        first = datetime.now(UTC).date() - timedelta(days=60)
        with session_scope() as session:
            athletes = [a.id for a in add_athletes(session, None, 4, "recompute")]
        for athlete in athletes:
            with session_scope() as session:
                ingest_activities(session, athlete, training(rng, f"r{athlete}", first, 59))
        return athletes

    def pending_alerts(self) -> list[int]:
        with session_scope() as session:
            coach = add_coach(session, "coach@recovery.bench.example")
            athletes = add_athletes(session, coach, 3, "alerted")
            findings = [add_finding(session, athlete) for athlete in athletes]
            return [alert.id for f in findings for alert in write_alerts(session, f)]


def pool_processes(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def run(args: argparse.Namespace) -> None:
    logging.disable(logging.INFO)  # the SMTP server and the migrations in this process chat
    chosen = intervals(args.time_scale)
    accounts = garmin_accounts(args.athletes, args.activities, datetime.now(UTC).date())
    with (
        SlowGarmin(accounts, args.latency_ms / 1000) as garmin,
        smtp_server() as (recorder, smtp_port),
        bench_services("recovery") as services,
    ):
        services.env.update(
            {
                SCALE_VARIABLE: str(args.time_scale),
                "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), os.environ.get("PYTHONPATH", "")]),
                **chosen.environment(),
                "LOADWATCH_GARMIN__CONNECTAPI": garmin.endpoints.connectapi,
                "LOADWATCH_GARMIN__SSO": garmin.endpoints.sso,
                "LOADWATCH_GARMIN__DI_TOKEN_URL": garmin.endpoints.di_token_url,
                "LOADWATCH_SMTP__HOST": "127.0.0.1",
                "LOADWATCH_SMTP__PORT": str(smtp_port),
            }
        )
        rounds = Rounds(services, garmin, recorder, args)
        results = [
            rounds.undisturbed(),
            rounds.killed(whole=False),
            rounds.killed(whole=True),
            rounds.import_kill(),
            rounds.recompute_kill(),
            rounds.alert_kill(),
            rounds.redis_restarted(),
        ]
        verdicts = [verdict(work, args.activities) for work, _ in results]
    report(args, chosen, results, verdicts, rounds.notes)


FAULTS = (
    "none: the work itself",
    "pool processes SIGKILLed",
    "whole worker SIGKILLed during sync",
    "whole worker SIGKILLed during import",
    "whole worker SIGKILLed during recompute",
    "whole worker SIGKILLed during alert send",
    "Redis restarted, no persistence",
)


def report(
    args: argparse.Namespace,
    chosen: Intervals,
    results: list[tuple[Work, Times]],
    verdicts: list[str],
    notes: list[str],
) -> None:
    print(f"time scale 1/{args.time_scale:g}. In production: {CONFIGURED.describe()}")
    if args.time_scale != 1:
        print(f"in this run: {chosen.describe()}")
    print(f"main before the heartbeat: {BEFORE_HEARTBEAT.describe()}")
    print(f"before these settings: {FORMER.describe()}")
    worker = [i.after_worker_loss() for i in (chosen, CONFIGURED, BEFORE_HEARTBEAT, FORMER)]
    broker = [i.after_broker_loss() for i in (chosen, CONFIGURED, BEFORE_HEARTBEAT, FORMER)]
    bounds = [None, None, worker, worker, worker, worker, broker]
    rows = []
    for fault, (work, times), bound in zip(FAULTS, results, bounds, strict=True):
        for n, (kind, seconds) in enumerate(sorted(times.items(), key=lambda item: item[1])):
            within = ["—"] * 5
            if bound is not None:
                ours, *production = (b[kind] for b in bound)
                within = [f"{ours:.1f}", f"{seconds / ours:.2f}", *(f"{p:g}" for p in production)]
            first = [fault, work.describe()] if n == 0 else ["", ""]
            rows.append([*first, kind, f"{seconds:.1f}", *within])
    headers = ["fault", "work", "kind", "all done after s", "bound s", "done/bound"]
    print_table([*headers, "production bound s", "main before s", "before s"], rows, text_columns=3)
    print(
        "times run from the start of the work (first round) or from the fault, and include "
        "doing the work that was still left"
    )
    for note in notes:
        print(note)
    for fault, said in zip(FAULTS, verdicts, strict=True):
        print(f"check, {fault.split(':')[0]}: {said}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=12, help="syncs in each round")
    parser.add_argument("--activities", type=int, default=12, help="runs per Garmin account")
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--time-scale", type=float, default=1.0, help="divide intervals by")
    parser.add_argument("--seed", type=int, default=1)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
