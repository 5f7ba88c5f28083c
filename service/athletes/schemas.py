"""Request and response shapes for athletes, profiles and links."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, EmailStr, Field

from service.schemas import Day, Flag, Input

AthleteFlag = Literal[
    "previous_achilles_tendinopathy",
    "achilles_tendinopathy",
    "novice",
    "bmi_over_30",
    "achilles_rupture",
    "fluoroquinolone",
    "corticosteroid",
    "statin",
]
"""Profile flags: an Achilles history, a novice, a BMI over 30, and medicines that raise the risk of
an Achilles rupture (fluoroquinolone antibiotics, corticosteroids, statins; DOMAIN §1.6.5)."""


class ProfileIn(Input):
    sex: Literal["male", "female"] | None = None
    hr_max_bpm: int | None = Field(default=None, ge=100, le=240)
    hr_rest_bpm: int | None = Field(default=None, ge=25, le=120)
    flags: list[AthleteFlag] | None = None
    series_start: Day | None = None


class ProfileOut(BaseModel):
    sex: str | None
    hr_max_bpm: int | None
    hr_rest_bpm: int | None
    flags: list[str]
    series_start: date | None


class PartyOut(BaseModel):
    id: int
    display_name: str
    email: str
    role: str


class LinkOut(BaseModel):
    id: int
    status: str
    share_symptoms: bool
    athlete: PartyOut | None
    staff: PartyOut | None
    invite_email: str | None
    invited_by_id: int
    created_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class InviteStaffIn(Input):
    """An athlete asks a coach or physio (by email) to follow them."""

    email: EmailStr
    share_symptoms: Flag = False


class LinkInviteOut(BaseModel):
    link: LinkOut
    token: str = Field(description="Give this to the athlete; it works once, for 14 days.")
    invite_url: str


class AcceptInviteIn(Input):
    token: str = Field(min_length=10, max_length=200)
    share_symptoms: Flag = False


class LinkUpdateIn(Input):
    share_symptoms: Flag


class AthleteOut(BaseModel):
    id: int
    display_name: str
    email: str
    locale: str
    timezone: str
    share_symptoms: bool | None = Field(
        description="Whether this athlete shares symptom data with you (null for yourself)."
    )


class AthleteDetailOut(AthleteOut):
    profile: ProfileOut
