"""Consent between athletes and their coaches or physios, and athlete profiles.

Nothing of an athlete is visible to a coach or physio until the link is *active*: the athlete
either invited them (and they accepted) or accepted their invite link. The athlete can revoke a
link at any moment and decides whether symptom data is shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from service.accounts import queries as account_queries
from service.accounts import verification
from service.accounts.verification import require_verified
from service.athletes import queries
from service.athletes.schemas import ProfileIn
from service.audit import record_change
from service.clock import utcnow
from service.config import Settings
from service.errors import Conflict, NotFound, Unprocessable
from service.models import STAFF_ROLES, AthleteProfile, CoachLink, LinkStatus, User
from service.queue import enqueue
from service.security import new_token, token_hash
from service.task_names import TaskName

INVITE_LIFETIME = timedelta(days=14)
SERIES_INPUTS = frozenset({"sex", "hr_max_bpm", "hr_rest_bpm", "series_start"})
HEART_RATE_INPUTS = frozenset({"sex", "hr_max_bpm", "hr_rest_bpm"})


@dataclass(frozen=True)
class StaffInvite:
    link: CoachLink
    notify_email: str  # where to tell the coach or physio about the invitation


def invite_staff(session: Session, athlete: User, email: str, share_symptoms: bool) -> StaffInvite:
    """An invitation bound to ``email``, answered the same whatever account the address has
    (none, an athlete's, an unverified one, a coach's): only a coach or physio who verified the
    address can take it up, and nobody's name or id shows before they accept."""
    require_verified(athlete)
    email = email.lower()
    if email == athlete.email.lower():
        raise Unprocessable("cannot_link_self")
    staff = account_queries.get_user_by_email(session, email)
    eligible = staff is not None and staff.role in STAFF_ROLES and staff.email_verified
    link = queries.get_link_to_address(session, athlete.id, email)
    if link is None and eligible and staff is not None:
        link = queries.get_link_between(session, athlete_id=athlete.id, staff_id=staff.id)
    if link is not None:
        _ensure_reusable(link)
    else:
        link = CoachLink(athlete_id=athlete.id, staff_id=None)
        session.add(link)
    if eligible and staff is not None:
        link.staff_id = staff.id
    link.invite_email = email
    link.invited_by_id = athlete.id
    link.status = LinkStatus.PENDING
    link.share_symptoms = share_symptoms
    link.revoked_at = None
    session.flush()
    return StaffInvite(link, email)


def _ensure_reusable(link: CoachLink) -> None:
    if link.status == LinkStatus.ACTIVE:
        raise Conflict("already_linked", "you are already linked")
    if link.status == LinkStatus.PENDING:
        raise Conflict("already_invited", "an invitation is already waiting")


def create_link_invite(session: Session, staff: User) -> tuple[CoachLink, str]:
    require_verified(staff)
    plain = new_token("inv")
    link = CoachLink(
        staff_id=staff.id,
        invited_by_id=staff.id,
        invite_token_hash=token_hash(plain),
        status=LinkStatus.PENDING,
        expires_at=utcnow() + INVITE_LIFETIME,
    )
    session.add(link)
    session.flush()
    return link, plain


def accept_invite_token(session: Session, athlete: User, plain: str, share: bool) -> CoachLink:
    require_verified(athlete)
    invite = queries.get_link_by_token(session, token_hash(plain))
    now = utcnow()
    if (
        invite is None
        or invite.status != LinkStatus.PENDING
        or invite.athlete_id is not None
        or (invite.expires_at is not None and invite.expires_at <= now)
        or invite.staff_id is None
    ):
        raise NotFound("invite_not_found", "this invitation is unknown, used or expired")
    existing = queries.get_link_between(session, athlete_id=athlete.id, staff_id=invite.staff_id)
    if existing is not None and existing.status == LinkStatus.ACTIVE:
        raise Conflict("already_linked", "you are already linked")
    link = existing or invite
    if existing is not None:
        session.delete(invite)
    link.athlete_id = athlete.id
    link.invite_token_hash = None
    _activate(link, share)
    session.flush()
    return link


def _activate(link: CoachLink, share: bool) -> None:
    link.status = LinkStatus.ACTIVE
    link.share_symptoms = share
    link.accepted_at = utcnow()
    link.revoked_at = None
    link.expires_at = None


