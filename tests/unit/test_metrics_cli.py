"""``loadwatch metrics compute`` (DOMAIN §1.2), in process and as the installed command."""

from __future__ import annotations

import csv
import io
import math
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from service.cli import app
from service.training.columns import SERIES_COLUMNS
from service.training.measures import SessionLoad
from service.training.metrics_csv import format_number
from service.training.series import compute_athlete_series

HEADER = ["date", *SERIES_COLUMNS]
SESSIONS = """date,load
2026-03-01,10
2026-03-01,5.5
2026-03-03,
2026-03-05,12.25
2026-03-20,0.1
2026-04-02,30
"""


def write(tmp_path: Path, text: str, name: str = "sessions.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["metrics", "compute", *args])
    return result.exit_code, result.stdout, result.stderr


def rows(output: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(output)))


def expected_series(start: date, end: date):
    sessions = [
        SessionLoad(date(2026, 3, 1), 10.0),
        SessionLoad(date(2026, 3, 1), 5.5),
        SessionLoad(date(2026, 3, 5), 12.25),
        SessionLoad(date(2026, 3, 20), 0.1),
        SessionLoad(date(2026, 4, 2), 30.0),
    ]
    return compute_athlete_series(sessions, start, end, [date(2026, 3, 3)])


def test_round_trip_reads_back_the_same_floats(tmp_path: Path) -> None:
    code, out, err = invoke("--input", str(write(tmp_path, SESSIONS)))
    assert (code, err) == (0, "")
    table = rows(out)
    assert table[0] == HEADER
    series = expected_series(date(2026, 3, 1), date(2026, 4, 2))
    assert [r[0] for r in table[1:]] == [d.isoformat() for d in series.dates]
    for offset, row in enumerate(table[1:]):
        for name, text in zip(SERIES_COLUMNS, row[1:], strict=True):
            value = float(series.column(name)[offset])
            if math.isnan(value):
                assert text == "", (name, offset)
            else:
                assert float(text) == value, (name, offset)
                assert text == repr(value), (name, offset)
    assert table[3][1] == ""  # the empty load: 2026-03-03 is missing
    assert table[2][1] == "0.0"  # no row: a rest day


def test_start_end_and_decimals(tmp_path: Path) -> None:
    path = write(tmp_path, SESSIONS)
    code, out, _ = invoke("--input", str(path), "--start", "2026-02-20", "--end", "2026-04-10")
    table = rows(out)
    assert code == 0
    assert (table[1][0], table[-1][0]) == ("2026-02-20", "2026-04-10")
    assert len(table) - 1 == (date(2026, 4, 10) - date(2026, 2, 20)).days + 1
    code, rounded, _ = invoke("--input", str(path), "--decimals", "2")
    exact = rows(invoke("--input", str(path))[1])
    for fine, coarse in zip(exact[1:], rows(rounded)[1:], strict=True):
        for a, b in zip(fine[1:], coarse[1:], strict=True):
            if a in ("", "inf"):
                assert b == a
            else:
                assert b == f"{float(a):.2f}" or b == f"{float(a):.2f}".lstrip("-")
                assert len(b.split(".")[1]) == 2


MULTI = """athlete,date,load
ann,2026-03-02,8
bob,2026-03-01,5
ann,2026-03-01,
bob,2026-03-04,7
ann,2026-03-03,9.5
"""


def test_each_athlete_is_computed_separately_in_order_of_first_appearance(tmp_path: Path) -> None:
    code, out, _ = invoke("--input", str(write(tmp_path, MULTI)))
    table = rows(out)
    assert code == 0
    assert table[0] == ["athlete", *HEADER]
    assert [(r[0], r[1]) for r in table[1:]] == [
        ("ann", "2026-03-01"),
        ("ann", "2026-03-02"),
        ("ann", "2026-03-03"),
        ("bob", "2026-03-01"),
        ("bob", "2026-03-02"),
        ("bob", "2026-03-03"),
        ("bob", "2026-03-04"),
    ]
    single = "date,load\n2026-03-01,5\n2026-03-04,7\n"
    alone = rows(invoke("--input", str(write(tmp_path, single, "bob.csv")))[1])
    assert [r[1:] for r in table[4:]] == alone[1:]
    assert table[1][2] == ""  # ann's first date is missing
    assert table[1][8] == ""  # so her EWMA is undefined until 2026-03-02
    assert table[2][8] == "8.0"


