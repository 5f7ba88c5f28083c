"""The spreadsheet form of the daily series (DOMAIN §1.2): sessions CSV in, daily CSV out.

Input: a header ``date,load`` or ``athlete,date,load``, then one row per session. Several rows may
share a date (their loads are summed; each is a session for the spike columns); an empty ``load``
marks the date as missing, which wins over any load on the same date. Each athlete's series runs
from ``start`` (default: their first date) to ``end`` (default: their last date); a day without a
row is a rest day (0). Athletes are computed separately, in order of first appearance.

Output: ``date`` (after ``athlete`` when given) and the §1.1 columns, one row per day; undefined
values empty; numbers in the shortest form that reads back as the same float (``repr``), ``inf``
for infinity, or fixed to ``decimals`` places for display.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from service.training.columns import SERIES_COLUMNS
from service.training.engine import LoadGrid, compute_batch

DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMBER_PATTERN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


class MetricsCsvError(ValueError):
    """Bad input for the metrics CSV: one line naming where, in English and in Dutch."""

    def __init__(self, message_en: str, message_nl: str) -> None:
        super().__init__(message_en)
        self.message_en = message_en
        self.message_nl = message_nl

    def message(self, lang: str) -> str:
        return self.message_nl if lang == "nl" else self.message_en


def line_error(line: int, message_en: str, message_nl: str) -> MetricsCsvError:
    return MetricsCsvError(f"line {line}: {message_en}", f"regel {line}: {message_nl}")


@dataclass
class AthleteSessions:
    """One athlete's rows: session loads by day offset from ``first``, and the missing dates."""

    name: str | None
    sessions: list[tuple[date, float]] = field(default_factory=list)
    missing: set[date] = field(default_factory=set)
    first: date = date.max
    last: date = date.min

    def add(self, day: date, load: float | None) -> None:
        self.first, self.last = min(self.first, day), max(self.last, day)
        if load is None:
            self.missing.add(day)
        else:
            self.sessions.append((day, load))


def parse_date(text: str, line: int) -> date:
    """An ISO calendar date ``YYYY-MM-DD``; anything else is an error naming ``line``."""
    value = text.strip()
    if DATE_PATTERN.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise line_error(
        line,
        f"unparseable date {value!r} (expected YYYY-MM-DD)",
        f"onleesbare datum {value!r} (verwacht JJJJ-MM-DD)",
    )


def parse_option_date(text: str | None, option: str) -> date | None:
    """The date given to ``--start`` or ``--end`` (None when not given)."""
    if text is None:
        return None
    if DATE_PATTERN.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise MetricsCsvError(
        f"{option} {text!r} is not a date (expected YYYY-MM-DD)",
        f"{option} {text!r} is geen datum (verwacht JJJJ-MM-DD)",
    )


def parse_load(text: str, line: int) -> float | None:
    """A finite decimal number ≥ 0, or None for an empty field (the day is missing)."""
    value = text.strip()
    if not value:
        return None
    number = float(value) if NUMBER_PATTERN.fullmatch(value) else math.nan
    if not math.isfinite(number):
        raise line_error(
            line,
            f"unparseable load {value!r} (expected a number such as 12.5)",
            f"onleesbare belasting {value!r} (verwacht een getal zoals 12.5)",
        )
    if number < 0:
        raise line_error(line, f"negative load {value}", f"negatieve belasting {value}")
    return number + 0.0  # -0 reads as 0


def read_header(row: list[str]) -> bool:
    """True when the rows carry an ``athlete`` column first."""
    names = [cell.strip().lstrip("\ufeff").lower() for cell in row]
    if names in (["date", "load"], ["athlete", "date", "load"]):
        return names[0] == "athlete"
    got = ",".join(row)
    raise line_error(
        1,
        f"expected the header 'date,load' or 'athlete,date,load', got {got!r}",
        f"verwachtte de kopregel 'date,load' of 'athlete,date,load', maar kreeg {got!r}",
    )


