"""Benchmark of recovery after a killed worker and a Redis restart, against the configured bound.

    .venv/bin/python bench/recovery.py [--athletes 12] [--time-scale 30] [--latency-ms 100]

Real ``celery worker`` (prefork, two processes) and ``celery beat`` processes run the production
app on a private Redis and a database of the run's own, with every interval that bounds recovery
divided by ``--time-scale`` (``bench/scaled_celery.py``: read from the product's configuration,
not restated here), so that an hour of configuration passes in a couple of minutes. The work of
each round is N athletes' first Garmin sync (the fake Garmin answering ``--latency-ms`` late),
each followed by the series recompute and the rule evaluation; it is done when every connection
has a succeeded run, every athlete a series, no recompute or evaluation request is left in
``queued_tasks`` and every alert is sent. Four rounds:

0. undisturbed: how long the work itself takes, with worker and beat already running;
1. once a third of the syncs are done, every pool process of the worker is SIGKILLed (its main
   process lives and starts new ones; ``reject_on_worker_lost`` puts the messages back at once);
2. the same moment, the whole worker (main and pool) is SIGKILLed, as when its machine dies, and
   a replacement is started at once; its unacknowledged messages come back after the visibility
   timeout, unless a sweep sends the work again first (the lease or the resend wait ran out);
3. with the work sent but no worker running — syncs sent by the sweep, recompute requests from
   ingested runs, alerts of stored findings — Redis is restarted without persistence, losing
   every message; then a worker and beat start, and the sweeps find it all in the database.

Per kind of work (syncs, series, alerts) it prints the seconds from the kill — or, in round 3,
from the moment the new worker and beat are ready — until all of that kind is done, next to the
bound the configuration sets for that kind (``Intervals.after_worker_loss`` and
``after_broker_loss``) at this scale and in production, and the production bound before the
intervals became settings (``scaled_celery.FORMER``: fixed waits of 5 to 15 minutes, and no
notice of a broker that lost its messages). The figures include redoing the work that was left
and, after the whole-worker kill, starting the replacement.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import time
from contextlib import AbstractContextManager, ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from subprocess import Popen

from recovery_work import Times, Work, finish_times, synced, verdict
from scaled_celery import CONFIGURED, FORMER, SCALE_VARIABLE, Intervals, intervals
from seeding import SlowGarmin, add_athletes, add_coach, connect_garmin, garmin_accounts, training
from support import Services, bench_services, celery_beat, celery_worker, print_table

from service.activities.service import ingest_activities
from service.alerts.outbox import write_alerts
from service.clock import utcnow
from service.connections.sweeper import sweep
from service.db import session_scope
from tests.integration.alerts.receivers import smtp_server
from tests.integration.alerts.support import add_finding
from tests.support.processes import wait_until

APP = "scaled_celery"
BENCH_DIR = Path(__file__).resolve().parent


class Rounds:
    """The four rounds on one database, Redis, fake Garmin and SMTP server."""

    def __init__(self, services: Services, garmin: SlowGarmin, args: argparse.Namespace) -> None:
        self.services, self.garmin, self.args = services, garmin, args
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
                os.killpg(first.pid, signal.SIGKILL)
                first.wait(timeout=30)
                stack.enter_context(self.worker(f"{label}-2"))
                ready = time.monotonic() - killed_at
                self.notes.append(f"the replacement worker was ready {ready:.1f} s after the kill")
            else:
                for child in pool_processes(first.pid):
                    os.kill(child, signal.SIGKILL)
            return work, finish_times(work, killed_at, self.timeout)

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
        smtp_server() as (_recorder, smtp_port),
        bench_services("recovery") as services,
    ):
        services.env.update(
            {
                SCALE_VARIABLE: str(args.time_scale),
                "PYTHONPATH": os.pathsep.join([str(BENCH_DIR), os.environ.get("PYTHONPATH", "")]),
                "LOADWATCH_ALERTS__CLAIM_TIMEOUT_S": str(chosen.claim_timeout),
                "LOADWATCH_GARMIN__CONNECTAPI": garmin.endpoints.connectapi,
                "LOADWATCH_GARMIN__SSO": garmin.endpoints.sso,
                "LOADWATCH_GARMIN__DI_TOKEN_URL": garmin.endpoints.di_token_url,
                "LOADWATCH_SMTP__HOST": "127.0.0.1",
                "LOADWATCH_SMTP__PORT": str(smtp_port),
            }
        )
        rounds = Rounds(services, garmin, args)
        results = [
            rounds.undisturbed(),
            rounds.killed(whole=False),
            rounds.killed(whole=True),
            rounds.redis_restarted(),
        ]
        verdicts = [verdict(work, args.activities) for work, _ in results]
    report(args, chosen, results, verdicts, rounds.notes)


FAULTS = (
    "none: the work itself",
    "pool processes SIGKILLed",
    "whole worker SIGKILLed",
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
    print(f"in this run: {chosen.describe()}")
    print(f"before these defaults: {FORMER.describe()}")
    bounds: list[tuple[Times, Times, Times] | None] = [
        None,
        None,
        (chosen.after_worker_loss(), CONFIGURED.after_worker_loss(), FORMER.after_worker_loss()),
        (chosen.after_broker_loss(), CONFIGURED.after_broker_loss(), FORMER.after_broker_loss()),
    ]
    rows = []
    for fault, (work, times), bound in zip(FAULTS, results, bounds, strict=True):
        for n, (kind, seconds) in enumerate(sorted(times.items(), key=lambda item: item[1])):
            within = ["—"] * 4
            if bound is not None:
                ours, production, former = bound[0][kind], bound[1][kind], bound[2][kind]
                within = [f"{ours:.1f}", f"{seconds / ours:.2f}", f"{production:g}", f"{former:g}"]
            first = [fault, work.describe()] if n == 0 else ["", ""]
            rows.append([*first, kind, f"{seconds:.1f}", *within])
    headers = ["fault", "work", "kind", "all done after s", "bound s", "done/bound"]
    print_table([*headers, "production bound s", "before s"], rows, text_columns=3)
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
    parser.add_argument("--time-scale", type=float, default=30.0, help="divide intervals by")
    parser.add_argument("--seed", type=int, default=1)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