BAD = [
    ("date,load\n2026-03-01,10\n2026-02-30,5\n", [], "line 3", "2026-02-30"),
    ("date,load\n01/03/2026,10\n", [], "line 2", "01/03/2026"),
    ("date,load\n2026-03-01,ten\n", [], "line 2", "ten"),
    ("date,load\n2026-03-01,1e999\n", [], "line 2", "1e999"),
    ("date,load\n2026-03-01,nan\n", [], "line 2", "nan"),
    ("date,load\n2026-03-01,10\n\n2026-03-02,-3\n", [], "line 4", "negative"),
    ("date,load\n2026-03-01,10\n", ["--start", "2026-03-02"], "line 2", "outside"),
    ("date,load\n2026-03-01,10\n2026-03-09,1\n", ["--end", "2026-03-08"], "line 3", "outside"),
    ("day,km\n2026-03-01,10\n", [], "line 1", "header"),
    ("date,load\n2026-03-01,10,4\n", [], "line 2", "2 fields"),
    ("athlete,date,load\n,2026-03-01,10\n", [], "line 2", "athlete"),
    ("", [], "line 1", "empty"),
    ("date,load\n", ["--start", "2026-03-09", "--end", "2026-03-01"], "--start", "after"),
    ("date,load\n", ["--start", "9 March"], "--start", "not a date"),
]


@pytest.mark.parametrize(("text", "options", "where", "what"), BAD)
def test_bad_input_exits_2_naming_the_line(
    tmp_path: Path, text: str, options: list[str], where: str, what: str
) -> None:
    code, out, err = invoke("--input", str(write(tmp_path, text)), *options)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert where in err
    assert what in err


def test_errors_in_dutch(tmp_path: Path) -> None:
    path = write(tmp_path, "date,load\n2026-03-01,-1\n")
    code, out, err = invoke("--input", str(path), "--lang", "nl")
    assert (code, out) == (2, "")
    assert err == "fout: regel 2: negatieve belasting -1\n"
    assert invoke("--input", str(tmp_path / "absent.csv"), "--lang", "nl")[2].startswith(
        "fout: kan "
    )


def test_standard_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["metrics", "compute", "--input", "-"], input=SESSIONS)
    assert result.exit_code == 0
    assert result.stdout == invoke("--input", str(write(tmp_path, SESSIONS)))[1]


def test_spreadsheet_exports_with_bom_crlf_and_spaces(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffdate , load\r\n2026-03-01 , 4\r\n2026-03-02,\r\n".encode())
    code, out, _ = invoke("--input", str(path))
    assert code == 0
    assert [r[:2] for r in rows(out)[1:]] == [["2026-03-01", "4.0"], ["2026-03-02", ""]]


NUMBERS = [
    (math.nan, None, ""),
    (math.inf, None, "inf"),
    (math.inf, 2, "inf"),
    (0.1 + 0.2, None, "0.30000000000000004"),
    (-0.0, None, "0.0"),
    (1e-7, None, "1e-07"),
    (1.23456, 2, "1.23"),
    (-0.001, 2, "0.00"),
    (-1.5, 0, "-2"),
    (2.5, 0, "2"),
    (12.0, 3, "12.000"),
]


@pytest.mark.parametrize(("value", "decimals", "text"), NUMBERS)
def test_number_format(value: float, decimals: int | None, text: str) -> None:
    assert format_number(value, decimals) == text


def test_athletes_of_different_lengths_match_the_one_athlete_api(tmp_path: Path) -> None:
    lines, expected = ["athlete,date,load"], {}
    for number, (first, step, n_days) in enumerate([(0, 1, 400), (30, 2, 399), (5, 3, 120)]):
        start = date(2025, 1, 1) + timedelta(days=first)
        sessions = [
            SessionLoad(start + timedelta(days=day), float((day * 7 + number) % 23))
            for day in range(0, n_days, step)
        ]
        lines += [f"a{number},{s.day},{s.load:g}" for s in sessions]
        end = start + timedelta(days=(n_days - 1) // step * step)
        expected[f"a{number}"] = compute_athlete_series(sessions, start, end)
    code, out, _ = invoke("--input", str(write(tmp_path, "\n".join(lines) + "\n")))
    table = rows(out)[1:]
    assert code == 0
    assert len(table) == sum(len(series) for series in expected.values())
    for row in table:
        series = expected[row[0]]
        offset = series.index_of(date.fromisoformat(row[1]))
        values = [float(series.column(name)[offset]) for name in SERIES_COLUMNS]
        assert row[2:] == [format_number(v, None) for v in values]
