"""What the athlete view's charts script needs: where the series is, and every text it shows.

The script draws from the metrics JSON of the API (the same numbers a client of the API gets);
its texts come from the page's catalog, so the charts speak the page's language.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any, Final
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from service.alerts.reading import finding_message
from service.athletes.access import AthleteAccess
from service.athletes.queries import get_profile
from service.dashboard.formats import signed_percent
from service.dashboard.i18n import N_
from service.dashboard.labels import MEASURES, REGIONS, SEVERITIES, UNITS, rule_label, source_label
from service.dashboard.page import Page
from service.dashboard.queries import count_heart_rate_activities
from service.dashboard.service import SPIKE_GUARD
from service.metrics.build import athlete_params, computable_measures
from service.models import Finding, User

ACWR_BAND: Final = (0.8, 1.3)
ACWR_HIGH: Final = 1.5
SPIKE_BANDS: Final = (10.0, 30.0, 100.0)
"""Single-run increases on the 30-day longest run, in %: Frandsen et al. 2025 (DOMAIN §1.4)."""
WEEKLY_RISE_PCT: Final = 20.0

CHART_TEXTS: Final = {
    "load": N_("Daily load"),
    "acute": N_("Acute (7-day mean)"),
    "chronic": N_("Chronic (28-day mean)"),
    "acwrRolling": N_("Ratio, rolling 7:28"),
    "acwrEwma": N_("Ratio, EWMA"),
    "band": N_("0.8–1.3: range often cited as usual"),
    "high": N_("above 1.5: often cited as high; context only"),
    "week": N_("Week"),
    "weekTotal": N_("Week total"),
    "changeHeader": N_("Change on the week before"),
    "weekOf": N_("Week of %(day)s"),
    "change": N_("%(change)s on the week before"),
    "soFar": N_("so far"),
    "incomplete": N_("days without data in this week"),
    "longest": N_("Longest in the previous 30 days"),
    "guard": N_("%(pct)s on that longest"),
    "session": N_("Longest session of the day"),
    "spikeOver": N_("%(pct)s over the 30-day longest"),
    "spikeUnder": N_("within the 30-day longest"),
    "noData": N_(
        "No stored days in this period yet. They appear once activities are synced or uploaded."
    ),
    "noSpikes": N_("No session in this period has a 30-day longest to compare with yet."),
    "failed": N_("The series could not be loaded. Reload the page to try again."),
    "loading": N_("Loading the series…"),
    "date": N_("Day"),
    "value": N_("Value"),
    "missing": N_("no data"),
    "findings": N_("Warnings"),
    "openFinding": N_("Select a marker to read its explanation below the chart."),
    "fullExplanation": N_("The full explanation: the rule, the numbers and what to do"),
    "source": N_("Based on:"),
    "garminActivityLoad": N_("Garmin: training load of the day's activities"),
    "garminAcute": N_("Garmin: acute load"),
    "garminChronic": N_("Garmin: chronic load"),
    "garminRatio": N_("Garmin's ratio"),
    "oursAcute": N_("loadwatch: acute (7-day mean)"),
    "garminScale": N_("Garmin's scale"),
    "ourScale": N_("loadwatch"),
    "painOf": N_("Pain, %(region)s"),
    "painScale": N_("pain 0–10"),
    "otherScale": N_("minutes, OSTRC 0–100"),
    "stiffness": N_("Morning stiffness (minutes)"),
    "ostrc": N_("OSTRC severity (0–100)"),
    "redFlag": N_("Red flag reported"),
    "noCheckins": N_("No check-ins in this period yet."),
}


def chart_config(
    page: Page,
    athlete_id: int,
    measure: str,
    start: date,
    end: date,
    findings: Sequence[Finding] = (),
    seen: Collection[int] = (),
    garmin: Sequence[dict[str, Any]] = (),
    symptoms: bool = False,
    trimp: str | None = None,
    athlete_name: str = "",
) -> dict[str, Any]:
    """``symptoms``: whether the reader may see the athlete's check-ins (drawn when True);
    ``seen``: the findings the reader marked as seen; ``trimp``: why there is no TRIMP to draw
    (:func:`trimp_note`), shown instead of the load charts; ``athlete_name``: the athlete as
    staff read the findings' messages."""
    query = urlencode({"measure": measure, "start": start.isoformat(), "end": end.isoformat()})
    days = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    return {
        "metricsUrl": f"/api/v1/athletes/{athlete_id}/metrics?{query}",
        "checkinsUrl": f"/api/v1/athletes/{athlete_id}/checkins?{days}" if symptoms else None,
        "regions": {key: page._(label) for key, label in REGIONS.items()},
        "measure": measure,
        "measureLabel": page._(MEASURES[measure]),
        "unit": UNITS[measure],
        "locale": page.locale,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "acwrBand": ACWR_BAND,
        "acwrHigh": ACWR_HIGH,
        "spikeGuard": SPIKE_GUARD,
        "spikeGuardText": signed_percent((SPIKE_GUARD - 1) * 100, page.locale),
        "spikeBands": SPIKE_BANDS,
        "weeklyRisePct": WEEKLY_RISE_PCT,
        "texts": {key: page._(text) for key, text in CHART_TEXTS.items()},
        "findings": [
            _marker(page, athlete_id, f, f.id not in seen, athlete_name) for f in findings
        ],
        "garmin": list(garmin),
        "trimpNote": trimp,
    }


