"""Benchmark of the coach's pages under concurrent load against bare endpoints on the same server.

    .venv/bin/python bench/roster.py [--athletes 50] [--days 730] [--clients 8] [--requests 400]
                                     [--roster-only]

A coach with N athletes, each with D days of seeded training up to yesterday and twelve weekly
Achilles check-ins (shared with the coach), stored in a database of its own through the real
services: ``ingest_activities``, ``recompute_metrics``, ``evaluate_athlete`` (findings and their
alerts), ``record_checkin``. Then a real ``loadwatch serve`` (uvicorn, one process) on a free port,
the coach signs in through ``POST /api/v1/auth/login``, and ``--clients`` threads, each with its
own keep-alive httpx client, send ``--requests`` requests per endpoint (after a warm-up) to:

* ``/roster`` — the roster page (``/`` sends a coach there): every athlete's week, worst open
  finding, sync state and pain trend;
* ``/athletes/{id}`` — the athlete page (charts' data, findings, week), round-robin over athletes;
* ``/api/v1/athletes/{id}/metrics`` — the JSON daily series (180 days), round-robin;

and, as baselines on the same server through the same client, ``/static/img/icon.svg`` (a file:
the framework's floor) and ``/healthz`` (one database and one broker round trip). It prints
p50/p95/p99 latency and requests/s per endpoint and each page's ratio to the baselines. The load
generator runs on the same two cores as the server, so its own CPU is in every figure.
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import httpx
from seeding import COACH_PASSWORD, add_athletes, add_coach, chunks, training, weekly_checkins
from support import (
    bench_services,
    http_client,
    loadwatch_server,
    percentile,
    print_table,
    ratio,
    stopwatch,
)

from service.activities.service import ingest_activities
from service.db import session_scope
from service.findings.evaluation import evaluate_athlete
from service.metrics.service import recompute_metrics
from service.models import User

COACH = "coach@bench.example"
CHECKIN_WEEKS = 12
INGEST_BATCH = 100
BASELINES = ("/static/img/icon.svg", "/healthz")


@dataclass
class Load:
    """Latencies (seconds) and failures of one endpoint's timed requests."""

    label: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    wall: float = 0.0

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.wall

    def ms(self, q: float) -> float:
        return percentile(self.latencies, q) * 1e3


def seed(athletes: int, days: int, seed_value: int) -> list[int]:
    """The coach, the athletes and their history; returns the athletes' ids."""
    rng = random.Random(seed_value)
    today = datetime.now(UTC).date()
    first = today - timedelta(days=days)
    with session_scope() as session:
        coach = add_coach(session, COACH)
        ids = [a.id for a in add_athletes(session, coach, athletes, "roster")]
    for athlete_id in ids:
        for part in chunks(training(rng, f"roster{athlete_id}", first, days), INGEST_BATCH):
            with session_scope() as session:
                ingest_activities(session, athlete_id, part)
    for athlete_id in ids:
        with session_scope() as session:
            recompute_metrics(session, athlete_id, first)
        with session_scope() as session:
            evaluate_athlete(session, athlete_id)
    for athlete_id in ids:
        with session_scope() as session:
            athlete = session.get_one(User, athlete_id)
            weekly_checkins(session, athlete, today, CHECKIN_WEEKS, rng)
    return ids


def sign_in(base_url: str) -> httpx.Cookies:
    with http_client(base_url) as client:
        answer = client.post(
            "/api/v1/auth/login", json={"email": COACH, "password": COACH_PASSWORD}
        )
        answer.raise_for_status()
        return client.cookies


Endpoint = tuple[str, Callable[[int], str]]


def hammer(
    base_url: str, cookies: httpx.Cookies, endpoint: Endpoint, requests: int, clients: int
) -> Load:
    """``requests`` GETs from ``clients`` threads; request ``n`` asks for ``path_for(n)``."""
    label, path_for = endpoint
    load = Load(label)
    counter = iter(range(requests))
    lock = threading.Lock()

    def client_loop() -> None:
        with http_client(base_url, cookies) as client:
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                began = time.perf_counter()
                answer = client.get(path_for(n))
                took = time.perf_counter() - began
                with lock:
                    load.latencies.append(took)
                    load.errors += answer.status_code != 200

    threads = [threading.Thread(target=client_loop) for _ in range(clients)]
    with stopwatch() as lap:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    load.wall = lap.wall
    return load


def measure(base_url: str, athletes: list[int], args: argparse.Namespace) -> list[Load]:
    cookies = sign_in(base_url)

    def athlete(n: int) -> int:
        return athletes[n % len(athletes)]

    endpoints: list[Endpoint] = [
        *[(path, lambda _n, p=path: p) for path in BASELINES],
        ("/roster", lambda _n: "/roster"),
        ("/athletes/{id}", lambda n: f"/athletes/{athlete(n)}"),
        ("/api/v1/athletes/{id}/metrics", lambda n: f"/api/v1/athletes/{athlete(n)}/metrics"),
    ]
    if args.roster_only:
        endpoints = endpoints[: len(BASELINES) + 1]
    loads = []
    for endpoint in endpoints:
        hammer(base_url, cookies, endpoint, args.warmup, args.clients)
        loads.append(hammer(base_url, cookies, endpoint, args.requests, args.clients))
    return loads


def report(loads: list[Load]) -> None:
    floor, health = loads[0], loads[1]
    rows = [
        [
            load.label,
            f"{len(load.latencies)}",
            f"{load.errors}",
            f"{load.per_second:,.0f}",
            f"{load.ms(50):.1f}",
            f"{load.ms(95):.1f}",
            f"{load.ms(99):.1f}",
            ratio(load.per_second, floor.per_second),
            ratio(load.per_second, health.per_second),
        ]
        for load in loads
    ]
    headers = ["endpoint", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms"]
    print_table([*headers, "req/s vs file", "req/s vs healthz"], rows)
    for load in loads[2:]:
        print(
            f"{load.label}: p50 {load.ms(50) / floor.ms(50):.1f}× the file's and "
            f"{load.ms(50) / health.ms(50):.1f}× /healthz's; p95 {load.ms(95) / floor.ms(95):.1f}× "
            f"and {load.ms(95) / health.ms(95):.1f}×"
        )


def run(args: argparse.Namespace) -> None:
    with bench_services("roster") as services:
        with stopwatch() as seeding:
            athletes = seed(args.athletes, args.days, args.seed)
        print(
            f"seeded a coach with {args.athletes} athletes × {args.days} days through the "
            f"services in {seeding.wall:.0f} s; {args.clients} client threads, "
            f"{args.requests} requests per endpoint after {args.warmup} to warm up"
        )
        with loadwatch_server(services) as base_url:
            loads = measure(base_url, athletes, args)
    report(loads)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=50)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--clients", type=int, default=8, help="concurrent client threads")
    parser.add_argument("--requests", type=int, default=400, help="timed requests per endpoint")
    parser.add_argument("--warmup", type=int, default=40, help="untimed requests per endpoint")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--roster-only",
        action="store_true",
        help="measure the baselines and /roster only (not the athlete page and its series)",
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
