"""Account operations. Callers own the transaction; nothing here commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.accounts import queries
from service.accounts.schemas import MeUpdateIn, SignupIn
from service.accounts.verification import make_token, verify_link
from service.clock import utcnow
from service.config import Settings
from service.errors import Conflict, Forbidden, NotFound, Unauthorized, Unprocessable
from service.models import ApiToken, AthleteProfile, PasswordReset, Role, User, WebSession
from service.security import (
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)

SESSION_LIFETIME = timedelta(days=14)
#: However often it is used, a session ends this long after signing in.
SESSION_MAX_AGE = timedelta(days=30)
#: Signing in once more ends the oldest sessions beyond this many.
MAX_SESSIONS_PER_USER = 10
RESET_LIFETIME = timedelta(hours=1)


@dataclass(frozen=True)
class IssuedSecret:
    """A freshly made secret: the plain value goes to the person once, only its hash is kept."""

    plain: str
    row_id: int


def create_user(
    session: Session,
    *,
    email: str,
    password: str,
    role: Role,
    display_name: str = "",
    locale: str = "en",
    locale_chosen: bool = False,
    timezone: str = "Europe/Amsterdam",
    verified: bool = False,
) -> User:
    """A new account; ``locale_chosen`` says whether the person picked ``locale`` themselves
    (otherwise it is a default, and their pages follow the browser's language); ``verified``
    when its address needs no proof (an operator or the demo made it)."""
    email = email.lower()
    if queries.get_user_by_email(session, email) is not None:
        raise Conflict("email_taken", "an account with this email already exists")
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        display_name=display_name or email.split("@")[0],
        locale=locale,
        locale_chosen=locale_chosen,
        timezone=timezone,
        email_verified_at=utcnow() if verified else None,
    )
    session.add(user)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # a concurrent sign-up won the race
        raise Conflict("email_taken", "an account with this email already exists") from exc
    if role is Role.ATHLETE:
        session.add(AthleteProfile(user_id=user.id, flags=[]))
    return user


@dataclass(frozen=True)
class SignupMail:
    """What a sign-up sends: the verification link to a new account, or to an address that
    already has one a note saying so. The caller answers the same either way."""

    to: str
    name: str
    locale: str
    verify_link: str | None  # None: the address already had an account


def sign_up(
    session: Session, settings: Settings, data: SignupIn, *, locale_chosen: bool
) -> SignupMail:
    """A new, unverified account, or nothing when the address has one already; the same work
    (one password hash) both ways, so neither the answer nor its time tells them apart."""
    email = str(data.email).lower()
    existing = queries.get_user_by_email(session, email)
    if existing is None:
        try:
            user = create_user(
                session,
                email=email,
                password=data.password,
                role=Role(data.role),
                display_name=data.display_name,
                locale=data.locale,
                locale_chosen=locale_chosen,
                timezone=data.timezone,
            )
        except Conflict:  # a concurrent sign-up with the same address won
            existing = queries.get_user_by_email(session, email)
        else:
            link = verify_link(settings, make_token(settings, user))
            return SignupMail(user.email, user.display_name, user.locale, link)
    else:
        hash_password(data.password)
    if existing is None:
        return SignupMail(email, email.split("@")[0], data.locale, None)
    return SignupMail(existing.email, existing.display_name, existing.locale, None)


def verification_mail(settings: Settings, user: User) -> SignupMail:
    """The verification email again, for a signed-in account that has not verified yet."""
    link = verify_link(settings, make_token(settings, user))
    return SignupMail(user.email, user.display_name, user.locale, link)


def choose_locale(user: User, locale: str) -> None:
    """The person chose a language: it wins over the browser's from now on."""
    user.locale = locale
    user.locale_chosen = True


def update_profile(session: Session, user: User, data: MeUpdateIn) -> None:
    for field, value in data.model_dump(exclude_unset=True, exclude_none=True).items():
        if field == "locale":
            choose_locale(user, value)
        else:
            setattr(user, field, value)
    session.flush()


def authenticate(session: Session, email: str, password: str) -> User:
    """The user for these credentials; the same error, after the same work, for any failure."""
    user = queries.get_user_by_email(session, email)
    if user is None or not user.is_active:
        burn_password_check()
        raise Unauthorized("invalid_credentials", "email or password is wrong")
    ok, upgraded = verify_password(password, user.password_hash)
    if not ok:
        raise Unauthorized("invalid_credentials", "email or password is wrong")
    if upgraded is not None:
        user.password_hash = upgraded
    return user


def start_web_session(session: Session, user: User) -> tuple[IssuedSecret, WebSession]:
    plain = new_token("lws")
    now = utcnow()
    row = WebSession(
        user_id=user.id,
        token_hash=token_hash(plain),
        csrf_token=new_token("csrf"),
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
        last_seen_at=now,
    )
    session.add(row)
    session.flush()
    for old in queries.list_web_sessions(session, user.id, now)[MAX_SESSIONS_PER_USER:]:
        session.delete(old)
    return IssuedSecret(plain, row.id), row


def list_web_sessions(session: Session, user: User) -> Sequence[WebSession]:
    return queries.list_web_sessions(session, user.id, utcnow())


def end_other_web_session(session: Session, user: User, session_id: int) -> None:
    if not queries.delete_web_session(session, user.id, session_id):
        raise NotFound("session_not_found")


def end_web_session(session: Session, plain: str) -> None:
    row = queries.get_web_session(session, token_hash(plain), utcnow())
    if row is not None:
        session.delete(row)


def issue_api_token(session: Session, user: User, name: str) -> tuple[IssuedSecret, ApiToken]:
    plain = new_token("lw")
    row = ApiToken(user_id=user.id, name=name, token_hash=token_hash(plain), prefix=plain[:8])
    session.add(row)
    session.flush()
    return IssuedSecret(plain, row.id), row


def revoke_api_token(session: Session, user: User, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        raise NotFound("token_not_found")
    row.revoked_at = utcnow()


def user_for_bearer(session: Session, plain: str) -> User | None:
    row = queries.get_api_token(session, token_hash(plain))
    if row is None:
        return None
    row.last_used_at = utcnow()
    user = queries.get_user(session, row.user_id)
    return user if user is not None and user.is_active else None


def user_for_cookie(session: Session, plain: str) -> tuple[User, WebSession] | None:
    now = utcnow()
    row = queries.get_web_session(session, token_hash(plain), now)
    if row is None:
        return None
    user = queries.get_user(session, row.user_id)
    if user is None or not user.is_active:
        return None
    if now - row.last_seen_at > timedelta(minutes=5):
        row.last_seen_at = now
        row.expires_at = min(now + SESSION_LIFETIME, row.created_at + SESSION_MAX_AGE)
    return user, row


def request_password_reset(session: Session, email: str) -> tuple[User, IssuedSecret] | None:
    """A reset token for this email's account, or None (the caller answers the same either way)."""
    user = queries.get_user_by_email(session, email)
    if user is None or not user.is_active:
        return None
    plain = new_token("reset")
    now = utcnow()
    row = PasswordReset(
        user_id=user.id,
        token_hash=token_hash(plain),
        created_at=now,
        expires_at=now + RESET_LIFETIME,
    )
    session.add(row)
    session.flush()
    return user, IssuedSecret(plain, row.id)


def reset_password(
    session: Session, plain: str, new_password: str, now: datetime | None = None
) -> User:
    now = now or utcnow()
    row = queries.get_password_reset(session, token_hash(plain))
    if row is None or row.used_at is not None or row.expires_at <= now:
        raise Unprocessable("reset_link_invalid", "this reset link is unknown, used or expired")
    user = queries.get_user(session, row.user_id)
    if user is None:
        raise Unprocessable("reset_link_invalid", "this reset link is unknown, used or expired")
    row.used_at = now
    set_password(session, user, new_password, now)
    return user


def set_password(session: Session, user: User, new_password: str, now: datetime) -> None:
    """A new password ends every browser session and API token: whoever held one signs in
    again (a stolen session or token dies with the old password)."""
    user.password_hash = hash_password(new_password)
    queries.delete_web_sessions(session, user.id)
    queries.revoke_api_tokens(session, user.id, now)


def change_password(session: Session, user: User, current: str, new_password: str) -> None:
    ok, _upgraded = verify_password(current, user.password_hash)
    if not ok:
        raise Forbidden("password_wrong", "the current password is wrong")
    set_password(session, user, new_password, utcnow())
