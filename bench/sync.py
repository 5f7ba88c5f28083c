"""Benchmark of the sync pipeline against the ceiling that provider latency alone permits.

    .venv/bin/python bench/sync.py [--athletes 100] [--activities 12] [--latency-ms 100]
                                   [--workers 1] [--concurrency 8]

N athletes each have a due Garmin connection to the fake Garmin Connect, which answers every API
request ``--latency-ms`` late; each account holds ``--activities`` runs in the 90-day backfill.
Real ``celery worker`` processes (prefork, ``--workers`` × ``--concurrency`` on the ``sync``
queue, plus one process for the series, rules and alerts) on a private Redis run the real
connector (``garminconnect``) and sync service into a database of the run's own. The benchmark
sends one ``connections.sweep`` — as beat does every minute — and waits until every connection has a
succeeded run.

Ceiling measured in the same run: the fake's request log gives the requests one sync needs (R);
one sync makes them one after another, so a worker process finishes at most one athlete per
R × latency, and all processes together
    athletes/min ≤ 60 × processes ÷ (R × latency).
Ours is athletes synced per minute from the sweep's send to the last run's end, and its share of
that ceiling; the rest of each sync's time is our own work (CPU on this 2-core machine, the
database, the broker). It also prints when every athlete's daily series was recomputed.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from contextlib import ExitStack
from datetime import UTC, datetime

from seeding import SlowGarmin, connect_garmin, garmin_accounts
from sqlalchemy import func, select
from support import Services, bench_services, celery_worker, print_table, stopwatch

from service.clock import utcnow
from service.db import session_scope
from service.models import DailyMetric, QueuedTask, SyncRun
from service.queue import send_now
from service.task_names import TaskName
from tests.support.processes import wait_until

FINISHED = ("succeeded", "failed", "skipped")


def runs_by_status() -> Counter[str]:
    with session_scope() as session:
        rows = session.execute(select(SyncRun.status, func.count()).group_by(SyncRun.status))
        return Counter(dict(rows.all()))


def last_finish() -> datetime:
    with session_scope() as session:
        ended = select(SyncRun.finished_at).where(SyncRun.finished_at.is_not(None))
        moment = session.scalar(ended.order_by(SyncRun.finished_at.desc()).limit(1))
    assert moment is not None
    return moment


def series_ready(athletes: int) -> bool:
    with session_scope() as session:
        with_series = session.scalar(select(func.count(func.distinct(DailyMetric.athlete_id))))
        kept = session.scalar(select(func.count()).select_from(QueuedTask))
    return with_series == athletes and kept == 0


def workers(stack: ExitStack, services: Services, args: argparse.Namespace) -> None:
    for n in range(args.workers):
        stack.enter_context(
            celery_worker(services, f"sync{n}", queues=["sync"], concurrency=args.concurrency)
        )
    stack.enter_context(
        celery_worker(services, "rest", queues=["default", "metrics", "alerts"], concurrency=1)
    )


def run(args: argparse.Namespace) -> None:
    latency = args.latency_ms / 1000
    accounts = garmin_accounts(args.athletes, args.activities, datetime.now(UTC).date())
    with SlowGarmin(accounts, latency) as garmin, bench_services("sync") as services:
        endpoints = garmin.endpoints
        services.env.update(
            LOADWATCH_GARMIN__CONNECTAPI=endpoints.connectapi,
            LOADWATCH_GARMIN__SSO=endpoints.sso,
            LOADWATCH_GARMIN__DI_TOKEN_URL=endpoints.di_token_url,
        )
        with session_scope() as session:
            connect_garmin(session, garmin, args.athletes)
        with ExitStack() as stack:
            workers(stack, services, args)
            began, began_clock = utcnow(), time.monotonic()
            with stopwatch() as everything:
                send_now(TaskName.CONNECTIONS_SWEEP)
                wait_until(
                    lambda: sum(runs_by_status()[s] for s in FINISHED) >= args.athletes,
                    args.timeout,
                    "every connection's sync run",
                )
                synced_s = (last_finish() - began).total_seconds()
                wait_until(lambda: series_ready(args.athletes), args.timeout, "every series")
            requests = Counter(r.account for r in garmin.api_requests_since(began_clock))
        statuses = runs_by_status()
    report(args, statuses, requests, synced_s, everything.wall)


def report(
    args: argparse.Namespace,
    statuses: Counter[str],
    requests: Counter[str | None],
    synced_s: float,
    series_s: float,
) -> None:
    latency = args.latency_ms / 1000
    per_athlete = sum(requests.values()) / args.athletes
    ceiling = 60 * args.workers * args.concurrency / (per_athlete * latency)
    ours = statuses["succeeded"] * 60 / synced_s
    print(
        f"{args.athletes} athletes × {args.activities} activities; fake Garmin "
        f"+{args.latency_ms:g} ms per request; {args.workers} sync worker(s) × "
        f"{args.concurrency} processes"
    )
    print(
        f"runs: {dict(statuses)}; requests per sync: {per_athlete:.2f} on average "
        f"(fewest {min(requests.values())}, most {max(requests.values())})"
    )
    synced = ["synced (sweep → last run ended)", f"{ours:,.0f}", f"{synced_s:.1f}"]
    bound = ["ceiling: 60 × processes ÷ (R × latency)", f"{ceiling:,.0f}"]
    print_table(
        ["", "athletes/min", "seconds", "share of ceiling"],
        [
            [*synced, f"{ours / ceiling:.0%}"],
            [*bound, f"{args.athletes * 60 / ceiling:.1f}", "100%"],
        ],
    )
    print(
        f"one sync's latency floor: {per_athlete:.1f} requests × {args.latency_ms:g} ms = "
        f"{per_athlete * latency:.2f} s; every series recomputed {series_s:.1f} s after the sweep"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=100)
    parser.add_argument("--activities", type=int, default=12, help="runs per Garmin account")
    parser.add_argument("--latency-ms", type=float, default=100.0)
    parser.add_argument("--workers", type=int, default=1, help="sync worker processes' parents")
    parser.add_argument("--concurrency", type=int, default=8, help="processes per sync worker")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds to wait at most")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
