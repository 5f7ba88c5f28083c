"""Form inputs of the pages. Unknown fields are refused; values are checked by the API's schemas.

Fields default to empty so that a half-filled form comes back with messages next to its fields
instead of a bare validation error.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from service.accounts.schemas import RawText
from service.schemas import without_nul


class FormIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    csrf_token: str = ""

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        return without_nul(data)


class SignInForm(FormIn):
    email: str = ""
    password: RawText = ""
    next: str = ""


class SignUpForm(FormIn):
    email: str = ""
    password: RawText = ""
    display_name: str = ""
    role: str = "athlete"
    timezone: str = "Europe/Amsterdam"
    locale: str = "en"
    next: str = ""


class ForgotForm(FormIn):
    email: str = ""


class ResetForm(FormIn):
    token: str = ""
    password: RawText = ""


class PasswordChangeForm(FormIn):
    current: RawText = Field(default="", max_length=256, repr=False)
    new: RawText = Field(default="", max_length=256, repr=False)


class VerifyEmailForm(FormIn):
    token: str = ""


class LanguageForm(FormIn):
    locale: Literal["en", "nl"] = "en"
    next: str = ""


class InviteStaffForm(FormIn):
    email: str = ""
    share_symptoms: bool = False


class LinkActionForm(FormIn):
    action: Literal["accept", "decline", "revoke"]


class AcceptInviteForm(FormIn):
    share_symptoms: bool = False


class SharingForm(FormIn):
    share_symptoms: bool = False


class GarminForm(FormIn):
    """Garmin Connect sign-in: handed to the login task once, sealed, and never stored."""

    email: str = Field(default="", max_length=254)
    password: RawText = Field(default="", max_length=256, repr=False)


class MfaForm(FormIn):
    code: str = Field(default="", max_length=20)


class NotificationsForm(FormIn):
    """Checkboxes arrive only when ticked: a missing one is off."""

    email: bool = False
    push: bool = False
    apprise: bool = False
    min_severity: Literal["info", "caution", "warning", "referral", "urgent"] = "caution"
    quiet_start: str = ""
    quiet_end: str = ""
    weekly_digest: bool = False
    checkin_reminders: bool = False


class AppriseForm(FormIn):
    label: str = Field(default="", max_length=80)
    url: str = Field(default="", max_length=2000, repr=False)


class NoteForm(FormIn):
    """A note as typed; its length is checked by the notes service, with a message on the page."""

    body: str = Field(default="", max_length=4000)
    finding_id: str = Field(default="", max_length=12)
    day: str = Field(default="", max_length=10)


class SnoozeForm(FormIn):
    days: int = Field(default=1, ge=1, le=30)


class PlanForm(FormIn):
    """A planned session as typed: numbers are read with either decimal mark."""

    date: str = Field(default="", max_length=10)
    sport: str = Field(default="running", max_length=32)
    distance_km: str = Field(default="", max_length=12)
    duration_min: str = Field(default="", max_length=12)
    rpe: str = Field(default="", max_length=6)


class DeleteAccountForm(FormIn):
    password: RawText = Field(default="", max_length=256, repr=False)