def check_range(day: date, start: date | None, end: date | None, line: int) -> None:
    """A date before ``start`` or after ``end`` is an error naming ``line``."""
    if (start is None or day >= start) and (end is None or day <= end):
        return
    bounds = f"{start or '…'} .. {end or '…'}"
    raise line_error(
        line,
        f"date {day} lies outside --start .. --end ({bounds})",
        f"datum {day} valt buiten --start .. --end ({bounds})",
    )


def parse_sessions(
    text: str, start: date | None = None, end: date | None = None
) -> tuple[bool, list[AthleteSessions]]:
    """Whether the rows name athletes, and the athletes in order of first appearance."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise line_error(1, "the file is empty", "het bestand is leeg")
    with_athlete = read_header(header)
    width = 3 if with_athlete else 2
    athletes: dict[str | None, AthleteSessions] = {}
    for row in reader:
        if not row:
            continue
        line = reader.line_num
        if len(row) != width:
            raise line_error(
                line,
                f"expected {width} fields, got {len(row)}",
                f"verwachtte {width} velden, maar kreeg {len(row)}",
            )
        name = row[0].strip() if with_athlete else None
        if name == "":
            raise line_error(line, "the athlete is empty", "de atleet ontbreekt")
        day, load = parse_date(row[-2], line), parse_load(row[-1], line)
        check_range(day, start, end, line)
        athletes.setdefault(name, AthleteSessions(name)).add(day, load)
    return with_athlete, list(athletes.values())


def athlete_grid(
    athletes: Sequence[AthleteSessions], start: date | None, end: date | None
) -> tuple[LoadGrid, list[date], list[int]]:
    """One grid row per athlete, each aligned on its own first day; its first days and lengths."""
    firsts = [start or athlete.first for athlete in athletes]
    lengths = [
        ((end or athlete.last) - first).days + 1
        for athlete, first in zip(athletes, firsts, strict=True)
    ]
    index, offset, loads, gap_index, gap_offset = [], [], [], [], []
    for number, (athlete, first) in enumerate(zip(athletes, firsts, strict=True)):
        for day, load in athlete.sessions:
            index.append(number)
            offset.append((day - first).days)
            loads.append(load)
        for day in athlete.missing:
            gap_index.append(number)
            gap_offset.append((day - first).days)
    grid = LoadGrid.from_sessions(
        index,
        offset,
        loads,
        shape=(len(athletes), max(lengths, default=0)),
        missing=(gap_index, gap_offset),
    )
    return grid, firsts, lengths


def format_number(value: float, decimals: int | None) -> str:
    """Empty for undefined, ``inf`` for infinity, else ``repr`` or ``decimals`` fixed places."""
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if decimals is None:
        return repr(value + 0.0)
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and not text.strip("-0.") else text


def metrics_csv(
    text: str, start: date | None = None, end: date | None = None, decimals: int | None = None
) -> str:
    """The daily CSV for a sessions CSV (DOMAIN §1.2); MetricsCsvError on bad input."""
    if start is not None and end is not None and start > end:
        raise MetricsCsvError(
            f"--start {start} is after --end {end}", f"--start {start} ligt na --end {end}"
        )
    with_athlete, athletes = parse_sessions(text, start, end)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((["athlete"] if with_athlete else []) + ["date", *SERIES_COLUMNS])
    if not athletes:
        return out.getvalue()
    grid, firsts, lengths = athlete_grid(athletes, start, end)
    columns = compute_batch(grid).columns
    for number, (athlete, first, length) in enumerate(zip(athletes, firsts, lengths, strict=True)):
        values = np.stack(
            [columns[name][number, :length] for name in SERIES_COLUMNS], axis=1
        ).tolist()
        lead = [athlete.name] if with_athlete else []
        for offset, row in enumerate(values):
            day = (first + timedelta(days=offset)).isoformat()
            writer.writerow([*lead, day, *(format_number(v, decimals) for v in row)])
    return out.getvalue()
