"""Benchmark of alert fan-out (outbox + email delivery) against a raw SMTP send loop.

    .venv/bin/python bench/alerts.py [--athletes 100] [--findings 10] [--window 0]

N athletes, each linked to one coach, get F stored findings each. For every finding
``write_alerts`` runs in a transaction of its own, as the rule evaluation calls it: it decides
the recipients (the athlete and the coach), their channels and severities, and inserts the
outbox rows (two emails per finding). Then ``deliver_alerts`` — what the ``alerts.deliver`` and
``alerts.sweep`` tasks run — delivers everything due through the email channel to an aiosmtpd
server on loopback: claim a batch in one transaction, render, send the batch over one SMTP
connection, record the batch's outcomes in a second transaction.

``--window`` is ``alerts.bundle_window_s``: with 0 (the default here) each finding, written in a
transaction of its own, is a moment of its own, so every alert is a message and the figures are
delivery's throughput per message; with the installation's 120 s the findings written during the
run bundle per recipient (at most 25 a message), and the line says how many messages that made.

Baseline in the same run, to the same server: ``smtplib`` sending the very messages the server
received (same bytes, same recipients), (a) opening a connection per message and (b) all through
one connection. The SMTP server runs in this process, as does the sender, so both sides share the
same CPU in every line.
"""

from __future__ import annotations

import argparse
import smtplib
from datetime import date, timedelta

from seeding import add_athletes, add_coach
from sqlalchemy import func, select
from support import Lap, bench_services, print_table, ratio, stopwatch

from service.alerts.delivery import DeliveryReport, deliver_alerts
from service.alerts.outbox import write_alerts
from service.config import get_settings
from service.db import session_scope
from service.models import Alert, Finding
from tests.integration.alerts.receivers import Mail, SmtpRecorder, smtp_server
from tests.integration.alerts.support import add_finding

FIRST_WEEK = date(2026, 1, 5)


def store_findings(athletes: int, per_athlete: int) -> list[int]:
    """Findings (one per week from ``FIRST_WEEK``) for athletes linked to one coach."""
    with session_scope() as session:
        coach = add_coach(session, "coach@alerts.bench.example")
        people = add_athletes(session, coach, athletes, "alerts")
        findings = [
            add_finding(session, athlete, day=FIRST_WEEK + timedelta(weeks=week))
            for athlete in people
            for week in range(per_athlete)
        ]
        return [finding.id for finding in findings]


def write_all(finding_ids: list[int]) -> tuple[Lap, int]:
    written = 0
    with stopwatch() as lap:
        for finding_id in finding_ids:
            with session_scope() as session:
                written += len(write_alerts(session, session.get_one(Finding, finding_id)))
    return lap, written


def deliver_all() -> tuple[Lap, DeliveryReport]:
    """Call delivery until a call finds nothing due (each call does at most 20 rounds)."""
    total = DeliveryReport()
    with stopwatch() as lap:
        while True:
            report = deliver_alerts(get_settings())
            total.sent += report.sent
            total.failed += report.failed
            if report.sent + report.failed == 0:
                break
    return lap, total


def raw_loop(port: int, mails: list[Mail], one_connection: bool) -> Lap:
    """The same messages with smtplib alone: no database, no rendering."""
    with stopwatch() as lap:
        if one_connection:
            with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                for mail in mails:
                    client.send_message(mail.message, mail.mail_from, mail.rcpt_tos)
        else:
            for mail in mails:
                with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
                    client.send_message(mail.message, mail.mail_from, mail.rcpt_tos)
    return lap


def received(recorder: SmtpRecorder) -> list[Mail]:
    with recorder.lock:
        mails = list(recorder.messages)
        recorder.messages.clear()
    return mails


def run(args: argparse.Namespace) -> None:
    with smtp_server() as (recorder, port):
        smtp = {
            "LOADWATCH_SMTP__HOST": "127.0.0.1",
            "LOADWATCH_SMTP__PORT": str(port),
            "LOADWATCH_ALERTS__BUNDLE_WINDOW_S": str(args.window),
        }
        with bench_services("alerts", **smtp):
            finding_ids = store_findings(args.athletes, args.findings)
            writing, written = write_all(finding_ids)
            delivering, delivered = deliver_all()
            with session_scope() as session:
                sent = session.scalar(select(func.count()).where(Alert.status == "sent"))
        mails = received(recorder)
        fresh = raw_loop(port, mails, one_connection=False)
        assert len(received(recorder)) == len(mails)
        reused = raw_loop(port, mails, one_connection=True)
        assert len(received(recorder)) == len(mails)
    report(args, (written, sent, len(mails), delivered), writing, delivering, fresh, reused)


def report(
    args: argparse.Namespace,
    counts: tuple[int, int | None, int, DeliveryReport],
    writing: Lap,
    delivering: Lap,
    fresh: Lap,
    reused: Lap,
) -> None:
    written, sent, mails, delivered = counts
    print(
        f"{args.athletes} athletes × {args.findings} findings, one coach, bundle window "
        f"{args.window:g} s: {written:,} alerts written, {delivered.sent:,} sent "
        f"({delivered.failed} failed), {sent:,} rows 'sent', {mails:,} messages received"
    )
    ours = writing.wall + delivering.wall

    def row(label: str, seconds: float) -> list[str]:
        rate = mails / seconds
        return [label, f"{written / seconds:,.0f}", f"{rate:,.0f}", f"{seconds:.2f}",
                ratio(rate, mails / fresh.wall), ratio(rate, mails / reused.wall)]  # fmt: skip

    print_table(
        ["", "alerts/s", "messages/s", "seconds", "vs raw (a)", "vs raw (b)"],
        [
            row("write_alerts (outbox rows)", writing.wall),
            row("deliver_alerts (email)", delivering.wall),
            row("ours: written + delivered", ours),
            row("(a) smtplib, a connection per message", fresh.wall),
            row("(b) smtplib, one connection", reused.wall),
        ],
    )
    print(
        f"per message: ours {ours / mails * 1e3:.2f} ms (writing {writing.wall / mails * 1e3:.2f},"
        f" delivering {delivering.wall / mails * 1e3:.2f}); raw send "
        f"{fresh.wall / mails * 1e3:.2f} ms with a new connection, "
        f"{reused.wall / mails * 1e3:.2f} ms on one"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=100)
    parser.add_argument("--findings", type=int, default=10, help="findings per athlete")
    parser.add_argument(
        "--window", type=float, default=0.0, help="alerts.bundle_window_s (seconds)"
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
