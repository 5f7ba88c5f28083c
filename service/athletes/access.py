"""Whom a caller may see, and how much: the access check of every route about one athlete, and
the one consent rule for findings.

A coach or physio sees an athlete only through an active link, and what comes from symptom data
(check-ins, and the findings of the symptom rules, :func:`service.training.rules.is_symptom_rule`)
only while the athlete shares symptoms on that link. Every place that shows or sends a finding
asks :func:`may_see_finding` or :func:`shows_finding`, or filters its query with
:func:`hidden_rules`: the same rule in the three forms the callers need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from service.accounts.deps import CurrentUser
from service.athletes import queries
from service.audit import record_access
from service.deps import RowId, SessionDep
from service.errors import NotFound
from service.models import CoachLink, Finding, Role, User
from service.training.rules import SYMPTOM_RULE_PREFIXES, is_symptom_rule


@dataclass(frozen=True)
class AthleteAccess:
    """An athlete the caller may see, and how much: symptoms only when shared (or their own)."""

    athlete: User
    viewer: User
    link: CoachLink | None

    @property
    def is_self(self) -> bool:
        return self.link is None

    @property
    def sees_symptoms(self) -> bool:
        return self.link is None or self.link.share_symptoms


def athlete_access(session: Session, viewer: User, athlete_id: int) -> AthleteAccess | None:
    """The one answer to "may ``viewer`` see this athlete": themself, or through an active link;
    None for anyone else, and for an unknown or deactivated athlete."""
    athlete = queries.get_user(session, athlete_id)
    if athlete is None or athlete.role != Role.ATHLETE or not athlete.is_active:
        return None
    if viewer.id == athlete.id:
        return AthleteAccess(athlete, viewer, None)
    link = queries.get_active_link(session, athlete_id=athlete.id, staff_id=viewer.id)
    return None if link is None else AthleteAccess(athlete, viewer, link)


def _visible_athlete(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    athlete_id: RowId,
) -> AthleteAccess:
    """Routes about one athlete: :func:`athlete_access`, else 404; a look by someone else is
    audited."""
    access = athlete_access(session, viewer, athlete_id)
    if access is None:
        raise NotFound("athlete_not_found")
    if not access.is_self:
        record_access(
            session,
            actor_id=viewer.id,
            athlete_id=athlete_id,
            action=request.method.lower(),
            resource=request.url.path,
        )
    return access


VisibleAthlete = Annotated[AthleteAccess, Depends(_visible_athlete)]


def require_symptom_access(access: AthleteAccess) -> None:
    """Check-ins and symptom charts: 404 unless the caller sees the athlete's symptoms."""
    if not access.sees_symptoms:
        raise NotFound("symptoms_not_shared", "this athlete does not share symptom data with you")


def hidden_rules(sees_symptoms: bool) -> tuple[str, ...]:
    """The prefixes of the rule ids a viewer may not see: the symptom rules' unless they see the
    athlete's symptoms, else none (the form a query filters with)."""
    return () if sees_symptoms else SYMPTOM_RULE_PREFIXES


def shows_finding(rule: str, sees_symptoms: bool) -> bool:
    """Whether a viewer of the athlete sees a finding of ``rule``: always, unless it comes from
    symptom data and they do not see the athlete's symptoms."""
    return sees_symptoms or not is_symptom_rule(rule)


def shows_symptom_finding(rule: str, sees_symptoms: bool) -> bool:
    """Whether ``rule`` is one that reads symptom data and the viewer sees it (what a check-in
    found, for instance)."""
    return sees_symptoms and is_symptom_rule(rule)


def may_see_finding(reader_id: int, finding: Finding, link: CoachLink | None) -> bool:
    """Whether ``reader_id`` may see ``finding``: the athlete always; anyone else only through
    their active ``link`` to the athlete (None: no active link), as :func:`shows_finding` says."""
    if reader_id == finding.athlete_id:
        return True
    return link is not None and shows_finding(finding.rule, link.share_symptoms)
