"""Request and response shapes for accounts. Inputs forbid unknown fields."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, BaseModel, EmailStr, Field, StringConstraints, field_validator

from service.schemas import Input
from service.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, is_common_password

Password = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
Locale = Literal["en", "nl"]
#: Text kept exactly as typed: a password's spaces are part of it.
RawText = Annotated[str, StringConstraints(strip_whitespace=False)]


def _not_common(password: str) -> str:
    if is_common_password(password):
        raise ValueError("this password is too common; choose another")
    return password


#: A password someone chooses: 10 to 256 characters as typed, not one of the much-used ones.
NewPassword = Annotated[RawText, AfterValidator(_not_common)]


def one_line(value: str | None) -> str | None:
    """Names appear in email headers and subjects: no line break or other control character."""
    if value is not None and any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError("may not contain line breaks or other control characters")
    return value


def check_timezone(value: str | None) -> str | None:
    if value is not None and value not in _zones():
        raise ValueError("not an IANA time zone, e.g. Europe/Amsterdam")
    return value


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


class SignupIn(Input):
    email: EmailStr
    password: NewPassword = Password
    role: Literal["athlete", "coach", "physio"] = "athlete"
    display_name: str = Field(default="", max_length=120)
    locale: Locale = "en"
    timezone: str = "Europe/Amsterdam"

    _tz = field_validator("timezone")(check_timezone)
    _name = field_validator("display_name")(one_line)


class LoginIn(Input):
    email: EmailStr
    password: RawText = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class EraseIn(Input):
    """Deleting the account needs the password again, even with a valid session."""

    password: RawText = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class TokenCreateIn(LoginIn):
    name: str = Field(default="api", min_length=1, max_length=80)

    _name = field_validator("name")(one_line)


class PasswordResetIn(Input):
    email: EmailStr


class PasswordResetConfirmIn(Input):
    token: str = Field(min_length=10, max_length=200)
    password: NewPassword = Password


class PasswordChangeIn(Input):
    current_password: RawText = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)
    new_password: NewPassword = Password


class WebSessionOut(BaseModel):
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    current: bool


class SignupOut(BaseModel):
    status: Literal["check_email"] = "check_email"
    detail: str = (
        "If this address can be used, a message is on its way to it: open its link to confirm "
        "the address, then sign in."
    )


class VerifyEmailIn(Input):
    token: str = Field(min_length=10, max_length=500)


class UserOut(BaseModel):
    id: int
    email: str
    email_verified: bool
    role: str
    display_name: str
    locale: str = Field(description="The language of emails, and of the pages once chosen.")
    locale_chosen: bool = Field(
        description="Whether the person chose `locale` (signing up or changing it with it, or "
        "the language switch); until then the pages follow the browser's language."
    )
    timezone: str
    created_at: datetime


class SessionOut(BaseModel):
    user: UserOut
    csrf_token: str


class TokenOut(BaseModel):
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="Shown once; send it as `Authorization: Bearer <token>`.")


class MeUpdateIn(Input):
    display_name: str | None = Field(default=None, max_length=120)
    locale: Locale | None = None
    timezone: str | None = None

    _tz = field_validator("timezone")(check_timezone)
    _name = field_validator("display_name")(one_line)