def accept_link(session: Session, staff: User, link_id: int) -> CoachLink:
    require_verified(staff)
    link = queries.get_link(session, link_id)
    if (
        link is None
        or link.staff_id != staff.id
        or link.status != LinkStatus.PENDING
        or link.invited_by_id == staff.id
        or (link.invite_email is not None and link.invite_email != staff.email.lower())
    ):
        raise NotFound("link_not_found")
    _activate(link, link.share_symptoms)
    return link


def decline_link(session: Session, user: User, link_id: int) -> CoachLink:
    link = _party_link(session, user, link_id)
    if link.status != LinkStatus.PENDING:
        raise Conflict("link_not_pending", "only a waiting invitation can be declined")
    if link.invited_by_id == user.id:
        raise Conflict("link_invited_by_you", "withdraw your own invitation (revoke) instead")
    link.status = LinkStatus.DECLINED
    link.invite_token_hash = None
    return link


def revoke_link(session: Session, user: User, link_id: int) -> None:
    """Either side may end a link; it takes effect for the very next request."""
    link = _party_link(session, user, link_id)
    if link.athlete_id is None or link.staff_id is None:
        session.delete(link)  # an invitation nobody took up yet: withdrawing it removes it
        return
    if link.status not in (LinkStatus.REVOKED, LinkStatus.DECLINED):
        link.status = LinkStatus.REVOKED
        link.revoked_at = utcnow()
        link.invite_token_hash = None


def set_symptom_sharing(session: Session, athlete: User, link_id: int, share: bool) -> CoachLink:
    link = queries.get_link(session, link_id)
    if link is None or link.athlete_id != athlete.id:
        raise NotFound("link_not_found")
    link.share_symptoms = share
    return link


def _party_link(session: Session, user: User, link_id: int) -> CoachLink:
    link = queries.get_link(session, link_id)
    if link is None or user.id not in (link.athlete_id, link.staff_id, link.invited_by_id):
        raise NotFound("link_not_found")
    return link


def verify_email(session: Session, settings: Settings, token: str) -> User:
    """Confirm an address with the token from its email; a coach or physio account then takes
    over the invitations that waited for the address (only now: before, anyone could have typed
    it in)."""
    user = verification.verify_email(session, settings, token)
    claim_email_invites(session, user)
    return user


def claim_email_invites(session: Session, staff: User) -> int:
    """Attach invitations that waited for this email to the coach or physio account that has
    just proved the address is theirs."""
    if staff.role not in STAFF_ROLES or not staff.email_verified:
        return 0
    claimed = 0
    for link in queries.list_email_invites(session, staff.email):
        if link.athlete_id is not None and queries.get_link_between(
            session, athlete_id=link.athlete_id, staff_id=staff.id
        ):
            continue
        link.staff_id = staff.id
        claimed += 1
    session.flush()
    return claimed


def update_profile(
    session: Session, athlete: User, data: ProfileIn, by: User | None = None
) -> AthleteProfile:
    """Change the athlete's profile; ``by``: a linked coach or physio entering the sex and heart
    rates for them (default: the athlete). Who entered those is kept, and a change by someone
    else is audited."""
    by = by or athlete
    profile = queries.get_profile(session, athlete.id)
    if profile is None:
        profile = AthleteProfile(user_id=athlete.id, flags=[])
        session.add(profile)
    changes = data.model_dump(exclude_unset=True)
    if "flags" in changes:
        changes["flags"] = sorted(set(changes["flags"] or []))
    changed = {field for field, value in changes.items() if getattr(profile, field) != value}
    for field in changed:
        setattr(profile, field, changes[field])
    _check_heart_rates(profile)
    if changed & HEART_RATE_INPUTS:
        profile.heart_rates_by_id, profile.heart_rates_at = by.id, utcnow()
        if by.id != athlete.id:
            record_change(
                session,
                actor_id=by.id,
                athlete_id=athlete.id,
                action="profile_change",
                resource=f"/athletes/{athlete.id}/heart-rates",
            )
    session.flush()
    if changed & SERIES_INPUTS:  # TRIMP and the series' first day depend on these
        enqueue(
            session,
            TaskName.METRICS_RECOMPUTE,
            athlete_id=athlete.id,
            from_date=date.min.isoformat(),
        )
    elif changed:
        enqueue(session, TaskName.FINDINGS_EVALUATE, athlete_id=athlete.id)
    return profile


def _check_heart_rates(profile: AthleteProfile) -> None:
    max_bpm, rest_bpm = profile.hr_max_bpm, profile.hr_rest_bpm
    if max_bpm is not None and rest_bpm is not None and rest_bpm >= max_bpm:
        raise Unprocessable("hr_rest_not_below_max", "resting heart rate must be below maximum")
