"""The installed ``loadwatch`` console script, run as a separate process: the same output as the
commands give in process (``tests/unit/test_metrics_cli.py``, ``tests/unit/test_advice_cli.py``),
its exit codes and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.unit.rules.catalogue import CATALOGUE
from tests.unit.test_advice_cli import write as write_scenario
from tests.unit.test_metrics_cli import SESSIONS
from tests.unit.test_metrics_cli import invoke as invoke_metrics
from tests.unit.test_metrics_cli import write as write_sessions

LOADWATCH = Path(sys.executable).with_name("loadwatch")


def test_metrics_compute_gives_the_same_output_as_in_process(tmp_path: Path) -> None:
    path = write_sessions(tmp_path, SESSIONS)
    done = subprocess.run(
        [str(LOADWATCH), "metrics", "compute", "--input", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == invoke_metrics("--input", str(path))[1]


def test_metrics_compute_bad_input_exits_2_naming_the_line(tmp_path: Path) -> None:
    path = write_sessions(tmp_path, "date,load\n2026-03-01,10\n2026-03-02,x\n")
    done = subprocess.run(
        [str(LOADWATCH), "metrics", "compute", "--input", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "error: line 3: unparseable load 'x' (expected a number such as 12.5)\n"


def test_advice_check_finds_a_spike_and_refuses_bad_input(tmp_path: Path) -> None:
    scenario, expected = CATALOGUE["volume.session_spike"]
    done = subprocess.run(
        [str(LOADWATCH), "advice", "check", "--input", str(write_scenario(tmp_path, scenario))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (finding,) = json.loads(done.stdout)["findings"]
    assert (finding["rule"], finding["severity"]) == expected[0][:2]
    bad = subprocess.run(
        [
            str(LOADWATCH),
            "advice",
            "check",
            "--input",
            str(write_scenario(tmp_path, "[1]", "bad.json")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "error: input: must be a JSON object\n"


#: What only the commands that reach the database, the broker or the rules need: ``loadwatch``
#: itself starts without them, since the test suite and an operator start it many times.
HEAVY_MODULES = ("numpy", "alembic", "sqlalchemy", "psycopg", "kombu", "redis", "celery")


def test_the_command_starts_without_the_database_broker_and_rules_libraries() -> None:
    probe = (
        "import sys\n"
        "from service.cli import app\n"
        "try:\n"
        "    app(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(' '.join(m for m in {HEAVY_MODULES!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "loadwatch" in done.stdout  # the help was printed
    assert done.stdout.splitlines()[-1] == "", done.stdout
