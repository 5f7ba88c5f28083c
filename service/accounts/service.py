"""Account operations. Callers own the transaction; nothing here commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.accounts import queries
from service.accounts.schemas import SignupIn
from service.clock import utcnow
from service.errors import Conflict, NotFound, Unauthorized, Unprocessable
from service.models import ApiToken, AthleteProfile, PasswordReset, Role, User, WebSession
from service.security import (
    burn_password_check,
    hash_password,
    new_token,
    token_hash,
    verify_password,
)

SESSION_LIFETIME = timedelta(days=14)
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
    timezone: str = "Europe/Amsterdam",
) -> User:
    email = email.lower()
    if queries.get_user_by_email(session, email) is not None:
        raise Conflict("email_taken", "an account with this email already exists")
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role.value,
        display_name=display_name or email.split("@")[0],
        locale=locale,
        timezone=timezone,
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


def sign_up(session: Session, data: SignupIn) -> User:
    return create_user(
        session,
        email=str(data.email),
        password=data.password,
        role=Role(data.role),
        display_name=data.display_name,
        locale=data.locale,
        timezone=data.timezone,
    )


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
    return IssuedSecret(plain, row.id), row


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
        row.expires_at = now + SESSION_LIFETIME
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
    user.password_hash = hash_password(new_password)
    queries.delete_web_sessions(session, user.id)
    return user
