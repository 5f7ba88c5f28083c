"""Pieces of the physio's pages that need no database: an access log grouped into visits, a time
span in words, an injury episode's timers, the inbox filter's links."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from service.dashboard.formats import moment_span
from service.dashboard.inbox import InboxFilter
from service.dashboard.links import AccessView, group_visits
from service.dashboard.physio import episode_timer
from service.training.episodes import Episode, EpisodeKind, PainValue
from service.training.policy import DEFAULT_POLICY
from service.training.symptoms import Onset, Region

NINE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _read(actor: int, minutes: int, path: str = "/athletes/1") -> AccessView:
    entry: Any = SimpleNamespace(
        id=minutes * 10 + actor, actor_id=actor, at=NINE + timedelta(minutes=minutes), resource=path
    )
    return AccessView(entry, SimpleNamespace(id=actor))  # type: ignore[arg-type]


def test_reads_less_than_30_minutes_apart_are_one_visit_per_person() -> None:
    reads = [
        _read(1, 0),
        _read(1, 0, "/api/v1/athletes/1/metrics"),
        _read(2, 5),
        _read(1, 25, "/athletes/1/checkins"),
        _read(1, 50),  # 25 minutes after the last: the same visit
        _read(1, 81),  # 31 minutes after: a new one
    ]
    visits = group_visits(reads)
    shown = [(v.actor.id if v.actor else None, v.reads, v.pages) for v in visits]
    assert shown == [(1, 1, 1), (2, 1, 1), (1, 4, 3)]
    assert visits[2].what == ("training page", "daily series", "check-ins")
    assert (visits[2].first, visits[2].last) == (NINE, NINE + timedelta(minutes=50))


def test_a_time_span_names_the_day_once() -> None:
    assert moment_span(NINE, NINE + timedelta(minutes=12), "en", "Europe/Amsterdam") == (
        "Mar 2, 2026, 09:00–09:12"
    )
    assert moment_span(NINE, NINE, "nl", "Europe/Amsterdam") == "2 mrt 2026, 09:00"
    late = datetime(2026, 3, 2, 22, 50, tzinfo=UTC)
    assert moment_span(late, late + timedelta(minutes=20), "en", "Europe/Amsterdam") == (
        "Mar 2, 2026, 23:50 – Mar 3, 2026, 00:10"
    )


def _episode(
    region: Region, opened: date, pain: list[int], kind: EpisodeKind | None = None, **extra: Any
) -> Episode:
    points = tuple(PainValue(opened + timedelta(days=7 * i), v) for i, v in enumerate(pain))
    return Episode(region, opened, None, Onset.GRADUAL, kind, points, **extra)


def test_an_open_episode_says_when_its_pain_should_be_lower() -> None:
    opened = date(2026, 3, 1)
    shin = episode_timer(_episode(Region.SHIN, opened, [5]), DEFAULT_POLICY, date(2026, 3, 10))
    assert shin.days_since_onset == 10
    assert shin.stage.text == "Relative rest and load management"
    check, rest = shin.next_steps
    assert check.values == {"day": date(2026, 3, 22), "num": 22, "first": 5}
    assert rest.values == {"num": 21}
    late = episode_timer(_episode(Region.SHIN, opened, [5, 5]), DEFAULT_POLICY, date(2026, 4, 1))
    assert (
        late.next_steps[0].text == "Not improving after %(num)d days: contact your physiotherapist."
    )


def test_a_suspected_rupture_waits_six_weeks_and_cleared_runners_build_up() -> None:
    opened = date(2026, 3, 1)
    rupture = _episode(
        Region.ACHILLES, opened, [6], kind=EpisodeKind.RUPTURE, rupture_reported=opened
    )
    timer = episode_timer(rupture, DEFAULT_POLICY, date(2026, 3, 11))
    assert timer.stage.text == "No running: suspected rupture"
    assert timer.next_steps[0].values == {"weeks": 6, "day": date(2026, 4, 12), "num": 32}
    cleared = _episode(Region.CALF, opened, [3], cleared_to_run=date(2026, 3, 20))
    back = episode_timer(cleared, DEFAULT_POLICY, date(2026, 3, 25))
    assert back.stage.values == {"day": date(2026, 3, 20)}


def test_the_inbox_filter_reads_its_parameters_and_writes_its_links() -> None:
    chosen = InboxFilter.parse("open", "12", "referral")
    assert chosen.query() == "show=open&athlete=12&severity=referral"
    assert chosen.query(show="all") == "show=all&athlete=12&severity=referral"
    assert InboxFilter.parse("x", "12abc", "awful") == InboxFilter()
    assert InboxFilter.parse("all", "9" * 20, "") == InboxFilter()
