"""A deliberately plain, day-by-day reading of DOMAIN §1.1 for one athlete, to test the engine.

Each day is None (missing) or the list of its session loads (empty = rest day). Nothing here is
vectorised or clever: every column is computed from its definition with Python floats.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

NAN = math.nan
Day = Sequence[float] | None


def _window(loads: list[float], t: int, first: int, last: int) -> list[float]:
    """load[t−first .. t−last], oldest first (positions before day 0 do not exist)."""
    return [loads[i] for i in range(t - first, t - last + 1) if i >= 0]


def _mean_observed(values: list[float]) -> float:
    observed = [v for v in values if not math.isnan(v)]
    return math.fsum(observed) / len(observed) if observed else NAN


def _ratio(numerator: float, denominator: float) -> float:
    if math.isnan(numerator) or math.isnan(denominator) or denominator == 0:
        return NAN
    return numerator / denominator


def _change_pct(recent: list[float], earlier: list[float]) -> float:
    if any(math.isnan(v) for v in recent + earlier) or math.fsum(earlier) == 0:
        return NAN
    return (math.fsum(recent) - math.fsum(earlier)) / math.fsum(earlier) * 100


def _monotony(week: list[float]) -> float:
    if len(week) < 7 or any(math.isnan(v) for v in week) or all(v == 0 for v in week):
        return NAN
    mean = math.fsum(week) / 7
    if max(week) == min(week):
        return math.inf
    return mean / math.sqrt(math.fsum((v - mean) ** 2 for v in week) / 7)


def _ewma(loads: list[float], span: int) -> list[float]:
    weight, value, out = 2 / (span + 1), NAN, []
    for load in loads:
        if not math.isnan(load):
            value = load if math.isnan(value) else weight * load + (1 - weight) * value
        out.append(value)
    return out


def _pmc(loads: list[float], days: int) -> list[float]:
    k, value, out = 1 - math.exp(-1 / days), 0.0, []
    for load in loads:
        if not math.isnan(load):
            value = value + k * (load - value)
        out.append(value)
    return out


def _rolling(loads: list[float], t: int) -> dict[str, float]:
    acute_w, chronic_w = _window(loads, t, 6, 0), _window(loads, t, 27, 0)
    acute = NAN
    if t >= 6 and sum(map(math.isnan, acute_w)) <= 1:
        acute = _mean_observed(acute_w)
    chronic28 = chronic21 = NAN
    if t >= 27 and sum(map(math.isnan, chronic_w)) <= 3:
        chronic28, chronic21 = _mean_observed(chronic_w), _mean_observed(chronic_w[:21])
    return {
        "acute_7d": acute,
        "chronic_28d": chronic28,
        "chronic_21d": chronic21,
        "acwr_rolling": _ratio(acute, chronic28),
        "acwr_uncoupled": _ratio(acute, chronic21),
    }


def _spike(days: Sequence[Day], t: int) -> dict[str, float]:
    earlier = [s for i in range(max(0, t - 30), t) for s in (days[i] or [])]
    longest = max(earlier) if earlier else NAN
    today = days[t] or []
    spike = NAN
    if today and not math.isnan(longest) and longest > 0:
        spike = max((s / longest - 1) * 100 for s in today)
    return {"longest_session_30d": longest, "session_spike_pct": spike}


def reference_series(days: Sequence[Day]) -> dict[str, list[float]]:
    """Every §1.1 column, day by day."""
    loads = [NAN if day is None else math.fsum(day) for day in days]
    ewma_a, ewma_c = _ewma(loads, 7), _ewma(loads, 28)
    ctl, atl = _pmc(loads, 42), _pmc(loads, 7)
    rows = []
    for t in range(len(days)):
        week, fortnight, month = (_window(loads, t, n, 0) for n in (6, 13, 27))
        monotony = _monotony(week)
        row = {"load": loads[t], **_rolling(loads, t), **_spike(days, t)}
        row |= {
            "ewma_acute": ewma_a[t],
            "ewma_chronic": ewma_c[t],
            "acwr_ewma": _ratio(ewma_a[t], ewma_c[t]) if t >= 27 else NAN,
            "ctl": ctl[t],
            "atl": atl[t],
            "tsb": ctl[t - 1] - atl[t - 1] if t > 0 else 0.0,
            "ramp_7d": ctl[t] - (ctl[t - 7] if t >= 7 else 0.0),
            "monotony_7d": monotony,
            "strain_7d": math.fsum(week) * monotony,
            "week_change_pct": _change_pct(fortnight[7:], fortnight[:7]) if t >= 13 else NAN,
            "two_week_change_pct": _change_pct(month[14:], month[:14]) if t >= 27 else NAN,
        }
        rows.append(row)
    return {name: [row[name] for row in rows] for name in rows[0]} if rows else {}
