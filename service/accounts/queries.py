"""All SQL of the accounts feature."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.models import ApiToken, PasswordReset, User, WebSession


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.lower()))


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_web_session(session: Session, token_hash: str, now: datetime) -> WebSession | None:
    return session.scalar(
        select(WebSession).where(WebSession.token_hash == token_hash, WebSession.expires_at > now)
    )


def get_api_token(session: Session, token_hash: str) -> ApiToken | None:
    return session.scalar(
        select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    )


def list_api_tokens(session: Session, user_id: int) -> Sequence[ApiToken]:
    return session.scalars(
        select(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .order_by(ApiToken.id)
    ).all()


def get_password_reset(session: Session, token_hash: str) -> PasswordReset | None:
    return session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash).with_for_update()
    )


def delete_web_sessions(session: Session, user_id: int) -> None:
    session.execute(delete(WebSession).where(WebSession.user_id == user_id))


def revoke_api_tokens(session: Session, user_id: int, now: datetime) -> None:
    session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def list_web_sessions(session: Session, user_id: int, now: datetime) -> Sequence[WebSession]:
    """The user's live sessions, newest first."""
    return session.scalars(
        select(WebSession)
        .where(WebSession.user_id == user_id, WebSession.expires_at > now)
        .order_by(WebSession.created_at.desc(), WebSession.id.desc())
    ).all()


def delete_web_session(session: Session, user_id: int, session_id: int) -> int:
    result = session.execute(
        delete(WebSession).where(WebSession.id == session_id, WebSession.user_id == user_id)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def delete_expired(session: Session, now: datetime) -> int:
    sessions = session.execute(delete(WebSession).where(WebSession.expires_at <= now))
    resets = session.execute(delete(PasswordReset).where(PasswordReset.expires_at <= now))
    return sum(int(getattr(result, "rowcount", 0) or 0) for result in (sessions, resets))
