"""Request and response shapes for accounts. Inputs forbid unknown fields."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from typing import Annotated, Any, Literal
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    StrictBool,
    field_validator,
    model_validator,
)

from service.security import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

Password = Field(min_length=MIN_PASSWORD_LENGTH, max_length=MAX_PASSWORD_LENGTH)
Locale = Literal["en", "nl"]


def without_nul(value: Any) -> Any:
    """``value`` unchanged, unless some text in it holds a NUL character: PostgreSQL cannot
    store one, so it is refused with the other field errors (422), not at the database (500)."""
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("text may not contain the NUL character")
    if isinstance(value, dict):
        for key, item in value.items():
            without_nul(key)
            without_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            without_nul(item)
    return value


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


def _iso_day(value: Any) -> Any:
    """Only ``YYYY-MM-DD`` text names a day (pydantic alone reads ``0`` as 1970-01-01)."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DAY.match(value)):
        return value
    raise ValueError("a day as YYYY-MM-DD")


def _plausible_day(value: date) -> date:
    """Days far from now only overflow date arithmetic (a range before year 1)."""
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ValueError(f"a day from {FIRST_DAY} to {LAST_DAY}")
    return value


#: A calendar day in a request: path, query or JSON, ``YYYY-MM-DD`` from 1900 to 2199.
Day = Annotated[date, BeforeValidator(_iso_day), AfterValidator(_plausible_day)]
#: A yes/no in a JSON body: ``true`` or ``false``, not ``0`` or ``"yes"``.
Flag = StrictBool


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        return without_nul(data)


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
