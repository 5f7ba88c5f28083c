"""The training calendar's week math: ISO weeks from Monday to Sunday as rows, whole weeks around
the month, seven days in every week whatever daylight-saving time does, and each activity on the
local day stored with it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from service.dashboard.runs_calendar import build_calendar, month_days, parse_month
from service.errors import Unprocessable
from service.models import Activity


def run(day: date, km: float | None, sport: str = "running", hour: int = 7) -> Activity:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    return Activity(
        id=hash((day, km, sport, hour)) % 100_000,
        athlete_id=1,
        sport=sport,
        start_utc=start,
        local_date=day,
        distance_m=None if km is None else km * 1000,
        duration_s=3000.0,
    )


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [
        (date(2026, 3, 1), date(2026, 2, 23), date(2026, 4, 5)),  # starts on a Sunday: 6 rows
        (date(2026, 6, 1), date(2026, 6, 1), date(2026, 7, 5)),  # starts on a Monday
        (date(2027, 2, 1), date(2027, 2, 1), date(2027, 2, 28)),  # exactly four weeks
        (date(2026, 12, 1), date(2026, 11, 30), date(2027, 1, 3)),  # into the next year
    ],
)
def test_the_rows_are_whole_weeks_from_monday_to_sunday(
    month: date, first: date, last: date
) -> None:
    assert month_days(month) == (first, last)
    calendar = build_calendar(month, date(2026, 1, 1), [], [], [])
    assert calendar.first == first and calendar.last == last
    for week in calendar.weeks:
        days = [d.day for d in week.days]
        assert len(days) == 7 and days[0].weekday() == 0 and days[-1].weekday() == 6
        assert days == [days[0] + timedelta(days=n) for n in range(7)]
        assert {d.isocalendar().week for d in days} == {week.iso_week}


def test_the_weeks_around_a_change_of_summer_time_keep_seven_days_and_their_runs() -> None:
    """Summer time starts on Sunday 29 March 2026 and ends on Sunday 25 October 2026: the run of
    that Sunday ends its week, the Monday's run opens the next."""
    for month, sunday in (
        (date(2026, 3, 1), date(2026, 3, 29)),
        (date(2026, 10, 1), date(2026, 10, 25)),
    ):
        monday = sunday + timedelta(days=1)
        calendar = build_calendar(month, monday, [run(sunday, 21.1), run(monday, 5.0)], [], [])
        rows = {d.day: (i, d) for i, w in enumerate(calendar.weeks) for d in w.days}
        (sunday_row, sunday_cell), (monday_row, _) = rows[sunday], rows[monday]
        assert monday_row == sunday_row + 1
        assert sunday_cell is calendar.weeks[sunday_row].days[-1]
        assert calendar.weeks[sunday_row].running_km == pytest.approx(21.1)
        assert calendar.weeks[monday_row].running_km == pytest.approx(5.0)


def test_each_day_holds_its_runs_and_a_past_day_without_any_is_a_rest_day() -> None:
    today = date(2026, 3, 11)  # a Wednesday
    rows = [
        run(date(2026, 3, 9), 8.0),
        run(date(2026, 3, 9), 4.0, hour=17),
        run(date(2026, 3, 10), 30.0, sport="cycling"),
        run(date(2026, 3, 11), None, sport="treadmill_running"),
    ]
    calendar = build_calendar(date(2026, 3, 1), today, rows, [], [])
    week = next(w for w in calendar.weeks if w.days[0].day == date(2026, 3, 9))
    monday, tuesday, wednesday, thursday = week.days[:4]
    assert [a.distance_m for a in monday.activities] == [8000, 4000]  # in the order they started
    assert [a.sport for a in tuesday.activities] == ["cycling"]
    assert not monday.rest and not tuesday.rest and not wednesday.rest
    assert not thursday.rest and not thursday.past  # tomorrow is not a rest day yet
    assert week.running_km == pytest.approx(12.0)  # the ride counts for nothing, no distance 0
    previous = next(w for w in calendar.weeks if w.days[0].day == date(2026, 3, 2))
    assert all(d.rest for d in previous.days)


def test_the_days_around_the_month_belong_to_their_rows_but_not_the_month() -> None:
    calendar = build_calendar(
        date(2026, 3, 1), date(2026, 4, 30), [run(date(2026, 2, 27), 6.0)], [], []
    )
    first_week = calendar.weeks[0]
    assert [d.in_month for d in first_week.days] == [False] * 6 + [True]
    assert first_week.running_km == pytest.approx(6.0)  # the whole week's kilometres
    assert calendar.previous_month == date(2026, 2, 1) and calendar.next_month == date(2026, 4, 1)


def test_a_month_is_read_as_year_and_month_and_defaults_to_the_athletes_today() -> None:
    assert parse_month("2026-03", date(2027, 1, 5)) == date(2026, 3, 1)
    assert parse_month("", date(2027, 1, 5)) == date(2027, 1, 1)
    for bad in ("2026-13", "2026", "march", "0000-01", "2026-03-01", "3000-01"):
        with pytest.raises(Unprocessable):
            parse_month(bad, date(2027, 1, 5))
