"""Injury episodes (DOMAIN §1.6.2): opening, closing, onset, kind, pain value of a day, records."""

from __future__ import annotations

import datetime as dt

import pytest

from service.training.episodes import (
    EpisodeKind,
    EpisodeRecord,
    PainValue,
    derive_episodes,
)
from service.training.input_errors import InputError
from service.training.symptoms import (
    AnyCheckin,
    DailyCheckin,
    Onset,
    PostRunCheckin,
    RedFlag,
    RedFlagReport,
    Region,
    WeeklyCheckin,
)
from tests.unit.rules.support import day

SHIN, ACHILLES, CALF = Region.SHIN, Region.ACHILLES, Region.CALF


def weekly(offset: int, pain: int, region: Region = SHIN, **extra) -> WeeklyCheckin:
    return WeeklyCheckin(day(offset), region, pain_week=pain, **extra)


def spans(checkins, records=(), end: int = 60) -> list[tuple[str, int, int | None]]:
    """(region, opened, closed) of each episode, as day offsets."""
    found = []
    for episode in derive_episodes(checkins, records, day(end)):
        closed = None if episode.closed is None else (episode.closed - day(0)).days
        found.append((episode.region.value, (episode.opened - day(0)).days, closed))
    return found


@pytest.mark.parametrize(
    ("checkins", "expected"),
    [
        ([weekly(0, 0), weekly(7, 0)], []),  # no pain: no episode
        ([weekly(3, 2)], [("shin", 3, None)]),  # opens on the first pain > 0
        # 14 days without pain with two pain-free check-ins close it on the 14th day
        ([weekly(0, 3), weekly(2, 0), weekly(5, 0)], [("shin", 0, 14)]),
        ([weekly(0, 3), weekly(2, 0)], [("shin", 0, None)]),  # one pain-free check-in: open
        # the second pain-free check-in on day 20: the 14 days up to it hold both
        ([weekly(0, 3), weekly(10, 0), weekly(20, 0)], [("shin", 0, 20)]),
        ([weekly(0, 3), weekly(6, 0), weekly(13, 0)], [("shin", 0, 14)]),
        # pain again on day 14 (the 14th day): not 14 days without pain, same episode
        ([weekly(0, 3), weekly(2, 0), weekly(5, 0), weekly(14, 2)], [("shin", 0, None)]),
        # pain on day 15, after the episode closed on day 14: a new one
        (
            [weekly(0, 3), weekly(2, 0), weekly(5, 0), weekly(15, 2)],
            [("shin", 0, 14), ("shin", 15, None)],
        ),
        # regions are separate
        ([weekly(0, 3), weekly(1, 2, ACHILLES)], [("achilles", 1, None), ("shin", 0, None)]),
        # a red flag for a region opens its episode
        (
            [RedFlagReport(day(4), frozenset({RedFlag.CANNOT_BEAR_WEIGHT}), Region.ANKLE)],
            [("ankle", 4, None)],
        ),
    ],
)
def test_opening_and_closing(checkins, expected) -> None:
    assert spans(checkins) == expected


def test_the_pain_value_of_a_day_is_its_highest_pain_field() -> None:
    checkins: list[AnyCheckin] = [
        weekly(0, 1),
        PostRunCheckin(day(3), SHIN, pain_during=2, pain_after=4),
        DailyCheckin(day(3), SHIN, morning_pain=3),
        DailyCheckin(day(5), SHIN, morning_stiffness_min=20),  # no pain field: no value
    ]
    (episode,) = derive_episodes(checkins, (), day(10))
    assert episode.pain == (PainValue(day(0), 1), PainValue(day(3), 4))
    assert episode.first_pain == PainValue(day(0), 1)
    assert episode.pain_on_or_before(day(2)) == PainValue(day(0), 1)


