"""``evaluate``: every rule for one athlete over a date range; the workers and the CLI call it.

The rules always run over the athlete's whole history up to ``end`` and the cooldown walks that
whole history; only then are the findings outside ``start .. end`` dropped. So the findings of a
day do not depend on the window asked for, and re-evaluating a range gives the same findings with
the same period keys (storage stays idempotent).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence

from service.training.episodes import EpisodeRecord
from service.training.findings import Finding
from service.training.input_errors import InputError, PolicyError
from service.training.measures import AthleteParams, SessionInput, trimp_profile
from service.training.policy import Policy, validate_overrides
from service.training.rules import (
    data_quality,
    episode_rules,
    health,
    load,
    pain,
    pathways,
    questionnaires,
    red_flags,
    referral,
    tendon,
    volume,
    weekly_pain,
)
from service.training.rules.cooldown import apply_cooldown
from service.training.rules.inputs import AthleteFlag, RuleInputs, build_inputs
from service.training.symptoms import AnyCheckin

Rule = Callable[[RuleInputs], list[Finding]]

VOLUME_RULES: tuple[Rule, ...] = (
    volume.weekly_progression,
    volume.session_spike,
    volume.high_for_tendon_risk,
)
LOAD_RULES: tuple[Rule, ...] = (
    load.monotony_strain,
    load.return_from_break,
    tendon.back_to_back_tendon,
    data_quality.outlier_day,
)
SYMPTOM_RULES: tuple[Rule, ...] = (
    pain.during_or_after_run,
    pain.next_morning,
    weekly_pain.weekly_trend,
    referral.achilles_not_improving,
    referral.rest_too_long,
    pathways.region_not_improving,
    questionnaires.ostrc_substantial,
    red_flags.red_flags,
    episode_rules.episode_rupture,
    episode_rules.muscle_injury,
    health.illness,
    health.rupture_risk_medication,
)

RULE_IDS = (
    "volume.weekly_progression",
    "volume.session_spike",
    "volume.high_for_tendon_risk",
    "load.acwr_context",
    "pain.during_or_after_run",
    "pain.next_morning",
    "pain.weekly_trend",
    "referral.achilles_not_improving",
    "referral.rest_too_long",
    "ostrc.substantial_problem",
    "visa_a.change",
    "load.monotony_strain",
    "load.return_from_break",
    "red_flag.rupture",
    "red_flag.thrombosis",
    "data.sync_stale",
    "referral.region_not_improving",
    "red_flag.fracture",
    "referral.call_physio_now",
    "acute.muscle_injury",
    "episode.rupture",
    "load.back_to_back_tendon",
    "health.illness",
    "episode.rupture_risk_medication",
    "data.outlier_day",
)
"""Every rule id of DOMAIN §1.4 and §1.6.4; ``data.sync_stale`` is built by the service
(:mod:`.sync`)."""

SYMPTOM_RULE_PREFIXES = (
    "pain.",
    "referral.",
    "ostrc.",
    "visa_a.",
    "red_flag.",
    "acute.",
    "episode.",
    "health.",
    "load.back_to_back_tendon",
)
"""The families of ``SYMPTOM_RULES`` (and the one load rule that reads an injury episode): their
findings come from symptom data (check-ins), which the athlete decides to share or not with each
coach or physio."""


def is_symptom_rule(rule: str) -> bool:
    """Whether findings of ``rule`` come from symptom data (its family is a symptom rule's)."""
    return rule.startswith(SYMPTOM_RULE_PREFIXES)


PolicyInput = Policy | Mapping[str, Mapping[str, object]]


def evaluate(
    athlete: AthleteParams,
    flags: Collection[AthleteFlag | str],
    policy: PolicyInput,
    activities: Sequence[SessionInput],
    checkins: Sequence[AnyCheckin],
    start: dt.date,
    end: dt.date,
    *,
    missing_days: Collection[dt.date] = (),
    history_start: dt.date | None = None,
    held_back_from: dt.date | None = None,
    episodes: Sequence[EpisodeRecord] = (),
    confirmed_days: Collection[dt.date] = (),
) -> list[Finding]:
    """All findings dated ``start .. end`` (inclusive), in date order, then rule id, then region.

    ``policy`` is a validated :class:`Policy` or the overrides (DOMAIN §1.5 shape) to validate.
    ``missing_days`` are local days without device data (ignored on a day with a session);
    ``history_start`` an earlier first day of the history than the first activity;
    ``held_back_from`` the first day whose load rules are held back while a source is stale
    (``data.sync_stale``); ``episodes`` what a physio or the athlete recorded about injury
    episodes; ``confirmed_days`` outlier days the athlete confirmed. Bad input raises InputError.

    A suspected rupture withholds the build-up findings while it stands
    (:func:`~service.training.rules.episode_rules.withheld`), before the cooldown, so a withheld
    finding opens no cooldown window.
    """
    if start > end:
        raise InputError("evaluate", "from must not be after to", "from mag niet na to liggen")
    checked = policy if isinstance(policy, Policy) else validate_overrides(policy)
    _check_measures(athlete, checked)
    inputs = build_inputs(
        athlete,
        _flags(flags),
        checked,
        activities,
        checkins,
        end,
        missing_days=missing_days,
        history_start=history_start,
        episodes=episodes,
        confirmed_days=confirmed_days,
    )
    ruptures = episode_rules.ruptures(inputs)

    def kept(findings: list[Finding]) -> list[Finding]:
        return [f for f in findings if not episode_rules.withheld(f, ruptures)]

    volume_findings = apply_cooldown(kept(_held_back(_run(VOLUME_RULES, inputs), held_back_from)))
    others = _run(LOAD_RULES, inputs) + load.acwr_context(inputs, volume_findings)
    symptoms = kept(_run(SYMPTOM_RULES, inputs))
    symptoms += questionnaires.visa_a_change(inputs, symptoms)
    others = kept(_held_back(others, held_back_from)) + symptoms
    findings = apply_cooldown([*volume_findings, *others])
    return [finding for finding in findings if start <= finding.date <= end]


def _run(rules: Sequence[Rule], inputs: RuleInputs) -> list[Finding]:
    return [finding for rule in rules for finding in rule(inputs)]


def _held_back(findings: list[Finding], held_back_from: dt.date | None) -> list[Finding]:
    if held_back_from is None:
        return findings
    return [finding for finding in findings if finding.date < held_back_from]


def _flags(flags: Collection[AthleteFlag | str]) -> frozenset[AthleteFlag]:
    if isinstance(flags, str):
        raise InputError("flags", "must be a list of flags", "moet een lijst met kenmerken zijn")
    try:
        return frozenset(AthleteFlag(flag) for flag in flags)
    except ValueError:
        listed = ", ".join(flag.value for flag in AthleteFlag)
        raise InputError("flags", f"must be among {listed}", f"moeten komen uit {listed}") from None


def _check_measures(athlete: AthleteParams, policy: Policy) -> None:
    """A heart-rate measure needs the athlete's heart-rate profile; say which rule asked for it."""
    for rule, measure in (
        ("load.acwr_context", policy.acwr_context.measure),
        ("load.monotony_strain", policy.monotony_strain.measure),
    ):
        if measure != "trimp":
            continue
        try:
            trimp_profile(athlete)
        except ValueError as error:
            raise PolicyError(
                f"{rule}.measure",
                f"trimp needs the athlete's sex, hr_rest and hr_max ({error})",
                "trimp heeft het geslacht, de rusthartslag en de maximale hartslag nodig",
            ) from None
