"""A finding explained: its rule in words with the athlete's own thresholds, the numbers that
fired it with their names, the next step and the evidence notes of the rule's settings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from service.dashboard.formats import number, signed_percent
from service.dashboard.i18n import N_, gettext
from service.training.policy import RULE_SECTIONS, Policy, describe_policy, param_specs

RULE_WORDS: Final = {
    "volume.weekly_progression": N_(
        "Compares the running distance of the last 7 days with the 7 days before. Caution when "
        "it rose more than %(caution_pct)s %% on a base of at least %(min_base_km)s km, or by "
        "more than %(allowance_km)s km on a smaller base. Warning when the last 14 days rose more "
        "than %(two_week_pct)s %% on the 14 days before (with at least %(two_week_min_base_km)s "
        "km in those)."
    ),
    "volume.session_spike": N_(
        "Compares the longest run of the day with the longest run of the 30 days before. "
        "Caution above +%(caution_pct)s %%, warning above +%(warning_pct)s %%, and a warning "
        'worded as "more than double" above +%(double_pct)s %%.'
    ),
    "volume.high_for_tendon_risk": N_(
        "For a runner with Achilles tendinopathy now or before: caution when the distance of the "
        "last 7 days is above their own %(percentile)sth percentile of the last %(history_days)s "
        "days (or above the coach's cap), once there are %(min_history_days)s days of history."
    ),
    "load.acwr_context": N_(
        "Only beside a distance warning on the same day: the acute:chronic ratio (7-day mean "
        "over 28-day mean) above %(rolling_high)s, or the uncoupled ratio above "
        "%(uncoupled_high)s. It is context, not a prediction."
    ),
    "load.monotony_strain": N_(
        "Monotony (the week's mean daily load divided by its standard deviation) above "
        "%(monotony_high)s gives an info; strain above the athlete's own %(strain_percentile)sth "
        "percentile of the last %(strain_history_days)s days gives a caution."
    ),
    "load.return_from_break": N_(
        "The first run after at least %(break_days)s days without running: guidance to build up "
        "again, and the ratios stay hidden for %(hide_ratio_days)s days."
    ),
    "pain.during_or_after_run": N_(
        "Pain during or after a run above %(ceiling)s out of 10: running with pain as a guide "
        "(Silbernagel et al. 2007)."
    ),
    "pain.next_morning": N_(
        "Morning pain or stiffness above the median of the previous %(baseline_mornings)s "
        "recorded mornings (at least %(min_mornings)s needed), the morning after a run: caution; "
        "two mornings in a row: warning."
    ),
    "pain.weekly_trend": N_(
        "This week's mean pain in a region more than %(rise_points)s point above last week's."
    ),
    "referral.achilles_not_improving": N_(
        "Achilles pain that is not lower %(days)s days after it started, or that rose within "
        "%(resume_window_days)s days of running again after at least %(pause_days)s days "
        "without running."
    ),
    "referral.rest_too_long": N_(
        "No running for more than %(heel_shin_days)s days with a heel, foot or shin problem "
        "(%(knee_days)s days for a knee) while the pain is not lower than when the pause began."
    ),
    "ostrc.substantial_problem": N_(
        "OSTRC-O2: could not take part, or a moderate or major change in training or "
        "performance, gives a warning; the same region %(referral_weeks)s weeks in a row: see a "
        "physio."
    ),
    "visa_a.change": N_(
        "The VISA-A score %(mcid)s points or more below the athlete's best gives a warning; "
        "%(mcid)s points or more above it is good news."
    ),
    "red_flag.rupture": N_(
        "A sudden snap in the calf or Achilles tendon, or not being able to push off or stand "
        "on the toes, was reported."
    ),
    "red_flag.thrombosis": N_("A calf that is warm, red and swollen was reported."),
    "data.sync_stale": N_(
        "No successful sync of a connected source for %(stale_hours)s hours, or the source must "
        "be connected again: load advice for those days waits."
    ),
    "referral.region_not_improving": N_(
        "An injury episode (one problem in one body region) whose latest pain is not lower than "
        "its first, once the region's timer has run: 21 days for the heel and foot, shin, outside "
        "of the knee and groin, 14 days for the front of the knee and the lower back, and for the "
        "ankle, calf and hamstring 21 days, or 2 to 3 days when it started suddenly. For the front "
        "of the knee also pain rising two weeks in a row while the distance did not."
    ),
    "red_flag.fracture": N_(
        "Not being able to put weight on the ankle, foot or shin was reported: a fracture is "
        "possible."
    ),
    "referral.call_physio_now": N_("A lower back that blocks all movement was reported."),
    "acute.muscle_injury": N_(
        "A sudden snap in the hamstring, or a problem in the calf or hamstring that started "
        "suddenly with pain of at least %(min_pain)s out of 10: a muscle injury is possible."
    ),
    "episode.rupture": N_(
        "After a suspected rupture, until a physio clears it or clears the runner to run: a run "
        "within %(brace_weeks)s weeks of the report gives a warning, and at %(brace_weeks)s weeks "
        "comes the timeline of the recovery. Build-up advice is held back meanwhile."
    ),
    "load.back_to_back_tendon": N_(
        "While a tendon problem is open: two days in a row each with a run of more than "
        "%(share_pct)s %% of the distance of the last 7 days. A tendon needs about three days to "
        "recover from a hard load."
    ),
    "health.illness": N_("Feeling ill (flu-like) was reported."),
    "episode.rupture_risk_medication": N_(
        "An Achilles problem started while the profile names a fluoroquinolone antibiotic, a "
        "corticosteroid or a statin: these raise the risk of an Achilles rupture."
    ),
    "data.outlier_day": N_(
        "A day with more than %(factor)s times the runner's %(percentile)sth percentile of "
        "training days of the last %(history_days)s days: the distance advice waits until the "
        "day is confirmed or corrected."
    ),
}

NEXT_STEPS: Final = {
    "volume.weekly_progression": N_(
        "Hold this week's distance for a week before adding more. To train more, swap a run "
        "for cycling or swimming."
    ),
    "volume.session_spike": N_(
        "Keep the next long runs at about the 30-day longest and lengthen them in small steps."
    ),
    "volume.high_for_tendon_risk": N_(
        "Keep the weekly distance where it is for now and watch the Achilles in the morning."
    ),
    "load.acwr_context": N_("Read this with the distance warning of the same day."),
    "load.monotony_strain": N_("Vary the week: make the easy days easier and add a rest day."),
    "load.return_from_break": N_("Start shorter than before the break and add a little each week."),
    "pain.during_or_after_run": N_(
        "Reduce the next session, and tell your physio if it happens again."
    ),
    "pain.next_morning": N_(
        "Repeat or reduce the last session; do not build up until the mornings settle."
    ),
    "pain.weekly_trend": N_(
        "Reduce the load this week and contact your physio if the pain keeps rising."
    ),
    "referral.achilles_not_improving": N_("Contact your physiotherapist."),
    "referral.rest_too_long": N_("Contact your physiotherapist rather than resting longer."),
    "ostrc.substantial_problem": N_(
        "Adjust your training with your physio; contact them if it lasts."
    ),
    "visa_a.change": N_("Talk the score through with your physio at the next visit."),
    "red_flag.rupture": N_(
        "If no doctor has looked at it yet, stop running and contact your GP or an emergency "
        "department as soon as you can."
    ),
    "red_flag.thrombosis": N_(
        "If no doctor has looked at it yet, go to your GP as soon as you can and do not run "
        "until then."
    ),
    "data.sync_stale": N_("Sync or connect the source again on the connections page."),
    "referral.region_not_improving": N_("Contact your physiotherapist."),
    "red_flag.fracture": N_(
        "If no doctor has looked at it yet, go to the emergency department as soon as you can "
        "and do not load the leg until then."
    ),
    "referral.call_physio_now": N_(
        "If you have no appointment yet, call your physiotherapist as soon as you can."
    ),
    "acute.muscle_injury": N_(
        "The first two days: rest, ice, compress and raise it; no massage or heat."
    ),
    "episode.rupture": N_("Contact your physiotherapist before you run."),
    "load.back_to_back_tendon": N_("Keep a day between the longer runs, or make one of them easy."),
    "health.illness": N_("Rest or train easy while you are ill, and build up again gently."),
    "episode.rupture_risk_medication": N_(
        "Tell your doctor and your physiotherapist about the Achilles problem."
    ),
    "data.outlier_day": N_("Confirm the day, or correct the activity if it is wrong."),
}

VALUE_NAMES: Final = {
    "this_7d_km": N_("Distance, last 7 days (km)"),
    "previous_7d_km": N_("Distance, the 7 days before (km)"),
    "last_14d_km": N_("Distance, last 14 days (km)"),
    "previous_14d_km": N_("Distance, the 14 days before (km)"),
    "change_pct": N_("Change on the 7 days before"),
    "two_week_change_pct": N_("Change on the 14 days before"),
    "increase_km": N_("Increase (km)"),
    "allowance_km": N_("Increase allowed on a small base (km)"),
    "session_km": N_("Longest run of the day (km)"),
    "longest_30d_km": N_("Longest run of the 30 days before (km)"),
    "spike_pct": N_("Longer than that by"),
    "week_km": N_("Distance, last 7 days (km)"),
    "reference_km": N_("Usual upper limit (km)"),
    "percentile_pct": N_("Percentile"),
    "history_days": N_("Days of history compared"),
    "cap_km": N_("Coach's cap (km)"),
    "break_days": N_("Days without running"),
    "pre_break_km": N_("Longest run before the break (km)"),
    "hide_days": N_("Days the ratio stays hidden"),
    "acwr_rolling_ratio": N_("Acute:chronic ratio (7:28)"),
    "acwr_uncoupled_ratio": N_("Uncoupled ratio (7:21)"),
    "monotony_ratio": N_("Monotony"),
    "limit_ratio": N_("Monotony limit"),
    "strain": N_("Strain"),
    "reference": N_("Usual upper limit of strain"),
    "pain_during": N_("Pain during the run (0–10)"),
    "pain_after": N_("Pain after the run (0–10)"),
    "ceiling_pain": N_("Pain ceiling (0–10)"),
    "morning_pain": N_("Morning pain (0–10)"),
    "baseline_pain": N_("Usual morning pain (median)"),
    "stiffness_min": N_("Morning stiffness (minutes)"),
    "baseline_min": N_("Usual morning stiffness (minutes)"),
    "this_week_pain": N_("Mean pain this week"),
    "last_week_pain": N_("Mean pain last week"),
    "q1": N_("OSTRC question 1 (points)"),
    "q2": N_("OSTRC question 2 (points)"),
    "q3": N_("OSTRC question 3 (points)"),
    "q4": N_("OSTRC question 4 (points)"),
    "severity_score": N_("OSTRC severity (0–100)"),
    "streak_weeks": N_("Weeks in a row"),
    "visa_a_score": N_("VISA-A score"),
    "best_score": N_("Best VISA-A score"),
    "change_points": N_("Change (points)"),
    "mcid": N_("Smallest relevant change (points)"),
    "sudden_snap": N_("Sudden snap reported"),
    "cannot_push_off": N_("Cannot push off or stand on the toes"),
    "calf_warm_red_swollen": N_("Calf warm, red and swollen"),
    "start_pain": N_("Pain when it started"),
    "latest_pain": N_("Latest pain"),
    "onset_days": N_("Days since it started"),
    "limit_days": N_("Limit (days)"),
    "before_pain": N_("Pain before the pause"),
    "pause_days": N_("Days of the pause"),
    "window_days": N_("Days after running again"),
    "rest_days": N_("Days without running"),
    "silent_hours": N_("Hours since the last successful sync"),
    "stale_hours": N_("Limit (hours)"),
    "needs_reauth": N_("Must be connected again"),
    "break_weeks": N_("Whole weeks of the break"),
    "discount_pct": N_("Less per week of the break"),
    "pre_break_week_km": N_("Usual weekly distance before the break (km)"),
    "caution_pct": N_("Caution above"),
    "two_weeks_before_pain": N_("Mean pain two weeks earlier"),
    "elapsed_days": N_("Days since the episode started"),
    "timer_days": N_("The region's timer (days)"),
    "min_pain": N_("Pain from which it counts (0–10)"),
    "brace_weeks": N_("Weeks before active rehabilitation"),
    "days_since_days": N_("Days since the report"),
    "feeling_ill": N_("Feeling ill"),
    "cannot_bear_weight": N_("Cannot put weight on it"),
    "cannot_move": N_("The lower back blocks all movement"),
    "day_km": N_("Distance of the day (km)"),
    "first_km": N_("Run of the day before (km)"),
    "share_pct": N_("Share of the 7-day distance"),
    "factor": N_("Times the usual upper limit"),
    "fluoroquinolone": N_("Fluoroquinolone antibiotic"),
    "corticosteroid": N_("Corticosteroid"),
    "statin": N_("Statin"),
}
YES_NO: Final = frozenset(
    {
        "sudden_snap",
        "cannot_push_off",
        "calf_warm_red_swollen",
        "needs_reauth",
        "feeling_ill",
        "cannot_bear_weight",
        "cannot_move",
        "fluoroquinolone",
        "corticosteroid",
        "statin",
    }
)
SIGNED: Final = frozenset({"change_pct", "two_week_change_pct", "spike_pct"})


@dataclass(frozen=True)
class Explanation:
    rule_words: str
    next_step: str
    numbers: list[tuple[str, str]]
    evidence: list[str]


def explain(
    rule: str, values: Mapping[str, float | int], policy: Policy, locale: str
) -> Explanation:
    settings = _settings(rule, policy, locale)
    words = RULE_WORDS.get(rule)
    step = NEXT_STEPS.get(rule)
    return Explanation(
        rule_words=gettext(locale, words, **settings) if words else "",
        next_step=gettext(locale, step) if step else "",
        numbers=[
            (_label(name, locale), _shown(name, value, locale)) for name, value in values.items()
        ],
        evidence=evidence_notes(rule, locale),
    )


def _settings(rule: str, policy: Policy, locale: str) -> dict[str, str]:
    """The rule's thresholds for this athlete, written as the language writes numbers."""
    if rule not in RULE_SECTIONS:
        return {}
    rows = [row for row in describe_policy(policy) if row["rule"] == rule]
    return {row["name"]: _plain(row["value"], locale) for row in rows}


def _plain(value: object, locale: str) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value, locale, 0 if float(value).is_integer() else 1)
    return str(value)


def _label(name: str, locale: str) -> str:
    known = VALUE_NAMES.get(name)
    return gettext(locale, known) if known else name.replace("_", " ")


def _shown(name: str, value: float | int, locale: str) -> str:
    if name in YES_NO:
        return gettext(locale, N_("yes")) if value else gettext(locale, N_("no"))
    if name in SIGNED:
        return signed_percent(value, locale)
    digits = 2 if name.endswith("_ratio") else 0 if float(value).is_integer() else 1
    return number(value, locale, digits)


def evidence_notes(rule: str, locale: str) -> list[str]:
    """The evidence notes of the rule's settings, each once, in the reader's language."""
    if rule not in RULE_SECTIONS:
        return []
    notes: list[str] = []
    for spec in param_specs(rule).values():
        text = spec.evidence.nl if locale == "nl" else spec.evidence.en
        if text not in notes:
            notes.append(text)
    return notes