@pytest.mark.parametrize(
    ("checkins", "onset"),
    [
        ([weekly(0, 3)], Onset.GRADUAL),  # the default
        ([weekly(0, 3, onset=Onset.SUDDEN)], Onset.SUDDEN),
        ([weekly(0, 3), weekly(2, 5, onset=Onset.SUDDEN)], Onset.GRADUAL),  # not the opening
        ([RedFlagReport(day(0), frozenset({RedFlag.SUDDEN_SNAP}), Region.HAMSTRING)], Onset.SUDDEN),
    ],
)
def test_onset_comes_from_the_opening_check_in(checkins, onset) -> None:
    (episode,) = derive_episodes(checkins, (), day(10))
    assert episode.onset is onset


@pytest.mark.parametrize(
    ("flag_region", "earlier", "region"),
    [
        (ACHILLES, [], ACHILLES),
        (CALF, [], CALF),
        (None, [], ACHILLES),  # no region: the Achilles
        (None, [weekly(2, 3, CALF)], CALF),  # calf pain in the 14 days before: the calf
        (None, [weekly(0, 3, CALF), weekly(1, 2, ACHILLES)], ACHILLES),  # the latest
        (None, [weekly(-20, 3, CALF)], ACHILLES),  # calf pain too long before
    ],
)
def test_a_rupture_flag_marks_its_episode_as_a_rupture(flag_region, earlier, region) -> None:
    snap = RedFlagReport(day(5), frozenset({RedFlag.SUDDEN_SNAP}), flag_region)
    ruptured = [e for e in derive_episodes([*earlier, snap], (), day(20)) if e.rupture_start]
    assert [(e.region, e.kind, e.rupture_start) for e in ruptured] == [
        (region, EpisodeKind.RUPTURE, day(5))
    ]


def test_records_open_attach_close_and_clear() -> None:
    checkins = [weekly(0, 3, ACHILLES), weekly(3, 4, ACHILLES)]
    snap = RedFlagReport(day(5), frozenset({RedFlag.SUDDEN_SNAP}), ACHILLES)
    cleared = EpisodeRecord(ACHILLES, day(2), cleared_to_run=day(40))
    (episode,) = derive_episodes([*checkins, snap], [cleared], day(60))
    assert episode.rupture_on(day(39)) and not episode.rupture_on(day(40))
    assert not episode.rupture_on(day(4))  # before the report
    none = EpisodeRecord(ACHILLES, day(0), not_a_rupture=True)
    (episode,) = derive_episodes([*checkins, snap], [none], day(60))
    assert episode.kind is None and episode.rupture_start is None
    by_hand = EpisodeRecord(SHIN, day(10), kind=EpisodeKind.TENDINOPATHY, closed=day(20))
    (first, second) = derive_episodes([weekly(12, 2), weekly(25, 3)], [by_hand], day(60))
    assert (first.opened, first.closed, first.kind) == (day(10), day(20), EpisodeKind.TENDINOPATHY)
    assert first.closed_by_hand and (second.opened, second.kind) == (day(25), None)
    physio = EpisodeRecord(ACHILLES, day(0), kind=EpisodeKind.RUPTURE)
    (recorded,) = derive_episodes([], [physio], day(60))
    assert recorded.rupture_start == day(0) and recorded.rupture_on(day(59))


@pytest.mark.parametrize(
    ("record", "field"),
    [
        ({"region": "shin", "opened": day(5), "closed": day(4)}, "closed"),
        ({"region": "shin", "opened": day(5), "cleared_to_run": day(4)}, "cleared_to_run"),
        ({"region": "knee", "opened": day(5)}, "region"),
        ({"region": "shin", "opened": day(5), "kind": "fracture"}, "kind"),
        (
            {"region": "achilles", "opened": day(5), "kind": "rupture", "not_a_rupture": True},
            "not_a_rupture",
        ),
    ],
)
def test_bad_records_are_refused_naming_the_field(record, field) -> None:
    with pytest.raises(InputError) as raised:
        EpisodeRecord(**record)
    assert raised.value.field == field and raised.value.message_nl


def test_later_check_ins_are_not_read() -> None:
    assert derive_episodes([weekly(5, 3)], (), day(4)) == ()
    (episode,) = derive_episodes([weekly(0, 3), weekly(2, 0), weekly(5, 0)], (), day(13))
    assert episode.closed is None  # not yet 14 days without pain on day 13
    assert isinstance(episode.opened, dt.date)
