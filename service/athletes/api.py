"""Routes for signing up, links (consent), the roster and athlete profiles.

Signing up is here rather than with the other account routes because a new coach or physio
account takes over the invitations that waited for its email (``service.sign_up``).
"""

from __future__ import annotations

from fastapi import APIRouter, BackgroundTasks, status
from sqlalchemy.orm import Session

from service.accounts.deps import CurrentAthlete, CurrentStaff, CurrentUser
from service.accounts.schemas import SignupIn, UserOut
from service.athletes import queries, service
from service.athletes.access import VisibleAthlete
from service.athletes.emails import send_staff_invite
from service.athletes.schemas import (
    AcceptInviteIn,
    AthleteDetailOut,
    AthleteOut,
    InviteStaffIn,
    LinkInviteOut,
    LinkOut,
    LinkUpdateIn,
    PartyOut,
    ProfileIn,
    ProfileOut,
)
from service.deps import RowId, SessionDep, SettingsDep
from service.models import AthleteProfile, CoachLink, Role, User

router = APIRouter(tags=["athletes"])
signup_router = APIRouter(tags=["accounts"])


@signup_router.post("/auth/signup", status_code=status.HTTP_201_CREATED)
def sign_up(data: SignupIn, session: SessionDep) -> UserOut:
    user = service.sign_up(session, data)
    return UserOut.model_validate(user, from_attributes=True)


def _party(user: User | None) -> PartyOut | None:
    if user is None:
        return None
    return PartyOut(id=user.id, display_name=user.display_name, email=user.email, role=user.role)


def link_out(session: Session, link: CoachLink) -> LinkOut:
    people = queries.users_by_ids(
        session, {i for i in (link.athlete_id, link.staff_id) if i is not None}
    )
    return LinkOut(
        id=link.id,
        status=link.status,
        share_symptoms=link.share_symptoms,
        athlete=_party(people.get(link.athlete_id or 0)),
        staff=_party(people.get(link.staff_id or 0)),
        invite_email=link.invite_email,
        invited_by_id=link.invited_by_id,
        created_at=link.created_at,
        accepted_at=link.accepted_at,
        revoked_at=link.revoked_at,
    )


@router.post("/links", status_code=status.HTTP_201_CREATED)
def invite_staff(
    data: InviteStaffIn,
    athlete: CurrentAthlete,
    session: SessionDep,
    settings: SettingsDep,
    tasks: BackgroundTasks,
) -> LinkOut:
    """An athlete invites a coach or physio by email; active once they accept."""
    invite = service.invite_staff(session, athlete, str(data.email), data.share_symptoms)
    tasks.add_task(
        send_staff_invite, settings, invite.notify_email, athlete.display_name, athlete.locale
    )
    return link_out(session, invite.link)


@router.post("/links/invite", status_code=status.HTTP_201_CREATED)
def create_invite_link(
    staff: CurrentStaff, session: SessionDep, settings: SettingsDep
) -> LinkInviteOut:
    """A coach or physio makes a single-use invite link to give to an athlete."""
    link, token = service.create_link_invite(session, staff)
    url = f"{settings.base_url.rstrip('/')}/invitations/{token}"
    return LinkInviteOut(link=link_out(session, link), token=token, invite_url=url)


@router.post("/links/accept-invite")
def accept_invite(data: AcceptInviteIn, athlete: CurrentAthlete, session: SessionDep) -> LinkOut:
    link = service.accept_invite_token(session, athlete, data.token, data.share_symptoms)
    return link_out(session, link)


@router.get("/links")
def list_links(user: CurrentUser, session: SessionDep) -> list[LinkOut]:
    return [link_out(session, link) for link in queries.list_links_of(session, user)]


@router.post("/links/{link_id}/accept")
def accept_link(link_id: RowId, staff: CurrentStaff, session: SessionDep) -> LinkOut:
    return link_out(session, service.accept_link(session, staff, link_id))


@router.post("/links/{link_id}/decline")
def decline_link(link_id: RowId, user: CurrentUser, session: SessionDep) -> LinkOut:
    return link_out(session, service.decline_link(session, user, link_id))


@router.post("/links/{link_id}/revoke", status_code=status.HTTP_204_NO_CONTENT)
def revoke_link(link_id: RowId, user: CurrentUser, session: SessionDep) -> None:
    service.revoke_link(session, user, link_id)


@router.patch("/links/{link_id}")
def update_link(
    link_id: RowId, data: LinkUpdateIn, athlete: CurrentAthlete, session: SessionDep
) -> LinkOut:
    return link_out(
        session, service.set_symptom_sharing(session, athlete, link_id, data.share_symptoms)
    )


@router.get("/athletes")
def list_athletes(user: CurrentUser, session: SessionDep) -> list[AthleteOut]:
    """The athletes the caller may see: their own record, or every actively linked athlete."""
    if user.role == Role.ATHLETE:
        return [_athlete_out(user, None)]
    return [
        _athlete_out(a, link.share_symptoms)
        for a, link in queries.list_visible_athletes(session, user.id)
    ]


def _athlete_out(user: User, share: bool | None) -> AthleteOut:
    return AthleteOut(
        id=user.id,
        display_name=user.display_name,
        email=user.email,
        locale=user.locale,
        timezone=user.timezone,
        share_symptoms=share,
    )


def _profile_out(profile: AthleteProfile | None) -> ProfileOut:
    if profile is None:
        return ProfileOut(sex=None, hr_max_bpm=None, hr_rest_bpm=None, flags=[], series_start=None)
    return ProfileOut.model_validate(profile, from_attributes=True)


@router.get("/athletes/{athlete_id}")
def read_athlete(access: VisibleAthlete, session: SessionDep) -> AthleteDetailOut:
    share = None if access.is_self else access.sees_symptoms
    base = _athlete_out(access.athlete, share)
    profile = _profile_out(queries.get_profile(session, access.athlete.id))
    return AthleteDetailOut(**base.model_dump(), profile=profile)


@router.patch("/me/profile")
def update_profile(data: ProfileIn, athlete: CurrentAthlete, session: SessionDep) -> ProfileOut:
    return _profile_out(service.update_profile(session, athlete, data))
