"""Request and response shapes for accounts. Inputs forbid unknown fields."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Literal
from zoneinfo import available_timezones

from pydantic import BaseModel, EmailStr, Field, field_validator

from service.schemas import Input
from service.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

Password = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
Locale = Literal["en", "nl"]


def check_timezone(value: str | None) -> str | None:
    if value is not None and value not in _zones():
        raise ValueError("not an IANA time zone, e.g. Europe/Amsterdam")
    return value


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


class SignupIn(Input):
    email: EmailStr
    password: str = Password
    role: Literal["athlete", "coach", "physio"] = "athlete"
    display_name: str = Field(default="", max_length=120)
    locale: Locale = "en"
    timezone: str = "Europe/Amsterdam"

    _tz = field_validator("timezone")(check_timezone)


class LoginIn(Input):
    email: EmailStr
    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class EraseIn(Input):
    """Deleting the account needs the password again, even with a valid session."""

    password: str = Field(min_length=1, max_length=MAX_PASSWORD_LENGTH)


class TokenCreateIn(LoginIn):
    name: str = Field(default="api", min_length=1, max_length=80)


class PasswordResetIn(Input):
    email: EmailStr


class PasswordResetConfirmIn(Input):
    token: str = Field(min_length=10, max_length=200)
    password: str = Password


class UserOut(BaseModel):
    id: int
    email: str
    role: str
    display_name: str
    locale: str
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
