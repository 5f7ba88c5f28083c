"""Today's guard: how long a run today may be without a single-run spike (DOMAIN §1.4, §1.6.4).

One answer for every place that offers a distance (the runner's week, the athlete page, the plan
check), built the way ``volume.session_spike`` judges today's run, so a page never offers what a
warning beside it advises against:

- the reference is the longest run of the 30 days before today, **leaving out runs that were
  themselves a spike** (a caution or worse of ``volume.session_spike``; a race is no spike): a
  run far above the usual does not raise tomorrow's limit, and the guard agrees with the spike
  warning's "keep your next long run at about …";
- in the return window after a break (§1.6.4) the reference is at least the discounted longest
  run from before the break, as the rule compares;
- the guard is that reference × (1 + the athlete's spike caution threshold);
- no distance is offered while advice is on hold: a suspected rupture that was not cleared
  (``episode.rupture``), or a data source that went silent (``data.sync_stale``:
  ``held_back_from``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from service.training.findings import Finding, Severity
from service.training.messages import load_texts as texts
from service.training.rules.common import above
from service.training.rules.episode_rules import ruptures
from service.training.rules.inputs import RuleInputs
from service.training.rules.return_window import return_windows, window_on
from service.training.rules.volume import session_spike, spike_finding

REFERENCE_DAYS = 30


class Hold(StrEnum):
    """Why no distance is offered today."""

    RUPTURE = "rupture"  # a suspected rupture stands: see the physio before running again
    STALE_DATA = "stale_data"  # a source went silent: the recent runs are not known
    NO_RUNS = "no_runs"  # no run in the 30 days before today to build on


@dataclass(frozen=True)
class TodaysGuard:
    day: dt.date
    caution_pct: float
    reference_km: float | None = None
    hold: Hold | None = None
    spikes_left_out: bool = False  # a longer run of the 30 days was itself a spike

    @property
    def km(self) -> float | None:
        """The longest run today that stays within the spike rule; None while on hold."""
        if self.hold is not None or self.reference_km is None:
            return None
        return self.reference_km * (1 + self.caution_pct / 100)


def todays_guard(
    inputs: RuleInputs, today: dt.date, *, held_back_from: dt.date | None = None
) -> TodaysGuard:
    """``inputs`` built up to at least the day before ``today`` (later days are not read)."""
    caution_pct = inputs.policy.session_spike.caution_pct
    if any(episode.rupture_on(today) for episode in ruptures(inputs)):
        return TodaysGuard(today, caution_pct, hold=Hold.RUPTURE)
    if held_back_from is not None and held_back_from <= today:
        return TodaysGuard(today, caution_pct, hold=Hold.STALE_DATA)
    reference, left_out = _reference_km(inputs, today)
    window = window_on(return_windows(inputs), today)
    if window is not None and window.longest_km is not None:
        reference = max(reference or 0.0, window.longest_km) or None
    if reference is None:
        return TodaysGuard(today, caution_pct, hold=Hold.NO_RUNS)
    return TodaysGuard(today, caution_pct, reference_km=reference, spikes_left_out=left_out)


def _reference_km(inputs: RuleInputs, today: dt.date) -> tuple[float | None, bool]:
    """The longest run of the 30 days before ``today`` that was no spike, and whether a longer
    one was left out."""
    data = inputs.volume_distance
    if data is None:
        return None, False
    spikes = {
        finding.date
        for finding in session_spike(inputs)
        if finding.severity is not Severity.INFO  # a race is no spike
    }
    first = today - dt.timedelta(days=REFERENCE_DAYS)
    runs = [
        (data.day(int(index)), float(data.top_session[index]))
        for index in np.flatnonzero(np.isfinite(data.top_session))
        if first <= data.day(int(index)) < today and data.top_session[index] > 0
    ]
    kept = max((km for day, km in runs if day not in spikes), default=None)
    longest = max((km for _day, km in runs), default=None)
    return kept, longest is not None and (kept is None or longest > kept)


def spike_over_guard(inputs: RuleInputs, guard: TodaysGuard, session_km: float) -> Finding | None:
    """The ``volume.session_spike`` finding a run of ``session_km`` on the guard's day gives
    against the guard's reference, or None within the guard (or while it is on hold, when other
    rules speak). The plan check adds it where the rule itself, reading a spike run as the
    reference, stays silent: a plan over the guard is never "no new warning"."""
    if guard.km is None or guard.reference_km is None or not above(session_km, guard.km):
        return None
    limits = inputs.policy.session_spike
    spike = (session_km / guard.reference_km - 1) * 100
    values = {"session_km": session_km, "longest_30d_km": guard.reference_km, "spike_pct": spike}
    if guard.spikes_left_out:
        lead = texts.SPIKE_PAST_SPIKE
    else:
        lead = texts.SPIKE_DOUBLE if above(spike, limits.double_pct) else texts.SPIKE_LONGER
    return spike_finding(inputs, guard.day, spike, lead, values)
