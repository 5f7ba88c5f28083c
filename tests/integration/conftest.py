"""Helpers for tests that talk to the real database directly."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from service.accounts.service import create_user
from service.models import Role, User


@pytest.fixture
def make_user(db_session: Session) -> Any:
    counter = iter(range(1, 10_000))

    def make(role: Role = Role.ATHLETE, timezone: str = "Europe/Amsterdam", **extra: Any) -> User:
        user = create_user(
            db_session,
            email=f"user{next(counter)}@example.com",
            password="a-long-password",
            role=role,
            timezone=timezone,
            **{"verified": True, **extra},
        )
        db_session.flush()
        return user

    return make