TRIMP_NO_PROFILE_SELF: Final = N_(
    "TRIMP is worked out from heart rate and needs your resting heart rate, your maximum heart"
    " rate and your sex. Your profile does not have them yet, so there is no TRIMP to show."
)
TRIMP_NO_PROFILE: Final = N_(
    "TRIMP is worked out from heart rate and needs the resting heart rate, the maximum heart rate"
    " and the sex of %(name)s. The profile does not have them yet, so there is no TRIMP to show."
)
TRIMP_NO_HEART_RATE: Final = N_(
    "No activity in this period has a heart rate, so there is no TRIMP to count. Running"
    " distance or duration does show this period's load."
)


def trimp_ready(session: Session, athlete: User) -> bool:
    """Whether the athlete's profile has what TRIMP needs (sex, resting and maximum heart rate)."""
    params = athlete_params(athlete, get_profile(session, athlete.id))
    return "trimp" in computable_measures(params)


def trimp_note(
    page: Page, session: Session, access: AthleteAccess, start: date, end: date
) -> str | None:
    """Why the TRIMP charts would be empty, in the reader's words; None when there is TRIMP.

    TRIMP (DOMAIN §1.1) needs the athlete's sex, resting and maximum heart rate, and an average
    heart rate per activity; without the profile no TRIMP series is stored at all."""
    if not trimp_ready(session, access.athlete):
        if access.is_self:
            return page._(TRIMP_NO_PROFILE_SELF)
        return page._(TRIMP_NO_PROFILE, name=access.athlete.display_name)
    activities, with_heart_rate = count_heart_rate_activities(
        session, access.athlete.id, start, end
    )
    return page._(TRIMP_NO_HEART_RATE) if activities and not with_heart_rate else None


def _marker(
    page: Page, athlete_id: int, finding: Finding, is_open: bool, athlete_name: str
) -> dict[str, Any]:
    """A finding as a marker on the daily chart; it opens a summary that links to its page."""
    return {
        "id": finding.id,
        "url": f"/athletes/{athlete_id}/findings/{finding.id}",
        "date": finding.day.isoformat(),
        "severity": finding.severity,
        "label": page._(rule_label(finding.rule)),
        "severityLabel": page._(SEVERITIES.get(finding.severity, finding.severity)),
        "message": finding_message(finding, page.locale, page.reader.id, athlete_name),
        "source": page._(source) if (source := source_label(finding.source)) else "",
        "open": is_open,
    }
