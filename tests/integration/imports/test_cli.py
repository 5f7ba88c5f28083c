"""``loadwatch import``: the corpus through the command line, into the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from service.cli import app
from service.db import session_scope
from service.demo.fakes.corpus import corpus_path
from service.models import Activity, Notice
from tests.integration.imports.conftest import EMAIL
from tests.integration.imports.corpus_cases import DAMAGED, INTACT, NOT_FIT, SALVAGED


def run(*args: str | Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(app, ["import", *map(str, args)])
    return result.exit_code, result.stdout.splitlines() + result.stderr.splitlines()


def stored(athlete_id: int) -> list[tuple[str, str, float | None, float, bool]]:
    with session_scope() as session:
        rows = session.scalars(
            select(Activity).where(Activity.athlete_id == athlete_id).order_by(Activity.start_utc)
        ).all()
        return [
            (a.sport, a.local_date.isoformat(), a.distance_m, a.duration_s, a.incomplete)
            for a in rows
        ]


def fit(name: str) -> Path:
    return corpus_path("fit", name)


def test_every_intact_corpus_file_imports_with_its_distance_and_duration(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    names = sorted(INTACT)

    code, lines = run(*(fit(name) for name in names), "--athlete", EMAIL)

    assert code == 0, lines
    assert lines == [
        f"{fit(name)}: {len(INTACT[name])} new, 0 updated, 0 linked to an activity from another "
        "source, 0 unchanged"
        for name in names
    ]
    expected = sorted(leg for name in names for leg in INTACT[name])
    got = sorted(stored(athlete_id), key=lambda a: (a[1], a[0]))
    assert len(got) == len(expected) == 10
    for (sport, day, distance, duration), row in zip(
        sorted(expected, key=lambda leg: (leg[1], leg[0])), got, strict=True
    ):
        assert row[:2] == (sport, day)
        assert row[2] == (None if distance is None else pytest.approx(distance, abs=1.0))
        assert row[3] == pytest.approx(duration, abs=1.0)
        assert row[4] is False
    assert {ids["athlete_id"] for _, ids in sent_tasks} == {athlete_id}


@pytest.mark.parametrize("name", [*sorted(DAMAGED), NOT_FIT[0]])
def test_a_damaged_or_foreign_file_is_refused_with_where_and_nothing_is_stored(
    athlete_id: int, sent_tasks: list[Any], tmp_path: Path, name: str
) -> None:
    path = fit(name) if name in DAMAGED else tmp_path / name
    if name not in DAMAGED:
        path.write_bytes(NOT_FIT[1])

    code, lines = run(path, "--athlete", EMAIL)

    assert code == 2
    (line,) = lines
    assert line.startswith(f"{path}: rejected, nothing stored: ")
    if name in DAMAGED:
        assert f"({DAMAGED[name][1]})" in line
    else:
        assert "not a FIT, GPX, TCX or ZIP" in line
    assert stored(athlete_id) == []
    assert sent_tasks == []


def test_good_files_are_stored_beside_a_refused_one_and_the_exit_code_says_so(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    good = "garmin-fr110-run-2013-02-06.fit"

    code, lines = run(fit("corrupt-bad-crc.fit"), fit(good), "--athlete", EMAIL)

    assert code == 2
    assert lines[0].startswith(f"{fit('corrupt-bad-crc.fit')}: rejected, nothing stored: ")
    assert lines[1].startswith(f"{fit(good)}: 1 new, 0 updated")
    assert [row[:2] for row in stored(athlete_id)] == [("running", "2013-02-06")]


@pytest.mark.parametrize("name", sorted(SALVAGED))
def test_allow_incomplete_imports_what_the_damaged_real_recordings_hold(
    athlete_id: int, sent_tasks: list[Any], name: str
) -> None:
    sport, distance, duration = SALVAGED[name]

    code, lines = run(fit(name), "--athlete", EMAIL, "--allow-incomplete")

    assert code == 0
    assert lines[1] == f"{fit(name)}: 1 activities imported from a damaged file, up to the damage"
    ((got_sport, _, got_distance, got_duration, incomplete),) = stored(athlete_id)
    assert (got_sport, incomplete) == (sport, True)
    assert got_distance == pytest.approx(distance, abs=1.0)
    assert got_duration == pytest.approx(duration, abs=1.0)


def test_importing_the_same_files_twice_stores_nothing_new(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    files = [
        fit("garmin-fr920xt-triathlon-chained-2018-05-27.fit"),
        fit("garmin-fr110-run-2013-02-06.fit"),
    ]
    run(*files, "--athlete", EMAIL)
    first = stored(athlete_id)
    sent_tasks.clear()

    code, lines = run(*files, "--athlete", EMAIL)

    assert code == 0
    assert [line.split(": ", 1)[1] for line in lines] == [
        "0 new, 0 updated, 0 linked to an activity from another source, 3 unchanged",
        "0 new, 0 updated, 0 linked to an activity from another source, 1 unchanged",
    ]
    assert stored(athlete_id) == first
    assert [row[0] for row in first] == ["running", "swimming", "cycling", "running"]
    assert sent_tasks == []


def test_the_report_speaks_dutch_when_asked(athlete_id: int, sent_tasks: list[Any]) -> None:
    code, lines = run(fit("corrupt-bad-crc.fit"), "--athlete", EMAIL, "--lang", "nl")

    assert code == 2
    assert "geweigerd, niets opgeslagen" in lines[0] and "controlesom" in lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--athlete", "nobody@example.com"], "no athlete with the email address"),
        (["--athlete", EMAIL, "--lang", "fr"], "--lang must be en or nl"),
    ],
)
def test_an_unknown_athlete_or_language_exits_2(
    athlete_id: int, args: list[str], message: str
) -> None:
    code, lines = run(fit("garmin-fr110-run-2013-02-06.fit"), *args)

    assert code == 2 and message in lines[0]
    assert stored(athlete_id) == []


def test_an_unreadable_path_is_reported_and_exits_2(
    athlete_id: int, sent_tasks: list[Any], tmp_path: Path
) -> None:
    code, lines = run(tmp_path / "absent.fit", tmp_path, "--athlete", EMAIL)

    assert code == 2
    assert lines == [
        f"{tmp_path / 'absent.fit'}: cannot be read: No such file or directory",
        f"{tmp_path}: cannot be read: Is a directory",
    ]


def test_several_files_ask_for_one_recompute_and_write_one_history_notice(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    names = sorted(INTACT)

    code, lines = run(*(fit(name) for name in names), "--athlete", EMAIL)

    assert code == 0, lines
    first_day = min(leg[1] for name in names for leg in INTACT[name])
    last_day = max(leg[1] for name in names for leg in INTACT[name])
    assert sent_tasks == [("metrics.recompute", {"athlete_id": athlete_id, "from_date": first_day})]
    with session_scope() as session:
        notices = session.scalars(select(Notice).where(Notice.user_id == athlete_id)).all()
        assert [(n.kind, n.status, n.details) for n in notices] == [
            ("history", "pending", {"first_day": first_day, "last_day": last_day})
        ]


def test_the_public_gpx_and_tcx_files_import_without_a_car_ride_counted_as_a_run(
    athlete_id: int, sent_tasks: list[Any]
) -> None:
    car = corpus_path("gpx_tcx", "gpxpy__around-visnjan-with-car.gpx")
    tcx = corpus_path("gpx_tcx", "tcxparser__test.tcx")
    old = corpus_path("gpx_tcx", "gpxpy__Mojstrovka.gpx")

    code, lines = run(car, tcx, old, "--athlete", EMAIL)

    assert code == 2  # the 1901 recording is refused, the others stored
    assert any("1 activities name no sport" in line for line in lines)
    assert any("Mojstrovka" in line and "1901-12-13" in line for line in lines)
    assert [(sport, day) for sport, day, *_ in stored(athlete_id)] == [
        ("running", "2012-12-26"),
        ("other", "2020-12-18"),
    ]
