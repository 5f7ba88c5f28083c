"""Form inputs of the pages. Unknown fields are refused; values are checked by the API's schemas.

Fields default to empty so that a half-filled form comes back with messages next to its fields
instead of a bare validation error.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class FormIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    csrf_token: str = ""


class SignInForm(FormIn):
    email: str = ""
    password: str = ""
    next: str = ""


class SignUpForm(FormIn):
    email: str = ""
    password: str = ""
    display_name: str = ""
    role: str = "athlete"
    timezone: str = "Europe/Amsterdam"
    locale: str = "en"
    next: str = ""


class ForgotForm(FormIn):
    email: str = ""


class ResetForm(FormIn):
    token: str = ""
    password: str = ""


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
