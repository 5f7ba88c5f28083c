"""An advice-check scenario (DOMAIN §1.5): parsing and running it through ``evaluate``.

::

    {"athlete": {"timezone": "Europe/Amsterdam", "sex": "female", "hr_rest": 50, "hr_max": 190,
                 "flags": ["previous_achilles_tendinopathy"]},
     "policy": {"volume.weekly_progression": {"caution_pct": 20}},
     "activities": [{"start": "2026-03-01T08:00:00+01:00", "sport": "running",
                     "distance_m": 10000, "duration_s": 3000, "avg_hr_bpm": 150, "rpe": 6}],
     "checkins": [...],
     "evaluate": {"from": "2026-03-01", "to": "2026-04-30"}}

With §1.6.5: the UTC offset written in an activity's ``start`` is the session's own offset (it
decides the session's local day); an activity may carry ``"race": true`` and may lack
``distance_m`` (its distance is then estimated from the athlete's pace); check-ins may carry
``onset`` and ``feeling_ill``; ``episodes`` records what a physio decided about injury episodes::

    "episodes": [{"region": "achilles", "opened": "2026-02-15", "kind": "rupture",
                  "cleared_to_run": "2026-08-01"}]

(also ``closed`` and ``"not_a_rupture": true``), and ``confirmed_days`` lists outlier days the
athlete confirmed. Optional beyond the contract: ``missing_days`` (local days without device
data) and ``athlete.history_start`` (a first day of history earlier than the first activity).
The scenario runs the same :func:`evaluate` as the workers, with no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from service.integrations.base import Sport
from service.training.checkin_json import parse_record
from service.training.episodes import EpisodeRecord
from service.training.findings import Finding
from service.training.input_errors import InputError, PolicyError
from service.training.json_fields import (
    ScenarioError,
    join,
    optional_number,
    require_day,
    require_instant,
    require_list,
    require_object,
    require_text,
)
from service.training.measures import MAX_UTC_OFFSET_S, AthleteParams, SessionInput
from service.training.policy import Policy, validate_overrides
from service.training.rules import AthleteFlag, evaluate
from service.training.symptoms import AnyCheckin

TOP_FIELDS = (
    "athlete",
    "policy",
    "activities",
    "checkins",
    "evaluate",
    "missing_days",
    "episodes",
    "confirmed_days",
)
ATHLETE_FIELDS = ("timezone", "sex", "hr_rest", "hr_max", "flags", "history_start")
ACTIVITY_FIELDS = (
    "start",
    "sport",
    "distance_m",
    "duration_s",
    "moving_s",
    "avg_hr_bpm",
    "rpe",
    "race",
)
EPISODE_FIELDS = ("region", "opened", "closed", "kind", "cleared_to_run", "not_a_rupture")
MAX_DURATION_S = 7 * 24 * 3600.0
MAX_DISTANCE_M = 1_000_000.0


@dataclass(frozen=True)
class Scenario:
    athlete: AthleteParams
    flags: frozenset[AthleteFlag]
    history_start: dt.date | None
    policy: Policy
    activities: tuple[SessionInput, ...]
    checkins: tuple[AnyCheckin, ...]
    start: dt.date
    end: dt.date
    missing_days: frozenset[dt.date]
    episodes: tuple[EpisodeRecord, ...] = ()
    confirmed_days: frozenset[dt.date] = frozenset()


def parse_scenario(data: object) -> Scenario:
    """A validated scenario; an InputError names the first bad field (``checkins[2].date``)."""
    fields = require_object("", data, TOP_FIELDS)
    if "evaluate" not in fields:
        raise ScenarioError("evaluate", "is required", "is verplicht")
    athlete, flags, history_start = _athlete(fields.get("athlete", {}))
    overrides = fields.get("policy", {})
    if not isinstance(overrides, Mapping):
        raise ScenarioError("policy", "must be a JSON object", "moet een JSON-object zijn")
    try:
        policy = validate_overrides(overrides)
    except InputError as error:
        raise error.within("policy") from None
    window = require_object("evaluate", fields["evaluate"], ("from", "to"))
    start = require_day("evaluate.from", window.get("from"))
    end = require_day("evaluate.to", window.get("to"))
    if start > end:
        raise ScenarioError("evaluate.to", "must not be before from", "mag niet voor from liggen")
    return Scenario(
        athlete=athlete,
        flags=flags,
        history_start=history_start,
        policy=policy,
        activities=tuple(_listed("activities", fields, _activity)),
        checkins=tuple(c for found in _listed("checkins", fields, parse_record) for c in found),
        start=start,
        end=end,
        missing_days=frozenset(_listed("missing_days", fields, require_day)),
        episodes=tuple(_listed("episodes", fields, _episode)),
        confirmed_days=frozenset(_listed("confirmed_days", fields, require_day)),
    )


def _listed[T](name: str, fields: Mapping[str, Any], parse: Callable[[str, Any], T]) -> list[T]:
    items = require_list(name, fields.get(name, []))
    return [parse(f"{name}[{index}]", item) for index, item in enumerate(items)]


def _athlete(value: object) -> tuple[AthleteParams, frozenset[AthleteFlag], dt.date | None]:
    fields = require_object("athlete", value, ATHLETE_FIELDS)
    timezone = require_text("athlete.timezone", fields.get("timezone"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScenarioError(
            "athlete.timezone",
            f"is not a known IANA time zone: {timezone}",
            f"is geen bekende IANA-tijdzone: {timezone}",
        ) from None
    sex = fields.get("sex")
    if sex not in (None, "male", "female"):
        raise ScenarioError("athlete.sex", "must be male or female", "moet male of female zijn")
    hr_rest = optional_number("athlete.hr_rest", fields.get("hr_rest"), 20, 150)
    hr_max = optional_number("athlete.hr_max", fields.get("hr_max"), 80, 250)
    if hr_rest is not None and hr_max is not None and hr_max <= hr_rest:
        raise ScenarioError("athlete.hr_max", "must be above hr_rest", "moet boven hr_rest liggen")
    history = fields.get("history_start")
    history_start = None if history is None else require_day("athlete.history_start", history)
    flags = _flags(fields.get("flags", []))
    return AthleteParams(timezone, sex, hr_rest, hr_max), flags, history_start


def _flags(value: object) -> frozenset[AthleteFlag]:
    flags = require_list("athlete.flags", value)
    found = set()
    for index, flag in enumerate(flags):
        try:
            found.add(AthleteFlag(flag))
        except ValueError:
            listed = ", ".join(known.value for known in AthleteFlag)
            raise ScenarioError(
                f"athlete.flags[{index}]", f"must be one of {listed}", f"moet een van {listed} zijn"
            ) from None
    return frozenset(found)


def _activity(path: str, value: object) -> SessionInput:
    fields = require_object(path, value, ACTIVITY_FIELDS)
    sport = require_text(join(path, "sport"), fields.get("sport"))
    if sport not in {known.value for known in Sport}:
        listed = ", ".join(known.value for known in Sport)
        raise ScenarioError(
            join(path, "sport"), f"must be one of {listed}", f"moet een van {listed} zijn"
        )
    duration = optional_number(
        join(path, "duration_s"), fields.get("duration_s"), 0, MAX_DURATION_S
    )
    if duration is None:
        raise ScenarioError(join(path, "duration_s"), "is required", "is verplicht")
    start = require_instant(join(path, "start"), fields.get("start"))
    offset = start.utcoffset()
    if offset is None or abs(offset.total_seconds()) > MAX_UTC_OFFSET_S:
        raise ScenarioError(
            join(path, "start"),
            "must have a UTC offset within ±18:00",
            "moet een UTC-verschil binnen ±18:00 hebben",
        )
    return SessionInput(
        start=start,
        utc_offset_s=int(offset.total_seconds()),
        race=_optional_bool(join(path, "race"), fields.get("race")),
        sport=sport,
        duration_s=duration,
        distance_m=optional_number(
            join(path, "distance_m"), fields.get("distance_m"), 0, MAX_DISTANCE_M
        ),
        moving_s=optional_number(join(path, "moving_s"), fields.get("moving_s"), 0, MAX_DURATION_S),
        avg_hr_bpm=optional_number(join(path, "avg_hr_bpm"), fields.get("avg_hr_bpm"), 20, 250),
        rpe=optional_number(join(path, "rpe"), fields.get("rpe"), 0, 10),
    )


def _optional_bool(path: str, value: object) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ScenarioError(path, "must be true or false", "moet true of false zijn")
    return value


def _episode(path: str, value: object) -> EpisodeRecord:
    """A physio's record of an episode; its own checks (an episode closing before it opens, an
    unknown kind) name the field inside ``path``."""
    fields = require_object(path, value, EPISODE_FIELDS)
    if fields.get("region") is None:
        raise ScenarioError(join(path, "region"), "is required", "is verplicht")

    def day(name: str) -> dt.date | None:
        found = fields.get(name)
        return None if found is None else require_day(join(path, name), found)

    opened = day("opened")
    if opened is None:
        raise ScenarioError(join(path, "opened"), "is required", "is verplicht")
    closed, cleared_to_run = day("closed"), day("cleared_to_run")
    not_a_rupture = _optional_bool(join(path, "not_a_rupture"), fields.get("not_a_rupture"))
    try:
        return EpisodeRecord(
            region=fields["region"],
            opened=opened,
            closed=closed,
            kind=fields.get("kind"),
            cleared_to_run=cleared_to_run,
            not_a_rupture=not_a_rupture,
        )
    except InputError as error:
        raise error.within(path) from None


def run_scenario(scenario: Scenario) -> list[Finding]:
    """The scenario's findings from :func:`evaluate`, the function the workers call."""
    try:
        return evaluate(
            scenario.athlete,
            scenario.flags,
            scenario.policy,
            scenario.activities,
            scenario.checkins,
            scenario.start,
            scenario.end,
            missing_days=scenario.missing_days,
            history_start=scenario.history_start,
            episodes=scenario.episodes,
            confirmed_days=scenario.confirmed_days,
        )
    except PolicyError as error:  # a measure the athlete's profile cannot compute
        raise error.within("policy") from None
