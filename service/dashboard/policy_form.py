"""The advice-settings form: a name for every threshold, and the posted form → overrides.

Each input is named ``<rule>.<parameter>`` (``volume.session_spike.caution_pct``). The form
sends every value, also those the reader may not change (read-only inputs): the findings
feature replaces the overrides as a whole and refuses a change by the wrong role.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from service.dashboard.form_data import Fields, parse_number
from service.dashboard.i18n import N_, gettext
from service.findings.schemas import ParameterOut

PARAMETERS: Final = {
    "volume.weekly_progression.caution_pct": N_("Weekly rise that gives a caution"),
    "volume.weekly_progression.min_base_km": N_("Smallest base for a percentage"),
    "volume.weekly_progression.allowance_km": N_("Rise allowed on a smaller base"),
    "volume.weekly_progression.two_week_pct": N_("Two-week rise that gives a warning"),
    "volume.weekly_progression.two_week_min_base_km": N_("Smallest two-week base"),
    "volume.session_spike.caution_pct": N_("Above the 30-day longest run: caution from"),
    "volume.session_spike.warning_pct": N_("Above the 30-day longest run: warning from"),
    "volume.session_spike.double_pct": N_('Above the 30-day longest run: "more than double" from'),
    "volume.high_for_tendon_risk.percentile": N_("Percentile of the runner's own weeks"),
    "volume.high_for_tendon_risk.history_days": N_("Days of weeks compared"),
    "volume.high_for_tendon_risk.min_history_days": N_("Days of history needed first"),
    "volume.high_for_tendon_risk.cap_km": N_("Coach's weekly cap (0 is none)"),
    "load.acwr_context.rolling_high": N_("Ratio shown as high from"),
    "load.acwr_context.uncoupled_high": N_("Uncoupled ratio shown as high from"),
    "load.acwr_context.measure": N_("Load measure of the ratio"),
    "pain.during_or_after_run.ceiling": N_("Pain ceiling during or after a run"),
    "pain.next_morning.baseline_mornings": N_("Mornings in the baseline"),
    "pain.next_morning.min_mornings": N_("Mornings needed for a baseline"),
    "pain.weekly_trend.rise_points": N_("Weekly pain rise that gives a warning"),
    "referral.achilles_not_improving.days": N_("Days without improvement before referral"),
    "referral.achilles_not_improving.pause_days": N_("Days without running that make a pause"),
    "referral.achilles_not_improving.resume_window_days": N_("Days after resuming to watch"),
    "referral.rest_too_long.heel_shin_days": N_("Longest rest for heel, foot or shin"),
    "referral.rest_too_long.knee_days": N_("Longest rest for a knee"),
    "ostrc.substantial_problem.referral_weeks": N_("Weeks in a row before referral"),
    "visa_a.change.mcid": N_("Smallest relevant VISA-A change"),
    "load.monotony_strain.monotony_high": N_("Monotony that gives an info"),
    "load.monotony_strain.strain_percentile": N_("Strain percentile that gives a caution"),
    "load.monotony_strain.strain_history_days": N_("Days of strain compared"),
    "load.monotony_strain.min_strain_values": N_("Days of strain needed first"),
    "load.monotony_strain.measure": N_("Load measure of monotony and strain"),
    "load.return_from_break.break_days": N_("Days without running that make a break"),
    "load.return_from_break.hide_ratio_days": N_("Days the ratio stays hidden after a break"),
    "data.sync_stale.stale_hours": N_("Hours without a sync before load advice waits"),
}
UNITS: Final = {
    "percentile": N_("percentile"),
    "days": N_("days"),
    "ratio": N_("ratio"),
    "pain 0–10": N_("pain 0–10"),
    "mornings": N_("mornings"),
    "pain points": N_("pain points"),
    "weeks": N_("weeks"),
    "points": N_("points"),
    "hours": N_("hours"),
}
ROLE_NAMES: Final = {
    "coach": N_("coach"),
    "physio": N_("physiotherapist"),
    "admin": N_("administrator"),
}
NOT_A_NUMBER: Final = N_("Enter a number.")
NOT_A_CHOICE: Final = N_("Choose one of the listed measures.")
NOT_YOURS: Final = N_("Only a %(roles)s may change this.")


def key(parameter: ParameterOut) -> str:
    return f"{parameter.rule}.{parameter.name}"


@dataclass
class PolicySubmission:
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def read_policy_form(
    fields: Fields, parameters: Sequence[ParameterOut], locale: str
) -> PolicySubmission:
    """Every parameter's posted value as overrides; an unreadable one is a message by field."""
    fields.only({key(p) for p in parameters})
    submission = PolicySubmission()
    for parameter in parameters:
        text = fields.get(key(parameter))
        value = _value(text, parameter)
        if value is None:
            message = NOT_A_CHOICE if parameter.choices else NOT_A_NUMBER
            submission.errors[key(parameter)] = gettext(locale, message)
            continue
        submission.overrides.setdefault(parameter.rule, {})[parameter.name] = value
    return submission


def _value(text: str, parameter: ParameterOut) -> float | int | str | None:
    if parameter.choices:
        return text if text in parameter.choices else None
    try:
        number = parse_number(text)
    except ValueError:
        return None
    if number is not None and number.is_integer():
        return int(number)
    return number


def refused_fields(
    submission: PolicySubmission, parameters: Sequence[ParameterOut], locale: str
) -> dict[str, str]:
    """The parameters the reader changed but may not, each with who may."""
    refused: dict[str, str] = {}
    for parameter in parameters:
        sent = submission.overrides.get(parameter.rule, {}).get(parameter.name)
        if parameter.may_change or sent is None or _same(sent, parameter.value):
            continue
        roles = " / ".join(gettext(locale, ROLE_NAMES.get(r, r)) for r in parameter.changed_by)
        refused[key(parameter)] = gettext(locale, NOT_YOURS, roles=roles)
    return refused


def _same(sent: object, current: object) -> bool:
    if isinstance(sent, int | float) and isinstance(current, int | float):
        return float(sent) == float(current)
    return sent == current


def shown_value(parameter: ParameterOut, locale: str) -> str:
    """A value as the input shows it (``2,5`` in Dutch is read back as 2.5)."""
    value = parameter.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return text.replace(".", ",") if locale == "nl" and isinstance(value, float) else text


def unit_label(unit: str, locale: str) -> str:
    """``%`` and ``km`` as they are; named units in the reader's language; none for a choice."""
    if unit == "measure":
        return ""
    known = UNITS.get(unit)
    return gettext(locale, known) if known else unit
