"""The weekly pain value and the VISA-A score of each body region over months, drawn as inline
SVG on the server (no script needed; a table with the same numbers beside it).

The weekly pain value is the one ``pain.weekly_trend`` compares (DOMAIN §1.6.4): the week's
``pain_week`` answer, else the mean of its morning and after-run pain answers when at least
``min_values`` exist."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from service.models import Checkin
from service.training.rules.weekly_pain import WeekAnswers, week_monday

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
COLOURS = (
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e",
    "#17becf", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
)  # fmt: skip
MONTHS = (3, 6, 12)


@dataclass(frozen=True)
class Point:
    day: date
    value: float


@dataclass(frozen=True)
class Line:
    region: str
    colour: str
    points: tuple[Point, ...]
    path: str  # SVG polyline points


@dataclass(frozen=True)
class Tick:
    at: float
    label: date | float


@dataclass(frozen=True)
class Chart:
    lines: tuple[Line, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not any(line.points for line in self.lines)


def weekly_pain(rows: Iterable[Checkin], min_values: int) -> dict[str, list[Point]]:
    """Region → the weekly pain value of each ISO week that has one (on the week's Monday)."""
    weeks: dict[str, dict[date, WeekAnswers]] = defaultdict(lambda: defaultdict(WeekAnswers))
    for row in rows:
        if not row.region:
            continue
        answers = weeks[row.region][week_monday(row.day)]
        if row.pain_week is not None:
            answers.weekly.append((row.day, int(row.pain_week)))
        for value in (row.morning_pain, row.pain_during, row.pain_after):
            if value is not None:
                answers.daily.append((row.day, int(value)))
    found: dict[str, list[Point]] = {}
    for region, by_week in weeks.items():
        points = []
        for monday in sorted(by_week):
            answers = by_week[monday]
            answers.weekly.sort()
            answers.daily.sort()
            value = answers.value(None, min_values)
            if value is not None:
                points.append(Point(monday, round(value, 1)))
        if points:
            found[region] = points
    return found


def visa_a(rows: Iterable[Checkin]) -> dict[str, list[Point]]:
    """Region → each VISA-A score (0–100, higher is better) on the day it was given."""
    found: dict[str, list[Point]] = defaultdict(list)
    for row in rows:
        if row.visa_a is not None and row.region:
            found[row.region].append(Point(row.day, float(row.visa_a)))
    return {region: sorted(points, key=lambda p: p.day) for region, points in found.items()}


def chart(
    series: dict[str, list[Point]], regions: Sequence[str], start: date, end: date, y_max: float
) -> Chart:
    """The SVG geometry of one chart: a line per region (in the order of ``regions``, each its
    own colour), month ticks along the bottom and five ticks up the side."""
    span = max((end - start).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return round(LEFT + inner_w * (day - start).days / span, 1)

    def y(value: float) -> float:
        return round(TOP + inner_h * (1 - value / y_max), 1)

    lines = []
    for index, region in enumerate(regions):
        points = tuple(p for p in series.get(region, []) if start <= p.day <= end)
        path = " ".join(f"{x(p.day)},{y(p.value)}" for p in points)
        lines.append(Line(region, COLOURS[index % len(COLOURS)], points, path))
    months = []
    first = date(start.year, start.month, 1)
    while first <= end:
        if first >= start:
            months.append(Tick(x(first), first))
        first = (first + timedelta(days=32)).replace(day=1)
    step = max(len(months) // 6, 1)
    y_ticks = tuple(Tick(y(y_max * i / 5), round(y_max * i / 5)) for i in range(6))
    return Chart(tuple(lines), tuple(months[::step]), y_ticks)
