"""``data.sync_stale``: the one rule the service evaluates itself (it knows the connections).

The pure part is here: given a source, the hours since its last successful sync and whether it
needs re-authorisation, build the finding (or nothing). While it stands, the service passes the day
of the last successful sync as ``held_back_from`` to :func:`evaluate`, which then holds back the
load rules for the days since (DOMAIN §1.4).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from service.training.findings import Finding, Severity
from service.training.messages import load_texts as texts
from service.training.messages import render
from service.training.policy import DEFAULT_POLICY, Policy
from service.training.rules.common import make_finding

SOURCE = "loadwatch data-quality check: advice waits for the data of a silent source"

SOURCE_NAMES = {"garmin": "Garmin Connect", "fitbit": "Fitbit"}
"""How each connected source is named to the athlete (brand names, the same in en and nl)."""


def sync_stale_finding(
    day: dt.date,
    source: str,
    hours_since_success: float | None,
    needs_reauth: bool,
    policy: Policy = DEFAULT_POLICY,
) -> Finding | None:
    """A caution when ``source`` needs re-authorisation or has not synced successfully for more
    than ``stale_hours`` (72 h); ``hours_since_success`` None means it never has. None otherwise.

    The period key is the source and the ISO week (``garmin:2026-W10``), so storage keeps at most
    one such finding per source and week however often the service checks.
    """
    if hours_since_success is not None and hours_since_success < 0:
        raise ValueError("hours_since_success cannot be negative")
    stale_after = policy.sync_stale.stale_hours
    never = hours_since_success is None
    silent_too_long = never or (hours_since_success or 0) > stale_after
    if not (needs_reauth or silent_too_long):
        return None
    name = SOURCE_NAMES.get(source, source)
    values = {
        "silent_hours": hours_since_success,
        "stale_hours": stale_after,
        "needs_reauth": int(needs_reauth),
    }
    if needs_reauth:
        template = texts.SYNC_REAUTH
    else:
        template = texts.SYNC_NEVER if never else texts.SYNC_STALE
    message = render(template, source=name, **values)
    finding = make_finding("data.sync_stale", Severity.CAUTION, day, message, SOURCE, values)
    year, week, _ = day.isocalendar()
    return dataclasses.replace(finding, period_key=f"{source}:{year}-W{week:02d}")
