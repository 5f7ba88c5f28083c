"""Benchmark of activity ingestion against a COPY ceiling on the same PostgreSQL.

    .venv/bin/python bench/ingest.py [--athletes 20] [--days 730] [--batch 40] [--seed 1]

Seeded runs for N athletes × D days (about 0.7 a day) go through ``ingest_activities`` the way a
sync delivers them: one call, one transaction (and one recompute request sent to Redis after the
commit) per ``--batch`` activities of one athlete. Three passes over the same delivery:

(a) the first insert: the lookups by natural key and the search for the same session from
    another source (a few queries per call), and per activity an ``activities`` and an
    ``activity_sources`` row;
(b) the same delivery again: the lookups and a payload-hash comparison, nothing written;
(c) again with every fifth activity edited (its RPE changed): those rows are updated.

The ceiling is psycopg ``COPY`` of the very rows (a) stored — the ``activities`` and
``activity_sources`` rows, read back — into unlogged tables of the same shape, (d) without
indexes and (e) with the same indexes and unique constraints, in one transaction.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
from collections.abc import Sequence
from datetime import date

import psycopg
from psycopg.types.json import Jsonb
from seeding import add_athletes, chunks, training
from support import Lap, bench_services, print_table, ratio, stopwatch

from service.activities.service import IngestResult, ingest_activities
from service.config import normalise_database_url
from service.db import session_scope
from service.integrations.base import ActivityData

Delivery = dict[int, list[ActivityData]]
TABLES = ("activities", "activity_sources")
EDIT_EVERY = 5


def delivery(athlete_ids: Sequence[int], days: int, seed: int) -> Delivery:
    rng = random.Random(seed)
    first = date(2024, 1, 1)
    return {a: training(rng, f"ingest{a}", first, days) for a in athlete_ids}


def edited(items: Delivery) -> Delivery:
    """Every fifth activity with another RPE, as when a runner corrects it on the watch."""
    changed: Delivery = {}
    for athlete, runs in items.items():
        changed[athlete] = [
            dataclasses.replace(run, rpe=10.0, raw={**run.raw, "rpe": 10})
            if n % EDIT_EVERY == 0
            else run
            for n, run in enumerate(runs)
        ]
    return changed


def ingest_all(items: Delivery, batch: int) -> tuple[Lap, IngestResult]:
    """Every athlete's runs in calls of ``batch``, one transaction each; totals of all calls."""
    total = IngestResult()
    with stopwatch() as lap:
        for athlete, runs in items.items():
            for part in chunks(runs, batch):
                with session_scope() as session:
                    result = ingest_activities(session, athlete, part)
                total.created += result.created
                total.updated += result.updated
                total.unchanged += result.unchanged
                total.linked += result.linked
    return lap, total


def stored_rows(dsn: str, table: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """Every row of ``table`` but its id, as the application holds it (JSON as ``Jsonb``)."""
    with psycopg.connect(dsn) as conn:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY id")  # noqa: S608 - our own names
        names = [column.name for column in cursor.description or []]
        keep = [i for i, name in enumerate(names) if name != "id"]
        rows = [
            tuple(Jsonb(row[i]) if names[i] == "raw" else row[i] for i in keep)
            for row in cursor.fetchall()
        ]
    return [names[i] for i in keep], rows


def copy_ceiling(dsn: str, with_indexes: bool) -> Lap:
    """COPY the stored rows into unlogged tables shaped like them, in one transaction."""
    shape = "INCLUDING DEFAULTS" + (" INCLUDING INDEXES INCLUDING CONSTRAINTS" * with_indexes)
    contents = {table: stored_rows(dsn, table) for table in TABLES}
    with psycopg.connect(dsn) as conn:
        for table in TABLES:
            conn.execute(f"DROP TABLE IF EXISTS bench_{table}")
            conn.execute(f"CREATE UNLOGGED TABLE bench_{table} (LIKE {table} {shape})")
        conn.commit()
        with stopwatch() as lap:
            for table, (names, rows) in contents.items():
                columns = ", ".join(names)
                with conn.cursor().copy(f"COPY bench_{table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            conn.commit()
        for table in TABLES:
            conn.execute(f"DROP TABLE bench_{table}")
    return lap


def line(label: str, activities: int, lap: Lap, ceiling: Lap, bare: Lap) -> list[str]:
    rate = activities / lap.wall
    return [
        label,
        f"{rate:,.0f}",
        f"{lap.wall:.2f}",
        ratio(rate, activities / ceiling.wall),
        ratio(rate, activities / bare.wall),
    ]


def run(args: argparse.Namespace) -> None:
    with bench_services("ingest") as services:
        dsn = normalise_database_url(services.database_url).replace("+psycopg", "")
        with session_scope() as session:
            athletes = [a.id for a in add_athletes(session, None, args.athletes, "ingest")]
        items = delivery(athletes, args.days, args.seed)
        count = sum(len(runs) for runs in items.values())
        calls = sum(len(chunks(runs, args.batch)) for runs in items.values())
        print(
            f"{args.athletes} athletes × {args.days} days: {count:,} activities, ingested in "
            f"calls of {args.batch} ({calls:,} calls, one transaction each)"
        )
        first, made = ingest_all(items, args.batch)
        again, same = ingest_all(items, args.batch)
        changes, updates = ingest_all(edited(items), args.batch)
        indexed = copy_ceiling(dsn, with_indexes=True)
        bare = copy_ceiling(dsn, with_indexes=False)
    print(
        f"check: first pass created {made.created:,}, repeat left {same.unchanged:,} unchanged, "
        f"edited pass updated {updates.updated:,} and left {updates.unchanged:,}"
    )
    print_table(
        ["", "activities/s", "seconds", "vs COPY (e)", "vs COPY (d)"],
        [
            line("(a) ingest_activities, first insert", count, first, indexed, bare),
            line("(b) the same delivery again", count, again, indexed, bare),
            line(f"(c) again, every {EDIT_EVERY}th edited", count, changes, indexed, bare),
            line("(d) COPY, unlogged, no indexes", count, bare, indexed, bare),
            line("(e) COPY, unlogged, same indexes", count, indexed, indexed, bare),
        ],
    )
    print(
        f"each activity is 2 rows (activities + activity_sources); the COPY rows are the ones "
        f"pass (a) stored. Ingest per activity: {first.wall / count * 1e3:.2f} ms first, "
        f"{again.wall / count * 1e3:.2f} ms repeated; COPY {indexed.wall / count * 1e6:.0f} µs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=20)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--batch", type=int, default=40, help="activities per ingest call")
    parser.add_argument("--seed", type=int, default=1)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
