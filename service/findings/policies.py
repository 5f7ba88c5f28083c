"""Per-athlete advice policy: read it, change it (linked staff, by role), and its history.

Overrides are stored in the DOMAIN §1.5 shape, keeping only values that differ from the default.
Each parameter names the roles that may change it (DOMAIN §9): a coach cannot move a physio's
pain ceiling, nobody but an administrator the sync timer. Every change is logged with who and
when, and schedules ``findings.evaluate`` after commit.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from service.athletes.access import AthleteAccess
from service.errors import Forbidden, NotFound, refused
from service.findings import queries
from service.models import AthletePolicy, PolicyChange
from service.queue import enqueue
from service.task_names import TaskName
from service.training.input_errors import InputError, PolicyError
from service.training.measures import AthleteParams
from service.training.policy import (
    DEFAULT_POLICY,
    RULE_SECTIONS,
    Policy,
    param_specs,
    validate_overrides,
)
from service.training.rules import evaluate

log = logging.getLogger(__name__)

Overrides = dict[str, dict[str, Any]]


def _value(policy: Policy, rule: str, name: str) -> Any:
    return getattr(getattr(policy, RULE_SECTIONS[rule]), name)


def overrides_of(policy: Policy) -> Overrides:
    """The parameters of ``policy`` that differ from the defaults, rule id → name → value."""
    found: Overrides = {}
    for rule in RULE_SECTIONS:
        for name in param_specs(rule):
            value = _value(policy, rule, name)
            if value != _value(DEFAULT_POLICY, rule, name):
                found.setdefault(rule, {})[name] = value
    return found


def policy_from_stored(overrides: Mapping[str, Any]) -> Policy:
    """The policy of stored overrides. A rule whose stored values no longer validate (a range
    narrowed since) falls back to its defaults, with a warning, rather than stopping the rules."""
    kept: dict[str, Any] = {}
    for rule, changes in overrides.items():
        try:
            validate_overrides({**kept, rule: changes})
        except PolicyError as error:
            log.warning("policy.stored_override_ignored", extra={"field": error.field})
            continue
        kept[rule] = changes
    return validate_overrides(kept)


def athlete_policy(session: Session, athlete_id: int) -> Policy:
    row = queries.get_policy_row(session, athlete_id)
    return DEFAULT_POLICY if row is None else policy_from_stored(row.overrides)


def changes_between(old: Policy, new: Policy) -> list[dict[str, Any]]:
    """Every parameter whose value differs: ``{"rule", "name", "old", "new"}``."""
    return [
        {"rule": rule, "name": name, "old": before, "new": after}
        for rule in RULE_SECTIONS
        for name in param_specs(rule)
        if (before := _value(old, rule, name)) != (after := _value(new, rule, name))
    ]


def _check_roles(role: str, changes: list[dict[str, Any]]) -> None:
    for change in changes:
        spec = param_specs(change["rule"])[change["name"]]
        allowed = sorted(r.value for r in spec.changed_by)
        if role not in allowed:
            raise Forbidden(
                "policy_change_not_allowed",
                f"{change['rule']}.{change['name']} may be changed by: {', '.join(allowed)}",
            )


def _validated(overrides: object, athlete: AthleteParams) -> Policy:
    """The policy of ``overrides``, refused (422) when invalid or when the athlete's profile
    cannot serve it: ``evaluate`` on no data makes exactly the checks it makes before any run
    (a heart-rate measure needs sex, resting and maximal heart rate)."""
    try:
        policy = validate_overrides(overrides)
        evaluate(athlete, (), policy, (), (), date.min, date.min)
    except InputError as error:
        raise refused(error, "invalid_policy") from None
    return policy


def update_policy(
    session: Session, access: AthleteAccess, overrides: object, athlete: AthleteParams
) -> Policy:
    """Replace the athlete's overrides with ``overrides`` (a linked coach or physio only).

    Values equal to the current ones change nothing and are not logged.
    """
    if access.is_self:
        raise Forbidden("staff_only", "only a linked coach or physiotherapist changes the policy")
    if queries.lock_athlete(session, access.athlete.id) is None:
        raise NotFound("athlete_not_found")
    new = _validated(overrides, athlete)
    old = athlete_policy(session, access.athlete.id)
    changes = changes_between(old, new)
    _check_roles(access.viewer.role, changes)
    if not changes:
        return old
    row = queries.get_policy_row(session, access.athlete.id)
    if row is None:
        row = AthletePolicy(athlete_id=access.athlete.id)
        session.add(row)
    row.overrides = overrides_of(new)
    row.updated_by_id = access.viewer.id
    session.add(
        PolicyChange(
            athlete_id=access.athlete.id,
            changed_by_id=access.viewer.id,
            changed_by_role=access.viewer.role,
            changes=changes,
        )
    )
    session.flush()
    enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=access.athlete.id)
    return new
