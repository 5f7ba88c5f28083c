"""Each benchmark under ``bench/`` runs end to end at a toy size and prints what it promises.

These are smoke tests so that the benchmarks cannot rot: they check the counts and the shape of
the output (every contender and baseline present, no failed request, every check true), never a
timing. Each benchmark makes its own database on the test PostgreSQL server and its own Redis.
"""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from tests.support.databases import PG_ADMIN_DSN
from tests.support.paths import REPO_ROOT

PYTHON = str(REPO_ROOT / ".venv" / "bin" / "python")


def run_bench(name: str, *args: str, timeout_s: float = 240) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOADWATCH_")}
    env["LOADWATCH_BENCH_PG"] = PG_ADMIN_DSN
    done = subprocess.run(
        [PYTHON, str(REPO_ROOT / "bench" / f"{name}.py"), *args],
        env=env,
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def figure(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    assert found is not None, f"{pattern!r} not in:\n{text}"
    return found.group(1)


def table_row(label: str, text: str) -> list[str]:
    """The cells of the table row starting with ``label`` (cells are two spaces apart)."""
    for line in text.splitlines():
        if line.startswith(label):
            return re.split(r"\s{2,}", line.strip())
    raise AssertionError(f"no row {label!r} in:\n{text}")


def test_ingest_benchmark_inserts_repeats_edits_and_copies_the_same_rows() -> None:
    out = run_bench("ingest", "--athletes", "2", "--days", "40", "--batch", "10")
    total = int(figure(r"(\d+) activities, ingested", out))
    assert total > 20
    assert figure(r"first pass created (\d+)", out) == str(total)
    assert figure(r"repeat left (\d+) unchanged", out) == str(total)
    updated, left = int(figure(r"updated (\d+)", out)), int(figure(r"and left (\d+)", out))
    assert total // 5 <= updated <= total // 5 + 2 and updated + left == total  # every 5th
    for label in ("(a)", "(b)", "(c)", "(d)", "(e)"):
        assert len(table_row(label, out)) == 5
    assert table_row("(e)", out)[3] == "1.00"  # the ceiling against itself


def test_roster_benchmark_serves_every_page_and_baseline_without_errors() -> None:
    out = run_bench("roster", "--athletes", "2", "--days", "60", "--clients", "2",
                    "--requests", "12", "--warmup", "2")  # fmt: skip
    paths = ["/static/img/icon.svg", "/healthz", "/roster", "/athletes/{id}",
             "/api/v1/athletes/{id}/metrics"]  # fmt: skip
    for path in paths:
        row = table_row(path, out)
        assert row[1:3] == ["12", "0"], row  # requests, errors
        assert float(row[4]) <= float(row[5]) <= float(row[6])  # p50 ≤ p95 ≤ p99
    assert table_row("/healthz", out)[-1] == "1.00"


def test_sync_benchmark_syncs_every_athlete_and_states_the_ceiling() -> None:
    out = run_bench("sync", "--athletes", "3", "--activities", "3", "--concurrency", "2",
                    "--latency-ms", "20")  # fmt: skip
    assert "runs: {'succeeded': 3}" in out
    requests = float(figure(r"requests per sync: ([\d.]+)", out))
    assert requests >= 3  # a listing, the wellness and the profile at least
    ceiling = float(table_row("ceiling", out)[1].replace(",", ""))
    assert ceiling == pytest.approx(60 * 2 / (requests * 0.020), rel=0.01)
    assert table_row("synced", out)[3].endswith("%")


def test_alert_benchmark_delivers_every_alert_once_and_resends_the_same_mails() -> None:
    out = run_bench("alerts", "--athletes", "2", "--findings", "3")
    # 2 athletes × 3 findings, each to the athlete and the coach; every finding a moment of its own
    assert "12 alerts written, 12 sent (0 failed), 12 rows 'sent', 12 messages received" in out
    for label in ("write_alerts", "deliver_alerts", "ours", "(a)", "(b)"):
        assert len(table_row(label, out)) == 6
    assert table_row("(a)", out)[4] == "1.00"


def test_alert_benchmark_with_the_bundle_window_sends_one_message_per_recipient() -> None:
    out = run_bench("alerts", "--athletes", "2", "--findings", "3", "--window", "120")
    # the findings written during the run are one moment: one message to each of the three
    assert "12 alerts written, 12 sent (0 failed), 12 rows 'sent', 3 messages received" in out


@pytest.mark.timeout(600)
def test_recovery_benchmark_recovers_every_round_and_prints_the_bounds() -> None:
    out = run_bench("recovery", "--athletes", "3", "--activities", "3", "--time-scale", "4",
                    "--latency-ms", "20", timeout_s=580)  # fmt: skip
    assert "visibility timeout 3600 s" in out and "visibility timeout 900 s" in out
    checks = [line for line in out.splitlines() if line.startswith("check, ")]
    assert len(checks) == 7
    synced = [checks[n] for n in (0, 1, 2, 6)]
    assert all("synced once: True; activities stored 9 of 9" in line for line in synced), checks
    assert "alerts sent: 6 of 6" in checks[5], checks  # three athletes and their coach
    for during in ("sync", "import", "recompute", "alert send"):
        row = table_row(f"whole worker SIGKILLed during {during}", out)
        assert row[4] != "—" and float(row[5]) > 0, row  # a bound and its ratio
    for fault in ("Redis restarted",):
        row = table_row(fault, out)
        assert row[4] != "—" and float(row[5]) > 0, row  # a bound and its ratio
    assert len(re.findall(r"\balerts +[\d.]+ +[\d.]+ +[\d.]+", out)) == 2  # two rounds have alerts


@pytest.mark.timeout(600)
def test_upload_to_alert_benchmark_times_every_runner_and_the_baseline() -> None:
    # About 80 s on a quiet machine; a guard against a hang, not a timing (a shared, busy
    # machine takes three times as long).
    out = run_bench("upload_to_alert", "--athletes", "3", "--every-ms", "100", "--baseline", "2",
                    timeout_s=580)  # fmt: skip
    assert figure(r"(\d+) runners' histories", out) == "5"
    assert figure(r"; (\d+) findings from them", out) == "0"  # only the new runs warn
    for stage in ("its sync run ended", "its finding stored", "first alert email"):
        p50, p95, most, *_ = table_row(f"through the workers: {stage}", out)[1:]
        assert 0 < float(p50) <= float(p95) <= float(most)
    baseline = table_row("baseline: first alert email", out)
    assert baseline[0].endswith("(n = 1)") and float(baseline[1]) > 0
    # the run's spike, weekly rise and strain: one email per runner
    assert "alert emails per runner after its run: 1.00 on average (min 1, max 1;" in out
